"""The bank: a folder of YAML documents shared by a binôme, where nothing is ever corrupted or silently lost.

Layout of a bank folder:

    titre-lisible--<id>.yaml                    one file per document (current revision)
    titre-lisible--<id>.conflit-<date>.yaml     a save refused because someone else saved first
    .revisions/<id>/r00003.yaml                 every previous revision
    .corbeille/<date>--titre--<id>.yaml         deleted documents, recoverable with `restore`
    .verrou                                     OS lock (filelock) while a process writes; never blocks after a crash

Saves use optimistic concurrency: a document remembers the revision it was read at, and an editor may also
pass the fingerprint of the file's content as it read it (`read`); saving when the file on disk has moved on
(another revision, or the same revision edited by hand) raises ConflictError and keeps the refused version as
a conflict copy, to be merged field by field (`merge`).
"""

from __future__ import annotations

import builtins
import os
import re
import stat
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ..document import ID_PATTERN, Document, Referentials, new_id, now, parse_document
from ..errors import SpiraleError
from ..files import atomic_write
from ..text import fold
from .conflicts import conflict_path, diff_documents, is_conflict_copy
from .files import (
    STALE_PARTIAL_SECONDS,
    BankFileError,
    DocumentNotFoundError,
    document_filename,
    folder_lock,
    is_partial,
    sweep_partials,
    timestamp,
    to_yaml,
)
from .loading import Problem, load_file, problems_of, read_document

REVISIONS = ".revisions"
TRASH = ".corbeille"
MAX_REVISIONS = 50
_EXTENSIONS = {".yaml", ".yml"}


class ConflictError(SpiraleError):
    """Someone else saved the document meanwhile; the refused version is kept at `copy`."""

    def __init__(self, message: str, copy: Path, disk_revision: int, expected_revision: int):
        self.copy, self.disk_revision, self.expected_revision = copy, disk_revision, expected_revision
        super().__init__(message)


@dataclass(frozen=True)
class Entry:
    """What a listing shows of a document, without handing out the document itself."""

    id: str
    doc_type: str
    title: str
    level: str
    blocks: tuple[str, ...]
    competences: tuple[str, ...]
    context: str
    authors: tuple[str, ...]
    revision: int
    updated: datetime
    path: Path
    referential: str = ""

    @classmethod
    def of(cls, doc: Document, path: Path) -> Entry:
        facets = doc.facets()
        return cls(
            id=doc.id,
            doc_type=doc.doc_type,
            title=doc.title,
            level=facets.get("level", ""),
            blocks=tuple(facets.get("blocks", ())),
            competences=tuple(facets.get("competences", ())),
            context=facets.get("context", ""),
            authors=tuple(doc.authors),
            revision=doc.revision,
            updated=doc.updated,
            path=path,
            referential=facets.get("referential", ""),
        )

    def to_json(self) -> dict:
        data = asdict(self)
        data.update(
            updated=self.updated.isoformat(),
            path=str(self.path),
            blocks=list(self.blocks),
            competences=list(self.competences),
            authors=list(self.authors),
        )
        return data


@dataclass
class _Loaded:
    doc: Document
    entry: Entry
    fingerprint: str = ""
    _folded: str | None = field(default=None, repr=False)

    @property
    def folded(self) -> str:
        """Accent-free full text, computed on the first text search only (it is the slow part of a listing)."""
        if self._folded is None:
            self._folded = fold(self.doc.search_text())
        return self._folded


def _keep_aside(path: Path) -> None:
    """A file we could not read (hand-edited, broken) sits on the name we need: move it aside, never overwrite."""
    if path.exists():
        os.replace(path, conflict_path(path))


def _document_files(folder: Path) -> list[Path]:
    """Candidate document files of a folder, sorted by name (hidden files and sub-folders are not documents).

    Links are listed too, so that they are reported (and refused) rather than silently followed.
    """
    with os.scandir(folder) as entries:
        names, partials = [], False
        for e in entries:
            if e.name.startswith("."):
                partials = partials or is_partial(e.name)
            elif os.path.splitext(e.name)[1].lower() in _EXTENSIONS and (e.is_symlink() or e.is_file()):
                names.append(e.name)
    if partials:  # left by a crashed save; recent ones may belong to a save in progress
        sweep_partials(folder, older_than=STALE_PARTIAL_SECONDS)
    return [folder / name for name in sorted(names)]


LINK_REFUSED = (
    "lien symbolique refusé : la banque ne lit ni n'écrit à travers un lien ; "
    "remplacez-le par le fichier ou le dossier lui-même"
)


