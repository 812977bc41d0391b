"""The export formats as people see them: a short name for menus and the MIME type of a download.

Which formats a document offers is its type's business (`doctypes.DocumentType.formats`); what each one is
called and how a browser receives it is said here, once.
"""

from __future__ import annotations

from collections.abc import Iterable

NAMES = {  # the one wording of every format menu in the atelier, in menu order
    "pdf": "PDF (impression A4)",
    "odt": "ODT (LibreOffice Writer, modifiable)",
    "docx": "DOCX (Word, modifiable)",
    "html": "HTML (page web autonome)",
    "md": "Markdown (texte)",
    "xlsx": "XLSX (tableur)",
}
MIME = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def format_choices(formats: Iterable[str] = tuple(NAMES)) -> list[tuple[str, str]]:
    """(menu label, format) pairs: every tab names the formats the same way, in the same order."""
    wanted = set(formats)
    return [(label, fmt) for fmt, label in NAMES.items() if fmt in wanted]


def mime_type(suffix: str) -> str | None:
    """The MIME type of a file suffix (« .pdf » or « pdf »); None when Spirale does not write that kind."""
    return MIME.get(suffix.lower().lstrip("."))
