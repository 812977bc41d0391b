"""Spiral declension: one situation revisited each year at a rising complexity.

« Les éléments de contextualisation, le périmètre des activités et/ou leur nature viennent ainsi graduer la
complexité » (guide régional). A situation built from an archetype is rebuilt from the archetype's level
variants, in the same company context: each level has its own scope, tasks, hours, productions and autonomy,
and the critical level its one critical incident. A teacher's own situation (no archetype) keeps its tasks and
only its complexity levers change, a few per level, never stacked.
"""

from __future__ import annotations

import random
import re

from ..document import new_id
from ..referential import load_referential
from ..text import french_number
from .model import LEVEL_LABELS, Scenario, parse_scenario
from .pedagogy import load_pedagogy
from .proposer import build_scenario, sentence_lower

_LEVEL_SUFFIX = re.compile(r"\s*\((?:" + "|".join(map(re.escape, LEVEL_LABELS.values())) + r")\)\s*$", re.I)
TITLE_MAX = 300
GUIDE = (
    "Les éléments de contextualisation, le périmètre des activités et/ou leur nature viennent ainsi "
    "graduer la complexité"
)


def base_title(title: str) -> str:
    """The title without a level suffix added by a previous declension."""
    return _LEVEL_SUFFIX.sub("", title)


def _with_level(title: str, level: str) -> str:
    """« Titre (Première) », the base title shortened if needed so the whole stays a valid title."""
    suffix = f" ({LEVEL_LABELS.get(level, level)})"
    return title[: TITLE_MAX - len(suffix)].rstrip() + suffix


def decline(scenario: Scenario, seed: int | str | None = None) -> dict[str, Scenario]:
    """The scenario at every level of its referential it can be played at, in order, as new documents (new ids).

    From an archetype: one situation per level variant of the archetype (an archetype without a Seconde variant
    is not declined in Seconde). Without one: the same tasks, the levers of each level. Levers on a dimension
    already in the scenario are kept as the thread of the spiral; levers a teacher wrote (codes Spirale does not
    know) are kept at every level. Same scenario and seed → same variants.
    """
    ref = load_referential(scenario.referential)
    ped = load_pedagogy()
    levels = [lv.code for lv in ref.levels]
    rng = random.Random(scenario.id if seed is None else seed)
    spirale_levers = {lv.code: lv for lv in ped.levers}
    own = [lv for lv in scenario.levers if lv.code not in spirale_levers]
    thread = {spirale_levers[lv.code].dimension for lv in scenario.levers if lv.code in spirale_levers}
    arch = ped.archetype(scenario.archetype) if scenario.archetype else None
    if arch and not any(arch.variant(level) for level in levels):
        arch = None
    title = base_title(scenario.title)
    every_level_production = {p for productions in ped.level_productions.values() for p in productions}
    base_productions = [p for p in scenario.productions if p not in every_level_production]
    variants: dict[str, Scenario] = {}
    for level in levels:
        if arch:
            if arch.variant(level) is None:
                continue
            built = build_scenario(
                ref,
                ped,
                arch,
                ped.context(scenario.context),
                level,
                rng,
                ref_name=scenario.referential,
                keep_dimensions=thread,
            )
            data = built.model_dump()
            data["levers"] = [*data["levers"], *(lv.model_dump() for lv in own)]
            data["authors"] = list(scenario.authors)
        else:
            chosen = ped.choose_levers(level, rng, keep=thread)
            data = scenario.model_dump()
            data.update(
                levers=[lv.as_lever().model_dump() for lv in chosen] + [lv.model_dump() for lv in own],
                productions=list(dict.fromkeys([*base_productions, *ped.productions_up_to(levels, level)])),
                incident=None,
            )
        thread |= {spirale_levers[lv["code"]].dimension for lv in data["levers"] if lv["code"] in spirale_levers}
        data.update(id=new_id(), revision=0, level=level, title=_with_level(title, level) if len(levels) > 1 else title)
        variants[level] = parse_scenario(data, ref)
    return variants


def explain_declension(variants: dict[str, Scenario]) -> str:
    """What changes from one level to the next, along the guide's dimensions (French, one line per level)."""
    if not variants:
        return ""
    ref = load_referential(next(iter(variants.values())).referential)
    lines = []
    for level, sc in variants.items():
        info = ref.level_info(level)
        head = f"{info.label} ({info.complexity}) : "
        hours = f"{len(sc.tasks)} tâche{'s' if len(sc.tasks) > 1 else ''}, {french_number(sc.total_hours)} h"
        if sc.gradation:
            g = sc.gradation
            line = (
                head + f"périmètre : {sentence_lower(g.perimeter)} ; nature : {sentence_lower(g.nature)} ; "
                f"contexte : {sentence_lower(g.context)} ; autonomie : {sentence_lower(g.autonomy)} ({hours})"
            )
        else:
            line = head + f"mêmes tâches ({hours})"
        if sc.levers:
            line += " ; leviers : " + ", ".join(f"« {lv.title} »" for lv in sc.levers)
        if sc.incident:
            line += (
                f" ; situation critique : « {sc.incident.title.rstrip('.')} » dans la tâche "
                f"n° {sc.incident.task_number}"
            )
        lines.append(line + ".")
    with_gradation = any(sc.gradation for sc in variants.values())
    lines.append(
        GUIDE
        + (
            " : chaque niveau a ses propres tâches, durées et productions."
            if with_gradation
            else " ; ici, sans archétype, seuls les leviers de complexité changent d'un niveau à l'autre."
        )
    )
    return "\n".join(lines)
