"""The issue's scenario: a class of 30, booklets through the batch runner, filled copies re-imported."""

import random

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from scenario_lib.bank import Bank
from scenario_lib.batch import BatchJob, Status, run_batch
from scenario_lib.pfmp import class_bank, class_results, generate_booklets, import_results, read_class_list

from .conftest import write_class_list

LEVELS = ["NE", "N", "D", "A", "E"]


def _fill(path, rnd, ref):
    """A tutor fills every sub-competence of PFMP 1 at random; returns what was typed."""
    wb = load_workbook(path)
    typed = {}
    subs = {s.code for c in ref.competences for s in c.sub_competences}
    for row in wb["Compétences"].iter_rows(min_row=2):
        if row[0].value in subs:
            row[3].value = typed[row[0].value] = rnd.choice(LEVELS)
    wb.save(path)
    return typed


@pytest.mark.slow
def test_class_of_30_booklets_batch_pdf_reimport_and_dashboard(tmp_path, ref):
    pupils = read_class_list(write_class_list(tmp_path / "classe.csv", 30))
    bank = Bank(tmp_path / "banque")
    scenario = Bank(__import__("scenario_lib.bank", fromlist=["sample_bank_dir"]).sample_bank_dir())
    linked = [scenario.get(e.id) for e in scenario.list(doc_type="scenario", level="premiere")][:2]
    paths = generate_booklets(pupils, "premiere", ref, bank.folder, tmp_path / "xlsx", linked)
    assert len(paths) == 30
    planned = load_workbook(paths[0])["Compétences"]
    first = linked[0]
    cell = next(r[2].value for r in planned.iter_rows(min_row=2) if r[0].value == first.competences[0])
    assert first.title in cell

    report = run_batch(
        BatchJob(bank=class_bank(bank.folder, "1MCVB").folder, fmt="pdf", out_dir=tmp_path / "pdf", progress=False)
    )
    assert report.exit_code == 0 and report.count(Status.OK) == 30 or len(list((tmp_path / "pdf").glob("*.pdf"))) == 30
    pdfs = sorted((tmp_path / "pdf").glob("*.pdf"))
    assert len(pdfs) == 30
    text = "".join(p.extract_text() for p in PdfReader(pdfs[0]).pages)
    assert ref.competence("4B.3").title.split()[0] in text and "ATTESTATION" in text

    rnd = random.Random(7)
    typed = {p: _fill(p, rnd, ref) for p in paths}
    import_results(paths, pupils, ref, bank.folder)
    results = class_results(bank.folder, "1MCVB", ref)
    # Expected figures computed here from what the "tutors" typed, independently of the tracking code.
    rank = {c: i for i, c in enumerate(LEVELS)}
    reached = 0
    for levels in typed.values():
        for comp in ref.competences:
            evaluated = [rank[levels[s.code]] for s in comp.sub_competences if levels[s.code] != "NE"]
            reached += bool(evaluated) and min(evaluated) >= rank["A"]
    counts = results.counts()
    assert counts == {"eleves": 30, "paires": 30 * 15, "validees": reached, "a_travailler": 30 * 15 - reached}
    assert len(results.to_do()) == 30 * 15 - reached
    assert results.heatmap().shape == (30, 15)


def test_a_wrong_grid_is_refused_alone_naming_its_line_and_the_others_import(tmp_path, ref):
    pupils = read_class_list(write_class_list(tmp_path / "classe.csv", 3))
    paths = generate_booklets(pupils, "terminale", ref, tmp_path / "banque", tmp_path / "xlsx")
    good, bad, blank = paths
    wb = load_workbook(good)
    wb["Compétences"]["D3"] = "A"
    wb.save(good)
    wb = load_workbook(bad)
    wb["Compétences"]["D3"] = "Z"
    wb.save(bad)
    outcome = import_results(paths, pupils, ref, tmp_path / "banque")
    assert [name for name, _ in outcome.booklets] == [good.name]
    [refused] = outcome.refused
    assert bad.name in refused and "ligne 3 (1.1.1, PFMP 3) : niveau « Z » inconnu" in refused
    [skipped] = outcome.blank
    assert blank.name in skipped and "grille vierge" in skipped
    assert outcome.summary() == "1 grille(s) importée(s) ; 1 grille(s) vierge(s) ignorée(s) ; 1 grille(s) refusée(s)"
    store = class_bank(tmp_path / "banque", "1MCVB")
    assert store.get(good.stem).levels == {"PFMP 3": {"1.1.1": "A"}}  # file name = booklet id
    assert store.get(bad.stem).levels == {} and store.get(blank.stem).levels == {}


