"""Disk primitives of the bank: readable file names, YAML, an inter-process lock, guarded reads.

A bank lives in a synced folder (Nextcloud, ENT, USB key) that several people and processes touch: a write
must never leave half a document behind, and two saves must never interleave.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

import yaml

from ..errors import SpiraleError
from ..files import FileProblem, decode_text, read_text_file
from ..text import safe_filename
from ..yamlerrors import yaml_message

MAX_FILE_BYTES = 1024 * 1024
SUFFIX = ".yaml"
LOCK_NAME = ".verrou"
STALE_LOCK_SECONDS = 60.0
LOCK_TIMEOUT_SECONDS = 15.0


class BankFileError(SpiraleError):
    """A file of the bank cannot be read or written; names the file and, when known, the field."""

    def __init__(self, reason: str, file: str = "", field: str = ""):
        self.reason, self.file, self.field = reason, file, field
        super().__init__(located(reason, file, field))


def located(reason: str, file: str = "", field: str = "") -> str:
    """« fichier « x.yaml », champ « niveau » : reason »: how every bank problem is shown to a teacher."""
    where = ", ".join(p for p in (f"fichier « {file} »" if file else "", f"champ « {field} »" if field else "") if p)
    return f"{where} : {reason}" if where else reason


def document_filename(title: str, doc_id: str) -> str:
    """`titre-lisible--id.yaml`: readable in a file manager, unique through the id, valid on Windows."""
    return f"{safe_filename(title, max_length=60)}--{doc_id}{SUFFIX}"


# --- writing ---------------------------------------------------------------------------------------------


_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when available: 10× faster
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_SafeDumper):
    """Multi-line texts as `|` blocks so a teacher can edit them by hand."""


def _str_representer(dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value[:1].isspace() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


HEADER = "# Document Spirale, modifiable à la main (gardez les noms des clés) ; anciennes révisions : .revisions/\n"


def to_yaml(doc) -> str:  # noqa: ANN001 - any Document
    """Stable key order (the model's field order) so diffs between revisions stay small and readable."""
    return HEADER + dump_yaml(doc.model_dump(mode="json"))


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = LOCK_TIMEOUT_SECONDS):
    """Exclusive lock between processes through an O_EXCL lock file (works on network and synced folders).

    A lock older than STALE_LOCK_SECONDS is left over by a crashed process and is broken.
    """
    lock = folder / LOCK_NAME
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            with contextlib.suppress(FileNotFoundError):
                if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                    lock.unlink()
                    continue
            if time.monotonic() > deadline:
                raise BankFileError("la banque est occupée par un autre enregistrement ; réessayez dans un instant "
                                    f"(ou supprimez « {LOCK_NAME} » si aucun autre Spirale n'est ouvert)",
                                    str(folder)) from None
            time.sleep(0.01)
        except OSError as exc:  # read-only share, locked USB key, folder removed meanwhile
            raise BankFileError(f"écriture impossible dans la banque ({exc.strerror or exc}) : le dossier est-il "
                                "protégé en écriture ? Rien n'a été modifié.", str(folder)) from None
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


# --- reading ---------------------------------------------------------------------------------------------


def _refuse_aliases(text: str) -> None:
    """A hand-made file must not expand into gigabytes (« billion laughs »): YAML aliases are refused."""
    if "*" not in text:
        return
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "les alias YAML (*nom) ne sont pas acceptés", event.start_mark)


def read_yaml(path: Path, display: str | None = None) -> dict:
    """Read one document file with every guard a hand-edited or synced file needs; raise BankFileError in French."""
    name = display or path.name
    with _as_bank_error(name):
        text = read_text_file(path, MAX_FILE_BYTES)
    return parse_yaml_text(text, name)


def parse_yaml_bytes(raw: bytes, name: str) -> dict:
    """A zip member's bytes (size already checked)."""
    with _as_bank_error(name):
        text = decode_text(raw, name)
    return parse_yaml_text(text, name)


@contextlib.contextmanager
def _as_bank_error(name: str):
    try:
        yield
    except FileProblem as exc:
        raise BankFileError(exc.reason, name) from None


def parse_yaml_text(text: str, name: str) -> dict:
    if not text.strip():
        raise BankFileError("fichier vide", name)
    try:
        _refuse_aliases(text)
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise BankFileError(yaml_message(exc), name) from None
    if not isinstance(data, dict):
        raise BankFileError("un dictionnaire « clé: valeur » est attendu au premier niveau", name)
    return data


_STAMP = re.compile(r"[:]")


def timestamp() -> str:
    """Local time usable in a file name on every system (no colon)."""
    return _STAMP.sub("-", time.strftime("%Y-%m-%dT%H:%M:%S"))
