"""Progressions shared by the planning tests: a hand-placed one (known counts) and a completed one."""

from __future__ import annotations

import pytest

from scenario_lib.planning.completion import Candidate, complete
from scenario_lib.planning.progression import new_progression
from scenario_lib.planning.progression_samples import random_scenarios
from scenario_lib.scenario.model import Scenario, parse_scenario


def situation(title: str, level: str, competences: list[str], hours: float) -> Scenario:
    return parse_scenario(
        dict(
            title=title,
            level=level,
            context={
                "name": "Optique Plus",
                "sector": "optique",
                "market": "B to C",
                "channel": "face-à-face",
                "product": "lunettes",
                "target": "particuliers",
            },
            mission="Accueillir et conseiller les clients du magasin.",
            tasks=[
                {"title": "Préparer", "duration_hours": hours / 2},
                {"title": "Conduire", "duration_hours": hours / 2},
            ],
            competences=competences,
        )
    )


@pytest.fixture
def placed():
    """Three situations on the Seconde (two the same week, one in co-intervention), one in Première, none after."""
    prog = new_progression("bacpro-mcv-b", "2nde MCV B", "guide-grand-est")
    cours = prog.year("seconde").numbers("cours")
    prog = prog.placed(situation("Accueillir en boutique", "seconde", ["1.1", "2.1"], 6), "seconde", cours[2])
    prog = prog.placed(
        situation("Argumenter à l'oral", "seconde", ["1.1", "3.1"], 4),
        "seconde",
        cours[2],
        slot="cointervention-francais",
    )
    prog = prog.placed(situation("Relancer un client", "seconde", ["2.1"], 3), "seconde", cours[0])
    prog = prog.placed(
        situation("Prospecter au téléphone", "premiere", ["4B.1", "1.1"], 8),
        "premiere",
        prog.year("premiere").numbers("cours")[5],
    )
    return prog


@pytest.fixture
def completed_progression(mcv):
    """A whole cycle filled by the completion from 40 random situations (no proposer)."""
    prog = new_progression("bacpro-mcv-b", "2nde MCV B", "guide-grand-est")
    pool = random_scenarios(mcv, 40, seed=21)
    return complete(prog, mcv, candidates=[Candidate.of(s) for s in pool], propose=False).progression
