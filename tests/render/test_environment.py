import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.render.environment import available_variants, date_fr, environment, get_template, hours, lines


def test_autoescape_applies_to_every_template_name():
    assert environment().from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"


@pytest.mark.parametrize("value, text", [(2, "2 h"), (1.5, "1,5 h"), (0.25, "0,25 h"), (3.0, "3 h")])
def test_hours_french(value, text):
    assert hours(value) == text


def test_date_and_lines():
    from datetime import date

    assert date_fr(date(2025, 8, 1)) == "1 août 2025"
    assert lines("a\n\n  b  \n") == ["a", "b"]


def test_unknown_template_names_the_file_and_the_choices():
    with pytest.raises(SpiraleError, match="scenario/bulletin.html.j2.*fiche, grille"):
        get_template("scenario", "bulletin")
    assert available_variants("scenario") == ["fiche", "grille"]
