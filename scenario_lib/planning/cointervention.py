"""Co-intervention plan: one professional situation taught jointly by the vocational and the general teacher.

Proposed from a scenario, a discipline and the task of the situation the teachers choose, with Spirale's own
competence → capacity mapping (`data/spirale/capacites_cointervention.yaml`, marked non official, worded per
year), then edited by the two teachers. The official French and maths programmes are not in Spirale's sources:
the plan keeps a field for the programme's capacities, « à compléter par l'équipe » until the team fills it.
Hours are checked against the referential's grid, counting the plans already in the bank.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..document import Document, OptionalText, Part, ShortText, Text, context_referential
from ..errors import SpiraleError
from ..files import FileProblem
from ..paths import data_dir
from ..referential import load_referential
from ..referential.model import GeneralUnit, Referential
from ..scenario.model import LEVEL_LABELS, Scenario
from ..sheets import Sheet
from ..text import french_hours as fmt_hours
from ..yamlfiles import read_yaml_file
from .rules import HoursReport, RuleSet, rule_set, rules_for, year_start, yearly_hours

Discipline = Literal["francais", "mathematiques"]
Lead = Literal["professionnel", "general", "les deux"]
CoTeachingMode = Literal[
    "l'un enseigne, l'autre observe",
    "l'un enseigne, l'autre aide",
    "enseignement en parallèle",
    "enseignement alterné",
    "co-enseignement",
    "enseignement en ateliers",
]
LEAD_LABELS = {
    "professionnel": "enseignant de vente",
    "general": "enseignant de la discipline générale",
    "les deux": "les deux enseignants",
}
DISCIPLINES = ("francais", "mathematiques")
DIPLOMAS = {"diplome": "bacpro"}  # referential kind → diploma named in `data/regles/`


# --- Spirale's own mapping ---------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _mapping(path: str) -> dict:
    try:
        return read_yaml_file(path)
    except FileProblem as exc:
        raise SpiraleError(f"correspondances de co-intervention illisibles (« {path} ») : {exc.reason_at()}") from None


def mapping() -> dict:
    return _mapping(str(data_dir() / "spirale" / "capacites_cointervention.yaml"))


def discipline_info(discipline: str) -> dict:
    if discipline not in DISCIPLINES:
        raise SpiraleError(f"discipline « {discipline} » inconnue (attendu : {' ou '.join(DISCIPLINES)})")
    return mapping()["disciplines"][discipline]


def current_school_year(today: date | None = None) -> str:
    """From August on, teachers plan the coming school year."""
    today = today or date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def diploma_of(ref: Referential) -> str:
    return DIPLOMAS.get(ref.kind, ref.kind)


def check_codes(
    ref: Referential, level: str, competences: list[str], tasks: list[str] = (), units: list[str] = ()
) -> None:
    """Raise ValueError (French) on any code the referential does not define: plans stay consistent."""
    if not ref.has("niveau", level):
        raise ValueError(f"niveau « {level} » inconnu (attendu : {', '.join(lv.code for lv in ref.levels)})")
    for code in competences:
        if not ref.has("compétence", code):
            raise ValueError(f"code de compétence inconnu : « {code} »")
    for code in tasks:
        if code and not ref.has("tâche", code):
            raise ValueError(f"tâche du référentiel inconnue : « {code} »")
    known_units = {u.code for u in ref.general_units}
    for code in units:
        if code not in known_units:
            raise ValueError(f"unité générale inconnue : « {code} » (connues : {', '.join(sorted(known_units))})")


# --- model -------------------------------------------------------------------------------------------------
class Capacity(Part):
    code: ShortText
    title: Text
    origin: ShortText = "Spirale — contenu pédagogique propre, non officiel"
    level: str = ""  # the year the wording is written for


_OLD_MODES = {
    "un enseigne, l'autre observe": "l'un enseigne, l'autre observe",
    "un enseigne, l'autre aide": "l'un enseigne, l'autre aide",
}  # plans saved before 1 Dec 2026


class Phase(Part):
    title: ShortText
    minutes: int = Field(ge=5, le=600)
    lead: Lead
    mode: CoTeachingMode

    @field_validator("mode", mode="before")
    @classmethod
    def _old_wording(cls, value: object) -> object:
        return _OLD_MODES.get(value, value) if isinstance(value, str) else value

    role_professional: Text
    role_general: Text
    students: Text


class CoInterventionPlan(Document):
    """The plan both teachers prepare together; every phase says who leads and what each teacher does."""

    doc_type: Literal["cointervention"] = "cointervention"
    referential: str = "bacpro-mcv-b"
    rules: str = "cointervention-2019"
    level: str
    school_year: str
    discipline: Discipline
    scenario_id: str = ""
    company: ShortText | None = None
    situation: Text
    rap_task: str = ""
    task: OptionalText = ""  # the situation's task the séance is built on, chosen by the teachers
    task_choice: OptionalText = ""  # why that task: the teachers' choice or the automatic rule
    objective: Text
    competences: tuple[str, ...] = Field(min_length=1)
    general_unit: str
    capacities: tuple[Capacity, ...] = Field(min_length=1)
    professional_teacher: ShortText = "professeur de vente (économie-gestion)"
    general_teacher: ShortText
    phases: tuple[Phase, ...] = Field(min_length=1)
    productions: tuple[ShortText, ...] = ()
    evaluation_professional: tuple[Text, ...] = ()
    evaluation_general: tuple[Text, ...] = ()
    programme_capacities: OptionalText = ""  # the official programme's capacities, written by the team
    notes: OptionalText = ""

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> CoInterventionPlan:
        ref = context_referential(info, self.referential)
        try:
            year_start(self.school_year)
            rule_set(self.rules)
        except SpiraleError as exc:
            raise ValueError(str(exc)) from None
        check_codes(ref, self.level, self.competences, [self.rap_task], [self.general_unit])
        return self

    @property
    def duration_hours(self) -> float:
        return round(sum(p.minutes for p in self.phases) / 60, 2)

    @property
    def discipline_label(self) -> str:
        return discipline_info(self.discipline)["libelle"]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @property
    def programme(self) -> dict:
        """The year's official programme capacities: the team's text and its source, or « à compléter »."""
        return programme_status(self.discipline, self.level, self.programme_capacities)

    @property
    def rule(self) -> RuleSet:
        return rule_set(self.rules)

    @property
    def unit(self) -> GeneralUnit:
        """The general unit with its official descriptor, for exports."""
        return next(u for u in load_referential(self.referential).general_units if u.code == self.general_unit)

    @property
    def budget_hours(self) -> float:
        return yearly_hours(self.rule, load_referential(self.referential), self.level, self.discipline)

    @property
    def lead_labels(self) -> dict[str, str]:
        return LEAD_LABELS

    def facets(self) -> dict:
        ref = load_referential(self.referential)
        blocks = {ref.competence(c).block for c in self.competences}
        return {
            "level": self.level,
            "blocks": [b.code for b in ref.blocks if b.code in blocks],
            "competences": list(self.competences),
            "context": self.company or "",
            "referential": self.referential,
            "discipline": self.discipline,
            "school_year": self.school_year,
        }


# --- proposal ----------------------------------------------------------------------------------------------
def programme_status(discipline: str, level: str, written: str = "") -> dict:
    """{text, source} of the year's programme capacities: shipped official text (none today), the team's own
    text, or « à compléter par l'équipe » with why."""
    data = mapping()
    shipped = data["programmes"].get(discipline, {}).get(level, {}).get("source", "")
    label = LEVEL_LABELS.get(level, level)
    note = data["note_programmes"].format(discipline=discipline_info(discipline)["libelle"].lower(), niveau=label)
    if written.strip():
        return {"text": written.strip(), "source": "saisi par l'équipe", "note": note}
    return {"text": data["a_completer"], "source": shipped or data["a_completer"], "note": note}


