"""`scenario-lib cointervention`: propose a co-intervention plan from a scenario of the bank, check its hours."""

from __future__ import annotations

import argparse

from . import options
from .output import echo


def parents() -> list[argparse.ArgumentParser]:
    return [options.bank(), options.as_json()]


def add_plan_options(parser: argparse.ArgumentParser, year_help: str) -> None:
    """What the co-intervention and projet commands share: the school year and saving the plan."""
    parser.add_argument("--annee-scolaire", dest="school_year", metavar="AAAA-AAAA", help=year_help)
    options.hidden_alias(parser, "--annee", "school_year", metavar="AAAA-AAAA")
    parser.add_argument("--enregistrer", action="store_true", help="enregistrer le plan dans la banque")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO_ID", help="identifiant du scénario dans la banque")
    parser.add_argument("--discipline", required=True, choices=["francais", "mathematiques"])
    parser.add_argument(
        "--tache",
        type=int,
        default=None,
        metavar="N",
        help="numéro de la tâche de la situation travaillée avec l'enseignant de français ou de "
        "mathématiques (défaut : la première tâche reliée au référentiel des activités "
        "professionnelles)",
    )
    add_plan_options(parser, "année scolaire, ex. 2025-2026 (défaut : l'année en cours)")


def finish(plan, bank, args: argparse.Namespace) -> int:
    """Save if asked, then print the plan (JSON or summary) and the French check messages."""
    from ..services.plans import check_plan, save_plan

    if args.enregistrer:
        plan, report, _ = save_plan(bank, plan)
    else:
        report = check_plan(bank, plan)
    if args.json:
        print(plan.model_dump_json(indent=2))
    else:
        echo(plan.title)
        if args.enregistrer:
            echo(f"Enregistré dans la banque (identifiant {plan.id}).")
        echo(*report.messages)
    return 0 if report.ok else 1


def run(args: argparse.Namespace) -> int:
    from ..bank import open_bank
    from ..services.plans import propose_cointervention

    bank = open_bank(args.banque)
    plan = propose_cointervention(bank, args.scenario, args.discipline, args.school_year, args.tache)
    if not args.json:
        print(f"Tâche travaillée : {plan.task} ({plan.task_choice})")
        print(f"Capacités de {plan.discipline_label.lower()} en {plan.level_label} :")
        for cap in plan.capacities:
            print(f"  - {cap.title} [{cap.origin}]")
        programme = plan.programme
        print(f"  - Capacités du programme officiel : {programme['text']} ({programme['note']})")
        for number, phase in enumerate(plan.phases, 1):
            print(
                f"{number}. {phase.title} ({phase.minutes} min, {phase.mode})\n"
                f"   enseignant de vente : {phase.role_professional}\n"
                f"   enseignant de {plan.discipline_label.lower()} : {phase.role_general}"
            )
    return finish(plan, bank, args)
