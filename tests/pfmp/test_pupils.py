import pytest
from openpyxl import Workbook

from scenario_lib.pfmp.pupils import ClassListError, read_class_list


def test_reads_semicolon_csv_with_accents_and_dates(class_list):
    pupils = read_class_list(class_list)
    assert [p.full_name for p in pupils] == ["MARTIN Zoé", "DURAND Léa", "LEFÈVRE Anaïs"]
    assert pupils[0].start.isoformat() == "2026-01-05" and pupils[0].grade == "1MCVB"


def test_reads_xlsx_and_windows_1252_csv(tmp_path):
    wb = Workbook()
    wb.active.append(["Nom", "Prénom", "Classe"])
    wb.active.append(["Roux", "Maël", "TMCVB"])
    wb.save(tmp_path / "c.xlsx")
    assert read_class_list(tmp_path / "c.xlsx")[0].first_name == "Maël"
    (tmp_path / "c.csv").write_bytes("nom,prénom,classe\nBézier,Zoé,1MCVB\n".encode("cp1252"))
    assert read_class_list(tmp_path / "c.csv")[0].last_name == "Bézier"


@pytest.mark.parametrize("content, expected", [
    ("nom;classe\nMartin;1MCVB\n", "colonne(s) obligatoire(s) absente(s) : prenom"),
    ("nom;prénom;classe\nMartin;;1MCVB\n", "ligne 2 : prénom : texte vide"),
    ("nom;prénom;classe;début\nMartin;Léa;1MCVB;32/13/2026\n", "ligne 2 : date illisible « 32/13/2026 »"),
    ("nom;prénom;classe\nMartin;Léa;1MCVB\nMartin;Léa;1MCVB\n", "ligne 3 : élève en double (MARTIN Léa, déjà ligne 2)"),
    ("nom;prénom;classe\nMartin;<b>Léa</b>;1MCVB\n", "balise HTML « <b> » refusée"),
])
def test_bad_class_lists_are_reported_in_french(tmp_path, content, expected):
    path = tmp_path / "classe.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ClassListError) as err:
        read_class_list(path)
    assert expected in str(err.value) and "classe.csv" in str(err.value)


def test_unknown_format_and_missing_file(tmp_path):
    (tmp_path / "liste.ods").write_text("x")
    with pytest.raises(ClassListError, match="CSV ou XLSX attendu"):
        read_class_list(tmp_path / "liste.ods")
    with pytest.raises(ClassListError, match="introuvable"):
        read_class_list(tmp_path / "absente.csv")


def test_single_column_list_names_the_missing_columns(tmp_path):
    path = tmp_path / "classe.csv"
    path.write_text("nom\nMartin\n", encoding="utf-8")
    with pytest.raises(ClassListError, match=r"colonne\(s\) obligatoire\(s\) absente\(s\) : prenom, classe"):
        read_class_list(path)
