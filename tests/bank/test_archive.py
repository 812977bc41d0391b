"""Zip export/import between two banks, collisions, hostile archives."""

import zipfile

import pytest
import yaml

from scenario_lib.bank import Bank, ImportCollisionError
from scenario_lib.errors import SpiraleError


@pytest.fixture
def two_docs(bank, make_scenario):
    a = bank.save(make_scenario(title="Première situation"))
    b = bank.save(make_scenario(title="Deuxième situation", level="terminale"))
    return a, b


def test_zip_round_trip_between_banks(bank, two_docs, tmp_path):
    archive = tmp_path / "partage.zip"
    assert bank.export_zip(archive) == 2
    other = Bank(tmp_path / "autre")
    report = other.import_zip(archive)
    assert sorted(report.added) == ["Deuxième situation", "Première situation"]
    for doc in two_docs:
        assert other.get(doc.id) == bank.get(doc.id)
    again = other.import_zip(archive)
    assert again.added == [] and sorted(again.unchanged) == ["Deuxième situation", "Première situation"]


def test_export_selected_ids_only(bank, two_docs, tmp_path):
    archive = tmp_path / "un.zip"
    assert bank.export_zip(archive, [two_docs[1].id]) == 1
    with zipfile.ZipFile(archive) as zf:
        [name] = zf.namelist()
        assert name.endswith(f"--{two_docs[1].id}.yaml")
        assert yaml.safe_load(zf.read(name))["title"] == "Deuxième situation"
    with pytest.raises(SpiraleError, match="inconnu-1"):
        bank.export_zip(tmp_path / "x.zip", ["inconnu-1"])


def _colliding(bank, two_docs, tmp_path):
    archive = tmp_path / "partage.zip"
    bank.export_zip(archive)
    other = Bank(tmp_path / "autre")
    other.import_zip(archive)
    mine = other.get(two_docs[0].id)
    mine.mission = "Ma version locale, différente."
    other.save(mine)
    return other, archive


def test_import_refuses_collisions_by_default_and_imports_nothing(bank, two_docs, tmp_path):
    other, archive = _colliding(bank, two_docs, tmp_path)
    other.delete(two_docs[1].id)
    with pytest.raises(ImportCollisionError) as err:
        other.import_zip(archive)
    assert "Première situation" in str(err.value) and two_docs[0].id in str(err.value)
    assert "Rien n'a été importé" in str(err.value)
    assert other.get(two_docs[0].id).mission == "Ma version locale, différente."
    assert two_docs[1].id not in other


def test_import_as_copy_keeps_both(bank, two_docs, tmp_path):
    other, archive = _colliding(bank, two_docs, tmp_path)
    report = other.import_zip(archive, on_conflict="copie")
    assert report.copied == ["Première situation (importé)"] and report.unchanged == ["Deuxième situation"]
    assert other.get(two_docs[0].id).mission == "Ma version locale, différente."
    copies = other.list(text="importe")
    assert len(copies) == 1 and copies[0].id != two_docs[0].id


def test_import_replace_keeps_previous_in_history(bank, two_docs, tmp_path):
    other, archive = _colliding(bank, two_docs, tmp_path)
    report = other.import_zip(archive, on_conflict="remplacer")
    assert report.replaced == ["Première situation"]
    replaced = other.get(two_docs[0].id)
    assert replaced.mission == two_docs[0].mission and replaced.revision == 3
    assert other.revision(two_docs[0].id, 2).mission == "Ma version locale, différente."


def test_unknown_conflict_choice(bank, tmp_path):
    with pytest.raises(SpiraleError, match="choix inconnu"):
        bank.import_zip(tmp_path / "a.zip", on_conflict="ecraser")


def test_bad_archives(bank, tmp_path):
    not_zip = tmp_path / "faux.zip"
    not_zip.write_text("pas un zip")
    with pytest.raises(SpiraleError, match="n'est pas une archive zip"):
        bank.import_zip(not_zip)
    with pytest.raises(SpiraleError, match="introuvable"):
        bank.import_zip(tmp_path / "absent.zip")


def test_archive_with_bad_members_imports_the_good_ones(bank, tmp_path, scenario_data):
    archive = tmp_path / "melange.zip"
    good = scenario_data(id="bon-doc-1")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("banque/2de/bon.yaml", yaml.safe_dump(good, allow_unicode=True))
        zf.writestr("../../../echappe.yaml", yaml.safe_dump(scenario_data(id="evade-1"), allow_unicode=True))
        zf.writestr("casse.yaml", "title: [\n")
        zf.writestr("gros.yaml", "x" * (1024 * 1024 + 1))
        zf.writestr("doublon.yaml", yaml.safe_dump(good, allow_unicode=True))
        zf.writestr("__MACOSX/._bon.yaml", b"\x00\x05")
        zf.writestr("image.png", b"\x89PNG")
    report = bank.import_zip(archive)
    assert report.added == [good["title"]]
    files = {p.file for p in report.problems}
    assert files == {"../../../echappe.yaml", "casse.yaml", "gros.yaml", "doublon.yaml"}
    assert "evade-1" not in bank
    assert not (tmp_path.parent / "echappe.yaml").exists()
    assert {p.parent for p in bank.folder.glob("*.yaml")} == {bank.folder}
    assert "problème" in report.summary()


def test_an_id_named_twice_is_exported_once(tmp_path):
    import zipfile

    from scenario_lib.bank import Bank, sample_bank_dir

    bank = Bank(sample_bank_dir(), create=False)
    doc_id = bank.list()[0].id
    assert bank.export_zip(tmp_path / "a.zip", [doc_id, doc_id]) == 1
    assert len(zipfile.ZipFile(tmp_path / "a.zip").namelist()) == 1
