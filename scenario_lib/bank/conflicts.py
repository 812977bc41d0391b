"""Conflict copies (a refused save is kept beside the document, never lost) and a readable French diff."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..validation import field_label
from .files import SUFFIX, timestamp

CONFLICT_MARK = ".conflit-"
# Keys that change at every save: not a difference a teacher cares about.
_IGNORED = {"revision", "updated"}


def is_conflict_copy(path: Path) -> bool:
    return CONFLICT_MARK in path.name


def conflict_path(document_path: Path) -> Path:
    """`titre--id.conflit-2026-11-23T10-12-00.yaml` beside the document; never reuses an existing name."""
    base = document_path.name.removesuffix(SUFFIX) + CONFLICT_MARK + timestamp()
    candidate, n = document_path.with_name(base + SUFFIX), 2
    while candidate.exists():
        candidate, n = document_path.with_name(f"{base}-{n}{SUFFIX}"), n + 1
    return candidate


def _show(value: object) -> str:
    if isinstance(value, dict) and isinstance(value.get("title"), str):
        value = value["title"]
    if value in ("", None, [], {}):
        return "(vide)"
    if isinstance(value, str):
        short = value if len(value) <= 80 else value[:77] + "…"
        return f"« {short} »"
    if isinstance(value, (dict, list)):
        return f"({len(value)} élément(s))"
    return str(value)


def _walk(a: object, b: object, loc: tuple, out: list[str]) -> None:
    if a == b:
        return
    label = field_label(loc) or "document"
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if loc == () and key in _IGNORED:
                continue
            if key not in a:
                out.append(f"{field_label(loc + (key,))} : ajouté {_show(b[key])}")
            elif key not in b:
                out.append(f"{field_label(loc + (key,))} : supprimé (était {_show(a[key])})")
            else:
                _walk(a[key], b[key], loc + (key,), out)
    elif isinstance(a, list) and isinstance(b, list) and all(not isinstance(v, (dict, list)) for v in a + b):
        removed = [v for v in a if v not in b]
        added = [v for v in b if v not in a]
        parts = [
            f"ajouté {', '.join(map(_show, added))}" if added else "",
            f"retiré {', '.join(map(_show, removed))}" if removed else "",
        ]
        parts = [p for p in parts if p] or ["ordre modifié"]
        out.append(f"{label} : {' ; '.join(parts)}")
    elif isinstance(a, list) and isinstance(b, list):
        for i in range(max(len(a), len(b))):
            if i >= len(a):
                out.append(f"{field_label(loc + (i,))} : ajouté {_show(b[i])}")
            elif i >= len(b):
                out.append(f"{field_label(loc + (i,))} : supprimé")
            else:
                _walk(a[i], b[i], loc + (i,), out)
    else:
        out.append(f"{label} : {_show(a)} → {_show(b)}")


def diff_documents(a: Document | dict, b: Document | dict) -> list[str]:
    """One French line per changed field, e.g. « tâches › n° 2 › durée (h) : 2.0 → 3.0 »; empty when equal."""
    data_a = a.model_dump(mode="json") if isinstance(a, Document) else a
    data_b = b.model_dump(mode="json") if isinstance(b, Document) else b
    out: list[str] = []
    _walk(data_a, data_b, (), out)
    return out
