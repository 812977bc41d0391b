"""A teacher's session in a real browser: search, propose, choose, edit, save, export a PDF."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from scenario_lib.bank import Bank

from .conftest import ARTIFACTS, wait_until

pytestmark = pytest.mark.browser
LONG = 60_000  # ms: Voilà starts a kernel and runs the notebook before the first widget appears


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def open_tab(page, title: str) -> None:
    page.locator(".spirale-onglets .lm-TabBar-tab", has_text=title).first.click()


def test_teacher_session_from_search_to_pdf(atelier, browser):
    url, bank_dir = atelier
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.set_default_timeout(20_000)
    errors, outside = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def record(address: str) -> None:  # everything must come from this computer: the atelier works offline
        parts = urlsplit(address)
        if parts.scheme not in {"data", "blob", "about"} and parts.hostname not in {"127.0.0.1", "localhost"}:
            outside.append(address)

    page.on("request", lambda request: record(request.url))
    page.on("websocket", lambda ws: record(ws.url))
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    shot(page, "01-accueil")
    assert "Traceback" not in page.content()

    # Référentiel: accent-insensitive search as you type
    open_tab(page, "Référentiel")
    page.locator(".spirale-ref-search input").fill("fidelisation")
    hits = page.locator(".spirale-ref-hits")
    hits.get_by_text(re.compile(r"\d+ résultat")).wait_for()
    assert "fidélisation" in hits.inner_text()
    page.locator(".spirale-ref-tree .jstree-anchor", has_text="3.2").first.click()
    page.locator(".spirale-ref-details").get_by_text("Tâches du RAP").wait_for()
    shot(page, "02-referentiel-recherche")

    # Composer: propose, read the explanation, choose
    open_tab(page, "Composer")
    page.locator("button.spirale-proposer:visible").click()
    page.locator(".spirale-proposition").first.wait_for()
    assert page.locator(".spirale-proposition").count() >= 1
    assert "Blocs croisés" in page.locator(".spirale-proposition").first.inner_text()
    shot(page, "03-propositions")
    page.locator("button.spirale-choisir:visible").first.click()
    title_input = page.locator(".spirale-champ-titre input")
    title_input.wait_for()
    page.locator(".spirale-apercu iframe").wait_for()

    # edit the title: the preview follows
    new_title = "Opération fidélité de printemps (essai e2e)"
    title_input.fill(new_title)
    title_input.press("Tab")
    page.frame_locator(".spirale-apercu iframe").get_by_text(new_title).first.wait_for()
    page.locator(".spirale-decloisonnement").get_by_text("Décloisonnement").wait_for()
    shot(page, "04-formulaire-apercu")

    # save into the bank
    page.locator("button.spirale-enregistrer:visible").click()
    page.locator(".spirale-messages").get_by_text("enregistré dans la banque").wait_for()
    assert [e.title for e in Bank(bank_dir).list(text="essai e2e")] == [new_title]
    shot(page, "05-enregistre")

    # export a PDF and download it
    page.locator("button.spirale-exporter:visible").click()
    link = page.locator("a.spirale-telechargement:visible")
    link.wait_for(timeout=LONG)
    with page.expect_download() as info:
        link.click()
    target = ARTIFACTS / "export.pdf"
    info.value.save_as(target)
    assert info.value.suggested_filename.endswith(".pdf")
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "printemps" in text
    shot(page, "06-export-pdf")

    # the spiral: three levels side by side
    page.locator("button.spirale-decliner:visible").click()
    page.locator(".spirale-variantes iframe").nth(2).wait_for()
    page.locator(".spirale-variantes").scroll_into_view_if_needed()
    shot(page, "07-spirale")

    # the bank tab lists the saved document
    open_tab(page, "Banque")
    page.locator(".spirale-banque-table .spirale-table-cellule", has_text="essai e2e").first.wait_for()
    shot(page, "08-banque")
    assert errors == []
    assert outside == []


def kernel_alive(url: str, kernel: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}api/kernels/{kernel}", timeout=10):
            return True
    except urllib.error.HTTPError as error:
        assert error.code == 404
        return False


def test_reloading_or_closing_the_page_stops_its_kernel(atelier, browser):
    """The page's unload message or its closed websocket stops its kernel (the culler would wait 2 minutes)."""
    url, _ = atelier
    page = browser.new_page()
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    first = re.search(r'"kernelId": "([0-9a-f-]+)"', page.content()).group(1)
    assert kernel_alive(url, first)
    page.reload(timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    second = re.search(r'"kernelId": "([0-9a-f-]+)"', page.content()).group(1)
    assert second != first and kernel_alive(url, second)
    wait_until(lambda: not kernel_alive(url, first), 15, "noyau de la page rechargée arrêté")
    page.close(run_before_unload=True)
    wait_until(lambda: not kernel_alive(url, second), 25, "noyau de la page fermée arrêté")


def test_planner_tabs_work_in_the_browser(atelier, browser):
    """Co-intervention proposed from a bank situation, and the progression and PFMP tabs render in Voilà."""
    url, bank_dir = atelier
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(20_000)
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)

    open_tab(page, "Co-intervention")
    page.locator(".spirale-coint-scenario select").select_option(index=0)
    page.locator("button.spirale-proposer:visible").click()
    page.locator(".spirale-messages").get_by_text("proposé").wait_for()
    shot(page, "09-cointervention")
    assert "Traceback" not in page.content()

    # Progression: create a class's three years, let the solver complete them, see the views
    open_tab(page, "Progression")
    page.locator(".spirale-progression-classe input").fill("2nde MCV B")
    page.locator("button.spirale-progression-creer:visible").click()
    page.locator(".spirale-messages").get_by_text("créée").wait_for()
    page.locator("button.spirale-progression-completer:visible").click()
    page.locator(".spirale-messages").get_by_text("confirmez ou annulez").wait_for(timeout=LONG)
    page.locator("button.spirale-progression-confirmer:visible").click()
    page.locator(".spirale-messages").get_by_text("ajoutée(s) à la banque").wait_for(timeout=LONG)
    page.locator(".spirale-progression-vues").get_by_text("Couverture sur le cycle").first.wait_for()
    shot(page, "10-progression")

    open_tab(page, "PFMP")
    page.locator(".spirale-pfmp-liste:visible").first.wait_for()
    shot(page, "11-pfmp")
    assert "Traceback" not in page.content()
