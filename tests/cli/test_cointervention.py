"""`scenario-lib cointervention`: plan from a scenario of a copied sample bank, JSON, saving, French errors."""

import json
import shutil

import pytest

from scenario_lib.bank import Bank, sample_bank_dir
from scenario_lib.cli import main

SCENARIO = "ex-1re-phoning-assurance"


@pytest.fixture
def bank(tmp_path):
    target = tmp_path / "banque"
    shutil.copytree(sample_bank_dir(), target)
    return target


def run(capsys, *args):
    code = main(["cointervention", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("discipline", ["francais", "mathematiques"])
def test_json_plan_parses_and_follows_the_scenario(capsys, bank, discipline):
    code, out, _ = run(capsys, SCENARIO, "--discipline", discipline, "--banque", bank, "--annee", "2025-2026",
                       "--json")
    plan = json.loads(out)
    assert code == 0 and plan["doc_type"] == "cointervention"
    assert plan["discipline"] == discipline and plan["scenario_id"] == SCENARIO and plan["school_year"] == "2025-2026"
    assert plan["phases"] and all(p["minutes"] > 0 for p in plan["phases"])
    assert Bank(bank).list(doc_type="cointervention") == []  # nothing saved without --enregistrer


def test_text_output_lists_phases_and_hours(capsys, bank):
    code, out, _ = run(capsys, SCENARIO, "--discipline", "francais", "--banque", bank, "--annee", "2025-2026")
    title = Bank(bank).get(SCENARIO).title
    assert code == 0 and title in out and "1. " in out and "enseignant de français" in out
    assert "Première (2025-2026)" in out and "0 séance(s) déjà dans la banque" in out


def test_enregistrer_saves_and_counts_in_the_next_check(capsys, bank):
    code, out, _ = run(capsys, SCENARIO, "--discipline", "francais", "--banque", bank, "--annee", "2025-2026",
                       "--enregistrer")
    saved = Bank(bank).list(doc_type="cointervention")
    assert code == 0 and len(saved) == 1 and f"identifiant : {saved[0].id} (enregistré dans la banque)" in out
    assert Bank(bank).get(saved[0].id).scenario_id == SCENARIO
    code, out, _ = run(capsys, SCENARIO, "--discipline", "francais", "--banque", bank, "--annee", "2025-2026")
    assert "1 séance(s) déjà dans la banque" in out
    code, out, _ = run(capsys, SCENARIO, "--discipline", "francais", "--banque", bank, "--annee", "2026-2027")
    assert "0 séance(s) déjà dans la banque" in out  # another school year starts from zero


def test_unknown_scenario_or_discipline(capsys, bank):
    code, out, err = run(capsys, "inconnu-9", "--discipline", "francais", "--banque", bank)
    assert code == 1 and out == "" and "Erreur : aucun document d'identifiant « inconnu-9 »" in err
    with pytest.raises(SystemExit) as exit_:
        main(["cointervention", SCENARIO, "--discipline", "anglais", "--banque", str(bank)])
    assert exit_.value.code == 2 and "anglais" in capsys.readouterr().err


def test_a_plan_is_not_a_scenario(capsys, bank):
    run(capsys, SCENARIO, "--discipline", "francais", "--banque", bank, "--enregistrer")
    plan_id = Bank(bank).list(doc_type="cointervention")[0].id
    code, _, err = run(capsys, plan_id, "--discipline", "francais", "--banque", bank)
    assert code == 1 and f"« {plan_id} » est un document de type « cointervention », pas un scénario" in err
