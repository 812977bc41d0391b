"""`scenario-lib cointervention`: plan from a scenario of a copied sample bank, JSON, saving, French errors."""

import json
from functools import partial

import pytest

from scenario_lib.bank import Bank
from scenario_lib.cli import main
from scenario_lib.typography import typeset

SCENARIO = "ex-1re-phoning-assurance"


@pytest.fixture
def run(cli):
    return partial(cli, "cointervention")


@pytest.mark.parametrize("discipline", ["francais", "mathematiques"])
def test_json_plan_parses_and_follows_the_scenario(run, sample_bank, discipline):
    code, out, _ = run(SCENARIO, "--discipline", discipline, "--banque", sample_bank, "--annee", "2025-2026", "--json")
    plan = json.loads(out)
    assert code == 0 and plan["doc_type"] == "cointervention"
    assert plan["discipline"] == discipline and plan["scenario_id"] == SCENARIO and plan["school_year"] == "2025-2026"
    assert plan["phases"] and all(p["minutes"] > 0 for p in plan["phases"])
    assert Bank(sample_bank).list(doc_type="cointervention") == []  # nothing saved without --enregistrer


def test_text_output_lists_phases_and_hours(run, sample_bank):
    code, out, _ = run(SCENARIO, "--discipline", "francais", "--banque", sample_bank, "--annee", "2025-2026")
    title = typeset(Bank(sample_bank).get(SCENARIO).title)  # Spirale's output is typeset
    assert code == 0 and title in out and "1. " in out and "enseignant de français" in out
    assert "Première (2025-2026)" in out and "aucune autre séance dans la banque" in out


def test_enregistrer_saves_and_counts_in_the_next_check(run, sample_bank):
    code, out, _ = run(
        SCENARIO, "--discipline", "francais", "--banque", sample_bank, "--annee", "2025-2026", "--enregistrer"
    )
    saved = Bank(sample_bank).list(doc_type="cointervention")
    assert code == 0 and len(saved) == 1 and f"Enregistré dans la banque (identifiant {saved[0].id})." in out
    assert Bank(sample_bank).get(saved[0].id).scenario_id == SCENARIO
    code, out, _ = run(SCENARIO, "--discipline", "francais", "--banque", sample_bank, "--annee", "2025-2026")
    assert "la séance déjà dans la banque" in out
    code, out, _ = run(SCENARIO, "--discipline", "francais", "--banque", sample_bank, "--annee", "2026-2027")
    assert "aucune autre séance dans la banque" in out  # another school year starts from zero


def test_unknown_scenario_or_discipline(capsys, sample_bank, run):
    code, out, err = run("inconnu-9", "--discipline", "francais", "--banque", sample_bank)
    assert code == 1 and out == "" and "Erreur : aucun document d'identifiant « inconnu-9 »" in err
    with pytest.raises(SystemExit) as exit_:
        main(["cointervention", SCENARIO, "--discipline", "anglais", "--banque", str(sample_bank)])
    assert exit_.value.code == 2 and "anglais" in capsys.readouterr().err


def test_a_plan_is_not_a_scenario(run, sample_bank):
    run(SCENARIO, "--discipline", "francais", "--banque", sample_bank, "--enregistrer")
    plan_id = Bank(sample_bank).list(doc_type="cointervention")[0].id
    code, _, err = run(plan_id, "--discipline", "francais", "--banque", sample_bank)
    assert code == 1 and f"« {plan_id} » est un document de type « Plan de co-intervention », pas un scénario" in err


def test_tache_chooses_the_task_of_the_situation(run, sample_bank):
    tasks = Bank(sample_bank).get(SCENARIO).tasks
    code, out, _ = run(
        SCENARIO,
        "--discipline",
        "mathematiques",
        "--banque",
        sample_bank,
        "--annee",
        "2025-2026",
        "--tache",
        "4",
        "--json",
    )
    plan = json.loads(out)
    assert code == 0 and plan["task"] == f"4. {tasks[3].title}" and plan["task_choice"] == "choisie par l'équipe"
    assert plan["rap_task"] == tasks[3].rap_task
    code, out, _ = run(SCENARIO, "--discipline", "mathematiques", "--banque", sample_bank, "--annee", "2025-2026")
    assert code == 0 and "Tâche travaillée : 1. " in out and "choix automatique" in out
    assert "Capacités de mathématiques en Première :" in out and "à compléter par l'équipe" in out
    code, out, err = run(SCENARIO, "--discipline", "francais", "--banque", sample_bank, "--tache", "42")
    assert code == 1 and out == "" and "tâche n° 42 inconnue" in err and f"1. {tasks[0].title}" in err
