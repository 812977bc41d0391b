"""`scenario-lib evaluer …` end to end on a copy of the sample bank, output read as a teacher would."""

import re

from openpyxl import load_workbook

from tests.evaluation.classdata import GRADE


def test_create_export_fill_import_follow_propose(cli, bank_dir, class_csv, tmp_path):
    code, out, err = cli(
        "evaluer",
        "creer",
        "ex-1re-phoning-assurance",
        "--classe",
        class_csv,
        "--date",
        "12/10/2025",
        "--attitudes",
        "AP01",
        "--banque",
        bank_dir,
    )
    assert code == 0, err
    ev_id = re.search(r"Identifiant : (eval-[0-9a-f]+)", out).group(1)
    assert "6 élèves × 7 sous-compétences" in out
    code, out, err = cli("evaluer", "exporter", ev_id, "--sortie", tmp_path / "grilles", "--banque", bank_dir)
    assert code == 0, err
    path = out.split("Grille à remplir : ")[1].strip()
    wb = load_workbook(path)
    sheet = wb["Grille"]
    for row in range(2, sheet.max_row + 1):
        for col in range(2, sheet.max_column):
            sheet.cell(row=row, column=col, value="n")
    wb.save(path)
    code, out, err = cli("evaluer", "importer", ev_id, path, "--banque", bank_dir)
    assert (code, out.strip()) == (0, "Grille importée : 48 niveaux saisis sur 48 (révision 2)."), err
    sheet.cell(row=4, column=3, value="B")
    wb.save(path)
    code, out, err = cli("evaluer", "importer", ev_id, path, "--banque", bank_dir)
    assert code == 1 and "ligne 4, colonne" in err and "« B » inconnu" in err and "Traceback" not in err
    code, out, err = cli("evaluer", "suivi", "--classe", GRADE, "--sortie", tmp_path / "suivi", "--banque", bank_dir)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "suivi").iterdir()) == [
        "suivi-classe.xlsx",
        "suivi-premiere.html",
        "suivi-premiere.png",
    ]
    code, out, err = cli("evaluer", "proposer", "--classe", class_csv, "--graine", "2", "-n", "2", "--banque", bank_dir)
    assert code == 0, err
    assert "6 élèves sur 6 en dessous de Débrouillé en" in out


def test_erase_asks_for_confirmation(cli, bank_dir, class_csv):
    cli("evaluer", "creer", "ex-1re-phoning-assurance", "--classe", class_csv, "--banque", bank_dir)
    code, out, _ = cli(
        "evaluer", "effacer-eleve", "--classe", GRADE, "--nom", "martin", "--prenom", "zoe", "--banque", bank_dir
    )
    assert code == 2 and "relancez avec --oui" in out
    code, out, _ = cli(
        "evaluer",
        "effacer-eleve",
        "--classe",
        GRADE,
        "--nom",
        "Martin",
        "--prenom",
        "Zoé",
        "--oui",
        "--banque",
        bank_dir,
    )
    assert code == 0 and "MARTIN Zoé effacé(e) : 1 ligne(s) d'évaluation effacée(s)" in out


def test_archive_asks_for_confirmation(cli, bank_dir, class_csv, tmp_path):
    cli("evaluer", "creer", "ex-1re-phoning-assurance", "--classe", class_csv, "--banque", bank_dir)
    argv = ("evaluer", "archiver", "--classe", GRADE, "--sortie", str(tmp_path), "--banque", bank_dir)
    code, out, _ = cli(*argv)
    assert code == 2 and "relancez avec --oui" in out and not list(tmp_path.glob("*.zip"))
    code, out, _ = cli(*argv, "--oui")
    assert code == 0 and "archivée" in out and len(list(tmp_path.glob("*.zip"))) == 1


def test_create_from_a_placement_of_the_progression(cli, bank_dir, class_csv):
    from scenario_lib.bank import Bank
    from scenario_lib.evaluation import find_evaluation
    from scenario_lib.planning.progression import new_progression

    bank = Bank(bank_dir)
    prog = bank.save(
        new_progression("bacpro-mcv-b", GRADE, "guide-grand-est").placed(
            bank.get("ex-1re-phoning-assurance"), "premiere", 12
        )
    )
    code, out, _err = cli("evaluer", "creer", "--progression", prog.id, "--classe", class_csv, "--banque", bank_dir)
    assert code == 2 and "0 : Première, semaine 12 — Campagne d'appels" in out and "--placement N" in out
    code, out, err = cli(
        "evaluer", "creer", "--progression", prog.id, "--placement", "0", "--classe", class_csv, "--banque", bank_dir
    )
    assert code == 0, err
    assert "(Première, semaine 12), classe 1MCVB, 6 élèves" in out
    ev = find_evaluation(bank_dir, re.search(r"Identifiant : (eval-[0-9a-f]+)", out).group(1))
    assert (ev.year, ev.week, ev.progression_id) == ("premiere", 12, prog.id)
    code, _out, err = cli("evaluer", "creer", "--classe", class_csv, "--banque", bank_dir)
    assert code != 0 and "indiquez la situation, ou la progression" in err


def test_titre_criteria_sessions_and_readiness(cli, bank_dir, tmp_path):
    code, out, _err = cli("evaluer", "titre", "criteres", "--competence", "cp3", "--banque", bank_dir)
    assert code == 0 and out.startswith("CP3 Mettre en œuvre la démarche de prospection")
    assert "  CP3-2 : Les techniques de prise de rendez-vous sont maîtrisées" in out
    code, out, err = cli(
        "evaluer",
        "titre",
        "saisir",
        "--groupe",
        "CC 2026",
        "--stagiaire",
        "Ana Lopes",
        "--mise-en-situation",
        "Entretien filmé",
        "--date",
        "02/03/2026",
        "--acquis",
        "CP1,CP2",
        "--non-acquis",
        "CP3-2",
        "--banque",
        bank_dir,
    )
    assert code == 0, err
    assert "pour Ana Lopes (CC 2026) : 12 critère(s) acquis, 1 non acquis" in out
    code, _out, err = cli(
        "evaluer",
        "titre",
        "saisir",
        "--groupe",
        "CC 2026",
        "--stagiaire",
        "Ana Lopes",
        "--acquis",
        "CP3-99",
        "--banque",
        bank_dir,
    )
    assert code != 0 and "critère « CP3-99 » inconnu" in err and "Traceback" not in err
    code, out, err = cli(
        "evaluer", "titre", "preparation", "--groupe", "CC 2026", "--sortie", tmp_path / "pdf", "--banque", bank_dir
    )
    assert code == 0, err
    assert "Ana Lopes (1 mise(s) en situation)" in out and ": pas prêt" in out
    assert "• Les techniques de prise de rendez-vous sont maîtrisées" in out
    assert (tmp_path / "pdf" / "titre-ana-lopes.pdf").stat().st_size > 1000
