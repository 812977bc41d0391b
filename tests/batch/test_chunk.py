"""One papermill execution of the real notebook (a real kernel) for a list of documents."""

from __future__ import annotations

from pypdf import PdfReader

from scenario_lib.batch.chunk import crash_reason, run_chunk
from scenario_lib.batch.job import BatchJob
from scenario_lib.batch.status import Status

OK, FAILED = Status.OK.value, Status.FAILED.value  # as the kernel streams them


def test_one_kernel_renders_the_whole_chunk(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 2)
    broken = helpers.break_file(bank.folder)
    items = (str(bank.entry(ids[0]).path), str(broken), str(bank.entry(ids[1]).path))

    result = run_chunk(BatchJob(bank=bank.folder, out_dir=tmp_path / "out"), items)

    assert not result.crash
    assert result.started == list(items)
    assert [r["status"] for r in result.records] == [OK, FAILED, OK]
    assert "YAML invalide" in result.records[1]["error"]
    assert len(PdfReader(tmp_path / "out" / f"{ids[1]}.pdf").pages) >= 1
    assert "YAML invalide" in result.notebook  # the executed notebook is kept for diagnosis


def test_error_in_the_teachers_layout_cell_is_a_notebook_error(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 1)
    notebook = helpers.notebook_copy(tmp_path, layout_suffix="raise ValueError('marge inconnue')")

    result = run_chunk(BatchJob(bank=bank.folder, out_dir=tmp_path / "out", notebook=notebook), tuple(ids))

    assert result.notebook_error and not result.records and not result.started
    assert "le carnet a échoué dans la cellule" in result.crash and "marge inconnue" in result.crash
    assert "marge inconnue" in result.notebook


def test_timeouts_and_dead_kernels_are_named_in_french():
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    timeout = BatchJob(timeout=10).execution_timeout(2)
    assert timeout >= 2 * 10  # room for every document of the chunk
    reason, notebook_error = crash_reason(CellTimeoutError("timeout"), timeout)
    assert reason.startswith("délai dépassé") and f"{timeout} s" in reason and not notebook_error
    reason, notebook_error = crash_reason(DeadKernelError("dead"), timeout)
    assert "noyau Python" in reason and not notebook_error


def test_kernels_use_unix_sockets_with_a_prefix_of_their_own():
    """Two workers starting kernels at once must not race for TCP ports nor share socket files."""
    from scenario_lib.batch.chunk import ipc_kernel_manager

    first, second = ipc_kernel_manager()(), ipc_kernel_manager()()
    assert first.transport == second.transport == "ipc"
    assert first.ip != second.ip and "spirale-noyau-" in first.ip
