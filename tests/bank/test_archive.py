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
    mine = mine.model_copy(update={"mission": "Ma version locale, différente."})
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


# --- issue 14: damaged, forged and oversized archives ---------------------------------------------------


def _listing(bank):
    return sorted(
        (p.relative_to(bank.folder).as_posix(), p.read_bytes())
        for p in bank.folder.rglob("*")
        if p.is_file() and p.name != ".verrou"
    )


def _archive_of(tmp_path, members, compression=zipfile.ZIP_STORED, name="a.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for member, data in members:
            zf.writestr(member, data)
    return path


def _corrupt(path, old: bytes, new: bytes):
    raw = path.read_bytes()
    assert raw.count(old) >= 1
    path.write_bytes(raw.replace(old, new, 1))


@pytest.fixture
def doc_text(scenario_data):
    return yaml.safe_dump(scenario_data(id="archive-ok-1", title="Document de l'archive"), allow_unicode=True)


def test_bad_crc_is_a_french_refusal_and_nothing_is_imported(bank, two_docs, tmp_path, doc_text, scenario_data):
    other = yaml.safe_dump(scenario_data(id="archive-ok-2"), allow_unicode=True)
    path = _archive_of(tmp_path, [("a.yaml", doc_text), ("b.yaml", other.replace("boulangerie", "BOULANGERIE"))])
    _corrupt(path, b"BOULANGERIE", b"BOULANGERJE")  # stored data changed, CRC no longer matches
    before = _listing(bank)
    with pytest.raises(SpiraleError) as info:
        bank.import_zip(path)
    assert "« a.zip » refusée" in str(info.value) and "« b.yaml » est abîmé" in str(info.value)
    assert "Rien n'a été importé" in str(info.value) and "CRC" not in str(info.value)
    assert _listing(bank) == before and "archive-ok-1" not in bank


def test_broken_deflate_data_is_a_french_refusal(bank, tmp_path, doc_text):
    path = _archive_of(tmp_path, [("a.yaml", doc_text * 20)], compression=zipfile.ZIP_DEFLATED)
    raw = bytearray(path.read_bytes())
    start = 30 + len("a.yaml")  # the local header, then the deflate stream
    raw[start + 5 : start + 40] = b"\xff" * 35
    path.write_bytes(bytes(raw))
    with pytest.raises(SpiraleError, match="abîmé dans l'archive"):
        bank.import_zip(path)
    assert bank.list() == []


def test_a_lying_central_directory_is_a_french_refusal(bank, tmp_path, doc_text):
    path = _archive_of(tmp_path, [("a.yaml", doc_text)])
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("a.yaml")
    raw = bytearray(path.read_bytes())
    central = raw.rindex(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (info.file_size // 2).to_bytes(4, "little")  # declared size: half
    path.write_bytes(bytes(raw))
    with pytest.raises(SpiraleError, match="refusée|n'est pas une archive zip lisible"):
        bank.import_zip(path)
    assert bank.list() == []


def test_truncated_archive_and_wrong_local_name(bank, tmp_path, doc_text):
    path = _archive_of(tmp_path, [("a.yaml", doc_text)])
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(SpiraleError, match="n'est pas une archive zip lisible"):
        bank.import_zip(path)
    path = _archive_of(tmp_path, [("a.yaml", doc_text)], name="b.zip")
    _corrupt(path, b"a.yaml", b"x.yaml")  # the local header no longer names the member of the directory
    with pytest.raises(SpiraleError, match="abîmé"):
        bank.import_zip(path)
    assert bank.list() == []


def test_an_encrypted_member_is_a_french_refusal(bank, tmp_path, doc_text):
    path = _archive_of(tmp_path, [("a.yaml", doc_text)])
    raw = bytearray(path.read_bytes())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        at = raw.index(header)
        flag_at = at + (6 if header == b"PK\x03\x04" else 8)
        raw[flag_at] |= 0x1
    path.write_bytes(bytes(raw))
    with pytest.raises(SpiraleError, match="mot de passe"):
        bank.import_zip(path)


def test_the_size_budget_is_checked_before_reading_anything(bank, tmp_path, monkeypatch):
    """The issue: 3 000 members of 1 Mio took 89 s of CPU before being refused."""
    import time

    from scenario_lib.bank import archive

    zeros = b"\0" * (1024 * 1024 - 100)
    path = _archive_of(tmp_path, [(f"d{i}.yaml", zeros) for i in range(70)], compression=zipfile.ZIP_DEFLATED)
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k))
    start = time.process_time()
    with pytest.raises(SpiraleError) as info:
        bank.import_zip(path)
    assert time.process_time() - start < 1 and opened == []
    assert "Mio une fois décompressée (maximum 64 Mio)" in str(info.value)
    assert archive.MAX_ARCHIVE_BYTES == 64 * 1024 * 1024


def test_too_many_members_is_refused(bank, tmp_path, monkeypatch):
    from scenario_lib.bank import archive

    monkeypatch.setattr(archive, "MAX_MEMBERS", 10)
    path = _archive_of(tmp_path, [(f"d{i}.yaml", "x") for i in range(11)])
    with pytest.raises(SpiraleError, match="11 fichiers \\(maximum 10\\)"):
        bank.import_zip(path)


def test_a_write_failing_midway_undoes_the_import(bank, two_docs, tmp_path, scenario_data, monkeypatch):
    from scenario_lib.bank import store

    path = _archive_of(
        tmp_path,
        [
            (f"d{i}.yaml", yaml.safe_dump(scenario_data(id=f"lot-{i}-doc", title=f"Doc {i}"), allow_unicode=True))
            for i in range(4)
        ],
    )
    before = {e.id for e in bank.list()}
    calls = []
    real = store.atomic_write

    def disk_full_at_the_third(target, text):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(target, text)

    monkeypatch.setattr(store, "atomic_write", disk_full_at_the_third)
    with pytest.raises(OSError):
        bank.import_zip(path)
    monkeypatch.undo()
    assert {e.id for e in bank.list()} == before and bank.problems == []


def test_windows_backslash_paths_are_read(bank, tmp_path, doc_text):
    path = _archive_of(tmp_path, [("dossier\\a.yaml", doc_text)])
    assert bank.import_zip(path).added == ["Document de l'archive"]


# --- fuzz: any bytes → a report or a French refusal, and a refused import changes nothing ------------------


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def valid_archive(bank, two_docs, tmp_path):
    path = tmp_path / "valide.zip"
    bank.export_zip(path)
    return path.read_bytes()


def _import_is_all_or_nothing(bank, path):
    before = _listing(bank)
    try:
        report = bank.import_zip(path, on_conflict="copie")
    except SpiraleError as exc:
        assert path.name in str(exc) or "archive" in str(exc)
        assert _listing(bank) == before
        return
    for problem in report.problems:
        assert problem.file and problem.reason
    assert bank.problems == []


@FUZZ
@given(mutations=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8))
def test_fuzz_damaged_archives(bank, tmp_path, valid_archive, mutations):
    raw = bytearray(valid_archive)
    for position, value in mutations:
        raw[position % len(raw)] = value
    path = tmp_path / "abime.zip"
    path.write_bytes(bytes(raw))
    _import_is_all_or_nothing(bank, path)


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b)))
def test_fuzz_random_bytes_as_archive(bank, tmp_path, data):
    path = tmp_path / "hasard.zip"
    path.write_bytes(data)
    _import_is_all_or_nothing(bank, path)


@FUZZ
@given(
    members=st.lists(
        st.tuples(st.sampled_from(["a.yaml", "b.yml", "c/d.yaml", "../e.yaml", ".f.yaml"]), st.binary(max_size=300)),
        max_size=5,
        unique_by=lambda m: m[0],
    )
)
def test_fuzz_archives_of_random_members(bank, tmp_path, members):
    path = tmp_path / "membres.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            zf.writestr(name, data)
    _import_is_all_or_nothing(bank, path)
