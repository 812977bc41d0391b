"""Plans: the bank's other séances counted by the service, edited weeks checked against the calendar."""

import pytest

from scenario_lib.bank import Bank
from scenario_lib.errors import SpiraleError
from scenario_lib.services import plans

SCENARIO = "ex-1re-phoning-assurance"


def test_hours_count_the_same_class_plans_of_the_bank(sample_bank):
    bank = Bank(sample_bank)
    first = plans.propose_cointervention(bank, SCENARIO, "francais", "2025-2026")
    alone = plans.check_plan(bank, first).planned
    saved, report, message = plans.save_plan(bank, first)
    assert "enregistré dans la banque (révision" in message and report.planned == alone  # not counted twice
    second = plans.propose_cointervention(bank, SCENARIO, "francais", "2025-2026")
    assert plans.check_plan(bank, second).planned == pytest.approx(alone + second.duration_hours)
    assert plans.check_plan(sample_bank, second).planned == plans.check_plan(bank, second).planned  # a folder too
    other_year = plans.propose_cointervention(bank, SCENARIO, "francais", "2026-2027")
    assert plans.check_plan(bank, other_year).planned == pytest.approx(other_year.duration_hours)


def test_only_scenarios_feed_a_plan(sample_bank):
    bank = Bank(sample_bank)
    with pytest.raises(SpiraleError, match="choisissez d'abord un scénario"):
        plans.propose_cointervention(bank, "", "francais")
    saved, _, _ = plans.save_plan(bank, plans.propose_cointervention(bank, SCENARIO, "francais", "2025-2026"))
    with pytest.raises(SpiraleError, match="pas un scénario"):
        plans.propose_project(bank, "bacpro-mcv-b", "2025-2026", [saved.id])


def test_week_lines_refuse_a_pfmp_week_and_apply_the_others(sample_bank):
    plan = plans.propose_project(Bank(sample_bank), "bacpro-mcv-b", "2025-2026", [SCENARIO])
    year = plan.model_dump(mode="json")["years"][0]
    pfmp = next(w["number"] for w in year["weeks"] if w["kind"] == "pfmp")
    course = next(w["number"] for w in year["weeks"] if w["kind"] == "cours")
    with pytest.raises(SpiraleError, match=f"ligne 2 .*la semaine {pfmp} tombe pendant la PFMP"):
        plans.apply_week_lines(f"{course} | 3 | Enquête\n{pfmp} | 2 | Atelier", year)
    weeks = {w["number"]: w for w in plans.apply_week_lines(f"{course} | 3,5 | Enquête", year)}
    assert weeks[course]["hours"] == 3.5 and weeks[course]["activity"] == "Enquête"
    edited = plans.edit_plan(
        plan, {"years": [{**year, "weeks": list(weeks.values())}, *plan.model_dump(mode="json")["years"][1:]]}
    )
    assert next(w for w in edited.years[0].weeks if w.number == course).hours == 3.5
