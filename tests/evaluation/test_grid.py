from datetime import date

import pytest
from pydantic import ValidationError

from scenario_lib.document import parse_document
from scenario_lib.errors import SpiraleError
from scenario_lib.evaluation import copy_previous, filled_count, new_evaluation, parse_level, set_column, set_level
from scenario_lib.validation import InvalidDocumentError


@pytest.fixture
def grid(ref, pupils):
    return new_evaluation(
        ref,
        pupils,
        situation_title="Vente conseil",
        competences=["4B.3", "1.1"],
        sub_competences=["4B.3.2"],
        year="premiere",
        when=date(2025, 10, 1),
        attitudes=["AP06"],
    )


def test_columns_follow_the_situation_then_the_whole_competence(ref, grid):
    # 4B.3 is named with one sub-competence: only that one; 1.1 is named alone: all of its sub-competences.
    assert grid.columns == [s.code for s in ref.competence("1.1").sub_competences] + ["4B.3.2"]
    assert filled_count(grid) == (0, len(grid.rows) * (len(grid.columns) + 1))


def test_keyboard_entries_are_read_as_official_codes(ref):
    scale = ref.scale("positionnement")
    assert [parse_level(t, scale) for t in ("a", " D ", "expert", "Non évalué", "ne", "", "novice")] == [
        "A",
        "D",
        "E",
        "NE",
        "NE",
        "",
        "N",
    ]
    with pytest.raises(SpiraleError, match="« Z » inconnu"):
        parse_level("Z", scale)


def test_entry_returns_new_frozen_grids(grid, pupils):
    key = pupils[0].key
    after = set_level(grid, key, "4B.3.2", "A")
    assert after.row(key).levels == {"4B.3.2": "A"} and grid.row(key).levels == {}
    with pytest.raises(ValidationError, match="frozen"):
        after.title = "autre"
    cleared = set_level(after, key, "4B.3.2", "")
    assert cleared.row(key).levels == {}
    with pytest.raises(SpiraleError, match="n'est pas une colonne"):
        set_level(grid, key, "2.1.1", "A")
    with pytest.raises(Exception, match="niveau « Q » inconnu"):
        set_level(grid, key, "4B.3.2", "Q")


def test_whole_column_and_only_blank(grid, pupils):
    one = set_level(grid, pupils[1].key, "AP06", "E")
    filled = set_column(one, "AP06", "D", only_blank=True)
    assert [r.attitudes["AP06"] for r in filled.rows] == ["D", "E"] + ["D"] * (len(pupils) - 2)
    assert {r.attitudes["AP06"] for r in set_column(one, "AP06", "N").rows} == {"N"}


def test_copy_previous_keeps_shared_columns_only(ref, grid, pupils):
    before = new_evaluation(
        ref,
        pupils[:3],
        situation_title="Avant",
        competences=["4B.3"],
        year="premiere",
        when=date(2025, 9, 1),
        attitudes=["AP06", "AP01"],
    )
    before = set_column(set_column(before, "4B.3.2", "D"), "4B.3.1", "A")
    before = set_column(before, "AP01", "E")
    copied = copy_previous(grid, before)
    assert [r.levels for r in copied.rows[:3]] == [{"4B.3.2": "D"}] * 3  # 4B.3.1 is not in this grid
    assert all(r.levels == {} for r in copied.rows[3:])  # pupils absent from the previous grid start blank
    assert all("AP01" not in r.attitudes for r in copied.rows)


def test_stored_form_is_validated_in_french(grid):
    data = grid.model_dump(mode="json")
    data["rows"][0]["levels"] = {"9.9.9": "A"}
    with pytest.raises(InvalidDocumentError, match="n'est pas évalué dans cette situation"):
        parse_document(data)
    data["rows"][0]["levels"] = {}
    data["rows"].append(data["rows"][1])
    with pytest.raises(InvalidDocumentError, match="figure deux fois"):
        parse_document(data)
