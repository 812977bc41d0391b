"""Projet tab: propose from scenarios, edit the weeks as text lines, save, export."""
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
    lines = tab.week_fields[0].value.splitlines()
    number = lines[0].split("|")[0].strip()
    lines[0] = f"{number} | 0 | Sortie au salon professionnel"
    tab.week_fields[0].value = "\n".join(lines)
    saved = tab.save()
    assert saved is not None
    week = next(w for w in Bank(bank_dir).get(saved.id).years[0].weeks if w.number == int(number))
    assert week.hours == 0 and week.activity == "Sortie au salon professionnel"
    assert "il reste" in tab.report.value
    tab.format.value = "md"
    assert tab.export().suffix == ".md"


def test_bad_week_line_is_named(tab):
    tab.on_propose()
    tab.week_fields[1].value = "douze | deux"
    assert tab.save() is None
    assert "ligne 1" in tab.state.messages.value


@pytest.mark.parametrize("kind, when", [("pfmp", "la PFMP"), ("vacances", "les vacances")])
def test_line_on_a_pfmp_or_holiday_week_is_refused(tab, bank_dir, kind, when):
    plan = tab.on_propose()
    year = plan.years[0]
    week = next(w.number for w in year.weeks if w.kind == kind)
    tab.week_fields[0].value += f"\n{week} | 3 | Atelier pendant l'absence"
    assert f"ligne {len(tab.week_fields[0].value.splitlines())}" in tab.report.value
    assert f"semaine {week} tombe pendant {when}" in tab.report.value
    assert tab.save() is None
    assert f"semaine {week} tombe pendant {when}" in tab.state.messages.value
    assert Bank(bank_dir).list(doc_type="projet") == []


def test_plan_over_budget_is_saved_with_an_error_message(tab, bank_dir):
    tab.on_propose()
    lines = [f"{line.split('|')[0].strip()} | 30 | Atelier de réalisation" for line in
             tab.week_fields[0].value.splitlines()]
    tab.week_fields[0].value = "\n".join(lines)
    saved = tab.save()
    assert saved is not None and Bank(bank_dir).get(saved.id).revision == 1
    messages = tab.state.messages.value
    assert "enregistré dans la banque" in messages and "dépassement" in messages
    assert "spirale-erreur" in messages and "spirale-succes" not in messages
