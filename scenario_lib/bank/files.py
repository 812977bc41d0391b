"""Disk primitives of the bank: readable file names, YAML, an inter-process lock, guarded reads.

A bank lives in a synced folder (Nextcloud, ENT, USB key) that several people and processes touch: a write
must never leave half a document behind, and two saves must never interleave.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from filelock import FileLock, Timeout

from ..errors import SpiraleError
from ..files import MIB, PARTIAL_MARK, FileProblem, decode_text, read_text_file, too_big
from ..text import french_number, safe_filename
from ..yamlfiles import parse_yaml

MAX_FILE_BYTES = MIB  # one limit for writing and reading: what the bank writes it can read back
SUFFIX = ".yaml"
LOCK_NAME = ".verrou"
LOCK_TIMEOUT_SECONDS = 15.0
STALE_PARTIAL_SECONDS = 600.0  # a save writes 1 Mio in well under a second: older temp files are leftovers


class DocumentNotFoundError(SpiraleError, KeyError):
    def __init__(self, doc_id: str, where: str = "dans la banque"):
        self.doc_id = doc_id
        SpiraleError.__init__(self, f"aucun document d'identifiant « {doc_id} » {where}")

    def __str__(self) -> str:
        return self.args[0]


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


if TYPE_CHECKING:
    _SafeDumper = yaml.SafeDumper
else:
    _SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when available: 10× faster


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
    """Stable key order (the model's field order) so diffs between revisions stay small and readable.

    What the bank writes it must read back: a document over MAX_FILE_BYTES is refused here, before any write.
    """
    text = HEADER + dump_yaml(doc.model_dump(mode="json"))
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise BankFileError(
            f"« {doc.title[:80]} » : document trop volumineux pour la banque "
            f"({french_number(size / MIB)} Mio une fois enregistré, maximum "
            f"{french_number(MAX_FILE_BYTES / MIB)} Mio) : raccourcissez des textes ou retirez des "
            "éléments. Rien n'a été enregistré."
        )
    return text


def fingerprint(text: str) -> str:
    """What a file held when it was read: a hand edit changes it even when nobody bumps `revision`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def document_fingerprint(doc) -> str:  # noqa: ANN001 - any Document
    """The fingerprint of the file the bank writes for `doc` (no need to read it back)."""
    return fingerprint(to_yaml(doc))


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = LOCK_TIMEOUT_SECONDS):
    """Exclusive lock between processes, held by the operating system (filelock).

    The kernel releases it when the holder dies, even by `kill -9`: a crash never leaves the bank « occupée ».
    While it is held no other Spirale writes, so temp files left in the folder by a crashed save are removed.
    """
    lock = FileLock(folder / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise BankFileError(
            "la banque est occupée par un autre enregistrement ; réessayez dans un instant", str(folder)
        ) from None
    except OSError as exc:  # read-only share, locked USB key, folder removed meanwhile, `.verrou` a link
        raise BankFileError(
            f"écriture impossible dans la banque ({exc.strerror or exc}) : le dossier est-il "
            "protégé en écriture ? Rien n'a été modifié.",
            str(folder),
        ) from None
    try:
        sweep_partials(folder)
        yield
    finally:
        lock.release()


def is_partial(name: str) -> bool:
    """A temp file of `atomic_output` (`.titre.partiel.x1y2.yaml`): never a document, never listed."""
    return name.startswith(".") and PARTIAL_MARK in name and name.endswith(SUFFIX)


def sweep_partials(folder: Path, older_than: float = 0.0) -> None:
    """Remove temp files a crashed save left behind; `older_than` seconds when we do not hold the lock."""
    limit = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if is_partial(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime <= limit:
                        os.unlink(entry.path)


# --- reading ---------------------------------------------------------------------------------------------


def read_yaml(path: Path, display: str | None = None) -> dict:
    """Read one document file with every guard a hand-edited or synced file needs; raise BankFileError in French."""
    return read_yaml_text(path, display)[0]


def read_yaml_text(path: Path, display: str | None = None) -> tuple[dict, str]:
    """The file's data and its text (read once: its fingerprint is the fingerprint of what was parsed)."""
    name = display or path.name
    with _as_bank_error(name):
        text = read_text_file(path, MAX_FILE_BYTES)
    return parse_yaml_text(text, name), text


def parse_yaml_bytes(raw: bytes, name: str) -> dict:
    """A zip member's bytes (size already checked)."""
    if len(raw) > MAX_FILE_BYTES:
        raise BankFileError(too_big(len(raw), MAX_FILE_BYTES), name)
    with _as_bank_error(name):
        text = decode_text(raw, name)
    return parse_yaml_text(text, name)


@contextlib.contextmanager
def _as_bank_error(name: str):
    try:
        yield
    except FileProblem as exc:
        raise BankFileError(exc.reason_at(), name) from None


def parse_yaml_text(text: str, name: str) -> dict:
    if not text.strip():
        raise BankFileError("fichier vide", name)
    with _as_bank_error(name):
        data = parse_yaml(text, name)
    if not isinstance(data, dict):
        raise BankFileError("un dictionnaire « clé: valeur » est attendu au premier niveau", name)
    return data


_STAMP = re.compile(r"[:]")


def timestamp() -> str:
    """Local time usable in a file name on every system (no colon)."""
    return _STAMP.sub("-", time.strftime("%Y-%m-%dT%H:%M:%S"))
