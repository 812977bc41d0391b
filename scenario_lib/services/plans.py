"""Co-intervention and projet plans: propose from bank situations, edit, check the hours, save.

The planners check a plan against data they are given; the bank's other plans are fetched here.
"""

from __future__ import annotations

from ..errors import SpiraleError
from .documents import get_document, get_documents, save_document, saved_message

PLAN_TYPES = ("cointervention", "projet")


def propose_cointervention(
    bank, scenario_id: str, discipline: str, school_year: str | None = None, task: int | None = None
):
    from ..planning.cointervention import propose_cointervention as run

    if not scenario_id:
        raise SpiraleError("choisissez d'abord un scénario de la banque")
    return run(get_document(bank, scenario_id, "scenario"), discipline, school_year or None, task or None)


def propose_project(
    bank,
    referential: str,
    start_year: str | None = None,
    scenario_ids=(),
    theme: str | None = None,
    kind: str = "collectif",
    rules: str | None = None,
    pfmp_rule: str | None = None,
):
    from ..planning.projet import propose_project as run

    return run(
        referential, start_year or None, get_documents(bank, scenario_ids, "scenario"), theme, kind, rules, pfmp_rule
    )


def bank_plans(bank, doc_type: str) -> list:
    """Every plan of that type in the bank (a folder is opened as a bank, never created)."""
    if bank is None:
        return []
    if not hasattr(bank, "list"):
        from ..bank import Bank

        bank = Bank(bank, create=False)
    return bank.documents(doc_type=doc_type)


def check_plan(bank, plan):
    """The hours report of a plan as edited: a co-intervention counts the same class's séances of the bank."""
    if plan.doc_type == "cointervention":
        from ..planning.cointervention import check_hours

        return check_hours(plan, bank_plans(bank, "cointervention"))
    if plan.doc_type == "projet":
        from ..planning.projet import check_project

        return check_project(plan)
    raise SpiraleError(f"« {plan.title} » n'est pas un plan de co-intervention ni de projet")


def edit_plan(plan, edited: dict):
    """The plan with the fields a form changed, validated again (French messages on any bad field)."""
    from ..document import parse_document

    if plan is None:
        raise SpiraleError("aucun plan : cliquez d'abord sur « Proposer »")
    return parse_document({**plan.model_dump(mode="json"), **edited}, plan.doc_type)


def save_plan(bank, plan) -> tuple:
    """Saved against its revision; returns the stored plan, its hours report and the French message (which
    says when the plan, saved anyway, still has to be corrected)."""
    saved = save_document(bank, plan)
    report = check_plan(bank, saved)
    text = saved_message(saved)
    if not report.ok:
        text += f" Attention, le plan reste à corriger : {' '.join(report.messages)}"
    return saved, report, text


def apply_week_lines(text: str, year: dict) -> list[dict]:
    """The year's weeks with the edited lines « semaine | heures | activité » applied; a malformed line, an
    unknown week or a PFMP / holiday week is named in French (the projet is placed on class weeks only)."""
    weeks = {wk["number"]: dict(wk) for wk in year["weeks"]}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|", 2)]
        try:
            week, hours = int(parts[0]), float(parts[1].replace(",", "."))
        except (ValueError, IndexError):
            raise SpiraleError(
                f"ligne {number} « {line.strip()[:60]} » : écrivez « semaine | heures | activité »"
            ) from None
        if week not in weeks:
            raise SpiraleError(f"ligne {number} : la semaine {week} n'existe pas dans le calendrier")
        if weeks[week]["kind"] != "cours":
            when = "la PFMP" if weeks[week]["kind"] == "pfmp" else "les vacances"
            raise SpiraleError(
                f"ligne {number} « {line.strip()[:60]} » : la semaine {week} tombe pendant {when}, "
                "le projet se place sur une semaine de cours"
            )
        weeks[week].update(hours=hours, activity=parts[2] if len(parts) > 2 else "")
    return list(weeks.values())


def week_lines(year) -> str:
    """Editable lines « semaine | heures | activité » for the year's class weeks."""
    return "\n".join(f"{wk.number} | {wk.hours:g} | {wk.activity}" for wk in year.weeks if wk.kind == "cours")
