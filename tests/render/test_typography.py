"""Every format: own text gets French typography, official wordings come out byte for byte as in the referential.

The scenario is a real proposal (its criteria are the RAP's expected results, copied by the proposer) with a
teacher's notes added; many official wordings hold straight apostrophes and « : », so typesetting them by
mistake would show.
"""

from __future__ import annotations

import re

import docx
import openpyxl
import pytest
from markupsafe import escape
from odf import teletype
from odf.opendocument import load
from odf.text import P

from scenario_lib.render import export, render_html
from scenario_lib.scenario.proposer import propose
from scenario_lib.typography import NBSP, typeset

from .pdftext import flat, pdf_pages_text

NOTES = "Binôme avec le professeur de français : oral.\nPrévoir l'ordinateur ; 20 % du temps en autonomie !"
OWN = [f"français{NBSP}: oral", "Prévoir l’ordinateur\u202f; 20\u00a0% du temps en autonomie\u202f!"]


@pytest.fixture(scope="module")
def proposed(ref):
    scenario = propose("bacpro-mcv-b", "premiere", n=1, seed=3, blocks_required=["4B"])[0].scenario
    tasks = [scenario.tasks[0].model_copy(update={"duration_hours": 1.5}), *scenario.tasks[1:]]
    return scenario.model_copy(update={"notes": NOTES, "tasks": tasks})


def official_wordings(doc, ref) -> list[str]:
    """Official wordings the fiche prints, that typesetting would change (the ones worth checking)."""
    texts = [ref.title, *doc.evaluation_criteria]
    for code in doc.competences:
        competence = ref.competence(code)
        texts += [competence.title, ref.block(competence.block).label]
    texts += [ref.sub_competence(s).title for s in doc.sub_competences]
    texts += [ref.task(t.rap_task).title for t in doc.tasks if t.rap_task]
    texts += [line.strip() for lv in ref.scale("positionnement") for line in lv.descriptor.splitlines()]
    wordings = [str(t) for t in dict.fromkeys(texts) if typeset(str(t)) != t]
    assert len(wordings) >= 3, "the test needs official wordings that typesetting would change"
    return wordings


def test_html_official_untouched_own_typeset(proposed, ref):
    html = render_html(proposed)
    for wording in official_wordings(proposed, ref):
        assert escape(wording) in html, wording
    for own in OWN:
        assert own in html
    listed = render_html(proposed.model_copy(update={"evaluation_criteria": ["Critère ajouté par l’équipe"]}))
    assert "Critères d’évaluation" in listed and "Critères d'évaluation" not in listed  # template text typeset
    assert "1,5\u00a0h" in html and not re.search(r"\b1\.5\b", html)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_office_official_untouched_own_typeset(proposed, ref, tmp_path, fmt):
    path = export(proposed, fmt, tmp_path)
    if fmt == "docx":
        document = docx.Document(path)
        text = "\n".join(
            [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
    else:
        text = "\n".join(teletype.extractText(p) for p in load(str(path)).getElementsByType(P))
    for wording in official_wordings(proposed, ref):
        assert wording in text, wording
    for own in OWN:
        assert own in text  # pandoc keeps U+00A0 and U+202F
    assert "1,5\u00a0h" in text and "1.5" not in text


def test_markdown_official_untouched_own_typeset(proposed, ref, tmp_path):
    text = export(proposed, "md", tmp_path).read_text(encoding="utf-8")
    for wording in official_wordings(proposed, ref):
        assert wording in text, wording
    for own in OWN:
        assert own in text
    assert "1,5\u00a0h" in text and "1.5" not in text


def test_pdf_official_untouched_own_typeset(proposed, ref, tmp_path):
    pages = pdf_pages_text(export(proposed, "pdf", tmp_path))
    text = flat("\n".join(pages))
    for wording in official_wordings(proposed, ref):
        assert flat(wording) in text, wording  # straight apostrophes of the referential kept
    raw = "\n".join(pages)
    assert "français : oral" in text and "l’ordinateur" in raw  # pdftotext reads U+00A0 back as a space
    # what the no-break spaces are for: no line of the page starts with « : », « ; », « ? », « ! » or « »
    assert not re.search(r"^\s*[:;?!»]", raw, re.MULTILINE)
    assert "1,5 h" in text and "1.5" not in text


def test_xlsx_official_untouched_own_typeset(proposed, ref, tmp_path):
    doc = proposed.model_copy(update={"title": "Prospection : l'essentiel", "authors": ["=1+1 : formule"]})
    book = openpyxl.load_workbook(export(doc, "xlsx", tmp_path))
    values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for code in doc.competences:
        assert ref.competence(code).title in values
    assert any(typeset(str(ref.competence(c).title)) != ref.competence(c).title for c in doc.competences)
    assert f"Prospection{NBSP}: l’essentiel" in values
    formula = next(
        c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == f"'=1+1{NBSP}: formule"
    )
    assert formula.data_type == "s"  # text typed like a formula stays text (cells.safe_cell)
