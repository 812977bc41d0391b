"""`scenario-lib referentiel`: tree, search, list, Moodle export/import, by name or folder, French errors."""

import csv
import shutil
from functools import partial
from pathlib import Path

import pytest

from scenario_lib.cli import main
from scenario_lib.referential import load_referential

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OWN = FIXTURES / "referentiels" / "cap-essai-vente"
MOODLE = FIXTURES / "moodle" / "cadre_multiniveau.csv"


@pytest.fixture
def run(cli):
    return partial(cli, "referentiel")


def test_tree_of_default_referential(run):
    code, out, err = run()
    assert code == 0 and err == ""
    ref = load_referential("bacpro-mcv-b")
    assert out.splitlines()[0] == ref.title
    for block in ref.teaching_blocks:
        assert block.label in out
    for comp in ref.competences:
        assert f"  {comp.code}  {comp.title}" in out
    assert "Bloc 4A" not in out
    assert "1.1.1" not in out  # sub-competences only on request


def test_tree_with_sub_competences(run):
    code, out, _ = run("--sous-competences")
    assert code == 0
    ref = load_referential("bacpro-mcv-b")
    subs = [s for c in ref.competences for s in c.sub_competences]
    assert all(f"{s.code}  " in out for s in subs)
    assert max(len(line) for line in out.splitlines() if line.startswith("      ")) <= 100  # wrapped


def test_titre_pro_by_name(run):
    code, out, _ = run("--referentiel", "tp-conseiller-commercial")
    assert code == 0
    assert "TP-00115" in out and "CP8" in out and "1.1 " not in out


def test_referential_by_folder(run, tmp_path):
    folder = shutil.copytree(OWN, tmp_path / "mon-ref")
    code, out, _ = run("--referentiel", str(folder))
    assert code == 0
    assert "N1.1  Conduire une négociation commerciale" in out


def test_search_without_accents(run):
    code, out, _ = run("--referentiel", str(OWN), "--chercher", "NEGOCIATION")
    assert code == 0
    assert "[compétence] N1.1  Conduire une négociation commerciale" in out
    assert "[sous-compétence] N1.1.1" in out
    assert "2 résultat(s)." in out


def test_search_with_no_hit(run):
    code, out, _ = run("--chercher", "zzzqqq")
    assert code == 0 and "Aucun résultat pour « zzzqqq »." in out


def test_list(run, tmp_path, monkeypatch):
    shutil.copytree(OWN, tmp_path / "cap-essai-vente")
    monkeypatch.setenv("SPIRALE_REFERENTIELS", str(tmp_path))
    code, out, _ = run("--liste")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "RNCP32259" in lines["bacpro-mcv-b"] and "TP-00115" in lines["tp-conseiller-commercial"]
    assert "CAP essai vente (ESSAI-001)" in lines["cap-essai-vente"]


def test_list_reports_a_broken_folder_and_keeps_going(run, tmp_path, monkeypatch):
    folder = shutil.copytree(OWN, tmp_path / "casse")
    (folder / "blocs.csv").write_bytes(b"\x00\x01")
    monkeypatch.setenv("SPIRALE_REFERENTIELS", str(tmp_path))
    code, out, _ = run("--liste")
    assert code == 1
    assert "bacpro-mcv-b" in out and "casse" in out and "fichier binaire" in out


def test_export_then_import_moodle(run, tmp_path):
    target = tmp_path / "mcv-moodle.csv"
    code, out, _ = run("--exporter-moodle", str(target))
    assert code == 0
    with open(target, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert f"{len(rows) - 1} lignes écrites" in out
    code, out, _ = run("--importer-moodle", str(target))
    assert code == 0
    assert "RNCP32259" in out and "4B.5.1" in out


def test_export_titre_pro_by_name(run, tmp_path):
    target = tmp_path / "tp.csv"
    code, _, _ = run("--referentiel", "tp-conseiller-commercial", "--exporter-moodle", str(target))
    assert code == 0
    with open(target, encoding="utf-8", newline="") as handle:
        ids = [row[1] for row in csv.reader(handle)]
    assert ids[1] == "TP-00115" and "AT2" in ids and "CP8" in ids


def test_import_hand_made_moodle_file(run):
    code, out, _ = run("--importer-moodle", str(MOODLE))
    assert code == 0
    assert "Vente conseil (essai)" not in out.splitlines()[0]  # first line is the full title
    assert "  B1.C1  Accueillir le client" in out and "B1.C2.S1  Reformuler le besoin" in out


def test_unknown_referential_is_a_french_error(run):
    code, out, err = run("--referentiel", "bts-inconnu")
    assert code == 1 and out == ""
    assert err.startswith("Erreur : référentiel « bts-inconnu » introuvable")
    assert "Traceback" not in err


def test_broken_moodle_file_is_a_french_error(run, tmp_path):
    bad = tmp_path / "mauvais.csv"
    bad.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    code, _, err = run("--importer-moodle", str(bad))
    assert code == 1
    assert "fichier « mauvais.csv », ligne 1" in err and "14 colonnes" in err


def test_export_into_missing_folder_writes_nothing(run, tmp_path):
    code, _, err = run("--exporter-moodle", str(tmp_path / "absent" / "x.csv"))
    assert code == 1 and "introuvable" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["--help"]])
def test_help_is_french(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(["referentiel", *argv])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "--exporter-moodle" in out and "chercher sans tenir compte des accents" in out


def test_import_of_a_deep_moodle_framework_shows_its_tree_and_the_mapping(capsys):
    deep = Path(__file__).resolve().parents[1] / "fixtures" / "moodle" / "cadre_profond.csv"
    assert main(["referentiel", "--importer-moodle", str(deep)]) == 0
    out = capsys.readouterr().out
    assert "4 niveaux sous le cadre" in out
    assert "\n      VE-EC-1  Reformule la demande.  [liée à : niveau-1, niveau-2]" in out
    assert "niveaux 3 et plus → sous-compétences" in out
