import pytest

from scenario_lib.errors import ReferentialError
from scenario_lib.referential.csvrows import csv_delimiter, csv_records


@pytest.mark.parametrize(
    "header, expected",
    [
        ("code,intitule,source", ","),
        ("code;intitule;source", ";"),
        ("code\tintitule\tsource", "\t"),
        ("code", ","),  # a single column: the format's comma
        ("code;intitule,avec virgule;source", ";"),
    ],
)
def test_the_separator_is_the_one_used_most_on_the_header_line(header, expected):
    assert csv_delimiter(header + "\nx;y;z\n") == expected


def test_records_keep_the_line_where_they_start_across_multi_line_cells():
    text = 'code;intitule;source\nAP01;"deux\nlignes";s\n\nAP02;une;s\n'
    assert csv_records(text, "t.csv") == [
        (1, ["code", "intitule", "source"]),
        (2, ["AP01", "deux\nlignes", "s"]),
        (4, []),
        (5, ["AP02", "une", "s"]),
    ]


@pytest.mark.parametrize(
    "text, line",
    [
        ('code,intitule,source\nAP01,"ouvert,s\nAP02,b,s\n', 2),
        ('code,intitule,source\nAP01,b,s\nAP02,"Titre" suite,s\n', 3),
    ],
)
def test_a_quote_left_open_or_text_after_a_closing_quote_is_a_french_error_at_its_line(text, line):
    with pytest.raises(ReferentialError) as info:
        csv_records(text, "attitudes.csv")
    assert (info.value.file, info.value.line) == ("attitudes.csv", line)
    assert "guillemet non fermé" in str(info.value)
