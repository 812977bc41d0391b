"""`scenario-lib proposer`: décloisonnées situations at the right level, explained, as text or JSON."""

from __future__ import annotations

import argparse
import json

from ..referential import DEFAULT, load_referential
from ..scenario.proposer import Proposal, propose
from ..scenario.spiral import decline
from ..text import french_number
from ..typography import typeset
from .output import echo, emit, wrap


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _hours(value: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre d'heures attendu, pas « {value} »") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--referentiel", default=DEFAULT, metavar="NOM|DOSSIER",
                        help=f"référentiel à utiliser (défaut : {DEFAULT})")
    parser.add_argument("--niveau", help="seconde, premiere, terminale (titre professionnel : formation) ; "
                                         "défaut : le premier niveau du référentiel")
    parser.add_argument("--blocs", type=_list, default=[], metavar="1,4B", help="blocs à mobiliser ensemble")
    parser.add_argument("--competences", type=_list, default=[], metavar="1.2,4B.3", help="compétences exigées")
    parser.add_argument("--exclure", type=_list, default=[], metavar="2.3", help="compétences à ne pas mobiliser")
    parser.add_argument("--couvertes", type=_list, default=[], metavar="1.1,1.2",
                        help="compétences déjà travaillées (les nouvelles sont privilégiées)")
    parser.add_argument("--secteur", help="secteur d'activité du contexte (ex. automobile)")
    parser.add_argument("--marche", help="B to B ou B to C")
    parser.add_argument("--canal", help="face-à-face, à distance ou omnicanal")
    parser.add_argument("--heures", type=_hours, help="volume horaire total de la situation")
    parser.add_argument("-n", type=int, default=5, help="nombre de propositions (défaut : 5)")
    parser.add_argument("--graine", type=int, help="graine du hasard, pour retrouver les mêmes propositions")
    parser.add_argument("--spirale", action="store_true",
                        help="décliner aussi chaque proposition en Seconde, Première et Terminale")
    parser.add_argument("--json", action="store_true", help="sortie JSON (liste de propositions)")


def _text(index: int, proposal: Proposal, official: frozenset[str]) -> list[str]:
    """The proposal as typeset lines; the explanation quotes block and competence titles, kept word for word."""
    sc = proposal.scenario
    lines = [typeset(f"{index}. {sc.title}"),
             typeset(f"   Niveau : {sc.level_label} — blocs {', '.join(proposal.blocks)} — compétences "
                     f"{', '.join(sc.competences)} — {french_number(sc.total_hours)} h — score "
                     f"{french_number(proposal.score)}")]
    lines += wrap(f"Mission : {sc.mission}", 100, "   ")
    for task in sc.tasks:
        lines.append(typeset(f"   • {task.title} ({french_number(task.duration_hours)} h, {task.modality.value}, "
                             f"{task.rap_task})"))
    lines.append(typeset("   Pourquoi :"))
    for line in proposal.explanation.splitlines():
        lines += wrap(line, 100, "     ", "       ", official)
    return lines


def run(args: argparse.Namespace) -> int:
    ref = load_referential(args.referentiel)
    level = args.niveau or ref.levels[0].code
    proposals = propose(args.referentiel, level, n=args.n, blocks_required=args.blocs,
                        competences_required=args.competences, competences_excluded=args.exclure,
                        sector=args.secteur, market=args.marche, channel=args.canal, hours=args.heures,
                        covered=args.couvertes, seed=args.graine)
    variants = [decline(p.scenario, seed=args.graine) if args.spirale else {} for p in proposals]
    if args.json:
        out = []
        for proposal, declined in zip(proposals, variants):
            item = proposal.to_dict()
            if declined:
                item["spirale"] = {lv: sc.model_dump(mode="json") for lv, sc in declined.items()}
            out.append(item)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    echo(f"{len(proposals)} proposition(s) — {ref.short_title}, niveau {ref.level_info(level).label}\n")
    for index, (proposal, declined) in enumerate(zip(proposals, variants), start=1):
        emit(*_text(index, proposal, ref.official_texts))
        for lv, sc in declined.items():
            echo(f"   Spirale — {sc.level_label} : " + ", ".join(lever.title for lever in sc.levers))
        print()
    return 0