def test_28_filled_grids_import_while_one_tutor_has_not_answered(tmp_path, ref):
    """The teacher's case: a class of 29, one grid still untouched, the 28 others must not wait for it."""
    pupils = read_class_list(write_class_list(tmp_path / "classe.csv", 29))
    paths = generate_booklets(pupils, "premiere", ref, tmp_path / "banque", tmp_path / "xlsx")
    for path in paths[1:]:
        wb = load_workbook(path)
        wb["Compétences"]["D3"] = "D"
        wb.save(path)
    outcome = import_results(paths, pupils, ref, tmp_path / "banque")
    assert len(outcome.saved) == 28 and outcome.refused == [] and len(outcome.blank) == 1
    owner = next(p for p in pupils if p.key in paths[0].stem)
    assert paths[0].name in outcome.blank[0] and owner.full_name in outcome.blank[0]
    store = class_bank(tmp_path / "banque", "1MCVB")
    assert sum(store.get(e.id).levels == {"PFMP 1": {"1.1.1": "D"}} for e in store.list()) == 28


def test_pupil_of_another_class_is_refused(tmp_path, ref):
    pupils = read_class_list(write_class_list(tmp_path / "a.csv", 2))
    paths = generate_booklets(pupils, "premiere", ref, tmp_path / "banque", tmp_path / "xlsx")
    others = read_class_list(write_class_list(tmp_path / "b.csv", 1))
    [refused] = import_results([paths[1]], others, ref, tmp_path / "banque").refused
    assert "n'est pas dans la liste de la classe" in refused


def test_regenerating_keeps_imported_levels(tmp_path, ref):
    pupils = read_class_list(write_class_list(tmp_path / "classe.csv", 1))
    [path] = generate_booklets(pupils, "premiere", ref, tmp_path / "banque", tmp_path / "xlsx")
    wb = load_workbook(path)
    wb["Compétences"]["D3"] = "E"
    wb.save(path)
    import_results([path], pupils, ref, tmp_path / "banque")
    generate_booklets(pupils, "premiere", ref, tmp_path / "banque", tmp_path / "xlsx2")
    store = class_bank(tmp_path / "banque", "1MCVB")
    assert store.get(store.list()[0].id).levels == {"PFMP 1": {"1.1.1": "E"}}


def test_two_tutors_fill_two_copies_of_the_same_blank_grid_and_nothing_is_erased(tmp_path, ref):
    pupils = read_class_list(write_class_list(tmp_path / "classe.csv", 1))
    [blank] = generate_booklets(pupils, "premiere", ref, tmp_path / "banque", tmp_path / "xlsx")
    first, second = tmp_path / "pfmp1.xlsx", tmp_path / "pfmp2.xlsx"
    for target, column, level in ((first, "D", "A"), (second, "F", "D")):
        wb = load_workbook(blank)
        wb["Compétences"][f"{column}3"] = level  # 1.1.1, PFMP 1 (column D) or PFMP 2 (column F)
        wb.save(target)
    import_results([first], pupils, ref, tmp_path / "banque")
    import_results([second], pupils, ref, tmp_path / "banque")
    store = class_bank(tmp_path / "banque", "1MCVB")
    assert store.get(store.list()[0].id).levels == {"PFMP 1": {"1.1.1": "A"}, "PFMP 2": {"1.1.1": "D"}}


def test_a_blank_grid_is_skipped_and_erases_nothing(tmp_path, ref):
    pupils = read_class_list(write_class_list(tmp_path / "classe.csv", 1))
    [blank] = generate_booklets(pupils, "premiere", ref, tmp_path / "banque", tmp_path / "xlsx")
    filled = tmp_path / "rempli.xlsx"
    wb = load_workbook(blank)
    wb["Compétences"]["D3"] = "E"
    wb.save(filled)
    import_results([filled], pupils, ref, tmp_path / "banque")
    outcome = import_results([blank], pupils, ref, tmp_path / "banque")
    assert outcome.saved == [] and outcome.refused == [] and "aucun niveau saisi" in outcome.blank[0]
    store = class_bank(tmp_path / "banque", "1MCVB")
    assert store.get(store.list()[0].id).levels == {"PFMP 1": {"1.1.1": "E"}}
