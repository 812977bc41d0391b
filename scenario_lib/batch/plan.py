"""What a batch has to do: which bank files to render, which outputs are already up to date.

An output is up to date when it is newer than its bank file, so a batch stopped half-way (Ctrl-C, power cut)
resumes where it stopped, and re-running a year's batch after editing two situations renders just those two.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .job import BatchJob
from .kernel import output_path, select_entries
from .report import ItemResult
from .status import Status


@dataclass(frozen=True)
class Task:
    item: str  # what the kernel receives: the bank file's path
    document: str  # what the report shows: the id, or the file name of an unreadable file


def up_to_date(output: Path, source: Path) -> bool:
    try:
        return output.stat().st_mtime > source.stat().st_mtime
    except FileNotFoundError:
        return False


def plan(bank, job: BatchJob) -> tuple[list[Task], list[ItemResult]]:  # noqa: ANN001 - a Bank
    """Documents to render, and the items already settled (up to date, or unknown id)."""
    settled: list[ItemResult] = []
    if job.ids:
        known = {entry.id: entry for entry in bank.list()}
        entries = []
        for doc_id in job.ids:
            if doc_id in known:
                entries.append(known[doc_id])
            else:
                settled.append(
                    ItemResult(
                        doc_id,
                        Status.FAILED,
                        error=f"aucun document d'identifiant « {doc_id} » dans la banque « {bank.folder} »",
                    )
                )
        unreadable = []
    else:
        entries = select_entries(bank, job.level)
        # A file the bank cannot read has no known level: it is part of every level's batch, so the
        # teacher sees it in the report (with the loader's French reason) instead of silently missing it.
        unreadable = sorted({problem.file for problem in bank.problems})
    tasks = [Task(str(bank.folder / name), name) for name in unreadable]
    for entry in entries:
        target = output_path(job.out_dir, entry.id, job.fmt, job.template)
        if not job.force and up_to_date(target, entry.path):
            settled.append(ItemResult(entry.id, Status.SKIPPED, title=entry.title, output=str(target)))
        else:
            tasks.append(Task(str(entry.path), entry.id))
    return tasks, settled
