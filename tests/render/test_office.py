import docx
from odf import teletype
from odf.opendocument import load
from odf.style import PageLayoutProperties
from odf.table import Table
from odf.text import H


def test_docx_has_real_headings_tables_and_official_texts(scenario, ref, exported):
    document = docx.Document(exported(scenario, "docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Prospection au salon de l’habitat «\u00a0Maisons & Jardins\u00a0» — œuvre collective 🎯") in headings  # accents, « », œ, emoji and no-break spaces intact
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
    assert "Prospection au salon de l’habitat «\u00a0Maisons & Jardins\u00a0» — œuvre collective 🎯" in headings and "Grille d’évaluation" in headings
    tables = "\n".join(teletype.extractText(t) for t in document.getElementsByType(Table))
    for code in scenario.competences:
        assert ref.competence(code).title in tables
    layout = document.getElementsByType(PageLayoutProperties)[0]
    assert (layout.getAttribute("pagewidth"), layout.getAttribute("pageheight")) == ("21cm", "29.7cm")
