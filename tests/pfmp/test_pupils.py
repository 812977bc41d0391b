import codecs

import pytest
from openpyxl import Workbook

from scenario_lib.pfmp.pupils import ClassListError, read_class_list
from tests.pfmp.conftest import write_class_list


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


@pytest.mark.parametrize(
    "content, expected",
    [
        ("nom;classe\nMartin;1MCVB\n", "colonne(s) obligatoire(s) absente(s) : prenom"),
        ("nom;prénom;classe\nMartin;;1MCVB\n", "ligne 2 : prénom : texte vide"),
        ("nom;prénom;classe;début\nMartin;Léa;1MCVB;32/13/2026\n", "ligne 2 : date illisible « 32/13/2026 »"),
        (
            "nom;prénom;classe\nMartin;Léa;1MCVB\nMartin;Léa;1MCVB\n",
            "ligne 3 : élève en double (MARTIN Léa, déjà ligne 2)",
        ),
        ("nom;prénom;classe\nMartin;<b>Léa</b>;1MCVB\n", "balise HTML « <b> » refusée"),
    ],
)
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


# --- one reader for teacher tables: encodings, damaged files, bounds, every problem at once ---------------

HEADER_ROW = "nom\tprénom\tclasse\tentreprise\n"
ROWS = "Bézier\tZoé\t1MCVB\tŒillet & fils\nN'Diaye\tMaël\t1MCVB\t\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),  # Excel « Texte Unicode »
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-8"),
        lambda t: t.replace("Œ", "OE").encode("cp1252"),
    ],
)
def test_every_encoding_teachers_export_is_read(tmp_path, encode):
    path = tmp_path / "classe.csv"
    path.write_bytes(encode(HEADER_ROW + ROWS))
    pupils = read_class_list(path)
    assert [(p.last_name, p.first_name) for p in pupils] == [("Bézier", "Zoé"), ("N'Diaye", "Maël")]
    assert pupils[0].company.endswith("illet & fils")


def test_bytes_neither_utf8_nor_windows_1252_name_the_byte(tmp_path):
    path = tmp_path / "classe.csv"
    path.write_bytes(b"nom;prenom;classe\nMartin;L\x81a;1MCVB\n")  # 0x81 is undefined in Windows-1252
    with pytest.raises(ClassListError) as err:
        read_class_list(path)
    assert "classe.csv" in str(err.value) and "octet n° 27, 0x81" in str(err.value) and "ligne 2" in str(err.value)


@pytest.mark.parametrize(
    "raw, line",
    [
        (b"nom;prenom;classe\nMartin;Lea;1MCVB\nDurand;L\x00a;1MCVB\n", 3),
        (b"nom;prenom;classe\nMartin;Lea\x1b[31m;1MCVB\n", 2),
    ],
)
def test_control_characters_are_refused_with_their_line(tmp_path, raw, line):
    path = tmp_path / "classe.csv"
    path.write_bytes(raw)
    with pytest.raises(ClassListError) as err:
        read_class_list(path)
    assert f"ligne {line}" in str(err.value) and "caractère de contrôle" in str(err.value)


def test_damaged_xlsx_is_a_french_error(tmp_path):
    path = tmp_path / "classe.xlsx"
    path.write_bytes(b"PK\x03\x04 ceci n'est pas un classeur")
    with pytest.raises(ClassListError, match="classe.xlsx.*illisible comme classeur XLSX"):
        read_class_list(path)


def test_too_many_rows_is_refused_saying_the_limit(tmp_path):
    with pytest.raises(ClassListError, match="au plus 2000 lignes"):
        read_class_list(write_class_list(tmp_path / "classe.csv", 2001))
    wb = Workbook()
    wb.active.append(["nom", "prénom", "classe"])
    for i in range(2001):
        wb.active.append([f"Nom{i}", "Léa", "1MCVB"])
    wb.save(tmp_path / "classe.xlsx")
    with pytest.raises(ClassListError, match="au plus 2000 lignes"):
        read_class_list(tmp_path / "classe.xlsx")
    assert len(read_class_list(write_class_list(tmp_path / "ok.csv", 2000))) == 2000


def test_too_big_a_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "classe.csv"
    path.write_bytes(b"nom;prenom;classe\n" + b"Martin;Lea;1MCVB;" + b"x" * (3 * 1024 * 1024) + b"\n")
    with pytest.raises(ClassListError, match="trop volumineux .* au plus 2 Mio"):
        read_class_list(path)


def test_every_problem_is_listed_with_its_line(tmp_path):
    path = tmp_path / "classe.csv"
    path.write_text(
        "nom;prénom;classe;début\nMartin;;1MCVB;\nDurand;Léa;1MCVB;\nRoux;Noé;1MCVB;31/02/2026\nGirard;Inès;;\n",
        encoding="utf-8",
    )
    with pytest.raises(ClassListError) as err:
        read_class_list(path)
    message = str(err.value)
    assert "ligne 2 : prénom : texte vide" in message and "ligne 4 : date illisible « 31/02/2026 »" in message
    assert "ligne 5 : classe : texte vide" in message and "ligne 3" not in message


def test_names_typed_like_formulas_are_kept_as_text(tmp_path):
    path = tmp_path / "classe.csv"
    path.write_text(
        'nom;prénom;classe;entreprise\n=cmd|\' /C calc\'!A0;-2+3;1MCVB;"=HYPERLINK(""http://x"")"\n', encoding="utf-8"
    )
    [pupil] = read_class_list(path)
    assert (pupil.last_name, pupil.first_name, pupil.company) == (
        "=cmd|' /C calc'!A0",
        "-2+3",
        '=HYPERLINK("http://x")',
    )


def test_a_value_beyond_the_header_is_refused(tmp_path):
    path = tmp_path / "classe.csv"
    path.write_text("nom;prénom;classe\nMartin;Léa;1MCVB;en trop\n", encoding="utf-8")
    with pytest.raises(ClassListError, match="ligne 2 : plus de valeurs que de colonnes"):
        read_class_list(path)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_class_list_template_reads_back_as_its_example_pupil(tmp_path, kind):
    from openpyxl import load_workbook

    from scenario_lib.pfmp import write_class_list_template
    from scenario_lib.pfmp.pupils import TEMPLATE_HEADER

    path = write_class_list_template(tmp_path / f"modèle.{kind}")
    [pupil] = read_class_list(path)
    assert (pupil.last_name, pupil.first_name, pupil.grade, pupil.company, pupil.tutor) == (
        "Martin",
        "Léa",
        "1MCVB",
        "Optique Plus",
        "Mme Roux",
    )
    assert (pupil.start.isoformat(), pupil.end.isoformat()) == ("2026-01-05", "2026-01-30")
    if kind == "xlsx":
        sheet = load_workbook(path).active
        assert [c.value for c in sheet[1]] == list(TEMPLATE_HEADER) and sheet["F2"].number_format == "DD/MM/YYYY"
    else:
        raw = path.read_bytes()
        assert raw.startswith(codecs.BOM_UTF8) and raw.decode("utf-8-sig").splitlines()[0] == ";".join(TEMPLATE_HEADER)


def test_class_list_template_refuses_another_extension(tmp_path):
    from scenario_lib.errors import SpiraleError
    from scenario_lib.pfmp import write_class_list_template

    with pytest.raises(SpiraleError, match="s'écrit en .xlsx ou en .csv"):
        write_class_list_template(tmp_path / "modele.ods")
    assert not list(tmp_path.iterdir())
