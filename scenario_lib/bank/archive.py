"""Zip export and import: how a binôme hands documents to another school, or sends them by e-mail.

Import never overwrites a different document that has the same id unless told to: by default it refuses and
names every collision, and imports nothing.
"""

from __future__ import annotations

import contextlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from ..document import Document, Referentials, new_id
from ..errors import SpiraleError
from ..files import MIB, atomic_output, too_big
from ..text import french_number
from .conflicts import diff_documents, is_conflict_copy
from .files import MAX_FILE_BYTES, DocumentNotFoundError, document_filename, folder_lock, to_yaml
from .loading import Problem, load_bytes, problems_of


class Bank(Protocol):
    """What the archive needs of `store.Bank` (which calls these functions): no import back to the store."""

    folder: Path

    def _scan(self) -> tuple[dict[str, Any], dict[str, Any]]: ...

    def _store(self, doc: Document, current: Any) -> Document: ...

    def list(self) -> Any: ...


ON_CONFLICT = ("refuser", "copie", "remplacer")
MAX_MEMBERS = 5000
MAX_ARCHIVE_BYTES = 64 * MIB  # all documents together, uncompressed: a bank of 500 documents is about 5 Mio


class ImportCollisionError(SpiraleError):
    """The archive holds documents whose id already names a different document in the bank."""

    def __init__(self, collisions: list[tuple[str, str, str]]):
        self.collisions = collisions
        names = " ; ".join(
            f"« {mine} » (identifiant {doc_id}, « {theirs} » dans l'archive)" for doc_id, mine, theirs in collisions
        )
        super().__init__(
            f"{len(collisions)} document(s) de l'archive ont le même identifiant qu'un document "
            f"différent de la banque : {names}. Rien n'a été importé. Choisissez « copie » pour garder "
            "les deux, ou « remplacer » (la version actuelle restera dans l'historique)."
        )


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} ajouté(s)",
            f"{len(self.replaced)} remplacé(s)",
            f"{len(self.copied)} importé(s) comme copie",
            f"{len(self.unchanged)} déjà présent(s)",
        ]
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


def _refused(path: Path, reason: str) -> SpiraleError:
    return SpiraleError(f"archive « {path.name} » refusée : {reason}. Rien n'a été importé.")


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise SpiraleError(f"archive introuvable : « {path} »") from None
    except IsADirectoryError:
        raise SpiraleError(f"« {path} » est un dossier, pas une archive zip") from None
    except Exception:  # noqa: BLE001 - BadZipFile, OSError, EOFError, ValueError… from a truncated or forged file
        raise SpiraleError(
            f"« {path.name} » n'est pas une archive zip lisible (fichier abîmé ou d'un autre "
            "type). Rien n'a été importé."
        ) from None


def _wanted(member: zipfile.ZipInfo, report: ImportReport) -> bool:
    """Document members only; a path trying to leave the folder is reported, system files are skipped."""
    name = PurePosixPath(member.filename.replace("\\", "/"))  # some Windows tools write « dossier\doc.yaml »
    if ".." in name.parts or name.is_absolute() or (name.parts and ":" in name.parts[0]):
        report.problems.append(Problem(member.filename, "", "chemin suspect dans l'archive : fichier ignoré"))
        return False
    if (
        name.suffix.lower() not in {".yaml", ".yml"}
        or any(p.startswith((".", "__MACOSX")) for p in name.parts)
        or is_conflict_copy(Path(name.name))
    ):
        return False
    if member.file_size > MAX_FILE_BYTES:
        report.problems.append(Problem(member.filename, "", too_big(member.file_size, MAX_FILE_BYTES)))
        return False
    return True


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path, budget: int) -> bytes:
    """The member's bytes, at most MAX_FILE_BYTES + 1 and never beyond what is left of the archive's budget."""
    if member.flag_bits & 0x1:
        raise _refused(path, f"« {member.filename} » est protégé par un mot de passe (non pris en charge)")
    try:
        with archive.open(member) as handle:
            return handle.read(min(MAX_FILE_BYTES, budget) + 1)  # the header may lie about the size
    except Exception:  # noqa: BLE001 - bad CRC, broken deflate data (zlib.error), unknown method, truncation…
        raise _refused(
            path,
            f"le fichier « {member.filename} » est abîmé dans l'archive (données illisibles "
            "ou somme de contrôle fausse)",
        ) from None


