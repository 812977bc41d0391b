"""Rendering and export: Jinja templates → standalone HTML → PDF, DOCX, ODT, Markdown; XLSX for grids.

Public API: `render_html(doc, template="fiche", **context)`, `export(doc, fmt, path, template=..., **context)`,
`export_many(docs, fmt, folder, ...)`, `FORMATS`. Adding a document family: see `templates/README.md`.
"""

from .export import FORMATS, export, export_many
from .html import render_html

__all__ = ["FORMATS", "export", "export_many", "render_html"]
