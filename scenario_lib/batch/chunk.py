"""One papermill execution: a kernel started once renders a list of documents (the unit a worker runs).

Runs in a pool process or on a Dask worker, so specs and results are plain picklable data and nothing is
shared but the bank and output folders. A crash of the whole execution (kernel death, timeout, an error in a
layout cell) is returned, never raised: the runner decides what to retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import sys
import threading
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import notebooks_dir
from .kernel import OK

DEFAULT_NOTEBOOK = notebooks_dir() / "rendu.ipynb"


@dataclass(frozen=True)
class ChunkSpec:
    items: tuple[str, ...]  # document ids or bank file paths
    bank: str
    out_dir: str
    fmt: str = "pdf"
    template: str = "fiche"
    notebook: str = str(DEFAULT_NOTEBOOK)
    parameters: dict = field(default_factory=dict)  # extra notebook parameters: etablissement, classe, css
    timeout: float = 120.0  # seconds per document

    @property
    def execution_timeout(self) -> int:
        """The render cell handles the whole chunk; 30 s more for the kernel's imports and first PDF."""
        return int(30 + self.timeout * len(self.items))


@dataclass
class ChunkResult:
    spec: ChunkSpec
    records: list[dict]  # one « end » record per document the kernel finished
    started: list[str]  # items the kernel started, in order (the last unfinished one is the culprit of a crash)
    crash: str = ""  # French reason when the execution as a whole failed
    notebook_error: bool = False  # the crash is an exception in the notebook's own code (retrying won't help)
    notebook: str = ""  # the executed notebook (JSON) when anything failed, for diagnosis
    duration: float = 0.0


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


def crash_reason(exc: BaseException, spec: ChunkSpec) -> tuple[str, bool]:
    """French reason for an execution that failed outside the per-document loop, and whether it is the notebook's code."""
    name = type(exc).__name__
    if name == "PapermillExecutionError":
        return f"le carnet a échoué dans la cellule {exc.exec_count} : {exc.ename} : {exc.evalue}", True
    if name == "DeadKernelError":
        return "le noyau Python s'est arrêté brutalement pendant le rendu (mémoire insuffisante ou plantage)", False
    if name == "CellTimeoutError" or isinstance(exc, TimeoutError):
        return f"délai dépassé : le rendu a pris plus de {spec.execution_timeout} s", False
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


def run_chunk(spec: ChunkSpec, results_path: str = "") -> ChunkResult:
    """Execute the notebook once for `spec.items`; `results_path` lets the runner follow progress per document."""
    papermill = import_papermill()
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spirale-lot-") as tmp:
        results = Path(results_path or Path(tmp) / "resultats.jsonl")
        executed = Path(tmp) / "execute.ipynb"
        parameters = {**spec.parameters, "bank": spec.bank, "documents": list(spec.items), "fmt": spec.fmt,
                      "out_dir": spec.out_dir, "template": spec.template, "results_path": str(results), "sheets": 0}
        crash, notebook_error = "", False
        try:
            in_own_event_loop(papermill.execute_notebook, spec.notebook, str(executed), parameters=parameters,
                              kernel_name="python3", progress_bar=False, log_output=False, start_timeout=60,
                              kernel_manager_class=ipc_kernel_manager(),
                              extra_arguments=["--IPKernelApp.log_level=ERROR"],
                              execution_timeout=spec.execution_timeout)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a French reason for the runner
            crash, notebook_error = crash_reason(exc, spec)
        records, started = read_results(results)
        failed = crash or any(r["status"] != OK for r in records)
        notebook = executed.read_text(encoding="utf-8") if failed and executed.exists() else ""
    return ChunkResult(spec, records, started, crash, notebook_error, notebook, time.perf_counter() - begin)
