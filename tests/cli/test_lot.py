"""`scenario-lib lot` end to end: real papermill runs, exit codes, Ctrl-C then resume."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pypdf import PdfReader

from scenario_lib.bank import Bank
from scenario_lib.cli import main
from scenario_lib.scenario.model import parse_scenario


def make_bank(folder: Path, count: int) -> list[str]:
    bank = Bank(folder)
    return [bank.save(parse_scenario(dict(
        title=f"Prospection téléphonique {n}", level="terminale",
        context={"name": f"Cuisines Ouest {n}", "sector": "ameublement", "market": "B to B",
                 "channel": "à distance", "product": "cuisines équipées", "target": "artisans"},
        mission="Organiser et conduire une campagne de prospection téléphonique.",
        tasks=[{"title": "Préparer le fichier de prospects", "duration_hours": 2}],
        competences=["1.1"]))).id for n in range(count)]


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
    code = main(["lot", *ids, "introuvable-1", "--banque", str(banque), "--sortie", str(out), "--silencieux",
                 "--etablissement", "Lycée Camille Claudel", "--classe", "Tle MCV B"])
    assert code == 1
    assert "aucun document d'identifiant « introuvable-1 »" in capsys.readouterr().err
    for doc_id in ids:
        assert "Lycée Camille Claudel" in PdfReader(out / f"{doc_id}.pdf").pages[0].extract_text()
    assert {r["document"]: r["statut"] for r in report_rows(out)} == {ids[0]: "réussi", ids[1]: "réussi",
                                                                     "introuvable-1": "échec"}


def test_ctrl_c_leaves_no_half_pdf_and_the_batch_resumes(tmp_path):
    banque = tmp_path / "banque"
    ids = make_bank(banque, 25)  # one chunk of 25: seconds between the first PDF and the last
    out = tmp_path / "rendus"
    command = [sys.executable, "-m", "scenario_lib", "lot", "--niveau", "terminale", "--banque", str(banque),
               "--sortie", str(out), "--travailleurs", "1", "--silencieux"]
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
    assert main(["lot", "--tout", "--dask", "local", "--travailleurs", "2", "--banque", str(tmp_path / "banque"),
                 "--sortie", str(out)]) == 0
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
