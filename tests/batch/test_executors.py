"""The Dask engine: a LocalCluster (threads, to stay cheap) renders the same files as the local pool."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pypdf import PdfReader

from scenario_lib.batch.job import BatchJob
from scenario_lib.batch.runner import run_batch
from scenario_lib.batch.status import Status
from scenario_lib.errors import SpiraleError


def test_dask_cluster_produces_the_same_files(tmp_path, helpers):
    from distributed import LocalCluster

    bank, ids = helpers.make_bank(tmp_path / "banque", 2)
    job = BatchJob(ids=tuple(ids), bank=bank.folder, out_dir=tmp_path / "local", workers=2, progress=False)
    local = run_batch(job)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        dask = run_batch(replace(job, out_dir=tmp_path / "dask", engine="dask", dask_address=cluster.scheduler_address))

    statuses = {i.status for i in local.items}, {i.status for i in dask.items}
    assert statuses == ({Status.OK}, {Status.OK}), [i.error for i in dask.items]
    names = sorted(p.name for p in (tmp_path / "local").glob("*.pdf"))
    assert names == sorted(p.name for p in (tmp_path / "dask").glob("*.pdf")) == sorted(f"{i}.pdf" for i in ids)
    for name in names:
        texts = [PdfReader(tmp_path / side / name).pages[0].extract_text() for side in ("local", "dask")]
        assert texts[0] == texts[1]


def test_unreachable_cluster_and_unknown_engine_are_french_errors(tmp_path, helpers, monkeypatch):
    from scenario_lib.batch import executors

    monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT", "1s")
    bank, ids = helpers.make_bank(tmp_path / "banque", 1)
    job = BatchJob(ids=tuple(ids), bank=bank.folder, out_dir=tmp_path / "out", progress=False)
    with pytest.raises(SpiraleError, match="moteur d'exécution inconnu"):
        run_batch(replace(job, engine="spark"))
    with pytest.raises(SpiraleError, match="impossible de joindre le cluster Dask"):
        run_batch(replace(job, engine="dask", dask_address="tcp://127.0.0.1:9"))


def test_the_fork_server_preload_module_loads_papermill_in_a_fresh_process():
    import subprocess
    import sys

    from scenario_lib.batch.executors import PRELOAD

    code = f"import {PRELOAD[0]}, sys; assert 'papermill' in sys.modules and 'nbformat' in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
