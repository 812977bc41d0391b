"""`scenario-lib progression`: create, fill, analyse, complete and export a three-year progression.

    scenario-lib progression creer --classe "2nde MCV B" [--pfmp guide-grand-est] [--referentiel bacpro-mcv-b]
    scenario-lib progression placer ID SCENARIO --annee seconde --semaine 5 [--creneau professionnel]
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
from ..errors import SpiraleError
from ..referential import DEFAULT, load_referential
from ..scenario.model import LEVEL_LABELS
from ..text import french_number


def _monday(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, pas « {text} »") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--banque", metavar="DOSSIER", default=None, help="dossier de la banque")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, help_: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_, description=help_)
        sub.add_argument("--banque", metavar="DOSSIER", default=argparse.SUPPRESS, help="dossier de la banque")
        return sub

    creer = action("creer", "créer une progression (calendrier par défaut, PFMP placées selon la règle)")
    creer.add_argument("--classe", required=True, metavar="NOM")
    creer.add_argument("--referentiel", default=DEFAULT, metavar="NOM")
    creer.add_argument("--pfmp", default="", metavar="REGLE", help="règle de PFMP du référentiel, ex. guide-grand-est")
    creer.add_argument("--titre", default="", metavar="TITRE")
    creer.add_argument("--rentree", type=_monday, default=None, metavar="AAAA-MM-JJ",
                       help="jour de la rentrée en Seconde : dates des semaines et règles de l'année scolaire "
                            "(chef-d'œuvre 2019 ou projet 2024)")
    placer = action("placer", "placer une situation de la banque sur une semaine")
    placer.add_argument("id", metavar="ID")
    placer.add_argument("scenario", metavar="SCENARIO")
    placer.add_argument("--annee", required=True, metavar="NIVEAU", help="seconde, premiere, terminale, formation")
    placer.add_argument("--semaine", required=True, type=int, metavar="N")
    placer.add_argument("--creneau", default=None, help="défaut : selon le type de document",
                        choices=["professionnel", "cointervention-francais", "cointervention-maths", "chef-oeuvre"])
    action("analyser", "analyser la couverture, la spirale, les heures et les PFMP").add_argument("id", metavar="ID")
    completer = action("completer", "proposer le plus petit ensemble de situations qui complète la progression")
    completer.add_argument("id", metavar="ID")
    completer.add_argument("--enregistrer", action="store_true",
                           help="enregistrer la progression complétée et, après confirmation, les nouvelles "
                                "situations dans la banque")
    completer.add_argument("--oui", action="store_true",
                           help="avec --enregistrer : confirmer sans poser la question (scripts)")
    completer.add_argument("--graine", type=int, default=None, metavar="N", help="pour obtenir la même proposition")
    completer.add_argument("--sans-propositions", action="store_true",
                           help="n'utiliser que les situations de la banque")
    exporter = action("exporter", "exporter la progression (xlsx, pdf, odt, docx, html, md)")
    exporter.add_argument("id", metavar="ID")
    exporter.add_argument("--format", default="xlsx", metavar="FORMAT")
    exporter.add_argument("--sortie", default=".", metavar="DOSSIER")


def _load(bank, doc_id: str):
    doc = bank.get(doc_id)
    if doc.doc_type != "progression":
        raise SpiraleError(f"« {doc_id} » n'est pas une progression (c'est un document de type « {doc.doc_type} »)")
    return doc


def print_analysis(analysis) -> None:
    for row in analysis.hours.itertuples(index=False):
        if row.créneau == "professionnel":
            budget = "sans budget" if row.disponible is None else f"{row.utilisé:g} h / {row.disponible:g} h"
            missing = len(analysis.missing()[row.année])
            print(f"{LEVEL_LABELS.get(row.année, row.année):<10} enseignement professionnel : {budget} ; "
                  f"compétences non travaillées : {missing}")
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


def print_completion(result) -> None:
    print(f"{len(result.added)} situation(s) à placer ({result.candidates} candidates, "
          f"résolu par HiGHS en {result.seconds:.2f} s) :")
    for a in result.additions:
        print(f"  {LEVEL_LABELS.get(a.year, a.year):<10} semaine {a.week:>2}  {a.title} ({french_number(a.hours)} h, "
              f"{', '.join(a.competences)}) [{'nouvelle' if a.new else 'banque'}]")
    new = [a for a in result.additions if a.new]
    if new:
        print(f"\nSituations qui seraient ajoutées à la banque ({len(new)}) :")
        for a in new:
            print(f"  - {a.title} — niveau {LEVEL_LABELS.get(a.level, a.level)}, {french_number(a.hours)} h, "
                  f"compétences {', '.join(a.competences)}")
    for note in result.notes:
        print(f"Note : {note}")
    if result.reasons:
        print("\nCe qui ne peut pas être respecté :")
        for reason in result.reasons:
            print(f"- {reason}")


def run(args: argparse.Namespace) -> int:
    from ..planning.completion import apply_completion, complete
    from ..planning.coverage import analyse
    from ..planning.progression import SLOTS, new_progression

    bank = open_bank(args.banque)
    if args.action == "creer":
        prog = bank.save(new_progression(args.referentiel, args.classe, args.pfmp, args.titre, args.rentree))
        print(f"Progression « {prog.title} » créée : {prog.id}")
        return 0
    prog = _load(bank, args.id)
    ref = load_referential(prog.referential)
    if args.action == "placer":
        doc = bank.get(args.scenario)
        if doc.doc_type not in {"scenario", "cointervention", "projet"}:
            raise SpiraleError(f"« {args.scenario} » ne se place pas dans une progression (type « {doc.doc_type} »)")
        prog = prog.placed(doc, args.annee, args.semaine, args.creneau)
        placement = prog.placements[-1]
        bank.save(prog)
        print(f"« {doc.title} » placée en {LEVEL_LABELS.get(args.annee, args.annee)}, semaine {args.semaine} "
              f"({SLOTS[placement.slot]}).")
        return 0
    if args.action == "analyser":
        print_analysis(analyse(prog, ref))
        return 0
    if args.action == "completer":
        result = complete(prog, ref, bank=bank, seed=args.graine, propose=not args.sans_propositions)
        print_completion(result)
        if args.enregistrer:
            answer = confirmed(len(result.proposals), args.oui)
            if answer is None:
                print("\nRien n'a été enregistré : la commande ne peut pas demander confirmation (pas de terminal). "
                      "Relancez-la avec --oui pour ajouter ces situations à la banque.", file=sys.stderr)
                return 1
            if not answer:
                print("\nRien n'a été enregistré.")
                return 0
            apply_completion(result, bank)
            print(f"\nEnregistré : progression {prog.id} et {len(result.proposals)} nouvelle(s) situation(s).")
        elif result.added:
            print("\nRien n'est enregistré : relancez avec --enregistrer pour placer ces situations.")
        analysis = analyse(result.progression, ref)
        if not analysis.ok:
            print("\nLa progression complétée a encore des problèmes à corriger :")
            print_analysis(analysis)
        return 0 if result.feasible and analysis.ok else 1
    from ..render import export

    path = export(prog, args.format, args.sortie)
    print(f"Écrit : {path}")
    return 0
