"""A pupil's data on request: export all of it (one zip), erase it everywhere; archive a class at cycle end.

Pupil data lives only in `<banque>/evaluations/<classe>/` and `<banque>/pfmp/<classe>/` (current documents,
`.revisions/`, `.corbeille/`, conflict copies). Erasing rewrites every one of those files without the pupil —
class grids keep the other pupils, history included — and deletes the pupil's own booklets; then every file of
the bank folder is searched for the pupil's name and key, so the erasure is checked, not assumed.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..bank.files import dump_yaml, folder_lock, to_yaml
from ..document import parse_document
from ..errors import SpiraleError
from ..files import FileProblem, atomic_output, atomic_write
from ..text import safe_filename
from ..yamlfiles import read_yaml_file
from .store import class_folder, class_record

PUPIL_AREAS = ("evaluations", "pfmp")


@dataclass
class ErasureReport:
    rows_removed: int = 0
    files_rewritten: int = 0
    files_deleted: int = 0
    remaining: list[str] = field(default_factory=list)  # files still naming the pupil (outside pupil folders)

    def summary(self) -> str:
        text = (
            f"{self.rows_removed} ligne(s) d'évaluation effacée(s), {self.files_rewritten} fichier(s) réécrit(s), "
            f"{self.files_deleted} fichier(s) supprimé(s)"
        )
        if self.remaining:
            text += (
                " ; le nom figure encore dans : "
                + ", ".join(self.remaining)
                + " (documents hors des dossiers d'élèves : à corriger à la main)"
            )
        return text


def _pupil_folders(bank_folder: Path) -> list[Path]:
    return [
        p
        for area in PUPIL_AREAS
        if (bank_folder / area).is_dir()
        for p in sorted((bank_folder / area).iterdir())
        if p.is_dir() and not p.is_symlink()
    ]


def _mentions(path: Path, pupil) -> bool:
    """The file names the pupil: their key, or their last and first names (stored as separate YAML fields)."""
    try:
        text = path.read_bytes().decode("utf-8", "replace").casefold()
    except OSError:
        return False
    return pupil.key in text or (pupil.last_name.casefold() in text and pupil.first_name.casefold() in text)


def _without_pupil(data, key: str):
    """The document's data without the pupil; None when nothing of the document should remain.

    Generic over the document types kept with pupils: a document of one pupil (`pupil`: PFMP booklet, CCF
    sheet) goes entirely; a class document (`rows[].pupil`: evaluation grid, CCF summary) loses that row.
    """
    if not isinstance(data, dict):
        return data
    if isinstance(data.get("pupil"), dict):
        return None if _key_of(data["pupil"]) == key else data
    rows = data.get("rows")
    if isinstance(rows, list) and any(isinstance(r, dict) and isinstance(r.get("pupil"), dict) for r in rows):
        kept = [r for r in rows if not (isinstance(r, dict) and _key_of(r.get("pupil") or {}) == key)]
        if len(kept) == len(rows):
            return data
        return {**data, "rows": kept} if kept else None
    return data


def _key_of(pupil: dict) -> str:
    from ..pfmp.pupils import Pupil

    try:
        return Pupil.model_validate(pupil).key
    except Exception:  # noqa: BLE001 - an unreadable pupil: no key, never matched
        return ""


def erase_pupil(bank_folder: str | Path, pupil) -> ErasureReport:
    """Remove the pupil from every evaluation row, PFMP booklet and record file of every class, history and
    trash included; the report lists any other file of the bank that still names the pupil."""
    bank_folder = Path(bank_folder)
    report = ErasureReport()
    for folder in _pupil_folders(bank_folder):
        with folder_lock(folder):
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
                if path.name.startswith(".verrou"):
                    continue
                try:
                    data = read_yaml_file(path)
                except FileProblem:
                    data = None
                if not isinstance(data, dict):
                    if _mentions(path, pupil):  # unreadable and naming the pupil: nothing of it may stay
                        path.unlink()
                        report.files_deleted += 1
                    continue
                kept = _without_pupil(data, pupil.key)
                if kept is data and not _mentions(path, pupil):
                    continue
                if data.get("doc_type") == "evaluation":
                    report.rows_removed += len(data.get("rows", [])) - len((kept or {}).get("rows", []))
                if kept is None or kept is data:  # the pupil's own booklet, or named where it cannot be cut out
                    path.unlink()
                    report.files_deleted += 1
                    continue
                try:
                    text = to_yaml(parse_document(kept))
                except Exception:  # noqa: BLE001 - a hand-edited copy the model refuses: keep its data, minus the pupil
                    text = dump_yaml(kept)
                atomic_write(path, text)
                report.files_rewritten += 1
                if _mentions(path, pupil):  # the name typed in another pupil's comment, say
                    path.unlink()
                    report.files_deleted += 1
                    report.files_rewritten -= 1
    report.remaining = [
        str(p.relative_to(bank_folder)) for p in sorted(bank_folder.rglob("*")) if p.is_file() and _mentions(p, pupil)
    ]
    return report


def export_pupil(
    bank_folder: str | Path, grade: str, pupil_key: str, path: str | Path, referential, with_bilans: bool = True
) -> Path:
    """One zip with everything Spirale holds about the pupil: record (evidences, levels), evaluation rows,
    PFMP booklets, and the bilans (per year evaluated and for the cycle) as PDF."""
    record = class_record(bank_folder, grade, referential)
    pupil_record = record.pupil(pupil_key)
    pupil = pupil_record.pupil
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("eleve.json", json.dumps(pupil.model_dump(mode="json"), ensure_ascii=False, indent=1))
        archive.writestr("preuves.csv", pupil_record.evidences.drop(columns=["eleve"]).to_csv(index=False))
        archive.writestr("niveaux.csv", pupil_record.levels.drop(columns=["eleve"]).to_csv(index=False))
        for ev in record.evaluations:
            for row in ev.rows:
                if row.pupil.key == pupil_key:
                    data = {
                        "situation": ev.situation_title,
                        "classe": ev.grade,
                        "annee": ev.year,
                        "date": ev.date.isoformat(),
                        **row.model_dump(mode="json"),
                    }
                    archive.writestr(f"evaluations/{ev.date.isoformat()}-{ev.id}.yaml", dump_yaml(data))
        for booklet in record.booklets:
            if booklet.pupil.key == pupil_key:
                archive.writestr(f"pfmp/{booklet.id}.yaml", to_yaml(booklet))
        from .store import evaluation_bank

        bank = evaluation_bank(bank_folder, grade)
        for entry in bank.list():  # the pupil's own documents kept with the class (CCF sheets…)
            doc = bank.get(entry.id)
            if getattr(getattr(doc, "pupil", None), "key", None) == pupil_key:
                archive.writestr(f"{doc.doc_type}/{doc.id}.yaml", to_yaml(doc))
        if with_bilans:
            from ..render.pdf import html_to_pdf
            from .views import pupil_page

            years = sorted(set(pupil_record.levels["annee"]))
            for year in [*years, None]:
                archive.writestr(f"bilans/bilan-{year or 'cycle'}.pdf", html_to_pdf(pupil_page(pupil_record, year)))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(target) as tmp:
        tmp.write_bytes(buffer.getvalue())
    return target


def archive_class(bank_folder: str | Path, grade: str, path: str | Path) -> Path:
    """The class's evaluations and booklets (history and trash included) in one zip, checked, then removed
    from the active bank. Nothing is removed when the archive cannot be written or read back."""
    bank_folder = Path(bank_folder)
    folders = [class_folder(bank_folder, grade), bank_folder / "pfmp" / safe_filename(grade, default="classe")]
    folders = [f for f in folders if f.is_dir()]
    if not folders:
        raise SpiraleError(f"aucune donnée d'élève pour la classe « {grade} » : rien à archiver")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    files = [p for f in folders for p in sorted(f.rglob("*")) if p.is_file() and not p.name.startswith(".verrou")]
    with atomic_output(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for p in files:
            archive.write(p, str(p.relative_to(bank_folder)))
    with zipfile.ZipFile(target) as archive:
        if archive.testzip() is not None or len(archive.namelist()) != len(files):
            raise SpiraleError(f"archive « {target.name} » illisible après écriture : rien n'a été retiré de la banque")
    for f in folders:
        shutil.rmtree(f)
    return target
