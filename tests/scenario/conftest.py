"""Shared helpers for the scenario tests: the bundled referentials and Spirale's data, loaded once."""
import pytest

from scenario_lib.referential import load_referential
from scenario_lib.scenario.pedagogy import load_pedagogy


@pytest.fixture(scope="session")
def mcv():
    return load_referential("bacpro-mcv-b")


@pytest.fixture(scope="session")
def tp():
    return load_referential("tp-conseiller-commercial")


@pytest.fixture(scope="session")
def pedagogy():
    return load_pedagogy()
