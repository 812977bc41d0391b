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
    parser.add_argument("--eleves", metavar="FICHIER.txt",
                        help="liste de classe (un nom par ligne) : une grille par élève")
    parser.add_argument("--etablissement", default="", help="nom de l'établissement pour l'en-tête")
    parser.add_argument("--classe", default="", help="classe pour l'en-tête (ex. « 1re MCV B »)")


def read_class_list(path: str) -> list[str]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SpiraleError(f"liste d'élèves illisible : « {path} » ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SpiraleError(f"liste d'élèves « {path} » : encodage non reconnu (enregistrez-la en UTF-8)") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


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
