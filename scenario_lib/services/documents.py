"""Documents of the bank: fetched with the type a flow expects, saved against their revision, exported in
the formats their type declares, conflict copies settled; level labels as the referential words them."""

from __future__ import annotations

from pathlib import Path

from ..doctypes import DOCUMENT_TYPES, document_type
from ..document import Document, document_label
from ..errors import SpiraleError
from ..render.formats import format_choices

# how a sentence names the type expected (« … pas un scénario »); other types by their label
_EXPECTED = {
    "scenario": "un scénario",
    "progression": "une progression",
    "cointervention": "un plan de co-intervention",
    "projet": "un plan de projet",
}


def get_document(bank, doc_id: str, *doc_types: str) -> Document:
    """`bank.get(doc_id)`, refused in French when it is not of one of `doc_types` (any type when none given)."""
    doc = bank.get(doc_id)
    if doc_types and doc.doc_type not in doc_types:
        expected = " ni ".join(_EXPECTED.get(t, f"« {document_label(t)} »") for t in doc_types)
        raise SpiraleError(f"« {doc_id} » est un document de type « {document_label(doc.doc_type)} », pas {expected}")
    return doc


def get_documents(bank, ids, *doc_types: str) -> list[Document]:
    return [get_document(bank, doc_id, *doc_types) for doc_id in ids]


def save_document(bank, doc: Document, fingerprint: str | None = None) -> Document:
    """Saved as the next revision of the one it was read at; someone else's save meanwhile, or a hand edit of
    the file since it was read (`fingerprint` from `Bank.read`), raises `ConflictError` (the bank keeps the
    refused version as a conflict copy, the caller keeps what was typed)."""
    return bank.save(doc, expected_revision=doc.revision, expected_fingerprint=fingerprint)


def saved_message(doc: Document) -> str:
    return f"« {doc.title} » enregistré dans la banque (révision {doc.revision})."


def refused_message(error: Exception) -> str:
    return f"Enregistrement refusé : {error}"


def formats_of(doc_type: str) -> tuple[str, ...]:
    return document_type(doc_type).formats


def common_formats() -> tuple[str, ...]:
    """The formats every registered type offers: what a batch of mixed documents can be rendered in."""
    kinds = [t.formats for t in DOCUMENT_TYPES.values()]
    return tuple(fmt for fmt in kinds[0] if all(fmt in k for k in kinds)) if kinds else ()


def all_formats() -> tuple[str, ...]:
    """Every format some registered type offers, in registry order (the command line's choices)."""
    return tuple(dict.fromkeys(fmt for t in DOCUMENT_TYPES.values() for fmt in t.formats))


def export_choices(doc_type: str | None = None) -> list[tuple[str, str]]:
    """Menu entries of the export formats of `doc_type` (of every type of a batch when None)."""
    return format_choices(formats_of(doc_type) if doc_type else common_formats())


def export_document(doc: Document, fmt: str, where: str | Path, template: str = "fiche", **context) -> Path:
    """Written as `fmt` into `where` (a folder, or a file name); a format its type does not declare is refused."""
    from ..render.export import export

    name = fmt.lower().lstrip(".")
    formats = formats_of(doc.doc_type)
    if name not in formats:
        raise SpiraleError(
            f"un document de type « {document_label(doc.doc_type)} » ne s'exporte pas en « {fmt} » "
            f"(formats possibles : {', '.join(formats)})"
        )
    return Path(export(doc, name, where, template=template, **context))


def keep_other_version(bank, doc_id: str, copy) -> Document:
    """A conflict settled in favour of the other version: it becomes the next revision, the copy goes to the
    trash (the replaced version stays in the history)."""
    from ..bank.loading import load_file

    other = load_file(copy.path)
    saved = bank.save(other, expected_revision=bank.entry(doc_id).revision)
    bank.resolve(copy)
    return saved


def level_label(ref, code: str) -> str:
    """The referential's own word for a level (« Première », « Formation »); an unknown code as it is."""
    return ref.level_info(code).label if code and ref.has("niveau", code) else code


def entry_level_label(entry) -> str:
    """The level of a bank entry as its own referential words it (the code when that referential is unknown)."""
    from ..referential import load_referential

    if not entry.level or not entry.referential:
        return entry.level
    try:
        return level_label(load_referential(entry.referential), entry.level)
    except SpiraleError:  # a colleague's referential not installed here: the code still says it
        return entry.level


def level_choices(ref) -> list[tuple[str, str]]:
    return [(level.label, level.code) for level in ref.levels]


def unsaved_drafts(bank) -> list:
    """Drafts of documents never saved (a proposal edited, then the page closed): the bank tab lists them."""
    from ..bank import Drafts

    saved = {e.id for e in bank.list()}
    return [d for d in Drafts(bank.folder).all() if d.doc_id not in saved]
