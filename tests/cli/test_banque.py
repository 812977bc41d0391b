"""`scenario-lib banque`: every action on a real bank folder, French output, JSON for programs."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scenario_lib.bank import Bank, ConflictError, sample_bank_dir
from scenario_lib.cli import main


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "banque"
    shutil.copytree(sample_bank_dir(), target)
    return target


def run(capsys, *args):
    code = main(["banque", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_liste_with_filters_and_json(folder, capsys):
    code, out, _ = run(capsys, "--banque", folder, "liste")
    assert code == 0 and "ex-2nde-accueil-fromagerie" in out and "document(s)." in out
    code, out, _ = run(capsys, "liste", "--banque", folder, "--niveau", "terminale", "--bloc", "2", "--json")
    rows = json.loads(out)
    expected = [e.id for e in Bank(folder).list(level="terminale", block="2")]
    assert code == 0 and [r["id"] for r in rows] == expected and expected
    assert all(r["level"] == "terminale" and "2" in r["blocks"] for r in rows)
    code, out, _ = run(capsys, "--banque", folder, "--json", "liste", "--texte", "RECLAMATION", "--auteur", "haddad")
    assert {r["id"] for r in json.loads(out)} == {"ex-2nde-reclamation-velo"}
    code, out, _ = run(capsys, "--banque", folder, "liste", "--competence", "9.9")
    assert out.strip() == "Aucun résultat."


def test_montrer(folder, capsys):
    code, out, _ = run(capsys, "--banque", folder, "montrer", "ex-1re-phoning-assurance")
    assert code == 0 and "Scénario — révision 1" in out and "Mutuelle Solidaire de l'Ouest" in out
    code, out, _ = run(capsys, "--banque", folder, "--json", "montrer", "ex-1re-phoning-assurance")
    assert json.loads(out)["context"]["name"] == "Mutuelle Solidaire de l'Ouest"
    code, _, err = run(capsys, "--banque", folder, "montrer", "inconnu-42")
    assert code == 1 and "Erreur : aucun document d'identifiant « inconnu-42 »" in err


def test_exporter_importer_round_trip_and_collision(folder, tmp_path, capsys):
    archive = tmp_path / "partage.zip"
    ids = ["ex-tle-salon-habitat", "ex-2nde-reclamation-velo"]
    code, out, _ = run(capsys, "--banque", folder, "exporter", archive, *ids)
    assert code == 0 and "2 document(s) exporté(s)" in out
    other = tmp_path / "autre"
    code, out, _ = run(capsys, "--banque", other, "importer", archive)
    assert code == 0 and "2 ajouté(s)" in out
    doc = Bank(other).get("ex-tle-salon-habitat")
    doc.mission = "Mission modifiée dans l'autre lycée."
    Bank(other).save(doc)
    code, _, err = run(capsys, "--banque", other, "importer", archive)
    assert code == 1 and "Rien n'a été importé" in err and "ex-tle-salon-habitat" in err
    code, out, _ = run(capsys, "--banque", other, "importer", archive, "--si-conflit", "copie")
    assert code == 0 and "1 importé(s) comme copie" in out and "1 déjà présent(s)" in out


def test_supprimer_restaurer(folder, capsys):
    code, out, _ = run(capsys, "--banque", folder, "supprimer", "ex-tle-lancement-cosmetique")
    assert code == 0 and "corbeille" in out
    assert "ex-tle-lancement-cosmetique" not in Bank(folder)
    code, out, _ = run(capsys, "--banque", folder, "restaurer", "ex-tle-lancement-cosmetique")
    assert code == 0 and "restauré" in out and "ex-tle-lancement-cosmetique" in Bank(folder)


def test_problemes_exit_code_and_json(folder, capsys):
    code, out, _ = run(capsys, "--banque", folder, "problemes")
    assert code == 0 and "Aucun problème" in out
    (folder / "a-la-main.yaml").write_text(yaml.safe_dump({"doc_type": "scenario", "title": "Sans le reste"}),
                                           encoding="utf-8")
    code, out, _ = run(capsys, "--banque", folder, "problemes")
    assert code == 1 and "fichier « a-la-main.yaml », champ « mission » : champ obligatoire manquant" in out
    code, out, _ = run(capsys, "--banque", folder, "problemes", "--json")
    assert {"file": "a-la-main.yaml", "field": "niveau", "reason": "champ obligatoire manquant"} in json.loads(out)
    _, _, err = run(capsys, "--banque", folder, "liste")
    assert "problème(s)" in err


def test_historique_et_conflits(folder, capsys):
    bank = Bank(folder)
    doc = bank.get("ex-2nde-accueil-fromagerie")
    stale = doc.model_copy(deep=True)
    doc.notes = "Version de la collègue."
    bank.save(doc)
    stale.notes = "Ma version."
    with pytest.raises(ConflictError):
        bank.save(stale)
    code, out, _ = run(capsys, "--banque", folder, "historique", "ex-2nde-accueil-fromagerie")
    assert code == 0 and "r2" in out and "r1" in out
    code, out, _ = run(capsys, "--banque", folder, "conflits", "ex-2nde-accueil-fromagerie")
    assert code == 0 and "notes : « Version de la collègue. » → « Ma version. »" in out


def test_default_bank_is_seeded_and_entry_point_works(tmp_path):
    env = {**os.environ, "SPIRALE_BANQUE": str(tmp_path / "perso"), "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "scenario_lib", "banque", "liste", "--niveau", "seconde", "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) >= 3
    assert sorted(p.name for p in (tmp_path / "perso").glob("*.yaml")) == sorted(
        p.name for p in Path(sample_bank_dir()).glob("*.yaml"))
