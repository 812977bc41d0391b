"""Render many bank documents through the parameterised notebook: chunks in parallel, failures isolated.

A chunk (one papermill execution, one kernel) renders many documents, so the kernel start-up is paid once per
chunk. When a whole chunk crashes (kernel death, timeout), the document being rendered fails with the reason
and the ones never started go back as a new chunk: one bad document never stops the batch.
"""

from __future__ import annotations

import math
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from ..errors import SpiraleError
from ..files import PARTIAL_MARK
from .chunk import DEFAULT_NOTEBOOK, ChunkResult, ChunkSpec, read_results, run_chunk
from .executors import open_engine
from .kernel import FAILED, OK
from .plan import Job, plan
from .report import INTERRUPTED, BatchReport, ItemResult

PARTIAL_FILES = f".*{PARTIAL_MARK}*"  # atomic_output's temp files, left behind only by a killed render
MAX_CHUNK = 25  # bounds what a crash costs to redo, and keeps the progress bar moving
DIAGNOSTIC_DIR = ".diagnostic"
WORK_DIR = ".lot"


def chunk_size(count: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, math.ceil(count / max(1, workers))))


def remove_partial_files(out_dir: Path) -> None:
    """Temp files of renders that were interrupted: never under a final name, removed before and after a run."""
    for stale in out_dir.glob(PARTIAL_FILES):
        stale.unlink(missing_ok=True)


class _Batch:
    """State of one run: jobs by item, results so far, the progress bar, the diagnostics folder."""

    def __init__(self, jobs: list[Job], report: BatchReport, base: ChunkSpec, bar, follow: bool):  # noqa: ANN001
        self.jobs = {job.item: job for job in jobs}
        self.report, self.base, self.bar, self.follow = report, base, bar, follow
        # future → [spec, results file, documents already counted on the bar, of which succeeded]
        self.pending: dict = {}
        self.counter = 0

    def submit(self, engine, items: list[str]) -> None:  # noqa: ANN001
        spec = replace(self.base, items=tuple(items))
        self.counter += 1
        results = str(self.report.out_dir / WORK_DIR / f"morceau-{self.counter}.jsonl") if self.follow else ""
        self.pending[engine.submit(run_chunk, spec, results)] = [spec, results, 0, 0]

    def poll(self) -> None:
        """Per-document progress from the results files the kernels stream (local runs only)."""
        for state in self.pending.values():
            if state[1] and os.path.exists(state[1]):
                with open(state[1], encoding="utf-8") as handle:
                    ended = [line for line in handle if '"event": "end"' in line]
                self.bar.update(len(ended) - state[2])
                state[2:] = [len(ended), sum(f'"status": "{OK}"' in line for line in ended)]
        self._show_counts()

    def _show_counts(self) -> None:
        ok = self.report.count(OK) + sum(state[3] for state in self.pending.values())
        running = sum(state[2] for state in self.pending.values())
        failed = self.report.count(FAILED) + running - sum(state[3] for state in self.pending.values())
        self.bar.set_postfix_str(f"réussis={ok} échecs={failed}", refresh=False)

    def finish(self, engine, future) -> None:  # noqa: ANN001
        spec, _, counted, _ = self.pending.pop(future)
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker that died is one more failure to report
            result = ChunkResult(spec, [], [], crash=f"le processus de rendu s'est arrêté ({type(exc).__name__} : {exc})")
        for record in result.records:
            self._add(self.jobs[record["item"]], record["status"], record, result)
        done = {record["item"] for record in result.records}
        missing = [item for item in spec.items if item not in done]
        # Retrying cannot fix the notebook's own code, nor a one-document chunk. Otherwise the document being
        # rendered when the kernel died (or timed out) is the culprit; the ones never started go back as a new
        # chunk (one by one when no document had started).
        if result.notebook_error or len(spec.items) == 1:
            failing = missing
        else:
            failing = [item for item in result.started if item not in done]
        for item in failing:
            self._add(self.jobs[item], FAILED, {"error": result.crash or "le rendu de ce document n'a pas abouti"}, result)
        settled = len(result.records) + len(failing)
        rest = [item for item in missing if item not in failing]
        for part in ([rest] if failing else [[item] for item in rest]) if rest else []:
            self.submit(engine, part)
        self._show_counts()
        self.bar.update(settled - counted)

    def salvage(self) -> None:
        """After an interruption: documents the running chunks finished still count (their files are there)."""
        for spec, results, _, _ in self.pending.values():
            if results:
                for record in read_results(Path(results))[0]:
                    self._add(self.jobs[record["item"]], record["status"], record, ChunkResult(spec, [], []))

    def _add(self, job: Job, status: str, record: dict, result: ChunkResult) -> None:
        item = ItemResult(job.document, status, title=record.get("title", ""), duration=record.get("duration", 0.0),
                          output=record.get("output", ""), error=record.get("error", ""))
        if status != OK and result.notebook:
            item.diagnostic = str(self._keep_notebook(job.document, result.notebook))
        self.report.items.append(item)

    def _keep_notebook(self, document: str, notebook: str) -> Path:
        """The executed notebook, and a page a teacher can open without Jupyter (outputs and errors only)."""
        from .notebook_html import notebook_to_html

        folder = self.report.out_dir / DIAGNOSTIC_DIR
        folder.mkdir(exist_ok=True)
        path = folder / f"{document}.ipynb"
        path.write_text(notebook, encoding="utf-8")
        path.with_suffix(".html").write_text(notebook_to_html(notebook), encoding="utf-8")
        return path


