"""Whole batches with real papermill runs: failures isolated, resume, skip up-to-date outputs, force."""

from __future__ import annotations

import csv

from pypdf import PdfReader

from scenario_lib.batch.job import BatchJob
from scenario_lib.batch.runner import run_batch
from scenario_lib.batch.status import Status

OK, FAILED, SKIPPED = Status.OK, Status.FAILED, Status.SKIPPED


def statuses(report) -> dict[str, str]:  # noqa: ANN001
    return {item.document: item.status for item in report.items}


def test_broken_document_is_reported_and_the_batch_resumes(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 3)
    broken = helpers.break_file(bank.folder)
    out = tmp_path / "rendus"

    report = run_batch(BatchJob(level="terminale", bank=bank.folder, out_dir=out, workers=2, progress=False))

    assert statuses(report) == {**dict.fromkeys(ids, OK), broken.name: FAILED}
    assert report.exit_code == 1
    for doc_id in ids:
        reader = PdfReader(out / f"{doc_id}.pdf")
        text = reader.pages[0].extract_text().replace("\n", " ").replace("\u00a0", " ").replace("\u202f", " ")
        assert bank.get(doc_id).title in text  # typeset on the sheet: no-break spaces read back as spaces
    with open(out / "rapport.csv", encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.DictReader(handle, delimiter=";") if r["document"] == broken.name)
    assert row["statut"] == "échec" and "YAML invalide" in row["erreur"]
    assert (out / ".diagnostic" / f"{broken.name}.ipynb").is_file()
    assert "YAML invalide" in (out / ".diagnostic" / f"{broken.name}.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".diagnostic", "rapport.csv", "rapport.html", *(f"{i}.pdf" for i in ids)]
    )

    # Resume: nothing changed, nothing is rendered again (and no kernel is started).
    broken.unlink()
    first = {i: (out / f"{i}.pdf").stat().st_mtime_ns for i in ids}
    report = run_batch(BatchJob(level="terminale", bank=bank.folder, out_dir=out, progress=False))
    assert set(statuses(report).values()) == {SKIPPED} and report.exit_code == 0
    assert {i: (out / f"{i}.pdf").stat().st_mtime_ns for i in ids} == first

    # A teacher edits one situation: only that one is rendered again.
    edited = bank.get(ids[1])
    bank.save(edited.model_copy(update={"title": "Situation 1 : vente conseil revue"}))
    report = run_batch(BatchJob(level="terminale", bank=bank.folder, out_dir=out, progress=False))
    assert statuses(report) == {ids[0]: SKIPPED, ids[1]: OK, ids[2]: SKIPPED}
    assert "revue" in PdfReader(out / f"{ids[1]}.pdf").pages[0].extract_text()

    # --forcer: everything again.
    report = run_batch(BatchJob(ids=tuple(ids), bank=bank.folder, out_dir=out, workers=1, force=True, progress=False))
    assert statuses(report) == dict.fromkeys(ids, OK)
    assert all((out / f"{i}.pdf").stat().st_mtime_ns > first[i] for i in (ids[0], ids[2]))


CRASH_ON_SECOND = """
import os
from scenario_lib.batch import kernel as _kernel
_load = _kernel.load_document
def _crash_on_second(bank, item):
    doc = _load(bank, item)
    if doc.title.startswith("Situation 1 "):
        os._exit(1)  # the kernel dies, as with a segfault in a native library
    return doc
_kernel.load_document = _crash_on_second
"""


def test_kernel_crash_fails_one_document_only(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 3)
    notebook = helpers.notebook_copy(tmp_path, render_cell_prefix=CRASH_ON_SECOND)
    out = tmp_path / "rendus"

    # One worker: the three documents share one chunk, the crash happens in its middle.
    report = run_batch(
        BatchJob(level="terminale", bank=bank.folder, out_dir=out, workers=1, progress=False, notebook=notebook)
    )

    assert statuses(report) == {ids[0]: OK, ids[1]: FAILED, ids[2]: OK}
    failed = report.failed[0]
    assert "noyau Python s'est arrêté" in failed.error
    assert failed.diagnostic.endswith(f".diagnostic/{ids[1]}.ipynb")
    assert len(PdfReader(out / f"{ids[2]}.pdf").pages) >= 1 and not (out / f"{ids[1]}.pdf").exists()


class _RecordingEngine:
    """Stands for the pool in `_Batch.finish`: remembers what is sent again, runs nothing."""

    def __init__(self):
        self.sent: list[tuple] = []

    def submit(self, fn, job, items, results):  # noqa: ANN001, ANN201
        from concurrent.futures import Future

        self.sent.append(items)
        return Future()


def _broken_future():  # noqa: ANN202
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    future = Future()
    future.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
    return future


def test_pool_broken_by_a_killed_worker(tmp_path):
    """In flight: failed with the French reason; finished: kept; never started, or queued behind: sent again."""
    import json

    from tqdm import tqdm

    from scenario_lib.batch.plan import Task
    from scenario_lib.batch.report import BatchReport
    from scenario_lib.batch.runner import MAX_REQUEUE, WORKER_LOST, _Batch, _Running

    tasks = [Task(f"/banque/{n}.yaml", f"doc{n}") for n in range(6)]
    report = BatchReport(tmp_path)
    batch, engine = _Batch(BatchJob(), tasks, report, tqdm(disable=True), str(tmp_path)), _RecordingEngine()
    killed = tmp_path / "tue.jsonl"  # the chunk whose worker got kill -9 while rendering doc1
    killed.write_text(
        "\n".join(
            json.dumps(e)
            for e in [
                {"event": "start", "item": "/banque/0.yaml"},
                {"event": "end", "item": "/banque/0.yaml", "status": "ok", "title": "Zéro", "output": "/r/doc0.pdf"},
                {"event": "start", "item": "/banque/1.yaml"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    batch.pending = {
        (f1 := _broken_future()): _Running(("/banque/0.yaml", "/banque/1.yaml", "/banque/2.yaml"), str(killed)),
        (f2 := _broken_future()): _Running(("/banque/3.yaml", "/banque/4.yaml"), str(tmp_path / "jamais-lance.jsonl")),
        (f3 := _broken_future()): _Running(("/banque/5.yaml",), str(tmp_path / "encore.jsonl"), requeued=MAX_REQUEUE),
    }
    for future in (f1, f2, f3):
        batch.finish(engine, future)

    assert {i.document: i.status for i in report.items} == {
        "doc0": Status.OK,
        "doc1": Status.FAILED,
        "doc5": Status.FAILED,
    }
    assert next(i for i in report.items if i.document == "doc1").error == WORKER_LOST
    assert WORKER_LOST.startswith("le processus de rendu s'est arrêté brutalement")
    assert engine.sent == [("/banque/2.yaml",), ("/banque/3.yaml", "/banque/4.yaml")]  # not their fault
    assert [state.requeued for state in batch.pending.values()] == [0, 1]
