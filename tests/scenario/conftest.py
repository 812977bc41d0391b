"""Spirale's pedagogy data, loaded once for the scenario tests (the referentials come from tests/conftest.py)."""

import pytest

from scenario_lib.scenario.pedagogy import load_pedagogy


@pytest.fixture(scope="session")
def pedagogy():
    return load_pedagogy()
