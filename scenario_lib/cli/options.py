"""Options shared by several commands, defined once as argparse parents: one spelling, one meaning each.

`--banque` is always a bank folder, `--referentiel` a referential, `--niveau` a level (seconde, premiere,
terminale, formation), `--annee-scolaire` a school year (2025-2026), `--sortie` where files go, `--format` an
export format, `--json` machine output. Old spellings stay accepted, hidden from the help (`hidden_alias`).
"""

from __future__ import annotations

import argparse

from ..referential import DEFAULT

BANK_HELP = (
    "dossier de la banque (défaut : $SPIRALE_BANQUE, sinon ~/Spirale/banque, créé à partir de la banque d'exemple)"
)


def parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def bank(suppress: bool = False) -> argparse.ArgumentParser:
    """`--banque`; `suppress` for a sub-command's copy, so that it does not reset the value given before it."""
    p = parent()
    p.add_argument("--banque", metavar="DOSSIER", help=BANK_HELP, default=argparse.SUPPRESS if suppress else None)
    return p


def referential(default: str = DEFAULT) -> argparse.ArgumentParser:
    p = parent()
    p.add_argument(
        "--referentiel", default=default, metavar="NOM|DOSSIER", help=f"référentiel à utiliser (défaut : {default})"
    )
    return p


def as_json(suppress: bool = False) -> argparse.ArgumentParser:
    p = parent()
    p.add_argument(
        "--json",
        action="store_true",
        help="sortie JSON lisible par un programme",
        default=argparse.SUPPRESS if suppress else False,
    )
    return p


def output(default: str | None = ".", required: bool = False, short: bool = False) -> argparse.ArgumentParser:
    p = parent()
    names = ["--sortie", "-o"] if short else ["--sortie"]
    p.add_argument(
        *names,
        default=None if required else default,
        required=required,
        metavar="DOSSIER",
        help="dossier de sortie" + (f" (défaut : {default})" if default and not required else ""),
    )
    return p


def export_format(choices, default: str | None, repeat: bool = False, checked: bool = True) -> argparse.ArgumentParser:
    """`--format`, among the formats the documents concerned declare (`doctypes.DocumentType.formats`);
    `checked=False` leaves the check to the command (the batch runner says what is wrong in French)."""
    p = parent()
    choices = list(choices)
    extra = {"dest": "formats", "action": "append"} if repeat else {"default": default}
    p.add_argument(
        "--format",
        "-f",
        choices=choices if checked else None,
        metavar="FORMAT",
        help=f"format de sortie{', répétable' if repeat else ''} ({', '.join(choices)} ; défaut : {default})",
        **extra,
    )
    return p


def layout() -> argparse.ArgumentParser:
    """What goes in a sheet's header and which template draws it."""
    p = parent()
    p.add_argument(
        "--modele",
        default="fiche",
        metavar="fiche|grille",
        help="modèle du document : fiche complète (défaut) ou grille d'évaluation seule",
    )
    p.add_argument("--etablissement", default="", help="nom de l'établissement pour l'en-tête")
    p.add_argument("--classe", default="", help="classe pour l'en-tête (ex. « 1re MCV B »)")
    return p


def hidden_alias(parser: argparse.ArgumentParser, old: str, dest: str, **kwargs) -> None:
    """`old` still works as before, but is no longer shown: the help names only the new option."""
    parser.add_argument(old, dest=dest, default=argparse.SUPPRESS, help=argparse.SUPPRESS, **kwargs)
