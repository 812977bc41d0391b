"""Which documents a batch renders: selection, unreadable files, up-to-date outputs (no kernel involved)."""

from __future__ import annotations

import os

from scenario_lib.batch.job import BatchJob
from scenario_lib.batch.plan import plan
from scenario_lib.batch.status import Status


def test_up_to_date_outputs_are_skipped_unless_forced(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 3)
    out = tmp_path / "out"
    out.mkdir()
    fresh, stale = out / f"{ids[0]}.pdf", out / f"{ids[1]}.pdf"
    fresh.write_bytes(b"%PDF")
    stale.write_bytes(b"%PDF")
    source = bank.entry(ids[1]).path.stat().st_mtime
    os.utime(stale, (source - 10, source - 10))  # rendered before the document was last edited

    tasks, settled = plan(bank, BatchJob(out_dir=out, level="terminale"))
    assert sorted(task.document for task in tasks) == sorted([ids[1], ids[2]])
    assert [(item.document, item.status) for item in settled] == [(ids[0], Status.SKIPPED)]

    tasks, settled = plan(bank, BatchJob(out_dir=out, level="terminale", force=True))
    assert sorted(task.document for task in tasks) == sorted(ids) and not settled


def test_unknown_id_and_unreadable_file_are_reported(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 1)
    broken = helpers.break_file(bank.folder)

    tasks, settled = plan(bank, BatchJob(out_dir=tmp_path / "out", ids=(ids[0], "inconnu-42")))
    assert [task.document for task in tasks] == [ids[0]]  # explicit ids: only those
    assert settled[0].status is Status.FAILED and "« inconnu-42 »" in settled[0].error

    tasks, _ = plan(bank, BatchJob(out_dir=tmp_path / "out"))  # the whole bank includes the file it cannot read
    assert {task.item for task in tasks} == {str(bank.entry(ids[0]).path), str(broken)}


def test_another_layout_is_another_file(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{ids[0]}.pdf").write_bytes(b"%PDF")  # the « fiche » is up to date, the « grille » is not
    assert not plan(bank, BatchJob(out_dir=out, ids=tuple(ids)))[0]
    tasks, _ = plan(bank, BatchJob(out_dir=out, ids=tuple(ids), template="grille"))
    assert [task.document for task in tasks] == ids
