import re

import openpyxl
import pytest

from scenario_lib.bank import Bank
from scenario_lib.cli import main
from scenario_lib.planning.progression_samples import random_scenarios
from scenario_lib.referential import load_referential


def test_create_place_analyse_complete_export(tmp_path, capsys):
    bank_dir = tmp_path / "banque"
    bank = Bank(bank_dir)
    scenario = bank.save(random_scenarios(load_referential("bacpro-mcv-b"), 1, seed=9)[0])
    for other in random_scenarios(load_referential("bacpro-mcv-b"), 60, seed=11, n_competences=(3, 6)):
        bank.save(other)
    assert (
        main(
            ["progression", "--banque", str(bank_dir), "creer", "--classe", "2nde B", "--pfmp", "note-2025-automobile"]
        )
        == 0
    )
    prog_id = re.search(r"créée : (\S+)", capsys.readouterr().out).group(1)

    assert (
        main(
            [
                "progression",
                "placer",
                prog_id,
                scenario.id,
                "--annee",
                scenario.level,
                "--semaine",
                "3",
                "--banque",
                str(bank_dir),
            ]
        )
        == 0
    )
    assert main(["progression", "analyser", prog_id, "--banque", str(bank_dir)]) == 0
    out = capsys.readouterr().out
    assert f"{scenario.total_hours:g} h / " in out and "n'est travaillée dans aucune situation" in out
    assert "- [facultatif] Seconde : la compétence 4B." in out and "facultatif en Seconde (famille de métiers)" in out
    assert "- [à corriger] Seconde : la compétence 4B." not in out

    assert main(["progression", "completer", prog_id, "--graine", "1", "--banque", str(bank_dir)]) == 0
    assert "situation(s) à placer" in capsys.readouterr().out
    assert len(Bank(bank_dir).get(prog_id).placements) == 1, "sans --enregistrer rien n'est écrit"

    assert (
        main(
            ["progression", "completer", prog_id, "--graine", "1", "--enregistrer", "--oui", "--banque", str(bank_dir)]
        )
        == 0
    )
    assert "Enregistré" in capsys.readouterr().out
    assert main(["progression", "analyser", prog_id, "--banque", str(bank_dir)]) == 0
    assert "0 problème(s) à corriger" in capsys.readouterr().out

    assert (
        main(
            [
                "progression",
                "exporter",
                prog_id,
                "--format",
                "xlsx",
                "--sortie",
                str(tmp_path / "out"),
                "--banque",
                str(bank_dir),
            ]
        )
        == 0
    )
    written = re.search(r"Écrit : (.+)", capsys.readouterr().out).group(1).strip()
    assert "Couverture" in openpyxl.load_workbook(written).sheetnames


def test_unknown_id_and_wrong_type_are_french_errors(tmp_path, capsys):
    bank_dir = tmp_path / "banque"
    scenario = Bank(bank_dir).save(random_scenarios(load_referential("bacpro-mcv-b"), 1, seed=2)[0])
    assert main(["progression", "analyser", "inconnu", "--banque", str(bank_dir)]) == 1
    assert main(["progression", "analyser", scenario.id, "--banque", str(bank_dir)]) == 1
    err = capsys.readouterr().err
    assert "inconnu" in err and "pas une progression" in err


def test_infeasible_completion_exits_1_with_the_reason(tmp_path, capsys):
    bank_dir = tmp_path / "banque"
    bank_dir.mkdir()  # an explicit --banque must exist
    main(["progression", "--banque", str(bank_dir), "creer", "--classe", "B"])
    prog_id = re.search(r"créée : (\S+)", capsys.readouterr().out).group(1)
    assert main(["progression", "completer", prog_id, "--sans-propositions", "--banque", str(bank_dir)]) == 1
    out = capsys.readouterr().out
    assert "Ce qui ne peut pas être respecté" in out and "aucune situation de Seconde" in out


def test_school_start_dates_the_weeks_and_picks_the_rules_of_each_school_year(tmp_path, capsys):
    from scenario_lib.planning.rules import rules_for, yearly_hours

    bank_dir = tmp_path / "banque"
    bank_dir.mkdir()  # an explicit --banque must exist
    assert (
        main(["progression", "--banque", str(bank_dir), "creer", "--classe", "2nde B", "--rentree", "2025-09-01"]) == 0
    )
    prog = Bank(bank_dir).get(re.search(r"créée : (\S+)", capsys.readouterr().out).group(1))
    ref = load_referential("bacpro-mcv-b")
    assert prog.years[0].weeks[0].monday.isoformat() == "2025-09-01"
    assert prog.years[1].hours["chef-oeuvre"] == yearly_hours(rules_for("2026-2027", "premiere"), ref, "premiere")
    with pytest.raises(SystemExit) as exit_:
        main(["progression", "--banque", str(bank_dir), "creer", "--classe", "x", "--rentree", "01/09/2025"])
    assert exit_.value.code == 2
    assert "date attendue au format AAAA-MM-JJ, pas « 01/09/2025 »" in capsys.readouterr().err


