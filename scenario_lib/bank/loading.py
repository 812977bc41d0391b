"""From a file (or zip member) to a validated document, or to French problems naming file, field and reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..document import Document, Referentials, document_class, parse_document
from ..errors import SpiraleError
from ..validation import InvalidDocumentError
from .files import BankFileError, fingerprint, located, parse_yaml_bytes, read_yaml, read_yaml_text
from .migrations import guess_doc_type, migrate


@dataclass(frozen=True)
class Problem:
    """A file of the bank that could not be loaded; it is skipped, the rest of the bank loads."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return located(self.reason, self.file, self.field)


def parse_data(data: dict, name: str, referentials: Referentials | None = None) -> Document:
    """Migrate then validate plain data; BankFileError or InvalidDocumentError (French) otherwise.

    `referentials`: the referentials already loaded by the caller (a bank listing shares one for all files).
    """
    doc_type = guess_doc_type(data)
    try:
        document_class(doc_type)
    except SpiraleError as exc:
        raise BankFileError(str(exc), name, "type de document") from None
    except ImportError:
        raise BankFileError(
            f"le type de document « {doc_type} » n'est pas disponible dans cette version de Spirale",
            name,
            "type de document",
        ) from None
    try:
        data = migrate(data)
    except SpiraleError as exc:
        raise BankFileError(str(exc), name, "version du schéma") from None
    return parse_document(data, referentials=referentials)


def load_file(path: Path, name: str | None = None, referentials: Referentials | None = None) -> Document:
    name = name or path.name
    return parse_data(read_yaml(path, name), name, referentials)


def read_document(
    path: Path, name: str | None = None, referentials: Referentials | None = None
) -> tuple[Document, str]:
    """The document and the fingerprint of the file's content as it was read (see `Bank.read`)."""
    name = name or path.name
    data, text = read_yaml_text(path, name)
    return parse_data(data, name, referentials), fingerprint(text)


def load_bytes(raw: bytes, name: str, referentials: Referentials | None = None) -> Document:
    return parse_data(parse_yaml_bytes(raw, name), name, referentials)


def problems_of(exc: SpiraleError, name: str) -> list[Problem]:
    if isinstance(exc, InvalidDocumentError):
        return [Problem(name, field, reason) for field, reason in exc.problems]
    if isinstance(exc, BankFileError):
        return [Problem(name, exc.field, exc.reason)]
    return [Problem(name, "", str(exc))]
