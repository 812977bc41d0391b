"""Chef-d'œuvre (2019 rules) / projet (2024 rules) plan over Première and Terminale, week by week around PFMP.

The rule set of each school year (`data/regles/`) decides the hours and the final oral, so a cohort that
started under one reform keeps a consistent plan and the next cohort gets the new rules without code changes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from ..document import Document, OptionalText, Part, ShortText, Text, context_referential
from ..errors import SpiraleError
from ..referential import load_referential
from ..referential.model import GeneralUnit, Referential
from ..scenario.model import LEVEL_LABELS, Scenario
from ..sheets import Sheet
from ..text import french_hours as fmt_hours
from .calendar import KIND_LABELS, Week, YearCalendar, default_weeks, pfmp_periods, place_pfmp
from .cointervention import check_codes, current_school_year, diploma_of
from .rules import ORIGIN_LABELS, HoursReport, RuleSet, rule_set, rules_for, shift_year, year_start, yearly_hours

GRADES = ("premiere", "terminale")
DEVICE_LABELS = {"chef-doeuvre": "Chef-d'œuvre", "projet": "Projet"}

# Spirale's own pedagogy (non official): the guide asks for attention to social and creative competences.
SOCIAL_CREATIVE = (
    "Travailler en équipe et coopérer",
    "Communiquer à l'écrit et à l'oral avec des interlocuteurs variés",
    "S'organiser, planifier et respecter des échéances",
    "Prendre des initiatives et des responsabilités",
    "Faire preuve de créativité et proposer des idées nouvelles",
    "Porter un regard critique sur son travail",
)
DEFAULT_THEME = (
    "Concevoir et animer une opération de valorisation de l'offre (salon, show-room, vente éphémère) "
    "pour une entreprise partenaire"
)
DEFAULT_COMPETENCES = ("4B.2", "4B.5", "1.2")
DEFAULT_UNITS = ("U51", "U12", "U6")
# (share of the year's teaching weeks, activity) for each stage, then the milestone that closes it.
STAGES = {
    "premiere": [
        (
            0.15,
            "Lancement : choix du thème, constitution des équipes, premières idées",
            "Thème et équipes arrêtés",
            "Fiche projet (thème, objectifs, rôles de chacun)",
        ),
        (
            0.45,
            "Recherches, étude de l'existant et cahier des charges",
            "Cahier des charges validé",
            "Cahier des charges de la réalisation",
        ),
        (
            0.9,
            "Conception et premières réalisations",
            "Premier prototype",
            "Maquette ou première version de la réalisation",
        ),
        (1.0, "Bilan de première et objectifs de terminale", "Bilan de première", "Bilan écrit dans le carnet de bord"),
    ],
    "terminale": [
        (0.6, "Réalisation", "Réalisation aboutie", "Réalisation (produit, événement, support)"),
        (
            0.85,
            "Finalisation et valorisation de la réalisation",
            "Réalisation présentée",
            "Présentation de la réalisation aux partenaires",
        ),
        (1.0, "Préparation de l'oral", "Support de l'oral prêt", "Support de présentation de l'oral"),
    ],
}


class ProjectWeek(Week):
    hours: float = Field(default=0, ge=0, le=35)
    activity: OptionalText = ""


class ProjectYear(Part):
    grade: Literal["premiere", "terminale"]
    school_year: str
    rules: str
    pfmp_rule: str = ""
    weeks: tuple[ProjectWeek, ...] = Field(min_length=1)

    @property
    def hours(self) -> float:
        return round(sum(w.hours for w in self.weeks), 2)

    @property
    def rule(self) -> RuleSet:
        return rule_set(self.rules)

    @property
    def label(self) -> str:
        return f"{LEVEL_LABELS[self.grade]} {self.school_year} — {self.rule.intitule}"

    def budget(self, ref: Referential) -> float:
        return yearly_hours(self.rule, ref, self.grade)


class Milestone(Part):
    grade: Literal["premiere", "terminale"]
    week: int = Field(ge=1, le=60)
    title: ShortText
    production: ShortText


class BookletEntry(Part):
    grade: Literal["premiere", "terminale"]
    week: int = Field(ge=1, le=60)
    heading: ShortText
    prompt: Text


class FinalOral(Part):
    title: ShortText
    grade: str
    timing: ShortText
    text: Text
    source: Text
    origin: ShortText
    rules: str


class ProjectPlan(Document):
    """The two-year plan: theme, weeks, milestones, competences, carnet de bord and the oral of the rules."""

    doc_type: Literal["projet"] = "projet"
    referential: str = "bacpro-mcv-b"
    theme: Text
    kind: Literal["individuel", "collectif"] = "collectif"
    realisation: Text
    company: ShortText | None = None
    scenario_ids: tuple[str, ...] = ()
    years: tuple[ProjectYear, ...] = Field(min_length=1, max_length=2)
    milestones: tuple[Milestone, ...] = ()
    competences: tuple[str, ...] = Field(min_length=1)
    general_units: tuple[str, ...] = ()
    social_creative: tuple[ShortText, ...] = ()
    booklet: tuple[BookletEntry, ...] = ()
    oral: FinalOral | None = None
    notes: OptionalText = ""

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ProjectPlan:
        ref = context_referential(info, self.referential)
        try:
            for year in self.years:
                year_start(year.school_year)
                year.rule.for_grade(year.grade)
        except SpiraleError as exc:
            raise ValueError(str(exc)) from None
        grades = [y.grade for y in self.years]
        if len(set(grades)) != len(grades):
            raise ValueError("une même classe apparaît deux fois dans le plan")
        check_codes(ref, self.years[0].grade, self.competences, units=self.general_units)
        return self

    @property
    def device_label(self) -> str:
        """« Chef-d'œuvre », « Projet » or both when a cohort crosses a reform."""
        labels = dict.fromkeys(DEVICE_LABELS[y.rule.dispositif] for y in self.years)
        return " / ".join(labels)

    @property
    def total_hours(self) -> float:
        return round(sum(y.hours for y in self.years), 2)

    def year(self, grade: str) -> ProjectYear:
        for y in self.years:
            if y.grade == grade:
                return y
        raise SpiraleError(f"le plan ne comporte pas d'année de {LEVEL_LABELS.get(grade, grade)}")

    @property
    def units(self) -> list[GeneralUnit]:
        """General units with their official descriptors, for exports."""
        wanted = set(self.general_units)
        return [u for u in load_referential(self.referential).general_units if u.code in wanted]

    @property
    def rule_sets(self) -> list[RuleSet]:
        return list({y.rules: y.rule for y in self.years}.values())

    def week_rows(self, year: ProjectYear) -> list[dict]:
        """One row per week for the calendar table: type, hours, activity, milestones and booklet entries."""
        marks: dict[int, list[str]] = {}
        for m in self.milestones:
            if m.grade == year.grade:
                marks.setdefault(m.week, []).append(f"Jalon : {m.title} — {m.production}")
        for e in self.booklet:
            if e.grade == year.grade:
                marks.setdefault(e.week, []).append(f"Carnet de bord : {e.heading}")
        return [
            {
                "semaine": w.number,
                "type": w.label or KIND_LABELS[w.kind],
                "heures": fmt_hours(w.hours) if w.hours else "",
                "activite": w.activity,
                "reperes": marks.get(w.number, []),
            }
            for w in year.weeks
        ]

    def facets(self) -> dict:
        ref = load_referential(self.referential)
        blocks = {ref.competence(c).block for c in self.competences}
        return {
            "level": self.years[0].grade,
            "blocks": [b.code for b in ref.blocks if b.code in blocks],
            "competences": list(self.competences),
            "context": self.company or "",
            "referential": self.referential,
        }


