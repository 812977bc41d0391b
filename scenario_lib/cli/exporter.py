"""`scenario-lib exporter ID`: write one document of the bank as PDF, ODT, DOCX, HTML, Markdown or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import SpiraleError
from ..services.documents import all_formats
from . import options


def parents() -> list[argparse.ArgumentParser]:
    return [
        options.bank(),
        options.export_format(all_formats(), "pdf", repeat=True),
        options.output(short=True),
        options.layout(),
    ]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="identifiant du document dans la banque")
    parser.add_argument(
        "--eleves",
        metavar="FICHIER",
        help="liste de classe (texte, un nom par ligne, ou CSV/XLSX des PFMP) : une grille par élève",
    )


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
    from ..services.documents import export_document

    doc = open_bank(args.banque).get(args.id)
    context = {"etablissement": args.etablissement, "classe": args.classe}
    if args.eleves:
        context["eleves"] = read_class_list(args.eleves)
    for fmt in args.formats or ["pdf"]:
        print(export_document(doc, fmt, Path(args.sortie), template=args.modele, **context))
    return 0
