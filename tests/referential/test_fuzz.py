"""Fuzzing referential inputs: Moodle CSV imports and mutated copies of a small referential folder.

Any bytes give a valid referential or a French `SpiraleError` naming the file; never another exception.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_lib.errors import SpiraleError
from scenario_lib.referential.loader import load_folder
from scenario_lib.referential.model import Referential
from scenario_lib.referential.moodle import import_moodle_csv
from tests.fuzzing import FUZZ, mutated

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MOODLE = (FIXTURES / "moodle" / "cadre_multiniveau.csv").read_bytes()
FOLDER = FIXTURES / "referentiels" / "cap-essai-vente"
FILES = sorted(p.name for p in FOLDER.iterdir())


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-referentiel")


@FUZZ
@given(raw=st.one_of(mutated(MOODLE), st.binary(max_size=400)))
def test_any_moodle_csv_bytes_give_a_referential_or_a_french_error(place, raw):
    path = place / "moodle.csv"
    path.write_bytes(raw)
    try:
        ref = import_moodle_csv(path)
    except SpiraleError as exc:
        assert "moodle.csv" in str(exc) and "Traceback" not in str(exc)
        return
    assert isinstance(ref, Referential) and ref.competences


@FUZZ
@given(name=st.sampled_from(FILES), data=st.data())
def test_any_damaged_file_of_a_referential_folder_is_named(place, name, data):
    folder = place / "cap-essai-vente"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(FOLDER, folder)
    raw = (folder / name).read_bytes()
    (folder / name).write_bytes(data.draw(mutated(raw)))
    try:
        ref = load_folder(folder)
    except SpiraleError as exc:
        message = str(exc)
        assert any(f in message for f in (*FILES, str(folder))) and "Traceback" not in message
        return
    assert isinstance(ref, Referential)


@pytest.mark.parametrize("name", ["referentiel.yaml", "blocs.csv", "competences.csv"])
def test_removing_a_required_file_of_a_referential_folder_is_named(place, name):
    folder = place / f"sans-{name}"
    shutil.copytree(FOLDER, folder)
    (folder / name).unlink()
    with pytest.raises(SpiraleError) as err:
        load_folder(folder)
    assert name.split(".")[0] in str(err.value)