# --- proposal ----------------------------------------------------------------------------------------------
def _spread(budget: float, count: int) -> list[float]:
    """`budget` hours over `count` weeks in half-hour steps, the extra half-hours first."""
    if count <= 0:
        return []
    base, extra = divmod(round(budget * 2), count)
    return [(base + (1 if i < extra else 0)) / 2 for i in range(count)]


def _stages(grade: str, count: int) -> list[int]:
    """Stage index of each of the year's `count` teaching weeks."""
    return [
        next(i for i, stage in enumerate(STAGES[grade]) if (index + 1) / count <= stage[0] + 1e-9)
        for index in range(count)
    ]


def _year(ref: Referential, grade: str, school_year: str, rule: RuleSet, pfmp_rule: str) -> ProjectYear:
    calendar = place_pfmp(YearCalendar(level=grade, weeks=default_weeks()), pfmp_periods(ref, pfmp_rule, grade))
    teaching = calendar.numbers("cours")[: rule.for_grade(grade).semaines_cours or None]
    hours = dict(zip(teaching, _spread(yearly_hours(rule, ref, grade), len(teaching))))
    stage_of = dict(zip(teaching, _stages(grade, len(teaching))))
    pfmp = set(calendar.numbers("pfmp"))
    weeks, back_from_pfmp = [], False
    for week in calendar.weeks:
        activity = ""
        if week.number in hours:
            activity = STAGES[grade][stage_of[week.number]][1]
            if week.number + 1 in pfmp:
                activity += " ; préparer la PFMP : ce que j'observerai en entreprise pour le projet"
            elif back_from_pfmp:
                activity += " ; retour de PFMP : apports de l'entreprise au projet"
            back_from_pfmp = False
        elif week.kind == "cours":
            activity = "Hors projet (épreuves, fin d'année)"
        back_from_pfmp = back_from_pfmp or week.kind == "pfmp"
        weeks.append(ProjectWeek(**week.model_dump(), hours=hours.get(week.number, 0), activity=activity))
    return ProjectYear(grade=grade, school_year=school_year, rules=rule.id, pfmp_rule=pfmp_rule, weeks=weeks)


