"""`scenario-lib pfmp`: booklets for a class list, import of filled grids, follow-up to the exam.

Pupil data stays in `<banque>/pfmp/<classe>/` (booklets) and in the output folders the teacher names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..referential import load_referential
from . import options


def parents() -> list[argparse.ArgumentParser]:
    return [options.bank(), options.referential(), options.output("pfmp")]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=["livrets", "importer", "suivi", "modele-liste"],
        help="livrets : générer ; importer : grilles remplies ; suivi : tableau de bord ; "
        "modele-liste : écrire un modèle de liste de classe",
    )
    parser.add_argument(
        "liste",
        help="liste de la classe (CSV ou XLSX : nom, prénom, classe, entreprise, tuteur, "
        "début, fin) ; pour « modele-liste », le fichier à écrire (.xlsx ou .csv)",
    )
    parser.add_argument("fichiers", nargs="*", help="grilles remplies (XLSX) pour « importer »")
    levels = ["premiere", "terminale"]
    parser.add_argument(
        "--niveau",
        dest="level",
        choices=levels,
        default="premiere",
        help="niveau des livrets : premiere (PFMP 1 et 2, défaut) ou terminale (PFMP 3 et 4)",
    )
    options.hidden_alias(parser, "--annee", "level", choices=levels)
    parser.add_argument("--scenarios", default="", help="identifiants des situations liées aux PFMP (virgules)")
    parser.add_argument("--pdf", action="store_true", help="rendre aussi les livrets en PDF (rendu par lot)")
    parser.add_argument("--etablissement", default="")


def run(args: argparse.Namespace) -> int:
    from ..bank import open_bank
    from ..services import pfmp

    if args.action == "modele-liste":
        from ..pfmp import write_class_list_template

        path = write_class_list_template(args.liste)
        print(f"Modèle de liste de classe écrit : {path} (remplacez la ligne d'exemple par vos élèves)")
        return 0
    ref = load_referential(args.referentiel)
    pupils, grade = pfmp.read_class(args.liste)
    bank = open_bank(args.banque)
    out = Path(args.sortie)
    if args.action == "livrets":
        ids = [i for i in args.scenarios.split(",") if i]
        booklets = pfmp.generate_booklets(
            bank, pupils, args.level, ref, out, ids, pdf=args.pdf, parameters={"etablissement": args.etablissement}
        )
        print(f"{len(booklets.paths)} livret(s) modifiable(s) (XLSX) dans {out}")
        if booklets.report is not None:
            print(f"PDF : {booklets.report.summary()}")
            return booklets.report.exit_code
        return 0
    if args.action == "importer":
        if not args.fichiers:
            print("Aucune grille à importer : donnez les fichiers XLSX remplis.")
            return 2
        outcome = pfmp.import_grids(bank, args.fichiers, pupils, ref)
        print(f"Classe {grade} : {outcome.summary()}.")
        for line in outcome.blank:
            print(f"  Ignorée : {line}")
        for line in outcome.refused:
            print(f"  Refusée : {line}", file=sys.stderr)
        return 1 if outcome.refused else 0
    results, dashboard, paths = pfmp.follow_up(bank, grade, ref, out, args.etablissement)
    counts = results.counts()
    print(
        f"Classe {grade} : {counts['eleves']} élève(s), {counts['validees']} compétence(s) au niveau Averti ou "
        f"plus sur {counts['paires']}, {counts['a_travailler']} à travailler."
    )
    for rec in results.to_do().itertuples():
        print(f"  {rec.eleve:<30} {rec.competence:<6} {rec.motif}")
    print(f"Tableau de bord : {dashboard} ; {len(paths)} synthèse(s) PDF dans {out / 'syntheses'}")
    return 0
