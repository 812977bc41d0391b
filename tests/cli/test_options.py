"""Shared options: one spelling and one meaning each; the old `--annee` still works, hidden from the help."""

import json

import pytest

from scenario_lib.bank import Bank
from scenario_lib.cli import COMMANDS, build_parser


@pytest.mark.parametrize("command", list(COMMANDS))
def test_help_never_shows_the_ambiguous_annee(command):
    text = build_parser(command).format_help()
    assert "--annee " not in text and "--annee\n" not in text and "--annee," not in text


@pytest.mark.parametrize(
    "command", ["atelier", "banque", "cointervention", "exporter", "lot", "pfmp", "progression", "projet"]
)
def test_banque_means_the_same_folder_everywhere(command):
    text = " ".join(build_parser(command).format_help().split())
    assert "--banque DOSSIER dossier de la banque (défaut : $SPIRALE_BANQUE" in text


def test_school_year_new_and_old_spelling(cli, sample_bank):
    new = cli(
        "cointervention",
        "ex-1re-phoning-assurance",
        "--discipline",
        "francais",
        "--banque",
        sample_bank,
        "--annee-scolaire",
        "2026-2027",
        "--json",
    )
    old = cli(
        "cointervention",
        "ex-1re-phoning-assurance",
        "--discipline",
        "francais",
        "--banque",
        sample_bank,
        "--annee",
        "2026-2027",
        "--json",
    )
    assert new[0] == old[0] == 0
    assert json.loads(new[1])["school_year"] == json.loads(old[1])["school_year"] == "2026-2027"
    code, out, _ = cli("projet", "--banque", sample_bank, "--annee-scolaire", "2026-2027", "--json")
    assert code == 0 and "2026-2027" in out and "2025-2026" not in out


def test_level_of_a_placement_new_and_old_spelling(cli, sample_bank):
    code, out, _ = cli("progression", "--banque", sample_bank, "creer", "--classe", "2nde B")
    prog_id = out.strip().rsplit(" ", 1)[-1]
    scenarios = Bank(sample_bank).list(doc_type="scenario", level="premiere")
    for option, scenario in (("--niveau", scenarios[0]), ("--annee", scenarios[1])):
        code, out, err = cli(
            "progression", "placer", prog_id, scenario.id, option, "premiere", "--semaine", "2", "--banque", sample_bank
        )
        assert code == 0, err
        assert "placée en Première, semaine 2" in out
    assert len(Bank(sample_bank).get(prog_id).placements) == 2


def test_a_missing_level_is_asked_in_french(cli, sample_bank):
    code, out, _ = cli("progression", "--banque", sample_bank, "creer", "--classe", "2nde B")
    prog_id = out.strip().rsplit(" ", 1)[-1]
    scenario = Bank(sample_bank).list(doc_type="scenario")[0]
    code, _, err = cli("progression", "--banque", sample_bank, "placer", prog_id, scenario.id, "--semaine", "2")
    assert code == 1 and "--niveau seconde, premiere" in err


def test_export_formats_are_those_of_the_document_type():
    text = build_parser("progression")._subparsers._group_actions[0].choices["exporter"].format_help()
    assert "xlsx" in text and "défaut : xlsx" in " ".join(text.split())
