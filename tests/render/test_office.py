import re
import zipfile

import docx
from odf import teletype
from odf.opendocument import load
from odf.style import PageLayoutProperties
from odf.table import Table
from odf.text import H

from scenario_lib.render import export
from scenario_lib.typography import typeset


def test_docx_has_real_headings_tables_and_official_texts(scenario, ref, exported):
    document = docx.Document(exported(scenario, "docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert (
        "Heading 1",
        "Prospection au salon de l’habitat «\u00a0Maisons & Jardins\u00a0» — œuvre collective 🎯",
    ) in headings  # accents, « », œ, emoji and no-break spaces intact
    assert ("Heading 2", "Grille d’évaluation") in headings
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for code in scenario.competences:
        assert ref.competence(code).title in cells
    assert ref.scale("positionnement")[1].descriptor.splitlines()[0] in cells
    grid = next(t for t in document.tables if [c.text for c in t.rows[0].cells][2:7] == ["NE", "N", "D", "A", "E"])
    assert len(grid.rows) > len(scenario.competences)


def test_docx_is_a4(exported, scenario):
    section = docx.Document(exported(scenario, "docx")).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_odt_has_headings_tables_and_official_texts(scenario, ref, exported):
    document = load(str(exported(scenario, "odt")))
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    assert (
        "Prospection au salon de l’habitat «\u00a0Maisons & Jardins\u00a0» — œuvre collective 🎯" in headings
        and "Grille d’évaluation" in headings
    )
    tables = "\n".join(teletype.extractText(t) for t in document.getElementsByType(Table))
    for code in scenario.competences:
        assert ref.competence(code).title in tables
    layout = document.getElementsByType(PageLayoutProperties)[0]
    assert (layout.getAttribute("pagewidth"), layout.getAttribute("pageheight")) == ("21cm", "29.7cm")


def _header_footer_docx(path):
    section = docx.Document(path).sections[0]
    return section.header.paragraphs[0].text, section.footer._element.xml


def test_docx_has_a_running_header_and_page_x_of_y(scenario, exported):
    header, footer = _header_footer_docx(exported(scenario, "docx"))
    assert header.startswith("Situation d’apprentissage — ") and header.endswith(f" — {typeset(scenario.title)}")
    fields = re.findall(r'w:instr="\s*(\w+)\s*"', footer)
    assert fields == ["PAGE", "NUMPAGES"]
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footer))
    assert text == "Page 1 / 1"  # the fields' placeholders; Word and LibreOffice compute them on screen


def test_odt_master_page_has_header_and_page_fields(scenario, exported):
    from odf.style import Footer, Header, MasterPage
    from odf.text import PageCount, PageNumber

    document = load(str(exported(scenario, "odt")))
    [master] = document.masterstyles.getElementsByType(MasterPage)
    [header], [footer] = master.getElementsByType(Header), master.getElementsByType(Footer)
    assert teletype.extractText(header).startswith("Situation d’apprentissage")
    assert teletype.extractText(header).endswith(typeset(scenario.title))
    assert len(footer.getElementsByType(PageNumber)) == 1 and len(footer.getElementsByType(PageCount)) == 1
    assert teletype.extractText(footer) == "Page 1 / 1"


def test_header_text_is_escaped_and_follows_the_document(tmp_path):
    from scenario_lib.scenario.model import parse_scenario

    from .conftest import scenario_data

    doc = parse_scenario(scenario_data(title="Vente 3 < 5 & « relation » client"))
    for fmt in ("docx", "odt"):
        path = export(doc, fmt, tmp_path)
        with zipfile.ZipFile(path) as z:
            part = next(n for n in z.namelist() if re.fullmatch(r"word/header\d*\.xml|styles\.xml", n))
            xml = z.read(part).decode("utf-8")
        assert "Vente 3 &lt; 5 &amp; «\u00a0relation\u00a0» client" in xml, fmt


def test_shipped_reference_documents_are_what_the_builders_make(tmp_path):
    """The reference files in templates/base/ carry the header and footer (rebuilt, not hand-edited)."""
    from scenario_lib.render.environment import template_file
    from scenario_lib.render.office import BUILDERS, HEADER_MARK

    for fmt, build in BUILDERS.items():
        fresh, shipped = build(tmp_path / f"reference.{fmt}"), template_file(f"base/reference.{fmt}")
        for path in (fresh, shipped):
            with zipfile.ZipFile(path) as z:
                parts = {
                    n: z.read(n).decode("utf-8")
                    for n in z.namelist()
                    if re.fullmatch(r"word/(header|footer)\d*\.xml|styles\.xml", n)
                }
            assert any(HEADER_MARK in x for x in parts.values()), (fmt, path)
            assert any("NUMPAGES" in x or "text:page-count" in x for x in parts.values()), (fmt, path)
