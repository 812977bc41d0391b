"""One class evaluation of one situation: pupils × the situation's (sub-)competences, levels NE/N/D/A/E.

The grid's columns are the situation's sub-competences (a competence the situation names without any of its
sub-competences gets all of them, as in the booklet's grid; one without sub-competences is evaluated as a whole,
its own code being the column). Levels are the codes of the
referential's `positionnement` scale; an empty cell means « pas encore saisi », `NE` means « non évalué »,
and neither counts as a level. Models are frozen: every change (a keyboard entry, a whole column, a copy of
the previous grid) returns a new `Evaluation` built with `model_copy`, validated again by the bank on save.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from ..document import Document, OptionalText, Part, ShortText
from ..errors import SpiraleError
from ..pfmp.pupils import Pupil

YEARS = ("seconde", "premiere", "terminale")
YEAR_LABELS = {"seconde": "Seconde", "premiere": "Première", "terminale": "Terminale"}
FROZEN = ConfigDict(frozen=True, extra="forbid")


class PupilRow(Part):
    """One pupil's line of the grid: a level per column, a level per attitude, the teacher's comment."""

    model_config = FROZEN
    pupil: Pupil
    levels: dict[str, str] = {}
    attitudes: dict[str, str] = {}
    comment: OptionalText = ""


class Evaluation(Document):
    """A situation evaluated with a class on a given day (document type « evaluation »)."""

    model_config = FROZEN
    doc_type: Literal["evaluation"] = "evaluation"
    referential: str = "bacpro-mcv-b"
    situation_id: str = ""  # the bank scenario evaluated ("" for a situation typed by hand)
    situation_title: ShortText
    grade: ShortText  # the class, as in the class list (« 1MCV B »)
    year: Literal["seconde", "premiere", "terminale"]
    date: date
    competences: list[str] = Field(min_length=1)
    columns: list[str] = Field(min_length=1)  # sub-competence codes (or a competence code evaluated as a whole)
    attitudes: list[str] = []  # attitude codes evaluated in this situation
    rows: list[PupilRow] = Field(min_length=1)
    # where the situation sits in the class's progression (0: not started from a placement)
    progression_id: str = ""
    week: int = Field(default=0, ge=0, le=60)

    @model_validator(mode="after")
    def _codes_exist(self) -> Evaluation:
        from ..referential import load_referential

        ref = load_referential(self.referential)
        scale = {s.code for s in ref.scale("positionnement")}
        known_attitudes = {a.code for a in ref.attitudes}
        for code in self.competences:
            if not ref.has("compétence", code):
                raise ValueError(f"« compétences » : code inconnu « {code} »")
        for code in self.columns:
            if ref.has("sous-compétence", code):
                if ref.sub_competence(code).competence not in self.competences:
                    raise ValueError(
                        f"« colonnes » : la sous-compétence {code} n'appartient à aucune compétence de la situation"
                    )
            elif code not in self.competences:
                raise ValueError(f"« colonnes » : code inconnu « {code} »")
        for code in self.attitudes:
            if code not in known_attitudes:
                raise ValueError(f"« attitudes » : attitude inconnue « {code} »")
        columns, attitudes, seen = set(self.columns), set(self.attitudes), set()
        for row in self.rows:
            who = row.pupil.full_name
            if row.pupil.key in seen:
                raise ValueError(f"« élèves » : {who} figure deux fois dans la grille")
            seen.add(row.pupil.key)
            for what, values, allowed in (("niveaux", row.levels, columns), ("attitudes", row.attitudes, attitudes)):
                for code, level in values.items():
                    if code not in allowed:
                        raise ValueError(f"« {what} » de {who} : « {code} » n'est pas évalué dans cette situation")
                    if level not in scale:
                        raise ValueError(
                            f"« {what} » de {who} : niveau « {level} » inconnu pour {code} "
                            f"(attendu : {', '.join(sorted(scale))})"
                        )
        return self

    @property
    def year_label(self) -> str:
        return YEAR_LABELS[self.year]

    @property
    def placement_label(self) -> str:
        """« Première, semaine 12 » for a grid started from a placement of the progression, else ""."""
        return f"{self.year_label}, semaine {self.week}" if self.week else ""

    @property
    def origin(self) -> str:
        """What the pupil's record names as the evidence's origin: the situation, and its week if known."""
        return f"{self.situation_title} ({self.placement_label})" if self.week else self.situation_title

    def row(self, pupil_key: str) -> PupilRow:
        for row in self.rows:
            if row.pupil.key == pupil_key:
                return row
        raise SpiraleError(f"élève inconnu dans la grille « {self.title} »")

    def parent(self, column: str) -> str:
        """The competence a column belongs to."""
        if column in self.competences:
            return column
        from ..referential import load_referential

        return load_referential(self.referential).sub_competence(column).competence

    def facets(self) -> dict:
        return {
            "level": self.year,
            "blocks": [],
            "competences": list(self.competences),
            "context": self.grade,
            "referential": self.referential,
        }


def evaluation_id() -> str:
    """A fresh id per evaluation (the same situation may be evaluated twice with a class)."""
    from ..document import new_id

    return f"eval-{new_id()}"


def grid_columns(referential, competences: list[str], sub_competences: list[str]) -> list[str]:
    """The columns of a situation's grid, in referential order (see the module docstring)."""
    subs = set(sub_competences)
    columns = []
    for comp in referential.competences:
        if comp.code not in competences:
            continue
        mine = [s.code for s in comp.sub_competences if s.code in subs]
        columns.extend(mine or [s.code for s in comp.sub_competences] or [comp.code])
    return columns


