"""Files a teacher shares or edits by hand: crash-safe writes and guarded text reads, with French messages.

Spirale writes into synced folders (Nextcloud, ENT, USB key) that colleagues read at the same time: a file is
either the old one or the new one, never half of each. Files read back may come from any editor or spreadsheet:
huge, binary or non-UTF-8 files are refused with a message naming the file (and the line for encodings).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import SpiraleError
from .text import french_number

PARTIAL_MARK = ".partiel."  # in every temp name: `.titre.partiel.x1y2z3.pdf` (the batch runner sweeps them up)
MIB = 1024 * 1024

_UMASK = os.umask(0)
os.umask(_UMASK)


class FileProblem(SpiraleError):
    """A file cannot be read or written; callers with their own error type re-raise `reason`, `file`, `line`."""

    def __init__(self, reason: str, file: str = "", line: int | None = None, column: int | None = None):
        self.reason, self.file, self.line, self.column = reason, file, line, column
        where = ", ".join(p for p in (f"fichier « {file} »" if file else "", self.position) if p)
        super().__init__(f"{where} : {reason}" if where else reason)

    @property
    def position(self) -> str:
        """« ligne 3, colonne 7 » (or just the line, or nothing)."""
        if not self.line:
            return ""
        return f"ligne {self.line}" + (f", colonne {self.column}" if self.column else "")

    def reason_at(self) -> str:
        """The reason followed by its position, for errors that name the file themselves."""
        return f"{self.reason} ({self.position})" if self.line else self.reason


# --- writing ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temp path beside `path`; when the block succeeds it becomes `path` in one rename.

    On any exception the temp file is removed and `path` is left as it was; an OSError (folder missing or
    read-only, disk full…) becomes a FileProblem naming the file, other exceptions pass through unchanged.
    """
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem[:40]}{PARTIAL_MARK}", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        os.chmod(name, 0o666 & ~_UMASK)  # mkstemp makes 0600: colleagues sharing the folder must read it too
    except OSError as exc:
        raise FileProblem(
            f"écriture impossible dans le dossier « {path.parent} » ({exc.strerror or exc}) : "
            "existe-t-il, est-il protégé en écriture ? Rien n'a été écrit.",
            str(path),
        ) from None
    tmp = Path(name)
    try:
        yield tmp
        _fsync(tmp, os.O_RDONLY)
        os.replace(tmp, path)
    except OSError as exc:
        raise FileProblem(
            f"écriture impossible ({exc.strerror or exc}) : le disque est-il plein ou protégé en "
            "écriture ? Le fichier précédent est resté intact.",
            str(path),
        ) from None
    finally:
        tmp.unlink(missing_ok=True)  # already gone once renamed
    if os.name == "posix":  # make the rename itself durable (Windows has no directory handles)
        with contextlib.suppress(OSError):
            _fsync(path.parent, os.O_RDONLY)


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8, `\\n` line ends) so that readers see the old file or the new one, never half."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


# --- reading ---------------------------------------------------------------------------------------------


def read_text_file(path: str | Path, max_bytes: int) -> str:
    """The text of a hand-edited file (UTF-8, BOM allowed); FileProblem if too large, binary or not UTF-8."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            # Read one byte past the limit: a file growing meanwhile, or a device, cannot make us read more.
            raw = handle.read(max_bytes + 1) if size <= max_bytes else b""
    except FileNotFoundError:
        raise FileProblem("fichier introuvable", path.name) from None
    except OSError as exc:
        raise FileProblem(f"lecture impossible ({exc.strerror or exc})", path.name) from None
    if size > max_bytes or len(raw) > max_bytes:
        raise FileProblem(too_big(max(size, len(raw)), max_bytes), path.name)
    return decode_text(raw, path.name)


def too_big(size: int, max_bytes: int) -> str:
    """« fichier trop volumineux (1,5 Mio, maximum 1 Mio) »: the one wording of every size limit."""
    shown, limit = french_number(size / MIB), french_number(max_bytes / MIB)
    return f"fichier trop volumineux ({'plus de ' if shown == limit else ''}{shown} Mio, maximum {limit} Mio)"


def decode_text(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise FileProblem("fichier binaire : un fichier texte (UTF-8) est attendu", name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            "encodage invalide : le fichier doit être enregistré en UTF-8 (pas en Windows-1252/Latin-1)",
            name,
            raw[: exc.start].count(b"\n") + 1,
        ) from None
