import base64
import html
import io
import re

import openpyxl

from scenario_lib.bank import Bank
from scenario_lib.planning.coverage import analyse
from scenario_lib.referential import load_referential
from scenario_lib.text import french_number
from scenario_lib.typography import typeset
from scenario_lib.widgets.base import AtelierState
from scenario_lib.widgets.progression_tab import ProgressionTab

MCV = load_referential("bacpro-mcv-b")


def message(state) -> str:
    return html.unescape(state.messages.value)


def created(bank_dir):
    state = AtelierState(bank_dir)
    tab = ProgressionTab(state)
    tab.class_name.value = "2nde MCV B"
    tab.pfmp_rule.value = "guide-grand-est"
    tab.buttons["creer"].click()
    return state, tab


def test_create_place_complete_save_and_export(bank_dir, saved):
    state, tab = created(bank_dir)
    assert "créée" in message(state)
    tab.scenario.value = saved.id
    tab.year.value = "premiere"
    tab.week.value = 2
    tab.buttons["placer"].click()
    assert "placée en Première, semaine 2" in message(state)
    assert [p.scenario_id for p in tab.progression.placements] == [saved.id]
    assert "la compétence 1.1" in tab.problems.value  # empty years are listed as problems

    tab.buttons["completer"].click()
    assert "confirmez ou annulez" in message(state)
    assert tab.progression.placements[-1].scenario_id == saved.id and len(tab.progression.placements) == 1
    tab.buttons["confirmer"].click()
    assert "ajoutée(s) à la banque" in message(state) and "enregistrée (révision 1)" in message(state)
    assert tab.confirmation.layout.display == "none"
    assert len(tab.progression.placements) > 1
    assert not [
        p
        for p in analyse(tab.progression, MCV).problems
        if p.year == "seconde" and p.kind == "spirale" and p.competence.startswith("4B")
    ]  # 4B optional in Seconde
    bank = Bank(bank_dir)
    stored = bank.get(tab.progression.id)
    assert {p.scenario_id for p in stored.placements} <= {e.id for e in bank.list(doc_type="scenario")}
    assert tab.choice.value == stored.id

    tab.fmt.value = "xlsx"
    tab.buttons["exporter"].click()
    payload = re.search(r'base64,([^"]+)"', tab.download.value).group(1)
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(payload)))
    assert book.sheetnames[:4] == ["Seconde", "Première", "Terminale", "Couverture"]


def test_pfmp_week_is_refused_and_views_show_placed_situation(bank_dir, saved):
    state, tab = created(bank_dir)
    tab.scenario.value = saved.id
    tab.year.value = "premiere"
    pfmp_week = tab.progression.year("premiere").numbers("pfmp")[0]
    tab.week.value = pfmp_week
    tab.buttons["placer"].click()
    assert f"semaine {pfmp_week} : c'est une semaine de PFMP" in message(state)
    assert tab.progression.placements == ()
    tab.week.value = tab.progression.year("premiere").numbers("cours")[0]
    tab.buttons["placer"].click()
    tab.view_year.value = "premiere"
    views = html.unescape(tab.views.value)  # printed with French typography, like the exported sheet
    assert typeset(saved.title) in views and "Première : calendrier" in views
    assert "PFMP" in tab.views.value


def listing(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_completer_shows_the_additions_and_cancel_leaves_no_file(bank_dir):
    state, tab = created(bank_dir)
    tab.buttons["enregistrer"].click()
    before = listing(bank_dir)
    tab.buttons["completer"].click()
    area = html.unescape(tab.additions.value)
    assert tab.confirmation.layout.display != "none" and tab.proposal.proposals
    for scenario in tab.proposal.proposals:
        assert f"« {scenario.title} » — niveau" in area and f"{french_number(scenario.total_hours)} h" in area
        assert ", ".join(scenario.competences) in area and "nouvelle situation" in area
    assert "facultatif en Seconde (famille de métiers)" in area
    assert listing(bank_dir) == before and tab.progression.placements == ()
    tab.buttons["annuler"].click()
    assert "rien n'a été ajouté" in message(state) and tab.confirmation.layout.display == "none"
    assert listing(bank_dir) == before and tab.progression.placements == ()
    tab.buttons["confirmer"].click()
    assert "cliquez d'abord sur « Compléter »" in message(state) and listing(bank_dir) == before


def test_confirm_refused_by_a_newer_revision_leaves_no_orphan_situation(bank_dir):
    state, tab = created(bank_dir)
    tab.buttons["enregistrer"].click()
    first, second = ProgressionTab(AtelierState(bank_dir)), ProgressionTab(AtelierState(bank_dir))
    for other in (first, second):
        other.choice.value = tab.progression.id
        other.buttons["ouvrir"].click()
    first.buttons["enregistrer"].click()
    assert "enregistrée (révision 2)" in message(first.state)
    scenarios = {e.id for e in Bank(bank_dir).list(doc_type="scenario")}
    second.buttons["completer"].click()
    assert second.proposal.proposals, "the completion proposes new situations"
    second.buttons["confirmer"].click()
    assert "enregistré par quelqu'un d'autre" in message(second.state)
    assert {e.id for e in Bank(bank_dir).list(doc_type="scenario")} == scenarios
    assert second.proposal is not None, "the proposal stays shown for the next try"


def test_actions_without_progression_say_what_to_do(bank_dir):
    state = AtelierState(bank_dir)
    tab = ProgressionTab(state)
    tab.buttons["completer"].click()
    assert "ouvrez ou créez d'abord une progression" in message(state)
    tab.buttons["creer"].click()
    assert "indiquez le nom de la classe" in message(state)


def test_bank_open_reaches_the_tab(bank_dir):
    state, tab = created(bank_dir)
    tab.buttons["enregistrer"].click()
    other = ProgressionTab(state)
    other.choice.value = tab.progression.id
    other.buttons["ouvrir"].click()
    assert other.progression.id == tab.progression.id and "2nde MCV B" in other.header.value
