"""`scenario-lib projet`: two-year plan from scenarios of a copied sample bank, JSON, saving, French errors."""

import json
from functools import partial

import pytest

from scenario_lib.bank import Bank

SCENARIOS = ["ex-1re-phoning-assurance", "ex-tle-salon-habitat"]


@pytest.fixture
def run(cli):
    return partial(cli, "projet")


def test_json_plan_uses_the_scenarios(run, sample_bank):
    code, out, _ = run(*SCENARIOS, "--banque", sample_bank, "--annee", "2025-2026", "--json")
    plan = json.loads(out)
    assert code == 0 and plan["doc_type"] == "projet" and plan["scenario_ids"] == SCENARIOS
    scenarios = [Bank(sample_bank).get(i) for i in SCENARIOS]
    assert set(plan["competences"]) == {c for s in scenarios for c in s.competences}
    assert [y["school_year"] for y in plan["years"]] == ["2025-2026", "2026-2027"]
    assert Bank(sample_bank).list(doc_type="projet") == []


def test_text_output_and_options(run, sample_bank):
    code, out, _ = run(
        SCENARIOS[0],
        "--banque",
        sample_bank,
        "--annee",
        "2025-2026",
        "--theme",
        "Une boutique éphémère pour la mutuelle",
        "--modalite",
        "individuel",
    )
    assert code == 0 and "Une boutique éphémère pour la mutuelle" in out
    lines = out.splitlines()
    assert lines[0].startswith("Première 2025-2026") and lines[1].startswith("Terminale 2026-2027")
    assert "PFMP semaines" in lines[0] and "Oral final" in out
    code, out, _ = run("--banque", sample_bank, "--annee", "2025-2026", "--modalite", "individuel", "--json")
    assert code == 0 and json.loads(out)["kind"] == "individuel"


def test_enregistrer_saves_in_the_bank(run, sample_bank):
    code, out, _ = run(*SCENARIOS, "--banque", sample_bank, "--annee", "2025-2026", "--enregistrer")
    saved = Bank(sample_bank).list(doc_type="projet")
    assert code == 0 and len(saved) == 1 and f"Enregistré dans la banque (identifiant {saved[0].id})." in out
    assert Bank(sample_bank).get(saved[0].id).scenario_ids == tuple(SCENARIOS)


def test_unknown_scenario_or_rule_set(run, sample_bank):
    code, out, err = run("inconnu-3", "--banque", sample_bank)
    assert code == 1 and out == "" and "Erreur : aucun document d'identifiant « inconnu-3 »" in err
    code, _, err = run("--banque", sample_bank, "--regles", "regles-inventees")
    assert code == 1 and "regles-inventees" in err and "Erreur : " in err
    assert Bank(sample_bank).list(doc_type="projet") == []
