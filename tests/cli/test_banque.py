"""`scenario-lib banque`: every action on a real bank folder, French output, JSON for programs."""

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
import yaml

from scenario_lib.bank import Bank, ConflictError, sample_bank_dir


@pytest.fixture
def run(cli):
    return partial(cli, "banque")


def test_liste_with_filters_and_json(sample_bank, run):
    code, out, _ = run("--banque", sample_bank, "liste")
    assert code == 0 and "ex-2nde-accueil-fromagerie" in out and "document(s)." in out
    code, out, _ = run("liste", "--banque", sample_bank, "--niveau", "terminale", "--bloc", "2", "--json")
    rows = json.loads(out)
    expected = [e.id for e in Bank(sample_bank).list(level="terminale", block="2")]
    assert code == 0 and [r["id"] for r in rows] == expected and expected
    assert all(r["level"] == "terminale" and "2" in r["blocks"] for r in rows)
    code, out, _ = run("--banque", sample_bank, "--json", "liste", "--texte", "RECLAMATION", "--auteur", "haddad")
    assert {r["id"] for r in json.loads(out)} == {"ex-2nde-reclamation-velo"}
    code, out, _ = run("--banque", sample_bank, "liste", "--competence", "9.9")
    assert out.strip() == "Aucun résultat."


def test_montrer(sample_bank, run):
    code, out, _ = run("--banque", sample_bank, "montrer", "ex-1re-phoning-assurance")
    assert code == 0 and "Scénario — révision 1" in out and "Mutuelle Solidaire de l'Ouest" in out
    code, out, _ = run("--banque", sample_bank, "--json", "montrer", "ex-1re-phoning-assurance")
    assert json.loads(out)["context"]["name"] == "Mutuelle Solidaire de l'Ouest"
    code, _, err = run("--banque", sample_bank, "montrer", "inconnu-42")
    assert code == 1 and "Erreur : aucun document d'identifiant « inconnu-42 »" in err


def test_exporter_importer_round_trip_and_collision(sample_bank, tmp_path, run):
    archive = tmp_path / "partage.zip"
    ids = ["ex-tle-salon-habitat", "ex-2nde-reclamation-velo"]
    code, out, _ = run("--banque", sample_bank, "exporter", archive, *ids)
    assert code == 0 and "2 document(s) exporté(s)" in out
    other = tmp_path / "autre"
    code, out, _ = run("--banque", other, "importer", archive)
    assert code == 0 and "2 ajouté(s)" in out
    doc = Bank(other).get("ex-tle-salon-habitat")
    doc = doc.model_copy(update={"mission": "Mission modifiée dans l'autre lycée."})
    Bank(other).save(doc)
    code, _, err = run("--banque", other, "importer", archive)
    assert code == 1 and "Rien n'a été importé" in err and "ex-tle-salon-habitat" in err
    code, out, _ = run("--banque", other, "importer", archive, "--si-conflit", "copie")
    assert code == 0 and "1 importé(s) comme copie" in out and "1 déjà présent(s)" in out


def test_supprimer_restaurer(sample_bank, run):
    code, out, _ = run("--banque", sample_bank, "supprimer", "ex-tle-lancement-cosmetique")
    assert code == 0 and "corbeille" in out
    assert "ex-tle-lancement-cosmetique" not in Bank(sample_bank)
    code, out, _ = run("--banque", sample_bank, "restaurer", "ex-tle-lancement-cosmetique")
    assert code == 0 and "restauré" in out and "ex-tle-lancement-cosmetique" in Bank(sample_bank)


def test_problemes_exit_code_and_json(sample_bank, run):
    code, out, _ = run("--banque", sample_bank, "problemes")
    assert code == 0 and "Aucun problème" in out
    (sample_bank / "a-la-main.yaml").write_text(
        yaml.safe_dump({"doc_type": "scenario", "title": "Sans le reste"}), encoding="utf-8"
    )
    code, out, _ = run("--banque", sample_bank, "problemes")
    assert (
        code == 1
        and "fichier «\u00a0a-la-main.yaml\u00a0», champ «\u00a0mission\u00a0»\u00a0: champ obligatoire manquant" in out
    )
    code, out, _ = run("--banque", sample_bank, "problemes", "--json")
    assert {"file": "a-la-main.yaml", "field": "niveau", "reason": "champ obligatoire manquant"} in json.loads(out)
    _, _, err = run("--banque", sample_bank, "liste")
    assert "problème(s)" in err


