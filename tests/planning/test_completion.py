import itertools
import random

import pytest

from scenario_lib.bank import Bank
from scenario_lib.planning.completion import Candidate, complete, free_weeks, hours_left, needs, task_list
from scenario_lib.planning.progression import new_progression
from scenario_lib.planning.progression_samples import random_scenario, random_scenarios, sample_progression
from scenario_lib.referential import load_referential
from scenario_lib.services.progressions import apply_completion
from scenario_lib.services.progressions import complete as complete_from_bank

MCV = load_referential("bacpro-mcv-b")
LABELS = {"seconde": "Seconde", "premiere": "Première", "terminale": "Terminale"}
OPTION_B = [c.code for c in MCV.competences if c.code.startswith("4B")]


def check_invariants(before, result):
    """What must hold for any completion, feasible or not."""
    after = result.progression
    assert after.placements[: len(before.placements)] == before.placements, "rien de ce qui était placé ne bouge"
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
    before = sample_progression(
        MCV,
        scenarios,
        per_year=rng.randint(0, 6),
        seed=seed,
        pfmp_rule=rng.choice(["guide-grand-est", "note-2025-automobile", ""]),
    )
    if rng.random() < 0.4:
        before = before.model_copy(
            update={"years": tuple(y.with_budget("professionnel", rng.choice([40, 80, 150])) for y in before.years)}
        )
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
        fits = [
            combo
            for combo in itertools.combinations(mine, size)
            if missing <= {k for c in combo for k in c.competences} and sum(c.hours for c in combo) <= left
        ]
        if fits:
            return size, min(sum(c.hours for c in combo) for combo in fits)
    return None


@pytest.mark.parametrize("seed", range(6))
def test_completion_is_minimal_against_brute_force(seed):
    rng = random.Random(100 + seed)
    pool = [
        random_scenario(MCV, level, rng, n_competences=(3, 8), hours=(3, 30))
        for level in ("seconde", "premiere", "terminale")
        for _ in range(9)
    ]
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    before = before.model_copy(
        update={"years": tuple(y.with_budget("professionnel", rng.choice([60, 100, 200])) for y in before.years)}
    )
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
    pool = [random_scenario(MCV, "seconde", rng).model_copy(update={"competences": without_33, "sub_competences": []})]
    before = before.with_year(before.year("premiere").with_budget("professionnel", 1))
    pool.append(
        random_scenario(MCV, "premiere", rng, hours=(10, 12)).model_copy(
            update={"competences": [c.code for c in MCV.competences], "sub_competences": []}
        )
    )
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
    first = complete_from_bank(bank, before, MCV, propose=False)
    check_invariants(before, first)
    ids = {e.id for e in bank.list(doc_type="scenario")}
    assert {p.scenario_id for p in first.added} <= ids
    assert first.feasible and first.analysis.spiral_ok
    again = complete_from_bank(bank, first.progression, MCV, propose=False)
    assert again.added == [] and again.feasible


def test_titre_professionnel_without_hour_budget_is_limited_by_weeks_only():
    tp = load_referential("tp-conseiller-commercial")
    before = new_progression("tp-conseiller-commercial", "TP CC")
    pool = random_scenarios(tp, 12, seed=4, hours=(30, 60))
    result = complete(before, tp, candidates=[Candidate.of(s) for s in pool], propose=False)
    covered = {k for s in pool for k in s.competences}
    assert result.feasible == (covered == {c.code for c in tp.competences})
    assert len(result.added) <= len(free_weeks(before, "formation"))


def no_task_list_in_two_years(result, pool=()):
    """The same situation copied into two years is no spiral: every task list belongs to one year only."""
    tasks = {c.id: c.tasks for c in pool}
    tasks |= {s.id: task_list(s) for s in result.proposals}
    years: dict[tuple, set[str]] = {}
    for p in result.progression.placements:
        if p.scenario_id in tasks:
            years.setdefault(tasks[p.scenario_id], set()).add(p.year)
    assert all(len(y) == 1 for y in years.values()), years


def natural_hours(level, seed):
    """Hours of the proposer's own situations at `level` (no `hours=`): per archetype, their range."""
    from scenario_lib.scenario import propose

    found: dict[str, list[float]] = {}
    for p in propose(MCV, level, 40, seed=seed):
        found.setdefault(p.scenario.archetype, []).append(p.scenario.total_hours)
    return {a: (min(h), max(h)) for a, h in found.items()}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_proposer_completes_without_copies_nor_stretched_hours(tmp_path, seed):
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    result = complete(before, MCV, seed=seed)
    check_invariants(before, result)
    no_task_list_in_two_years(result)
    assert {s.id for s in result.proposals} == {p.scenario_id for p in result.added}
    for scenario in result.proposals:
        low, high = natural_hours(scenario.level, seed).get(scenario.archetype, (0, 0))
        assert low - 1e-9 <= scenario.total_hours <= high + 1e-9, scenario.title
    # Every archetype has its own variant per level: the proposer's situations cover each year without a copy.
    assert result.feasible, result.reasons
    assert result.analysis.spiral_ok and result.analysis.ok
    bank = Bank(tmp_path / "banque")
    stored = apply_completion(result, bank)
    assert {p.scenario_id for p in bank.get(stored.id).placements} <= {e.id for e in bank.list(doc_type="scenario")}


