"""Fixtures every test folder shares: the bundled referentials, a copy of the sample bank, the CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from scenario_lib.bank import sample_bank_dir
from scenario_lib.cli import main
from scenario_lib.referential import load_referential

# In CI the property tests draw the same examples every run (reproducible here with CI=true); locally they
# keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def mcv():
    return load_referential("bacpro-mcv-b")


@pytest.fixture(scope="session")
def tp():
    return load_referential("tp-conseiller-commercial")


@pytest.fixture(scope="session")
def ref(mcv):
    """The default referential (Bac Pro MCV option B) under the name most modules use."""
    return mcv


@pytest.fixture
def sample_bank(tmp_path) -> Path:
    """A private copy of `data/banque-exemple/` the test may change freely."""
    return Path(shutil.copytree(sample_bank_dir(), tmp_path / "banque"))


@pytest.fixture
def cli(capsys):
    """`cli("banque", "liste", …)` runs `scenario-lib` in process: (exit code, stdout, stderr)."""

    def run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run
