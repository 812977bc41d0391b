import copy

import pytest

from scenario_lib.bank import Bank
from scenario_lib.document import parse_document

BASE = {
    "doc_type": "scenario",
    "title": "Conseiller un client en boulangerie",
    "level": "seconde",
    "authors": ["Mme Leroy", "M. Haddad"],
    "context": {
        "name": "Boulangerie Au Bon Pain",
        "sector": "boulangerie",
        "market": "B to C",
        "channel": "face-à-face",
        "product": "pains spéciaux",
        "target": "familles du quartier",
    },
    "mission": "Accueillir les clients et conseiller les pains spéciaux du week-end.",
    "tasks": [
        {"title": "Accueillir et découvrir le besoin", "duration_hours": 2, "rap_task": "T1.04"},
        {"title": "Noter la satisfaction", "duration_hours": 1, "rap_task": "T2.05"},
    ],
    "competences": ["1.2", "2.4"],
}


@pytest.fixture
def scenario_data():
    """A fresh valid scenario dict; pass overrides as keyword arguments."""

    def make(**overrides):
        data = copy.deepcopy(BASE)
        data.update(overrides)
        return data

    return make


@pytest.fixture
def make_scenario(scenario_data):
    return lambda **overrides: parse_document(scenario_data(**overrides))


@pytest.fixture
def bank(tmp_path):
    return Bank(tmp_path / "banque")
