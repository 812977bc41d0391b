"""`scenario-lib lot` end to end: real papermill runs, exit codes, Ctrl-C then resume."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from scenario_lib.bank import Bank
from scenario_lib.batch.job import DEFAULT_NOTEBOOK
from scenario_lib.cli import main
from scenario_lib.scenario.model import parse_scenario


def make_bank(folder: Path, count: int) -> list[str]:
    bank = Bank(folder)
    return [
        bank.save(
            parse_scenario(
                dict(
                    title=f"Prospection téléphonique {n}",
                    level="terminale",
                    context={
                        "name": f"Cuisines Ouest {n}",
                        "sector": "ameublement",
                        "market": "B to B",
                        "channel": "à distance",
                        "product": "cuisines équipées",
                        "target": "artisans",
                    },
                    mission="Organiser et conduire une campagne de prospection téléphonique.",
                    tasks=[{"title": "Préparer le fichier de prospects", "duration_hours": 2}],
                    competences=["1.1"],
                )
            )
        ).id
        for n in range(count)
    ]


def report_rows(out: Path) -> list[dict]:
    with open(out / "rapport.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_selection_is_required(tmp_path, capsys):
    assert main(["lot", "--sortie", str(tmp_path)]) == 1
    assert "indiquez quoi rendre" in capsys.readouterr().err
    assert main(["lot", "--tout", "--niveau", "terminale", "--sortie", str(tmp_path)]) == 1
    assert main(["lot", "abc123", "--format", "gif", "--banque", str(tmp_path), "--sortie", str(tmp_path)]) == 1
    assert "format d'export inconnu" in capsys.readouterr().err


def test_failed_document_gives_non_zero_exit_and_french_reason(tmp_path, capsys):
    banque = tmp_path / "banque"
    ids = make_bank(banque, 2)
    out = tmp_path / "rendus"
    code = main(
        [
            "lot",
            *ids,
            "introuvable-1",
            "--banque",
            str(banque),
            "--sortie",
            str(out),
            "--silencieux",
            "--etablissement",
            "Lycée Camille Claudel",
            "--classe",
            "Tle MCV B",
        ]
    )
    assert code == 1
    assert "aucun document d'identifiant « introuvable-1 »" in capsys.readouterr().err
    for doc_id in ids:
        assert "Lycée Camille Claudel" in PdfReader(out / f"{doc_id}.pdf").pages[0].extract_text()
    assert {r["document"]: r["statut"] for r in report_rows(out)} == {
        ids[0]: "réussi",
        ids[1]: "réussi",
        "introuvable-1": "échec",
    }


def test_ctrl_c_leaves_no_half_pdf_and_the_batch_resumes(tmp_path):
    banque = tmp_path / "banque"
    ids = make_bank(banque, 25)  # one chunk of 25: seconds between the first PDF and the last
    out = tmp_path / "rendus"
    command = [
        sys.executable,
        "-m",
        "scenario_lib",
        "lot",
        "--niveau",
        "terminale",
        "--banque",
        str(banque),
        "--sortie",
        str(out),
        "--travailleurs",
        "1",
        "--silencieux",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120

    def finished():  # a render in progress is a hidden `.x.partiel.….pdf` beside them
        return sorted(p for p in out.glob("*.pdf") if not p.name.startswith("."))

    while not finished() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)

    assert process.returncode == 130, err
    done = finished()
    assert 1 <= len(done) < len(ids)
    for pdf in done:
        assert len(PdfReader(pdf).pages) >= 1  # every PDF under a final name is complete
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".diagnostic"]
    rows = report_rows(out)
    assert {r["document"] for r in rows if r["statut"] == "réussi"} == {p.stem for p in done}
    assert any(r["statut"] == "interrompu" and "relancez" in r["erreur"] for r in rows)

    assert main(command[3:]) == 0  # same command again: resumes
    rows = {r["document"]: r["statut"] for r in report_rows(out)}
    assert rows == {i: ("à jour" if out / f"{i}.pdf" in done else "réussi") for i in ids}
    assert os.path.exists(out / "rapport.html")


def test_dask_local_cluster_from_the_command_line(tmp_path, capsys):
    """`--dask local`: the product's own LocalCluster (worker processes), as an académie would start it."""
    ids = make_bank(tmp_path / "banque", 2)
    out = tmp_path / "pdf"
    assert (
        main(
            [
                "lot",
                "--tout",
                "--dask",
                "local",
                "--travailleurs",
                "2",
                "--banque",
                str(tmp_path / "banque"),
                "--sortie",
                str(out),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(f"{i}.pdf" for i in ids)
    assert {r["statut"] for r in report_rows(out)} == {"réussi"}


def test_nothing_rendered_is_an_error_not_a_silent_success(tmp_path, capsys):
    make_bank(tmp_path / "banque", 1)
    bank = str(tmp_path / "banque")
    assert main(["lot", "--niveau", "quatrieme", "--banque", bank, "--sortie", str(tmp_path / "o")]) == 1
    assert "niveau « quatrieme » inconnu" in capsys.readouterr().err
    assert main(["lot", "--niveau", "seconde", "--banque", bank, "--sortie", str(tmp_path / "o")]) == 1
    assert "rien à rendre : aucun document de niveau « seconde »" in capsys.readouterr().err
    assert main(["lot", "--tout", "--banque", str(tmp_path / "bnaque"), "--sortie", str(tmp_path / "o")]) == 1
    assert "dossier de banque introuvable" in capsys.readouterr().err and not (tmp_path / "bnaque").exists()
    (tmp_path / "fichier").write_text("x")
    assert main(["lot", "--tout", "--banque", bank, "--sortie", str(tmp_path / "fichier" / "pdf")]) == 1
    assert "dossier de sortie" in capsys.readouterr().err


def lot(*args: str, cwd: Path | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    """`scenario-lib lot` as a teacher runs it, in its own process (and working directory)."""
    return subprocess.run(
        [sys.executable, "-m", "scenario_lib", "lot", *args, "--silencieux"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_relative_bank_from_another_folder_and_too_many_workers(tmp_path):
    """`--banque banque1` relative to where the teacher stands; workers and kernels must not re-join it."""
    ids = make_bank(tmp_path / "banque1", 3)
    done = lot("--tout", "--banque", "banque1", "--sortie", "rendus", "--travailleurs", "1000", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"--travailleurs 1000 ramené à {os.cpu_count()}" in done.stderr
    assert {r["document"]: r["statut"] for r in report_rows(tmp_path / "rendus")} == dict.fromkeys(ids, "réussi")
    for doc_id in ids:
        assert len(PdfReader(tmp_path / "rendus" / f"{doc_id}.pdf").pages) >= 1


# A teacher's notebook copy whose kernel blocks on one document, after saying which worker runs it.
SLOW_ONE = """
import os, time
from scenario_lib.batch import kernel as _kernel
_load = _kernel.load_document
def _slow_first(bank, item):
    try:
        fd = os.open({lock!r}, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # the first document of the batch only
    except FileExistsError:
        return _load(bank, item)
    os.write(fd, str(os.getppid()).encode())  # the kernel's parent is the pool worker
    os.close(fd)
    time.sleep(120)
_kernel.load_document = _slow_first
"""


def notebook_copy(folder: Path, render_cell_prefix: str) -> Path:
    """A teacher's customised copy of the rendering notebook, with code added before the render call."""
    nb = json.loads(DEFAULT_NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "render_documents(" in "".join(cell["source"]) and "records =" in "".join(cell["source"]):
            cell["source"] = render_cell_prefix + "\n" + "".join(cell["source"])
    path = folder / "ma-copie.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


def test_worker_killed_mid_batch_fails_its_document_only_and_the_report_is_complete(tmp_path):
    ids = make_bank(tmp_path / "banque", 4)
    lock = tmp_path / "travailleur.pid"
    notebook = notebook_copy(tmp_path, render_cell_prefix=SLOW_ONE.format(lock=str(lock)))
    out = tmp_path / "rendus"
    # Two workers, two chunks of two: one chunk blocks on its first document, the other renders both of its own.
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scenario_lib",
            "lot",
            "--tout",
            "--banque",
            str(tmp_path / "banque"),
            "--sortie",
            str(out),
            "--travailleurs",
            "2",
            "--carnet",
            str(notebook),
            "--silencieux",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while (
        (not lock.is_file() or not lock.read_text() or len(list(out.glob("[!.]*.pdf"))) < 2)
        and time.monotonic() < deadline
        and process.poll() is None
    ):
        time.sleep(0.1)
    assert process.poll() is None, process.communicate()
    worker = int(lock.read_text())
    assert worker != process.pid
    os.kill(worker, signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=180)

    assert process.returncode == 1, stderr
    rows = {r["document"]: r for r in report_rows(out)}
    assert set(rows) == set(ids)  # every document is in the report
    failed = [doc for doc, row in rows.items() if row["statut"] == "échec"]
    assert len(failed) == 1 and "le processus de rendu s'est arrêté brutalement" in rows[failed[0]]["erreur"]
    for doc_id in set(ids) - set(failed):
        assert rows[doc_id]["statut"] == "réussi" and len(PdfReader(out / f"{doc_id}.pdf").pages) >= 1
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr + stdout
    assert f"échec « {failed[0]} » : le processus de rendu s'est arrêté brutalement" in stderr
    assert "1 en échec" in stdout and (out / "rapport.html").is_file()


@pytest.fixture
def full_disk(tmp_path):
    """A real small filesystem (tmpfs), then filled up: what a full USB key or share does to a batch."""
    mount = tmp_path / "cle-usb"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"ce test monte un petit système de fichiers (tmpfs) : impossible ici ({mounted.stderr!r})")
    filler = mount / "remplissage"
    try:
        with open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
    except OSError:
        pass
    yield mount, filler
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_gives_each_document_its_french_reason_and_no_traceback(tmp_path, full_disk):
    mount, filler = full_disk
    ids = make_bank(tmp_path / "banque", 3)
    out = mount / "rendus"
    out.mkdir()

    done = lot("--tout", "--banque", str(tmp_path / "banque"), "--sortie", str(out), "--travailleurs", "2")

    assert done.returncode == 1
    for doc_id in ids:
        assert f"échec « {doc_id} » : disque plein : « {out / doc_id}.pdf »" in done.stderr
    assert f"Erreur : rapport du lot non écrit dans « {out} » : disque plein : « {out / 'rapport.csv'} »" in done.stderr
    for english in ("Traceback", "No space left", "Errno", "OSError"):
        assert english not in done.stderr + done.stdout
    assert not [p.name for p in out.iterdir()]  # no half-written PDF or report, no temp file left behind

    filler.unlink()  # the teacher frees some space and runs the same command again
    done = lot("--tout", "--banque", str(tmp_path / "banque"), "--sortie", str(out), "--travailleurs", "2")
    assert done.returncode == 0, done.stderr
    assert {r["document"]: r["statut"] for r in report_rows(out)} == dict.fromkeys(ids, "réussi")