def _capacity(cap: dict, level: str) -> Capacity:
    """Spirale's capacity worded for the year (Seconde, Première, Terminale), marked as Spirale's suggestion."""
    label = LEVEL_LABELS.get(level, level)
    year = cap.get("niveaux", {}).get(level)
    title = f"{cap['intitule']} — en {label} : {year}" if year else cap["intitule"]
    return Capacity(
        code=cap["code"],
        title=title,
        level=level,
        origin=f"Spirale — suggestion propre pour la {label}, non officielle" if year else mapping()["origine"],
    )


def task_options(scenario: Scenario) -> list[tuple[int, str]]:
    """(number from 1, title) of the situation's tasks, what the teachers choose from."""
    return [(n, t.title) for n, t in enumerate(scenario.tasks, 1)]


def default_task(scenario: Scenario) -> tuple[int, str]:
    """The automatic choice and why: the first task linked to a task of the RAP (the guide builds a séance on
    a professional situation of the RAP), else the first task."""
    for n, task in enumerate(scenario.tasks, 1):
        if task.rap_task:
            return n, (
                f"choix automatique : la tâche n° {n}, première tâche de la situation reliée au référentiel "
                f"des activités professionnelles ({task.rap_task})"
            )
    return (
        1,
        "choix automatique : la tâche n° 1 (aucune tâche n'est reliée au référentiel des activités professionnelles)",
    )


