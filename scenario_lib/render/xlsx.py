"""Spreadsheets for tabular documents (a scenario's evaluation grid, plans, progressions).

A document type names its sheet builder in the registry (`doctypes.DocumentType.sheets`); the builder
returns the `Sheet`s of one document and this writer handles layout, widths, frozen headers and drop-downs.
"""

from __future__ import annotations

from pathlib import Path

from ..cells import safe_row
from ..doctypes import document_type
from ..document import Document
from ..errors import SpiraleError
from ..sheets import Sheet
from ..typography import typeset


def scenario_sheets(doc, eleves: list[str] | None = None, **_context) -> list[Sheet]:
    from ..referential import load_referential
    from .views import competence_groups, scale_levels

    ref = load_referential(doc.referential)
    levels = scale_levels(ref)
    intro = [
        ("Scénario", doc.title),
        ("Référentiel", ref.title),
        ("Niveau", doc.level_label),
        ("Binôme / auteurs", ", ".join(doc.authors)),
    ]
    competences = [
        (g.block, item.competence) for g in competence_groups(ref, doc.competences, []) for item in g.competences
    ]
    grid = Sheet(
        "Grille",
        ["Bloc", "Code", "Compétence", *(lv.code for lv in levels), "Observations"],
        [[block.label, c.code, c.title, *([""] * len(levels)), ""] for block, c in competences],
        intro=intro,
        choices=["X"],
        fixed=3,
        free=1,
        widths=[28, 8, 60, *([6] * len(levels)), 30],
    )
    scale = Sheet(
        "Échelle",
        ["Niveau", "Intitulé", "Descripteurs"],
        [[lv.code, lv.label, lv.descriptor] for lv in levels],
        fixed=3,
        widths=[8, 16, 90],
    )
    sheets = [grid, scale]
    if eleves:
        sheets.insert(
            1,
            Sheet(
                "Classe",
                ["Élève", *(c.code for _, c in competences)],
                [[name, *([""] * len(competences))] for name in eleves],
                intro=intro,
                choices=[lv.code for lv in levels],
                widths=[30, *([8] * len(competences))],
            ),
        )
    return sheets


def _official_texts(doc: Document) -> frozenset[str]:
    from ..referential import load_referential

    referential = getattr(doc, "referential", None)
    return load_referential(referential).official_texts if referential else frozenset()


def write_xlsx(doc: Document, path: Path, **context) -> Path:
    """Cells of own text get French typography (as in the PDF); official wordings and numbers stay as they are."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = document_type(doc.doc_type)
    if kind.xlsx_writer:
        return kind.writer()(doc, path, **context)
    if not kind.sheets:
        raise SpiraleError(f"l'export tableur (XLSX) n'existe pas pour « {kind.label} »")
    builder = kind.sheet_builder()
    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin", color="555555")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    official = _official_texts(doc)

    def own(values) -> list:
        return [typeset(v, official) if isinstance(v, str) else v for v in values]

    for sheet in builder(doc, **context):
        ws = book.create_sheet(sheet.title[:31])
        for label, value in sheet.intro:
            ws.append(safe_row(own([label, value])))
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        if sheet.intro:
            ws.append([])
        header_row = len(sheet.intro) + 2 if sheet.intro else 1  # ws.max_row ignores the blank row
        ws.append(safe_row(own(sheet.headers)))
        for cell in ws[header_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="2B4C7E")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in sheet.rows:
            ws.append(safe_row(own(row)))  # teacher text never becomes a live formula
        for (r, c), colour in sheet.fills.items():
            ws.cell(header_row + 1 + r, c + 1).fill = PatternFill("solid", fgColor=colour)
        last_row, last_col = ws.max_row, len(sheet.headers)
        for row in ws.iter_rows(min_row=header_row, max_row=last_row, max_col=last_col):
            for cell in row:
                cell.border = border
                if cell.row > header_row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if sheet.choices and last_row > header_row and last_col - sheet.free > sheet.fixed:
            check = DataValidation(
                type="list",
                formula1='"' + ",".join(sheet.choices) + '"',
                allow_blank=True,
                error="Valeur attendue : " + ", ".join(sheet.choices),
                showErrorMessage=True,
            )
            ws.add_data_validation(check)
            check.add(
                f"{get_column_letter(sheet.fixed + 1)}{header_row + 1}:"
                f"{get_column_letter(last_col - sheet.free)}{last_row}"
            )
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = ws.cell(header_row + 1, 1)
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.print_title_rows = f"{header_row}:{header_row}"
    book.save(path)
    return path
