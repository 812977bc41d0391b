"""The three-year progression of a class: calendars, PFMP weeks and the situations placed on them.

Each placement caches what analysis needs (level, competences, hours) so a progression can be analysed,
completed and exported without opening the bank; the scenario id keeps the link to the full situation.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, ValidationError, ValidationInfo, model_validator

from ..doctypes import document_type
from ..document import ID_PATTERN, Document, Part, ShortText, context_referential
from ..errors import SpiraleError
from ..validation import InvalidDocumentError, french_problems
from .calendar import YearCalendar, default_year

# Teaching slots a placement is counted in; their budgets come from the referential's hours table.
SLOTS = {
    "professionnel": "Enseignement professionnel",
    "cointervention-francais": "Co-intervention français",
    "cointervention-maths": "Co-intervention mathématiques-sciences",
    "chef-oeuvre": "Chef-d'œuvre / projet",
}
Slot = Literal["professionnel", "cointervention-francais", "cointervention-maths", "chef-oeuvre"]


def default_slot(doc) -> str:
    """The slot the document's type places it in (`doctypes`); a type that is not placeable is refused."""
    kind = document_type(doc.doc_type)
    if kind.slot is None:
        raise SpiraleError(f"un document de type « {kind.label} » ne se place pas dans une progression")
    return kind.slot(doc)


class Placement(Part):
    """A situation (or a co-intervention / chef-d'œuvre session) on one week of one year."""

    scenario_id: str = Field(pattern=ID_PATTERN)
    title: ShortText
    year: str
    week: int = Field(ge=1, le=60)
    level: str
    competences: tuple[str, ...] = Field(min_length=1)
    sub_competences: tuple[str, ...] = ()
    hours: float = Field(gt=0, le=400)
    slot: Slot = "professionnel"
    exam: str = ""  # the épreuve this situation is the CCF of (« E31 »): `planning.exams.place_ccf`


class Progression(Document):
    """One class's progression over its cycle (Seconde → Terminale for the Bac Pro)."""

    doc_type: Literal["progression"] = "progression"
    referential: str = "bacpro-mcv-b"
    class_name: ShortText
    pfmp_rule: str = ""
    years: tuple[YearCalendar, ...] = Field(min_length=1)
    placements: tuple[Placement, ...] = ()

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Progression:
        ref = context_referential(info, self.referential)
        levels = [y.level for y in self.years]
        for level in levels:
            if not ref.has("niveau", level):
                raise ValueError(f"année « {level} » inconnue (attendu : {', '.join(lv.code for lv in ref.levels)})")
        if len(set(levels)) != len(levels):
            raise ValueError("une même année apparaît deux fois dans la progression")
        for year in self.years:
            numbers = [w.number for w in year.weeks]
            if numbers != list(range(1, len(numbers) + 1)):
                raise ValueError(f"{year.level} : les semaines doivent être numérotées 1, 2, 3… sans trou")
        weeks = {y.level: len(y.weeks) for y in self.years}
        for p in self.placements:
            if p.year not in weeks:
                raise ValueError(f"« {p.title} » est placée en « {p.year} », année absente de la progression")
            if p.week > weeks[p.year]:
                raise ValueError(f"« {p.title} » : semaine {p.week} au-delà des {weeks[p.year]} semaines de l'année")
            if not ref.has("niveau", p.level):
                raise ValueError(f"« {p.title} » : niveau « {p.level} » inconnu")
            for code in p.competences:
                if not ref.has("compétence", code):
                    raise ValueError(f"« {p.title} » : code de compétence inconnu : « {code} »")
            for code in p.sub_competences:
                if not ref.has("sous-compétence", code):
                    raise ValueError(f"« {p.title} » : code de sous-compétence inconnu : « {code} »")
        return self

    def year(self, level: str) -> YearCalendar:
        for y in self.years:
            if y.level == level:
                return y
        raise SpiraleError(f"année « {level} » absente de la progression « {self.title} »")

    def placements_of(self, level: str) -> list[Placement]:
        return sorted((p for p in self.placements if p.year == level), key=lambda p: (p.week, p.title))

    def placed(self, doc, year: str, week: int, slot: str | None = None) -> Progression:
        """This progression with a bank document put on a week (a scenario, a co-intervention plan or a
        chef-d'œuvre / projet plan), as a new object: the placement is its last one.

        The slot follows the document type unless given; the same document twice in one year is refused, and
        so is a PFMP or holiday week (the analysis still reports such weeks in hand-edited files).
        """
        if any(p.scenario_id == doc.id and p.year == year for p in self.placements):
            raise SpiraleError(f"« {doc.title} » est déjà placée en {year}")
        target = self.year(year).week(week)
        if target.kind != "cours":
            kind = "PFMP" if target.kind == "pfmp" else target.kind
            label = f" ({target.label})" if target.label else ""
            raise SpiraleError(
                f"« {doc.title} » ne peut pas être placée en {year}, semaine {week} : c'est une "
                f"semaine de {kind}{label}, pas une semaine de cours"
            )
        slot = slot or default_slot(doc)
        try:
            placement = Placement(
                scenario_id=doc.id,
                title=doc.title,
                year=year,
                week=week,
                level=getattr(doc, "level", year),
                competences=list(doc.competences),
                sub_competences=list(getattr(doc, "sub_competences", [])),
                hours=getattr(doc, "total_hours", None) or doc.duration_hours,
                slot=slot,
            )
        except ValidationError as exc:
            raise InvalidDocumentError(french_problems(exc), "placement") from None
        return self.model_copy(update={"placements": (*self.placements, placement)})

    def without(self, scenario_id: str, year: str) -> Progression:
        """This progression without the situation `scenario_id` of `year`, as a new object."""
        kept = tuple(p for p in self.placements if not (p.scenario_id == scenario_id and p.year == year))
        if len(kept) == len(self.placements):
            raise SpiraleError(f"aucune situation « {scenario_id} » en {year}")
        return self.model_copy(update={"placements": kept})

    def with_year(self, calendar: YearCalendar) -> Progression:
        """This progression with the year of `calendar.level` replaced, as a new object."""
        self.year(calendar.level)
        return self.model_copy(
            update={"years": tuple(calendar if y.level == calendar.level else y for y in self.years)}
        )

    def facets(self) -> dict:
        competences = sorted({c for p in self.placements for c in p.competences})
        return {
            "level": "",
            "blocks": [],
            "competences": competences,
            "context": self.class_name,
            "referential": self.referential,
        }


def new_progression(
    referential: str, class_name: str, pfmp_rule: str = "", title: str = "", first_monday: date | None = None
) -> Progression:
    """A progression with the default calendar of each year of the cycle and the PFMP weeks of `pfmp_rule`."""
    from ..referential import load_referential

    ref = load_referential(referential)  # an edge: the one load, passed to the validators
    starts = [
        first_monday.replace(year=first_monday.year + i) if first_monday else None for i in range(len(ref.levels))
    ]
    years = [default_year(ref, lv.code, pfmp_rule, start) for lv, start in zip(ref.levels, starts)]
    return Progression.model_validate(
        dict(
            title=title or f"Progression {class_name}",
            referential=referential,
            class_name=class_name,
            pfmp_rule=pfmp_rule,
            years=years,
        ),
        context={"referential": ref},
    )
