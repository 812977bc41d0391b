"""The end of a fiche: no last page that only carries leftover blank note lines (measured on real PDFs)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from scenario_lib.bank import Bank, sample_bank_dir
from scenario_lib.render import export

from .pdftext import pdf_pages_text

MIN_LINES = 5  # text lines on the last page besides the running header and footer


def body_lines(page_text: str) -> list[str]:
    """Non-empty lines of one page without its running header (first line) and footer (last line)."""
    lines = [line for line in page_text.splitlines() if line.strip()]
    return lines[1:-1]


@pytest.fixture(scope="module")
def samples():
    bank = Bank(sample_bank_dir())
    return [bank.get(entry.id) for entry in bank.list()]


def test_every_sample_fiche_ends_on_a_page_with_real_content(samples, tmp_path):
    for doc in samples:
        path = export(doc, "pdf", tmp_path)
        last = pdf_pages_text(path)[-1]
        assert len(body_lines(last)) >= MIN_LINES, (doc.title, last)


def test_the_notes_never_go_alone_to_a_new_page(samples, tmp_path):
    """Lengthen one fiche criterion by criterion across a page boundary: the legend travels with the notes."""
    doc = next(d for d in samples if d.doc_type == "scenario")
    counts = []
    for extra in range(15, 33, 3):
        longer = doc.model_copy(
            update={
                "evaluation_criteria": [
                    *doc.evaluation_criteria,
                    *(f"Critère supplémentaire {i} : l'élève reformule le besoin du client." for i in range(extra)),
                ]
            }
        )
        path = export(longer, "pdf", tmp_path / f"fiche-{extra}.pdf")
        counts.append(len(PdfReader(path).pages))
        last = pdf_pages_text(path)[-1]
        assert len(body_lines(last)) >= MIN_LINES, (extra, last)
        assert "Notes" in last
    assert len(set(counts)) > 1, counts  # the sweep did cross a page boundary
