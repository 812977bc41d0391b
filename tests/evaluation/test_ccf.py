"""CCF sheets: built from the pupil record, refused in Seconde or for a written exam, rendered and read back."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from odf import teletype
from odf.opendocument import load
from odf.table import Table
from openpyxl import load_workbook

from scenario_lib.document import parse_document
from scenario_lib.evaluation import ClassRecord, new_evaluation, set_level
from scenario_lib.evaluation.ccf import build_ccf_sheets, ccf_rules, class_summary
from scenario_lib.pfmp.pupils import Pupil
from scenario_lib.planning.exams import seconde_rule
from scenario_lib.render.export import export
from scenario_lib.validation import InvalidDocumentError
from tests.render.pdftext import flat, pdf_pages_text, squash

CCF_DAY = date(2027, 3, 15)


def _bare(text: str) -> str:
    return squash(text).replace("-", "")


def _pupils():
    return [
        Pupil(last_name=last, first_name=first, grade="Tle MCV B")
        for last, first in (("Martin", "Léa"), ("Nguyen", "Théo"), ("Ébrard", "Zoé"))
    ]


@pytest.fixture
def record(mcv):
    pupils = _pupils()
    before = new_evaluation(
        mcv,
        pupils,
        situation_title="Salon de l’habitat",
        competences=["1.1", "1.2"],
        year="premiere",
        when=date(2026, 5, 4),
    )
    after = new_evaluation(
        mcv, pupils, situation_title="Après le CCF", competences=["1.1"], year="terminale", when=date(2027, 4, 1)
    )
    grids = {"before": before, "after": after}
    for name, competence, levels in (("before", "1.1", "ADN"), ("before", "1.2", "EAD"), ("after", "1.1", "EEE")):
        for pupil, level in zip(pupils, levels):
            for column in grids[name].columns:  # every sub-competence of the competence: its level is that level
                if grids[name].parent(column) == competence:
                    grids[name] = set_level(grids[name], pupil.key, column, level)
    before, after = grids["before"], grids["after"]
    return ClassRecord(mcv, [before, after], [])


def test_sheets_hold_the_unit_competences_and_evidences_before_the_ccf(record, mcv):
    sheets = build_ccf_sheets(record, "E31", "terminale", "Vente-conseil au salon", session_date=CCF_DAY)
    assert [s.pupil.first_name for s in sheets] == [
        "Léa",
        "Théo",
        "Zoé",
    ]  # full names sorted: « MARTIN », « NGUYEN », « ÉBRARD »
    lea = sheets[0]
    assert lea.competences == ["1.1", "1.2", "1.3"]  # the competences of block 1, the unit U31
    assert [(e.competence, e.origin, e.level) for e in lea.evidences] == [
        ("1.1", "Salon de l’habitat", "A"),
        ("1.2", "Salon de l’habitat", "E"),
    ]  # « Après le CCF » left out
    assert lea.evidences[0].text == "Salon de l’habitat (Première, 4 mai 2026) : A"
    assert ccf_rules().scale == "maitrise"


def test_ccf_sheet_refused_in_seconde_and_for_the_written_exam(record):
    pupil = _pupils()[0]
    with pytest.raises(InvalidDocumentError) as err:
        parse_document(
            {
                "doc_type": "ccf",
                "title": "CCF",
                "exam": "E31",
                "year": "seconde",
                "pupil": pupil.model_dump(mode="json"),
                "situation_title": "Vente",
            }
        )
    assert "pas de situation de CCF en Seconde" in str(err.value) and seconde_rule() in str(err.value)
    base = {"doc_type": "ccf", "title": "CCF", "pupil": pupil.model_dump(mode="json"), "situation_title": "Vente"}
    with pytest.raises(InvalidDocumentError, match="se passe en « Ponctuel écrit »"):
        parse_document({**base, "exam": "E2", "year": "terminale"})
    with pytest.raises(InvalidDocumentError, match="niveau « Z » inconnu pour 1.1"):
        parse_document({**base, "exam": "E31", "year": "terminale", "levels": {"1.1": "Z"}})
    with pytest.raises(InvalidDocumentError, match="année « cm2 » inconnue"):
        parse_document({**base, "exam": "E31", "year": "cm2"})
    assert parse_document({**base, "exam": "E31", "year": "premiere"}).scope.code == "E31"


def test_seconde_refusal_quotes_the_guide():
    from scenario_lib.planning.exams import ccf_refusal
    from scenario_lib.referential import load_referential

    assert seconde_rule() in ccf_refusal(load_referential("bacpro-mcv-b"), "E31", "seconde")


@pytest.fixture
def sheet(record):
    sheet = build_ccf_sheets(record, "E31", "terminale", "Vente-conseil au salon", session_date=CCF_DAY)[0]
    return sheet.model_copy(update={"levels": {"1.1": "MS", "1.3": "TBM"}, "comment": "Entretien maîtrisé."})


def test_pdf_read_back(sheet, mcv, tmp_path):
    text = flat("\n".join(pdf_pages_text(export(sheet, "pdf", tmp_path))))
    for comp in mcv.competences_of("1"):  # « omni-canal » may be broken at its hyphen: compare without it
        assert _bare(comp.title) in _bare(text)
    for level in mcv.scale("maitrise"):
        assert level.label in text and level.descriptor.splitlines()[0] in text
    assert "MARTIN Léa" in text and "Vente-conseil au salon" in text and "Salon de l’habitat (Première" in text
    assert "Professeur(e) de spécialité" in text and "propre à Spirale" in text
    assert "E31 Vente-conseil" in text and "CCF" in text


def test_docx_and_odt_read_back(sheet, mcv, tmp_path):
    document = docx.Document(export(sheet, "docx", tmp_path))
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert all(c.title in cells for c in mcv.competences_of("1"))
    grid = next(t for t in document.tables if "MI" in [c.text for c in t.rows[0].cells])
    row_11 = next(r for r in grid.rows if r.cells[0].text == "1.1")
    header = [c.text for c in grid.rows[0].cells]
    assert row_11.cells[header.index("MS")].text == "X" and row_11.cells[header.index("TBM")].text == ""
    odt = load(str(export(sheet, "odt", tmp_path)))
    tables = "\n".join(teletype.extractText(t) for t in odt.getElementsByType(Table))
    assert "Assurer l’exécution de la vente" in tables and "Salon de l’habitat" in tables


def test_xlsx_read_back(sheet, mcv, tmp_path):
    book = load_workbook(export(sheet, "xlsx", tmp_path))
    ws = book["Fiche CCF"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[:2] == ["Code", "Compétence"])
    rows = {row[0]: row for row in values[header + 1 :] if row[0]}
    assert list(rows) == ["1.1", "1.2", "1.3"]
    assert rows["1.1"][3] == "MS" and rows["1.3"][3] == "TBM" and not rows["1.2"][3]
    assert "Salon de l’habitat" in rows["1.2"][2]
    assert [r[0].value for r in book["Échelle"].iter_rows(min_row=2)][-4:] == ["MI", "MF", "MS", "TBM"]


def test_class_summary_rendered_and_read_back(record, tmp_path):
    sheets = build_ccf_sheets(record, "E32", "terminale", "Suivi des commandes", session_date=CCF_DAY)
    sheets[1] = sheets[1].model_copy(update={"levels": {"2.1": "MF"}})
    summary = class_summary(sheets)
    assert summary.title == "CCF E32 — synthèse de la classe Tle MCV B"
    text = flat("\n".join(pdf_pages_text(export(summary, "pdf", tmp_path))))
    assert "NGUYEN Théo" in text and "Suivi des ventes" in text
    book = load_workbook(export(summary, "xlsx", tmp_path))
    values = [[c.value for c in row] for row in book["Synthèse"].iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] == "Élève")
    assert values[header][1:5] == ["2.1", "2.2", "2.3", "2.4"]
    theo = next(row for row in values[header + 1 :] if row[0] == "NGUYEN Théo")
    assert theo[1] == "MF"
    with pytest.raises(Exception, match="une seule épreuve"):
        class_summary([sheets[0], build_ccf_sheets(record, "E31", "terminale", "Vente")[0]])


def test_custom_rules_file(monkeypatch, tmp_path, record):
    from scenario_lib.evaluation import ccf

    rules = tmp_path / "ccf.yaml"
    rules.write_text("echelle: positionnement\npreuves_par_competence: 0\njury: [Inspecteur]\n", encoding="utf-8")
    monkeypatch.setenv("SPIRALE_CCF", str(rules))
    sheet = build_ccf_sheets(record, "E31", "terminale", "Vente", session_date=CCF_DAY)[0]
    assert sheet.evidences == [] and [lv.code for lv in sheet.view().levels] == ["NE", "N", "D", "A", "E"]
    assert sheet.view().jury == ("Inspecteur",)
    rules.write_text("echelle: notes\n", encoding="utf-8")
    ccf._rules.cache_clear()
    with pytest.raises(Exception, match="« echelle » : « notes » inconnue"):
        ccf.ccf_rules()
