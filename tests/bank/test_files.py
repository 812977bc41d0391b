"""Crash-safe writes, the inter-process lock, safe file names."""

import errno
import os
import re
import signal
import subprocess
import sys
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
    doc = doc.model_copy(update={"mission": "Changement qui ne sera pas écrit."})
    with pytest.raises(FileProblem, match="disque est-il plein"):
        bank.save(doc)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert bank.get(doc.id).revision == 1 and bank.problems == []
    assert _leftovers(bank.folder) == [] and _lock_is_free(bank.folder)


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
    doc = doc.model_copy(update={"notes": "x" * 5000})
    with pytest.raises(FileProblem, match="resté intact"):
        bank.save(doc)
    monkeypatch.undo()
    assert path.read_bytes() == before and _leftovers(bank.folder) == []
    assert bank.get(doc.id).notes == ""


def _lock_is_free(folder):
    try:
        with folder_lock(folder, timeout=0):
            return True
    except BankFileError:
        return False


HOLD_LOCK = """
import sys, time
from pathlib import Path
from scenario_lib.bank.files import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("verrou pris", flush=True)
    time.sleep(60)
"""


def _holder(folder):
    """Another process holding the bank's lock (started with this worktree on its path)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(folder)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "verrou pris"
    return proc


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
    assert _lock_is_free(tmp_path)


def test_lock_held_by_another_process_times_out_with_french_message(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(BankFileError, match="occupée"), folder_lock(tmp_path, timeout=0.1):
            pass
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_process_killed_by_sigkill_is_free_at_once(tmp_path):
    """The issue: `.verrou` survived 25 of 25 `kill -9` and the next command waited 15 s then failed."""
    for _ in range(3):
        proc = _holder(tmp_path)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        start = time.monotonic()
        with folder_lock(tmp_path, timeout=2):
            assert time.monotonic() - start < 1


def test_a_left_over_lock_file_does_not_block(tmp_path):
    (tmp_path / files.LOCK_NAME).write_text("12345")  # the old hand-made lock of a crashed Spirale
    with folder_lock(tmp_path, timeout=0.1):
        pass


def test_temp_files_of_a_crashed_save_are_swept_and_never_listed(bank, make_scenario):
    doc = bank.save(make_scenario())
    crashed = bank.folder / f".titre{PARTIAL_MARK}abc123.yaml"
    crashed.write_text("title: moitié d'un docu")
    other = bank.folder / f".rendu{PARTIAL_MARK}abc123.pdf"  # not the bank's: left for the batch runner
    other.write_text("%PDF")
    assert [e.id for e in bank.list()] == [doc.id] and bank.problems == []
    assert crashed.exists()  # recent, and nobody holds the lock: it might be a save in progress elsewhere
    old = time.time() - files.STALE_PARTIAL_SECONDS - 5
    os.utime(crashed, (old, old))
    bank.list()
    assert not crashed.exists()
    crashed.write_text("title: moitié d'un docu")
    bank.save(bank.get(doc.id))  # holding the lock: no other save can be writing it
    assert not crashed.exists() and other.exists()


@pytest.mark.parametrize("killed_at", [1, 2])  # writing the previous revision, writing the document
def test_a_crash_while_saving_leaves_no_lock_and_the_temp_file_is_swept(tmp_path, make_scenario, killed_at):
    """A real `kill -9` in the middle of a save: the next save runs at once and cleans up."""
    from scenario_lib.bank import Bank

    bank = Bank(tmp_path / "banque")
    doc = bank.save(make_scenario())
    script = """
import os, signal, sys
from pathlib import Path
from scenario_lib.bank import Bank
import scenario_lib.files as f
bank = Bank(sys.argv[1])
doc = bank.get(sys.argv[2])
calls, replace = [], f.os.replace
def die(*args):
    calls.append(args)
    if len(calls) == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)  # after writing the temp file, before the rename
    replace(*args)
f.os.replace = die
bank.save(doc)
"""
    proc = subprocess.run([sys.executable, "-c", script, str(bank.folder), doc.id, str(killed_at)], timeout=60)
    assert proc.returncode == -signal.SIGKILL

    def everywhere():
        return [p.name for p in bank.folder.rglob(f"*{PARTIAL_MARK}*")]

    assert everywhere()
    start = time.monotonic()
    saved = bank.save(bank.get(doc.id))
    assert time.monotonic() - start < 2 and saved.revision == 2
    assert everywhere() == [] and [e.id for e in bank.list()] == [doc.id]


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
    with pytest.raises(BankFileError, match=r"protégé en écriture \? Rien n.a été modifié"), folder_lock(tmp_path):
        pass
