"""A real bank on disk holding the sample bank and a hand-written scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_lib.bank import Bank
from scenario_lib.scenario import parse_scenario


def scenario_data(**changes) -> dict:
    data = {
        "title": "Lancement d'une gamme de vélos électriques",
        "authors": ["Mme Durand"],
        "level": "premiere",
        "context": {
            "name": "Cycles Martin",
            "sector": "cycles et mobilité",
            "market": "B to C",
            "channel": "omnicanal",
            "product": "vélos à assistance électrique",
            "target": "actifs urbains",
        },
        "mission": "Préparer et animer l'opération de lancement en magasin et sur le site marchand.",
        "tasks": [
            {"title": "Analyser la clientèle", "duration_hours": 2, "rap_task": "T3.01"},
            {"title": "Conduire l'entretien de vente", "duration_hours": 3, "rap_task": "T1.05"},
        ],
        "competences": ["1.2", "3.1"],
        "sub_competences": ["1.2.1"],
        "tools": ["CRM"],
    }
    data.update(changes)
    return data


@pytest.fixture
def scenario():
    return parse_scenario(scenario_data())


@pytest.fixture
def bank_dir(sample_bank, scenario) -> Path:
    Bank(sample_bank).save(scenario)
    return sample_bank


@pytest.fixture
def saved(bank_dir, scenario):
    """The scenario as the bank stores it (revision 1)."""
    return Bank(bank_dir).get(scenario.id)
