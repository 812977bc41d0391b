"""Batch rendering: many bank documents through the parameterised notebook `notebooks/rendu.ipynb` (papermill).

`run_batch(BatchJob(...))` is imported lazily so `import scenario_lib.batch` stays cheap inside the kernel.
"""


def __getattr__(name: str):
    if name == "run_batch":
        from .runner import run_batch

        return run_batch
    if name == "BatchJob":
        from .job import BatchJob

        return BatchJob
    if name == "Status":
        from .status import Status

        return Status
    if name in {"BatchReport", "ItemResult"}:
        from . import report

        return getattr(report, name)
    raise AttributeError(f"module 'scenario_lib.batch' has no attribute {name!r}")


__all__ = ["BatchJob", "BatchReport", "ItemResult", "Status", "run_batch"]
