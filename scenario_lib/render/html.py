"""Standalone HTML (one file, CSS inlined): the single source every other format is produced from."""

from __future__ import annotations

from ..doctypes import document_type
from ..document import Document, document_label
from .environment import get_template

DEFAULT_TEMPLATE = "fiche"


def render_context(doc: Document, **context) -> dict:
    """What every template receives; `context` overrides (établissement, classe, date, eleves…)."""
    ref = None
    referential = getattr(doc, "referential", None)
    if referential:
        from ..referential import load_referential

        ref = load_referential(referential)
    updated = getattr(doc, "updated", None)
    values = {
        "doc": doc,
        "ref": ref,
        "doc_label": document_label(doc.doc_type),
        "etablissement": "",
        "classe": "",
        "date": updated.astimezone().date() if updated else None,
        "eleves": [],
    }
    values.update(document_type(doc.doc_type).context(doc, ref))
    values.update(context)
    return values


def render_html(doc: Document, template: str = DEFAULT_TEMPLATE, **context) -> str:
    """`templates/<doc_type>/<template>.html.j2` rendered as a print-ready page."""
    return get_template(doc.doc_type, template).render(render_context(doc, **context))
