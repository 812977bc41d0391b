"""Evaluation flows both the atelier and `scenario-lib evaluer` / `ccf` call: a grid from a placement of a
class's progression, the progression's épreuve readiness with the class's PFMP work, a class's CCF sheets
rendered by the batch, and the titre professionnel records of a group (one per trainee)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import SpiraleError
from .documents import get_document, level_label


# --- a grid from the progression ---------------------------------------------------------------------------
def progressions(bank) -> list[tuple[str, str]]:
    """(label, id) of the bank's progressions, for a menu."""
    return [(e.title, e.id) for e in bank.list(doc_type="progression")]


def placement_choices(bank, progression_id: str) -> list[tuple[str, int]]:
    """(« Première, semaine 12 — titre », index) of the progression's situations, in calendar order."""
    prog = get_document(bank, progression_id, "progression")
    order = {y.level: i for i, y in enumerate(prog.years)}
    found = [(i, p) for i, p in enumerate(prog.placements) if p.slot == "professionnel"]
    found.sort(key=lambda ip: (order.get(ip[1].year, 9), ip[1].week))
    return [
        (f"{_year(p.year)}, semaine {p.week} — {p.title}" + (f" (CCF {p.exam})" if p.exam else ""), i) for i, p in found
    ]


def _year(level: str) -> str:
    from ..evaluation.grid import YEAR_LABELS

    return YEAR_LABELS.get(level, level)


def create_from_placement(
    bank_folder, progression_id: str, index: int, pupils, ref, when: date | None = None, attitudes=()
):
    """Store the empty grid of the situation placed n° `index` (as `placement_choices` numbers them) in the
    progression: its year and week are recorded, so the pupil's record says « Première, semaine 12 »."""
    from ..bank import Bank
    from ..evaluation.grid import evaluation_of_scenario
    from ..evaluation.store import evaluation_bank

    bank = Bank(bank_folder)
    prog = get_document(bank, progression_id, "progression")
    if not 0 <= index < len(prog.placements):
        raise SpiraleError(
            f"placement n° {index} inconnu dans « {prog.title} » "
            f"({len(prog.placements)} situation(s) placée(s), numérotées à partir de 0)"
        )
    placement = prog.placements[index]
    scenario = get_document(bank, placement.scenario_id, "scenario")
    if placement.year not in ("seconde", "premiere", "terminale"):
        raise SpiraleError(
            f"année « {placement.year} » du placement : on n'évalue qu'en Seconde, Première ou Terminale"
        )
    ev = evaluation_of_scenario(scenario, ref, pupils, when or date.today(), placement.year, list(attitudes))
    ev = ev.model_copy(update={"progression_id": prog.id, "week": placement.week})
    return evaluation_bank(bank_folder, ev.grade).save(type(ev).model_validate(ev.model_dump()))


# --- épreuves and CCF ----------------------------------------------------------------------------------------
def exam_readiness(bank_folder, progression_id: str):
    """(progression, statuses) of `planning.exams.exam_readiness`, with what the class's PFMP booklets plan."""
    from ..bank import Bank
    from ..evaluation.store import booklets
    from ..planning.exams import exam_readiness as readiness
    from ..planning.exams import pfmp_work_from_booklets
    from ..referential import load_referential

    prog = get_document(Bank(bank_folder), progression_id, "progression")
    ref = load_referential(prog.referential)
    return prog, readiness(prog, ref, pfmp_work_from_booklets(booklets(bank_folder, prog.class_name)))


def ccf_placements(prog) -> list[tuple[str, str, str, int]]:
    """(épreuve, situation id, year, week) of the progression's CCF situations."""
    return [(p.exam, p.scenario_id, p.year, p.week) for p in prog.placements if p.exam]


def class_ccf_sheets(
    bank_folder, grade: str, exam: str, year: str, situation_id: str, session_date, ref, out_dir, fmt: str = "pdf"
):
    """Create (or refresh) a class's CCF sheets and summary, then render them by the batch: (summary, report)."""
    from ..evaluation.ccf import generate_ccf, render_ccf
    from ..evaluation.exams import exam_scope

    code = exam_scope(ref, exam).short_code
    sheets, summary = generate_ccf(bank_folder, grade, code, year, situation_id, session_date, ref)
    report = render_ccf(bank_folder, grade, [s.id for s in sheets] + [summary.id], out_dir, fmt, progress=False)
    return summary, report


# --- titre professionnel ------------------------------------------------------------------------------------
def titre_records(bank_folder, group: str) -> list:
    """The group's trainee records, by name (reading never creates the group's folder)."""
    from ..evaluation.store import class_folder, evaluation_bank

    if not class_folder(bank_folder, group).is_dir():
        return []
    store = evaluation_bank(bank_folder, group)
    return sorted((store.get(e.id) for e in store.list(doc_type="titre")), key=lambda r: r.trainee.casefold())


def titre_record(bank_folder, group: str, trainee: str):
    """The trainee's record in the group, or a new empty one (not saved)."""
    from ..evaluation.titre import TitreRecord
    from ..text import fold

    trainee, group = " ".join(trainee.split()), " ".join(group.split())
    if not trainee or not group:
        raise SpiraleError("indiquez le groupe et le nom du stagiaire")
    for record in titre_records(bank_folder, group):
        if fold(record.trainee) == fold(trainee):
            return record
    return TitreRecord(id=_titre_id(group, trainee), trainee=trainee, group=group)


def _titre_id(group: str, trainee: str) -> str:
    import hashlib

    digest = hashlib.sha1(f"{group}\n{trainee}".casefold().encode()).hexdigest()[:10]
    return f"titre-{digest}"


def record_session(
    bank_folder, group: str, trainee: str, title: str, when: date, results: dict[str, bool], comment: str = ""
):
    """Add a mise en situation (criterion id → met or not) to the trainee's record and save it."""
    from ..evaluation.store import evaluation_bank
    from ..evaluation.titre import MiseEnSituation

    if not results:
        raise SpiraleError("aucun critère observé : cochez au moins un critère acquis ou non acquis")
    record = titre_record(bank_folder, group, trainee)
    session = MiseEnSituation(
        title=" ".join(title.split()) or "Mise en situation", when=when, results=results, comment=comment
    )
    new = record.with_session(session)
    return evaluation_bank(bank_folder, record.group).save(new, expected_revision=record.revision or None)


def parse_criteria(text: str, ref) -> list[str]:
    """« CP1-1, CP3-2 » or « CP3 » (all of CP3's criteria) → criterion ids, refused in French when unknown."""
    from ..evaluation.titre import criteria_of

    known = {c.code: [cid for cid, _ in criteria_of(ref, c.code)] for c in ref.competences if c.criteria}
    every = {cid for ids in known.values() for cid in ids}
    out = []
    for item in (t.strip().upper() for t in text.split(",") if t.strip()):
        if item in known:
            out += known[item]
        elif item in every:
            out.append(item)
        else:
            raise SpiraleError(
                f"critère « {item} » inconnu (attendu : un code comme CP3-2, ou CP3 pour tous ses critères)"
            )
    return out


def titre_readiness_pdf(record, out_dir) -> Path:
    from ..text import safe_filename
    from .documents import export_document

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return export_document(record, "pdf", folder / f"titre-{safe_filename(record.trainee)}.pdf")


__all__ = [
    "ccf_placements",
    "class_ccf_sheets",
    "create_from_placement",
    "exam_readiness",
    "level_label",
    "parse_criteria",
    "placement_choices",
    "progressions",
    "record_session",
    "titre_readiness_pdf",
    "titre_record",
    "titre_records",
]
