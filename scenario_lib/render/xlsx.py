"""Spreadsheets for tabular documents (a scenario's evaluation grid; progressions register their own).

A document family adds itself with `register_sheets(doc_type, builder)`, where the builder returns the
`Sheet`s of one document: the writer handles layout, widths, frozen headers and drop-down lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..cells import safe_row
from ..document import Document, document_label
from ..errors import SpiraleError


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]
    intro: list[tuple[str, str]] = field(default_factory=list)  # « libellé : valeur » lines above the table
    choices: list[str] = field(default_factory=list)  # drop-down offered in every cell right of `fixed`
    fixed: int = 1  # leading columns that identify a row (no drop-down)
    free: int = 0  # trailing columns of free text (no drop-down), e.g. « Observations »
    widths: list[int] = field(default_factory=list)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) in `rows`, 0-based → RRGGBB


SheetBuilder = Callable[..., list[Sheet]]
SHEET_BUILDERS: dict[str, SheetBuilder] = {}


def register_sheets(doc_type: str, builder: SheetBuilder) -> None:
    SHEET_BUILDERS[doc_type] = builder


def scenario_sheets(doc, eleves: list[str] | None = None, **_context) -> list[Sheet]:
    from ..referential import load_referential
    from .views import competence_groups, scale_levels

    ref = load_referential(doc.referential)
    levels = scale_levels(ref)
    intro = [("Scénario", doc.title), ("Référentiel", ref.title), ("Niveau", doc.level_label),
             ("Binôme / auteurs", ", ".join(doc.authors))]
    competences = [(g.block, item.competence) for g in competence_groups(ref, doc.competences, [])
                   for item in g.competences]
    grid = Sheet("Grille", ["Bloc", "Code", "Compétence", *(lv.code for lv in levels), "Observations"],
                 [[block.label, c.code, c.title, *([""] * len(levels)), ""] for block, c in competences],
                 intro=intro, choices=["X"], fixed=3, free=1, widths=[28, 8, 60, *([6] * len(levels)), 30])
    scale = Sheet("Échelle", ["Niveau", "Intitulé", "Descripteurs"],
                  [[lv.code, lv.label, lv.descriptor] for lv in levels], fixed=3, widths=[8, 16, 90])
    sheets = [grid, scale]
    if eleves:
        sheets.insert(1, Sheet("Classe", ["Élève", *(c.code for _, c in competences)],
                               [[name, *([""] * len(competences))] for name in eleves], intro=intro,
                               choices=[lv.code for lv in levels], widths=[30, *([8] * len(competences))]))
    return sheets


register_sheets("scenario", scenario_sheets)


def write_xlsx(doc: Document, path: Path, **context) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    builder = SHEET_BUILDERS.get(doc.doc_type)
    if builder is None:
        raise SpiraleError(f"l'export tableur (XLSX) n'existe pas pour « {document_label(doc.doc_type)} »")
    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin", color="555555")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for sheet in builder(doc, **context):
        ws = book.create_sheet(sheet.title[:31])
        for label, value in sheet.intro:
            ws.append(safe_row([label, value]))
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        if sheet.intro:
            ws.append([])
        header_row = len(sheet.intro) + 2 if sheet.intro else 1  # ws.max_row ignores the blank row
        ws.append(safe_row(sheet.headers))
        for cell in ws[header_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="2B4C7E")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in sheet.rows:
            ws.append(safe_row(row))  # teacher text never becomes a live formula
        for (r, c), colour in sheet.fills.items():
            ws.cell(header_row + 1 + r, c + 1).fill = PatternFill("solid", fgColor=colour)
        last_row, last_col = ws.max_row, len(sheet.headers)
        for row in ws.iter_rows(min_row=header_row, max_row=last_row, max_col=last_col):
            for cell in row:
                cell.border = border
                if cell.row > header_row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if sheet.choices and last_row > header_row and last_col - sheet.free > sheet.fixed:
            check = DataValidation(type="list", formula1='"' + ",".join(sheet.choices) + '"', allow_blank=True,
                                   error="Valeur attendue : " + ", ".join(sheet.choices), showErrorMessage=True)
            ws.add_data_validation(check)
            check.add(f"{get_column_letter(sheet.fixed + 1)}{header_row + 1}:"
                      f"{get_column_letter(last_col - sheet.free)}{last_row}")
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = ws.cell(header_row + 1, 1)
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.print_title_rows = f"{header_row}:{header_row}"
    book.save(path)
    return path
