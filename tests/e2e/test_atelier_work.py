"""Never lose work, in a real browser at 1366×768: draft offered after a reload, Ctrl+S, undo a deletion,
trash and history, and a hand edit merged field by field."""

from __future__ import annotations

import pytest
import yaml

from scenario_lib.bank import Bank
from scenario_lib.bank.files import HEADER, dump_yaml

from .conftest import ARTIFACTS, wait_until

pytestmark = pytest.mark.browser
LONG = 60_000


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def open_tab(page, title: str) -> None:
    page.locator(".spirale-onglets .lm-TabBar-tab", has_text=title).first.click()


def select_in_bank(page, title: str) -> None:
    open_tab(page, "Banque")
    page.locator(".spirale-filtre-titre input").fill(title)
    cells = page.locator(".spirale-banque-table .spirale-table-cellule")
    wait_until(lambda: cells.count() == 5, 15, "document filtré")  # one row of five columns
    cells.first.click()


def message(page, text: str) -> None:
    page.locator(".spirale-messages").get_by_text(text).first.wait_for()


def test_work_is_never_lost(atelier, browser):
    url, bank_dir = atelier
    bank = Bank(bank_dir)
    entry = next(e for e in bank.list(doc_type="scenario"))
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(20_000)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)

    # edit a field: the page knows it is unsaved, a draft follows a few seconds later
    select_in_bank(page, entry.title)
    page.locator("button.spirale-banque-ouvrir").click()
    mission = page.locator(".spirale-champ-mission textarea")
    mission.fill("Mission retouchée, pas encore enregistrée (e2e)")
    page.locator(".spirale-etat-travail").get_by_text("brouillon gardé").wait_for()
    shot(page, "work-01-modifie")

    # reload: the browser asks first, then the draft is offered on reopening
    page.reload(timeout=LONG)
    assert "beforeunload" in dialogs
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    select_in_bank(page, entry.title)
    page.locator("button.spirale-banque-ouvrir").click()
    page.locator(".spirale-brouillon").get_by_text("Un brouillon non enregistré du").wait_for()
    shot(page, "work-02-brouillon-propose")
    page.locator("button.spirale-reprendre-brouillon").click()
    wait_until(
        lambda: mission.input_value() == "Mission retouchée, pas encore enregistrée (e2e)", 15, "brouillon repris"
    )

    # Ctrl+S saves the open document
    mission.press("Control+s")
    message(page, "enregistré dans la banque")
    assert Bank(bank_dir).get(entry.id).mission == "Mission retouchée, pas encore enregistrée (e2e)"
    saved_revision = Bank(bank_dir).entry(entry.id).revision

    # delete, then « Annuler la suppression »
    select_in_bank(page, entry.title)
    page.locator("button.spirale-banque-supprimer").click()
    page.locator("button.spirale-confirmer-suppression").click()
    page.locator("button.spirale-annuler-suppression").wait_for()
    shot(page, "work-03-annuler-suppression")
    assert entry.id not in Bank(bank_dir)
    page.locator("button.spirale-annuler-suppression").click()
    message(page, "Suppression annulée")
    assert entry.id in Bank(bank_dir)

    # delete again, restore from the trash
    select_in_bank(page, entry.title)
    page.locator("button.spirale-banque-supprimer").click()
    page.locator("button.spirale-confirmer-suppression").click()
    message(page, "corbeille")
    page.locator(
        ".spirale-banque-outils .lm-AccordionPanel-title, .spirale-banque-outils .p-Collapse-header, "
        ".spirale-banque-outils .jupyter-widget-Collapse-header"
    ).get_by_text("Corbeille").click()
    trash = page.locator(".spirale-corbeille-liste select")
    trash.locator("option").first.wait_for(state="attached")
    trash.select_option(index=0)
    shot(page, "work-04-corbeille")
    page.locator("button.spirale-corbeille-restaurer").click()
    message(page, "de retour dans la banque")
    assert entry.id in Bank(bank_dir)

    # history: go back to the revision before the Ctrl+S
    select_in_bank(page, entry.title)
    page.locator(".spirale-banque-outils").get_by_text("Historique du document choisi").click()
    history = page.locator(".spirale-historique-liste select")
    history.locator("option").first.wait_for(state="attached")
    history.select_option(index=0)
    page.locator("button.spirale-historique-voir").click()
    page.locator(".spirale-historique-revision").get_by_text("Ce qui a changé").wait_for()
    shot(page, "work-05-historique")
    page.locator("button.spirale-historique-restaurer").click()
    message(page, "restaurée")
    assert Bank(bank_dir).get(entry.id).mission == entry_mission(bank_dir, entry.id, saved_revision - 1)

    # a colleague edits the file by hand (same revision) while it is open: conflict, then merge
    current = Bank(bank_dir).get(entry.id)
    page.locator("button.spirale-banque-ouvrir").click()
    wait_until(lambda: mission.input_value() == current.mission, 15, "document rouvert")
    notes = page.locator(".spirale-champ-notes textarea")
    path = Bank(bank_dir).entry(entry.id).path
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["mission"] = "Mission corrigée à la main"  # `revision` left as it was
    path.write_text(HEADER + dump_yaml(data), encoding="utf-8")
    notes.fill("Notes ajoutées dans l'atelier")
    notes.press("Control+s")
    shot(page, "work-05b-conflit")
    message(page, "modifié sur le disque")
    assert Bank(bank_dir).get(entry.id).mission == "Mission corrigée à la main"
    open_tab(page, "Banque")
    card = page.locator(".spirale-conflit").first
    card.wait_for()
    notes_choice = card.locator(".spirale-choix-fusion").nth(_field_index(bank_dir, entry.id, "notes"))
    notes_choice.get_by_text("Autre version").click()
    card.scroll_into_view_if_needed()
    shot(page, "work-06-fusion")
    card.locator("button.spirale-fusionner").click()
    message(page, "Version fusionnée enregistrée")
    merged = Bank(bank_dir).get(entry.id)
    assert merged.mission == "Mission corrigée à la main" and merged.notes == "Notes ajoutées dans l'atelier"
    assert Bank(bank_dir).conflicts(entry.id) == []
    assert "Traceback" not in page.content() and not errors


