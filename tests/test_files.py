"""Crash-safe writes and guarded text reads shared by the bank, the referentials, exports and reports."""

import errno
import os

import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.files import PARTIAL_MARK, FileProblem, atomic_output, atomic_write, read_text_file


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_replaces_the_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "doc.yaml"
    atomic_write(target, "a: 1\n")
    atomic_write(target, "b: 2\n")
    assert target.read_text(encoding="utf-8") == "b: 2\n" and _names(tmp_path) == ["doc.yaml"]


def test_atomic_write_keeps_accents_and_unix_line_ends(tmp_path):
    target = tmp_path / "fiche.md"
    atomic_write(target, "Élève : « Inès »\nœuvre\n")
    assert target.read_bytes() == "Élève : « Inès »\nœuvre\n".encode()


def test_atomic_output_writes_through_a_temp_beside_the_target(tmp_path):
    target = tmp_path / "export.pdf"
    with atomic_output(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".pdf" and PARTIAL_MARK in tmp.name
        assert tmp.name.startswith(".") and not target.exists()  # hidden until complete
        tmp.write_bytes(b"%PDF-1.7")
    assert target.read_bytes() == b"%PDF-1.7" and _names(tmp_path) == ["export.pdf"]


def test_temp_names_are_swept_by_the_batch_runner(tmp_path):
    from scenario_lib.batch.runner import PARTIAL_FILES, remove_partial_files

    with pytest.raises(KeyboardInterrupt), atomic_output(tmp_path / "fiche.html") as tmp:
        tmp.write_text("<p>", encoding="utf-8")
        assert list(tmp_path.glob(PARTIAL_FILES)) == [tmp]
        remove_partial_files(tmp_path)  # what the runner does with a killed render's leftover
        assert not tmp.exists()
        raise KeyboardInterrupt
    assert _names(tmp_path) == []


def test_failure_in_the_block_keeps_the_old_file_and_removes_the_temp(tmp_path):
    target = tmp_path / "doc.yaml"
    target.write_text("ancien\n", encoding="utf-8")
    with pytest.raises(ValueError, match="moteur PDF"), atomic_output(target) as tmp:
        tmp.write_text("moitié", encoding="utf-8")
        raise ValueError("moteur PDF en panne")
    assert target.read_text(encoding="utf-8") == "ancien\n" and _names(tmp_path) == ["doc.yaml"]


def test_full_disk_is_a_french_error_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "doc.yaml"
    target.write_text("ancien\n", encoding="utf-8")
    with pytest.raises(FileProblem) as caught, atomic_output(target) as tmp:
        tmp.write_text("moit", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")
    message = str(caught.value)
    assert str(target) in message and "disque est-il plein" in message and "resté intact" in message
    assert target.read_text(encoding="utf-8") == "ancien\n" and _names(tmp_path) == ["doc.yaml"]


def test_failed_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "doc.yaml"
    target.write_text("ancien\n", encoding="utf-8")

    def refuse(*_args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FileProblem, match="Permission denied"):
        atomic_write(target, "nouveau\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "ancien\n" and _names(tmp_path) == ["doc.yaml"]


def test_written_files_are_readable_by_colleagues(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "doc.yaml"
        atomic_write(target, "a: 1\n")
        with atomic_output(tmp_path / "grille.xlsx") as tmp:
            tmp.write_bytes(b"PK")
    finally:
        os.umask(old)
    for path in (target, tmp_path / "grille.xlsx"):
        assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


@pytest.mark.parametrize("folder", ["absent/sous-dossier", "un-fichier/dossier"])
def test_a_folder_that_cannot_be_written_is_a_french_error_naming_the_path(tmp_path, folder):
    (tmp_path / "un-fichier").write_text("x", encoding="utf-8")
    target = tmp_path / folder / "rapport.csv"
    with pytest.raises(SpiraleError) as caught:
        atomic_write(target, "a;b\n")
    message = str(caught.value)
    assert str(target) in message and "écriture impossible dans le dossier" in message
    assert "Rien n'a été écrit" in message


def test_read_text_file_accepts_utf8_with_or_without_bom(tmp_path):
    plain, bom = tmp_path / "a.csv", tmp_path / "b.csv"
    plain.write_bytes("code,intitulé\n".encode())
    bom.write_bytes("\ufeffcode,intitulé\n".encode("utf-8"))
    assert read_text_file(plain, 1000) == read_text_file(bom, 1000) == "code,intitulé\n"


def test_binary_file_is_refused_in_french(tmp_path):
    path = tmp_path / "classeur.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binaire")
    with pytest.raises(FileProblem, match="fichier « classeur.csv » : fichier binaire"):
        read_text_file(path, 1000)


def test_non_utf8_file_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes("nom\nDupont\nLefèvre\n".encode("cp1252"))
    with pytest.raises(FileProblem) as caught:
        read_text_file(path, 1000)
    assert caught.value.line == 3 and caught.value.file == "liste.csv"
    assert "ligne 3" in str(caught.value) and "UTF-8" in str(caught.value)


def test_too_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "gros.yaml"
    path.write_bytes(b"a" * 3 * 1024 * 1024)
    with pytest.raises(FileProblem) as caught:
        read_text_file(path, 1024 * 1024)
    assert "trop volumineux (3 Mio, maximum 1 Mio)" in str(caught.value)
    assert read_text_file(path, 3 * 1024 * 1024) == "a" * 3 * 1024 * 1024  # the limit itself is allowed
