"""argparse in French: headings, the help option, and the errors argparse writes itself.

argparse's own strings (« usage: », « options », « the following arguments are required ») are English and
not translatable without a gettext catalogue; this parser says them in French, for every command and action.
"""

from __future__ import annotations

import argparse
import re

# argparse's error sentences (Python 3.11–3.13) → French; the details it fills in are kept.
_ERRORS = [
    (re.compile(r"the following arguments are required: (.*)"), r"arguments obligatoires manquants : \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"arguments inconnus : \1"),
    (re.compile(r"argument (.*?): expected one argument"), r"l'option \1 attend une valeur"),
    (re.compile(r"argument (.*?): expected at least one argument"), r"l'option \1 attend au moins une valeur"),
    (
        re.compile(r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)"),
        r"« \2 » n'est pas un choix possible pour \1 (choix : \3)",
    ),
    (re.compile(r"argument (.*?): invalid (\w+) value: (.*)"), r"valeur invalide pour \1 : \3"),
    (re.compile(r"argument (.*?): not allowed with argument (.*)"), r"\1 ne va pas avec \2"),
    (re.compile(r"argument (.*?): ignored explicit argument (.*)"), r"\1 n'accepte pas de valeur (\2)"),
    (re.compile(r"ambiguous option: (.*?) could match (.*)"), r"option ambiguë : \1 peut désigner \2"),
]


def french_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class FrenchFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "usage : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are French; sub-commands (`add_subparsers`) inherit it."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        kwargs.setdefault("formatter_class", FrenchFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="afficher cette aide et quitter"
            )

    def error(self, message: str):
        self.print_usage()
        self.exit(2, f"{self.prog} : erreur : {french_error(message)}\n")
