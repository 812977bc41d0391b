"""Documents are frozen, and their validators read no file: the edge loads the referential once and passes it."""

import random

import pydantic
import pytest

from scenario_lib.document import Referentials, parse_document
from scenario_lib.planning.progression import new_progression
from scenario_lib.planning.progression_samples import random_scenario
from scenario_lib.referential import load_referential, registry
from scenario_lib.scenario.model import Scenario
from scenario_lib.validation import InvalidDocumentError

MCV = load_referential("bacpro-mcv-b")


def _data(number: int = 1, **changes) -> dict:
    data = {
        "title": f"Situation {number}",
        "level": "premiere",
        "mission": "Prospecter par téléphone.",
        "context": {
            "name": "Optique Plus",
            "sector": "optique",
            "market": "B to C",
            "channel": "face-à-face",
            "product": "lunettes",
            "target": "particuliers",
        },
        "tasks": [{"title": "Appeler", "duration_hours": 2, "rap_task": "T4B.04"}],
        "competences": ["1.2", "4B.3"],
        "sub_competences": ["4B.3.4"],
    }
    data.update(changes)
    return data


@pytest.fixture
def loads(monkeypatch):
    """Every call to `load_referential`, wherever it is imported from."""
    calls = []
    real = registry.load_referential

    def counting(name="bacpro-mcv-b"):
        calls.append(name)
        return real(name)

    monkeypatch.setattr(registry, "load_referential", counting)
    monkeypatch.setattr("scenario_lib.referential.load_referential", counting)
    return calls


def test_a_document_and_its_parts_refuse_assignment():
    scenario = parse_document(_data(), "scenario")
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        scenario.title = "Autre titre"
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        scenario.tasks[0].duration_hours = 3
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        scenario.context.name = "Autre"
    assert isinstance(scenario.competences, tuple) and isinstance(scenario.tasks, tuple)


def test_placing_returns_a_new_progression_and_leaves_the_first_unchanged():
    prog = new_progression("bacpro-mcv-b", "1re MCV B")
    week = prog.year("premiere").numbers("cours")[0]
    placed = prog.placed(random_scenario(MCV, "premiere", random.Random(4)), "premiere", week)
    assert prog.placements == () and len(placed.placements) == 1 and placed.placements[0].week == week
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        placed.placements[0].week = week + 1
    with pytest.raises(AttributeError):
        placed.placements.append(placed.placements[0])  # a tuple: no change in place
    assert placed.without(placed.placements[0].scenario_id, "premiere").placements == ()


def test_lists_are_still_written_as_lists():
    dumped = parse_document(_data(), "scenario").model_dump(mode="json")
    assert dumped["competences"] == ["1.2", "4B.3"] and isinstance(dumped["tasks"], list)


def test_validation_without_a_referential_in_context_says_so_in_french():
    with pytest.raises(pydantic.ValidationError) as err:
        Scenario.model_validate(_data())
    message = str(err.value)
    assert "référentiel « bacpro-mcv-b » non fourni à la vérification" in message
    assert "codes ne peuvent pas être contrôlés" in message


def test_a_context_referential_checks_the_codes_without_reading_a_file(loads):
    scenario = Scenario.model_validate(_data(), context={"referential": MCV})
    assert scenario.competences == ("1.2", "4B.3")
    with pytest.raises(pydantic.ValidationError, match="code inconnu « 9.9 »"):
        Scenario.model_validate(_data(competences=["9.9"]), context={"referential": MCV})
    assert loads == []


def test_a_referential_of_another_diploma_is_refused():
    tp = load_referential("tp-conseiller-commercial")
    with pytest.raises(pydantic.ValidationError, match="vérifié avec le référentiel « tp-conseiller-commercial »"):
        Scenario.model_validate(_data(), context={"referential": tp})


def test_parsing_100_scenarios_at_one_edge_loads_the_referential_once(loads):
    referentials = Referentials()
    scenarios = [parse_document(_data(n), "scenario", referentials) for n in range(100)]
    assert len({s.id for s in scenarios}) == 100
    assert loads == ["bacpro-mcv-b"]


def test_an_unknown_referential_is_reported_on_its_field_with_the_other_problems(loads):
    with pytest.raises(InvalidDocumentError) as err:
        parse_document(_data(referential="bts-inconnu", mission=""), "scenario")
    fields = {field for field, _ in err.value.problems}
    assert {"référentiel", "mission"} <= fields
    assert "introuvable" in dict(err.value.problems)["référentiel"]
    assert loads == ["bts-inconnu"]
