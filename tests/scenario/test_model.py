"""Scenario model: French errors that name the field, and the exported JSON Schema."""

import json

import jsonschema
import pytest

from scenario_lib.paths import data_dir
from scenario_lib.scenario import parse_scenario, propose, scenario_json_schema, write_scenario_schema
from scenario_lib.validation import InvalidDocumentError


def _data(**changes) -> dict:
    data = {
        "title": "Situation",
        "level": "premiere",
        "mission": "Mission",
        "context": {
            "name": "A",
            "sector": "B",
            "market": "B to B",
            "channel": "face-à-face",
            "product": "P",
            "target": "T",
        },
        "tasks": [{"title": "Appeler", "duration_hours": 2, "rap_task": "T4B.04"}],
        "competences": ["1.2", "4B.3"],
        "sub_competences": ["4B.3.4"],
    }
    data.update(changes)
    return data


def _error(**changes) -> InvalidDocumentError:
    with pytest.raises(InvalidDocumentError) as err:
        parse_scenario(_data(**changes))
    return err.value


def test_valid_data_parses():
    assert parse_scenario(_data()).blocks() == ["1", "4B"]


def test_unknown_competence_names_the_field():
    assert "« compétences » : code inconnu « 9.9 »" in str(_error(competences=["1.2", "9.9"]))


def test_sub_competence_outside_the_competences_names_the_field():
    message = str(_error(sub_competences=["2.1.1"]))
    assert "« sous-compétences »" in message and "2.1.1" in message and "« 2.1 »" in message


def test_unknown_sub_competence():
    assert "« sous-compétences » : code inconnu « 4B.3.99 »" in str(_error(sub_competences=["4B.3.99"]))


def test_unknown_level_and_task_name_their_fields():
    err = _error(level="cinquieme", tasks=[{"title": "Appeler", "duration_hours": 2, "rap_task": "T9.01"}])
    fields = dict(err.problems)
    assert "cinquieme" in fields["niveau"]
    assert "T9.01" in fields["tâches"] and "Appeler" in fields["tâches"]


def test_unknown_referential_names_the_field():
    assert "« référentiel »" in str(_error(referential="bts-inconnu"))


def test_schema_file_is_up_to_date(tmp_path):
    written = write_scenario_schema(tmp_path / "scenario.schema.json")
    assert json.loads(written.read_text(encoding="utf-8")) == scenario_json_schema()
    bundled = data_dir() / "schemas" / "scenario.schema.json"
    assert json.loads(bundled.read_text(encoding="utf-8")) == scenario_json_schema()


def test_proposals_validate_against_the_schema():
    schema = scenario_json_schema()
    for p in propose("bacpro-mcv-b", "terminale", n=3, seed=1) + propose(
        "tp-conseiller-commercial", "formation", n=2, seed=1
    ):
        jsonschema.validate(p.scenario.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**_data(), "tasks": []}, schema)


def test_files_without_the_new_fields_still_load():
    old = _data(evaluation_criteria=["Le fichier prospects est exploitable."])
    sc = parse_scenario(old)
    assert sc.incident is None and sc.gradation is None and sc.tasks[0].criteria == ()
    assert sc.evaluation_criteria == ("Le fichier prospects est exploitable.",)


def test_incident_in_a_task_that_does_not_exist_names_the_field():
    incident = {
        "title": "Rupture",
        "text": "Le produit manque.",
        "task_number": 3,
        "task_title": "Appeler",
        "criteria": ["L'élève propose une solution."],
    }
    message = str(_error(incident=incident))
    assert "incident" in message and "n° 3" in message
    assert parse_scenario(_data(incident={**incident, "task_number": 1})).incident.task_title == "Appeler"
