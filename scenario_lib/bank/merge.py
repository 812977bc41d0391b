"""Field-by-field merge of two versions of a document: for each field that differs, keep one side or the other.

A field is a leaf of the document's nested mappings (« entreprise › nom ») or a whole list (« tâches »): a list
is taken as a whole so that a merged document is always one both authors could have written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Document, parse_document
from ..validation import field_label
from .conflicts import _walk

# Identity and bookkeeping: never offered as a choice, always the bank's.
_FIXED = {"doc_type", "schema_version", "id", "revision", "updated"}


@dataclass(frozen=True)
class FieldDifference:
    """One field whose value differs between the bank's version and the other one."""

    path: tuple
    label: str
    bank: object
    other: object
    details: tuple[str, ...]  # French lines, as in `diff_documents`, for lists and long values


_MISSING = object()


def _leaves(a: object, b: object, path: tuple, out: list[FieldDifference]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if path == () and key in _FIXED:
                continue
            _leaves(a.get(key, _MISSING), b.get(key, _MISSING), (*path, key), out)
        return
    bank, other = (None if v is _MISSING else v for v in (a, b))
    details: list[str] = []
    if isinstance(bank, (list, dict)) or isinstance(other, (list, dict)):
        _walk(bank, other, path, details)
    out.append(FieldDifference(path, field_label(path), bank, other, tuple(details)))


def field_differences(bank: Document, other: Document) -> list[FieldDifference]:
    """The fields a teacher chooses between, in the document's own order."""
    out: list[FieldDifference] = []
    _leaves(bank.model_dump(mode="json"), other.model_dump(mode="json"), (), out)
    return out


def merge_documents(bank: Document, other: Document, take_other: set[tuple] | frozenset = frozenset()) -> Document:
    """The bank's version with the fields named in `take_other` (paths of `field_differences`) from `other`.

    Validated as a whole: a combination the model refuses raises InvalidDocumentError (French), nothing saved.
    """
    data = bank.model_dump(mode="json")
    theirs = other.model_dump(mode="json")
    for path in take_other:
        if not path or path[0] in _FIXED:
            continue
        value, found = theirs, True
        for key in path:
            if isinstance(value, dict) and key in value:
                value = value[key]
            else:
                found = False
                break
        target = data
        for key in path[:-1]:
            target = target.setdefault(key, {})
        if found:
            target[path[-1]] = value
        else:
            target.pop(path[-1], None)
    return parse_document(data)
