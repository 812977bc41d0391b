import itertools
import random

import pytest

from scenario_lib.bank import Bank
from scenario_lib.planning.completion import Candidate, complete, free_weeks, hours_left, needs
from scenario_lib.planning.progression import new_progression
from scenario_lib.planning.progression_samples import random_scenario, random_scenarios, sample_progression
from scenario_lib.referential import load_referential

MCV = load_referential("bacpro-mcv-b")
LABELS = {"seconde": "Seconde", "premiere": "Première", "terminale": "Terminale"}


def check_invariants(before, result):
    """What must hold for any completion, feasible or not."""
    after = result.progression
    assert after.placements[:len(before.placements)] == before.placements, "rien de ce qui était placé ne bouge"
    for year in after.years:
        new = [p for p in result.added if p.year == year.level]
        weeks = [p.week for p in new]
        assert len(weeks) == len(set(weeks)), "une situation ajoutée par semaine libre"
        assert set(weeks) <= set(free_weeks(before, year.level))
        assert all(year.week(w).kind == "cours" for w in weeks), "jamais sur une semaine de PFMP ou de vacances"
        assert all(p.level == year.level for p in new), "chaque ajout est au niveau de son année"
        left = hours_left(before, year.level)
        assert sum(p.hours for p in new) <= left + 1e-9, "le budget d'heures n'est pas dépassé"
    if result.feasible:
        assert not any(needs(after, MCV).values())
    else:
        assert result.reasons and len(result.reasons) >= len(result.uncovered)
        for (level, code), reason in zip(result.uncovered, result.reasons):
            assert LABELS[level] in reason and code in reason
    if not result.analysis.spiral_ok:
        assert result.reasons, "le planificateur explique pourquoi la spirale n'est pas respectée"


@pytest.mark.parametrize("seed", range(8))
def test_random_banks_complete_to_a_spiral_or_explain_why(seed):
    rng = random.Random(seed)
    scenarios = random_scenarios(MCV, rng.randint(15, 90), seed=seed)
    before = sample_progression(MCV, scenarios, per_year=rng.randint(0, 6), seed=seed,
                                pfmp_rule=rng.choice(["guide-grand-est", "note-2025-automobile", ""]))
    if rng.random() < 0.4:
        for year in before.years:
            year.hours["professionnel"] = rng.choice([40, 80, 150])
    result = complete(before, MCV, candidates=[Candidate.of(s) for s in scenarios], propose=False, seed=seed)
    check_invariants(before, result)
    if result.feasible:
        assert result.analysis.spiral_ok or all("complexité" in r or "complexe" in r for r in result.reasons)


def brute_force(before, candidates, level):
    """Fewest situations (then fewest hours) covering a year's needs, by enumeration; None if impossible."""
    missing = set(needs(before, MCV)[level])
    mine = [c for c in candidates if c.level == level]
    left, weeks = hours_left(before, level), len(free_weeks(before, level))
    for size in range(0, min(len(mine), weeks) + 1):
        fits = [combo for combo in itertools.combinations(mine, size)
                if missing <= {k for c in combo for k in c.competences} and sum(c.hours for c in combo) <= left]
        if fits:
            return size, min(sum(c.hours for c in combo) for combo in fits)
    return None


@pytest.mark.parametrize("seed", range(6))
def test_completion_is_minimal_against_brute_force(seed):
    rng = random.Random(100 + seed)
    pool = [random_scenario(MCV, level, rng, n_competences=(3, 8), hours=(3, 30))
            for level in ("seconde", "premiere", "terminale") for _ in range(9)]
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    for year in before.years:
        year.hours["professionnel"] = rng.choice([60, 100, 200])
    result = complete(before, MCV, candidates=[Candidate.of(s) for s in pool], propose=False)
    check_invariants(before, result)
    for level in ("seconde", "premiere", "terminale"):
        best = brute_force(before, [Candidate.of(s) for s in pool], level)
        added = [p for p in result.added if p.year == level]
        if best is None:
            assert any(lv == level for lv, _ in result.uncovered)
        else:
            assert (len(added), pytest.approx(sum(p.hours for p in added))) == best


