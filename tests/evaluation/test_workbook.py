"""XLSX round trip of a class grid, and every kind of malformed grid refused with its line, nothing imported."""

import random
from datetime import date

import pytest
from openpyxl import load_workbook

from scenario_lib.evaluation import evaluation_bank, new_evaluation, save_evaluation, set_level
from scenario_lib.evaluation.workbook import (
    EvaluationImportError,
    import_evaluation_workbook,
    read_evaluation_workbook,
    write_evaluation_workbook,
)
from tests.evaluation.classdata import random_levels


@pytest.fixture
def stored(ref, bank_dir, pupils):
    ev = new_evaluation(
        ref,
        pupils,
        situation_title="=Vente conseil",
        competences=["4B.3", "1.1"],
        year="premiere",
        when=date(2025, 10, 1),
        attitudes=["AP01", "AP06"],
    )
    return save_evaluation(bank_dir, ev)


def test_round_trip_keeps_every_level_and_comment(ref, bank_dir, stored, tmp_path):
    filled = random_levels(stored, random.Random(1))
    filled = filled.model_copy(
        update={"rows": [filled.rows[0].model_copy(update={"comment": "=SOMME(A1) très bien"}), *filled.rows[1:]]}
    )
    path = write_evaluation_workbook(filled, tmp_path / "g.xlsx", ref)
    back = read_evaluation_workbook(path, stored, ref)
    assert [(r.levels, r.attitudes, r.comment) for r in back.rows] == [
        (r.levels, r.attitudes, r.comment) for r in filled.rows
    ]
    assert load_workbook(path)["Grille"]["A1"].value == "Élève"


def fill(path, edit):
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda wb: wb["Grille"].cell(row=3, column=2, value="Z"), r"ligne 3, colonne 1\.1\.1 .*« Z » inconnu"),
        (
            lambda wb: wb["Grille"].cell(row=4, column=1, value="INCONNU Paul"),
            r"ligne 4 : élève .* attendu, trouvé « INCONNU Paul »",
        ),
        (lambda wb: wb["Grille"].append(["DUPONT Luc", "A"]), r"7 lignes d'élèves au lieu de 6"),
        (lambda wb: wb["Grille"].delete_rows(5), r"5 lignes d'élèves au lieu de 6"),
        (
            lambda wb: wb["Grille"].cell(row=1, column=3, value="4B.9.9"),
            r"ligne 1 : les en-têtes de colonnes ont été modifiés",
        ),
        (lambda wb: wb["Grille"].cell(row=2, column=30, value="A"), r"ligne 2 : valeurs hors de la grille"),
        (lambda wb: wb["_spirale"].cell(row=2, column=2, value="eval-autre"), r"celle d'une autre évaluation"),
        (
            lambda wb: wb["_spirale"].cell(row=6, column=2, value="martin-lea-0000000000"),
            r"feuille cachée a été modifiée",
        ),
        (lambda wb: wb.remove(wb["_spirale"]), r"n'est pas une grille d'évaluation produite par Spirale"),
        (
            lambda wb: wb["Grille"].cell(row=2, column=wb["Grille"].max_column, value="<b>x</b>"),
            r"ligne 2, colonne Commentaire .*balise HTML « <b> » refusée",
        ),
    ],
)
def test_malformed_grids_are_refused_with_their_line(ref, bank_dir, stored, tmp_path, edit, message):
    path = fill(
        write_evaluation_workbook(set_level(stored, stored.rows[0].pupil.key, "AP01", "A"), tmp_path / "g.xlsx", ref),
        edit,
    )
    with pytest.raises(EvaluationImportError, match=message):
        import_evaluation_workbook(bank_dir, stored.id, path, ref)
    assert evaluation_bank(bank_dir, stored.grade).get(stored.id) == stored  # nothing half imported


def test_not_a_workbook_and_too_big(ref, stored, tmp_path):
    fake = tmp_path / "faux.xlsx"
    fake.write_text("nom;prénom\n", encoding="utf-8")
    with pytest.raises(EvaluationImportError, match="illisible comme classeur XLSX"):
        read_evaluation_workbook(fake, stored, ref)
    big = tmp_path / "gros.xlsx"
    big.write_bytes(b"0" * (3 * 1024 * 1024))
    with pytest.raises(EvaluationImportError, match="trop volumineux"):
        read_evaluation_workbook(big, stored, ref)


def test_import_merges_with_the_grid_and_refuses_only_a_cell_changed_on_both_sides(ref, bank_dir, stored, tmp_path):
    first, second = stored.rows[0].pupil.key, stored.rows[1].pupil.key
    path = write_evaluation_workbook(set_level(stored, first, "1.1.1", "E"), tmp_path / "g.xlsx", ref)
    saved = import_evaluation_workbook(bank_dir, stored.id, path, ref)
    assert saved.revision == stored.revision + 1 and saved.rows[0].levels == {"1.1.1": "E"}
    # the same (or a corrected) copy imported again: no conflict with oneself
    again = import_evaluation_workbook(bank_dir, stored.id, path, ref)
    assert again.revision == saved.revision + 1 and again.rows[0].levels == {"1.1.1": "E"}
    # a colleague sets another cell in the atelier meanwhile: both are kept
    bank = evaluation_bank(bank_dir, stored.grade)
    colleague = bank.save(set_level(again, second, "1.1.1", "D"))
    merged = import_evaluation_workbook(bank_dir, stored.id, path, ref)
    assert merged.rows[0].levels == {"1.1.1": "E"} and merged.rows[1].levels == {"1.1.1": "D"}
    # the colleague changes the very cell the file sets, to another level: refused, named, nothing saved
    bank.save(set_level(merged, first, "1.1.1", "A"))
    before = bank.get(stored.id).revision
    with pytest.raises(EvaluationImportError, match="changé des deux côtés") as refused:
        import_evaluation_workbook(bank_dir, stored.id, path, ref)
    assert stored.rows[0].pupil.full_name in str(refused.value) and "1.1.1" in str(refused.value)
    assert bank.get(stored.id).revision == before and colleague.revision < before
