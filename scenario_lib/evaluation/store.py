"""Where a class's evaluations live: `<banque>/evaluations/<classe>/`, a bank of its own (revisions, conflict
copies, trash), beside the class's PFMP booklets (`<banque>/pfmp/<classe>/`). Pupil data stays in these two
folders on the teacher's machine; `privacy.py` exports, erases and archives them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..bank import Bank
from ..errors import SpiraleError
from ..pfmp.pupils import Pupil
from ..pfmp.store import class_bank as pfmp_bank
from ..text import safe_filename
from .grid import Evaluation, evaluation_of_scenario
from .record import ClassRecord, Rules


def class_folder(bank_folder: str | Path, grade: str) -> Path:
    return Path(bank_folder) / "evaluations" / safe_filename(grade, default="classe")


def evaluation_bank(bank_folder: str | Path, grade: str) -> Bank:
    return Bank(class_folder(bank_folder, grade))


def classes(bank_folder: str | Path) -> list[str]:
    """Classes that have evaluations or PFMP booklets (their stored names, from the documents themselves)."""
    found = set()
    for sub, doc_type in (("evaluations", "evaluation"), ("pfmp", "livret_pfmp")):
        root = Path(bank_folder) / sub
        if root.is_dir():
            for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
                bank = Bank(folder)
                for entry in bank.list(doc_type=doc_type)[:1]:
                    found.add(bank.get(entry.id).grade if doc_type == "evaluation" else bank.get(entry.id).pupil.grade)
    return sorted(found)


def evaluations(bank_folder: str | Path, grade: str) -> list[Evaluation]:
    """The class's evaluations, oldest first (reading never creates the class's folder)."""
    if not class_folder(bank_folder, grade).is_dir():
        return []
    bank = evaluation_bank(bank_folder, grade)
    docs = [bank.get(e.id) for e in bank.list(doc_type="evaluation")]
    return sorted(docs, key=lambda d: (d.date, d.id))


def booklets(bank_folder: str | Path, grade: str) -> list:
    folder = Path(bank_folder) / "pfmp" / safe_filename(grade, default="classe")
    if not folder.is_dir():
        return []
    bank = pfmp_bank(bank_folder, grade)
    return [bank.get(e.id) for e in bank.list(doc_type="livret_pfmp")]


def create_evaluation(
    bank_folder: str | Path,
    situation_id: str,
    pupils: list[Pupil],
    referential,
    when: date | None = None,
    year: str | None = None,
    attitudes: list[str] = (),
) -> Evaluation:
    """Store an empty grid of the bank scenario `situation_id` for the class of `pupils`."""
    main = Bank(bank_folder)
    if situation_id not in main:
        raise SpiraleError(f"situation « {situation_id} » introuvable dans la banque")
    scenario = main.get(situation_id)
    if scenario.doc_type != "scenario":
        raise SpiraleError(f"« {scenario.title} » n'est pas une situation (scénario) : on n'évalue que des situations")
    ev = evaluation_of_scenario(scenario, referential, pupils, when or date.today(), year, attitudes)
    return evaluation_bank(bank_folder, ev.grade).save(ev)


def find_evaluation(bank_folder: str | Path, ev_id: str) -> Evaluation:
    """An evaluation by id, whatever its class (the CLI names only the id)."""
    root = Path(bank_folder) / "evaluations"
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        if folder.is_dir() and not folder.name.startswith("."):
            bank = Bank(folder)
            if ev_id in bank:
                return bank.get(ev_id)
    raise SpiraleError(f"évaluation « {ev_id} » introuvable dans la banque")


def save_evaluation(bank_folder: str | Path, ev: Evaluation) -> Evaluation:
    return evaluation_bank(bank_folder, ev.grade).save(ev)


def previous_evaluation(bank_folder: str | Path, ev: Evaluation) -> Evaluation | None:
    """The class's last grid before this one (by date), for « copier la grille précédente »."""
    before = [e for e in evaluations(bank_folder, ev.grade) if e.id != ev.id and (e.date, e.id) <= (ev.date, ev.id)]
    return before[-1] if before else None


def class_record(bank_folder: str | Path, grade: str, referential, rules: Rules | None = None) -> ClassRecord:
    """Every evaluation and PFMP booklet of the class, merged into the pupils' records."""
    evs, books = evaluations(bank_folder, grade), booklets(bank_folder, grade)
    if not evs and not books:
        raise SpiraleError(f"aucune évaluation ni aucun livret PFMP pour la classe « {grade} »")
    return ClassRecord(referential, evs, books, rules)
