"""Drafts: what was typed survives a reload; never a document of the bank; gone once saved."""

import os

from scenario_lib.bank import Bank, Drafts
from scenario_lib.bank.drafts import DRAFTS


def test_a_draft_is_written_atomically_and_never_listed(bank, make_scenario, monkeypatch):
    doc = bank.save(make_scenario())
    drafts = Drafts(bank.folder)
    data = doc.model_dump(mode="json") | {"title": ""}  # half-typed: still worth keeping
    written = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (written.append((a, b)), real_replace(a, b))[1])
    path = drafts.write(data, doc.revision, bank.fingerprint(doc.id))
    assert path == bank.folder / DRAFTS / f"{doc.id}.yaml"
    assert [b for _, b in written] == [path] and ".partiel." in str(written[0][0])  # temp file then one rename
    assert [e.id for e in bank.list()] == [doc.id] and len(bank) == 1 and not bank.problems
    assert bank.export_zip(bank.folder.parent / "partage.zip") == 1
    draft = drafts.get(doc.id)
    assert (
        draft.data["title"] == "" and draft.revision == doc.revision and draft.fingerprint == bank.fingerprint(doc.id)
    )


def test_a_differing_draft_is_offered_back_an_identical_one_is_dropped(bank, make_scenario):
    doc = bank.save(make_scenario())
    drafts = Drafts(bank.folder)
    drafts.write(doc.model_dump(mode="json") | {"mission": "Mission retouchée"}, doc.revision)
    offered = drafts.offer(bank.get(doc.id))
    assert offered is not None and offered.document().mission == "Mission retouchée"
    assert offered.when()[2] == "/" and " à " in offered.when()
    assert [d.doc_id for d in Drafts(bank.folder).all()] == [doc.id]

    drafts.write(doc.model_dump(mode="json") | {"revision": 99}, doc.revision)  # same content: nothing to offer
    assert drafts.offer(bank.get(doc.id)) is None and drafts.get(doc.id) is None


def test_discard_and_unreadable_drafts(bank, make_scenario):
    doc = bank.save(make_scenario())
    drafts = Drafts(bank.folder)
    drafts.write(doc.model_dump(mode="json"), doc.revision)
    drafts.discard(doc.id)
    assert drafts.get(doc.id) is None and drafts.all() == []
    (bank.folder / DRAFTS / f"{doc.id}.yaml").write_text("brouillon: [", encoding="utf-8")
    assert drafts.get(doc.id) is None and drafts.offer(doc) is None  # never blocks opening the document
    assert Bank(bank.folder).get(doc.id) == doc
