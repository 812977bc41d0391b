"""`scenario-lib` command line: one sub-command per module, imported only when used (fast start-up)."""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module

from ..errors import SpiraleError
from .french import FrenchParser

# name → (module, one-line French help). Each module defines `configure(parser)` and `run(args) -> int`, and may
# define `parents()`: the shared options (`cli/options.py`) its parser inherits.
COMMANDS = {
    "referentiel": ("scenario_lib.cli.referentiel", "parcourir, chercher, exporter ou importer un référentiel"),
    "proposer": ("scenario_lib.cli.proposer", "proposer des situations décloisonnées au bon niveau de complexité"),
    "banque": ("scenario_lib.cli.banque", "lister, montrer, importer, exporter les documents de la banque"),
    "exporter": ("scenario_lib.cli.exporter", "exporter un document (PDF, ODT, DOCX, HTML, Markdown, XLSX)"),
    "lot": ("scenario_lib.cli.lot", "rendre par lot de nombreux documents en PDF avec papermill"),
    "atelier": ("scenario_lib.cli.atelier", "ouvrir l'atelier (application web) dans le navigateur"),
    "cointervention": ("scenario_lib.cli.cointervention", "proposer un plan de co-intervention"),
    "projet": ("scenario_lib.cli.projet", "proposer un plan de chef-d'œuvre / projet"),
    "progression": ("scenario_lib.cli.progression", "analyser et compléter une progression sur trois ans"),
    "pfmp": ("scenario_lib.cli.pfmp", "livrets PFMP : générer, importer les grilles, suivre les acquis"),
    "evaluer": ("scenario_lib.cli.evaluation", "évaluer une situation avec la classe, suivre chaque élève"),
    "ccf": ("scenario_lib.cli.ccf", "fiches CCF d'une classe (E31, E32, E33), rendu par lot, préparation aux CCF"),
}


def _overview() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {help_}" for name, (_, help_) in COMMANDS.items()]
    return "commandes :\n" + "\n".join(lines)


def user_path(value: str) -> str:
    """A folder named on the command line, made absolute once here: every command then means the same place,
    even after a batch kernel changes its working directory (`--banque bank1` gave `bank1/bank1/…`)."""
    return os.path.abspath(os.path.expanduser(value))


def build_parser(name: str, module=None) -> argparse.ArgumentParser:
    """The parser of one command: the shared options it inherits (`parents()`), then its own (`configure`)."""
    module = module or import_module(COMMANDS[name][0])
    parser = FrenchParser(
        prog=f"scenario-lib {name}", description=COMMANDS[name][1], parents=getattr(module, "parents", list)()
    )
    module.configure(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        if argv and argv[0] not in {"-h", "--help"}:
            print(f"commande inconnue : « {argv[0]} »\n", file=sys.stderr)
        print("usage : scenario-lib COMMANDE [options]\n\n" + _overview())
        return 0 if not argv or argv[0] in {"-h", "--help"} else 2
    name = argv[0]
    module = import_module(COMMANDS[name][0])
    args = build_parser(name, module).parse_args(argv[1:])
    if getattr(args, "banque", None):
        args.banque = user_path(args.banque)
    try:
        return int(module.run(args) or 0)
    except SpiraleError as exc:
        from ..validation import visible  # messages quote file contents: no raw escape sequence to the terminal

        print(f"Erreur : {visible(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `scenario-lib … | head`: the reader left, not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # pydantic imported here only: `scenario-lib --help` stays fast
        from pydantic import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        from ..validation import french_problems

        # A value given on the command line breaks a model's rule (« --classe » too long…): say it in French.
        print(
            "Erreur : valeur refusée — "
            + " ; ".join(f"« {field} » : {reason}" if field else reason for field, reason in french_problems(exc)),
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
