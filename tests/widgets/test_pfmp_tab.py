"""PFMP tab driven like a teacher: upload the class list, generate, upload filled grids, read the dashboard."""

import base64
import html
import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from scenario_lib.bank import Bank
from scenario_lib.pfmp import class_bank, read_class_list
from scenario_lib.text import safe_filename
from scenario_lib.widgets.base import AtelierState
from scenario_lib.widgets.pfmp_tab import PfmpTab
from tests.pfmp.conftest import write_class_list


def as_upload(*paths, names=None):
    """What ipywidgets 8.1's FileUpload holds once the browser sent the files (kernel side: datetime, memoryview)."""
    names = names or [Path(p).name for p in paths]
    return tuple(
        {
            "name": name,
            "type": "",
            "size": Path(p).stat().st_size,
            "content": memoryview(Path(p).read_bytes()),
            "last_modified": datetime.now(UTC),
        }
        for p, name in zip(paths, names)
    )


def linked_files(html_value: str) -> dict[str, bytes]:
    """Decode the data: URI download links back into files (what the teacher's browser saves)."""
    return {
        name: base64.b64decode(payload)
        for name, payload in re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html_value)
    }


def message(tab) -> str:
    return html.unescape(tab.state.messages.value)


@pytest.fixture
def tab(bank_dir):
    return PfmpTab(AtelierState(bank_dir))


@pytest.fixture
def loaded(tab, tmp_path):
    path = write_class_list(tmp_path / "Liste 1MCVB.csv", 3)
    tab.class_list.value = as_upload(path)
    return tab, read_class_list(path)


def fill(content: bytes, target: Path, levels: dict[str, str]) -> Path:
    """A tutor types levels for PFMP 1 in the downloaded workbook."""
    wb = load_workbook(io.BytesIO(content))
    for row in wb["Compétences"].iter_rows(min_row=2):
        if row[0].value in levels:
            row[3].value = levels[row[0].value]
    wb.save(target)
    return target


def test_class_list_upload_shows_the_class(loaded):
    tab, pupils = loaded
    assert [p.key for p in tab.pupils] == [p.key for p in pupils]
    assert "1MCVB" in tab.class_info.value and f"{len(pupils)} élève(s)" in message(tab)


def test_scenarios_follow_the_year(tab, bank_dir):
    bank = Bank(bank_dir)
    for year in ("premiere", "terminale"):
        tab.year.value = year
        expected = {e.id for e in bank.list(doc_type="scenario", level=year)}
        assert {v for _, v in tab.scenarios.options} == expected and expected


def test_generate_import_dashboard_and_summaries(loaded, bank_dir, tmp_path):
    tab, pupils = loaded
    linked = tab.scenarios.options[0]
    tab.scenarios.value = (linked[1],)
    tab.generate_button.click()
    store = class_bank(bank_dir, "1MCVB")
    assert {store.get(e.id).pupil.key for e in store.list(doc_type="livret_pfmp")} == {p.key for p in pupils}
    files = linked_files(tab.booklet_links.value)
    xlsx = {n: c for n, c in files.items() if n.endswith(".xlsx")}
    assert len(xlsx) == len(pupils)
    archive = next(c for n, c in files.items() if n.endswith(".zip"))
    assert sorted(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == sorted(xlsx)
    scenario = Bank(bank_dir).get(linked[1])
    planned = load_workbook(io.BytesIO(next(iter(xlsx.values()))))["Compétences"]
    cell = next(r[2].value for r in planned.iter_rows(min_row=2) if r[0].value == scenario.competences[0])
    assert scenario.title in cell

    ref = tab.state.referential
    first = ref.competences[0]
    # the first pupil reaches Averti everywhere in the first competence; the others stay unevaluated
    name, content = sorted(xlsx.items())[0]
    filled = fill(content, tmp_path / "rempli.xlsx", {s.code: "A" for s in first.sub_competences})
    tab.grids.value = as_upload(filled, names=[name])
    tab.import_button.click()
    assert "Classe 1MCVB : 1 grille(s) importée(s)." in message(tab)
    pairs = len(pupils) * len(ref.competences)
    assert f"1 compétence(s) au niveau Averti ou plus sur {pairs}" in tab.dashboard.value
    assert f"{pairs - 1} à travailler" in tab.dashboard.value and "spirale-heatmap" in tab.dashboard.value
    legend = html.unescape(tab.dashboard.value.split("spirale-legende")[1].split("</table>")[0])
    assert all(f"<strong>{s.code}</strong> {s.label}" in legend for s in ref.scale("positionnement"))
    assert "spirale-heatmap-attitudes" in tab.dashboard.value
    assert tab.grids.value == ()

    tab.summaries_button.click()
    pdfs = {n: c for n, c in linked_files(tab.summary_links.value).items() if n.endswith(".pdf")}
    assert len(pdfs) == len(pupils)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(next(iter(pdfs.values())))).pages)
    assert "Synthèse" in text