def _created(bank_dir, capsys, *pfmp) -> str:
    Bank(bank_dir)  # an explicit --banque must exist
    assert main(["progression", "--banque", str(bank_dir), "creer", "--classe", "2nde B", *pfmp]) == 0
    return re.search(r"créée : (\S+)", capsys.readouterr().out).group(1)


def test_completer_refused_by_a_newer_revision_saves_no_situation(tmp_path, capsys, monkeypatch):
    from scenario_lib.planning import completion

    bank_dir = tmp_path / "banque"
    prog_id = _created(bank_dir, capsys)
    real = completion.complete

    def colleague_saves_meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        other = Bank(bank_dir)  # a second Atelier on the same progression saves during the completion
        other.save(other.get(prog_id))
        return result

    monkeypatch.setattr(completion, "complete", colleague_saves_meanwhile)
    assert (
        main(
            ["progression", "completer", prog_id, "--graine", "1", "--enregistrer", "--oui", "--banque", str(bank_dir)]
        )
        == 1
    )
    assert "enregistré par quelqu'un d'autre" in capsys.readouterr().err
    assert Bank(bank_dir).list(doc_type="scenario") == []
    assert Bank(bank_dir).get(prog_id).placements == ()


def test_pfmp_week_is_refused_and_completer_fails_while_a_situation_stays_there(tmp_path, capsys):
    from scenario_lib.document import parse_document

    bank_dir = tmp_path / "banque"
    bank = Bank(bank_dir)
    scenario = bank.save(random_scenarios(load_referential("bacpro-mcv-b"), 1, seed=9)[0])
    prog_id = _created(bank_dir, capsys, "--pfmp", "guide-grand-est")
    year = next(y for y in bank.get(prog_id).years if y.level == scenario.level)
    pfmp, cours = year.numbers("pfmp")[0], year.numbers("cours")[0]
    assert (
        main(
            [
                "progression",
                "placer",
                prog_id,
                scenario.id,
                "--annee",
                scenario.level,
                "--semaine",
                str(pfmp),
                "--banque",
                str(bank_dir),
            ]
        )
        == 1
    )
    assert f"semaine {pfmp} : c'est une semaine de PFMP" in capsys.readouterr().err
    assert bank.get(prog_id).placements == ()

    assert (
        main(
            [
                "progression",
                "placer",
                prog_id,
                scenario.id,
                "--annee",
                scenario.level,
                "--semaine",
                str(cours),
                "--banque",
                str(bank_dir),
            ]
        )
        == 0
    )
    data = bank.get(prog_id).model_dump(mode="json")
    data["placements"][0]["week"] = pfmp  # a hand-edited file
    bank.save(parse_document(data, "progression"))
    capsys.readouterr()
    assert main(["progression", "completer", prog_id, "--graine", "1", "--banque", str(bank_dir)]) == 1
    out = capsys.readouterr().out
    assert "problèmes à corriger" in out and "entreprise" in out


def listing(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_completer_lists_the_new_situations_and_saves_nothing_without_a_terminal_or_oui(tmp_path, capsys):
    bank_dir = tmp_path / "banque"
    prog_id = _created(bank_dir, capsys)
    before = listing(bank_dir)
    assert (
        main(["progression", "completer", prog_id, "--graine", "1", "--enregistrer", "--banque", str(bank_dir)]) == 1
    )  # pytest's stdin is no terminal
    out, err = capsys.readouterr()
    assert "Situations qui seraient ajoutées à la banque" in out
    new = re.findall(
        r"^  - (.+) — niveau (Seconde|Première|Terminale), (\d+(?:,\d+)?) h, compétences (.+)$", out, re.MULTILINE
    )
    assert new and all(codes for *_, codes in new)
    assert "Rien n'a été enregistré" in err and "--oui" in err
    assert listing(bank_dir) == before
    assert "Note : Seconde : compétences 4B.1, 4B.2, 4B.3, 4B.4, 4B.5 non demandées" in out


def _interactive(bank_dir, prog_id, answer: str):
    """Run the real command on a pseudo-terminal and answer the question."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scenario_lib",
            "progression",
            "completer",
            prog_id,
            "--graine",
            "1",
            "--enregistrer",
            "--banque",
            str(bank_dir),
        ],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(follower)
    os.write(leader, f"{answer}\n".encode())
    out, err = proc.communicate(timeout=300)
    os.close(leader)
    return proc.returncode, out, err


def test_completer_asks_on_a_terminal_and_saves_only_on_yes(tmp_path, capsys):
    bank_dir = tmp_path / "banque"
    prog_id = _created(bank_dir, capsys)
    before = listing(bank_dir)
    code, out, err = _interactive(bank_dir, prog_id, "n")
    assert code == 0 and re.search(r"Ajouter ces \d+ situations à la banque \? \[o/N\]", out), err
    assert "Rien n'a été enregistré." in out and listing(bank_dir) == before
    code, out, err = _interactive(bank_dir, prog_id, "o")
    count = int(re.search(r"Ajouter ces (\d+) situations", out).group(1))
    assert "Enregistré" in out, err
    bank = Bank(bank_dir)
    assert len(bank.list(doc_type="scenario")) == count
    assert {p.scenario_id for p in bank.get(prog_id).placements} == {e.id for e in bank.list(doc_type="scenario")}
