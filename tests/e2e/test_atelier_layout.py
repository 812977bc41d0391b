"""The atelier as teachers measured it, at 1366×768 and 1920×1080: nothing clipped, feedback where the action is.

Each tab is shown, photographed (test-artifacts/e2e/layout-*.png) and measured in the page: every visible button
inside its parent's box and inside the window, no button, label or tab title cut (scrollWidth > clientWidth).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from scenario_lib.text import fold

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
LONG = 60_000
TABS = (
    "Accueil",
    "Référentiel",
    "Composer",
    "Banque",
    "Export par lot",
    "Co-intervention",
    "Chef-d'œuvre / projet",
    "Progression",
    "PFMP",
    "Évaluation",
)

# What a teacher would call clipped, measured on the visible part of the page.
MEASURE = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const shown = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const name = el => (el.innerText || el.title || el.className).trim().slice(0, 40);
  for (const b of document.querySelectorAll(".spirale-atelier button")) {
    if (!shown(b)) continue;
    const r = b.getBoundingClientRect(), p = b.parentElement.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1) problems.push(`hors de la fenêtre : ${name(b)}`);
    if (r.left < p.left - 1 || r.right > p.right + 1) problems.push(`dépasse son cadre : ${name(b)}`);
    if (b.scrollWidth > b.clientWidth + 1) problems.push(`bouton coupé : ${name(b)}`);
  }
  for (const l of document.querySelectorAll(".spirale-atelier .widget-label, .spirale-onglets .lm-TabBar-tabLabel")) {
    if (shown(l) && l.scrollWidth > l.clientWidth + 1) problems.push(`libellé coupé : ${name(l)}`);
  }
  for (const el of document.querySelectorAll(".spirale-atelier .widget-box, .spirale-atelier .widget-html")) {
    if (shown(el) && el.getBoundingClientRect().right > width + 1) problems.push(`bloc hors fenêtre : ${name(el)}`);
  }
  return problems;
}"""


def open_page(browser, url: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(20_000)
    outside, errors = [], []

    def record(address: str) -> None:  # the atelier works offline: nothing may leave this computer
        parts = urlsplit(address)
        if parts.scheme not in {"data", "blob", "about"} and parts.hostname not in {"127.0.0.1", "localhost"}:
            outside.append(address)

    page.on("request", lambda request: record(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    page.locator(".spirale-accueil").wait_for(timeout=LONG)
    return page, outside, errors


def open_tab(page, title: str) -> None:
    """Show the tab; its widgets are made by the kernel when it is first shown, then drawn."""
    page.locator(".spirale-onglets .lm-TabBar-tab", has_text=title).first.click()
    page.locator(".spirale-page > .widget-box").filter(visible=True).first.wait_for(timeout=LONG)
    page.wait_for_timeout(250)  # the panel is drawn


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"layout-{name}.png"))


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_every_tab_fits_the_window(atelier, browser, width, height):
    url, _ = atelier
    page, outside, errors = open_page(browser, url, width, height)
    assert "Loading widget" not in page.inner_text("body")
    tabs = page.locator(".spirale-onglets .lm-TabBar-tab")
    assert [t.strip() for t in tabs.all_inner_texts()] == list(TABS)
    for number, title in enumerate(TABS, 1):
        open_tab(page, title)
        shot(page, f"{width}-{number:02d}-{slug(title)}")
        assert page.evaluate(MEASURE) == [], title
    panel = page.locator(".spirale-onglets").bounding_box()
    assert panel["width"] > 0.9 * width  # the layout uses the width, no fixed 1400 px column
    assert outside == [] and errors == []


def test_home_buttons_open_their_tabs(atelier, browser):
    url, _ = atelier
    page, _, _ = open_page(browser, url, 1366, 768)
    assert page.locator(".spirale-accueil").get_by_text("par où commencer").is_visible()
    for title in ("Référentiel", "Composer", "Banque"):
        open_tab(page, "Accueil")
        page.locator(f"button.spirale-accueil-{fold(title)}").click()
        selected = page.locator(".spirale-onglets .lm-TabBar-tab.lm-mod-current")
        page.wait_for_function(
            "t => document.querySelector('.spirale-onglets .lm-TabBar-tab.lm-mod-current').innerText.trim() === t",
            arg=title,
        )
        assert selected.inner_text().strip() == title


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
        selector,
    )


