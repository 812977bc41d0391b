"""Broken referential folders: one test per kind of mistake a teacher can make by hand.

Each test copies a real referential, breaks one thing, and checks that loading raises (so nothing is returned)
with a French message that names the file, the line and the field.
"""

import csv
import io
import shutil
from pathlib import Path

import pytest

from scenario_lib.errors import ReferentialError
from scenario_lib.paths import data_dir
from scenario_lib.referential import load_folder, loader

MCV = data_dir() / "referentiels" / "bacpro-mcv-b"
TP = data_dir() / "referentiels" / "tp-conseiller-commercial"


@pytest.fixture
def folder(tmp_path):
    return Path(shutil.copytree(MCV, tmp_path / "mcv"))


def read_table(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_table(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit(path, column, key, value):
    """Set `column` of the row whose first cell is `key`."""
    rows = read_table(path)
    index = rows[0].index(column)
    for row in rows[1:]:
        if row[0] == key:
            row[index] = value
    write_table(path, rows)


def line_starting(path, prefix):
    """Line number (1-based) of the physical line that starts with `prefix`, read as plain text."""
    for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if text.startswith(prefix):
            return number
    raise AssertionError(prefix)


def expect(folder, file, line, field, *words):
    with pytest.raises(ReferentialError) as info:
        load_folder(folder)
    err, message = info.value, str(info.value)
    assert (err.file, err.line, err.field) == (file, line, field), message
    assert f"« {file} »" in message
    if line:
        assert f"ligne {line}" in message
    if field:
        assert f"champ « {field} »" in message
    for word in words:
        assert word in message
    return message


def test_copied_folder_loads_like_the_original(folder):
    copy, original = load_folder(folder), load_folder(MCV)
    assert copy == original
    assert len(copy.competences) == 15


def test_missing_referentiel_yaml(folder):
    (folder / "referentiel.yaml").unlink()
    with pytest.raises(ReferentialError, match="« referentiel.yaml » absent"):
        load_folder(folder)


def test_missing_folder(tmp_path):
    with pytest.raises(ReferentialError, match="introuvable"):
        load_folder(tmp_path / "absent")


def test_missing_required_table(folder):
    (folder / "competences.csv").unlink()
    with pytest.raises(ReferentialError, match="table obligatoire absente.*competences.csv"):
        load_folder(folder)


def test_missing_column(folder):
    path = folder / "competences.csv"
    rows = read_table(path)
    index = rows[0].index("intitule")
    write_table(path, [r[:index] + r[index + 1 :] for r in rows])
    expect(folder, "competences.csv", 2, "intitule", "colonne manquante")


def test_unknown_column(folder):
    path = folder / "competences.csv"
    write_table(path, [r + (["remarque"] if i == 0 else ["x"]) for i, r in enumerate(read_table(path))])
    expect(folder, "competences.csv", 2, "remarque", "colonne inconnue")


def test_extra_value_without_column(folder):
    path = folder / "taches.csv"
    rows = read_table(path)
    rows[3].append("en trop")
    write_table(path, rows)
    expect(folder, "taches.csv", line_starting(path, rows[3][0] + ","), "", "plus de valeurs que de colonnes")


def test_empty_text(folder):
    path = folder / "competences.csv"
    edit(path, "intitule", "2.2", "   ")
    expect(folder, "competences.csv", line_starting(path, "2.2,"), "intitule", "texte vide")


def test_empty_text_in_yaml_table_names_the_record_line(folder):
    path = folder / "activites.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  intitule: Suivi des ventes\n", "  intitule: ''\n", 1), encoding="utf-8")
    expect(folder, "activites.yaml", line_starting(path, "- code: '2'"), "intitule", "texte vide")


def test_duplicate_code(folder):
    path = folder / "competences.csv"
    rows = read_table(path)
    first = next(r for r in rows if r[0] == "1.2")
    rows.append(list(first))
    write_table(path, rows)
    message = expect(folder, "competences.csv", len(rows), "code", "« 1.2 » en double")
    assert f"déjà ligne {line_starting(path, '1.2,')}" in message