def test_a_bad_grid_is_refused_alone_a_blank_one_waits_and_the_others_import(loaded, bank_dir, tmp_path):
    tab, pupils = loaded
    tab.generate()
    grids = sorted(n for n in linked_files(tab.booklet_links.value).items() if n[0].endswith(".xlsx"))
    (bad_name, bad_content), (good_name, good_content), (blank_name, blank_content) = grids
    bad = fill(bad_content, tmp_path / "faux.xlsx", {"1.1.1": "Z"})
    good = fill(good_content, tmp_path / "bon.xlsx", {"1.1.1": "E"})
    blank = tmp_path / "vierge.xlsx"
    blank.write_bytes(blank_content)
    tab.grids.value = as_upload(bad, good, blank, names=[bad_name, good_name, blank_name])
    outcome = tab.import_grids()
    assert len(outcome.saved) == 1 and len(outcome.blank) == 1 and len(outcome.refused) == 1
    text = message(tab)
    assert "1 grille(s) importée(s) ; 1 grille(s) vierge(s) ignorée(s) ; 1 grille(s) refusée(s)" in text
    assert f"Refusée : « {bad_name} » : feuille « Compétences », ligne 3 (1.1.1, PFMP 1) : niveau « Z » inconnu" in text
    report = html.unescape(tab.import_report.value)
    assert f"Ignorée : « {blank_name} »" in report and "grille vierge" in report and "Refusée" in report
    store = class_bank(bank_dir, "1MCVB")
    assert store.get(Path(good_name).stem).levels == {"PFMP 1": {"1.1.1": "E"}}
    assert store.get(Path(bad_name).stem).levels == {} and store.get(Path(blank_name).stem).levels == {}
    assert "spirale-heatmap" in tab.dashboard.value  # what was imported shows at once


def test_the_class_list_template_downloads_in_xlsx_and_csv(tab, tmp_path):
    files = linked_files(tab.template_links.value)
    assert sorted(files) == ["modele-liste-de-classe.csv", "modele-liste-de-classe.xlsx"]
    assert "Modèle de liste de classe (XLSX)" in tab.template_links.value
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        [pupil] = read_class_list(tmp_path / name)
        assert pupil.grade == "1MCVB"
    tab.class_list.value = as_upload(tmp_path / "modele-liste-de-classe.xlsx")
    assert len(tab.pupils) == 1 and "1 élève(s)" in message(tab)


def test_actions_before_the_class_list_explain_what_to_do(tab):
    for action in (tab.generate, tab.import_grids, tab.show_dashboard, tab.summaries):
        tab.state.notify("")
        assert action() is None
        assert "importez d'abord la liste de la classe" in message(tab)


def test_malformed_class_list_is_named(tab, tmp_path):
    bad = tmp_path / "liste.csv"
    bad.write_text("nom;prénom\nMartin;Léa\n", encoding="utf-8")
    tab.class_list.value = as_upload(bad)
    assert "colonne(s) obligatoire(s) absente(s) : classe" in message(tab) and tab.pupils == []


def test_uploaded_names_cannot_escape_the_work_folder(tab, tmp_path):
    path = write_class_list(tmp_path / "classe.csv", 1)
    tab.class_list.value = as_upload(path, names=["../../etc/passwd.csv"])
    assert len(tab.pupils) == 1
    saved = list((tab.work_dir / "liste").iterdir())
    assert [p.name for p in saved] == ["passwd.csv"]


def test_dashboard_without_booklets_is_explained(loaded):
    tab, _ = loaded
    assert tab.show_dashboard() is None
    assert "générez d'abord les livrets" in message(tab)


@pytest.mark.slow
def test_pdf_booklets_through_the_batch_runner(tab, tmp_path):
    tab.class_list.value = as_upload(write_class_list(tmp_path / "classe.csv", 2))
    tab.with_pdf.value = True
    assert tab.generate() is not None
    archive = next(c for n, c in linked_files(tab.booklet_links.value).items() if n.endswith("-pdf.zip"))
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        pdfs = {n: z.read(n) for n in z.namelist() if n.endswith(".pdf")}
    assert len(pdfs) == 2 and all(1 <= len(PdfReader(io.BytesIO(c)).pages) <= 6 for c in pdfs.values())
    assert sorted(pdfs) == sorted(f"livret-pfmp-{safe_filename(p.full_name)}-premiere.pdf" for p in tab.pupils)
    assert "PDF :" in message(tab)
