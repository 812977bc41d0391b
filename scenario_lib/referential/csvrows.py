"""CSV as saved by the spreadsheets teachers use: one reading shared by referential tables and Moodle imports.

French Excel separates with « ; », some exports with tabs; a quote left open must not swallow the rest of the
file silently (or crash with a raw `_csv.Error`): it is a French error at the line where the record starts.
"""

from __future__ import annotations

import csv
import io

from ..errors import ReferentialError

DELIMITERS = (",", ";", "\t")  # ties go to the comma of the format


def csv_delimiter(text: str) -> str:
    """The separator used most on the header line."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


def csv_records(text: str, filename: str, error: type = ReferentialError) -> list[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record, header included; blank lines give `[]`.

    `error(reason, file, line)` is raised for a broken record: class lists raise their own error type.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text), strict=True)
    records, start = [], 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error:
        raise error(
            "CSV illisible à partir de cette ligne : guillemet non fermé ? (un texte entre "
            "guillemets doit finir par un guillemet suivi du séparateur)",
            filename,
            start,
        ) from None
    return records
