import re
import shutil
import subprocess

import pypdf
import pytest

from scenario_lib.render import export
from scenario_lib.scenario.model import Scenario
from tests.render.pdftext import flat, pdf_pages_text, squash


def test_a4_pages_with_numbers_and_running_header(scenario, ref, exported):
    reader = pypdf.PdfReader(exported(scenario, "pdf"))
    pages = pdf_pages_text(exported(scenario, "pdf"))
    assert len(pages) == len(reader.pages) >= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in text
        assert "Spirale — Situation d’apprentissage" in text
    # running header from page 2 on: referential (top left) and title (top right)
    for text in pages[1:]:
        head = flat(text)[:400]
        assert flat(ref.title)[:40] in head
        assert "Prospection au salon de l’habitat" in head


def test_fonts_are_embedded(exported, scenario):
    reader = pypdf.PdfReader(exported(scenario, "pdf"))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"].get_object()[0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
        # Text is DejaVu; a colour emoji font (fontconfig fallback) may carry the emoji only.
        assert "DejaVu" in str(font.get_object()["/BaseFont"]) or "Emoji" in str(font.get_object()["/BaseFont"])
    assert any("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts.values())


def test_official_texts_title_and_grid_in_pdf(scenario, ref, exported):
    text = flat("\n".join(pdf_pages_text(exported(scenario, "pdf"))))
    assert "Prospection au salon de l’habitat « Maisons & Jardins » — œuvre collective" in text
    for code in scenario.competences:
        assert flat(ref.competence(code).title) in text
    assert "Grille d’évaluation" in text
    assert re.search(r"Code Compétence NE N D A E Observations", text)
    for level in ref.scale("positionnement"):
        assert f"{level.code} {level.label}" in text
        for line in level.descriptor.splitlines():
            assert squash(line) in squash(text)


def test_emoji_kept_in_text_layer(exported, scenario):
    # the glyph needs fonts-noto-color-emoji; the character itself must never be dropped
    assert "🎯" in "".join(pdf_pages_text(exported(scenario, "pdf")))


def test_forty_competences_paginate_with_repeated_table_headers(big_scenario, ref, exported):
    pages = pdf_pages_text(exported(big_scenario, "pdf"))
    text = squash("\n".join(pages))
    assert len(pages) >= 5
    for sub in (s for c in ref.competences for s in c.sub_competences):
        assert squash(sub.title) in text
    header = "Compétence (intitulé du référentiel)"
    assert sum(header in flat(page) for page in pages) >= 2  # <thead> repeated after a page break
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page


def test_grille_one_page_per_student(scenario, tmp_path):
    eleves = ["Léa Martin", "Noé Dubois", "Inès Benali"]
    path = export(scenario, "pdf", tmp_path, template="grille", eleves=eleves)
    assert path.name.endswith("-grille.pdf")
    pages = pdf_pages_text(path)
    assert len(pages) == len(eleves)
    for name, page in zip(eleves, pages):
        assert name in page and "Signature de l’élève" in page


def test_markup_prints_as_text(scenario, tmp_path):
    hostile = Scenario.model_construct(**{**dict(scenario), "title": "<script>alert(1)</script> Vente"})
    path = export(hostile, "pdf", tmp_path, template="grille")
    assert path.name == "script-alert-1-script-vente-grille.pdf"
    assert "<script>alert(1)</script> Vente" in pdf_pages_text(path)[0]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils absent")
def test_visual_artefact(artifacts, exported, scenario):
    for old in artifacts.glob("fiche-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(exported(scenario, "pdf")), str(artifacts / "fiche")], check=True
    )
    images = sorted(artifacts.glob("fiche-*.png"))
    assert len(images) == len(pypdf.PdfReader(exported(scenario, "pdf")).pages)
    assert all(image.stat().st_size > 20_000 for image in images)
