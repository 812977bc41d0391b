"""Field-by-field merge: the chosen fields end up in the saved revision, and nothing is lost."""

import pytest

from scenario_lib.bank import ConflictError, field_differences, merge_documents
from scenario_lib.validation import InvalidDocumentError


def _conflict(bank, make_scenario):
    """The bank holds a colleague's version; ours was refused and kept as a conflict copy."""
    doc = bank.save(make_scenario())
    mine, theirs = bank.get(doc.id), bank.get(doc.id)
    theirs = theirs.model_copy(
        update={
            "mission": "Mission du collègue",
            "context": theirs.context.model_copy(update={"name": "Boulangerie du Port"}),
        }
    )
    bank.save(theirs)
    task = mine.tasks[0].model_copy(update={"duration_hours": 3})
    mine = mine.model_copy(update={"mission": "Ma mission", "tasks": (task, *mine.tasks[1:])})
    with pytest.raises(ConflictError) as refused:
        bank.save(mine)
    return doc, refused.value.copy


def test_differences_name_each_field_in_french(bank, make_scenario):
    doc, copy = _conflict(bank, make_scenario)
    [entry] = bank.conflicts(doc.id)
    differences = field_differences(bank.get(doc.id), bank._as_document(entry))
    labels = [d.label for d in differences]
    assert labels == ["contexte › nom", "mission", "tâches"], labels
    tasks = differences[-1]
    assert tasks.path == ("tasks",) and any("n° 1" in line and "3" in line for line in tasks.details)
    assert all("revision" not in d.path and "updated" not in d.path for d in differences)


def test_merge_saves_the_chosen_fields_as_a_new_revision(bank, make_scenario):
    doc, copy = _conflict(bank, make_scenario)
    before = bank.entry(doc.id).revision
    merged = bank.merge(doc.id, bank.conflicts(doc.id)[0], {("mission",), ("tasks",)})
    assert merged.revision == before + 1
    stored = bank.get(doc.id)
    assert stored.mission == "Ma mission" and stored.tasks[0].duration_hours == 3  # mine
    assert stored.context.name == "Boulangerie du Port"  # theirs, kept
    # nothing lost: the colleague's version in the history, my refused copy in the trash
    assert bank.revision(doc.id, before).mission == "Mission du collègue"
    assert bank.conflicts(doc.id) == [] and not copy.exists()
    assert any(e.id == doc.id and e.path.name.endswith(copy.name) for e in bank.trash())


def test_an_invalid_combination_is_refused_in_french_and_nothing_is_saved(bank, make_scenario):
    doc = bank.save(make_scenario())
    other = doc.model_copy(update={"competences": []}, deep=True)
    with pytest.raises(InvalidDocumentError):
        merge_documents(bank.get(doc.id), other.model_copy(update={"title": ""}), {("title",)})
    assert bank.get(doc.id).title == doc.title
