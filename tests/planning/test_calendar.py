from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_lib.errors import SpiraleError
from scenario_lib.planning.calendar import (
    Week,
    YearCalendar,
    default_weeks,
    default_year,
    pfmp_periods,
    pfmp_rule_sets,
    place_pfmp,
)
from scenario_lib.referential import load_referential

MCV = load_referential("bacpro-mcv-b")


def runs_of(weeks, kind):
    """Maximal runs of consecutive week numbers of one kind."""
    runs, current = [], []
    for w in weeks:
        if w.kind == kind:
            current.append(w.number)
        elif current:
            runs.append(current)
            current = []
    return runs + ([current] if current else [])


def test_default_year_has_36_school_weeks_and_the_four_holidays():
    weeks = default_weeks()
    assert sum(w.kind == "cours" for w in weeks) == 36
    assert [w.number for w in weeks] == list(range(1, len(weeks) + 1))
    holidays = [run for run in runs_of(weeks, "vacances")]
    labels = [weeks[run[0] - 1].label for run in holidays]
    assert labels == ["Toussaint", "Noël", "Hiver", "Printemps"]
    assert all(len(run) == 2 for run in holidays)


def test_dates_are_consecutive_mondays():
    weeks = default_weeks(date(2025, 9, 3))
    assert weeks[0].monday == date(2025, 9, 1)
    assert all(w.monday.weekday() == 0 for w in weeks)
    assert all((b.monday - a.monday).days == 7 for a, b in zip(weeks, weeks[1:]))


def test_rule_sets_come_from_the_referential():
    assert {"guide-grand-est", "note-2025-automobile"} <= set(pfmp_rule_sets(MCV))
    for rule in pfmp_rule_sets(MCV):
        for row in (r for r in MCV.pfmp_rules if r.rule == rule):
            lengths = pfmp_periods(MCV, rule, row.grade)
            assert sum(lengths) == row.weeks and len(lengths) == row.periods


def test_unknown_rule_is_named_in_french():
    with pytest.raises(SpiraleError, match="règle de PFMP inconnue : « grand-ouest »"):
        pfmp_periods(MCV, "grand-ouest", "seconde")


@pytest.mark.parametrize("rule", ["guide-grand-est", "note-2025-automobile"])
def test_pfmp_weeks_follow_the_rule(rule):
    for level in ("seconde", "premiere", "terminale"):
        year = default_year(MCV, level, rule)
        expected = next(r for r in MCV.pfmp_rules if r.rule == rule and r.grade == level)
        assert len(year.numbers("pfmp")) == expected.weeks
        assert len(year.numbers("cours")) == 36 - expected.weeks
        assert len(year.numbers("vacances")) == 8
        first_run = runs_of(default_weeks(), "cours")[0]
        assert not set(year.numbers("pfmp")) & set(first_run), "pas de PFMP dès la rentrée"


@settings(max_examples=60, deadline=None)
# at most 5 × 12 = 60 weeks: the calendar model's limit
@given(
    layout=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 3)), min_size=1, max_size=5),
    lengths=st.lists(st.integers(1, 6), min_size=0, max_size=4),
)
def test_random_calendars_get_whole_periods_or_a_french_refusal(layout, lengths):
    kinds = []
    for school, holiday in layout:
        kinds += ["cours"] * school + ["vacances"] * holiday
    if not kinds:
        return
    year = YearCalendar(level="seconde", weeks=[Week(number=i + 1, kind=k) for i, k in enumerate(kinds)])
    try:
        year = place_pfmp(year, lengths)
    except SpiraleError as exc:
        assert "semaines de cours" in str(exc)
        return
    periods = runs_of(year.weeks, "pfmp")
    # adjacent periods may touch: compare week counts and labels instead of runs
    assert len(year.numbers("pfmp")) == sum(lengths)
    assert len(year.numbers("vacances")) == kinds.count("vacances")
    labels = [year.week(n).label for n in year.numbers("pfmp")]
    for i, length in enumerate(lengths):
        mine = [n for n in year.numbers("pfmp") if year.week(n).label == f"PFMP {i + 1}"]
        assert len(mine) == length and mine == list(range(mine[0], mine[0] + length)), labels
    assert periods or not lengths


def test_each_year_of_the_cycle_starts_a_year_later_with_the_rules_of_its_school_year():
    from datetime import date

    from scenario_lib.planning.progression import new_progression
    from scenario_lib.planning.rules import rules_for, yearly_hours
    from scenario_lib.referential import load_referential

    ref = load_referential("bacpro-mcv-b")
    progression = new_progression("bacpro-mcv-b", "2MCV", first_monday=date(2022, 9, 5))
    starts = [y.weeks[0].monday for y in progression.years]
    assert [s.year for s in starts] == [2022, 2023, 2024] and all(s.weekday() == 0 for s in starts)
    for year, school_year in zip(progression.years[1:], ("2023-2024", "2024-2025")):
        expected = yearly_hours(rules_for(school_year, year.level), ref, year.level)
        assert year.hours["chef-oeuvre"] == expected
    # the 2019 chef-d'œuvre and the 2024 projet do not grant the same hours: the budget follows the rules
    assert (
        progression.years[1].hours["chef-oeuvre"]
        != new_progression("bacpro-mcv-b", "2MCV", first_monday=date(2025, 9, 1)).years[1].hours["chef-oeuvre"]
    )