def test_dangling_competence_to_block(folder):
    path = folder / "competences.csv"
    edit(path, "bloc", "3.1", "9")
    expect(folder, "competences.csv", line_starting(path, "3.1,"), "bloc", "bloc « 9 » inexistant")


def test_dangling_sub_competence_to_competence(folder):
    path = folder / "sous_competences.csv"
    edit(path, "competence", "2.3.1", "2.9")
    expect(folder, "sous_competences.csv", line_starting(path, "2.3.1,"), "competence", "compétence « 2.9 » inexistant")


def test_dangling_task_to_activity(folder):
    path = folder / "taches.csv"
    edit(path, "activite", "T3.02", "7")
    expect(folder, "taches.csv", line_starting(path, "T3.02,"), "activite", "activité « 7 » inexistant")


def test_windows_1252_encoding(folder):
    path = folder / "sous_competences.csv"
    text = path.read_text(encoding="utf-8").replace("’", "'")
    path.write_bytes(text.encode("cp1252"))
    first_accent = next(i for i, t in enumerate(text.split("\n"), 1) if any(ord(ch) > 127 for ch in t))
    expect(folder, "sous_competences.csv", first_accent, "", "UTF-8", "Windows-1252")


def test_invalid_yaml(folder):
    path = folder / "blocs.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    broken = next(i for i, t in enumerate(lines) if t.startswith("  intitule: Suivre les ventes"))
    lines[broken] = "  intitule: Suivre: les ventes"
    path.write_text("\n".join(lines), encoding="utf-8")
    expect(folder, "blocs.yaml", broken + 1, "", "YAML invalide")


def test_yaml_table_that_is_not_a_list(folder):
    (folder / "blocs.yaml").write_text("code: '1'\nintitule: Conseiller et vendre\n", encoding="utf-8")
    expect(folder, "blocs.yaml", None, "", "une liste d'enregistrements")


def test_invalid_yaml_header(folder):
    path = folder / "referentiel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("niveau: '4'", "niveau: [4"), encoding="utf-8")
    with pytest.raises(ReferentialError, match="« referentiel.yaml ».*YAML invalide"):
        load_folder(folder)


def test_binary_file(folder):
    (folder / "echelles.csv").write_bytes(b"PK\x03\x04\x00\x00binary zip from a spreadsheet\x00")
    expect(folder, "echelles.csv", None, "", "fichier binaire")


def test_too_large_file(folder):
    path = folder / "attitudes.csv"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("#" * (loader.MAX_FILE_BYTES + 1))
    assert path.stat().st_size > 5 * 1024 * 1024
    expect(folder, "attitudes.csv", None, "", "trop volumineux")


def test_non_integer_rank_in_multiline_csv(folder):
    path = folder / "echelles.csv"
    rows = read_table(path)
    rank = rows[0].index("rang")
    row = next(r for r in rows if r[:2] == ["positionnement", "A"])
    assert "\n" in row[rows[0].index("descripteur")]  # the rows above span several lines each
    row[rank] = "trois"
    write_table(path, rows)
    expect(
        folder,
        "echelles.csv",
        line_starting(path, "positionnement,A,"),
        "rang",
        "nombre entier attendu, trouvé « trois »",
    )


def test_table_both_csv_and_yaml(folder):
    shutil.copy(folder / "competences.csv", folder / "competences.yaml")
    message = expect(folder, "competences.csv", None, "", "deux exemplaires")
    assert "competences.yaml" in message


def test_unknown_type(folder):
    path = folder / "referentiel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: diplome", "type: brevet"), encoding="utf-8")
    expect(folder, "referentiel.yaml", None, "type", "type « brevet » inconnu", "titre_professionnel")


def test_unknown_header_key(folder):
    path = folder / "referentiel.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "annee: 2024\n", encoding="utf-8")
    expect(folder, "referentiel.yaml", None, "annee", "clé inconnue")


