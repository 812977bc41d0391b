"""Editable DOCX and ODT, and Markdown, converted by pandoc from the same HTML as the PDF.

Pandoc maps <h1>/<h2> to real heading styles and <table> to real tables; the reference documents give
A4 pages, bordered tables, a sans-serif body, a running header and « Page X / Y » in the footer, as on the
PDF. They live in `templates/base/` so a school can restyle them in Word or LibreOffice (keep the words
HEADER_MARK in the header: each export writes the document's type and title there); when absent they are
built from pandoc's defaults (`python -m scenario_lib.render.office` rebuilds the shipped ones).
"""

from __future__ import annotations

import html as html_lib
import io
import re
import subprocess
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from ..errors import SpiraleError
from .environment import template_file

# The HTML reader drops <div>/<span> wrappers (layout only) so Markdown stays clean.
HTML_READER = "html-native_divs-native_spans"
A4_LAYOUT = {
    "page-width": "21cm",
    "page-height": "29.7cm",
    "margin-top": "1.8cm",
    "margin-bottom": "1.8cm",
    "margin-left": "1.8cm",
    "margin-right": "1.8cm",
}
HEADER_MARK = "SPIRALE-EN-TETE"
GREY = "555555"
ODT_CELL_STYLES = """
<style:style style:name="TableRowCell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #555555" fo:padding="0.06cm"/></style:style>
<style:style style:name="TableHeaderRowCell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #555555" fo:padding="0.06cm" fo:background-color="#eeeeee"/></style:style>
"""


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(args: list[str], html: str | None = None) -> bytes:
    try:
        done = subprocess.run(
            [pandoc_path(), *args],
            input=html.encode("utf-8") if html is not None else None,
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpiraleError(f"la conversion par pandoc a échoué : {exc}") from None
    if done.returncode:
        raise SpiraleError("la conversion par pandoc a échoué : " + done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def build_reference_docx(path: Path) -> Path:
    """Pandoc's reference.docx, A4 with 1.8 cm margins, Arial body and bordered tables."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm

    document = docx.Document(io.BytesIO(_pandoc(["--print-default-data-file", "reference.docx"])))
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.8)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        if name in [s.name for s in document.styles]:
            document.styles[name].font.name = "Arial"
    table_style = document.styles["Table"]._element
    props = table_style.find(parse_xml(f"<w:tblPr {nsdecls('w')}/>").tag)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="555555"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    props.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))
    _docx_header_footer(document.sections[0])
    document.save(path)
    return path


def _docx_header_footer(section) -> None:
    """Header: HEADER_MARK (replaced at export), right-aligned; footer: « Page PAGE / NUMPAGES » fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt, RGBColor

    def small(run):
        run.font.size, run.font.color.rgb, run.font.name = Pt(7.5), RGBColor.from_string(GREY), "Arial"
        return run

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    small(header.add_run(HEADER_MARK))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    small(footer.add_run("Page "))
    run_props = f'<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:color w:val="{GREY}"/><w:sz w:val="15"/></w:rPr>'
    for index, field in enumerate(("PAGE", "NUMPAGES")):
        if index:
            small(footer.add_run(" / "))
        footer._p.append(
            parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="{field}"><w:r>{run_props}<w:t>1</w:t></w:r></w:fldSimple>')
        )


def _a4_layout(match: re.Match) -> str:
    tag = match.group(0)
    for attr, value in A4_LAYOUT.items():
        tag = re.sub(rf'fo:{attr}="[^"]*"', f'fo:{attr}="{value}"', tag)
    return tag


def build_reference_odt(path: Path) -> Path:
    """Pandoc's reference.odt, A4 with 1.8 cm margins, bordered table cells, header and « Page X / Y »."""
    source = zipfile.ZipFile(io.BytesIO(_pandoc(["--print-default-data-file", "reference.odt"])))
    with zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "styles.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<style:page-layout-properties[^>]*>", _a4_layout, text)
                text = text.replace("<office:styles>", "<office:styles>" + ODT_CELL_STYLES, 1)
                text = _odt_header_footer(text)
                data = text.encode("utf-8")
            compress = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(item, data, compress_type=compress)
    return path


ODT_PAGE_STYLES = """<style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.3cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.3cm"/></style:footer-style>"""
ODT_MASTER = f"""<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Mpm1">
<style:header><text:p text:style-name="SpiraleEnTete">{HEADER_MARK}</text:p></style:header>
<style:footer><text:p text:style-name="SpiraleEnTete">Page <text:page-number text:select-page="current">1</text:page-number> / <text:page-count>1</text:page-count></text:p></style:footer>
</style:master-page></office:master-styles>"""
ODT_HEADER_STYLE = f"""<style:style style:name="SpiraleEnTete" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/><style:text-properties style:font-name="Arial" fo:font-size="7.5pt" fo:color="#{GREY}"/></style:style>"""


def _odt_header_footer(styles: str) -> str:
    """The page style of pandoc's styles.xml with a header (HEADER_MARK) and a footer of page fields."""
    styles = re.sub(r"<style:header-style\s*/>|<style:header-style>.*?</style:header-style>", "", styles, flags=re.S)
    styles = re.sub(
        r"<style:footer-style\s*/>|<style:footer-style>.*?</style:footer-style>",
        ODT_PAGE_STYLES,
        styles,
        count=1,
        flags=re.S,
    )
    styles = styles.replace("<office:automatic-styles>", "<office:automatic-styles>" + ODT_HEADER_STYLE, 1)
    return re.sub(r"<office:master-styles>.*?</office:master-styles>", lambda _: ODT_MASTER, styles, flags=re.S)


BUILDERS = {"docx": build_reference_docx, "odt": build_reference_odt}


@cache
def reference_document(fmt: str) -> Path:
    shipped = template_file(f"base/reference.{fmt}")
    if shipped.is_file():
        return shipped
    return BUILDERS[fmt](Path(tempfile.mkdtemp(prefix="spirale-")) / f"reference.{fmt}")


DOCTYPE_LABEL = re.compile(r'<p class="doctype">(.*?)</p>', re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
TAGS = re.compile(r"<[^>]+>")


def header_text(html: str) -> str:
    """« Livret de positionnement PFMP — Livret PFMP — MARTIN Zoé », as the PDF's running header shows it."""
    parts = [pattern.search(html) for pattern in (DOCTYPE_LABEL, TITLE)]
    # only ASCII white space folds: the no-break spaces of French typography stay as they are
    texts = [re.sub(r"[ \t\r\n]+", " ", html_lib.unescape(TAGS.sub("", m.group(1)))).strip() for m in parts if m]
    return " — ".join(t for t in texts if t)


def _write_header(path: Path, text: str) -> None:
    """Put the document's own header text in place of HEADER_MARK (docx header parts, odt styles.xml)."""
    escaped = html_lib.escape(text, quote=False)
    parts = re.compile(r"word/header\d*\.xml|styles\.xml")
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for item, data in items:
            if parts.fullmatch(item.filename):
                data = data.replace(HEADER_MARK.encode(), escaped.encode("utf-8"))
            compress = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(item, data, compress_type=compress)


def html_to_office(html: str, fmt: str, path: Path) -> Path:
    """`fmt` is « docx » or « odt »; pandoc writes `path`, then the header receives the type and title."""
    _pandoc(
        ["-f", HTML_READER, "-t", fmt, "-M", "title=", f"--reference-doc={reference_document(fmt)}", "-o", str(path)],
        html,
    )
    _write_header(path, header_text(html))
    return path


def html_to_markdown(html: str) -> str:
    """GitHub-flavoured Markdown; tables with merged cells stay as HTML tables, which GFM renders."""
    return _pandoc(["-f", HTML_READER, "-t", "gfm", "--wrap=none"], html).decode("utf-8")


if __name__ == "__main__":  # rebuild the shipped reference documents: python -m scenario_lib.render.office
    from ..paths import templates_dir

    for fmt, build in BUILDERS.items():
        print(build(templates_dir() / "base" / f"reference.{fmt}"))
