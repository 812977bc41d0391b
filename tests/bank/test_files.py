"""Crash-safe writes, the inter-process lock, safe file names."""

import errno
import os
import re
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_lib.bank import files
from scenario_lib.bank.files import BankFileError, document_filename, folder_lock
from scenario_lib.files import PARTIAL_MARK, FileProblem

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if PARTIAL_MARK in p.name]


def test_failed_replace_leaves_old_document_intact(bank, make_scenario, monkeypatch):
    doc = bank.save(make_scenario())
    path = bank.entry(doc.id).path
    before = path.read_bytes()

    def full_disk(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    doc.mission = "Changement qui ne sera pas écrit."
    with pytest.raises(FileProblem, match="disque est-il plein"):
        bank.save(doc)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert bank.get(doc.id).revision == 1 and bank.problems == []
    assert _leftovers(bank.folder) == [] and not (bank.folder / files.LOCK_NAME).exists()


def test_crash_in_the_middle_of_writing_leaves_old_document_intact(bank, make_scenario, monkeypatch):
    doc = bank.save(make_scenario())
    path = bank.entry(doc.id).path
    before = path.read_bytes()
    real_write_text = Path.write_text

    def half_write(self, text, *args, **kwargs):
        """Writes half the text to the temp file, then the disk fills up."""
        real_write_text(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", half_write)
    doc.notes = "x" * 5000
    with pytest.raises(FileProblem, match="resté intact"):
        bank.save(doc)
    monkeypatch.undo()
    assert path.read_bytes() == before and _leftovers(bank.folder) == []
    assert bank.get(doc.id).notes == ""


def test_lock_excludes_a_second_holder(tmp_path, monkeypatch):
    order = []

    def second():
        with folder_lock(tmp_path):
            order.append("second")

    with folder_lock(tmp_path):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)
        order.append("first")
    thread.join(5)
    assert order == ["first", "second"]
    assert not (tmp_path / files.LOCK_NAME).exists()


def test_lock_times_out_with_french_message(tmp_path):
    (tmp_path / files.LOCK_NAME).write_text("12345")
    with pytest.raises(BankFileError, match="occupée"), folder_lock(tmp_path, timeout=0.1):
        pass


def test_stale_lock_of_a_crashed_process_is_broken(tmp_path):
    lock = tmp_path / files.LOCK_NAME
    lock.write_text("12345")
    old = time.time() - files.STALE_LOCK_SECONDS - 5
    os.utime(lock, (old, old))
    with folder_lock(tmp_path, timeout=0.5):
        assert lock.read_text() == str(os.getpid())


HOSTILE_TITLES = [
    "Vente / conseil \\ retour",
    "../../etc/passwd",
    "..",
    "Réclamation à l'épicerie : « Œufs » ?",
    "Fidélisation 🎉🛒 des clients ✨",
    "CON",
    "aux.txt",
    "É" * 300,
    "a" * 300,
    "   . . .   ",
    'prix < 3 € : "promo" | caractères * interdits ? ',
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_file_names_from_hostile_titles_stay_in_the_bank_and_are_valid_on_windows(bank, make_scenario, title):
    doc = bank.save(make_scenario(title=title))
    path = bank.entry(doc.id).path
    assert path.parent == bank.folder and path.resolve().parent == bank.folder.resolve()
    name = path.name
    assert len(name) <= 150 and name.endswith(f"--{doc.id}.yaml")
    assert not WINDOWS_FORBIDDEN.search(name) and name.isascii()
    assert not name.endswith((".", " ")) and not name.startswith(".")
    assert name.split(".")[0].upper() not in WINDOWS_RESERVED
    assert bank.get(doc.id).title == title


def test_readable_file_name_keeps_the_words_of_the_title():
    assert document_filename("Réclamation à l'épicerie", "abc123") == "reclamation-a-l-epicerie--abc123.yaml"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_title_gives_a_portable_name_inside_the_folder(tmp_path_factory, title):
    folder = tmp_path_factory.getbasetemp()
    name = document_filename(title, "abc-123")
    assert (folder / name).parent == folder and "/" not in name and "\\" not in name
    assert name.isascii() and not WINDOWS_FORBIDDEN.search(name) and len(name) <= 150
    assert name.endswith("--abc-123.yaml") and not name.startswith(".")
    assert name.split(".")[0].upper() not in WINDOWS_RESERVED


def test_a_folder_that_cannot_be_written_is_a_french_error(tmp_path, monkeypatch):
    from scenario_lib.bank import Bank
    from scenario_lib.errors import SpiraleError

    (tmp_path / "fichier").write_text("x")
    with pytest.raises(SpiraleError, match="dossier de banque impossible à créer"):
        Bank(tmp_path / "fichier" / "banque")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("scenario_lib.bank.files.os.open", refuse)
    with pytest.raises(BankFileError, match=r"protégé en écriture \? Rien n.a été modifié"):
        with folder_lock(tmp_path):
            pass

