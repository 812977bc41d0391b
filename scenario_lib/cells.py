"""The one rule for every cell Spirale writes to a spreadsheet (CSV or XLSX): teacher text stays inert text.

A title, a company or a tutor's name typed as « =HYPERLINK(…) », « +1+1 » or « @SUM(1) » would become a live
formula in Excel or LibreOffice (CSV injection, OWASP): such text gets a leading apostrophe, the mark both
spreadsheets use for « this is text ». Control characters (NUL, ESC…) are dropped: XLSX cannot hold them and
in a CSV they only hide things. Real numbers, dates and booleans are written as they are, negative ones too.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 except tab, line feed, carriage return
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")  # « -3 », « -2,5 »: a number, not a formula


def safe_cell(value):
    """The value to write in a cell: text without control characters and never read as a formula."""
    if value is None or isinstance(value, (bool, int, float, date, datetime, time)):
        return value
    text = CONTROL.sub("", str(value))
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


def unquote_cell(text: str) -> str:
    """Undo `safe_cell`'s apostrophe on text read back from a file Spirale wrote (round trips keep the text)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def cell_text(value) -> str:
    """A cell read back as text: control characters dropped, the apostrophe `safe_cell` added taken off."""
    return "" if value is None else unquote_cell(CONTROL.sub("", str(value)).strip())