def test_feedback_stays_where_the_teacher_looks(atelier, browser):
    url, _ = atelier
    page, outside, _ = open_page(browser, url, 1366, 768)

    # Référentiel: with a search typed, a click on the tree shows the details beside it, in view
    open_tab(page, "Référentiel")
    page.locator(".spirale-ref-search input").fill("fidelisation")
    page.locator(".spirale-ref-hits").get_by_text(re.compile(r"\d+ résultat")).wait_for()
    page.locator(".spirale-ref-tree .jstree-anchor", has_text="3.2").first.click()
    page.locator(".spirale-ref-details").get_by_text("Tâches du RAP").wait_for()
    tree, details = (page.locator(s).bounding_box() for s in (".spirale-ref-tree", ".spirale-ref-details"))
    assert details["x"] >= tree["x"] + tree["width"] - 1 and details["y"] < 768
    shot(page, "1366-referentiel-details")

    # Composer: « Choisir » scrolls to the form; task cards keep their ↑ ↓ 🗑 in view
    open_tab(page, "Composer")
    page.locator("button.spirale-proposer:visible").click()
    page.locator("button.spirale-choisir:visible").first.click()
    page.locator(".spirale-champ-titre input").wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('.spirale-champ-titre')")
    assert _in_view(page, ".spirale-champ-titre input")
    page.locator(".spirale-retirer-tache").first.scroll_into_view_if_needed()
    shot(page, "1366-composer-formulaire")
    assert page.evaluate(MEASURE) == []
    hours = page.locator(".spirale-carte input[placeholder='ex. 1,5']").first
    hours.fill("1,5")
    hours.press("Tab")

    # « Enregistrer »: a toast in view, and the tabs did not move
    def tabs_offset() -> float:  # from the page title to the tabs: a message bar in between would change it
        return (
            page.locator(".spirale-onglets > .lm-TabBar").bounding_box()["y"]
            - page.locator(".spirale-titre").bounding_box()["y"]
        )

    before = tabs_offset()
    page.locator("button.spirale-enregistrer:visible").click()
    toast = page.locator(".spirale-messages").get_by_text("enregistré dans la banque")
    toast.wait_for()
    assert _in_view(page, ".spirale-messages .spirale-msg")
    assert tabs_offset() == pytest.approx(before, abs=1)
    shot(page, "1366-composer-enregistre")

    # Banque: a real table, filtered per column and sorted; « Ouvrir » scrolls to the form in the Composer
    open_tab(page, "Banque")
    page.locator(".spirale-filtre-titre input").fill("clients inactifs")  # one sample document, whatever was saved
    cells = page.locator(".spirale-banque-table .spirale-table-cellule")
    page.wait_for_function(
        "() => document.querySelectorAll('.spirale-banque-table .spirale-table-cellule').length === 5"
    )
    assert "inactifs" in cells.first.inner_text()
    page.locator(".spirale-filtre-titre input").fill("")
    page.locator("button.spirale-tri-titre").click()
    page.locator("button.spirale-tri-titre", has_text="▲").wait_for()
    shot(page, "1366-banque-tri")
    first_title = cells.first.inner_text()
    cells.first.click()
    page.locator(".spirale-ligne-choisie").first.wait_for()
    page.locator("button.spirale-banque-ouvrir").click()
    page.wait_for_function("t => document.querySelector('.spirale-champ-titre input').value === t", arg=first_title)
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('.spirale-champ-titre')")
    assert _in_view(page, ".spirale-champ-titre input")
    assert outside == []
