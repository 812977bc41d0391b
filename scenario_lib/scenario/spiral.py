"""Spiral declension: one situation revisited each year at a rising complexity.

Seconde (situation courante), Première (situation plus complexe), Terminale (situation critique) keep the same
company context, mission, tasks and competences; what rises is the set of complexity levers (each level keeps
the previous level's dimensions and adds new ones), the autonomy expected (a lever dimension) and the
productions asked for.
"""

from __future__ import annotations

import random
import re

from ..document import new_id
from ..referential import load_referential
from .model import LEVEL_LABELS, Scenario, parse_scenario
from .pedagogy import load_pedagogy

_LEVEL_SUFFIX = re.compile(r"\s*\((?:" + "|".join(map(re.escape, LEVEL_LABELS.values())) + r")\)\s*$", re.I)
TITLE_MAX = 300


def base_title(title: str) -> str:
    """The title without a level suffix added by a previous declension."""
    return _LEVEL_SUFFIX.sub("", title)


def _with_level(title: str, level: str) -> str:
    """« Titre (Première) », the base title shortened if needed so the whole stays a valid title."""
    suffix = f" ({LEVEL_LABELS.get(level, level)})"
    return title[: TITLE_MAX - len(suffix)].rstrip() + suffix


def decline(scenario: Scenario, seed: int | str | None = None) -> dict[str, Scenario]:
    """The scenario at every level of its referential, in order, as new documents (new ids).

    Optional levers already in the scenario are kept as the thread of the spiral; levers a teacher wrote
    (codes Spirale does not know) are kept at every level. Same scenario and seed → same variants.
    """
    ref = load_referential(scenario.referential)
    ped = load_pedagogy()
    levels = [lv.code for lv in ref.levels]
    rng = random.Random(scenario.id if seed is None else seed)
    spirale_levers = {lv.code: lv for lv in ped.levers}
    own = [lv for lv in scenario.levers if lv.code not in spirale_levers]
    thread = {spirale_levers[lv.code].dimension for lv in scenario.levers if lv.code in spirale_levers}
    every_level_production = {p for productions in ped.level_productions.values() for p in productions}
    base_productions = [p for p in scenario.productions if p not in every_level_production]
    title = base_title(scenario.title)
    variants: dict[str, Scenario] = {}
    for level in levels:
        chosen = ped.choose_levers(level, rng, keep=thread)
        thread |= {lv.dimension for lv in chosen}
        data = scenario.model_dump()
        data.update(
            id=new_id(), revision=0, level=level,
            title=_with_level(title, level) if len(levels) > 1 else title,
            levers=[lv.as_lever().model_dump() for lv in chosen] + [lv.model_dump() for lv in own],
            productions=list(dict.fromkeys([*base_productions, *ped.productions_up_to(levels, level)])),
        )
        variants[level] = parse_scenario(data)
    return variants