def test_historique_et_conflits(sample_bank, run):
    bank = Bank(sample_bank)
    doc = bank.get("ex-2nde-accueil-fromagerie")
    stale = doc.model_copy(deep=True)
    doc = doc.model_copy(update={"notes": "Version de la collègue."})
    bank.save(doc)
    stale = stale.model_copy(update={"notes": "Ma version."})
    with pytest.raises(ConflictError):
        bank.save(stale)
    code, out, _ = run("--banque", sample_bank, "historique", "ex-2nde-accueil-fromagerie")
    assert code == 0 and "r2" in out and "r1" in out
    code, out, _ = run("--banque", sample_bank, "conflits", "ex-2nde-accueil-fromagerie")
    assert code == 0 and "notes\u00a0: «\u00a0Version de la collègue.\u00a0» → «\u00a0Ma version.\u00a0»" in out


def test_default_bank_is_seeded_and_entry_point_works(tmp_path, run):
    env = {**os.environ, "SPIRALE_BANQUE": str(tmp_path / "perso"), "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "scenario_lib", "banque", "liste", "--niveau", "seconde", "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) >= 3
    assert sorted(p.name for p in (tmp_path / "perso").glob("*.yaml")) == sorted(
        p.name for p in Path(sample_bank_dir()).glob("*.yaml")
    )


# --- issue 14: hostile files in the bank ----------------------------------------------------------------

ESCAPES = ("\x1b", "\x9b", "\x00", "\x07")


def test_one_huge_integer_file_does_not_stop_any_command(sample_bank, tmp_path, run):
    (sample_bank / "piege.yaml").write_text("doc_type: scenario\nrevision: " + "9" * 5000 + "\n", encoding="utf-8")
    count = len(Bank(sample_bank).list())
    code, out, err = run("--banque", sample_bank, "liste")
    assert code == 0 and f"{count} document(s)." in out and "1 problème(s)" in err
    code, out, _ = run("--banque", sample_bank, "problemes")
    assert code == 1 and "piege.yaml" in out and "nombre trop long" in out
    code, out, _ = run("--banque", sample_bank, "exporter", tmp_path / "tout.zip")
    assert code == 0 and f"{count} document(s) exporté(s)" in out
    other = tmp_path / "autre"
    code, out, _ = run("--banque", other, "importer", tmp_path / "tout.zip")
    assert code == 0 and f"{count} ajouté(s)" in out


def test_escape_sequences_never_reach_the_terminal(sample_bank, tmp_path, run):
    doc_id = Bank(sample_bank).list()[0].id
    path = Bank(sample_bank).entry(doc_id).path
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(id="echap-1", title="Titre \x1b[31mrouge\x1b[0m", authors=["M. \x9b2J Efface"])
    (sample_bank / "echap.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (sample_bank / "nom-\x1b[31m.yaml").write_text("title: [\n", encoding="utf-8")
    for argv in (("liste",), ("problemes",), ("liste", "--json"), ("problemes", "--json")):
        code, out, err = run("--banque", sample_bank, *argv)
        assert not any(c in out + err for c in ESCAPES), argv
    code, out, _ = run("--banque", sample_bank, "problemes")
    assert "echap.yaml" in out and "U+001B" in out and "titre" in out
    code, out, _ = run("--banque", sample_bank, "problemes", "--json")
    assert any(p["file"] == "nom-\x1b[31m.yaml" for p in json.loads(out))  # the data itself is intact
    code, _, err = run("--banque", sample_bank, "montrer", "inconnu-\x1b[2J")
    assert code == 1 and "\x1b" not in err and "inconnu-" in err


def test_relative_banque_is_resolved_once_for_every_command(sample_bank, tmp_path, run, monkeypatch):
    from scenario_lib.cli import main

    monkeypatch.chdir(sample_bank.parent)
    seen = []
    real = Bank.__init__

    def spy(self, folder, *args, **kwargs):
        real(self, folder, *args, **kwargs)
        seen.append((str(folder), self.folder))

    monkeypatch.setattr(Bank, "__init__", spy)
    code, out, _ = run("--banque", sample_bank.name, "liste")
    assert code == 0 and "document(s)." in out
    assert seen and all(Path(given).is_absolute() and folder == sample_bank for given, folder in seen)
    assert main(["banque", "--banque", "banque-qui-n-existe-pas", "liste"]) == 1


def test_filters_accept_what_a_teacher_types_and_levels_are_words(sample_bank, run):
    code, out, _ = run("--banque", sample_bank, "liste", "--niveau", "première", "--bloc", "4b", "--type", "scénario")
    assert code == 0 and "ex-1re-phoning-assurance" in out and "Première" in out
    assert " premiere " not in out  # the level's word, not its code
