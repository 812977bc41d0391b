"""Render many bank documents: plan, run chunks in parallel, failures isolated, the report always written.

A chunk (one papermill execution, one kernel) renders many documents, so the kernel start-up is paid once per
chunk. When a whole chunk crashes (kernel death, timeout, its worker killed), the document being rendered fails
with the reason and the ones never started go back as a new chunk: one bad document never stops the batch.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SpiraleError
from ..files import PARTIAL_MARK
from .chunk import ChunkResult, read_results, run_chunk
from .executors import open_engine, start_fork_server
from .job import BatchJob
from .kernel import french_reason
from .plan import Task, plan
from .report import BatchReport, ItemResult
from .status import Status

PARTIAL_FILES = f".*{PARTIAL_MARK}*"  # atomic_output's temp files, left behind only by a killed render
MAX_CHUNK = 25  # bounds what a crash costs to redo, and keeps the progress bar moving
DIAGNOSTIC_DIR = ".diagnostic"
WORKER_LOG = "journal-des-travailleurs.txt"
PROGRESS_EVERY = 0.5  # seconds between two looks at the kernels' results files (completions wake at once)
WORKER_LOST = (
    "le processus de rendu s'est arrêté brutalement (arrêt forcé ou mémoire insuffisante) ; "
    "relancez la même commande pour refaire ce document"
)
INTERRUPTED = "lot interrompu avant la fin de ce rendu ; relancez la même commande pour reprendre"
LOST_WORKER_ERRORS = {"BrokenProcessPool", "KilledWorker"}
MAX_REQUEUE = 3  # workers that die before running anything (out of memory at start-up) must not loop forever


def chunk_size(count: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, math.ceil(count / max(1, workers))))


def remove_partial_files(out_dir: Path) -> None:
    """Temp files of renders that were interrupted: never under a final name, removed before and after a run."""
    for stale in out_dir.glob(PARTIAL_FILES):
        stale.unlink(missing_ok=True)


@dataclass
class _Running:
    """A submitted chunk: its results file, and what the progress bar already counted of it."""

    items: tuple[str, ...]
    results: str  # empty when the workers may not share this disk (Dask)
    counted: int = 0
    succeeded: int = 0
    requeued: int = 0  # times it was sent again without having run (its pool broke first)


class _Batch:
    """State of one run: tasks by item, results so far, the progress bar, the work and diagnostics folders."""

    def __init__(self, job: BatchJob, tasks: list[Task], report: BatchReport, bar, work_dir: str):  # noqa: ANN001
        self.job, self.report, self.bar, self.work_dir = job, report, bar, work_dir
        self.tasks = {task.item: task for task in tasks}
        self.pending: dict = {}  # future → _Running
        self.counter = 0

    def submit(self, engine, items: tuple[str, ...], requeued: int = 0) -> None:  # noqa: ANN001
        self.counter += 1
        results = str(Path(self.work_dir) / f"morceau-{self.counter}.jsonl") if self.work_dir else ""
        self.pending[engine.submit(run_chunk, self.job, items, results)] = _Running(items, results, requeued=requeued)

    def poll(self) -> None:
        """Per-document progress from the results files the kernels stream (this machine's workers only)."""
        advance = 0
        for state in self.pending.values():
            ended = read_results(Path(state.results))[0] if state.results else []
            advance += len(ended) - state.counted
            state.counted = len(ended)
            state.succeeded = sum(record["status"] == Status.OK.value for record in ended)
        self._show_counts()  # before the update that redraws the bar
        self.bar.update(advance)

    def _show_counts(self) -> None:
        running = self.pending.values()
        ok = self.report.count(Status.OK) + sum(state.succeeded for state in running)
        failed = self.report.count(Status.FAILED) + sum(state.counted - state.succeeded for state in running)
        self.bar.failed = failed  # read by _Counter; a plain attribute on a tqdm bar
        self.bar.set_postfix_str(f"réussis={ok} échecs={failed}", refresh=False)

    def finish(self, engine, future) -> None:  # noqa: ANN001
        state = self.pending.pop(future)
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker that died is one more failure to report
            result = self._lost(state, exc)
            never_ran = state.results and not Path(state.results).exists()
            if result.worker_lost and never_ran and state.requeued < MAX_REQUEUE:
                # Queued when another worker was killed: not its fault, send it again to the fresh pool.
                self.submit(engine, state.items, state.requeued + 1)
                return
        for record in result.records:
            self._add(self.tasks[record["item"]], Status(record["status"]), record, result)
        done = {record["item"] for record in result.records}
        missing = [item for item in state.items if item not in done]
        # Retrying cannot fix the notebook's own code, nor a one-document chunk. Otherwise the document being
        # rendered when the kernel or its worker died (or timed out) is the culprit; the ones never started go
        # back as a new chunk (one by one when no document had started, to find the culprit).
        if result.notebook_error or len(state.items) == 1:
            failing = missing
        else:
            failing = [item for item in result.started if item not in done]
        reason = {"error": result.crash or "le rendu de ce document n'a pas abouti"}
        for item in failing:
            self._add(self.tasks[item], Status.FAILED, reason, result)
        rest = tuple(item for item in missing if item not in failing)
        for part in ([rest] if failing else [(item,) for item in rest]) if rest else []:
            self.submit(engine, part)
        self._show_counts()
        self.bar.update(len(result.records) + len(failing) - state.counted)

    @staticmethod
    def _lost(state: _Running, exc: BaseException) -> ChunkResult:
        """What the results file says of a chunk whose worker died: documents done, and the one in flight."""
        records, started = read_results(Path(state.results)) if state.results else ([], [])
        lost = type(exc).__name__ in LOST_WORKER_ERRORS
        crash = WORKER_LOST if lost else f"le rendu n'a pas pu être lancé : {french_reason(exc)}"
        return ChunkResult(state.items, records, started, crash=crash, worker_lost=lost)

    def salvage(self) -> None:
        """After an interruption: documents the running chunks finished still count (their files are there)."""
        for state in self.pending.values():
            if state.results:
                for record in read_results(Path(state.results))[0]:
                    self._add(self.tasks[record["item"]], Status(record["status"]), record, None)

    def _add(self, task: Task, status: Status, record: dict, result: ChunkResult | None) -> None:
        item = ItemResult(
            task.document,
            status,
            title=record.get("title", ""),
            duration=record.get("duration", 0.0),
            output=record.get("output", ""),
            error=record.get("error", ""),
        )
        if status is not Status.OK and result is not None and result.notebook:
            item.diagnostic = self._keep_notebook(task.document, result.notebook)
        self.report.items.append(item)

    def _keep_notebook(self, document: str, notebook: str) -> str:
        """The executed notebook, and a page a teacher can open without Jupyter (outputs and errors only)."""
        from .notebook_html import notebook_to_html

        kept = self._diagnostic(f"{document}.ipynb", notebook)
        if kept:
            self._diagnostic(f"{document}.html", notebook_to_html(notebook))
        return kept

    def keep_worker_logs(self) -> None:
        """Workers' and kernels' own messages, for whoever maintains Spirale; only when something failed."""
        logs = sorted(Path(self.work_dir).glob("travailleur-*.log")) if self.work_dir else []
        text = "".join(log.read_text(encoding="utf-8", errors="replace") for log in logs)
        if text.strip() and self.report.failed:
            self._diagnostic(WORKER_LOG, text)

    def _diagnostic(self, name: str, text: str) -> str:
        """Best effort: on a full disk each document's reason is in the report, and no half file is left."""
        folder = self.report.out_dir / DIAGNOSTIC_DIR
        path = folder / name
        try:
            folder.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError:
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
            return ""
        return str(path)


def _check_level(level: str) -> None:
    from ..referential import available_referentials, load_referential

    known = {lv.code for name in available_referentials() for lv in load_referential(name).levels}
    if level not in known:
        raise SpiraleError(f"niveau « {level} » inconnu (niveaux : {', '.join(sorted(known))})")


def _prepare(job: BatchJob):  # noqa: ANN202 - (job with the bank made absolute, Bank)
    """Every check that needs no kernel, before anything starts: a mistake is one French line, not 30 failures."""
    from ..bank import open_bank
    from ..render.export import check_format

    job = replace(job, fmt=check_format(job.fmt))
    if not job.notebook.is_file():
        raise SpiraleError(f"carnet de rendu introuvable : « {job.notebook} »")
    store = open_bank(job.bank)
    if job.bank is None:  # the user's own bank, resolved now (it may have just been created)
        job = replace(job, bank=store.folder)
    if job.level:
        _check_level(job.level)
    out = job.out_dir
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpiraleError(f"dossier de sortie « {out} » impossible à créer ({french_reason(exc)})") from None
    if not os.access(out, os.W_OK):
        raise SpiraleError(f"dossier de sortie « {out} » protégé en écriture")
    return job, store


class _Counter:
    """Stands for the tqdm bar when the caller shows progress itself: `tell(done, total, failed)` at each step."""

    def __init__(self, total: int, tell) -> None:  # noqa: ANN001
        self.n, self.total, self.failed, self.tell = 0, total, 0, tell
        tell(0, total, 0)

    def update(self, n: int = 1) -> None:
        self.n += n
        self.tell(self.n, self.total, self.failed)

    def set_postfix_str(self, text: str, refresh: bool = False) -> None:
        pass

    def close(self) -> None:
        pass


def progress_text(done: int, total: int, failed: int = 0) -> str:
    """« 12 / 30 fiches rendues — 3 en échec »: a batch's progress in the teachers' words."""
    text = f"{done}\u00a0/\u00a0{total} fiche{'s' if total > 1 else ''} rendue{'s' if done > 1 else ''}"
    return text + (f" — {failed} en échec" if failed else "")


def run_batch(job: BatchJob, on_progress=None) -> BatchReport:  # noqa: ANN001
    """Render what `job` names; one file per document plus the report (`rapport.csv`, `rapport.html`).

    `on_progress(done, total, failed)`, when given, replaces the tqdm bar (the atelier writes its own French line).

    The report is written whatever happens (failures, a killed worker, Ctrl-C); a report that cannot be written
    (full disk) is a French `report.write_error`, never an exception hiding the documents' own reasons.
    """
    from tqdm.auto import tqdm

    begin = time.perf_counter()
    if job.engine == "local":
        start_fork_server()
    job, store = _prepare(job)
    remove_partial_files(job.out_dir)
    tasks, settled = plan(store, job)
    if not tasks and not settled:
        what = f"aucun document de niveau « {job.level} »" if job.level else "aucun document"
        raise SpiraleError(f"rien à rendre : {what} dans la banque « {store.folder} »")
    report = BatchReport(job.out_dir, items=settled)
    if on_progress is not None:
        bar = _Counter(len(tasks), on_progress)
    else:
        bar = tqdm(total=len(tasks), unit="doc", desc="Rendu", disable=not job.progress or not tasks)
    # Progress files and worker logs stay off the output disk (it may be full, or a slow share).
    with tempfile.TemporaryDirectory(prefix="spirale-lot-") as work_dir:
        follow = job.engine == "local"  # Dask workers may not share this disk: progress per chunk only
        batch = _Batch(job, tasks, report, bar, work_dir if follow else "")
        try:
            if tasks:
                _run(batch, job, tasks, work_dir)
        except KeyboardInterrupt:
            report.interrupted = True
            batch.salvage()
            reported = {item.document for item in report.items}
            report.items += [
                ItemResult(task.document, Status.INTERRUPTED, error=INTERRUPTED)
                for task in tasks
                if task.document not in reported
            ]
        finally:
            bar.close()
            batch.keep_worker_logs()
            remove_partial_files(job.out_dir)
            report.duration = time.perf_counter() - begin
            _write(report)
    return report


def _run(batch: _Batch, job: BatchJob, tasks: list[Task], work_dir: str) -> None:
    with open_engine(job, work_dir) as engine:
        size = chunk_size(len(tasks), job.pool_size)
        for start in range(0, len(tasks), size):
            batch.submit(engine, tuple(task.item for task in tasks[start : start + size]))
        while batch.pending:
            for future in engine.wait(list(batch.pending), PROGRESS_EVERY if batch.work_dir else None):
                batch.finish(engine, future)
            if batch.work_dir:
                batch.poll()


def _write(report: BatchReport) -> None:
    try:
        report.write()
    except (OSError, SpiraleError) as exc:
        report.write_error = f"rapport du lot non écrit dans « {report.out_dir} » : {french_reason(exc)}"