def entry_mission(bank_dir, doc_id: str, revision: int) -> str:
    return Bank(bank_dir).revision(doc_id, revision).mission


def _field_index(bank_dir, doc_id: str, name: str) -> int:
    from scenario_lib.bank import field_differences

    bank = Bank(bank_dir)
    [copy] = bank.conflicts(doc_id)
    paths = [d.path for d in field_differences(bank.get(doc_id), bank._as_document(copy))]
    return paths.index((name,))


def test_a_plan_never_saved_comes_back_from_the_bank_drafts(atelier, browser):
    """Co-intervention proposed and edited, page reloaded: the Banque tab lists the draft and reopens it."""
    url, bank_dir = atelier
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(20_000)
    page.on("dialog", lambda d: d.accept())
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    open_tab(page, "Co-intervention")
    page.locator(".spirale-coint-scenario select").select_option(index=0)
    page.locator("button.spirale-proposer:visible").click()
    message(page, "proposé")
    objective = page.locator(".spirale-coint-objectif textarea")
    objective.fill("Objectif tapé puis page rechargée (e2e)")
    page.locator(".spirale-etat-travail:visible").get_by_text("brouillon gardé").wait_for()
    shot(page, "work-10-plan-brouillon")

    page.reload(timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    open_tab(page, "Banque")
    drafts = page.locator(".spirale-banque-brouillons")
    drafts.get_by_text("Brouillons jamais enregistrés").wait_for()
    drafts.scroll_into_view_if_needed()
    shot(page, "work-11-banque-brouillons")
    drafts.locator("button.spirale-brouillon-reprendre").first.click()
    wait_until(lambda: objective.input_value() == "Objectif tapé puis page rechargée (e2e)", 15, "brouillon repris")
    shot(page, "work-12-plan-repris")
    page.locator("button.spirale-enregistrer:visible").click()
    wait_until(lambda: any(e.doc_type == "cointervention" for e in Bank(bank_dir).list()), 15, "plan enregistré")
    open_tab(page, "Banque")
    page.locator(".spirale-banque-brouillons h4").wait_for(state="detached")  # listed no more once saved


def test_progression_problems_are_summed_up_before_the_details(atelier, browser):
    url, _ = atelier
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(20_000)
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    open_tab(page, "Progression")
    page.locator(".spirale-progression-classe input").fill("2nde MCV B")
    page.locator("button.spirale-progression-creer").click()
    problems = page.locator(".spirale-progression-problemes")
    problems.locator("ul.problemes-resume").get_by_text("compétences manquantes en Première").wait_for()
    problems.scroll_into_view_if_needed()
    shot(page, "work-13-progression-controle")
    assert problems.locator("ul.problemes-resume li").count() <= 10
    assert not problems.locator("ul.problemes li").first.is_visible()  # details folded
    assert "guide-grand-est" not in page.locator(".spirale-progression-entete").inner_text()
    problems.locator("summary").click()
    assert problems.locator("ul.problemes li").first.is_visible()
