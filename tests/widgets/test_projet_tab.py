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
    assert plan is not None and plan.scenario_ids == [scenario.id]
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
