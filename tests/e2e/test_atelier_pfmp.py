"""PFMP partial import in a real browser at 1366×768: class list, booklets, three grids back (one filled, one
with an unknown level, one blank), the French report and the class dashboard."""

from __future__ import annotations

import csv
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from scenario_lib.pfmp import class_bank
from scenario_lib.referential import load_referential

from .conftest import ARTIFACTS
from .test_atelier_layout import MEASURE

pytestmark = pytest.mark.browser
LONG = 60_000
GRADE = "1MCVB-E2E"  # a class of its own: the session's bank is shared with the other browser tests
PUPILS = [("Martin", "Léa"), ("Durand", "Noé"), ("N'Diaye", "Inès")]


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"pfmp-{name}.png"), full_page=False)


def open_tab(page, title: str) -> None:
    page.locator(".spirale-onglets .lm-TabBar-tab", has_text=title).first.click()


def download(page, link, target):
    with page.expect_download() as info:
        link.click()
    info.value.save_as(target)
    return target


def upload(page, selector: str, paths) -> None:
    """Click the upload button and pick the files, as a teacher does (the widget's file input is off the page)."""
    with page.expect_file_chooser() as chooser:
        page.locator(selector).click()
    chooser.value.set_files([str(p) for p in paths])


def fits(page) -> list[str]:
    """What a teacher would find clipped in the shown tab (buttons out of their box or the window…)."""
    return page.evaluate(MEASURE)


def grid_rows(sheet) -> dict[str, int]:
    """Row number of each code in the « Compétences » sheet."""
    return {str(row[0].value): row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}


