"""Projet tab: propose from scenarios, edit the weeks in a table (French decimal comma), save, export."""

import pytest

from scenario_lib.bank import Bank
from scenario_lib.widgets.base import AtelierState
from scenario_lib.widgets.projet_tab import ProjetTab


@pytest.fixture
def tab(bank_dir, scenario):
    tab = ProjetTab(AtelierState(bank_dir))
    tab.scenarios.value = (scenario.id,)
    tab.school_year.value = "2025-2026"
    return tab


def test_propose_edit_weeks_save_and_export(tab, bank_dir, scenario):
    plan = tab.on_propose()
    assert plan is not None and plan.scenario_ids == (scenario.id,)
    assert len(tab.week_fields) == 2 and "Première 2025-2026" in tab.report.value
    number, (hours, activity) = next(iter(tab.week_fields[0].rows.items()))
    hours.value = "0"
    activity.value = "Sortie au salon professionnel"
    second, (hours2, _) = list(tab.week_fields[0].rows.items())[1]
    hours2.value = "0,5"
    saved = tab.save()
    assert saved is not None
    weeks = {w.number: w for w in Bank(bank_dir).get(saved.id).years[0].weeks}
    assert weeks[number].hours == 0 and weeks[number].activity == "Sortie au salon professionnel"
    assert weeks[second].hours == 0.5
    assert "il reste" in tab.report.value
    tab.format.value = "md"
    assert tab.export().suffix == ".md"


def test_only_class_weeks_are_in_the_table(tab):
    plan = tab.on_propose()
    year = plan.years[0]
    assert set(tab.week_fields[0].rows) == {w.number for w in year.weeks if w.kind == "cours"}
    assert any(w.kind == "pfmp" for w in year.weeks)  # PFMP weeks exist, and cannot be given project hours


def test_bad_hours_are_named(tab):
    tab.on_propose()
    number, (hours, _) = next(iter(tab.week_fields[1].rows.items()))
    hours.value = "deux"
    assert f"semaine {number}" in tab.report.value and "« deux »" in tab.report.value
    assert tab.save() is None
    assert f"semaine {number}" in tab.state.messages.value


def test_plan_over_budget_is_saved_with_an_error_message(tab, bank_dir):
    tab.on_propose()
    for hours, activity in tab.week_fields[0].rows.values():
        hours.value, activity.value = "30", "Atelier de réalisation"
    saved = tab.save()
    assert saved is not None and Bank(bank_dir).get(saved.id).revision == 1
    messages = tab.state.messages.value
    assert "enregistré dans la banque" in messages and "dépassement" in messages
    assert "spirale-erreur" in messages and "spirale-succes" not in messages
