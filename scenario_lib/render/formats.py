"""The export formats as people see them: a short name for menus and the MIME type of a download.

Which formats a document offers is its type's business (`doctypes.DocumentType.formats`); what each one is
called and how a browser receives it is said here, once.
"""

from __future__ import annotations

from collections.abc import Iterable

NAMES = {"pdf": "PDF", "odt": "ODT (LibreOffice)", "docx": "DOCX (Word)", "html": "HTML", "md": "Markdown",
         "xlsx": "XLSX (tableur)"}
MIME = {"pdf": "application/pdf", "odt": "application/vnd.oasis.opendocument.text",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html", "md": "text/markdown",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip"}


def format_choices(formats: Iterable[str]) -> list[tuple[str, str]]:
    """(menu label, format) pairs, in the order given."""
    return [(NAMES.get(fmt, fmt.upper()), fmt) for fmt in formats]


def mime_type(suffix: str) -> str | None:
    """The MIME type of a file suffix (« .pdf » or « pdf »); None when Spirale does not write that kind."""
    return MIME.get(suffix.lower().lstrip("."))
