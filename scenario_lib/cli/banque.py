"""`scenario-lib banque`: list, show, import, export, delete and restore the documents of a bank.

The bank is `--banque DIR`, or else the user's own bank: `$SPIRALE_BANQUE` if set, otherwise
`~/Spirale/banque`, created on first use as a copy of the sample bank bundled with Spirale
(`data/banque-exemple/`). Point it at a synced folder (Nextcloud, ENT, USB key) to share it with a colleague.

    scenario-lib banque liste [--niveau premiere] [--bloc 3] [--competence 2.3] [--texte fidélisation] [--json]
    scenario-lib banque montrer ID [--json]
    scenario-lib banque exporter partage.zip [ID …]
    scenario-lib banque importer partage.zip [--si-conflit refuser|copie|remplacer]
    scenario-lib banque supprimer ID / restaurer ID
    scenario-lib banque historique ID / conflits ID
    scenario-lib banque problemes          (code de sortie 1 s'il y a des fichiers illisibles)
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from ..bank import Bank, Entry, open_bank
from ..bank.archive import ON_CONFLICT
from ..document import document_label
from ..services.documents import entry_level_label
from ..text import fold
from ..validation import visible
from . import options
from .output import echo

_C1 = re.compile(r"[\x7f-\x9f]")


def _print(text: str) -> None:
    """Everything shown comes from files a colleague (or an attacker) wrote: no raw escape sequence reaches the
    terminal; French typography as every command's output."""
    echo(visible(text))


