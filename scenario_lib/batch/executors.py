"""Where chunks run: a local process pool (default) or a Dask cluster, behind one tiny interface.

An engine is a context manager with `submit(fn, *args) -> future` (futures expose `.done()` and `.result()`),
so the runner is the same for one laptop and an académie's cluster. Adding an engine is one function here.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator

from ..errors import SpiraleError

DASK_CONNECT_TIMEOUT = "10s"


@contextlib.contextmanager
def local_engine(workers: int, **_: object) -> Iterator:
    from concurrent.futures import ProcessPoolExecutor

    # Each chunk is a separate process: a chunk that crashes the interpreter cannot take the others down.
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield pool
    except BaseException:
        # Ctrl-C (even when only this process got it): interrupt the running chunks so that papermill shuts
        # their kernels down cleanly, drop the queued ones, and wait for the workers to return.
        for process in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGINT)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def dask_engine(workers: int, address: str | None = None, **_: object) -> Iterator:
    """`address` is a scheduler (`tcp://host:8786`) or « local » for a LocalCluster of `workers` processes.

    Workers must see the bank and the output folder at the same paths (a shared or network drive).
    """
    from distributed import Client, LocalCluster

    cluster = None
    if not address or address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        address = cluster
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except OSError as exc:
        raise SpiraleError(f"impossible de joindre le cluster Dask « {address} » : {exc}") from None
    try:
        yield _DaskSubmitter(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class _DaskSubmitter:
    def __init__(self, client):  # noqa: ANN001 - distributed.Client
        self.client = client

    def submit(self, fn: Callable, *args: object):  # noqa: ANN201 - a distributed.Future
        # pure=False: the same chunk submitted again (a retry) must really run again.
        return self.client.submit(fn, *args, pure=False)


ENGINES: dict[str, Callable] = {"local": local_engine, "dask": dask_engine}


def open_engine(name: str, workers: int | None = None, address: str | None = None):  # noqa: ANN201
    try:
        factory = ENGINES[name]
    except KeyError:
        raise SpiraleError(f"moteur d'exécution inconnu : « {name} » (connus : {', '.join(ENGINES)})") from None
    return factory(max(1, workers or os.cpu_count() or 1), address=address)
