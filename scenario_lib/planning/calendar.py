"""School-year calendars of a progression: class weeks, holidays and PFMP periods.

The default year is the usual French one (36 weeks of school, four two-week holidays), numbered in calendar
order so a Gantt view shows holidays where they fall; teachers edit any week afterwards.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from ..document import Part, ShortText
from ..errors import SpiraleError
from ..referential.model import Referential
from .rules import slot_budgets

WeekKind = Literal["cours", "vacances", "pfmp"]
KIND_LABELS = {"cours": "Cours", "vacances": "Vacances", "pfmp": "PFMP"}

# (weeks of school before the holiday, holiday name): 7+7+7+7+8 = 36 weeks of school.
DEFAULT_LAYOUT = ((7, "Toussaint"), (7, "Noël"), (7, "Hiver"), (7, "Printemps"), (8, ""))
HOLIDAY_WEEKS = 2


class Week(Part):
    number: int = Field(ge=1, le=60)
    kind: WeekKind = "cours"
    label: ShortText | None = None
    monday: date | None = None


class YearCalendar(Part):
    """One school year of the cycle: its weeks and the hour budget of each teaching slot."""

    level: str
    weeks: tuple[Week, ...] = Field(min_length=1)
    hours: dict[str, float] = {}

    def week(self, number: int) -> Week:
        for w in self.weeks:
            if w.number == number:
                return w
        raise SpiraleError(f"semaine {number} inexistante dans le calendrier ({len(self.weeks)} semaines)")

    def numbers(self, kind: str) -> list[int]:
        return [w.number for w in self.weeks if w.kind == kind]

    def with_budget(self, slot: str, hours: float) -> YearCalendar:
        """This year with the hour budget of one teaching slot changed, as a new object."""
        return self.model_copy(update={"hours": {**self.hours, slot: hours}})

    def with_kind(self, numbers: list[int], kind: WeekKind, label: str | None = None) -> YearCalendar:
        """This year with weeks `numbers` turned into `kind` weeks, as a new object."""
        for n in numbers:
            self.week(n)
        wanted = set(numbers)
        return self.model_copy(
            update={
                "weeks": tuple(
                    w.model_copy(update={"kind": kind, "label": label}) if w.number in wanted else w for w in self.weeks
                )
            }
        )


def default_weeks(first_monday: date | None = None) -> list[Week]:
    """36 school weeks and the Toussaint, Noël, hiver and printemps holidays, in calendar order."""
    kinds: list[tuple[str, str | None]] = []
    for school, holiday in DEFAULT_LAYOUT:
        kinds += [("cours", None)] * school + ([("vacances", holiday)] * HOLIDAY_WEEKS if holiday else [])
    start = first_monday - timedelta(days=first_monday.weekday()) if first_monday else None
    return [
        Week(number=i, kind=kind, label=label, monday=start + timedelta(weeks=i - 1) if start else None)
        for i, (kind, label) in enumerate(kinds, start=1)
    ]


def project_hours(ref: Referential, level: str, first_monday: date) -> float:
    """Chef-d'œuvre (2019) or projet (2024) hours of the rule set in force that school year.

    Before any dated rule set, the guide's grid (the 2019 chef-d'œuvre hours) stays the budget.
    """
    from .cointervention import current_school_year
    from .rules import rules_for, yearly_hours

    try:
        rule = rules_for(current_school_year(first_monday), level)
    except SpiraleError:
        return slot_budgets(ref, level)["chef-oeuvre"]
    return yearly_hours(rule, ref, level)


def pfmp_rule_sets(ref: Referential) -> list[str]:
    return list(dict.fromkeys(r.rule for r in ref.pfmp_rules))


def pfmp_periods(ref: Referential, rule: str, level: str) -> list[int]:
    """Lengths in weeks of the PFMP periods a rule set asks for in one year (e.g. [3, 3])."""
    if rule not in pfmp_rule_sets(ref):
        known = ", ".join(pfmp_rule_sets(ref)) or "aucune"
        raise SpiraleError(f"règle de PFMP inconnue : « {rule} » (règles du référentiel : {known})")
    rows = [r for r in ref.pfmp_rules if r.rule == rule and r.grade == level]
    if not rows:
        return []
    periods, weeks = max(rows[0].periods, 1), rows[0].weeks
    return [weeks // periods + (1 if i < weeks % periods else 0) for i in range(periods)]


def _segments(weeks: list[Week]) -> list[list[int]]:
    """Runs of consecutive class weeks between holidays (or existing PFMP)."""
    runs: list[list[int]] = [[]]
    for w in weeks:
        if w.kind == "cours":
            runs[-1].append(w.number)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def place_pfmp(year: YearCalendar, lengths: list[int], label: str = "PFMP") -> YearCalendar:
    """`year` with each period at the end of its own run of class weeks, spread over the year after the first run.

    A period never straddles a holiday: teachers do not split a PFMP around one.
    """
    runs = _segments(list(year.weeks))
    taken: set[int] = set()
    for i, length in enumerate(lengths):
        ideal = 1 + round((i + 1) * len(runs[1:]) / (len(lengths) + 1))
        order = sorted(range(len(runs)), key=lambda j: (abs(j - ideal), j))
        pick = next((j for j in order if j not in taken and len(runs[j]) >= length), None)
        if pick is None:
            raise SpiraleError(
                f"{label} n° {i + 1} ({length} semaines) : plus aucune suite de {length} semaines "
                f"de cours sans vacances en {year.level} ; modifiez le calendrier ou la règle de PFMP"
            )
        taken.add(pick)
        year = year.with_kind(runs[pick][-length:], "pfmp", f"{label} {i + 1}")
    return year


def default_year(ref: Referential, level: str, pfmp_rule: str = "", first_monday: date | None = None) -> YearCalendar:
    hours = slot_budgets(ref, level)
    if first_monday and hours.get("chef-oeuvre"):
        hours["chef-oeuvre"] = project_hours(ref, level, first_monday)
    year = YearCalendar(level=level, weeks=default_weeks(first_monday), hours=hours)
    if pfmp_rule:
        year = place_pfmp(year, pfmp_periods(ref, pfmp_rule, level))
    return year
