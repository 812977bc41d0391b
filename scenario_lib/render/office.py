"""Editable DOCX and ODT, and Markdown, converted by pandoc from the same HTML as the PDF.

Pandoc maps <h1>/<h2> to real heading styles and <table> to real tables; the reference documents give
A4 pages, bordered tables and a sans-serif body. They live in `templates/base/` so a school can restyle
them in Word or LibreOffice; when absent they are built from pandoc's defaults.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

from ..errors import SpiraleError
from .environment import template_file

# The HTML reader drops <div>/<span> wrappers (layout only) so Markdown stays clean.
HTML_READER = "html-native_divs-native_spans"
A4_LAYOUT = {"page-width": "21cm", "page-height": "29.7cm", "margin-top": "1.8cm", "margin-bottom": "1.8cm",
             "margin-left": "1.8cm", "margin-right": "1.8cm"}
ODT_CELL_STYLES = """
<style:style style:name="TableRowCell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #555555" fo:padding="0.06cm"/></style:style>
<style:style style:name="TableHeaderRowCell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #555555" fo:padding="0.06cm" fo:background-color="#eeeeee"/></style:style>
"""


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(args: list[str], html: str | None = None) -> bytes:
    try:
        done = subprocess.run([pandoc_path(), *args], input=html.encode("utf-8") if html is not None else None,
                              capture_output=True, check=False, timeout=120)
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
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="555555"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    props.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))
    document.save(path)
    return path


def _a4_layout(match: re.Match) -> str:
    tag = match.group(0)
    for attr, value in A4_LAYOUT.items():
        tag = re.sub(rf'fo:{attr}="[^"]*"', f'fo:{attr}="{value}"', tag)
    return tag


def build_reference_odt(path: Path) -> Path:
    """Pandoc's reference.odt, A4 with 1.8 cm margins and bordered table cells."""
    source = zipfile.ZipFile(io.BytesIO(_pandoc(["--print-default-data-file", "reference.odt"])))
    with zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "styles.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<style:page-layout-properties[^>]*>", _a4_layout, text)
                text = text.replace("<office:styles>", "<office:styles>" + ODT_CELL_STYLES, 1)
                data = text.encode("utf-8")
            compress = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(item, data, compress_type=compress)
    return path


BUILDERS = {"docx": build_reference_docx, "odt": build_reference_odt}


@lru_cache(maxsize=None)
def reference_document(fmt: str) -> Path:
    shipped = template_file(f"base/reference.{fmt}")
    if shipped.is_file():
        return shipped
    return BUILDERS[fmt](Path(tempfile.mkdtemp(prefix="spirale-")) / f"reference.{fmt}")


def html_to_office(html: str, fmt: str, path: Path) -> Path:
    """`fmt` is « docx » or « odt »; pandoc writes `path` directly."""
    _pandoc(["-f", HTML_READER, "-t", fmt, "-M", "title=", f"--reference-doc={reference_document(fmt)}",
             "-o", str(path)], html)
    return path


def html_to_markdown(html: str) -> str:
    """GitHub-flavoured Markdown; tables with merged cells stay as HTML tables, which GFM renders."""
    return _pandoc(["-f", HTML_READER, "-t", "gfm", "--wrap=none"], html).decode("utf-8")
