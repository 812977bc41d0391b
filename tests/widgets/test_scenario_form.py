import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.widgets.scenario_form import ScenarioForm


def test_loading_then_reading_back_gives_the_same_scenario(scenario):
    form = ScenarioForm()
    form.load(scenario)
    assert form.value().model_dump() == scenario.model_dump()


def test_edits_reach_the_scenario_and_each_edit_is_announced(scenario):
    calls = []
    form = ScenarioForm(on_change=lambda: calls.append(1))
    form.load(scenario)
    assert calls == []  # loading is not an edit
    form.fields["title"].value = "Semaine du vélo"
    form.fields["resources"].value = "catalogue\n\n fiche produit "
    form.market.value = "B to B"
    edited = form.value()
    assert edited.title == "Semaine du vélo"
    assert edited.resources == ("catalogue", "fiche produit")
    assert edited.context.market.value == "B to B"
    assert len(calls) == 3


def test_tasks_can_be_added_moved_and_removed(scenario):
    form = ScenarioForm()
    form.load(scenario)
    form.add_task({"title": "Faire le bilan", "duration_hours": 1.5})
    form.tasks[-1].up.click()
    assert [t.title for t in form.value().tasks] == [
        "Analyser la clientèle",
        "Faire le bilan",
        "Conduire l'entretien de vente",
    ]
    form.tasks[0].remove.click()
    assert form.value().tasks[0].title == "Faire le bilan"
    assert form.value().total_hours == 4.5


def test_competences_by_block_drive_the_decloisonnement_indicator_and_sub_competences(scenario):
    form = ScenarioForm()
    form.load(scenario)
    assert "2 bloc(s)" in form.decloisonnement.value
    form.competence_boxes["4B.3"].value = True
    assert "3 bloc(s)" in form.decloisonnement.value and "4B" in form.decloisonnement.value
    assert any(code.startswith("4B.3.") for _, code in form.sub_competences.options)
    form.competence_boxes["1.2"].value = False
    assert "1.2.1" not in form.sub_competences.value  # a sub-competence leaves with its competence
    assert form.value().competences == ("3.1", "4B.3")


def test_tools_of_the_crossed_blocks_can_be_picked(scenario):
    form = ScenarioForm()
    form.load(scenario)
    tool = form.tool_picker.options[1][1]
    form.tool_picker.value = tool
    assert tool in form.value().tools and form.tool_picker.value == ""


def test_invalid_input_is_refused_in_french_and_the_form_keeps_it(scenario):
    form = ScenarioForm()
    form.load(scenario)
    form.fields["mission"].value = "<script>alert(1)</script>"
    with pytest.raises(SpiraleError, match="balise HTML"):
        form.value()
    assert form.fields["mission"].value == "<script>alert(1)</script>"
