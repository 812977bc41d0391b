"""`scenario-lib pfmp`: booklets for a class list, import of filled grids, follow-up to the exam.

Pupil data stays in `<banque>/pfmp/<classe>/` (booklets) and in the output folders the teacher names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..bank import default_bank_dir
from ..files import atomic_write
from ..referential import DEFAULT, load_referential


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["livrets", "importer", "suivi", "modele-liste"],
                        help="livrets : générer ; importer : grilles remplies ; suivi : tableau de bord ; "
                             "modele-liste : écrire un modèle de liste de classe")
    parser.add_argument("liste", help="liste de la classe (CSV ou XLSX : nom, prénom, classe, entreprise, tuteur, "
                                      "début, fin) ; pour « modele-liste », le fichier à écrire (.xlsx ou .csv)")
    parser.add_argument("fichiers", nargs="*", help="grilles remplies (XLSX) pour « importer »")
    parser.add_argument("--annee", choices=["premiere", "terminale"], default="premiere")
    parser.add_argument("--banque", help=f"dossier de la banque (défaut : {default_bank_dir()})")
    parser.add_argument("--referentiel", default=DEFAULT)
    parser.add_argument("--scenarios", default="", help="identifiants des situations liées aux PFMP (virgules)")
    parser.add_argument("--sortie", default="pfmp", help="dossier de sortie")
    parser.add_argument("--pdf", action="store_true", help="rendre aussi les livrets en PDF (rendu par lot)")
    parser.add_argument("--etablissement", default="")


def run(args: argparse.Namespace) -> int:
    from ..bank import open_bank
    from ..pfmp import (class_results, generate_booklets, import_results, read_class_list)
    from ..pfmp.store import grade_of
    from ..pfmp.summary import write_pupil_summaries

    if args.action == "modele-liste":
        from ..pfmp import write_class_list_template

        path = write_class_list_template(args.liste)
        print(f"Modèle de liste de classe écrit : {path} (remplacez la ligne d'exemple par vos élèves)")
        return 0
    ref = load_referential(args.referentiel)
    pupils = read_class_list(args.liste)
    bank = open_bank(args.banque)
    grade = grade_of(pupils)
    out = Path(args.sortie)
    if args.action == "livrets":
        ids = [i for i in args.scenarios.split(",") if i]
        scenarios = [bank.get(i) for i in ids]
        paths = generate_booklets(pupils, args.annee, ref, bank.folder, out, scenarios)
        print(f"{len(paths)} livret(s) modifiable(s) (XLSX) dans {out}")
        if args.pdf:
            from ..pfmp.store import render_booklets

            report = render_booklets(bank.folder, grade, [p.stem for p in paths], out / "pdf",
                                     parameters={"etablissement": args.etablissement})
            print(f"PDF : {report.summary()}")
            return report.exit_code
        return 0
    if args.action == "importer":
        if not args.fichiers:
            print("Aucune grille à importer : donnez les fichiers XLSX remplis.")
            return 2
        outcome = import_results(args.fichiers, pupils, ref, bank.folder)
        print(f"Classe {grade} : {outcome.summary()}.")
        for line in outcome.blank:
            print(f"  Ignorée : {line}")
        for line in outcome.refused:
            print(f"  Refusée : {line}", file=sys.stderr)
        return 1 if outcome.refused else 0
    results = class_results(bank.folder, grade, ref)
    counts = results.counts()
    print(f"Classe {grade} : {counts['eleves']} élève(s), {counts['validees']} compétence(s) au niveau Averti ou "
          f"plus sur {counts['paires']}, {counts['a_travailler']} à travailler.")
    for rec in results.to_do().itertuples():
        print(f"  {rec.eleve:<30} {rec.competence:<6} {rec.motif}")
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "tableau-de-bord.html", results.dashboard_page(grade))
    paths = write_pupil_summaries(results, out / "syntheses", args.etablissement)
    print(f"Tableau de bord : {out / 'tableau-de-bord.html'} ; {len(paths)} synthèse(s) PDF dans {out / 'syntheses'}")
    return 0