def test_missing_candidate_and_missing_hours_are_told_apart():
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    rng = random.Random(7)
    without_33 = [c.code for c in MCV.competences if c.code != "3.3"]
    pool = [random_scenario(MCV, "seconde", rng).model_copy(update={"competences": without_33,
                                                                   "sub_competences": []})]
    before.year("premiere").hours["professionnel"] = 1
    pool.append(random_scenario(MCV, "premiere", rng, hours=(10, 12)).model_copy(
        update={"competences": [c.code for c in MCV.competences], "sub_competences": []}))
    result = complete(before, MCV, candidates=[Candidate.of(s) for s in pool], propose=False)
    assert not result.feasible
    text = "\n".join(result.reasons)
    assert "Seconde : la compétence 3.3" in text and "aucune situation de Seconde" in text
    assert "Première : la compétence 1.1" in text and "il reste 1 h" in text
    assert len([p for p in result.added if p.year == "seconde"]) == 1


def test_complete_progression_needs_nothing_and_bank_is_a_source(tmp_path):
    bank = Bank(tmp_path / "banque")
    for s in random_scenarios(MCV, 60, seed=11, n_competences=(3, 6)):
        bank.save(s)
    before = new_progression("bacpro-mcv-b", "MCV", "note-2025-automobile")
    first = complete(before, MCV, bank=bank, propose=False)
    check_invariants(before, first)
    ids = {e.id for e in bank.list(doc_type="scenario")}
    assert {p.scenario_id for p in first.added} <= ids
    assert first.feasible and first.analysis.spiral_ok
    again = complete(first.progression, MCV, bank=bank, propose=False)
    assert again.added == [] and again.feasible


def test_titre_professionnel_without_hour_budget_is_limited_by_weeks_only():
    tp = load_referential("tp-conseiller-commercial")
    before = new_progression("tp-conseiller-commercial", "TP CC")
    pool = random_scenarios(tp, 12, seed=4, hours=(30, 60))
    result = complete(before, tp, candidates=[Candidate.of(s) for s in pool], propose=False)
    covered = {k for s in pool for k in s.competences}
    assert result.feasible == (covered == {c.code for c in tp.competences})
    assert len(result.added) <= len(free_weeks(before, "formation"))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_proposer_fills_an_empty_progression_and_its_proposals_can_be_saved(tmp_path, seed):
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    result = complete(before, MCV, seed=seed)
    check_invariants(before, result)
    assert result.feasible and result.analysis.spiral_ok and result.analysis.ok
    assert {s.id for s in result.proposals} == {p.scenario_id for p in result.added}
    bank = Bank(tmp_path / "banque")
    for scenario in result.proposals:
        bank.save(scenario)
    stored = bank.save(result.progression)
    assert {p.scenario_id for p in bank.get(stored.id).placements} <= {e.id for e in bank.list(doc_type="scenario")}


def test_too_few_free_weeks_is_the_reason_given():
    before = new_progression("bacpro-mcv-b", "MCV")
    year = before.year("terminale")
    year.set_kind(year.numbers("cours")[2:], "vacances", "stage")
    pool = random_scenarios(MCV, 90, seed=5, n_competences=(1, 1))
    result = complete(before, MCV, candidates=[Candidate.of(s) for s in pool], propose=False)
    check_invariants(before, result)
    assert len([p for p in result.added if p.year == "terminale"]) == 2
    terminale = [r for r in result.reasons if r.startswith("Terminale")]
    assert any("les 2 semaines libres sont toutes prises" in r for r in terminale)
    assert all("semaines libres" in r or "aucune situation de Terminale" in r for r in terminale)