def _milestones(year: ProjectYear) -> list[Milestone]:
    """One milestone on the last week of each stage."""
    teaching = [w.number for w in year.weeks if w.hours > 0]
    stages = _stages(year.grade, len(teaching))
    return [
        Milestone(
            grade=year.grade, week=number, title=STAGES[year.grade][stage][2], production=STAGES[year.grade][stage][3]
        )
        for index, (number, stage) in enumerate(zip(teaching, stages))
        if index + 1 == len(stages) or stages[index + 1] != stage
    ]


def _booklet(year: ProjectYear, milestones: list[Milestone]) -> list[BookletEntry]:
    entries = [
        BookletEntry(
            grade=year.grade,
            week=m.week,
            heading=m.title,
            prompt=f"Ce que j'ai fait, ce que j'ai appris, ce qui reste à faire ; production : {m.production}.",
        )
        for m in milestones
    ]
    starts = [
        w.number
        for w in year.weeks
        if w.kind == "pfmp" and (w.number - 1) not in {x.number for x in year.weeks if x.kind == "pfmp"}
    ]
    for number in starts:
        entries.append(
            BookletEntry(
                grade=year.grade,
                week=number,
                heading="PFMP et projet",
                prompt="Ce que j'ai observé ou réalisé en entreprise qui sert le projet ; "
                "une photo, un document ou un contact à rapporter.",
            )
        )
    return sorted(entries, key=lambda e: e.week)


def propose_project(
    referential: str = "bacpro-mcv-b",
    start_year: str | None = None,
    scenarios: list[Scenario] = (),
    theme: str | None = None,
    kind: str = "collectif",
    rules: str | None = None,
    pfmp_rule: str | None = None,
) -> ProjectPlan:
    """A two-year plan starting in Première of `start_year`; `rules` forces one rule set for both years."""
    ref = load_referential(referential)
    if not all(ref.has("niveau", g) for g in GRADES):
        raise SpiraleError(
            f"le chef-d'œuvre / projet se prépare en première et terminale de baccalauréat "
            f"professionnel : le référentiel « {ref.short_title} » n'a pas ces classes"
        )
    start_year = start_year or current_school_year()
    years = []
    for offset, grade in enumerate(GRADES):
        school_year = shift_year(start_year, offset)
        rule = rule_set(rules) if rules else rules_for(school_year, grade, "projet", diploma_of(ref))
        chosen_pfmp = pfmp_rule or rule.regle_pfmp or ref.pfmp_rules[0].rule
        years.append(_year(ref, grade, school_year, rule, chosen_pfmp))
    milestones = [m for y in years for m in _milestones(y)]
    oral_rule = years[-1].rule
    oral = oral_rule.oral and FinalOral(
        title=oral_rule.oral.intitule,
        grade=oral_rule.oral.classe,
        timing=oral_rule.oral.moment,
        text=oral_rule.oral.texte,
        source=oral_rule.oral.source,
        origin=ORIGIN_LABELS[oral_rule.oral.origine],
        rules=oral_rule.id,
    )
    first = scenarios[0] if scenarios else None
    competences = list(dict.fromkeys(c for s in scenarios for c in s.competences)) or list(DEFAULT_COMPETENCES)
    if first and not theme:
        theme = f"{DEFAULT_THEME.split(' pour ')[0]} pour {first.context.name} ({first.context.sector})"
    return ProjectPlan.model_validate(
        dict(
            title=f"{'/'.join(dict.fromkeys(DEVICE_LABELS[y.rule.dispositif] for y in years))} "
            f"{start_year[:4]}-{int(start_year[:4]) + 2} — {theme or DEFAULT_THEME}"[:300],
            referential=ref.id if ref.id else referential,
            theme=theme or DEFAULT_THEME,
            kind=kind,
            realisation=(
                "Une réalisation "
                + ("collective" if kind == "collectif" else "individuelle")
                + " présentée aux partenaires, traduction de l'engagement de chaque élève."
            ),
            company=first.context.name if first else None,
            scenario_ids=[s.id for s in scenarios],
            years=years,
            milestones=milestones,
            competences=competences,
            general_units=[u for u in DEFAULT_UNITS if u in {g.code for g in ref.general_units}],
            social_creative=list(SOCIAL_CREATIVE),
            booklet=[e for y in years for e in _booklet(y, [m for m in milestones if m.grade == y.grade])],
            oral=oral or None,
            authors=list(dict.fromkeys(a for s in scenarios for a in s.authors)),
        ),
        context={"referential": ref},
    )


