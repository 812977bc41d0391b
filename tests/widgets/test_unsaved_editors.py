"""Never lose work in the co-intervention, projet and progression editors: drafts, the offer to resume them,
the unsaved marker, and the Banque tab's list of drafts of documents that were never saved."""

import html

import pytest

from scenario_lib.bank import Bank, Drafts
from scenario_lib.widgets import Atelier
from scenario_lib.widgets.bank_tab import BankTab
from scenario_lib.widgets.base import UNSAVED_CLASS
from scenario_lib.widgets.cointervention_tab import CoInterventionTab
from scenario_lib.widgets.progression_tab import ProgressionTab
from scenario_lib.widgets.projet_tab import ProjetTab


def _cointervention(atelier, scenario):
    tab = atelier.tab(CoInterventionTab)
    tab.scenario.value = scenario.id
    tab.school_year.value = "2025-2026"
    tab.on_propose()
    return tab, lambda: tab.objective, "Objectif retouché, pas encore enregistré"


def _projet(atelier, scenario):
    tab = atelier.tab(ProjetTab)
    tab.scenarios.value = (scenario.id,)
    tab.school_year.value = "2025-2026"
    tab.on_propose()
    return tab, lambda: tab.theme, "Thème retouché, pas encore enregistré"


EDITORS = {"cointervention": (CoInterventionTab, _cointervention), "projet": (ProjetTab, _projet)}


@pytest.mark.parametrize("kind", EDITORS)
def test_plan_edit_is_kept_as_a_draft_listed_in_the_bank_and_resumed_after_a_reload(bank_dir, scenario, kind):
    cls, start = EDITORS[kind]
    tab, field, text = start(Atelier(bank_dir=bank_dir), scenario)
    work = tab.work
    assert not work.dirty
    field().value = text
    assert work.dirty and UNSAVED_CLASS in work.status._dom_classes  # the page asks before a reload or a close
    work.flush()
    plan_id = tab.plan.id
    key = "objective" if kind == "cointervention" else "theme"
    assert Drafts(bank_dir).get(plan_id).data[key] == text
    assert plan_id not in {e.id for e in Bank(bank_dir).list()}  # nothing saved behind the teachers' back

    atelier = Atelier(bank_dir=bank_dir)  # the page is reloaded
    bank_tab = atelier.tab(BankTab)
    listed = html.unescape(" ".join(c.children[0].value for c in bank_tab.drafts_box.children[1:]))
    assert "Brouillons jamais enregistrés (1)" in bank_tab.drafts_box.children[0].value
    assert tab.plan.title in listed and "brouillon du" in listed
    resume = bank_tab.drafts_box.children[1].children[1]
    resume.click()
    reopened = atelier.tab(cls)
    assert atelier.tab_widget.selected_index == atelier.tabs.index(reopened)  # the right tab
    assert reopened.plan.id == plan_id and reopened.work.dirty
    assert (reopened.objective if kind == "cointervention" else reopened.theme).value == text
    saved = reopened.save()
    assert saved is not None and Drafts(bank_dir).get(plan_id) is None and not reopened.work.dirty
    assert bank_tab.drafts_box.children == ()  # listed no more once saved


def test_a_saved_plan_reopened_offers_its_draft(bank_dir, scenario):
    atelier = Atelier(bank_dir=bank_dir)
    tab, field, text = _cointervention(atelier, scenario)
    saved = tab.save()
    field().value = text
    tab.work.flush()
    atelier = Atelier(bank_dir=bank_dir)
    bank_tab = atelier.tab(BankTab)
    assert bank_tab.drafts_box.children == ()  # its document exists: offered when it is opened instead
    bank_tab.table.value = saved.id
    bank_tab.open_selected()
    tab = atelier.tab(CoInterventionTab)
    offer = tab.work.offer_box
    assert "Un brouillon non enregistré du" in offer.children[0].value and tab.objective.value != text
    offer.children[1].click()  # « Reprendre »
    assert tab.objective.value == text and tab.work.dirty


def test_progression_placements_survive_a_reload_and_the_draft_can_be_discarded(bank_dir, saved):
    atelier = Atelier(bank_dir=bank_dir)
    tab = atelier.tab(ProgressionTab)
    tab.class_name.value = "2nde MCV B"
    tab.pfmp_rule.value = "guide-grand-est"
    tab.buttons["creer"].click()
    assert not tab.work.dirty
    tab.scenario.value = saved.id
    tab.year.value = "premiere"
    tab.week.value = 2
    tab.buttons["placer"].click()
    assert tab.work.dirty and UNSAVED_CLASS in tab.work.status._dom_classes
    tab.work.flush()
    prog_id = tab.progression.id

    atelier = Atelier(bank_dir=bank_dir)
    bank_tab = atelier.tab(BankTab)
    [row] = bank_tab.drafts_box.children[1:]
    assert "Progression" in row.children[0].value
    row.children[1].click()
    tab = atelier.tab(ProgressionTab)
    assert tab.progression.id == prog_id and [p.scenario_id for p in tab.progression.placements] == [saved.id]

    atelier = Atelier(bank_dir=bank_dir)
    bank_tab = atelier.tab(BankTab)
    bank_tab.drafts_box.children[1].children[2].click()  # « Supprimer le brouillon »
    assert Drafts(bank_dir).get(prog_id) is None and bank_tab.drafts_box.children == ()
    assert "supprimé" in html.unescape(atelier.state.messages.value)


def test_saving_a_progression_drops_its_draft(bank_dir, saved):
    atelier = Atelier(bank_dir=bank_dir)
    tab = atelier.tab(ProgressionTab)
    tab.class_name.value = "1re MCV B"
    tab.buttons["creer"].click()
    tab.scenario.value = saved.id
    tab.year.value = "premiere"
    tab.week.value = 3
    tab.buttons["placer"].click()
    tab.work.flush()
    assert Drafts(bank_dir).get(tab.progression.id) is not None
    tab.buttons["enregistrer"].click()
    assert Drafts(bank_dir).get(tab.progression.id) is None and not tab.work.dirty
    assert "Enregistré (révision 1)" in tab.work.status.value


def test_the_bank_tab_reads_the_drafts_again_when_it_is_shown(bank_dir, scenario):
    """A page whose Banque tab was shown before the last draft was written: showing the tab again lists it."""
    atelier = Atelier(bank_dir=bank_dir)
    atelier.show_tab("Banque")  # built and listed first
    atelier.show_tab("Accueil")
    other = Atelier(bank_dir=bank_dir)
    tab, field, text = _cointervention(other, scenario)
    field().value = text
    tab.work.flush()
    bank_tab = atelier.tab(BankTab)
    assert bank_tab.drafts_box.children == ()
    atelier.tab_widget.selected_index = atelier.tabs.index(bank_tab)
    assert "Brouillons jamais enregistrés (1)" in bank_tab.drafts_box.children[0].value
