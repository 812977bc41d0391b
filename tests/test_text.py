"""French text helpers: search folding, white-space normalisation, safe file names."""

import re

import pytest

from scenario_lib.text import fold, french_number, normalise_space, safe_filename


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Négociation", "negociation"),
        ("ŒUVRE", "oeuvre"),
        ("mise en œuvre", "mise en oeuvre"),
        ("Fidélisation  de\tla\nclientèle", "fidelisation de la clientele"),
        ("l’entreprise", "l'entreprise"),
        ("ÇA, À L'ÉCOLE", "ca, a l'ecole"),
        ("Straße", "strasse"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_makes_accented_and_plain_queries_meet():
    assert fold("négociation") == fold("NEGOCIATION") == fold("Négociation")
    assert fold("cœur") == fold("COEUR")


def test_normalise_space_keeps_case_and_accents():
    assert normalise_space("  Réaliser\n la  vente ’omnicanale’ ") == "Réaliser la vente 'omnicanale'"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Situation : la négociation en B2B", "situation-la-negociation-en-b2b"),
        ("Mise en œuvre", "mise-en-oeuvre"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("🎉🎉", "document"),
        ("", "document"),
        ("CON", "con-doc"),
        ("lpt1", "lpt1-doc"),
        ("...", "document"),
    ],
)
def test_safe_filename(title, expected):
    assert safe_filename(title) == expected


def test_safe_filename_is_short_and_portable():
    name = safe_filename("Très " * 100)
    assert len(name) <= 80 and not name.endswith("-")
    assert re.fullmatch(r"[a-z0-9-]+", name)
    assert safe_filename("x" * 200, max_length=10) == "x" * 10
    assert safe_filename("", default="sans-titre") == "sans-titre"


@pytest.mark.parametrize(
    "value, text",
    [
        (2, "2"),
        (2.0, "2"),
        (1.5, "1,5"),
        (0.25, "0,25"),
        (1 / 3, "0,33"),
        (1234567.0, "1\u202f234\u202f567"),
        (0, "0"),
        (-2.5, "-2,5"),
    ],
)
def test_french_number_has_a_decimal_comma_and_no_trailing_zero(value, text):
    assert french_number(value) == text
