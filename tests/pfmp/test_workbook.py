
import pytest
from openpyxl import load_workbook

from scenario_lib.pfmp import build_booklets, read_class_list, read_filled_workbook, write_booklet_workbook
from scenario_lib.pfmp.workbook import GridImportError


@pytest.fixture
def booklet_file(tmp_path, class_list, ref):
    pupils = read_class_list(class_list)
    booklet = build_booklets(pupils, "premiere", ref)[0]
    return pupils, write_booklet_workbook(booklet, tmp_path / "livret.xlsx", ref)


def _cell(ws, code, column):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == code:
            return row[column - 1]
    raise AssertionError(code)


def test_workbook_lists_every_official_sub_competence_and_attitude(booklet_file, ref):
    _, path = booklet_file
    wb = load_workbook(path)
    codes = [r[0].value for r in wb["Compétences"].iter_rows(min_row=2)]
    assert codes == [x for c in ref.competences for x in [c.code, *(s.code for s in c.sub_competences)]]
    titles = {r[0].value: r[1].value for r in wb["Compétences"].iter_rows(min_row=2)}
    assert all(titles[s.code] == s.title for c in ref.competences for s in c.sub_competences)
    assert [r[1].value for r in wb["Attitudes"].iter_rows(min_row=2)] == [a.title for a in ref.attitudes]
    assert wb["_spirale"].sheet_state == "hidden"


def test_filled_levels_come_back(booklet_file, ref):
    pupils, path = booklet_file
    wb = load_workbook(path)
    _cell(wb["Compétences"], "1.1.1", 4).value = "A"
    _cell(wb["Compétences"], "4B.3.2", 6).value = "e"  # lower case typed by a tutor
    _cell(wb["Compétences"], "2.1", 3).value = "Relances téléphoniques"
    wb["Attitudes"]["D3"] = "D"
    wb.save(path)
    booklet = read_filled_workbook(path, ref, pupils)
    assert booklet.levels == {"PFMP 1": {"1.1.1": "A"}, "PFMP 2": {"4B.3.2": "E"}}
    assert booklet.attitudes == {"PFMP 2": {ref.attitudes[1].code: "D"}}
    assert next(r for r in booklet.rows if r.competence == "2.1").planned["PFMP 1"] == "Relances téléphoniques"


def _broken(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)


@pytest.mark.parametrize("change, expected", [
    (lambda wb: _cell(wb["Compétences"], "1.2.1", 4).__setattr__("value", "B"),
     "ligne 7 (1.2.1, PFMP 1) : niveau « B » inconnu"),
    (lambda wb: wb["Compétences"].delete_rows(5), "lignes au lieu de"),
    (lambda wb: _cell(wb["Compétences"], "1.1.2", 1).__setattr__("value", "1.1.9"), "code « 1.1.2 » attendu"),
    (lambda wb: wb["Compétences"].cell(row=1, column=4).__setattr__("value", "Note"), "en-têtes de colonnes"),
    (lambda wb: wb["Attitudes"].delete_rows(3), "liste des attitudes a été modifiée"),
    (lambda wb: wb.remove(wb["_spirale"]), "n'est pas un livret produit par Spirale"),
    (lambda wb: wb["Compétences"].delete_rows(1, wb["Compétences"].max_row), "la feuille « Compétences » est vide"),
    (lambda wb: wb["_spirale"].cell(row=3, column=2).__setattr__("value", "inconnu-x"),
     "l'élève « inconnu-x » n'est pas dans la liste de la classe"),
])
def test_malformed_grids_are_refused_in_french(booklet_file, ref, change, expected):
    pupils, path = booklet_file
    _broken(path, change)
    with pytest.raises(GridImportError) as err:
        read_filled_workbook(path, ref, pupils)
    assert expected in str(err.value) and "livret.xlsx" in str(err.value)


def test_not_a_workbook(tmp_path, ref, class_list):
    bad = tmp_path / "grille.xlsx"
    bad.write_text("pas un classeur")
    with pytest.raises(GridImportError, match="illisible comme classeur"):
        read_filled_workbook(bad, ref, read_class_list(class_list))