def _json(data: object) -> str:
    """JSON escapes C0 controls itself; C1 controls (CSI…) are escaped here, the data stays the same."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _C1.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def parents() -> list[argparse.ArgumentParser]:
    return [options.bank(), options.as_json()]


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    shared = [options.bank(suppress=True), options.as_json(suppress=True)]  # before or after the action

    def action(name: str, help_: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, help=help_, description=help_, parents=shared)

    liste = action("liste", "lister les documents (filtres combinables)")
    liste.add_argument("--type", dest="doc_type", metavar="TYPE", help="scenario, cointervention, projet, progression")
    liste.add_argument("--niveau", metavar="NIVEAU", help="seconde, premiere, terminale, formation")
    liste.add_argument("--bloc", metavar="CODE", help="bloc traversé, ex. 3 ou 4B")
    liste.add_argument("--competence", metavar="CODE", help="compétence mobilisée, ex. 2.3")
    liste.add_argument("--contexte", metavar="TEXTE", help="entreprise support (sans accents ni majuscules)")
    liste.add_argument("--auteur", metavar="TEXTE", help="auteur ou autrice")
    liste.add_argument("--texte", metavar="TEXTE", help="mots cherchés dans tout le document")
    action("montrer", "afficher un document").add_argument("id", metavar="ID")
    exporter = action("exporter", "exporter des documents (tous par défaut) dans une archive zip")
    exporter.add_argument("zip", metavar="ZIP")
    exporter.add_argument("ids", metavar="ID", nargs="*")
    importer = action("importer", "importer une archive zip")
    importer.add_argument("zip", metavar="ZIP")
    importer.add_argument(
        "--si-conflit",
        choices=ON_CONFLICT,
        default="refuser",
        help="même identifiant, contenu différent : refuser (défaut), copie, remplacer",
    )
    action("supprimer", "mettre un document à la corbeille").add_argument("id", metavar="ID")
    action("restaurer", "sortir un document de la corbeille").add_argument("id", metavar="ID")
    action("historique", "révisions précédentes d'un document").add_argument("id", metavar="ID")
    action("conflits", "versions en conflit d'un document, avec les différences").add_argument("id", metavar="ID")
    action("problemes", "fichiers illisibles de la banque et pourquoi")


def _type_code(value: str | None) -> str | None:
    """« scénario », « Progression », « livret PFMP »: the type a teacher types, as its code."""
    if not value:
        return None
    from ..doctypes import DOCUMENT_TYPES

    wanted = fold(value).replace(" ", "_")
    return next(
        (t.name for t in DOCUMENT_TYPES.values() if wanted in (t.name, fold(t.label).replace(" ", "_"))), wanted
    )


def _table(entries: list[Entry]) -> str:
    rows = [
        tuple(
            visible(cell, single_line=True)
            for cell in (
                e.id,
                entry_level_label(e) or "—",
                ",".join(e.blocks) or "—",
                f"r{e.revision}",
                e.title,
                ", ".join(e.authors),
            )
        )
        for e in entries
    ]
    head = ("identifiant", "niveau", "blocs", "rév.", "titre", "auteurs")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    lines = []
    for row in [head, *rows]:
        cells = "  ".join(f"{c:<{w}}" for c, w in zip(row[:4], widths, strict=True))
        lines.append(f"{cells}  {row[4]}" + (f"  ({row[5]})" if row[5] else ""))
    return "\n".join(lines)


def _print_entries(entries: list[Entry], as_json: bool, what: str) -> None:
    if as_json:
        print(_json([e.to_json() for e in entries]))
    elif entries:
        echo(visible(_table(entries)), f"\n{len(entries)} {what}.")
    else:
        print("Aucun résultat.")


def _warn_problems(bank: Bank) -> None:
    if bank.problems:
        print(
            f"Attention : {len(bank.problems)} problème(s) dans des fichiers ignorés — "
            "voir « scenario-lib banque problemes ».",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    action = args.action
    # importing may start a new bank; every other action needs an existing one (a typo is not a new bank)
    bank = Bank(args.banque) if action == "importer" and args.banque else open_bank(args.banque)
    if action == "liste":
        entries = bank.list(
            doc_type=_type_code(args.doc_type),
            level=fold(args.niveau) if args.niveau else None,  # « première » as « premiere »
            block=args.bloc.upper() if args.bloc else None,  # « 4b » as « 4B »
            competence=args.competence,
            context=args.contexte,
            author=args.auteur,
            text=args.texte,
        )
        _print_entries(entries, args.json, "document(s)")
        _warn_problems(bank)
    elif action == "montrer":
        doc = bank.get(args.id)
        if args.json:
            print(_json(doc.model_dump(mode="json")))
        else:
            print(f"{document_label(doc.doc_type)} — révision {doc.revision}\n")
            print(visible(bank.entry(args.id).path.read_text("utf-8-sig")))  # the file as it is, not typeset
        for copy in bank.conflicts(args.id):
            _print(
                f"Attention : version en conflit « {copy.path.name} » ; "
                f"voir « scenario-lib banque conflits {args.id} ».",
                file=sys.stderr,
            )
    elif action == "exporter":
        count = bank.export_zip(args.zip, args.ids or None)
        print(f"{count} document(s) exporté(s) dans {args.zip}")
    elif action == "importer":
        _print("Import : " + bank.import_zip(args.zip, args.si_conflit).summary())
    elif action == "supprimer":
        title = bank.entry(args.id).title
        bank.delete(args.id)
        _print(f"« {title} » mis à la corbeille (récupérable : scenario-lib banque restaurer {args.id}).")
    elif action == "restaurer":
        _print(f"« {bank.restore(args.id).title} » restauré.")
    elif action == "historique":
        _print_entries([bank.entry(args.id), *bank.history(args.id)], args.json, "révision(s)")
    elif action == "conflits":
        copies = bank.conflicts(args.id)
        if args.json:
            print(_json([{**c.to_json(), "differences": bank.diff(args.id, c)} for c in copies]))
        elif not copies:
            print("Aucun conflit.")
        for copy in [] if args.json else copies:
            _print(f"{copy.path.name} (révision {copy.revision}) :")
            _print("\n".join(f"  - {line}" for line in bank.diff(args.id, copy)) or "  (contenu identique)")
    elif action == "problemes":
        problems = bank.problems
        if args.json:
            print(_json([vars(p) for p in problems]))
        else:
            _print(
                "\n".join(f"- {p}" for p in problems) if problems else "Aucun problème : tous les fichiers sont lus."
            )
        return 1 if problems else 0
    return 0
