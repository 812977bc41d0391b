"""Errors carry a French message meant for a teacher: never a traceback, always what is wrong and where."""


class SpiraleError(Exception):
    """Base of every error Spirale shows to a teacher; `str(err)` is the French message."""


class ReferentialError(SpiraleError):
    """A referential folder is broken: names the file, the line and the field."""

    def __init__(self, reason: str, file: str = "", line: int | None = None, field: str = ""):
        self.reason, self.file, self.line, self.field = reason, file, line, field
        where = [
            part
            for part in (
                f"fichier « {file} »" if file else "",
                f"ligne {line}" if line else "",
                f"champ « {field} »" if field else "",
            )
            if part
        ]
        super().__init__((", ".join(where) + " : " if where else "") + reason)


class UnknownCodeError(SpiraleError, KeyError):
    """A competence, block or task code that the referential does not define."""

    def __init__(self, code: str, kind: str = "code", referential: str = ""):
        self.code, self.kind = code, kind
        suffix = f" dans le référentiel « {referential} »" if referential else ""
        SpiraleError.__init__(self, f"{kind} inconnu : « {code} »{suffix}")

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return self.args[0]
