"""Where chunks run: a local process pool (default) or a Dask cluster, behind one tiny interface.

An engine is a context manager yielding an object with `submit(fn, *args) -> future` and
`wait(futures, timeout) -> done futures` (returns as soon as one is done), so the runner is the same for one
laptop and an académie's cluster. Adding an engine is one class here.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..errors import SpiraleError
from .job import BatchJob

DASK_CONNECT_TIMEOUT = "10s"
# Imported once by the fork server, so each worker starts with papermill loaded instead of importing it (≈ 2 s).
PRELOAD = ["scenario_lib.batch.preload"]


def quiet_worker(log_dir: str) -> None:
    """A worker's output (and its kernels', which inherit it) goes to a log file, never to the teacher's terminal:
    tracebacks there would hide the French report. Signals are untouched: Ctrl-C still stops kernels cleanly.
    """
    if log_dir:
        with contextlib.suppress(OSError):
            fd = os.open(Path(log_dir) / f"travailleur-{os.getpid()}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.close(fd)


def start_fork_server():  # noqa: ANN201 - the forkserver context
    """Start the fork server (and its papermill import) now, so it overlaps with planning the batch."""
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()
    return context


class LocalEngine:
    """A process pool of the `forkserver` context: workers are forked from a clean server process.

    Forking the caller itself (the default on Linux) would copy a Voilà or Jupyter kernel with its threads,
    ZeroMQ sockets and widgets state into every worker. A pool whose worker was killed (kill -9, out-of-memory
    killer) is « broken » for good: the next submit starts a fresh one, so the batch goes on.
    """

    def __init__(self, workers: int, log_dir: str = ""):
        self.workers, self.log_dir = workers, log_dir
        self.context = start_fork_server()
        self.ours: set = set()  # the worker processes, to interrupt them on Ctrl-C
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=self.context, initializer=quiet_worker, initargs=(self.log_dir,)
        )

    def submit(self, fn: Callable, *args: object):  # noqa: ANN201 - a concurrent.futures.Future
        before = set(multiprocessing.active_children())
        try:
            future = self.pool.submit(fn, *args)
        except BrokenProcessPool:
            self.pool.shutdown(wait=True)
            self.pool = self._new_pool()
            future = self.pool.submit(fn, *args)
        self.ours |= set(multiprocessing.active_children()) - before  # workers start on demand, in submit
        return future

    @staticmethod
    def wait(futures, timeout: float | None) -> set:  # noqa: ANN001
        return wait_futures(futures, timeout=timeout, return_when=FIRST_COMPLETED).done

    def interrupt(self) -> None:
        """Ctrl-C (even when only this process got it, as in a Voilà kernel): papermill in each worker then shuts
        its kernel down cleanly; queued chunks are dropped."""
        for process in self.ours:
            if process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGINT)
        self.pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self.pool.shutdown(wait=True)


@contextlib.contextmanager
def local_engine(job: BatchJob, log_dir: str = "") -> Iterator[LocalEngine]:
    engine = LocalEngine(job.pool_size, log_dir)
    try:
        yield engine
    except BaseException:
        engine.interrupt()
        raise
    engine.close()


class DaskEngine:
    def __init__(self, client):  # noqa: ANN001 - distributed.Client
        self.client = client

    def submit(self, fn: Callable, *args: object):  # noqa: ANN201 - a distributed.Future
        # pure=False: the same chunk submitted again (a retry) must really run again.
        return self.client.submit(fn, *args, pure=False)

    @staticmethod
    def wait(futures, timeout: float | None) -> set:  # noqa: ANN001
        from distributed import wait

        try:
            return wait(list(futures), timeout=timeout, return_when=FIRST_COMPLETED).done
        except TimeoutError:
            return set()


@contextlib.contextmanager
def dask_engine(job: BatchJob, log_dir: str = "") -> Iterator[DaskEngine]:  # noqa: ARG001 - workers log their own
    """`dask_address` is a scheduler (`tcp://host:8786`) or « local » for a LocalCluster of `pool_size` processes.

    Workers must see the bank and the output folder at the same paths (a shared or network drive).
    """
    from distributed import Client, LocalCluster

    cluster = None
    address = job.dask_address
    if not address or address == "local":
        cluster = LocalCluster(n_workers=job.pool_size, threads_per_worker=1, processes=True, dashboard_address=None)
        address = cluster
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except OSError as exc:
        raise SpiraleError(f"impossible de joindre le cluster Dask « {address} » : {exc}") from None
    try:
        yield DaskEngine(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


ENGINES: dict[str, Callable] = {"local": local_engine, "dask": dask_engine}


def open_engine(job: BatchJob, log_dir: str = ""):  # noqa: ANN201 - a context manager
    try:
        factory = ENGINES[job.engine]
    except KeyError:
        raise SpiraleError(f"moteur d'exécution inconnu : « {job.engine} » (connus : {', '.join(ENGINES)})") from None
    return factory(job, log_dir)
