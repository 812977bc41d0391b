"""The notebook run by hand, then printed through Spirale's lean nbconvert template (notebook-as-report)."""

from __future__ import annotations

import papermill

from scenario_lib.batch.job import DEFAULT_NOTEBOOK
from scenario_lib.batch.notebook_html import notebook_to_html


def test_executed_notebook_prints_as_a_lean_page_without_code(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 2)
    executed = tmp_path / "rendu-execute.ipynb"
    papermill.execute_notebook(
        str(DEFAULT_NOTEBOOK),
        str(executed),
        progress_bar=False,
        kernel_name="python3",
        parameters={
            "bank": str(bank.folder),
            "level": "terminale",
            "fmt": "html",
            "out_dir": str(tmp_path / "out"),
            "sheets": 1,
            "etablissement": "Lycée Jean Moulin",
        },
    )

    page = notebook_to_html(executed.read_text(encoding="utf-8"))

    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "render_documents(" not in page and "layout_css" not in page  # input cells hidden
    assert "Ce carnet rend" not in page  # the instructions for teachers are not part of the report
    assert "jp-" not in page and len(page) < 150_000  # no JupyterLab CSS (its default export is ≈ 280 KB+)
    assert "@page" in page  # print CSS
    assert page.count('class="spirale-fiche"') == 1  # one sheet shown, as asked
    assert "Lycée Jean Moulin" in page  # the layout cell's header reached the sheet
    for doc_id in ids:
        assert doc_id in page  # results table