def _check_level(level: str) -> None:
    from ..referential import available_referentials, load_referential

    known = {lv.code for name in available_referentials() for lv in load_referential(name).levels}
    if level not in known:
        raise SpiraleError(f"niveau « {level} » inconnu (niveaux : {', '.join(sorted(known))})")


def run_batch(ids: list[str] | None = None, *, level: str = "", bank: str | os.PathLike | None = None,
              fmt: str = "pdf", out_dir: str | os.PathLike = "rendus", workers: int | None = None,
              force: bool = False, executor: str = "local", dask_address: str | None = None, progress: bool = True,
              template: str = "fiche", notebook: str | os.PathLike | None = None, parameters: dict | None = None,
              timeout: float = 120.0) -> BatchReport:
    """Render `ids`, or the documents of `level`, or the whole bank; one file per document plus the report.

    `parameters` go to the notebook (etablissement, classe, css); `notebook` is a teacher's customised copy.
    """
    from tqdm.auto import tqdm

    from ..bank import open_bank
    from ..render.export import check_format

    begin = time.perf_counter()
    fmt = check_format(fmt)
    notebook = Path(notebook or DEFAULT_NOTEBOOK).resolve()
    if not notebook.is_file():
        raise SpiraleError(f"carnet de rendu introuvable : « {notebook} »")
    store = open_bank(bank)
    if level:
        _check_level(level)
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpiraleError(f"dossier de sortie « {out} » impossible à créer ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK):
        raise SpiraleError(f"dossier de sortie « {out} » protégé en écriture")
    remove_partial_files(out)
    jobs, settled = plan(store, out, fmt, ids, level, force, template)
    if not jobs and not settled:
        what = f"aucun document de niveau « {level} »" if level else "aucun document"
        raise SpiraleError(f"rien à rendre : {what} dans la banque « {store.folder} »")
    report = BatchReport(out, items=settled)
    workers = max(1, workers or os.cpu_count() or 1)
    base = ChunkSpec(items=(), bank=str(store.folder), out_dir=str(out), fmt=fmt, template=template,
                     notebook=str(notebook),
                     parameters=dict(parameters or {}), timeout=timeout)
    bar = tqdm(total=len(jobs), unit="doc", desc="Rendu", disable=not progress or not jobs)
    follow = executor == "local"  # Dask workers may not share this disk: progress per chunk only
    if follow:
        (out / WORK_DIR).mkdir(exist_ok=True)
    batch = _Batch(jobs, report, base, bar, follow)
    try:
        if jobs:
            with open_engine(executor, workers, dask_address) as engine:
                size = chunk_size(len(jobs), workers)
                for start in range(0, len(jobs), size):
                    batch.submit(engine, [job.item for job in jobs[start:start + size]])
                while batch.pending:
                    finished = [future for future in batch.pending if future.done()]
                    for future in finished:
                        batch.finish(engine, future)
                    if not finished:
                        batch.poll()
                        time.sleep(0.05)
    except KeyboardInterrupt:
        report.interrupted = True
        batch.salvage()
        reported = {item.document for item in report.items}
        report.items += [ItemResult(job.document, INTERRUPTED, error="lot interrompu avant la fin de ce rendu ; "
                                    "relancez la même commande pour reprendre")
                         for job in jobs if job.document not in reported]
        raise
    finally:
        bar.close()
        shutil.rmtree(out / WORK_DIR, ignore_errors=True)
        remove_partial_files(out)
        report.duration = time.perf_counter() - begin
        report.write()
    return report
