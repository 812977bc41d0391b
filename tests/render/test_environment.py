import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.render.environment import available_variants, date_fr, environment, get_template, hours, lines


def test_autoescape_applies_to_every_template_name():
    assert environment().from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"


@pytest.mark.parametrize(
    "value, text",
    [(2, "2\u00a0h"), (1.5, "1,5\u00a0h"), (0.25, "0,25\u00a0h"), (3.0, "3\u00a0h"), (1260, "1\u202f260\u00a0h")],
)
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


def test_a_school_folder_overrides_one_file_and_inherits_the_rest(tmp_path, monkeypatch, scenario):
    from markupsafe import escape

    from scenario_lib.render.html import render_html
    from scenario_lib.typography import typeset

    school = tmp_path / "lycee"
    (school / "base").mkdir(parents=True)
    (school / "base" / "print.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    (school / "scenario").mkdir()
    (school / "scenario" / "bulletin.html.j2").write_text(
        '{% extends "base/page.html.j2" %}{% block content %}<p>Lycée Colbert : {{ doc.title }}</p>{% endblock %}',
        encoding="utf-8",
    )
    monkeypatch.setenv("SPIRALE_TEMPLATES", str(school))

    title = str(escape(typeset(scenario.title)))
    fiche = render_html(scenario)  # Spirale's own fiche, with the school's stylesheet inlined
    assert "#123456" in fiche and title in fiche
    assert "Lycée Colbert" not in fiche
    bulletin = render_html(scenario, template="bulletin")  # a variant only the school has, on Spirale's page
    assert "Lycée Colbert\u00a0: " + title in bulletin  # the school's own text is typeset too and "#123456" in bulletin
    assert available_variants("scenario") == ["bulletin", "fiche", "grille"]

    monkeypatch.delenv("SPIRALE_TEMPLATES")
    assert "#123456" not in render_html(scenario)