def _real_folder(bank_folder: Path, *parts: str, create: bool = False) -> Path:
    """`bank_folder/parts…`, refusing any link on the way: a link there would send files outside the bank."""
    path = bank_folder
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise BankFileError(LINK_REFUSED, "/".join(path.relative_to(bank_folder).parts))
        if create and not path.exists():
            try:
                path.mkdir()
            except FileExistsError:  # created meanwhile: checked again just below
                pass
            except OSError as exc:
                raise BankFileError(f"dossier impossible à créer ({exc.strerror or exc})", str(path)) from None
            if path.is_symlink():
                raise BankFileError(LINK_REFUSED, "/".join(path.relative_to(bank_folder).parts))
    return path


_TRASH_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})--(?:\d+--)?")


def deleted_at(entry: Entry) -> datetime | None:
    """When a trash entry was deleted (its file name starts with the date), local time."""
    found = _TRASH_STAMP.match(entry.path.name)
    return datetime.strptime(found.group(1), "%Y-%m-%dT%H-%M-%S") if found else None


class Bank:
    """A folder of documents; every method re-reads what changed on disk (a colleague may be syncing)."""

    def __init__(self, folder: str | os.PathLike, create: bool = True):
        # Absolute once and for all: a relative folder would mean another place after a `chdir` (batch kernels).
        self.folder = Path(os.path.abspath(Path(folder).expanduser()))
        if create:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SpiraleError(
                    f"dossier de banque impossible à créer : « {self.folder} » ({exc.strerror or exc})"
                ) from None
        if not self.folder.is_dir():
            raise SpiraleError(f"dossier de banque introuvable : « {self.folder} »")
        self._cache: dict[Path, tuple[tuple[int, int], _Loaded | list[Problem]]] = {}
        self._problems: list[Problem] = []
        self._index: dict[str, _Loaded] = {}
        self._folder_key = -1

    def __repr__(self) -> str:
        return f"Bank({str(self.folder)!r})"

    # --- reading ---------------------------------------------------------------------------------------

    def _load(
        self, path: Path, name: str | None = None, referentials: Referentials | None = None
    ) -> _Loaded | list[Problem]:
        """Parse a file once per (mtime, size): listing a bank of hundreds of documents stays instant.

        `referentials` is shared by the files of one listing: each referential is loaded once for all.
        """
        name = name or path.name
        try:
            info = path.lstat()
        except FileNotFoundError:
            return [Problem(name, "", "fichier disparu pendant la lecture")]
        except OSError as exc:
            return [Problem(name, "", f"lecture impossible ({exc.strerror or exc})")]
        if stat.S_ISLNK(info.st_mode):
            return [Problem(name, "", LINK_REFUSED)]
        key = (info.st_mtime_ns, info.st_size)
        cached = self._cache.get(path)
        if cached and cached[0] == key:
            return cached[1]
        try:
            doc, print_ = read_document(path, name, referentials)
            result: _Loaded | list[Problem] = _Loaded(doc, Entry.of(doc, path), print_)
        except SpiraleError as exc:
            result = problems_of(exc, name)
        except OSError as exc:
            result = [Problem(name, "", f"lecture impossible ({exc.strerror or exc})")]
        except Exception:  # noqa: BLE001 - whatever one file holds, it is that file's problem, not the bank's
            result = [
                Problem(name, "", "fichier illisible (contenu inattendu) : corrigez-le ou retirez-le de la banque")
            ]
        self._cache[path] = (key, result)
        return result

    def _scan(self) -> tuple[dict[str, _Loaded], dict[str, list[_Loaded]]]:
        """Current documents by id, and the other files holding the same id (conflict copies, sync duplicates)."""
        folder_key = self.folder.stat().st_mtime_ns
        by_id: dict[str, list[_Loaded]] = {}
        copies: dict[str, list[_Loaded]] = {}
        problems: list[Problem] = []
        paths = _document_files(self.folder)
        referentials = Referentials()
        for path in paths:
            loaded = self._load(path, referentials=referentials)
            if isinstance(loaded, list):
                problems.extend(loaded)
                continue
            target = copies if is_conflict_copy(path) else by_id
            target.setdefault(loaded.doc.id, []).append(loaded)
        current: dict[str, _Loaded] = {}
        for doc_id, same_id in by_id.items():
            # Two files with one id: a crash between write and rename, or a sync tool's own conflict copy.
            # The highest revision wins (the canonical name on a tie); the others are shown as conflicts.
            if len(same_id) > 1:
                same_id.sort(
                    key=lambda r: (r.entry.revision, r.entry.path.name == document_filename(r.doc.title, r.doc.id)),
                    reverse=True,
                )
            current[doc_id] = same_id[0]
            copies.setdefault(doc_id, []).extend(same_id[1:])
        self._problems, self._index, self._folder_key = problems, current, folder_key
        seen = set(paths)
        self._cache = {p: v for p, v in self._cache.items() if p in seen or p.parent != self.folder}
        return current, copies

    def _current(self, doc_id: str, fresh: bool = False) -> _Loaded | None:
        """Fast path for `get` in a loop: no new file in the folder and this file unchanged → no full scan.

        Writes always pass `fresh=True`: the conflict check must see every file.
        """
        known = self._index.get(doc_id)
        if not fresh and known is not None and self.folder.stat().st_mtime_ns == self._folder_key:
            loaded = self._load(known.entry.path)
            if isinstance(loaded, _Loaded) and loaded.doc.id == doc_id:
                return loaded
        return self._scan()[0].get(doc_id)

    def _require(self, doc_id: str, fresh: bool = False) -> _Loaded:
        loaded = self._current(doc_id, fresh)
        if loaded is None:
            raise DocumentNotFoundError(doc_id)
        return loaded

    @property
    def problems(self) -> list[Problem]:
        """Files that failed to load, each with file, field and French reason (refreshed on access)."""
        self._scan()
        return list(self._problems)

    def get(self, doc_id: str) -> Document:
        """A private copy: editing it changes nothing until `save`."""
        return self._require(doc_id).doc.model_copy(deep=True)

    def read(self, doc_id: str) -> tuple[Document, str]:
        """A private copy and the fingerprint of the file it came from: pass it back to `save` so that a hand
        edit made meanwhile (even without a new revision number) is a conflict, never overwritten."""
        loaded = self._require(doc_id)
        return loaded.doc.model_copy(deep=True), loaded.fingerprint

    def fingerprint(self, doc_id: str) -> str:
        """The fingerprint of the document's file as it is on disk now."""
        return self._require(doc_id).fingerprint

    def documents(self, **filters) -> list[Document]:
        """The documents `list(**filters)` names, read in one pass (private copies, like `get`)."""
        return [self.get(e.id) for e in self.list(**filters)]

    def entry(self, doc_id: str) -> Entry:
        return self._require(doc_id).entry

    def __contains__(self, doc_id: str) -> bool:
        return self._current(doc_id) is not None

    def __len__(self) -> int:
        return len(self._scan()[0])

    def list(
        self,
        doc_type: str | None = None,
        level: str | None = None,
        block: str | None = None,
        competence: str | None = None,
        context: str | None = None,
        author: str | None = None,
        text: str | None = None,
    ) -> builtins.list[Entry]:
        """Entries matching every given filter, sorted by title; text filters ignore accents and case."""
        words = fold(text or "").split()
        found = []
        for loaded in self._scan()[0].values():
            e = loaded.entry
            if (
                (doc_type and e.doc_type != doc_type)
                or (level and e.level != level)
                or (block and block not in e.blocks)
                or (competence and competence not in e.competences)
                or (context and fold(context) not in fold(e.context))
                or (author and not any(fold(author) in fold(a) for a in e.authors))
                or (words and not all(w in loaded.folded for w in words))
            ):
                continue
            found.append(e)
        return sorted(found, key=lambda e: (fold(e.title), e.id))

    # --- writing ---------------------------------------------------------------------------------------

    def save(
        self, doc: Document, expected_revision: int | None = None, expected_fingerprint: str | None = None
    ) -> Document:
        """Store `doc` as the next revision and return the stored version.

        `expected_revision` defaults to `doc.revision` (the revision it was read at); `expected_fingerprint`
        (from `read`) is what the file held then. When the file on disk has another revision, or the same
        revision with another content (edited by hand), ConflictError: the refused version is kept beside the
        document as a conflict copy, the file on disk is left as it is.
        """
        expected = doc.revision if expected_revision is None else expected_revision
        # Re-validated: `model_copy(update=…)` (how a frozen document changes) does not validate.
        fresh = parse_document(doc.model_dump(mode="json"))
        with folder_lock(self.folder):
            current = self._current(fresh.id, fresh=True)
            if current is not None and current.entry.revision != expected:
                why = (
                    f"a été enregistré par quelqu'un d'autre entre-temps (révision {current.entry.revision} sur "
                    f"le disque, vous modifiiez la révision {expected})"
                )
            elif current is not None and expected_fingerprint and current.fingerprint != expected_fingerprint:
                why = (
                    "a été modifié sur le disque depuis que vous l'avez ouvert (à la main ou par un collègue, "
                    "sans changer le numéro de révision)"
                )
            else:
                why = ""
            if why:
                assert current is not None  # a reason is only found against a file on disk
                copy = conflict_path(current.entry.path)
                atomic_write(copy, to_yaml(fresh))
                raise ConflictError(
                    f"« {fresh.title} » {why}. Rien n'est perdu : votre version est gardée dans « {copy.name} » ; "
                    "dans l'onglet Banque, choisissez champ par champ la version à garder puis enregistrez la "
                    "version fusionnée.",
                    copy,
                    current.entry.revision,
                    expected,
                )
            base = current.entry.revision if current else expected
            return self._store(fresh.model_copy(update={"revision": base + 1, "updated": now()}), current)

    def _store(self, doc: Document, current: _Loaded | None) -> Document:
        """Write `doc` as given (lock held): previous revision kept, renamed file cleaned, nothing overwritten."""
        target = self.folder / document_filename(doc.title, doc.id)
        text = to_yaml(doc)  # refuses a document too big to be read back, before anything is written
        if current is not None:
            self._keep_revision(current)
        if current is None or target != current.entry.path:
            _keep_aside(target)
        atomic_write(target, text)
        if current is not None and current.entry.path != target:
            current.entry.path.unlink(missing_ok=True)  # the title changed: the file was renamed
        return doc.model_copy(deep=True)

    def _keep_revision(self, current: _Loaded) -> None:
        folder = _real_folder(self.folder, REVISIONS, current.doc.id, create=True)
        sweep_partials(folder)  # the lock is held: a temp file here is a crashed save's
        atomic_write(folder / f"r{current.entry.revision:05d}.yaml", current.entry.path.read_text("utf-8-sig"))
        for old in sorted(folder.glob("r*.yaml"))[:-MAX_REVISIONS]:
            old.unlink(missing_ok=True)

    def duplicate(self, doc_id: str, title: str | None = None) -> Document:
        """A new document (new id, revision 1) starting from a copy of `doc_id`."""
        source = self.get(doc_id)
        copy_title = title or f"{source.title} (copie)"[:300]
        clone = source.model_copy(update={"id": new_id(), "revision": 0, "title": copy_title})
        return self.save(clone)

    def delete(self, doc_id: str) -> Path:
        """Move the document to `.corbeille/` (recoverable with `restore`); returns where it went."""
        with folder_lock(self.folder):
            return self._to_trash(self._require(doc_id, fresh=True).entry.path)

    def _to_trash(self, path: Path) -> Path:
        trash = _real_folder(self.folder, TRASH, create=True)
        destination, n = trash / f"{timestamp()}--{path.name}", 2
        while destination.exists():  # two deletions in one second: never replace what is already in the trash
            destination, n = trash / f"{timestamp()}--{n}--{path.name}", n + 1
        os.replace(path, destination)
        return destination

    def trash(self) -> builtins.list[Entry]:
        """Deleted documents, most recent first."""
        folder = _real_folder(self.folder, TRASH)
        if not folder.is_dir():
            return []
        referentials = Referentials()
        loaded = [self._load(p, referentials=referentials) for p in reversed(_document_files(folder))]
        return [item.entry for item in loaded if isinstance(item, _Loaded)]

    def restore(self, doc_id: str, trashed: Entry | Path | None = None) -> Document:
        """Bring back the most recently deleted version of `doc_id` (or the given trash file)."""
        with folder_lock(self.folder):
            current = self._current(doc_id, fresh=True)
            if current is not None:
                raise SpiraleError(
                    f"« {current.doc.title} » est déjà dans la banque : rien à restaurer (ses "
                    "versions précédentes sont dans son historique)"
                )
            candidates = [e for e in self.trash() if e.id == doc_id]
            if trashed is not None:
                wanted = trashed.path if isinstance(trashed, Entry) else Path(trashed)
                candidates = [e for e in candidates if e.path == wanted]
            if not candidates:
                raise DocumentNotFoundError(doc_id, "dans la corbeille")
            entry = candidates[0]
            doc = load_file(entry.path)
            target = self.folder / document_filename(doc.title, doc.id)
            _keep_aside(target)
            os.replace(entry.path, target)
            return doc

    def restore_revision(self, doc_id: str, revision: int) -> Document:
        """Make a previous revision current again, as a new revision: the version it replaces joins the history."""
        old = self.revision(doc_id, revision)
        current = self._current(doc_id, fresh=True)
        base = current.entry.revision if current is not None else old.revision
        return self.save(old.model_copy(update={"revision": base}), expected_revision=base)

    # --- history and conflicts -------------------------------------------------------------------------

    def history(self, doc_id: str) -> builtins.list[Entry]:
        """Previous revisions kept in `.revisions/`, most recent first."""
        if not re.fullmatch(ID_PATTERN, doc_id):  # an id is also a folder name: no « ../ » through it
            raise DocumentNotFoundError(doc_id)
        folder = _real_folder(self.folder, REVISIONS, doc_id)
        if not folder.is_dir():
            return []
        referentials = Referentials()
        loaded = [
            self._load(p, f"{REVISIONS}/{doc_id}/{p.name}", referentials)
            for p in sorted(folder.glob("r*.yaml"), reverse=True)
        ]
        return [item.entry for item in loaded if isinstance(item, _Loaded)]

    def revision(self, doc_id: str, revision: int) -> Document:
        """A previous revision (or the current one); save it again to go back to it."""
        current = self._current(doc_id)
        if current is not None and current.entry.revision == revision:
            return current.doc  # frozen: nobody can change it under the bank's feet
        if not re.fullmatch(ID_PATTERN, doc_id):
            raise DocumentNotFoundError(doc_id)
        path = _real_folder(self.folder, REVISIONS, doc_id) / f"r{revision:05d}.yaml"
        if path.is_symlink():
            raise BankFileError(LINK_REFUSED, f"{REVISIONS}/{doc_id}/{path.name}")
        if not path.is_file():
            raise SpiraleError(f"révision {revision} du document « {doc_id} » introuvable")
        return load_file(path, f"{REVISIONS}/{doc_id}/{path.name}")

    def conflicts(self, doc_id: str) -> builtins.list[Entry]:
        """Other versions of `doc_id` waiting to be merged: refused saves and sync tools' duplicates."""
        return sorted((item.entry for item in self._scan()[1].get(doc_id, [])), key=lambda e: e.path.name)

    def merge(self, doc_id: str, conflict: Entry | Path, take_other: set[tuple] | frozenset = frozenset()) -> Document:
        """Save the bank's version of `doc_id` with the fields of `take_other` taken from the conflict copy, as a
        new revision; then the copy goes to the trash. Nothing is lost: the replaced version stays in the history."""
        from .merge import merge_documents

        path = conflict.path if isinstance(conflict, Entry) else Path(conflict)
        current = self._require(doc_id, fresh=True)
        other = self._as_document(path)
        if other.id != doc_id:
            raise SpiraleError(f"« {path.name} » n'est pas une version de « {current.doc.title} »")
        merged = merge_documents(current.doc, other, take_other)
        saved = self.save(merged, expected_revision=current.entry.revision, expected_fingerprint=current.fingerprint)
        self.resolve(path)
        return saved

    def resolve(self, conflict: Entry | Path) -> Path:
        """Dismiss a conflict copy once merged: it goes to the trash, not to oblivion."""
        with folder_lock(self.folder):
            return self._to_trash(conflict.path if isinstance(conflict, Entry) else Path(conflict))

    def diff(self, a: str | Path | Entry | Document, b: str | Path | Entry | Document) -> builtins.list[str]:
        """French list of field differences between two documents (ids, files, entries or documents)."""
        return diff_documents(self._as_document(a), self._as_document(b))

    def _as_document(self, item: str | Path | Entry | Document) -> Document:
        if isinstance(item, Document):
            return item
        if isinstance(item, Entry):
            item = item.path
        if isinstance(item, Path):
            loaded = self._load(item)
            if isinstance(loaded, list):
                raise BankFileError("; ".join(p.reason for p in loaded), item.name)
            return loaded.doc
        return self.get(item)

    # --- archives --------------------------------------------------------------------------------------

    def export_zip(self, path: str | os.PathLike, ids: builtins.list[str] | None = None) -> int:
        from .archive import export_zip

        return export_zip(self, Path(path), ids)

    def import_zip(self, path: str | os.PathLike, on_conflict: str = "refuser"):  # -> ImportReport
        from .archive import import_zip

        return import_zip(self, Path(path), on_conflict)