def test_a_partial_pfmp_import_reports_each_grid_and_fills_the_dashboard(atelier, browser, tmp_path):
    url, bank_dir = atelier
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page.set_default_timeout(20_000)
    outside, errors = [], []

    def record(address: str) -> None:  # pupil data stays on this computer: nothing may leave 127.0.0.1
        parts = urlsplit(address)
        if parts.scheme not in {"data", "blob", "about"} and parts.hostname not in {"127.0.0.1", "localhost"}:
            outside.append(address)

    page.on("request", lambda request: record(request.url))
    page.on("websocket", lambda ws: record(ws.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, timeout=LONG)
    page.locator(".spirale-atelier").wait_for(timeout=LONG)
    open_tab(page, "PFMP")
    page.locator(".spirale-pfmp-liste:visible").first.wait_for()
    shot(page, "01-onglet")
    assert fits(page) == []

    # the class list, written with the columns of the tab's own « Modèle de liste de classe » (CSV)
    template = download(page, page.locator(".spirale-pfmp-modele a", has_text="CSV"), tmp_path / "modele.csv")
    with open(template, encoding="utf-8-sig", newline="") as fh:
        header, example = list(csv.reader(fh, delimiter=";"))
    class_list = tmp_path / "liste-1MCVB.csv"
    with open(class_list, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(header)
        for last, first in PUPILS:
            out.writerow([last, first, GRADE, *example[3:]])
    upload(page, ".spirale-pfmp-liste", [class_list])
    page.get_by_text(f"Classe {GRADE} : 3 élève(s)").wait_for()
    shot(page, "02-liste")

    # booklets: one zip of three XLSX
    page.locator("button.spirale-pfmp-generer").click()
    zip_link = page.locator("a.spirale-telechargement", has_text="Livrets modifiables")
    zip_link.wait_for(timeout=LONG)
    zip_link.scroll_into_view_if_needed()
    shot(page, "03-livrets")
    assert fits(page) == []
    archive = download(page, zip_link, tmp_path / "livrets.zip")
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path / "livrets")
    booklets = {}
    for path in sorted((tmp_path / "livrets").glob("*.xlsx")):
        wb = load_workbook(path)
        booklets[wb["Élève"]["B2"].value] = path
        referential_id = dict(wb["_spirale"].iter_rows(values_only=True))["referentiel"]
    assert sorted(booklets) == sorted(last for last, _ in PUPILS)
    ref = load_referential(referential_id)
    first, second = ref.competences[0], ref.competences[1]

    # Martin's tutor fills correctly; Durand's types an unknown level « Z » on one line; N'Diaye's grid stays blank
    filled, wrong, blank = booklets["Martin"], booklets["Durand"], booklets["N'Diaye"]
    wb = load_workbook(filled)
    rows = grid_rows(wb["Compétences"])
    for sub in first.sub_competences:  # lowest sub-competence level is the competence's level: A
        wb["Compétences"].cell(rows[sub.code], 4).value = "E"
    wb["Compétences"].cell(rows[first.sub_competences[-1].code], 4).value = "A"
    wb["Compétences"].cell(rows[second.sub_competences[0].code], 4).value = "d"  # lower case, as typed
    wb["Attitudes"]["C2"] = "A"
    wb.save(filled)
    wb = load_workbook(wrong)
    rows = grid_rows(wb["Compétences"])
    wb["Compétences"].cell(rows[first.sub_competences[0].code], 4).value = "A"
    bad = first.sub_competences[1].code
    wb["Compétences"].cell(rows[bad], 4).value = "Z"
    wb.save(wrong)

    upload(page, ".spirale-pfmp-grilles", [filled, wrong, blank])
    page.locator("button.spirale-pfmp-importer").click()
    report = page.locator(".spirale-pfmp-import")
    report.get_by_text("1 grille(s) importée(s) ; 1 grille(s) vierge(s) ignorée(s) ; 1 grille(s) refusée(s)").wait_for()
    text = report.inner_text()
    assert (
        f"Refusée : « {wrong.name} » : feuille « Compétences », ligne {rows[bad]} ({bad}, PFMP 1) : niveau « Z » "
        "inconnu" in text
    )
    assert f"Ignorée : « {blank.name} » (N'DIAYE Inès) : grille vierge" in text
    assert "Traceback" not in page.content() and "Error" not in text
    report.scroll_into_view_if_needed()
    shot(page, "04-import")

    # the dashboard: Martin's levels, nothing from the refused grid, the legend of the scale
    dashboard = page.locator(".spirale-pfmp-tableau-de-bord")
    dashboard.locator(".spirale-legende").wait_for()
    legend = dashboard.locator(".spirale-legende").inner_text()
    assert all(s.code in legend and s.label in legend for s in ref.scale("positionnement"))
    heatmap = dashboard.locator(".spirale-heatmap-competences")
    assert [h.strip() for h in heatmap.locator("thead th").all_inner_texts()][1:3] == [first.code, second.code]
    cells = {
        name: heatmap.locator("tbody tr", has_text=re.compile(name)).locator("td").all_inner_texts()
        for name in ("MARTIN Léa", "DURAND Noé", "N['’]DIAYE Inès")
    }  # the page may typeset the apostrophe
    assert cells["MARTIN Léa"][:3] == ["A", "D", "–"]
    assert set(cells["DURAND Noé"]) == {"–"} and set(cells["N['’]DIAYE Inès"]) == {"–"}
    attitudes = dashboard.locator(".spirale-heatmap-attitudes tbody tr", has_text="MARTIN Léa").locator("td")
    assert attitudes.first.inner_text() == "A"
    stored = {
        b.pupil.last_name: b
        for b in (
            class_bank(bank_dir, GRADE).get(e.id) for e in class_bank(bank_dir, GRADE).list(doc_type="livret_pfmp")
        )
    }
    assert stored["Durand"].levels == {} and stored["N'Diaye"].levels == {}  # a refused grid changes nothing
    dashboard.scroll_into_view_if_needed()
    shot(page, "05-tableau")
    dashboard.get_by_text("Liste par élève").click()
    todo = dashboard.locator(".spirale-pfmp-a-faire")
    assert "jamais évaluée" in todo.inner_text() and "Averti" in todo.inner_text()  # Martin's 1.2 is only D
    todo.scroll_into_view_if_needed()
    shot(page, "06-bas")
    assert fits(page) == []
    assert outside == [] and errors == []
