"""The user's bank is seeded from the bundled sample bank, which must itself be valid and varied."""

import shutil

import pytest

from scenario_lib.bank import Bank, default_bank_dir, open_bank, sample_bank_dir


def test_sample_bank_loads_without_problems_and_covers_every_level():
    bank = Bank(sample_bank_dir(), create=False)
    assert bank.problems == []
    for level in ("seconde", "premiere", "terminale"):
        entries = bank.list(level=level)
        assert len(entries) >= 3, level
        assert len({b for e in entries for b in e.blocks}) >= 3, f"{level}: blocks should vary"
        assert all(len(e.blocks) >= 2 or len(e.competences) >= 2 for e in entries)
    tp = bank.list(level="formation")
    assert len(tp) >= 1 and all(e.referential == "tp-conseiller-commercial" for e in tp)
    assert all(e.authors and e.revision >= 1 for e in bank.list())


def test_default_bank_is_created_from_the_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("SPIRALE_BANQUE", str(tmp_path / "ma-banque"))
    assert default_bank_dir() == tmp_path / "ma-banque"
    bank = open_bank()
    sample = Bank(sample_bank_dir(), create=False)
    assert [e.id for e in bank.list()] == [e.id for e in sample.list()]
    # a bank the teacher emptied is not refilled
    for entry in bank.list():
        bank.delete(entry.id)
    assert open_bank().list() == []


def test_default_location_is_in_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SPIRALE_BANQUE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_bank_dir() == tmp_path / "Spirale" / "banque"


def test_explicit_folder_is_used_as_is(tmp_path):
    (tmp_path / "vide").mkdir()
    assert open_bank(tmp_path / "vide").list() == []
    shutil.rmtree(tmp_path / "vide")


def test_a_mistyped_explicit_folder_is_an_error_not_a_new_bank(tmp_path):
    from scenario_lib.errors import SpiraleError

    with pytest.raises(SpiraleError, match="dossier de banque introuvable"):
        open_bank(tmp_path / "banqeu")
    assert not (tmp_path / "banqeu").exists()
