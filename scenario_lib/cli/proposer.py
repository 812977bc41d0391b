"""`scenario-lib proposer`: décloisonnées situations at the right level, explained, as text or JSON."""

from __future__ import annotations

import argparse
import json

from ..referential import load_referential
from ..scenario.proposer import Proposal
from ..scenario.spiral import explain_declension
from ..services.documents import level_label
from ..services.proposals import decline, propose
from ..text import french_number
from ..typography import typeset
from . import options
from .output import echo, emit, wrap


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _hours(value: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre d'heures attendu, pas « {value} »") from None


def parents() -> list[argparse.ArgumentParser]:
    return [options.referential(), options.as_json()]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--niveau",
        help="seconde, premiere, terminale (titre professionnel : formation) ; "
        "défaut : le premier niveau du référentiel",
    )
    parser.add_argument("--blocs", type=_list, default=[], metavar="1,4B", help="blocs à mobiliser ensemble")
    parser.add_argument("--competences", type=_list, default=[], metavar="1.2,4B.3", help="compétences exigées")
    parser.add_argument("--exclure", type=_list, default=[], metavar="2.3", help="compétences à ne pas mobiliser")
    parser.add_argument(
        "--couvertes",
        type=_list,
        default=[],
        metavar="1.1,1.2",
        help="compétences déjà travaillées (les nouvelles sont privilégiées)",
    )
    parser.add_argument("--secteur", help="secteur d'activité du contexte (ex. automobile)")
    parser.add_argument("--marche", help="B to B ou B to C")
    parser.add_argument("--canal", help="face-à-face, à distance ou omnicanal")
    parser.add_argument("--heures", type=_hours, help="volume horaire total de la situation")
    parser.add_argument("-n", type=int, default=5, help="nombre de propositions (défaut : 5)")
    parser.add_argument("--graine", type=int, help="graine du hasard, pour retrouver les mêmes propositions")
    parser.add_argument(
        "--spirale",
        action="store_true",
        help="décliner aussi chaque proposition à chaque niveau que son archétype prévoit (Seconde, Première, Terminale ; "
        "une situation B to B n'a pas de Seconde), avec les tâches propres à chaque niveau",
    )


def _width() -> int:
    """The terminal's width (an 80-column terminal gets 80-column lines), 100 when printing to a file."""
    import shutil

    return max(60, min(100, shutil.get_terminal_size((100, 24)).columns))


def _wrap(text: str, indent: str, official: frozenset[str] = frozenset(), width: int | None = None) -> list[str]:
    """Typeset, then wrapped (no line starts with « : »); official wordings quoted in it stay word for word."""
    return wrap(text, width or _width(), indent, indent + "  ", official)


def _tasks(sc, official: frozenset[str]) -> list[str]:
    lines = []
    for number, task in enumerate(sc.tasks, start=1):
        code = f", {task.rap_task}" if task.rap_task else ""
        lines += _wrap(
            f"{number}. {task.title} ({french_number(task.duration_hours)} h, {task.modality.value}, "
            f"{task.channel.value}{code})",
            "   ",
            official,
        )
        lines += [f"        – {criterion}" for criterion in task.criteria]  # official wording, as it is
    if sc.incident:
        inc = sc.incident
        lines += _wrap(
            f"Situation critique (tâche n° {inc.task_number}) : {inc.title.rstrip('.')}. {inc.text}", "   ", official
        )
        lines += [typeset(f"        – observé : {criterion}") for criterion in inc.criteria]
    return lines


def _text(index: int, proposal: Proposal, official: frozenset[str]) -> list[str]:
    """The proposal as typeset lines; the explanation quotes block and competence titles, kept word for word."""
    sc = proposal.scenario
    lines = _wrap(f"{index}. {sc.title}", "", official)
    lines += _wrap(
        f"Niveau : {sc.level_label} — blocs {', '.join(proposal.blocks)} — "
        f"compétences {', '.join(sc.competences)} — {french_number(sc.total_hours)} h",
        "   ",
        official,
    )
    lines += _wrap(f"Mission : {sc.mission}", "   ", official)
    lines += _tasks(sc, official)
    lines.append(typeset("   Pourquoi :"))
    for line in proposal.explanation.splitlines():
        lines += _wrap(line, "     ", official)
    return lines


def _spiral(declined: dict, official: frozenset[str]) -> list[str]:
    lines = [typeset("   Spirale :")]
    for sc in declined.values():
        lines.append(typeset(f"   — {sc.level_label} : {french_number(sc.total_hours)} h"))
        lines += ["  " + line for line in _tasks(sc, official)]
    for line in explain_declension(declined).splitlines():
        lines += _wrap(line, "     ", official)
    return lines


def run(args: argparse.Namespace) -> int:
    ref = load_referential(args.referentiel)
    level = args.niveau or ref.levels[0].code
    proposals = propose(
        args.referentiel,
        level,
        n=args.n,
        blocks_required=args.blocs,
        competences_required=args.competences,
        competences_excluded=args.exclure,
        sector=args.secteur,
        market=args.marche,
        channel=args.canal,
        hours=args.heures,
        covered=args.couvertes,
        seed=args.graine,
    )
    variants = [decline(p.scenario, seed=args.graine) if args.spirale else {} for p in proposals]
    if args.json:
        out = []
        for rank, (proposal, declined) in enumerate(zip(proposals, variants), start=1):
            item = proposal.to_dict(rank)
            if declined:
                item["spirale"] = {lv: sc.model_dump(mode="json") for lv, sc in declined.items()}
                item["spirale_explication"] = explain_declension(declined)
            out.append(item)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    echo(f"{len(proposals)} proposition(s) — {ref.short_title}, niveau {level_label(ref, level)}\n")
    for index, (proposal, declined) in enumerate(zip(proposals, variants), start=1):
        emit(*_text(index, proposal, ref.official_texts))
        if declined:
            emit(*_spiral(declined, ref.official_texts))
        print()
    return 0
