"""Rule sets: chosen per class and school year, hours read from the referential grid, quotes faithful to seeds."""

import re
from pathlib import Path

import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.planning.rules import all_rule_sets, rule_set, rules_for, shift_year, yearly_hours

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def test_every_rule_set_is_dated_and_sourced():
    rules = all_rule_sets()
    assert {"chef-doeuvre-2019", "projet-2024", "cointervention-2019"} <= set(rules)
    for rule in rules.values():
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", rule.date) and rule.source
        for grade in rule.classes.values():
            assert grade.source and grade.date


@pytest.mark.parametrize(
    "year, grade, expected",
    [
        ("2021-2022", "premiere", "chef-doeuvre-2019"),
        ("2023-2024", "terminale", "chef-doeuvre-2019"),
        ("2024-2025", "premiere", "projet-2024"),
        ("2025-2026", "terminale", "projet-2024"),
    ],
)
def test_rules_for_picks_the_rule_in_force(year, grade, expected):
    assert rules_for(school_year=year, grade=grade).id == expected


def test_chef_doeuvre_hours_come_from_the_referential_grid(ref):
    row = next(h for h in ref.hours if "chef" in h.subject.lower())
    rule = rule_set("chef-doeuvre-2019")
    assert yearly_hours(rule, ref, "premiere") == float(row.premiere)
    assert yearly_hours(rule, ref, "terminale") == float(row.terminale)


def test_projet_hours_are_weekly_hours_times_class_weeks(ref):
    rule = rule_set("projet-2024")
    for grade in ("premiere", "terminale"):
        spec = rule.for_grade(grade)
        assert yearly_hours(rule, ref, grade) == pytest.approx(spec.heures.par_semaine * spec.semaines_cours)
    assert rule.origine == "a_verifier" and "équipe pédagogique" in rule.avertissement


def test_cointervention_hours_per_discipline(ref):
    rule = rules_for("2025-2026", "premiere", "cointervention")
    french = next(h for h in ref.hours if "français en co-intervention" in h.subject)
    maths = next(h for h in ref.hours if "mathématiques-sciences en co-intervention" in h.subject)
    assert yearly_hours(rule, ref, "premiere", "francais") == float(french.premiere)
    assert yearly_hours(rule, ref, "terminale", "mathematiques") == float(maths.terminale)


def test_unknown_year_grade_or_rule_is_a_french_error():
    with pytest.raises(SpiraleError, match="année scolaire"):
        rules_for("2025/2026", "premiere")
    with pytest.raises(SpiraleError, match="aucune règle"):
        rules_for("2015-2016", "premiere")
    with pytest.raises(SpiraleError, match="inconnu"):
        rule_set("reforme-2099")
    assert shift_year("2025-2026") == "2026-2027"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds absent (fidelity tests run in CI)")
def test_official_quotes_are_word_for_word_in_their_seed():
    for rule in all_rule_sets().values():
        quotes = [(q.texte, q.source) for q in rule.textes]
        if rule.oral and rule.oral.origine == "officiel":
            quotes.append((rule.oral.texte, rule.oral.source))
        for text, source in quotes:
            seed = norm((SEEDS / source.split(" ")[0]).read_text(encoding="utf-8"))
            assert norm(text) in seed, (rule.id, text[:60])
