"""`safe_cell`: the one rule for spreadsheet cells, and the writers outside the PFMP that use it."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_lib.cells import safe_cell, unquote_cell
from tests.sheetcheck import ATTACKS, live_csv_cells


@pytest.mark.parametrize(
    "text, expected",
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Dupont\x00\x1b", "Dupont"),
        ("\x00=1+1", "'=1+1"),
        ("ligne 1\nligne 2\tsuite", "ligne 1\nligne 2\tsuite"),
        ("-3", "-3"),
        ("-2,5", "-2,5"),
        ("Martin", "Martin"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_text_that_would_run_gets_an_apostrophe_and_control_characters_go(text, expected):
    assert safe_cell(text) == expected


@pytest.mark.parametrize("value", [-3, -2.5, 0, True, None, date(2026, 1, 5)])
def test_numbers_dates_and_empty_cells_are_written_as_they_are(value):
    assert safe_cell(value) is value


@given(st.text())
def test_no_text_comes_out_live_and_reading_back_gives_the_text(text):
    written = safe_cell(text)
    assert not live_csv_cells_of(written)
    if not text.startswith("'"):
        assert unquote_cell(written) == "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32 and ord(ch) != 127)


def live_csv_cells_of(value):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerow([value])
    return live_csv_cells(out.getvalue())


def test_batch_report_csv_keeps_titles_inert(tmp_path):
    from scenario_lib.batch.report import BatchReport, ItemResult
    from scenario_lib.batch.status import Status

    report = BatchReport(tmp_path, [ItemResult(f"doc-{i}", Status.OK, title=t, error=t) for i, t in enumerate(ATTACKS)])
    report.write()
    text = (tmp_path / "rapport.csv").read_text(encoding="utf-8")
    assert live_csv_cells(text, ";") == []
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text and "\x00" not in text
