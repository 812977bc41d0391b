"""Evaluation flows: a grid from a placement of the progression, épreuve readiness, a class's CCF sheets by the
batch, titre professionnel records (stored with the group's data, merged per mise en situation, PDF)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from scenario_lib.bank import Bank, sample_bank_dir
from scenario_lib.errors import SpiraleError
from scenario_lib.evaluation import class_record, evaluation_bank, set_column
from scenario_lib.evaluation.titre import criteria_of, readiness
from scenario_lib.pfmp.pupils import read_class_list
from scenario_lib.planning.exams import place_ccf
from scenario_lib.planning.progression import new_progression
from scenario_lib.referential import load_referential
from scenario_lib.services import evaluation as flows
from tests.evaluation.classdata import GRADE, make_class, write_class_list
from tests.render.pdftext import flat, pdf_pages_text


@pytest.fixture
def bank_dir(tmp_path):
    return shutil.copytree(sample_bank_dir(), tmp_path / "banque")


@pytest.fixture
def pupils(tmp_path):
    return read_class_list(write_class_list(tmp_path / "classe.csv", 4, grade=GRADE))


def _progression(bank_dir):
    bank = Bank(bank_dir)
    prog = new_progression("bacpro-mcv-b", GRADE, "guide-grand-est")
    prog = prog.placed(bank.get("ex-1re-fidelisation-jardinerie"), "premiere", 20)
    prog = prog.placed(bank.get("ex-1re-phoning-assurance"), "premiere", 12)
    prog = place_ccf(prog, bank.get("ex-tle-reclamation-cuisine"), "terminale", 20, "E33")
    return bank.save(prog)


def test_grid_from_a_placement_records_year_and_week(bank_dir, pupils):
    ref = load_referential("bacpro-mcv-b")
    prog = _progression(bank_dir)
    choices = flows.placement_choices(Bank(bank_dir), prog.id)
    labels = [label for label, _ in choices]
    assert labels[0].startswith("Première, semaine 12 — Campagne d'appels")  # calendar order, not placing order
    assert labels[1].startswith("Première, semaine 20 — ") and labels[2].endswith("(CCF E33)")
    ev = flows.create_from_placement(bank_dir, prog.id, choices[0][1], pupils, ref, date(2025, 11, 17))
    stored = evaluation_bank(bank_dir, GRADE).get(ev.id)
    assert (stored.year, stored.week, stored.progression_id) == ("premiere", 12, prog.id)
    assert stored.situation_id == "ex-1re-phoning-assurance"
    evaluation_bank(bank_dir, GRADE).save(set_column(stored, stored.columns[0], "A"), expected_revision=stored.revision)
    pupil = class_record(bank_dir, GRADE, ref).pupil(pupils[0].key)
    assert set(pupil.evidences["origine"]) == {
        "Campagne d'appels et prise de rendez-vous pour une mutuelle (Première, semaine 12)"
    }
    with pytest.raises(SpiraleError, match="placement n° 9 inconnu"):
        flows.create_from_placement(bank_dir, prog.id, 9, pupils, ref)


def test_readiness_and_class_ccf_sheets(bank_dir, pupils, tmp_path):
    ref = load_referential("bacpro-mcv-b")
    prog = _progression(bank_dir)
    _prog, statuses = flows.exam_readiness(bank_dir, prog.id)
    e33 = next(s for s in statuses if s.scope.short_code == "E33")
    assert e33.placements and e33.status in ("prêt", "pas prêt")
    assert next(s for s in statuses if s.scope.short_code == "E31").status == "aucune situation de CCF placée"
    make_class(ref, bank_dir, pupils, pfmp=False)
    ((exam, sid, year, _week),) = flows.ccf_placements(prog)
    summary, report = flows.class_ccf_sheets(bank_dir, GRADE, exam, year, sid, date(2026, 5, 20), ref, tmp_path / "ccf")
    assert not report.failed and len(sorted((tmp_path / "ccf").glob("*.pdf"))) == len(pupils) + 1
    assert summary.grade == GRADE


def test_titre_record_sessions_merge_and_readiness_pdf(bank_dir, tmp_path):
    tp = load_referential("tp-conseiller-commercial")
    cp1 = flows.parse_criteria("CP1", tp)
    assert cp1 == [cid for cid, _ in criteria_of(tp, "CP1")]
    with pytest.raises(SpiraleError, match="critère « CP9-1 » inconnu"):
        flows.parse_criteria("CP9-1", tp)
    when = date(2026, 3, 2)
    flows.record_session(bank_dir, "CC 2026", "Ana Lopes", "Entretien filmé", when, dict.fromkeys(cp1, True))
    record = flows.record_session(bank_dir, "CC 2026", " ana  lopes ", "Entretien filmé", when, {"CP3-1": False})
    assert len(record.sessions) == 1 and record.sessions[0].results == {**dict.fromkeys(cp1, True), "CP3-1": False}
    assert record.revision == 2 and [r.trainee for r in flows.titre_records(bank_dir, "CC 2026")] == ["Ana Lopes"]
    assert "titre" not in {e.doc_type for e in Bank(bank_dir).list()}  # trainee data stays in the group's folder
    states = {s.code: s for part in readiness(tp, record) for s in part.states}
    assert states["CP1"].is_acquired and not states["CP3"].is_acquired
    with pytest.raises(SpiraleError, match="aucun critère observé"):
        flows.record_session(bank_dir, "CC 2026", "Ana Lopes", "Vide", when, {})
    text = flat(" ".join(pdf_pages_text(flows.titre_readiness_pdf(record, tmp_path / "pdf"))))
    assert "Ana Lopes" in text and "pas prêt" in text
    assert "Le prospect/client est contacté par le canal le plus approprié" in text
