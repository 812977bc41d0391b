"""`scenario-lib progression`: create, fill, analyse, complete and export a three-year progression.

    scenario-lib progression creer --classe "2nde MCV B" [--pfmp guide-grand-est] [--referentiel bacpro-mcv-b]
    scenario-lib progression placer ID SCENARIO --niveau seconde --semaine 5 [--creneau professionnel]
    scenario-lib progression analyser ID
    scenario-lib progression completer ID [--enregistrer [--oui]] [--graine N] [--sans-propositions]
    scenario-lib progression exporter ID --format xlsx --sortie DOSSIER
All accept `--banque DOSSIER` (défaut : la banque de l'utilisateur).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..bank import open_bank
from ..doctypes import document_type
from ..errors import SpiraleError
from ..referential import load_referential
from ..services import progressions
from ..services.documents import export_document, level_label
from ..text import french_number
from . import options


def _monday(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, pas « {text} »") from None


def parents() -> list[argparse.ArgumentParser]:
    return [options.bank()]


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    shared = options.bank(suppress=True)

    def action(name: str, help_: str, *more: argparse.ArgumentParser) -> argparse.ArgumentParser:
        return actions.add_parser(name, help=help_, description=help_, parents=[shared, *more])

    creer = action(
        "creer", "créer une progression (calendrier par défaut, PFMP placées selon la règle)", options.referential()
    )
    creer.add_argument("--classe", required=True, metavar="NOM")
    creer.add_argument("--pfmp", default="", metavar="REGLE", help="règle de PFMP du référentiel, ex. guide-grand-est")
    creer.add_argument("--titre", default="", metavar="TITRE")
    creer.add_argument(
        "--rentree",
        type=_monday,
        default=None,
        metavar="AAAA-MM-JJ",
        help="jour de la rentrée en Seconde : dates des semaines et règles de l'année scolaire "
        "(chef-d'œuvre 2019 ou projet 2024)",
    )
    placer = action("placer", "placer une situation de la banque sur une semaine")
    placer.add_argument("id", metavar="ID")
    placer.add_argument("scenario", metavar="SCENARIO")
    placer.add_argument(
        "--niveau",
        dest="level",
        metavar="NIVEAU",
        help="année du cycle où placer : seconde, premiere, terminale, formation (obligatoire)",
    )
    options.hidden_alias(placer, "--annee", "level", metavar="NIVEAU")
    placer.add_argument("--semaine", required=True, type=int, metavar="N")
    placer.add_argument(
        "--creneau",
        default=None,
        help="défaut : selon le type de document",
        choices=["professionnel", "cointervention-francais", "cointervention-maths", "chef-oeuvre"],
    )
    action("analyser", "analyser la couverture, la spirale, les heures et les PFMP").add_argument("id", metavar="ID")
    completer = action("completer", "proposer le plus petit ensemble de situations qui complète la progression")
    completer.add_argument("id", metavar="ID")
    completer.add_argument(
        "--enregistrer",
        action="store_true",
        help="enregistrer la progression complétée et, après confirmation, les nouvelles situations dans la banque",
    )
    completer.add_argument(
        "--oui", action="store_true", help="avec --enregistrer : confirmer sans poser la question (scripts)"
    )
    completer.add_argument("--graine", type=int, default=None, metavar="N", help="pour obtenir la même proposition")
    completer.add_argument(
        "--sans-propositions", action="store_true", help="n'utiliser que les situations de la banque"
    )
    formats = document_type("progression").formats
    exporter = action(
        "exporter",
        f"exporter la progression ({', '.join(formats)})",
        options.export_format(formats, "xlsx"),
        options.output(),
    )
    exporter.add_argument("id", metavar="ID")


def print_analysis(analysis, ref) -> None:
    for row in analysis.hours.itertuples(index=False):
        if row.créneau == "professionnel":
            budget = (
                "sans budget"
                if row.disponible is None
                else f"{french_number(row.utilisé)} h / {french_number(row.disponible)} h"
            )
            missing = len(analysis.missing()[row.année])
            print(
                f"{level_label(ref, row.année):<10} enseignement professionnel : {budget} ; "
                f"compétences non travaillées : {missing}"
            )
    errors = [p for p in analysis.problems if p.severity == "erreur"]
    warnings = [p for p in analysis.problems if p.severity == "attention"]
    print(f"\n{len(errors)} problème(s) à corriger, {len(warnings)} point(s) d'attention.")
    for p in analysis.problems:
        print(f"- [{p.label.lower()}] {p}")


def confirmed(count: int, assume_yes: bool) -> bool | None:
    """Ask before adding situations to the bank; None when nobody can answer (no terminal, no --oui)."""
    if assume_yes or count == 0:
        return True
    if not sys.stdin.isatty():
        return None
    answer = input(f"Ajouter ces {count} situations à la banque ? [o/N] ")
    return answer.strip().lower() in {"o", "oui"}


def print_completion(result, ref) -> None:
    print(
        f"{len(result.added)} situation(s) à placer ({result.candidates} candidates, "
        f"calculé en {french_number(round(result.seconds, 2))} s) :"
    )
    for a in result.additions:
        print(
            f"  {level_label(ref, a.year):<10} semaine {a.week:>2}  {a.title} ({french_number(a.hours)} h, "
            f"{', '.join(a.competences)}) [{'nouvelle' if a.new else 'banque'}]"
        )
    new = [a for a in result.additions if a.new]
    if new:
        print(f"\nSituations qui seraient ajoutées à la banque ({len(new)}) :")
        for a in new:
            print(
                f"  - {a.title} — niveau {level_label(ref, a.level)}, {french_number(a.hours)} h, "
                f"compétences {', '.join(a.competences)}"
            )
    for note in result.notes:
        print(f"Note : {note}")
    if result.reasons:
        print("\nCe qui ne peut pas être respecté :")
        for reason in result.reasons:
            print(f"- {reason}")


def run(args: argparse.Namespace) -> int:
    from ..planning.coverage import analyse

    bank = open_bank(args.banque)
    if args.action == "creer":
        prog = bank.save(
            progressions.create_progression(args.referentiel, args.classe, args.pfmp, args.titre, args.rentree)
        )
        print(f"Progression « {prog.title} » créée : {prog.id}")
        return 0
    prog = progressions.get_progression(bank, args.id)
    ref = load_referential(prog.referential)
    if args.action == "placer":
        if not getattr(args, "level", None):
            raise SpiraleError(
                "indiquez l'année du cycle où placer la situation : --niveau seconde, premiere, terminale ou formation"
            )
        prog = progressions.place(bank, prog, args.scenario, args.level, args.semaine, args.creneau)
        placement = prog.placements[-1]
        bank.save(prog)
        print(progressions.placed_message(ref, placement))
        return 0
    if args.action == "analyser":
        print_analysis(analyse(prog, ref), ref)
        return 0
    if args.action == "completer":
        result = progressions.complete(bank, prog, ref, seed=args.graine, propose=not args.sans_propositions)
        print_completion(result, ref)
        if args.enregistrer:
            answer = confirmed(len(result.proposals), args.oui)
            if answer is None:
                print(
                    "\nRien n'a été enregistré : la commande ne peut pas demander confirmation (pas de terminal). "
                    "Relancez-la avec --oui pour ajouter ces situations à la banque.",
                    file=sys.stderr,
                )
                return 1
            if not answer:
                print("\nRien n'a été enregistré.")
                return 0
            progressions.apply_completion(result, bank)
            print(f"\nEnregistré : progression {prog.id} et {len(result.proposals)} nouvelle(s) situation(s).")
        elif result.added:
            print("\nRien n'est enregistré : relancez avec --enregistrer pour placer ces situations.")
        analysis = analyse(result.progression, ref)
        if not analysis.ok:
            print("\nLa progression complétée a encore des problèmes à corriger :")
            print_analysis(analysis, ref)
        return 0 if result.feasible and analysis.ok else 1
    path = export_document(prog, args.format, args.sortie)
    print(f"Écrit : {path}")
    return 0