def _capacities_for(competences: list[str], discipline: str, limit: int = 2) -> list[dict]:
    """Capacities most often linked to the scenario's competences, ties broken by the mapping's priority."""
    links = mapping()["correspondances"]
    score: dict[str, tuple[int, int]] = {}
    for code in competences:
        for rank, cap in enumerate(links.get(code, {}).get(discipline, [])):
            count, best = score.get(cap, (0, 99))
            score[cap] = (count + 1, min(best, rank))
    if not score:
        raise SpiraleError(
            f"aucune capacité de {discipline_info(discipline)['libelle'].lower()} n'est associée "
            f"aux compétences {', '.join(competences)} : choisissez une autre situation"
        )
    ranked = sorted(score, key=lambda c: (-score[c][0], score[c][1], c))[:limit]
    by_code = {c["code"]: c for c in discipline_info(discipline)["capacites"]}
    return [by_code[c] for c in ranked]


def chosen_task(scenario: Scenario, number: int | None) -> tuple[int, str]:
    """(number, why) of the task the séance is built on: the teachers' `number`, or the automatic choice."""
    if number is None or number == 0:
        return default_task(scenario)
    options = task_options(scenario)
    if not 1 <= number <= len(options):
        listed = " ; ".join(f"{n}. {t}" for n, t in options)
        raise SpiraleError(
            f"tâche n° {number} inconnue : la situation « {scenario.title} » a {len(options)} tâche(s) : {listed}"
        )
    return number, "choisie par l'équipe"


def propose_cointervention(
    scenario: Scenario, discipline: str, school_year: str | None = None, task: int | None = None
) -> CoInterventionPlan:
    """A complete, editable plan for one séance built on the scenario's professional situation.

    `task`: number (from 1) of the situation's task the general teacher works on; None or 0: automatic.
    """
    info = discipline_info(discipline)
    ref = load_referential(scenario.referential)
    school_year = school_year or current_school_year()
    rule = rules_for(school_year, scenario.level, "cointervention", diploma_of(ref))
    if yearly_hours(rule, ref, scenario.level, discipline) <= 0:
        raise SpiraleError(
            f"pas d'heures de co-intervention en {info['libelle'].lower()} en "
            f"{LEVEL_LABELS.get(scenario.level, scenario.level)} dans la grille du référentiel"
        )
    caps = _capacities_for(scenario.competences, discipline)
    links = mapping()["correspondances"]
    chosen = {c["code"] for c in caps}
    competences = [c for c in scenario.competences if chosen & set(links.get(c, {}).get(discipline, []))]
    number, why = chosen_task(scenario, task)
    picked = scenario.tasks[number - 1]
    rap_code = picked.rap_task
    task_label = picked.title
    words = {
        "tache": task_label,
        "capacite": caps[0]["intitule"],
        "activite": caps[0]["activite"],
        "production": caps[0]["production"],
        "discipline": info["libelle"].lower(),
    }
    phases = [
        Phase(
            title=p["titre"].format(**words),
            minutes=p["minutes"],
            lead=p["pilote"],
            mode=p["mode"],
            role_professional=p["role_professionnel"].format(**words),
            role_general=p["role_general"].format(**words),
            students=p["eleves"].format(**words),
        )
        for p in mapping()["seance_type"]
    ]
    competence_titles = [ref.competence(c).title for c in competences]
    return CoInterventionPlan.model_validate(
        dict(
            title=f"Co-intervention {info['libelle'].lower()} — {scenario.title}"[:300],
            referential=scenario.referential,
            rules=rule.id,
            level=scenario.level,
            school_year=school_year,
            discipline=discipline,
            scenario_id=scenario.id,
            company=scenario.context.name,
            situation=f"{scenario.context.name} ({scenario.context.sector}) — {scenario.mission}"[:5000],
            rap_task=rap_code,
            task=f"{number}. {task_label}",
            task_choice=why,
            objective=(
                f"Réussir la tâche professionnelle « {task_label} » en mobilisant ensemble la compétence "
                f"« {competence_titles[0]} » et, en {info['libelle'].lower()}, la capacité "
                f"« {caps[0]['intitule']} »."
            ),
            competences=competences,
            general_unit=info["unite"],
            capacities=[_capacity(c, scenario.level) for c in caps],
            general_teacher=info["enseignant"],
            authors=list(scenario.authors),
            phases=phases,
            productions=[c["production"] for c in caps] + list(scenario.productions[:2]),
            evaluation_professional=list(scenario.evaluation_criteria[:3])
            or [
                f"Positionnement sur la compétence {c} « {t} » (grille du référentiel)"
                for c, t in zip(competences, competence_titles)
            ],
            evaluation_general=[c["evaluation"] for c in caps],
        ),
        context={"referential": ref},
    )


