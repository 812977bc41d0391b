"""Readable French diffs, conflict-copy names, and two processes saving the same document at once."""

import multiprocessing
import os
from pathlib import Path

from scenario_lib.bank import Bank, ConflictError
from scenario_lib.bank.conflicts import conflict_path, diff_documents, is_conflict_copy
from scenario_lib.files import PARTIAL_MARK


def test_diff_lists_changed_added_and_removed_fields(make_scenario):
    a = make_scenario()
    tasks = (a.tasks[0], a.tasks[1].model_copy(update={"duration_hours": 3}), *a.tasks[2:])
    b = a.model_copy(
        update={
            "title": "Autre titre",
            "competences": ("1.2", "3.1"),
            "tasks": tasks,
            "notes": "Prévoir la salle 12",
            "revision": 9,
        }
    )
    lines = diff_documents(a, b)
    assert lines == [
        "titre : « Conseiller un client en boulangerie » → « Autre titre »",
        "tâches › n° 2 › durée (h) : 1.0 → 3.0",
        "compétences : ajouté « 3.1 » ; retiré « 2.4 »",
        "notes : (vide) → « Prévoir la salle 12 »",
    ]
    assert diff_documents(a, a.model_copy(update={"revision": 5})) == []


def test_diff_on_added_task_and_bank_diff_by_id(bank, make_scenario):
    first = bank.save(make_scenario())
    got = bank.get(first.id)
    other = got.model_copy(update={"tasks": (*got.tasks, got.tasks[0].model_copy(update={"title": "Encaisser"}))})
    assert bank.diff(first.id, other) == ["tâches › n° 3 : ajouté « Encaisser »"]


def test_conflict_copy_names_never_collide(tmp_path):
    doc = tmp_path / "titre--abc123.yaml"
    first = conflict_path(doc)
    first.write_text("x")
    second = conflict_path(doc)
    assert first != second and is_conflict_copy(first) and is_conflict_copy(second)
    assert first.name.startswith("titre--abc123.conflit-") and first.suffix == ".yaml" and ":" not in first.name


def _save_from_another_process(folder: str, doc_id: str, text: str, start, result) -> None:
    bank = Bank(folder)
    doc = bank.get(doc_id)
    doc = doc.model_copy(update={"mission": text})
    start.wait()
    try:
        bank.save(doc)
        result.put(("ok", text))
    except ConflictError as exc:
        result.put(("conflit", str(exc.copy)))


def test_two_processes_saving_at_once_lose_nothing(bank, make_scenario):
    doc = bank.save(make_scenario())
    ctx = multiprocessing.get_context("spawn")
    start, result = ctx.Barrier(2), ctx.Queue()
    texts = ["Version de Mme Leroy.", "Version de M. Haddad."]
    procs = [
        ctx.Process(target=_save_from_another_process, args=(str(bank.folder), doc.id, t, start, result)) for t in texts
    ]
    for p in procs:
        p.start()
    outcomes = [result.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["conflit", "ok"]
    winner = next(v for k, v in outcomes if k == "ok")
    copy_path = Path(next(v for k, v in outcomes if k == "conflit"))
    current = bank.get(doc.id)
    assert current.mission == winner and current.revision == 2
    [copy] = bank.conflicts(doc.id)
    assert copy.path == copy_path
    assert bank._as_document(copy.path).mission == next(t for t in texts if t != winner)
    assert not any(PARTIAL_MARK in name for name in os.listdir(bank.folder))


def _increment(folder: str, doc_id: str, rounds: int, result) -> None:
    bank = Bank(folder)
    done = 0
    while done < rounds:
        doc = bank.get(doc_id)
        doc = doc.model_copy(update={"notes": (doc.notes + "+").strip()})
        try:
            bank.save(doc)
            done += 1
        except ConflictError as exc:
            exc.copy.unlink()
    result.put(done)


def test_concurrent_writers_never_interleave(bank, make_scenario):
    doc = bank.save(make_scenario())
    ctx = multiprocessing.get_context("spawn")
    result = ctx.Queue()
    procs = [ctx.Process(target=_increment, args=(str(bank.folder), doc.id, 8, result)) for _ in range(3)]
    for p in procs:
        p.start()
    total = sum(result.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(30)
    final = bank.get(doc.id)
    # every successful save built on the previous one: no update was lost
    assert total == 24 and final.revision == 25 and final.notes == "+" * 24
    assert bank.problems == []
