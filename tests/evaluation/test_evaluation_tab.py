"""The Évaluation tab driven through its Python API: keyboard entry, whole column, copy previous, save, views."""

from datetime import date

import pytest

from scenario_lib.evaluation import create_evaluation, evaluation_bank, set_column
from scenario_lib.widgets.atelier import Atelier
from scenario_lib.widgets.evaluation_tab import EvaluationTab
from tests.evaluation.classdata import GRADE

SITUATION = "ex-1re-phoning-assurance"


@pytest.fixture
def tab(ref, bank_dir, pupils):
    create_evaluation(bank_dir, SITUATION, pupils, ref, date(2025, 9, 1), attitudes=["AP01"])
    atelier = Atelier(bank_dir=bank_dir)
    tab = atelier.tab(EvaluationTab)
    assert tab.grade.options == (GRADE,)
    tab.open(create_evaluation(bank_dir, SITUATION, pupils, ref, date(2025, 10, 1), attitudes=["AP01"]))
    return tab


def test_typing_levels_and_refusing_unknown_ones(tab, pupils):
    key, column = pupils[0].key, tab.evaluation.columns[0]
    tab.type_cell(key, column, "a")
    assert tab.evaluation.row(key).levels == {column: "A"} and tab.cells[(key, column)].value == "A"
    tab.type_cell(key, column, "zz")
    assert "« zz » inconnu" in tab.state.messages.value
    assert tab.evaluation.row(key).levels == {column: "A"} and tab.cells[(key, column)].value == "A"
    tab.type_cell(key, column, "")
    assert tab.evaluation.row(key).levels == {}
    tab.comments[key].value = "Prise de parole assurée"
    assert tab.evaluation.row(key).comment == "Prise de parole assurée"


def test_keyboard_order_is_reading_order(tab):
    """Cells are laid out pupil by pupil, column by column: the browser's Tab key follows that order."""
    order = [cell for line in tab.grid_box.children[1:] for cell in line.children[1:-1]]
    assert order == [tab.cells[(r.pupil.key, c)] for r in tab.evaluation.rows for c in [*tab.evaluation.columns, "AP01"]]


def test_whole_column_copy_previous_and_save(tab, bank_dir, pupils):
    column = tab.evaluation.columns[1]
    tab.fill_column(column, "d")
    assert {r.levels[column] for r in tab.evaluation.rows} == {"D"}
    store = evaluation_bank(bank_dir, GRADE)
    previous = next(store.get(e.id) for e in store.list(doc_type="evaluation") if store.get(e.id).id != tab.evaluation.id)
    store.save(set_column(previous, "AP01", "E"))
    tab.copy_previous()
    assert {r.attitudes["AP01"] for r in tab.evaluation.rows} == {"E"}
    assert {r.levels[column] for r in tab.evaluation.rows} == {"D"}  # typed levels win over the copy
    saved = tab.save()
    assert store.get(saved.id).rows == saved.rows and saved.revision == 2


def test_class_map_pupil_page_and_proposals(tab, pupils):
    for row in tab.evaluation.rows:
        for column in tab.evaluation.columns:
            tab.type_cell(row.pupil.key, column, "N")
    tab.save()
    tab.show_class()
    assert "spirale-heatmap" in tab.view.value, tab.state.messages.value
    tab.pupil.value = pupils[0].key
    tab.show_pupil()
    assert "srcdoc" in tab.view.value and "erreur" not in tab.state.messages.value
    proposals = tab.propose()
    assert proposals and f"{len(pupils)} élèves sur {len(pupils)} en dessous de Débrouillé" in tab.view.value
