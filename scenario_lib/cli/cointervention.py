"""`scenario-lib cointervention`: propose a co-intervention plan from a scenario of the bank, check its hours."""

from __future__ import annotations

import argparse

from ..errors import SpiraleError


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--banque", metavar="DOSSIER", help="dossier de la banque (défaut : ~/Spirale/banque)")
    parser.add_argument("--enregistrer", action="store_true", help="enregistrer le plan dans la banque")
    parser.add_argument("--json", action="store_true", help="afficher le plan en JSON")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO_ID", help="identifiant du scénario dans la banque")
    parser.add_argument("--discipline", required=True, choices=["francais", "mathematiques"])
    parser.add_argument("--annee", metavar="AAAA-AAAA", help="année scolaire (défaut : l'année en cours)")
    parser.add_argument("--tache", type=int, default=None, metavar="N",
                        help="numéro de la tâche de la situation travaillée avec l'enseignant de français ou de "
                             "mathématiques (défaut : la première tâche reliée au référentiel des activités "
                             "professionnelles)")
    add_common(parser)


def load_scenarios(bank, ids: list[str]) -> list:
    scenarios = []
    for doc_id in ids:
        doc = bank.get(doc_id)
        if doc.doc_type != "scenario":
            raise SpiraleError(f"« {doc_id} » est un document de type « {doc.doc_type} », pas un scénario")
        scenarios.append(doc)
    return scenarios


def finish(plan, bank, args: argparse.Namespace, report) -> int:
    """Save if asked, then print the plan (JSON or summary) and the French check messages."""
    if args.enregistrer:
        plan = bank.save(plan)
    if args.json:
        print(plan.model_dump_json(indent=2))
    else:
        print(plan.title)
        print(f"identifiant : {plan.id}" + (" (enregistré dans la banque)" if args.enregistrer else ""))
        print("\n".join(report.messages))
    return 0 if report.ok else 1


def run(args: argparse.Namespace) -> int:
    from ..bank import open_bank
    from ..planning.cointervention import check_hours, propose_cointervention

    bank = open_bank(args.banque)
    scenario = load_scenarios(bank, [args.scenario])[0]
    plan = propose_cointervention(scenario, args.discipline, args.annee, args.tache)
    report = check_hours(plan, bank)
    if not args.json:
        print(f"Tâche travaillée : {plan.task} ({plan.task_choice})")
        print(f"Capacités de {plan.discipline_label.lower()} en {plan.level_label} :")
        for cap in plan.capacities:
            print(f"  - {cap.title} [{cap.origin}]")
        programme = plan.programme
        print(f"  - Capacités du programme officiel : {programme['text']} ({programme['note']})")
        for number, phase in enumerate(plan.phases, 1):
            print(f"{number}. {phase.title} ({phase.minutes} min, {phase.mode})\n"
                  f"   enseignant de vente : {phase.role_professional}\n"
                  f"   enseignant de {plan.discipline_label.lower()} : {phase.role_general}")
    return finish(plan, bank, args, report)
