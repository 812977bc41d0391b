"""The positioning booklet of one pupil for one school year, as in the official PFMP booklet.

Levels are recorded per sub-competence (the booklet's grid has a NE/N/D/A/E row for each bullet) and per
professional attitude; the planned activities are written per competence, prefilled from the situations the
binôme links to the placement.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from ..document import Document, OptionalText, Part, context_referential
from ..errors import SpiraleError
from .pupils import Pupil

PERIODS = {"premiere": ("PFMP 1", "PFMP 2"), "terminale": ("PFMP 3", "PFMP 4")}
YEAR_LABELS = {"premiere": "Première", "terminale": "Terminale"}


class BookletRow(Part):
    competence: str
    planned: dict[str, OptionalText] = {}


class Booklet(Document):
    doc_type: Literal["livret_pfmp"] = "livret_pfmp"
    referential: str = "bacpro-mcv-b"
    pupil: Pupil
    year: Literal["premiere", "terminale"]
    rows: tuple[BookletRow, ...] = Field(min_length=1)
    levels: dict[str, dict[str, str]] = {}
    attitudes: dict[str, dict[str, str]] = {}

    @property
    def periods(self) -> tuple[str, str]:
        return PERIODS[self.year]

    @model_validator(mode="after")
    def _codes_exist(self, info: ValidationInfo) -> Booklet:
        ref = context_referential(info, self.referential)
        scale = {s.code for s in ref.scale("positionnement")}
        attitudes = {a.code for a in ref.attitudes}
        for row in self.rows:
            if not ref.has("compétence", row.competence):
                raise ValueError(f"« compétences » : code inconnu « {row.competence} »")
        for what, table, known in (("niveaux", self.levels, None), ("attitudes", self.attitudes, attitudes)):
            for period, values in table.items():
                if period not in self.periods:
                    raise ValueError(
                        f"« {what} » : période « {period} » inconnue pour l'année "
                        f"{YEAR_LABELS[self.year]} (attendu : {', '.join(self.periods)})"
                    )
                for code, level in values.items():
                    if known is None and not ref.has("sous-compétence", code):
                        raise ValueError(f"« {what} » : sous-compétence inconnue « {code} »")
                    if known is not None and code not in known:
                        raise ValueError(f"« {what} » : attitude inconnue « {code} »")
                    if level not in scale:
                        raise ValueError(
                            f"« {what} » : niveau « {level} » inconnu pour {code} "
                            f"(attendu : {', '.join(sorted(scale))})"
                        )
        return self

    def facets(self) -> dict:
        return {
            "level": self.year,
            "blocks": [],
            "competences": [r.competence for r in self.rows],
            "context": self.pupil.company,
            "referential": self.referential,
        }


def booklet_id(year: str, pupil: Pupil) -> str:
    """The booklet of one pupil for one year: derived, never read from a file a tutor sent back."""
    return f"livret-{year}-{pupil.key}"


def build_booklets(pupils: list[Pupil], year: str, referential, scenarios=()) -> list[Booklet]:
    """One booklet per pupil; planned activities = the linked situations that train each competence."""
    planned = {}
    for comp in referential.competences:
        titles = [s.title for s in scenarios if comp.code in s.competences]
        planned[comp.code] = "\n".join(f"• {t}" for t in titles)
    periods = PERIODS[year]
    owners: dict[str, Pupil] = {}
    for pupil in pupils:
        other = owners.setdefault(booklet_id(year, pupil), pupil)
        if other is not pupil:  # would silently give two pupils one booklet: refuse before anything is written
            raise SpiraleError(
                f"{other.full_name} et {pupil.full_name} auraient le même livret : "
                "distinguez leurs noms dans la liste de classe"
            )
    return [
        Booklet.model_validate(
            dict(
                title=f"Livret PFMP — {pupil.full_name} — {YEAR_LABELS[year]}",
                referential=referential.id,
                pupil=pupil,
                year=year,
                id=booklet_id(year, pupil),
                rows=[
                    BookletRow(competence=c.code, planned={p: planned[c.code] for p in periods})
                    for c in referential.competences
                ],
            ),
            context={"referential": referential},
        )
        for pupil in pupils
    ]
