"""The one object a batch is described by: paths made absolute once, workers capped to the machine."""

from __future__ import annotations

import dataclasses
import os
import pickle

import pytest

from scenario_lib.batch.job import DEFAULT_NOTEBOOK, BatchJob, cores


def test_relative_paths_become_absolute_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    job = BatchJob(bank="banque1", out_dir="rendus/../pdf", notebook="ma-copie.ipynb", ids=["a", "b", "a"])
    assert job.bank == tmp_path / "banque1" and job.out_dir == tmp_path / "pdf"
    assert job.notebook == tmp_path / "ma-copie.ipynb" and job.ids == ("a", "b")
    monkeypatch.chdir(tmp_path.parent)  # a worker elsewhere sees the same folders
    assert pickle.loads(pickle.dumps(job)) == job and job.bank == tmp_path / "banque1"
    assert BatchJob().bank is None and BatchJob().notebook == DEFAULT_NOTEBOOK  # None: the user's own bank
    with pytest.raises(dataclasses.FrozenInstanceError):
        job.bank = "ailleurs"  # type: ignore[misc]


def test_workers_are_capped_to_this_machine_and_said_so():
    many = BatchJob(workers=1000)
    assert many.pool_size == cores() == (os.cpu_count() or 1)
    assert many.capped_note.startswith(f"--travailleurs 1000 ramené à {cores()}") and "cœur" in many.capped_note
    assert BatchJob(workers=1).pool_size == 1 and not BatchJob(workers=1).capped_note
    assert BatchJob().pool_size == cores() and not BatchJob().capped_note
    assert BatchJob(workers=1000, engine="dask", dask_address="local").pool_size == cores()
    remote = BatchJob(workers=1000, engine="dask", dask_address="tcp://cluster:8786")
    assert remote.pool_size == 1000 and not remote.capped_note  # an académie's cluster has its own cores
