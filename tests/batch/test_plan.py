"""Which documents a batch renders: selection, unreadable files, up-to-date outputs (no kernel involved)."""

from __future__ import annotations

import os

from scenario_lib.batch.kernel import FAILED
from scenario_lib.batch.plan import plan
from scenario_lib.batch.report import SKIPPED


def test_up_to_date_outputs_are_skipped_unless_forced(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 3)
    out = tmp_path / "out"
    out.mkdir()
    fresh, stale = out / f"{ids[0]}.pdf", out / f"{ids[1]}.pdf"
    fresh.write_bytes(b"%PDF")
    stale.write_bytes(b"%PDF")
    source = bank.entry(ids[1]).path.stat().st_mtime
    os.utime(stale, (source - 10, source - 10))  # rendered before the document was last edited

    jobs, settled = plan(bank, out, "pdf", level="terminale")
    assert sorted(job.document for job in jobs) == sorted([ids[1], ids[2]])
    assert [(item.document, item.status) for item in settled] == [(ids[0], SKIPPED)]

    jobs, settled = plan(bank, out, "pdf", level="terminale", force=True)
    assert sorted(job.document for job in jobs) == sorted(ids) and not settled


def test_unknown_id_and_unreadable_file_are_reported(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 1)
    broken = helpers.break_file(bank.folder)

    jobs, settled = plan(bank, tmp_path / "out", "pdf", ids=[ids[0], "inconnu-42"])
    assert [job.document for job in jobs] == [ids[0]]  # explicit ids: only those
    assert settled[0].status == FAILED and "« inconnu-42 »" in settled[0].error

    jobs, _ = plan(bank, tmp_path / "out", "pdf")  # the whole bank includes the file it cannot read
    assert {job.item for job in jobs} == {str(bank.entry(ids[0]).path), str(broken)}


def test_another_layout_is_another_file(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{ids[0]}.pdf").write_bytes(b"%PDF")  # the « fiche » is up to date, the « grille » is not
    assert not plan(bank, out, "pdf", ids=ids)[0]
    jobs, _ = plan(bank, out, "pdf", ids=ids, template="grille")
    assert [job.document for job in jobs] == ids
