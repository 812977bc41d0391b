"""Zip export and import: how a binôme hands documents to another school, or sends them by e-mail.

Import never overwrites a different document that has the same id unless told to: by default it refuses and
names every collision, and imports nothing.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..document import Document, new_id
from ..errors import SpiraleError
from ..files import atomic_output
from .conflicts import diff_documents, is_conflict_copy
from .files import MAX_FILE_BYTES, document_filename, folder_lock, to_yaml
from .loading import Problem, load_bytes, problems_of
from .store import Bank, DocumentNotFoundError

ON_CONFLICT = ("refuser", "copie", "remplacer")
MAX_MEMBERS = 5000


class ImportCollisionError(SpiraleError):
    """The archive holds documents whose id already names a different document in the bank."""

    def __init__(self, collisions: list[tuple[str, str, str]]):
        self.collisions = collisions
        names = " ; ".join(f"« {mine} » (identifiant {doc_id}, « {theirs} » dans l'archive)"
                           for doc_id, mine, theirs in collisions)
        super().__init__(f"{len(collisions)} document(s) de l'archive ont le même identifiant qu'un document "
                         f"différent de la banque : {names}. Rien n'a été importé. Choisissez « copie » pour garder "
                         "les deux, ou « remplacer » (la version actuelle restera dans l'historique).")


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.added)} ajouté(s)", f"{len(self.replaced)} remplacé(s)",
                 f"{len(self.copied)} importé(s) comme copie", f"{len(self.unchanged)} déjà présent(s)"]
        text = ", ".join(parts)
        if self.problems:
            text += f" ; {len(self.problems)} problème(s) :\n" + "\n".join(f"  - {p}" for p in self.problems)
        return text


def export_zip(bank: Bank, path: Path, ids: list[str] | None = None) -> int:
    """Write the chosen documents (all by default) in the current schema; returns how many."""
    current, _ = bank._scan()
    ids = list(dict.fromkeys(ids)) if ids else ids  # the same id named twice is exported once
    missing = [i for i in ids or () if i not in current]
    if missing:
        raise DocumentNotFoundError(missing[0])
    docs = [current[i].doc for i in ids] if ids else [current[e.id].doc for e in bank.list()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpiraleError(f"export impossible vers « {path} » : {exc.strerror or exc}") from None
    with atomic_output(path) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for doc in docs:
            archive.writestr(document_filename(doc.title, doc.id), to_yaml(doc))
    return len(docs)


def _read_members(path: Path, report: ImportReport) -> list[Document]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise SpiraleError(f"archive introuvable : « {path} »") from None
    except (zipfile.BadZipFile, OSError):
        raise SpiraleError(f"« {path.name} » n'est pas une archive zip lisible") from None
    docs: dict[str, Document] = {}
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise SpiraleError(f"archive trop grande : {len(members)} fichiers (maximum {MAX_MEMBERS})")
        for member in members:
            name = PurePosixPath(member.filename)
            if ".." in name.parts or name.is_absolute():
                report.problems.append(Problem(member.filename, "", "chemin suspect dans l'archive : fichier ignoré"))
                continue
            if (name.suffix.lower() not in {".yaml", ".yml"} or any(p.startswith((".", "__MACOSX")) for p in name.parts)
                    or is_conflict_copy(Path(name.name))):
                continue
            if member.file_size > MAX_FILE_BYTES:
                report.problems.append(Problem(member.filename, "", "fichier trop volumineux (maximum 1 Mio)"))
                continue
            with archive.open(member) as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)  # the header may lie about the size
            try:
                if len(raw) > MAX_FILE_BYTES:
                    raise SpiraleError("fichier trop volumineux (maximum 1 Mio)")
                doc = load_bytes(raw, member.filename)
            except SpiraleError as exc:
                report.problems.extend(problems_of(exc, member.filename))
                continue
            if doc.id in docs:
                report.problems.append(Problem(member.filename, "identifiant",
                                               f"« {doc.id} » figure deux fois dans l'archive : fichier ignoré"))
                continue
            docs[doc.id] = doc
    return list(docs.values())


def import_zip(bank: Bank, path: Path, on_conflict: str = "refuser") -> ImportReport:
    """Add the archive's documents; `on_conflict` says what to do with an id taken by a different document."""
    if on_conflict not in ON_CONFLICT:
        raise SpiraleError(f"choix inconnu en cas de conflit : « {on_conflict} » (attendu : {', '.join(ON_CONFLICT)})")
    report = ImportReport()
    incoming = _read_members(path, report)
    with folder_lock(bank.folder):
        current, _ = bank._scan()
        collisions = [(d.id, current[d.id].doc.title, d.title) for d in incoming
                      if d.id in current and diff_documents(current[d.id].doc, d)]
        if collisions and on_conflict == "refuser":
            raise ImportCollisionError(collisions)
        for doc in incoming:
            mine = current.get(doc.id)
            if mine is None:
                bank._store(doc, None)
                report.added.append(doc.title)
            elif not diff_documents(mine.doc, doc):
                report.unchanged.append(doc.title)
            elif on_conflict == "remplacer":
                # Monotonic revision, so an atelier still editing the old one gets a conflict, not a silent loss.
                revision = max(mine.entry.revision, doc.revision) + 1
                bank._store(doc.model_copy(update={"revision": revision}), mine)
                report.replaced.append(doc.title)
            else:
                copy = doc.model_copy(update={"id": new_id(), "revision": 1,
                                              "title": f"{doc.title} (importé)"[:300]})
                bank._store(copy, None)
                report.copied.append(copy.title)
    return report
