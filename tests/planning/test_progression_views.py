"""Gantt cells, legends, heat maps, cycle coverage and hours of a progression, counted here from its placements."""

import pytest

from scenario_lib.planning.progression import SLOTS
from scenario_lib.planning.progression_views import (
    HEAT,
    KIND_COLOURS,
    MISSING_COLOUR,
    OPTIONAL_COLOUR,
    heat_colour,
    progression_views,
)


def test_heat_colours_grow_with_the_count_and_saturate():
    assert [heat_colour(n) for n in range(len(HEAT))] == list(HEAT)
    assert len(set(HEAT)) == len(HEAT)
    assert heat_colour(-3) == heat_colour(0) and heat_colour(40) == heat_colour(len(HEAT) - 1)
    assert MISSING_COLOUR not in HEAT
    assert len(set(KIND_COLOURS.values())) == len(KIND_COLOURS)


def test_gantt_has_one_cell_per_week_with_its_kind_colour_and_placement_numbers(placed, mcv):
    views = progression_views(placed, mcv)
    assert [y.level for y in views.years] == [y.level for y in placed.years]
    assert [y.label for y in views.years] == ["Seconde", "Première", "Terminale"]
    for year, view in zip(placed.years, views.years):
        assert [c.week for c in view.cells] == [w.number for w in year.weeks]
        mine = placed.placements_of(year.level)
        for cell, week in zip(view.cells, year.weeks):
            assert cell.kind == week.kind and cell.colour == KIND_COLOURS[week.kind]
            expected = {}
            for number, p in enumerate(mine, start=1):
                if p.week == week.number:
                    expected.setdefault(p.slot, []).append(number)
            assert cell.items == expected
    seconde = views.years[0]
    busy = [c for c in seconde.cells if c.items]
    assert len(busy) == 2 and sum(len(n) for c in busy for n in c.items.values()) == 3


def test_legend_numbers_follow_week_order_and_name_slot_hours_competences(placed, mcv):
    seconde = progression_views(placed, mcv).years[0]
    mine = placed.placements_of("seconde")
    assert [row[0] for row in seconde.legend] == [1, 2, 3]
    assert seconde.legend[0][1] == "Relancer un client"  # the earliest week comes first
    for (_number, title, slot, hours, competences), p in zip(seconde.legend, mine):
        assert (title, slot, hours) == (p.title, SLOTS[p.slot], p.hours)
        assert tuple(competences.split(", ")) == p.competences
    assert seconde.slots == {
        "professionnel": SLOTS["professionnel"],
        "cointervention-francais": SLOTS["cointervention-francais"],
    }
    assert progression_views(placed, mcv).years[2].slots == {"professionnel": SLOTS["professionnel"]}


def test_heat_rows_mark_worked_competences_and_flag_the_missing_ones(placed, mcv):
    views = progression_views(placed, mcv)
    seconde = views.years[0]
    mine = placed.placements_of("seconde")
    assert views.columns["seconde"] == ["1", "2", "3"]
    assert [(block, code) for block, code, _, _ in seconde.heat_rows] == [(c.block, c.code) for c in mcv.competences]
    worked = {c for p in mine for c in p.competences}
    for _block, code, cells, missing in seconde.heat_rows:
        assert [n for n, _ in cells] == [int(code in p.competences) for p in mine]
        assert [colour for _, colour in cells] == [heat_colour(n) for n, _ in cells]
        assert missing == (code not in worked and not code.startswith("4B"))  # 4B: optional in Seconde
    assert all(missing for *_, missing in views.years[2].heat_rows)  # nothing placed in Terminale
    assert views.columns["terminale"] == []


def test_cycle_rows_count_situations_per_year_and_colour_the_gaps(placed, mcv):
    views = progression_views(placed, mcv)
    assert [(b, c, t) for b, c, t, _ in views.cycle_rows] == [(c.block, c.code, c.title) for c in mcv.competences]
    for _, code, _, counts in views.cycle_rows:
        for year, (count, colour) in zip(placed.years, counts):
            expected = sum(code in p.competences for p in placed.placements_of(year.level))
            assert count == expected
            gap = OPTIONAL_COLOUR if year.level == "seconde" and code.startswith("4B") else MISSING_COLOUR
            assert colour == (gap if expected == 0 else heat_colour(expected))
    one_one = next(counts for _, code, _, counts in views.cycle_rows if code == "1.1")
    assert [n for n, _ in one_one] == [2, 1, 0]


def test_hour_rows_add_up_the_hours_per_year_and_slot(placed, mcv):
    views = progression_views(placed, mcv)
    rows = {(year, slot): (available, used, left) for year, slot, available, used, left in views.hour_rows}
    for year in placed.years:
        label = views.years[[y.level for y in placed.years].index(year.level)].label
        for slot, budget in year.hours.items():
            used = sum(p.hours for p in placed.placements_of(year.level) if p.slot == slot)
            available, counted, left = rows[(label, SLOTS[slot])]
            assert available == budget and counted == pytest.approx(used)
            assert left == pytest.approx(budget - used)
    assert rows[("Seconde", SLOTS["professionnel"])][1] == pytest.approx(9)
    assert rows[("Seconde", SLOTS["cointervention-francais"])][1] == pytest.approx(4)


def test_progression_views_is_what_the_templates_get(placed):
    from scenario_lib.render.html import render_context

    through_doc = render_context(placed)["views"]
    direct = progression_views(placed)
    assert through_doc.cycle_rows == direct.cycle_rows and through_doc.hour_rows == direct.hour_rows