# --- check -------------------------------------------------------------------------------------------------
def check_project(plan: ProjectPlan) -> HoursReport:
    """Hours of each year against its rule set, nothing on PFMP or holidays, milestones and oral in place."""
    ref = load_referential(plan.referential)
    report = HoursReport()
    for year in plan.years:
        budget = yearly_hours(year.rule, ref, year.grade)
        report.budget += budget
        report.planned += year.hours
        where = f"{LEVEL_LABELS[year.grade]} {year.school_year}"
        report.messages.append(
            f"{where} : {fmt_hours(year.hours)} prévues sur {fmt_hours(budget)} "
            f"({year.rule.intitule} ; {ORIGIN_LABELS[year.rule.for_grade(year.grade).origine]})."
        )
        if year.hours > budget + 1e-9:
            report.problem(f"{where} : dépassement de {fmt_hours(year.hours - budget)}.")
        elif year.hours < budget - 0.5:
            report.messages.append(f"{where} : il reste {fmt_hours(budget - year.hours)} à placer.")
        for week in year.weeks:
            if week.hours and week.kind != "cours":
                report.problem(
                    f"{where}, semaine {week.number} : {fmt_hours(week.hours)} de projet placées "
                    f"pendant {'la PFMP' if week.kind == 'pfmp' else 'les vacances'}."
                )
        numbers = {w.number for w in year.weeks}
        for item in [*plan.milestones, *plan.booklet]:
            if item.grade == year.grade and item.week not in numbers:
                report.problem(
                    f"{where} : la semaine {item.week} (« {getattr(item, 'title', '') or item.heading} ») "
                    f"n'existe pas dans le calendrier."
                )
    for warning in dict.fromkeys(y.rule.avertissement for y in plan.years if y.rule.avertissement):
        report.messages.append(f"Attention : {warning}")
    last = plan.years[-1]
    if last.rule.oral and last.grade == last.rule.oral.classe and plan.oral is None:
        report.problem(f"L'oral final (« {last.rule.oral.intitule} ») prévu par les règles manque au plan.")
    report.planned, report.budget = round(report.planned, 2), round(report.budget, 2)
    return report


# --- spreadsheet -------------------------------------------------------------------------------------------
def project_sheets(plan: ProjectPlan, **_context) -> list[Sheet]:
    """One sheet per year, week by week: what teams keep up to date in their shared spreadsheet."""
    sheets = []
    for year in plan.years:
        rows = [
            [
                r["semaine"],
                r["type"],
                next((w.hours for w in year.weeks if w.number == r["semaine"]), 0),
                r["activite"],
                " ; ".join(r["reperes"]),
            ]
            for r in plan.week_rows(year)
        ]
        sheets.append(
            Sheet(
                LEVEL_LABELS[year.grade],
                ["Semaine", "Type", "Heures", "Activité", "Jalons et carnet"],
                rows,
                intro=[("Plan", plan.title), ("Année", year.label)],
                fixed=5,
                widths=[9, 14, 8, 60, 50],
            )
        )
    return sheets
