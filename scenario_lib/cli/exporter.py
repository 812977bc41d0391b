"""`scenario-lib exporter ID`: write one document of the bank as PDF, ODT, DOCX, HTML, Markdown or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import SpiraleError
from ..render.export import FORMATS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="identifiant du document dans la banque")
    parser.add_argument("--format", "-f", dest="formats", action="append", choices=list(FORMATS), metavar="FORMAT",
                        help=f"format de sortie, répétable ({', '.join(FORMATS)} ; défaut : pdf)")
    parser.add_argument("--sortie", "-o", default=".", metavar="DOSSIER", help="dossier de sortie (défaut : .)")
    parser.add_argument("--banque", metavar="DOSSIER", help="dossier de la banque (défaut : votre banque)")
    parser.add_argument("--modele", default="fiche", metavar="fiche|grille",
                        help="modèle du document : fiche complète ou grille d'évaluation seule")
    parser.add_argument("--eleves", metavar="FICHIER",
                        help="liste de classe (texte, un nom par ligne, ou CSV/XLSX des PFMP) : une grille par élève")
    parser.add_argument("--etablissement", default="", help="nom de l'établissement pour l'en-tête")
    parser.add_argument("--classe", default="", help="classe pour l'en-tête (ex. « 1re MCV B »)")


def read_class_list(path: str) -> list[str]:
    """Pupils' names: a text file (one per line) or the class list of the PFMP (CSV or XLSX), same reader."""
    from ..tables import read_lines

    if Path(path).suffix.lower() in (".csv", ".xlsx"):
        from ..pfmp import read_class_list as read_pupils

        return [pupil.full_name for pupil in read_pupils(path)]
    try:
        return read_lines(path)
    except SpiraleError as exc:
        raise SpiraleError(f"liste d'élèves illisible — {exc}") from None


def run(args: argparse.Namespace) -> int:
    from ..bank import open_bank
    from ..render.export import export

    doc = open_bank(args.banque).get(args.id)
    context = {"etablissement": args.etablissement, "classe": args.classe}
    if args.eleves:
        context["eleves"] = read_class_list(args.eleves)
    for fmt in args.formats or ["pdf"]:
        print(export(doc, fmt, Path(args.sortie), template=args.modele, **context))
    return 0
