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
    import zipfile

    from scenario_lib.text import safe_filename

    with zipfile.ZipFile(tab.out_dir / "export-par-lot.zip") as z:
        assert f"{safe_filename(saved.title)}.pdf" in z.namelist() and f"{saved.id}.pdf" not in z.namelist()
    assert "réussi" in tab.state.messages.value


def test_the_zip_names_files_by_title_and_keeps_equal_titles_apart(tmp_path):
    """The batch runner names outputs by id (reruns find them); the teacher's zip reads titles."""
    import zipfile

    from scenario_lib.batch.report import BatchReport, ItemResult
    from scenario_lib.widgets.batch_tab import report_zip

    items = []
    for doc_id, title in (
        ("b9073bba46f5", "Vente-conseil : salon de l'habitat"),
        ("c1", "Vente-conseil : salon de l'habitat"),
        ("d2", "Réclamation « vélo »"),
        ("e3", ""),
    ):
        path = tmp_path / f"{doc_id}.pdf"
        path.write_bytes(f"%PDF {doc_id}".encode())
        items.append(ItemResult(doc_id, "réussi", title=title, output=str(path)))
    items.append(ItemResult("f4", "échec", title="Raté", error="boom"))
    archive = report_zip(BatchReport(tmp_path, items), tmp_path / "export-par-lot.zip")
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == [
            "vente-conseil-salon-de-l-habitat.pdf",
            "vente-conseil-salon-de-l-habitat-2.pdf",
            "reclamation-velo.pdf",
            "e3.pdf",
        ]
        assert z.read("vente-conseil-salon-de-l-habitat-2.pdf") == b"%PDF c1"
    assert report_zip(BatchReport(tmp_path, items[-1:]), tmp_path / "vide.zip") is None
