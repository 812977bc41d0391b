"""Shapes the progression templates, the atelier tab and the spreadsheet share: Gantt rows and heatmaps.

Colours live here once, so the HTML views and the XLSX cells of one progression look the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..referential import load_referential
from ..referential.model import Referential
from ..scenario.model import LEVEL_LABELS
from .calendar import KIND_LABELS, YearCalendar
from .coverage import Analysis, analyse
from .progression import SLOTS, Progression

KIND_COLOURS = {"cours": "FFFFFF", "vacances": "D9D9D9", "pfmp": "F4B183"}
MISSING_COLOUR = "F8CBAD"
OPTIONAL_COLOUR = "D9D9D9"  # not worked, and optional that year (4B in Seconde)
HEAT = ("FFFFFF", "E2F0D9", "C5E0B4", "A9D18E", "70AD47")  # 0, 1, 2, 3, 4+ situations


def heat_colour(count: int) -> str:
    return HEAT[max(0, min(int(count), len(HEAT) - 1))]


@dataclass
class GanttCell:
    week: int
    kind: str
    label: str
    colour: str
    items: dict[str, list[int]] = field(default_factory=dict)  # slot → numbers of the placements that week


@dataclass
class YearView:
    level: str
    label: str
    cells: list[GanttCell]
    legend: list[tuple[int, str, str, float, str]]  # number, title, slot label, hours, competences
    heat_rows: list[tuple[str, str, list[tuple[int, str]], bool]]  # block, competence, cells, missing
    slots: dict[str, str]  # slot → label, the rows of the Gantt (enseignement professionnel always)


@dataclass
class ProgressionViews:
    progression: Progression
    ref: Referential
    analysis: Analysis
    years: list[YearView]
    columns: dict[str, list[str]]  # year → heat map column headers (situations)
    cycle_rows: list[tuple[str, str, str, list[tuple[int, str]]]]  # block, code, title, count per year
    hour_rows: list[tuple[str, str, float | None, float, float | None]]  # year, slot, available, used, left


def _year_view(progression: Progression, year: YearCalendar, analysis: Analysis) -> tuple[YearView, list[str]]:
    placements = progression.placements_of(year.level)
    numbers = {id(p): i for i, p in enumerate(placements, start=1)}
    cells = []
    for w in year.weeks:
        items: dict[str, list[int]] = {}
        for p in placements:
            if p.week == w.number:
                items.setdefault(p.slot, []).append(numbers[id(p)])
        label = w.label or KIND_LABELS[w.kind]
        cells.append(GanttCell(w.number, w.kind, label, KIND_COLOURS[w.kind], items))
    legend = [
        (
            numbers[id(p)],
            p.title,
            SLOTS[p.slot] + (f" — situation de CCF {p.exam}" if p.exam else ""),
            p.hours,
            ", ".join(p.competences),
        )
        for p in placements
    ]
    matrix = analysis.matrix_of(year.level)
    missing = set(analysis.missing().get(year.level, []))
    rows = [
        (block, code, [(int(v), heat_colour(v)) for v in matrix.loc[(block, code)].tolist()], code in missing)
        for block, code in matrix.index
    ]
    headers = [str(numbers[id(p)]) for p in placements]  # the matrix has one column per placement, same order
    used = {p.slot for p in placements} | {"professionnel"}
    slots = {slot: label for slot, label in SLOTS.items() if slot in used}
    view = YearView(year.level, LEVEL_LABELS.get(year.level, year.level), cells, legend, rows, slots)
    return view, headers


def progression_views(
    progression: Progression, ref: Referential | None = None, analysis: Analysis | None = None
) -> ProgressionViews:
    ref = ref or load_referential(progression.referential)
    analysis = analysis or analyse(progression, ref)
    years, columns = [], {}
    for year in progression.years:
        view, headers = _year_view(progression, year, analysis)
        years.append(view)
        columns[year.level] = headers
    counts = analysis.placements.groupby(["compétence", "année"]).size()

    def colour(code: str, level: str) -> str:
        if counts.get((code, level), 0):
            return heat_colour(counts[(code, level)])
        return OPTIONAL_COLOUR if code in analysis.optional.get(level, ()) else MISSING_COLOUR

    cycle = [
        (
            c.block,
            c.code,
            c.title,
            [(int(counts.get((c.code, y.level), 0)), colour(c.code, y.level)) for y in progression.years],
        )
        for c in ref.competences
    ]
    hour_rows = [
        (LEVEL_LABELS.get(r.année, r.année), SLOTS[r.créneau], r.disponible, r.utilisé, r.reste)
        for r in analysis.hours.itertuples(index=False)
    ]
    return ProgressionViews(progression, ref, analysis, years, columns, cycle, hour_rows)


def template_context(progression: Progression, ref: Referential | None = None) -> dict:
    """What `templates/progression/` receive besides `doc`: the views (the registry's `template_context`)."""
    return {"views": progression_views(progression, ref)}
