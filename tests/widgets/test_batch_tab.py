import pytest
from pypdf import PdfReader

from scenario_lib.widgets import Atelier
from scenario_lib.widgets.batch_tab import BatchTab


def test_without_a_selection_nothing_runs(bank_dir):
    tab = Atelier(bank_dir=bank_dir).tab(BatchTab)
    assert tab.run() is None and "Choisissez" in tab.state.messages.value


@pytest.mark.slow
def test_batch_renders_the_chosen_documents_and_reports(bank_dir, saved):
    tab = Atelier(bank_dir=bank_dir).tab(BatchTab)
    other = next(v for _, v in tab.documents.options if v != saved.id)
    tab.documents.value = (saved.id, other)
    report = tab.run()
    assert report is not None and not report.failed
    assert len(report.items) == 2
    outputs = sorted(tab.out_dir.glob("*.pdf"))
    assert len(outputs) == 2 and all(len(PdfReader(p).pages) >= 1 for p in outputs)
    assert saved.title.split()[0] in tab.report.value and "export-par-lot.zip" in tab.report.value
    assert "réussi" in tab.state.messages.value