@pytest.mark.parametrize("seed", range(5))
def test_hours_stay_within_the_archetype_range_over_classes_and_seeds(seed):
    """A tight budget never makes the completion stretch or shrink a proposed situation."""
    rng = random.Random(seed)
    before = new_progression("bacpro-mcv-b", f"Classe {seed}", rng.choice(["guide-grand-est", "note-2025-automobile"]))
    pool = random_scenarios(MCV, rng.randint(0, 20), seed=seed, n_competences=(2, 4))
    before = sample_progression(MCV, pool, per_year=rng.randint(0, 2), seed=seed, pfmp_rule=before.pfmp_rule)
    before = before.model_copy(
        update={"years": tuple(y.with_budget("professionnel", rng.choice([12, 30, 60, 400])) for y in before.years)}
    )
    result = complete(before, MCV, seed=seed, candidates=[Candidate.of(s) for s in pool])
    check_invariants(before, result)
    no_task_list_in_two_years(result, [Candidate.of(s) for s in pool])
    for scenario in result.proposals:
        low, high = natural_hours(scenario.level, seed).get(scenario.archetype, (0, 0))
        assert low - 1e-9 <= scenario.total_hours <= high + 1e-9, scenario.title
        assert all(t.duration_hours <= high for t in scenario.tasks)


def test_identical_task_lists_never_go_into_two_years():
    """Three copies of one situation, one per level: only one year may take it; the others are explained."""
    rng = random.Random(3)
    base = random_scenario(MCV, "seconde", rng).model_copy(
        update={"competences": [c.code for c in MCV.competences], "sub_competences": []}
    )
    copies = [base.model_copy(update={"id": f"copie-{lv}", "level": lv}) for lv in ("seconde", "premiere", "terminale")]
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    result = complete(before, MCV, candidates=[Candidate.of(s) for s in copies], propose=False)
    assert len(result.added) == 1 and not result.feasible
    no_task_list_in_two_years(result, [Candidate.of(s) for s in copies])
    other = {"seconde", "premiere", "terminale"} - {result.added[0].year}
    assert {lv for lv, _ in result.uncovered} == other
    assert all("même liste de tâches" in r and base.title in r for r in result.reasons)


def test_seconde_does_not_require_option_b_and_says_why():
    no_option = [c.code for c in MCV.competences if not c.code.startswith("4B")]
    rng = random.Random(4)
    seconde = random_scenario(MCV, "seconde", rng).model_copy(update={"competences": no_option, "sub_competences": []})
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    assert not [c for c in needs(before, MCV)["seconde"] if c.startswith("4B")]
    assert [c for c in needs(before, MCV)["premiere"] if c.startswith("4B")] == OPTION_B
    result = complete(before, MCV, candidates=[Candidate.of(seconde)], propose=False)
    assert [p.year for p in result.added] == ["seconde"]
    assert not [r for r in result.reasons if r.startswith("Seconde")]
    assert any(
        n.startswith("Seconde : compétences 4B.1") and "facultatif en Seconde (famille de métiers)" in n
        for n in result.notes
    )
    assert not any(p.year == "seconde" and p.kind == "spirale" for p in result.analysis.problems)


def test_no_certificative_evaluation_is_proposed_in_seconde():
    rng = random.Random(5)
    every = [c.code for c in MCV.competences]
    ccf = random_scenario(MCV, "seconde", rng).model_copy(
        update={
            "competences": every,
            "sub_competences": [],
            "id": "ccf-seconde",
            "productions": ["Dossier pour l'évaluation certificative (CCF)"],
        }
    )
    plain = random_scenario(MCV, "seconde", rng).model_copy(
        update={"competences": every, "sub_competences": [], "id": "formative-seconde"}
    )
    later = ccf.model_copy(
        update={
            "id": "ccf-premiere",
            "level": "premiere",
            "title": "CCF en Première",
            "tasks": [t.model_copy(update={"title": t.title + " (Première)"}) for t in ccf.tasks],
        }
    )
    before = new_progression("bacpro-mcv-b", "MCV", "guide-grand-est")
    result = complete(before, MCV, candidates=[Candidate.of(s) for s in (ccf, plain, later)], propose=False)
    assert {(p.year, p.scenario_id) for p in result.added} == {
        ("seconde", "formative-seconde"),
        ("premiere", "ccf-premiere"),
    }
    assert any("aucune évaluation certificative ne sera organisée en seconde" in n for n in result.notes)
    alone = complete(before, MCV, candidates=[Candidate.of(ccf)], propose=False)
    assert not [p for p in alone.added if p.year == "seconde"]


def test_completion_writes_nothing_until_applied(tmp_path):
    bank = Bank(tmp_path / "banque")
    before = bank.save(new_progression("bacpro-mcv-b", "MCV", "guide-grand-est"))
    listing = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    result = complete_from_bank(bank, before, MCV, seed=1)
    assert result.proposals and all(a.new for a in result.additions)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == listing
    saved = apply_completion(result, bank)
    assert saved.revision == before.revision + 1
    assert {e.id for e in bank.list(doc_type="scenario")} == {s.id for s in result.proposals}


def test_too_few_free_weeks_is_the_reason_given():
    before = new_progression("bacpro-mcv-b", "MCV")
    year = before.year("terminale")
    before = before.with_year(year.with_kind(year.numbers("cours")[2:], "vacances", "stage"))
    pool = random_scenarios(MCV, 90, seed=5, n_competences=(1, 1))
    result = complete(before, MCV, candidates=[Candidate.of(s) for s in pool], propose=False)
    check_invariants(before, result)
    assert len([p for p in result.added if p.year == "terminale"]) == 2
    terminale = [r for r in result.reasons if r.startswith("Terminale")]
    assert any("les 2 semaines libres sont toutes prises" in r for r in terminale)
    assert all("semaines libres" in r or "aucune situation de Terminale" in r for r in terminale)


def test_the_solver_prints_nothing_in_english(capfd):
    complete(new_progression("bacpro-mcv-b", "MCV", "guide-grand-est"), MCV, seed=0)
    out, err = capfd.readouterr()
    assert "HiGHS" not in out and "Running" not in out and "HiGHS" not in err
