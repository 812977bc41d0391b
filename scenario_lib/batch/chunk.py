"""One papermill execution: a kernel started once renders a list of documents (the unit a worker runs).

Runs in a pool process or on a Dask worker, so the job and results are plain picklable data and nothing is
shared but the bank and output folders. A crash of the whole execution (kernel death, timeout, an error in a
layout cell) is returned, never raised: the runner decides what to retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .job import BatchJob
from .status import Status


@dataclass
class ChunkResult:
    items: tuple[str, ...]
    records: list[dict]  # one « end » record per document the kernel finished
    started: list[str]  # items the kernel started, in order (the last unfinished one is the culprit of a crash)
    crash: str = ""  # French reason when the execution as a whole failed
    notebook_error: bool = False  # the crash is an exception in the notebook's own code (retrying won't help)
    notebook: str = ""  # the executed notebook (JSON) when anything failed, for diagnosis
    duration: float = 0.0
    worker_lost: bool = False  # the process running the chunk died (kill -9, out-of-memory killer)


def import_papermill():
    """papermill without the 1.4 s Lark grammar `rfc3987_syntax` builds when jsonschema imports it.

    nbformat only validates notebooks' structure, never IRI formats, so jsonschema's fallback is enough.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type] - makes the import fail fast
    import papermill

    return papermill


@lru_cache(maxsize=1)
def ipc_kernel_manager():
    """Kernels talk over Unix sockets, not TCP ports.

    With TCP, each client picks "free" ports and the kernel binds them a moment later: two workers starting
    kernels at once can pick the same port (« Address already in use ») and a chunk dies for nothing.
    """
    import os
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum, default

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc")

        @default("ip")
        def _unique_socket_prefix(self) -> str:  # the default « kernel-ipc » would be shared by every kernel
            return os.path.join(tempfile.gettempdir(), f"spirale-noyau-{uuid.uuid4().hex[:16]}")

    return IPCKernelManager


# One papermill run at a time per worker process when a Dask worker has several threads: jupyter_client's
# event-loop bookkeeping is not safe across concurrent threads; kernels of other processes still run in parallel.
_THREADED_RUNS = threading.Lock()


def in_own_event_loop(function, *args, **kwargs):  # noqa: ANN001, ANN201
    """Run papermill's sync API on a loop of its own when called from a worker thread (Dask).

    jupyter_core remembers its loop in a context variable; a Dask worker thread may run the task in a copy of a
    context whose loop is already running elsewhere (« This event loop is already running »). An empty context
    makes it create a fresh loop for this chunk, closed afterwards.
    """
    if threading.current_thread() is threading.main_thread():
        return function(*args, **kwargs)

    def call():  # noqa: ANN202
        with _THREADED_RUNS:
            try:
                return function(*args, **kwargs)
            finally:
                with contextlib.suppress(RuntimeError):
                    asyncio.get_event_loop_policy().get_event_loop().close()
                asyncio.set_event_loop(None)

    return contextvars.Context().run(call)


def crash_reason(exc: BaseException, timeout: int) -> tuple[str, bool]:
    """French reason for an execution that failed outside the per-document loop; is it the notebook's own code?"""
    name = type(exc).__name__
    if name == "PapermillExecutionError":
        return f"le carnet a échoué dans la cellule {exc.exec_count} : {exc.ename} : {exc.evalue}", True
    if name == "DeadKernelError":
        return "le noyau Python s'est arrêté brutalement pendant le rendu (mémoire insuffisante ou plantage)", False
    if name == "CellTimeoutError" or isinstance(exc, TimeoutError):
        return f"délai dépassé : le rendu a pris plus de {timeout} s", False
    return f"exécution du carnet impossible ({name}) : {exc}", False


def read_results(path: Path) -> tuple[list[dict], list[str]]:
    records, started = [], []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                event = json.loads(line)
            except ValueError:  # a line cut by a dying kernel
                continue
            (started.append(event["item"]) if event.get("event") == "start" else records.append(event))
    return records, started


def run_chunk(job: BatchJob, items: tuple[str, ...], results_path: str = "") -> ChunkResult:
    """Execute the notebook once for `items`; `results_path` lets the runner follow progress per document.

    The results file is created before the kernel starts: its existence tells the runner this chunk really ran.
    """
    begin = time.perf_counter()
    timeout = job.execution_timeout(len(items))
    with tempfile.TemporaryDirectory(prefix="spirale-lot-") as tmp:
        results = Path(results_path or Path(tmp) / "resultats.jsonl")
        results.touch()
        papermill = import_papermill()
        executed = Path(tmp) / "execute.ipynb"
        parameters = {
            **job.parameters,
            "bank": str(job.bank),
            "documents": list(items),
            "fmt": job.fmt,
            "out_dir": str(job.out_dir),
            "template": job.template,
            "results_path": str(results),
            "sheets": 0,
        }
        crash, notebook_error = "", False
        try:
            in_own_event_loop(
                papermill.execute_notebook,
                str(job.notebook),
                str(executed),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                start_timeout=60,
                kernel_manager_class=ipc_kernel_manager(),
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                execution_timeout=timeout,
            )
        except Exception as exc:  # noqa: BLE001 - every failure becomes a French reason for the runner
            crash, notebook_error = crash_reason(exc, timeout)
        records, started = read_results(results)
        failed = crash or any(r["status"] != Status.OK.value for r in records)
        notebook = executed.read_text(encoding="utf-8") if failed and executed.exists() else ""
    return ChunkResult(items, records, started, crash, notebook_error, notebook, time.perf_counter() - begin)
