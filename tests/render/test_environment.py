import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.render.environment import available_variants, date_fr, environment, get_template, hours, lines


def test_autoescape_applies_to_every_template_name():
    assert environment().from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"


@pytest.mark.parametrize("value, text", [(2, "2\u00a0h"), (1.5, "1,5\u00a0h"), (0.25, "0,25\u00a0h"), (3.0, "3\u00a0h"),
                                         (1260, "1\u202f260\u00a0h")])
def test_hours_french_with_a_no_break_space(value, text):
    assert hours(value) == text


def test_date_and_lines():
    from datetime import date

    assert date_fr(date(2025, 8, 1)) == "1er août 2025"
    assert date_fr(date(2025, 9, 22)) == "22 septembre 2025"
    assert lines("a\n\n  b  \n") == ["a", "b"]


def test_unknown_template_names_the_file_and_the_choices():
    with pytest.raises(SpiraleError, match="scenario/bulletin.html.j2.*fiche, grille"):
        get_template("scenario", "bulletin")
    assert available_variants("scenario") == ["fiche", "grille"]
