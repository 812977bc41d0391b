"""The Évaluation tab in a real browser at 1366×768: a grid for a sample situation and a small class, levels
entered by keyboard only, a whole column, save, reopen after a reload; a pupil's page with the evolution plot.
Screenshots in test-artifacts/e2e/ (evaluation-*.png)."""

from __future__ import annotations

import pytest

from scenario_lib.bank import Bank
from scenario_lib.evaluation import evaluations
from tests.evaluation.classdata import GRADE, write_class_list

from .conftest import ARTIFACTS, wait_until

pytestmark = pytest.mark.browser
LONG = 60_000
SITUATION = "ex-1re-phoning-assurance"


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"evaluation-{name}.png"), full_page=False)


def open_evaluation(page, url: str) -> None:
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    page.locator(".spirale-onglets .lm-TabBar-tab", has_text="Évaluation").first.click()
    page.locator(".spirale-evaluation").wait_for()


def buttons_inside(page) -> list[str]:
    """Labels of the visible buttons of the tab that stick out of their line or of the window."""
    return page.evaluate("""() => {
        const out = [];
        for (const b of document.querySelectorAll('.spirale-evaluation button')) {
            const r = b.getBoundingClientRect();
            if (!r.width || !b.offsetParent) continue;
            const p = b.parentElement.getBoundingClientRect();
            if (r.right > p.right + 1 || r.left < p.left - 1 || r.right > window.innerWidth) out.push(b.innerText);
        }
        return out;
    }""")


def test_grid_by_keyboard_then_pupil_page(atelier, browser, tmp_path):
    url, bank_dir = atelier
    class_list = write_class_list(tmp_path / "classe.csv", 3, grade=GRADE)
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    page.set_default_timeout(20_000)
    page.on("dialog", lambda d: d.accept())
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_evaluation(page, url)

    # a grid for a sample situation and a class of three
    with page.expect_file_chooser() as chooser:
        page.locator(".spirale-eval-liste").click()
    chooser.value.set_files(str(class_list))
    page.locator(".spirale-eval-situation select").select_option(label=Bank(bank_dir).entry(SITUATION).title)
    page.locator("button.spirale-eval-creer").click()
    cells = page.locator(".spirale-eval-cellule input")
    wait_until(lambda: cells.count() == 3 * 7, 20, "grille de 3 élèves × 7 colonnes")
    page.locator(".spirale-messages").get_by_text("Grille créée pour 3 élèves").first.wait_for()
    assert buttons_inside(page) == []
    shot(page, "01-grille-creee")

    # keyboard only: type a level, Tab to the next cell; « averti » and « d » are understood
    cells.nth(0).click()
    for text in ("a", "averti", "d"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    wait_until(lambda: [cells.nth(i).input_value() for i in range(3)] == ["A", "A", "D"], 15, "niveaux saisis")
    cells.nth(3).click()
    page.keyboard.type("zz")
    page.keyboard.press("Tab")
    page.locator(".spirale-messages").get_by_text("« zz » inconnu").first.wait_for()
    assert cells.nth(3).input_value() == ""

    # a whole column: the 5th sub-competence is « E » for everyone
    column = page.locator(".spirale-eval-colonne select")
    label = column.locator("option").nth(4).get_attribute("value")
    column.select_option(label=label)
    code = label.split()[0]
    page.locator(".spirale-eval-niveau-colonne input").fill("e")
    page.locator("button.spirale-eval-colonne").click()
    wait_until(lambda: [cells.nth(7 * r + 4).input_value() for r in range(3)] == ["E"] * 3, 15, "colonne entière")
    shot(page, "02-niveaux-saisis")
    page.locator("button.spirale-eval-enregistrer").click()
    page.locator(".spirale-messages").get_by_text("Grille enregistrée (révision 2)").first.wait_for()
    saved = evaluations(bank_dir, GRADE)[-1]
    assert [saved.rows[0].levels.get(c) for c in saved.columns[:3]] == ["A", "A", "D"]
    assert {r.levels[code] for r in saved.rows} == {"E"}

    # reopen after a reload: the levels are back
    open_evaluation(page, url)
    grades = page.locator(".spirale-eval-classe select option")
    wait_until(lambda: grades.count() > 0, 30, "classe proposée après rechargement")
    page.locator(".spirale-eval-classe select").select_option(label=GRADE)
    page.locator(".spirale-eval-grilles select").select_option(label=f"{saved.date:%d/%m/%Y} — {saved.situation_title}")
    page.locator("button.spirale-eval-ouvrir").click()
    wait_until(lambda: cells.count() == 21 and cells.nth(2).input_value() == "D", 20, "grille rouverte")
    assert cells.nth(11).input_value() == "E"

    # the pupil's page: record and evolution plot
    page.locator(".spirale-eval-choix-eleve select").select_option(index=0)
    page.locator("button.spirale-eval-eleve").click()
    frame = page.frame_locator(".spirale-eval-vue iframe")
    frame.locator("h1").wait_for()
    assert "Bilan" in frame.locator("h1").inner_text()
    plot = frame.locator("img").first
    plot.wait_for()
    assert plot.evaluate("img => img.complete && img.naturalWidth > 100")
    frame_box = page.locator(".spirale-eval-vue iframe").bounding_box()
    assert frame_box["width"] > 600 and frame_box["x"] + frame_box["width"] <= 1366
    page.locator(".spirale-eval-vue iframe").scroll_into_view_if_needed()
    shot(page, "03-page-eleve")
    plot.scroll_into_view_if_needed()
    shot(page, "04-evolution")
    assert buttons_inside(page) == []
    assert not errors, errors
