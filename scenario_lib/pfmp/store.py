"""Where a class's booklets live and the three teacher actions: generate, import filled grids, follow up.

Each class has its own small bank `<banque>/pfmp/<classe>/` (same safe writes and conflict copies as the
main bank); pupil data stays in that folder on the teacher's machine or school server.
"""

from __future__ import annotations

from pathlib import Path

from ..bank import Bank
from ..errors import SpiraleError
from ..text import safe_filename
from .booklet import Booklet, build_booklets
from .pupils import Pupil
from .tracking import ClassResults, GridImport, import_filled_workbooks
from .workbook import write_booklet_workbook


def class_folder(bank_folder: str | Path, grade: str) -> Path:
    return Path(bank_folder) / "pfmp" / safe_filename(grade, default="classe")


def class_bank(bank_folder: str | Path, grade: str) -> Bank:
    return Bank(class_folder(bank_folder, grade))


def grade_of(pupils: list[Pupil]) -> str:
    grades = sorted({p.grade for p in pupils})
    if len(grades) != 1:
        raise SpiraleError(f"la liste mélange plusieurs classes ({', '.join(grades)}) : une liste par classe")
    return grades[0]


def generate_booklets(
    pupils: list[Pupil], year: str, referential, bank_folder: str | Path, out_dir: str | Path, scenarios=()
) -> list[Path]:
    """Store one booklet per pupil and write the editable XLSX copies tutors fill in; returns the XLSX paths.

    Every booklet is built and checked before the first one is stored (no half generation on a bad list).
    """
    store = class_bank(bank_folder, grade_of(pupils))
    out = Path(out_dir)
    booklets = build_booklets(pupils, year, referential, scenarios)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpiraleError(
            f"dossier de sortie « {out} » impossible à créer ({exc.strerror}) : rien n'a été enregistré"
        ) from None
    ready = []
    for booklet in booklets:
        existing = store.get(booklet.id) if booklet.id in store else None
        if existing is not None:  # keep levels already imported; refresh identity and planned activities
            booklet = booklet.model_copy(
                update={"levels": existing.levels, "attitudes": existing.attitudes, "revision": existing.revision}
            )
        ready.append((booklet, existing.revision if existing else None))
    saved = [store.save(booklet, expected_revision=revision) for booklet, revision in ready]
    return [write_booklet_workbook(booklet, out / f"{booklet.id}.xlsx", referential) for booklet in saved]


def _merge(current: Booklet, imported: Booklet) -> Booklet:
    """A period filled in the imported grid replaces that period; the others keep what was imported before.

    Tutors of PFMP 1 and PFMP 2 often fill two copies of the same blank grid: neither may erase the other.
    """
    return imported.model_copy(
        update={
            "revision": current.revision,
            "rows": current.rows,
            "levels": {**current.levels, **imported.levels},
            "attitudes": {**current.attitudes, **imported.attitudes},
        }
    )


def import_results(files, pupils: list[Pupil], referential, bank_folder: str | Path) -> GridImport:
    """Store the levels of every grid that reads correctly; blank and wrong grids are reported, not stored.

    Each grid is checked whole before its booklet is touched, so a refused grid changes nothing.
    """
    outcome = import_filled_workbooks(files, referential, pupils)
    store = class_bank(bank_folder, grade_of(pupils))
    saved = []
    for name, booklet in outcome.booklets:
        current = store.get(booklet.id) if booklet.id in store else None
        if current is not None:
            booklet = _merge(current, booklet)
        try:
            saved.append((name, store.save(booklet, expected_revision=current.revision if current else None)))
        except SpiraleError as exc:  # e.g. the booklet changed meanwhile in another window
            outcome.refused.append(f"« {name} » : {exc}")
    outcome.booklets = saved
    return outcome


def class_results(bank_folder: str | Path, grade: str, referential) -> ClassResults:
    store = class_bank(bank_folder, grade)
    booklets = [store.get(e.id) for e in store.list(doc_type="livret_pfmp")]
    if not booklets:
        raise SpiraleError(f"aucun livret PFMP pour la classe « {grade} » : générez d'abord les livrets")
    return ClassResults(booklets, referential)
