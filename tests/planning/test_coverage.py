import random

from scenario_lib.document import parse_document
from scenario_lib.planning.coverage import analyse
from scenario_lib.planning.progression import Placement, new_progression
from scenario_lib.planning.progression_samples import random_scenario, random_scenarios, sample_progression
from scenario_lib.planning.rules import slot_budgets
from scenario_lib.referential import load_referential

MCV = load_referential("bacpro-mcv-b")
CODES = [c.code for c in MCV.competences]


def fresh():
    return new_progression("bacpro-mcv-b", "MCV B", "guide-grand-est")


OPTION_B = [c for c in CODES if c.startswith("4B")]


def test_empty_progression_lists_every_required_competence_of_every_year_in_french():
    analysis = analyse(fresh(), MCV)
    spiral = [p for p in analysis.problems if p.kind == "spirale"]
    required = {
        (y, c) for y in ("seconde", "premiere", "terminale") for c in CODES if not (y == "seconde" and c in OPTION_B)
    }
    assert {(p.year, p.competence) for p in spiral} == required and len(spiral) == len(required)
    first = next(p for p in spiral if p.year == "premiere" and p.competence == "2.3")
    assert "Première" in first.message and "2.3" in first.message and "Compléter" in first.action
    assert not analysis.spiral_ok and analysis.missing()["terminale"] == CODES


def test_matrix_marks_exactly_the_competences_of_each_placed_situation():
    prog = sample_progression(MCV, random_scenarios(MCV, 60, seed=5), per_year=6, seed=5)
    analysis = analyse(prog, MCV)
    for p in prog.placements:
        column = analysis.matrix_of(p.year)[f"S{p.week:02d} {p.title}"]
        worked = set(column[column == 1].index.get_level_values("compétence"))
        assert worked == set(p.competences)
    total = sum(len(p.competences) for p in prog.placements)
    assert analysis.matrix.to_numpy().sum() == total
    assert list(analysis.matrix.index.get_level_values("bloc").unique()) == ["1", "2", "3", "4B"]


def test_sub_competence_coverage_counts_situations_per_year():
    prog = sample_progression(MCV, random_scenarios(MCV, 60, seed=8), per_year=5, seed=8)
    analysis = analyse(prog, MCV)
    for year in ("seconde", "premiere", "terminale"):
        expected = {}
        for p in prog.placements_of(year):
            for s in p.sub_competences:
                expected[s] = expected.get(s, 0) + 1
        column = analysis.sub_coverage[year]
        assert {s: n for (_, s), n in column.items() if n} == expected


def test_complexity_must_rise_from_year_to_year():
    prog = fresh()
    rng = random.Random(0)
    low = random_scenario(MCV, "seconde", rng)
    prog = prog.placed(low, "seconde", 1)
    same = random_scenario(MCV, "seconde", rng).model_copy(
        update={"competences": low.competences, "sub_competences": []}
    )
    prog = prog.placed(same, "premiere", 1)
    problems = analyse(prog, MCV).problems
    flat = [p for p in problems if p.kind == "complexité" and p.year == "premiere"]
    assert {p.competence for p in flat} == set(low.competences)
    assert any(p.kind == "niveau" and "situation de Seconde" in p.message for p in problems)


def test_a_situation_above_its_year_is_named_and_the_next_year_is_not_blamed():
    prog = fresh()
    rng = random.Random(1)
    high = random_scenario(MCV, "terminale", rng)
    prog = prog.placed(high, "seconde", 1)  # a Terminale situation placed in Seconde
    right = random_scenario(MCV, "premiere", rng).model_copy(
        update={"competences": high.competences, "sub_competences": []}
    )
    prog = prog.placed(right, "premiere", 1)
    problems = analyse(prog, MCV).problems
    assert not [p for p in problems if p.kind == "complexité" and p.year == "premiere"]
    named = [p for p in problems if p.kind == "niveau" and p.year == "seconde"]
    assert named and high.title in named[0].message and "situation de Terminale" in named[0].message


def test_pfmp_and_holiday_weeks_are_conflicts():
    """`place()` refuses these weeks, so the placements are moved there as a hand-edited file would."""
    prog = fresh()
    year = prog.year("premiere")
    rng = random.Random(1)
    for week in year.numbers("cours")[:3]:
        prog = prog.placed(random_scenario(MCV, "premiere", rng), "premiere", week)
    data = prog.model_dump(mode="json")
    data["placements"][0]["week"] = year.numbers("pfmp")[0]
    data["placements"][1]["week"] = year.numbers("vacances")[0]
    prog = parse_document(data, "progression")
    kinds = [p.kind for p in analyse(prog, MCV).problems]
    assert kinds.count("pfmp") == 1 and kinds.count("vacances") == 1
    message = next(p for p in analyse(prog, MCV).problems if p.kind == "pfmp")
    assert "entreprise" in message.message and "semaine de cours" in message.action