def _read_members(path: Path, report: ImportReport) -> list[Document]:
    """Every document of the archive, fully read and checked before the bank is touched.

    The budget (number of files, declared sizes, then the bytes really decompressed) is checked first, so a
    « zip bomb » is refused in milliseconds; a damaged archive refuses the whole import.
    """
    docs: dict[str, Document] = {}
    with _open_archive(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _refused(path, f"{len(infos)} fichiers (maximum {MAX_MEMBERS})")
        members = [m for m in infos if m.filename and not m.is_dir() and _wanted(m, report)]  # '' : a damaged entry
        declared = sum(m.file_size for m in members)
        if declared > MAX_ARCHIVE_BYTES:
            raise _refused(
                path,
                f"{french_number(declared / MIB)} Mio une fois décompressée "
                f"(maximum {french_number(MAX_ARCHIVE_BYTES / MIB)} Mio)",
            )
        budget = MAX_ARCHIVE_BYTES
        referentials = Referentials()
        for member in members:
            raw = _extract(archive, member, path, budget)
            budget -= len(raw)
            if budget < 0:
                raise _refused(path, f"plus de {french_number(MAX_ARCHIVE_BYTES / MIB)} Mio une fois décompressée")
            try:
                doc = load_bytes(raw, member.filename, referentials)
            except SpiraleError as exc:
                report.problems.extend(problems_of(exc, member.filename))
                continue
            except Exception:  # noqa: BLE001 - one odd member is its own problem, never the whole import's
                report.problems.append(Problem(member.filename, "", "fichier illisible (contenu inattendu)"))
                continue
            if doc.id in docs:
                report.problems.append(
                    Problem(
                        member.filename, "identifiant", f"« {doc.id} » figure deux fois dans l'archive : fichier ignoré"
                    )
                )
                continue
            docs[doc.id] = doc
    return list(docs.values())


def import_zip(bank: Bank, path: Path, on_conflict: str = "refuser") -> ImportReport:
    """Add the archive's documents; `on_conflict` says what to do with an id taken by a different document.

    All or nothing: the archive is read and every document checked (including its size once written) before
    the first write, and a write failing midway (disk full) undoes the writes already made.
    """
    if on_conflict not in ON_CONFLICT:
        raise SpiraleError(f"choix inconnu en cas de conflit : « {on_conflict} » (attendu : {', '.join(ON_CONFLICT)})")
    report = ImportReport()
    incoming = _read_members(path, report)
    with folder_lock(bank.folder):
        current, _ = bank._scan()
        collisions = [
            (d.id, current[d.id].doc.title, d.title)
            for d in incoming
            if d.id in current and diff_documents(current[d.id].doc, d)
        ]
        if collisions and on_conflict == "refuser":
            raise ImportCollisionError(collisions)
        plan: list[tuple[Document, Any, list[str]]] = []  # (document to store, current or None, report list)
        for doc in incoming:
            mine = current.get(doc.id)
            if mine is None:
                plan.append((doc, None, report.added))
            elif not diff_documents(mine.doc, doc):
                report.unchanged.append(doc.title)
            elif on_conflict == "remplacer":
                # Monotonic revision, so an atelier still editing the old one gets a conflict, not a silent loss.
                revision = max(mine.entry.revision, doc.revision) + 1
                plan.append((doc.model_copy(update={"revision": revision}), mine, report.replaced))
            else:
                copy = doc.model_copy(update={"id": new_id(), "revision": 1, "title": f"{doc.title} (importé)"[:300]})
                plan.append((copy, None, report.copied))
        for doc, _, _ in plan:
            to_yaml(doc)  # too big to be read back → refused now, before any write
        done: list[tuple[Path, Path | None, bytes | None]] = []  # (written file, replaced file, its old bytes)
        try:
            for doc, mine, names in plan:
                old = (mine.entry.path, mine.entry.path.read_bytes()) if mine is not None else (None, None)
                bank._store(doc, mine)
                done.append((bank.folder / document_filename(doc.title, doc.id), *old))
                names.append(doc.title)
        except BaseException:
            _undo(done)
            raise
    return report


def _undo(done: list[tuple[Path, Path | None, bytes | None]]) -> None:
    """Put the bank back as it was before the import (revisions kept meanwhile are harmless extras)."""
    for written, replaced, old in reversed(done):
        with contextlib.suppress(OSError):
            written.unlink(missing_ok=True)
            if replaced is not None and old is not None:
                _write_bytes(replaced, old)


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
