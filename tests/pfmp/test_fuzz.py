"""Fuzzing the PFMP inputs a teacher or a tutor sends back: any bytes give a result or a French refusal.

Class lists (CSV and XLSX bytes) and filled grids (XLSX bytes, byte-level and cell-level mutations of a real
grid): never an uncaught exception, the refusal names the file, and a refusal leaves the bank untouched.
"""

from __future__ import annotations

import contextlib
import io
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from scenario_lib.errors import SpiraleError
from scenario_lib.pfmp import (
    build_booklets,
    generate_booklets,
    import_results,
    read_class_list,
    write_booklet_workbook,
)
from scenario_lib.pfmp.pupils import ClassListError
from scenario_lib.referential import load_referential
from tests.fuzzing import FUZZ, mutated, snapshot

VALID_CSV = (
    "nom;prénom;classe;entreprise;tuteur;début;fin\nMartin;Léa;1MCVB;Optique Plus;M. Roux;05/01/2026;"
    "30/01/2026\nN'Diaye;Maël;1MCVB;Garage du Centre;Mme Girard;;\n"
).encode()


def _xlsx_bytes() -> bytes:
    wb = Workbook()
    for row in (
        ["Nom", "Prénom", "Classe", "Entreprise"],
        ["Martin", "Léa", "1MCVB", "Optique"],
        ["Roux", "Noé", "1MCVB", 12],
    ):
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


VALID_XLSX = _xlsx_bytes()
REF = load_referential("bacpro-mcv-b")  # not the fixture: hypothesis would print it in every report


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _class_list_outcome(path, ref, bank):
    """Read then generate, as `scenario-lib pfmp livrets` does; on refusal the bank must be unchanged."""
    before = snapshot(bank)
    try:
        pupils = read_class_list(path)
    except ClassListError as exc:
        assert path.name in str(exc) and "Traceback" not in str(exc)
        assert snapshot(bank) == before
        return None
    assert pupils and all(p.last_name and p.first_name and p.grade for p in pupils)
    try:
        generate_booklets(pupils, "premiere", ref, bank, bank / "sortie")
    except SpiraleError as exc:  # e.g. a list mixing classes
        assert "classe" in str(exc)
        assert snapshot(bank) == before
    return pupils


@FUZZ
@given(raw=st.one_of(mutated(VALID_CSV), st.binary(max_size=300)), suffix=st.sampled_from([".csv", ".txt"]))
def test_any_csv_bytes_give_pupils_or_a_french_refusal(place, raw, suffix):
    bank = place / "banque-csv"
    shutil.rmtree(bank, ignore_errors=True)
    bank.mkdir()
    path = place / f"liste{suffix}"
    path.write_bytes(raw)
    _class_list_outcome(path, REF, bank)


@FUZZ
@given(raw=st.one_of(mutated(VALID_XLSX), st.binary(max_size=300)))
def test_any_xlsx_bytes_give_pupils_or_a_french_refusal(place, raw):
    bank = place / "banque-xlsx"
    shutil.rmtree(bank, ignore_errors=True)
    bank.mkdir()
    path = place / "liste.xlsx"
    path.write_bytes(raw)
    _class_list_outcome(path, REF, bank)


@FUZZ
@given(
    cells=st.lists(st.tuples(st.integers(1, 6), st.integers(1, 4)), max_size=3),
    values=st.lists(st.one_of(st.text(max_size=30), st.integers(-(10**6), 10**6), st.none()), min_size=3, max_size=3),
)
def test_any_header_and_cells_in_a_class_workbook(place, cells, values):
    wb = load_workbook(io.BytesIO(VALID_XLSX))
    for (row, column), value in zip(cells, values):
        try:
            wb.active.cell(row=row, column=column).value = value
        except IllegalCharacterError:  # openpyxl itself refuses control characters: no file to read
            return
    path = place / "cellules.xlsx"
    wb.save(path)
    bank = place / "banque-cellules"
    shutil.rmtree(bank, ignore_errors=True)
    bank.mkdir()
    _class_list_outcome(path, REF, bank)


# --- filled grids -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grid(place):
    """A real filled grid of Martin Léa, already imported once into a class bank (the state to protect)."""
    (place / "classe.csv").write_bytes(VALID_CSV)
    pupils = read_class_list(place / "classe.csv")
    booklet = build_booklets(pupils, "premiere", REF)[0]
    path = write_booklet_workbook(booklet, place / "grille.xlsx", REF)
    wb = load_workbook(path)
    wb["Compétences"]["D3"] = "A"
    wb.save(path)
    bank = place / "banque-grilles"
    import_results([path], pupils, REF, bank)
    return pupils, path.read_bytes(), bank


def _grid_outcome(place, ref, pupils, raw, bank):
    path = place / "remplie.xlsx"
    path.write_bytes(raw)
    before = snapshot(bank)
    outcome = import_results([path], pupils, ref, bank)
    set_aside = outcome.blank + outcome.refused
    if set_aside:
        assert not outcome.booklets and len(set_aside) == 1
        assert "remplie.xlsx" in set_aside[0] and "Traceback" not in set_aside[0]
        assert snapshot(bank) == before
        return
    assert len(outcome.saved) == 1 and outcome.saved[0].pupil.last_name in ("Martin", "N'Diaye")


@FUZZ
@given(data=st.data())
def test_any_grid_bytes_import_or_are_refused_leaving_the_bank_untouched(place, grid, data):
    pupils, raw, bank = grid
    _grid_outcome(place, REF, pupils, data.draw(st.one_of(mutated(raw), st.binary(max_size=200))), bank)


SHEETS = ["Élève", "_spirale", "Compétences", "Attitudes"]


@FUZZ
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from(SHEETS),
            st.integers(1, 40),
            st.integers(1, 7),
            st.one_of(
                st.text(max_size=40),
                st.sampled_from(
                    [
                        "A",
                        "E",
                        "NE",
                        "livret-premiere-durand-lea",
                        "../../x",
                        "=1+1",
                        "terminale",
                        "premiere",
                        "<b>x</b>",
                        "1.1.1",
                        "tp-conseiller-commercial",
                    ]
                ),
                st.integers(-5, 5),
                st.floats(allow_nan=True),
                st.none(),
            ),
        ),
        min_size=1,
        max_size=6,
    ),
    delete=st.one_of(st.none(), st.tuples(st.sampled_from(SHEETS), st.integers(1, 40))),
)
def test_any_edit_of_a_real_grid_imports_or_is_refused(place, grid, changes, delete):
    pupils, raw, bank = grid
    wb = load_workbook(io.BytesIO(raw))
    for sheet, row, column, value in changes:
        with contextlib.suppress(IllegalCharacterError):  # openpyxl refuses control characters itself
            wb[sheet].cell(row=row, column=column).value = value
    if delete:
        wb[delete[0]].delete_rows(delete[1])
    out = io.BytesIO()
    wb.save(out)
    _grid_outcome(place, REF, pupils, out.getvalue(), bank)
