"""Autosaved drafts: what a teacher typed but did not save yet survives a reload, a closed tab or a crash.

One file per open document in `<bank>/.brouillons/<id>.yaml` (a hidden folder: never listed as a document, never
exported), written atomically. It holds plain data, not a validated document: a form half-filled (an empty
title) is still worth keeping. It also records the revision and the file fingerprint the editor started from,
so that saving a resumed draft over a document changed meanwhile is a conflict, not a silent overwrite.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..document import ID_PATTERN, Document, parse_document
from ..errors import SpiraleError
from ..files import atomic_write
from .files import BankFileError, dump_yaml, read_yaml

DRAFTS = ".brouillons"
_HEADER = (
    "# Brouillon Spirale enregistré automatiquement : modifications pas encore enregistrées dans la banque.\n"
    "# L'atelier propose de le reprendre à la réouverture du document ; il disparaît à l'enregistrement.\n"
)


@dataclass(frozen=True)
class Draft:
    doc_id: str
    data: dict  # the form's content, possibly incomplete
    revision: int  # the revision the edit started from
    fingerprint: str  # the file's fingerprint then ("" for a document never saved)
    saved_at: datetime  # local time
    path: Path

    @property
    def doc_type(self) -> str:
        return str(self.data.get("doc_type") or "")

    @property
    def title(self) -> str:
        return str(self.data.get("title") or "(sans titre)")

    def document(self) -> Document:
        """The draft as a document; InvalidDocumentError (French) when it is still incomplete."""
        return parse_document(self.data)

    def when(self) -> str:
        """« 12/03/2026 à 10:42 »"""
        return self.saved_at.strftime("%d/%m/%Y à %H:%M")


class Drafts:
    """The drafts of one bank folder."""

    def __init__(self, bank_folder: str | os.PathLike):
        self.folder = Path(bank_folder) / DRAFTS

    def _path(self, doc_id: str) -> Path:
        if not re.fullmatch(ID_PATTERN, doc_id):  # an id is a file name here: no « ../ » through it
            raise BankFileError(f"identifiant de brouillon invalide « {doc_id} »")
        return self.folder / f"{doc_id}.yaml"

    def write(self, data: dict, revision: int = 0, fingerprint: str = "") -> Path:
        """Keep `data` (a document's fields, as typed) as the draft of its document; replaces the previous one."""
        data = json.loads(json.dumps(data, default=str))  # plain YAML types only (form values may be enums)
        path = self._path(str(data.get("id", "")))
        self.folder.mkdir(exist_ok=True)
        meta = {
            "document": data["id"],
            "revision": int(revision),
            "empreinte": fingerprint or "",
            "enregistre_le": datetime.now().replace(microsecond=0).isoformat(),
        }
        atomic_write(path, _HEADER + dump_yaml({"brouillon": meta, "contenu": data}))
        return path

    def get(self, doc_id: str) -> Draft | None:
        """The draft of `doc_id`, or None (also for an unreadable draft: it never blocks opening the document)."""
        path = self._path(doc_id)
        if not path.is_file():
            return None
        try:
            raw = read_yaml(path, f"{DRAFTS}/{path.name}")
            meta, data = raw["brouillon"], raw["contenu"]
            return Draft(
                doc_id,
                dict(data),
                int(meta.get("revision", 0)),
                str(meta.get("empreinte") or ""),
                datetime.fromisoformat(str(meta["enregistre_le"])),
                path,
            )
        except (BankFileError, KeyError, TypeError, ValueError, AttributeError):
            return None

    def offer(self, doc: Document) -> Draft | None:
        """The draft worth offering when `doc` is opened: one that differs from it (an identical one is removed)."""
        draft = self.get(doc.id)
        if draft is None:
            return None
        if _same(draft.data, doc.model_dump(mode="json")):
            self.discard(doc.id)
            return None
        return draft

    def all(self) -> list[Draft]:
        """Every readable draft, most recent first (documents never saved have one too)."""
        if not self.folder.is_dir():
            return []
        found = [self.get(p.stem) for p in self.folder.glob("*.yaml") if re.fullmatch(ID_PATTERN, p.stem)]
        return sorted((d for d in found if d), key=lambda d: d.saved_at, reverse=True)

    def discard(self, doc_id: str) -> None:
        with contextlib.suppress(OSError):
            self._path(doc_id).unlink(missing_ok=True)


_VOLATILE = {"revision", "updated"}


def _same(a: dict, b: dict) -> bool:
    """Same content, whatever the bookkeeping (a draft taken just before a save differs only by them)."""
    try:
        a, b = (parse_document(x).model_dump(mode="json") for x in (a, b))
    except SpiraleError:  # an incomplete draft is never « the same » as a valid document
        return False
    return {k: v for k, v in a.items() if k not in _VOLATILE} == {k: v for k, v in b.items() if k not in _VOLATILE}
