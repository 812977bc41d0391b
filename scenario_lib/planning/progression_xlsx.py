"""The progression as the teachers' cross table: one sheet per year (weeks × competences), coverage, checks.

Registered with the rendering engine's spreadsheet writer, so `export(progression, "xlsx", path)` works.
"""

from __future__ import annotations

from ..sheets import Sheet
from .calendar import KIND_LABELS
from .progression import SLOTS, Progression
from .progression_views import KIND_COLOURS, MISSING_COLOUR, heat_colour, progression_views

SITUATION_COLOUR = "BDD7EE"
FIXED = ["Semaine", "Lundi", "Calendrier", "Situation(s)", "Créneau", "Heures"]


def _year_sheet(doc: Progression, views, year_view, intro) -> Sheet:
    codes = [c.code for c in views.ref.competences]
    year = doc.year(year_view.level)
    rows, fills = [], {}
    for r, week in enumerate(year.weeks):
        here = [p for p in doc.placements if p.year == year.level and p.week == week.number]
        worked = {c for p in here for c in p.competences}
        rows.append(
            [
                week.number,
                week.monday.strftime("%d/%m/%Y") if week.monday else "",
                week.label or KIND_LABELS[week.kind],
                " / ".join(p.title for p in here),
                " / ".join(dict.fromkeys(SLOTS[p.slot] for p in here)),
                sum(p.hours for p in here) or "",
                *("X" if c in worked else "" for c in codes),
            ]
        )
        fills[(r, 2)] = KIND_COLOURS[week.kind]
        if here:
            fills[(r, 3)] = "FF0000" if week.kind != "cours" else SITUATION_COLOUR
        for k, code in enumerate(codes):
            if code in worked:
                fills[(r, len(FIXED) + k)] = heat_colour(3)
    total = len(rows)
    per_code = [sum(1 for p in doc.placements_of(year.level) if c in p.competences) for c in codes]
    rows.append(
        [
            "Total",
            "",
            "",
            f"{len(doc.placements_of(year.level))} situation(s)",
            "",
            sum(p.hours for p in doc.placements_of(year.level)),
            *per_code,
        ]
    )
    for k, count in enumerate(per_code):
        fills[(total, len(FIXED) + k)] = MISSING_COLOUR if not count else heat_colour(count)
    return Sheet(
        year_view.label,
        [*FIXED, *codes],
        rows,
        intro=intro,
        fixed=len(FIXED) + len(codes),
        widths=[9, 11, 13, 45, 22, 8, *([6] * len(codes))],
        fills=fills,
    )


def progression_sheets(doc: Progression, **_context) -> list[Sheet]:
    views = progression_views(doc)
    intro = [
        ("Progression", doc.title),
        ("Classe", doc.class_name),
        ("Référentiel", views.ref.title),
        ("Règle de PFMP", doc.pfmp_rule or "aucune"),
    ]
    sheets = [_year_sheet(doc, views, y, intro) for y in views.years]
    labels = [y.label for y in views.years]
    fills = {(r, 3 + k): colour for r, row in enumerate(views.cycle_rows) for k, (_, colour) in enumerate(row[3])}
    sheets.append(
        Sheet(
            "Couverture",
            ["Bloc", "Code", "Compétence", *labels],
            [[block, code, title, *(n for n, _ in counts)] for block, code, title, counts in views.cycle_rows],
            intro=intro,
            fixed=3 + len(labels),
            widths=[8, 8, 60, *([11] * len(labels))],
            fills=fills,
        )
    )
    sheets.append(
        Sheet(
            "Heures",
            ["Année", "Créneau", "Disponible", "Utilisé", "Reste"],
            [[y, s, "" if a is None else a, u, "" if left is None else left] for y, s, a, u, left in views.hour_rows],
            fixed=5,
            widths=[12, 40, 12, 12, 12],
            fills={
                (r, 4): MISSING_COLOUR for r, row in enumerate(views.hour_rows) if row[4] is not None and row[4] < 0
            },
        )
    )
    problems = views.analysis.problems
    sheets.append(
        Sheet(
            "Contrôle",
            ["Gravité", "Problème", "Que faire"],
            [[p.label, p.message, p.action] for p in problems] or [["", "Aucun problème.", ""]],
            fixed=3,
            widths=[12, 90, 60],
            fills={(r, 0): MISSING_COLOUR for r, p in enumerate(problems) if p.severity == "erreur"},
        )
    )
    return sheets