# --- hours -------------------------------------------------------------------------------------------------
def check_hours(plan: CoInterventionPlan, others: Iterable[CoInterventionPlan] = ()) -> HoursReport:
    """This plan plus the same class's other plans (`services.plans` fetches them from the bank), against the
    year's co-intervention hours."""
    ref = load_referential(plan.referential)
    budget = yearly_hours(rule_set(plan.rules), ref, plan.level, plan.discipline)
    others = [
        p
        for p in others
        if p.id != plan.id
        and p.referential == plan.referential
        and p.level == plan.level
        and p.discipline == plan.discipline
        and p.school_year == plan.school_year
    ]
    used = round(sum(p.duration_hours for p in others), 2)
    report = HoursReport(planned=round(used + plan.duration_hours, 2), budget=budget)
    where = f"co-intervention {plan.discipline_label.lower()} en {plan.level_label} ({plan.school_year})"
    report.messages.append(
        f"C{where[1:]} : cette séance dure {fmt_hours(plan.duration_hours)}"
        + (
            f", les {len(others)} séances déjà dans la banque {fmt_hours(used)}"
            if len(others) > 1
            else f", la séance déjà dans la banque {fmt_hours(used)}"
            if others
            else ", aucune autre séance dans la banque"
        )
        + f" : {fmt_hours(report.planned)} sur les {fmt_hours(budget)} prévues par la grille horaire."
    )
    if report.planned > budget:
        report.problem(
            f"Dépassement de {fmt_hours(report.planned - budget)} : raccourcissez une phase ou "
            f"retirez une séance de la banque."
        )
    else:
        report.messages.append(f"Il reste {fmt_hours(budget - report.planned)} de {where}.")
    for number, phase in enumerate(plan.phases, 1):
        if not (phase.role_professional.strip() and phase.role_general.strip()):
            report.problem(f"Phase n° {number} « {phase.title} » : le rôle de chaque enseignant doit être précisé.")
    return report


# --- spreadsheet -------------------------------------------------------------------------------------------
def cointervention_sheets(plan: CoInterventionPlan, **_context) -> list[Sheet]:
    """The séance as a table both teachers can fill in their own spreadsheet."""
    intro = [
        ("Plan", plan.title),
        ("Niveau", plan.level_label),
        ("Année scolaire", plan.school_year),
        ("Discipline", plan.discipline_label),
        ("Objectif partagé", plan.objective),
    ]
    phases = Sheet(
        "Séance",
        [
            "N°",
            "Phase",
            "Minutes",
            "Pilote",
            "Mode",
            "Enseignant de vente",
            f"Enseignant de {plan.discipline_label.lower()}",
            "Élèves",
        ],
        [
            [i, p.title, p.minutes, LEAD_LABELS[p.lead], p.mode, p.role_professional, p.role_general, p.students]
            for i, p in enumerate(plan.phases, 1)
        ],
        intro=intro,
        fixed=8,
        widths=[5, 28, 8, 18, 22, 40, 40, 40],
    )
    return [phases]
