"""`scenario-lib projet`: propose a chef-d'œuvre / projet plan over Première and Terminale, check its hours."""

from __future__ import annotations

import argparse

from ..text import french_number
from . import options
from .cointervention import add_plan_options, finish
from .output import echo


def parents() -> list[argparse.ArgumentParser]:
    return [options.bank(), options.referential(), options.as_json()]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenarios", metavar="SCENARIO_ID", nargs="*", help="scénarios de la banque qui nourrissent le projet"
    )
    parser.add_argument("--theme", help="thème du projet")
    parser.add_argument("--modalite", choices=["collectif", "individuel"], default="collectif")
    parser.add_argument("--regles", metavar="ID", help="forcer un jeu de règles de data/regles (ex. chef-doeuvre-2019)")
    parser.add_argument("--pfmp", metavar="REGLE", help="règle de PFMP du référentiel (ex. guide-grand-est)")
    add_plan_options(parser, "année scolaire de la Première, ex. 2025-2026 (défaut : l'année en cours)")


def run(args: argparse.Namespace) -> int:
    from ..bank import open_bank
    from ..services.plans import propose_project

    bank = open_bank(args.banque)
    plan = propose_project(
        bank, args.referentiel, args.school_year, args.scenarios, args.theme, args.modalite, args.regles, args.pfmp
    )
    if not args.json:
        for year in plan.years:
            pfmp = [w.number for w in year.weeks if w.kind == "pfmp"]
            echo(f"{year.label} : {french_number(year.hours)} h, PFMP semaines {', '.join(map(str, pfmp))}")
        if plan.oral:
            echo(f"Oral final : {plan.oral.title} — {plan.oral.timing}")
    return finish(plan, bank, args)