def test_empty_header_field(folder):
    path = folder / "referentiel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("code: RNCP32259", "code: ''"), encoding="utf-8")
    expect(folder, "referentiel.yaml", None, "code", "manquant ou vide")


def test_titre_pro_folder_errors_too(tmp_path):
    folder = Path(shutil.copytree(TP, tmp_path / "tp"))
    path = folder / "criteres.csv"
    rows = read_table(path)
    rows[5][0] = "CP42"
    write_table(path, rows)
    expect(folder, "criteres.csv", line_starting(path, "CP42,"), "competence", "« CP42 »")


def test_empty_table_with_a_misspelt_column(folder):
    # A teacher empties a table but keeps (and mistypes) its header: the column is still checked.
    write_table(folder / "attitudes.csv", [["code", "intitulé", "source"]])
    expect(folder, "attitudes.csv", 1, "intitule", "colonne manquante")


def test_empty_table_with_the_right_columns_loads(folder):
    write_table(folder / "attitudes.csv", [["code", "intitule", "source"]])
    assert load_folder(folder).attitudes == ()


# --- what French spreadsheets do to a CSV (issue 2) ---------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_every_csv_saved_with_semicolons_or_tabs_loads_the_same(folder, delimiter):
    # French Excel saves « CSV (séparateur : point-virgule) »; some exports use tabs.
    for path in folder.glob("*.csv"):
        rows = read_table(path)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(rows)
    assert delimiter in (folder / "competences.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert load_folder(folder) == load_folder(MCV)


def test_semicolon_csv_errors_name_the_right_line(folder):
    path = folder / "competences.csv"
    edit(path, "intitule", "2.2", "   ")
    rows = read_table(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\n").writerows(rows)
    expect(folder, "competences.csv", line_starting(path, "2.2;"), "intitule", "texte vide")


def open_a_quote(path, prefix):
    """Put an opening quote before the value after `prefix`, never closed: `1.2,1,"Réaliser…,source`."""
    text = path.read_text(encoding="utf-8")
    assert '"' not in text  # nothing further down may close it
    path.write_text(text.replace("\n" + prefix, "\n" + prefix + '"', 1), encoding="utf-8")
    return line_starting(path, prefix + '"')


def test_unclosed_quote(folder):
    line = open_a_quote(folder / "competences.csv", "1.2,1,")
    expect(folder, "competences.csv", line, "", "guillemet non fermé ?")


def test_unclosed_quote_in_a_file_over_the_csv_field_limit(folder):
    # Past 128 KB the open quote used to end in a raw `_csv.Error: field larger than field limit`.
    path = folder / "competences.csv"
    rows = read_table(path)
    rows += [[f"9.{i}", "1", f"Compétence ajoutée {i} " + "x" * 200, "", "", "essai"] for i in range(700)]
    write_table(path, rows)
    assert path.stat().st_size > 128 * 1024
    line = open_a_quote(path, "1.2,1,")
    expect(folder, "competences.csv", line, "", "guillemet non fermé ?")


def test_text_after_a_closing_quote(folder):
    path = folder / "competences.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n1.3,1,", '\n1.3,1,"Titre" suite', 1), encoding="utf-8")
    expect(folder, "competences.csv", line_starting(path, "1.3,"), "", "guillemet non fermé ?")


@pytest.mark.parametrize(
    "file, content",
    [
        ("competences.csv", ""),
        ("competences.csv", "code,bloc,intitule,description,contexte,source\n"),
        ("blocs.yaml", ""),
        ("blocs.yaml", "[]\n"),
    ],
)
def test_required_table_without_rows(folder, file, content):
    (folder / file).write_text(content, encoding="utf-8")
    expect(folder, file, None, "", "table obligatoire vide", "au moins une ligne")


def test_optional_table_left_empty_still_loads(folder):
    (folder / "attitudes.csv").write_text("", encoding="utf-8")
    assert load_folder(folder).attitudes == ()
