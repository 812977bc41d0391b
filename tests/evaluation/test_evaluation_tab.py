"""The Évaluation tab driven through its Python API: keyboard entry, whole column, copy previous, save, views."""

import html
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
    assert order == [
        tab.cells[(r.pupil.key, c)] for r in tab.evaluation.rows for c in [*tab.evaluation.columns, "AP01"]
    ]


def test_whole_column_copy_previous_and_save(tab, bank_dir, pupils):
    column = tab.evaluation.columns[1]
    tab.fill_column(column, "d")
    assert {r.levels[column] for r in tab.evaluation.rows} == {"D"}
    store = evaluation_bank(bank_dir, GRADE)
    previous = next(
        store.get(e.id) for e in store.list(doc_type="evaluation") if store.get(e.id).id != tab.evaluation.id
    )
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


def _progression_with_ccf(bank_dir):
    from scenario_lib.bank import Bank
    from scenario_lib.planning.exams import place_ccf
    from scenario_lib.planning.progression import new_progression

    bank = Bank(bank_dir)
    prog = new_progression("bacpro-mcv-b", GRADE, "guide-grand-est").placed(bank.get(SITUATION), "premiere", 12)
    return bank.save(place_ccf(prog, bank.get("ex-tle-reclamation-cuisine"), "terminale", 20, "E33"))


def test_grid_from_a_placement(tab, bank_dir, pupils):
    prog = _progression_with_ccf(bank_dir)
    tab.state.bank_changed()
    tab.progression.value = prog.id
    assert tab.situation.layout.display == "none"
    assert [label for label, _ in tab.placement.options][0] == (
        "Première, semaine 12 — Campagne d'appels et prise de rendez-vous pour une mutuelle"
    )
    tab.placement.value = 0
    tab.pupils = pupils
    tab.create()
    assert (tab.evaluation.week, tab.evaluation.progression_id) == (12, prog.id), tab.state.messages.value
    assert "Première, semaine 12" in tab.state.messages.value


def test_exam_readiness_and_ccf_sheets_in_the_tab(tab, bank_dir, ref, pupils):
    from tests.evaluation.classdata import make_class

    prog = _progression_with_ccf(bank_dir)
    tab.state.bank_changed()
    tab.ccf_progression.value = prog.id
    statuses = tab.show_readiness()
    assert "<b>E31 Vente-conseil</b> (CCF) : <b>aucune situation de CCF placée</b>" in tab.ccf_view.value
    e33 = next(s for s in statuses if s.scope.short_code == "E33")
    assert f"<b>{e33.status}</b>" in tab.ccf_view.value.split("E33")[1].split("</li>")[0]
    for problem in e33.problems:
        assert html.escape(str(problem)) in tab.ccf_view.value
    make_class(ref, bank_dir, pupils, pfmp=False)
    assert tab.ccf_situation.options[0][0].startswith("E33 — Terminale, semaine 20 — ")
    report = tab.ccf_sheets()
    assert report is not None and not report.failed, tab.state.messages.value
    assert "spirale-telechargement" in tab.ccf_links.value and f"({len(pupils) + 1} PDF)" in tab.ccf_links.value


def test_titre_section_for_the_titre_pro(bank_dir):
    atelier = Atelier(bank_dir=bank_dir, referential="tp-conseiller-commercial")
    tab = atelier.tab(EvaluationTab)
    assert tab.titre_box.layout.display == "flex" and tab.class_box.layout.display == "none"
    tab.tp_group.value, tab.tp_trainee.value, tab.tp_title.value = "CC 2026", "Ana Lopes", "Entretien filmé"
    tab.tp_competence.value = "CP3"
    first, second, *_ = tab.tp_criteria
    assert (first, second) == ("CP3-1", "CP3-2")
    tab.tp_criteria[first].value = "oui"
    tab.tp_criteria[second].value = "non"
    record = tab.save_session()
    assert record is not None, tab.state.messages.value
    assert record.sessions[0].results == {"CP3-1": True, "CP3-2": False}
    assert tab.tp_trainee.options == ("Ana Lopes",)
    assert "pas prêt" in tab.tp_view.value and "CP3 Mettre en œuvre la démarche de prospection" in tab.tp_view.value
    path = tab.titre_pdf()
    assert path.suffix == ".pdf" and "spirale-telechargement" in tab.tp_view.value
    bac = Atelier(bank_dir=bank_dir).tab(EvaluationTab)
    assert bac.titre_box.layout.display == "none"
