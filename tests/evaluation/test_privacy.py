"""A pupil's data exported whole, erased everywhere (history and trash included); a class archived."""

import zipfile
from pathlib import Path

import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.evaluation import class_record, evaluation_bank, save_evaluation, set_level
from scenario_lib.evaluation.privacy import archive_class, erase_pupil, export_pupil
from scenario_lib.pfmp import class_bank
from tests.evaluation.classdata import GRADE, make_class


def files_naming(folder: Path, *needles):
    return [
        p
        for p in Path(folder).rglob("*")
        if p.is_file() and any(n.casefold() in p.read_bytes().decode("utf-8", "replace").casefold() for n in needles)
    ]


def test_erase_leaves_no_trace_in_any_file(ref, bank_dir, pupils):
    evs, books = make_class(ref, bank_dir, pupils, n_evaluations=3)
    gone, kept = pupils[1], pupils[2]
    # history, trash and a conflict copy all hold the pupil's name
    store = evaluation_bank(bank_dir, GRADE)
    save_evaluation(bank_dir, set_level(store.get(evs[0].id), gone.key, evs[0].columns[0], "E"))
    store.delete(evs[2].id)
    pfmp = class_bank(bank_dir, GRADE)
    booklet = next(b for b in books if b.pupil.key == gone.key)
    pfmp.save(booklet)
    from scenario_lib.bank import ConflictError

    with pytest.raises(ConflictError):
        pfmp.save(booklet, expected_revision=0)
    assert len(files_naming(bank_dir, gone.last_name)) > 6
    report = erase_pupil(bank_dir, gone)
    assert (
        files_naming(
            bank_dir, gone.key, f"{gone.last_name} {gone.first_name}", gone.full_name, f"last_name: {gone.last_name}"
        )
        == []
    )
    assert report.rows_removed >= 3 and report.remaining == []
    # the other pupils keep everything, history included
    record = class_record(bank_dir, GRADE, ref)
    assert gone.key not in record.pupils and kept.key in record.pupils
    assert len(store.history(evs[0].id)) >= 1
    assert all(
        kept.key in [r.pupil.key for r in store.revision(evs[0].id, e.revision).rows] for e in store.history(evs[0].id)
    )


def test_export_pupil_zip_holds_record_rows_booklets_and_bilans(ref, bank_dir, pupils, tmp_path):
    make_class(ref, bank_dir, pupils, n_evaluations=2)
    pupil = pupils[0]
    path = export_pupil(bank_dir, GRADE, pupil.key, tmp_path / "eleve.zip", ref)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert {"eleve.json", "preuves.csv", "niveaux.csv"} <= set(names)
        assert sum(n.startswith("evaluations/") for n in names) == 2
        assert sum(n.startswith("pfmp/") for n in names) == 2
        assert "bilans/bilan-cycle.pdf" in names and archive.read("bilans/bilan-cycle.pdf").startswith(b"%PDF")
        text = b"".join(archive.read(n) for n in names if not n.endswith(".pdf")).decode("utf-8")
    for other in pupils[1:]:
        assert other.last_name not in text  # only this pupil's data
    assert pupil.last_name in text


def test_archive_class_then_removed(ref, bank_dir, pupils, tmp_path):
    make_class(ref, bank_dir, pupils, n_evaluations=2)
    path = archive_class(bank_dir, GRADE, tmp_path / "archive.zip")
    with zipfile.ZipFile(path) as archive:
        assert any(n.startswith("evaluations/") for n in archive.namelist())
        assert any(n.startswith("pfmp/") for n in archive.namelist())
    assert files_naming(bank_dir, f"last_name: {pupils[0].last_name}") == []
    with pytest.raises(SpiraleError, match="aucune évaluation ni aucun livret"):
        class_record(bank_dir, GRADE, ref)
    with pytest.raises(SpiraleError, match="rien à archiver"):
        archive_class(bank_dir, GRADE, tmp_path / "encore.zip")