def test_hours_over_budget_are_reported():
    prog = fresh()
    rng = random.Random(2)
    weeks = prog.year("terminale").numbers("cours")
    used = 0.0
    for week in weeks:
        s = random_scenario(MCV, "terminale", rng, hours=(20, 24))
        prog = prog.placed(s, "terminale", week)
        used += s.total_hours
    analysis = analyse(prog, MCV)
    row = analysis.hours.set_index(["année", "créneau"]).loc[("terminale", "professionnel")]
    assert row["utilisé"] == used and row["disponible"] == slot_budgets(MCV, "terminale")["professionnel"]
    over = [p for p in analysis.problems if p.kind == "heures"]
    assert used > row["disponible"] and len(over) == 1 and f"{used:g} h planifiées" in over[0].message


def test_cointervention_plan_counts_in_its_own_slot():
    from scenario_lib.planning.cointervention import propose_cointervention

    prog = fresh()
    scenario = random_scenario(MCV, "premiere", random.Random(4))
    plan = propose_cointervention(scenario, "francais")
    week = prog.year("premiere").numbers("cours")[3]
    prog = prog.placed(plan, "premiere", week)
    placement = prog.placements[-1]
    assert placement.slot == "cointervention-francais" and placement.hours == plan.duration_hours
    hours = analyse(prog, MCV).hours.set_index(["année", "créneau"])
    assert hours.loc[("premiere", "cointervention-francais"), "utilisé"] == plan.duration_hours
    assert hours.loc[("premiere", "professionnel"), "utilisé"] == 0


def test_option_b_is_optional_in_seconde_only_and_told_as_such():
    """Seconde is the family-of-trades year: 4B is reported « facultatif », never as a problem to fix."""
    prog = fresh()
    for year in ("seconde", "premiere", "terminale"):
        non_option = [c for c in CODES if c not in OPTION_B]
        prog = prog.model_copy(
            update={
                "placements": (
                    *prog.placements,
                    Placement(
                        scenario_id=f"commun-{year}",
                        title=f"Situation commune {year}",
                        year=year,
                        week=prog.year(year).numbers("cours")[0],
                        level=year,
                        competences=non_option,
                        hours=10,
                    ),
                )
            }
        )
    analysis = analyse(prog, MCV)
    optional = [p for p in analysis.problems if p.kind == "facultatif"]
    assert {p.competence for p in optional} == set(OPTION_B) and {p.year for p in optional} == {"seconde"}
    assert all(p.severity == "information" and p.label == "Facultatif" for p in optional)
    assert all("facultatif en Seconde (famille de métiers)" in p.message for p in optional)
    assert analysis.missing()["seconde"] == [] and analysis.unworked()["seconde"] == OPTION_B
    assert analysis.missing()["premiere"] == OPTION_B == analysis.missing()["terminale"]
    spiral = {(p.year, p.competence) for p in analysis.problems if p.kind == "spirale"}
    assert spiral == {(y, c) for y in ("premiere", "terminale") for c in OPTION_B}


def test_option_b_worked_in_seconde_still_counts_for_the_spiral():
    prog = fresh()
    for year in ("seconde", "premiere", "terminale"):
        prog = prog.model_copy(
            update={
                "placements": (
                    *prog.placements,
                    Placement(
                        scenario_id=f"tout-{year}",
                        title=f"Tout {year}",
                        year=year,
                        week=prog.year(year).numbers("cours")[0],
                        level=year,
                        competences=CODES,
                        hours=10,
                    ),
                )
            }
        )
    analysis = analyse(prog, MCV)
    assert analysis.spiral_ok and not [p for p in analysis.problems if p.kind == "facultatif"]
    placements = list(prog.placements)
    placements[1] = placements[1].model_copy(update={"level": "seconde"})
    prog = prog.model_copy(update={"placements": tuple(placements)})
    complexity = {(p.year, p.competence) for p in analyse(prog, MCV).problems if p.kind == "complexité"}
    assert ("premiere", "4B.1") in complexity  # 4B worked in Seconde: Première must go further
