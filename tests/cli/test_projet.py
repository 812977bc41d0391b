"""`scenario-lib projet`: two-year plan from scenarios of a copied sample bank, JSON, saving, French errors."""

import json
import shutil

import pytest

from scenario_lib.bank import Bank, sample_bank_dir
from scenario_lib.cli import main

SCENARIOS = ["ex-1re-phoning-assurance", "ex-tle-salon-habitat"]


@pytest.fixture
def bank(tmp_path):
    target = tmp_path / "banque"
    shutil.copytree(sample_bank_dir(), target)
    return target


def run(capsys, *args):
    code = main(["projet", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_plan_uses_the_scenarios(capsys, bank):
    code, out, _ = run(capsys, *SCENARIOS, "--banque", bank, "--annee", "2025-2026", "--json")
    plan = json.loads(out)
    assert code == 0 and plan["doc_type"] == "projet" and plan["scenario_ids"] == SCENARIOS
    scenarios = [Bank(bank).get(i) for i in SCENARIOS]
    assert set(plan["competences"]) == {c for s in scenarios for c in s.competences}
    assert [y["school_year"] for y in plan["years"]] == ["2025-2026", "2026-2027"]
    assert Bank(bank).list(doc_type="projet") == []


def test_text_output_and_options(capsys, bank):
    code, out, _ = run(capsys, SCENARIOS[0], "--banque", bank, "--annee", "2025-2026", "--theme",
                       "Une boutique éphémère pour la mutuelle", "--modalite", "individuel")
    assert code == 0 and "Une boutique éphémère pour la mutuelle" in out
    lines = out.splitlines()
    assert lines[0].startswith("Première 2025-2026") and lines[1].startswith("Terminale 2026-2027")
    assert "PFMP semaines" in lines[0] and "Oral final" in out
    code, out, _ = run(capsys, "--banque", bank, "--annee", "2025-2026", "--modalite", "individuel", "--json")
    assert code == 0 and json.loads(out)["kind"] == "individuel"


def test_enregistrer_saves_in_the_bank(capsys, bank):
    code, out, _ = run(capsys, *SCENARIOS, "--banque", bank, "--annee", "2025-2026", "--enregistrer")
    saved = Bank(bank).list(doc_type="projet")
    assert code == 0 and len(saved) == 1 and f"identifiant : {saved[0].id} (enregistré dans la banque)" in out
    assert Bank(bank).get(saved[0].id).scenario_ids == SCENARIOS


def test_unknown_scenario_or_rule_set(capsys, bank):
    code, out, err = run(capsys, "inconnu-3", "--banque", bank)
    assert code == 1 and out == "" and "Erreur : aucun document d'identifiant « inconnu-3 »" in err
    code, _, err = run(capsys, "--banque", bank, "--regles", "regles-inventees")
    assert code == 1 and "regles-inventees" in err and "Erreur : " in err
    assert Bank(bank).list(doc_type="projet") == []