def new_evaluation(
    referential,
    pupils: list[Pupil],
    *,
    situation_title: str,
    competences: list[str],
    sub_competences: list[str] = (),
    year: str,
    when: date,
    situation_id: str = "",
    attitudes: list[str] = (),
    grade: str | None = None,
) -> Evaluation:
    """An empty grid for a class (every cell blank), ready to be filled in the atelier or as XLSX."""
    if not pupils:
        raise SpiraleError("liste de classe vide : aucun élève à évaluer")
    if grade is None:
        grades = sorted({p.grade for p in pupils})
        if len(grades) != 1:
            raise SpiraleError(f"la liste mélange plusieurs classes ({', '.join(grades)}) : une liste par classe")
        grade = grades[0]
    if year not in YEARS:
        raise SpiraleError(f"année inconnue : « {year} » (attendu : {', '.join(YEARS)})")
    return Evaluation(
        id=evaluation_id(),
        title=f"Évaluation — {situation_title} — {grade}"[:300],
        referential=referential.id,
        situation_id=situation_id,
        situation_title=situation_title,
        grade=grade,
        year=year,
        date=when,
        competences=list(competences),
        columns=grid_columns(referential, list(competences), list(sub_competences)),
        attitudes=list(attitudes),
        rows=[PupilRow(pupil=p) for p in pupils],
    )


def evaluation_of_scenario(
    scenario, referential, pupils: list[Pupil], when: date, year: str | None = None, attitudes: list[str] = ()
) -> Evaluation:
    """The grid of a bank scenario: its competences and sub-competences, its level as the year."""
    level = year or (scenario.level if scenario.level in YEARS else "premiere")
    return new_evaluation(
        referential,
        pupils,
        situation_title=scenario.title,
        competences=scenario.competences,
        sub_competences=scenario.sub_competences,
        year=level,
        when=when,
        situation_id=scenario.id,
        attitudes=attitudes,
    )


# --- fast entry (the widget only calls these) ----------------------------------------------------------------
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


def parse_level(text: str, scale) -> str:
    """What a teacher types in a cell → a level code: « a », « A », « averti », « ne », « non évalué »;
    "" clears the cell. Anything else: a French error listing the accepted entries."""
    folded = _fold(text)
    if not folded:
        return ""
    for level in scale:
        if folded in (_fold(level.code), _fold(level.label)):
            return level.code
    raise SpiraleError(
        f"niveau « {str(text).strip()[:20]} » inconnu (attendu : "
        + ", ".join(f"{s.code} ({s.label})" for s in scale)
        + ")"
    )


def _with_level(values: dict[str, str], code: str, level: str) -> dict[str, str]:
    out = dict(values)
    if level:
        out[code] = level
    else:
        out.pop(code, None)
    return out


def set_level(ev: Evaluation, pupil_key: str, column: str, level: str) -> Evaluation:
    """One cell: a level code, or "" to clear. `column` is a grid column or an attitude code."""
    row = ev.row(pupil_key)
    if column in ev.columns:
        new_row = row.model_copy(update={"levels": _with_level(row.levels, column, level)})
    elif column in ev.attitudes:
        new_row = row.model_copy(update={"attitudes": _with_level(row.attitudes, column, level)})
    else:
        raise SpiraleError(f"« {column} » n'est pas une colonne de la grille")
    return _checked(ev.model_copy(update={"rows": [new_row if r.pupil.key == pupil_key else r for r in ev.rows]}))


def set_column(ev: Evaluation, column: str, level: str, only_blank: bool = False) -> Evaluation:
    """A whole column at once (the class did the task the same way); `only_blank` keeps cells already typed."""
    for row in ev.rows:
        current = row.levels.get(column) or row.attitudes.get(column, "")
        if not (only_blank and current):
            ev = set_level(ev, row.pupil.key, column, level)
    return ev


def set_comment(ev: Evaluation, pupil_key: str, comment: str) -> Evaluation:
    row = ev.row(pupil_key).model_copy(update={"comment": comment})
    return _checked(ev.model_copy(update={"rows": [row if r.pupil.key == row.pupil.key else r for r in ev.rows]}))


def copy_previous(ev: Evaluation, previous: Evaluation) -> Evaluation:
    """Start from the previous grid of the class: each pupil's levels in the columns both grids share.

    Comments are not copied (they belong to one situation); pupils new to the class start blank.
    """
    before = {r.pupil.key: r for r in previous.rows}
    rows = []
    for row in ev.rows:
        old = before.get(row.pupil.key)
        if old is None:
            rows.append(row)
            continue
        rows.append(
            row.model_copy(
                update={
                    "levels": {**{c: v for c, v in old.levels.items() if c in ev.columns}, **row.levels},
                    "attitudes": {**{c: v for c, v in old.attitudes.items() if c in ev.attitudes}, **row.attitudes},
                }
            )
        )
    return _checked(ev.model_copy(update={"rows": rows}))


def _checked(ev: Evaluation) -> Evaluation:
    """`model_copy` skips validation: validate the new grid now so a wrong code never reaches the bank."""
    return Evaluation.model_validate(ev.model_dump())


def filled_count(ev: Evaluation) -> tuple[int, int]:
    """(cells filled, cells in the grid), attitudes included."""
    total = len(ev.rows) * (len(ev.columns) + len(ev.attitudes))
    return sum(len(r.levels) + len(r.attitudes) for r in ev.rows), total
