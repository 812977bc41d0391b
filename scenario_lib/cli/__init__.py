"""`scenario-lib` command line: one sub-command per module, imported only when used (fast start-up)."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from ..errors import SpiraleError

# name → (module, one-line French help). Each module defines `configure(parser)` and `run(args) -> int`.
COMMANDS = {
    "referentiel": ("scenario_lib.cli.referentiel", "parcourir, chercher, exporter ou importer un référentiel"),
}


def _overview() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {help_}" for name, (_, help_) in COMMANDS.items()]
    return "commandes :\n" + "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        if argv and argv[0] not in {"-h", "--help"}:
            print(f"commande inconnue : « {argv[0]} »\n", file=sys.stderr)
        print("usage : scenario-lib COMMANDE [options]\n\n" + _overview())
        return 0 if not argv or argv[0] in {"-h", "--help"} else 2
    name = argv[0]
    module = import_module(COMMANDS[name][0])
    parser = argparse.ArgumentParser(prog=f"scenario-lib {name}", description=COMMANDS[name][1])
    module.configure(parser)
    args = parser.parse_args(argv[1:])
    try:
        return int(module.run(args) or 0)
    except SpiraleError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
