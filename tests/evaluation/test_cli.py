"""`scenario-lib evaluer …` end to end on a copy of the sample bank, output read as a teacher would."""

import re

from openpyxl import load_workbook

from tests.evaluation.classdata import GRADE


def test_create_export_fill_import_follow_propose(cli, bank_dir, class_csv, tmp_path):
    code, out, err = cli("evaluer", "creer", "ex-1re-phoning-assurance", "--classe", class_csv, "--date", "12/10/2025",
                         "--attitudes", "AP01", "--banque", bank_dir)
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
    assert sorted(p.name for p in (tmp_path / "suivi").iterdir()) == ["suivi-classe.xlsx", "suivi-premiere.html",
                                                                      "suivi-premiere.png"]
    code, out, err = cli("evaluer", "proposer", "--classe", class_csv, "--graine", "2", "-n", "2", "--banque", bank_dir)
    assert code == 0, err
    assert "6 élèves sur 6 en dessous de Débrouillé en" in out


def test_erase_asks_for_confirmation(cli, bank_dir, class_csv):
    cli("evaluer", "creer", "ex-1re-phoning-assurance", "--classe", class_csv, "--banque", bank_dir)
    code, out, _ = cli("evaluer", "effacer-eleve", "--classe", GRADE, "--nom", "martin", "--prenom", "zoe",
                       "--banque", bank_dir)
    assert code == 2 and "relancez avec --oui" in out
    code, out, _ = cli("evaluer", "effacer-eleve", "--classe", GRADE, "--nom", "Martin", "--prenom", "Zoé", "--oui",
                       "--banque", bank_dir)
    assert code == 0 and "MARTIN Zoé effacé(e) : 1 ligne(s) d'évaluation effacée(s)" in out
