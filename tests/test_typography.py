import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from scenario_lib.typography import NBSP, NNBSP, Official, official, typeset


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Appréciation :", f"Appréciation{NBSP}:"),
        ("Binôme avec le professeur de français : oral.", f"Binôme avec le professeur de français{NBSP}: oral."),
        ("Vraiment ? Oui ! Non ; peut-être", f"Vraiment{NNBSP}? Oui{NNBSP}! Non{NNBSP}; peut-être"),
        ("Attention! Quoi?", f"Attention{NNBSP}! Quoi{NNBSP}?"),
        ("Note: à rendre", f"Note{NBSP}: à rendre"),
        ("le salon « Maisons & Jardins »", f"le salon «{NBSP}Maisons & Jardins{NBSP}»"),
        ("«Maisons»", f"«{NBSP}Maisons{NBSP}»"),
        ("l'élève d'aujourd'hui", "l’élève d’aujourd’hui"),
        ("7,5 h puis 12 % et 3 semaines, 24 €", f"7,5{NBSP}h puis 12{NBSP}% et 3{NBSP}semaines, 24{NBSP}€"),
        ("20% moins cher, 15€", f"20{NBSP}% moins cher, 15{NBSP}€"),
        ("1.5 h de cours", f"1,5{NBSP}h de cours"),
        ("« 1.5 h » beside « 7,5 h »", f"«{NBSP}1,5{NBSP}h{NBSP}» beside «{NBSP}7,5{NBSP}h{NBSP}»"),
        ("Espace\u00a0; déjà", f"Espace{NNBSP}; déjà"),
    ],
)
def test_typeset_french_rules(text, expected):
    assert typeset(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "de 10h30 à 12h",
        "tâche T1.01 puis 4B.2.1",
        "rentrée le 2025-09-01",
        "version 2.0.1",
        "https://eduscol.education.fr/a?b=c;d=e",
        "www.onisep.fr/l'orientation",
        "lea.martin@ac-nantes.fr",
        "fiche.pdf",
        "A &amp; B &nbsp;",
        "salle 112",
        "T4B.01 h",
        "'guillemets droits'",
    ],
)
def test_typeset_leaves_codes_times_dates_addresses_alone(text):
    assert typeset(text) == text


def test_official_text_is_never_typeset():
    wording = Official("Suivre et évaluer l'action de prospection : bilan")
    assert typeset(wording) is wording
    assert official(wording) is wording
    assert escape(wording) == "Suivre et évaluer l&#39;action de prospection : bilan"


def test_official_wordings_quoted_in_own_text_stay_word_for_word():
    title = "Suivre et évaluer l'action de prospection"
    text = f"Compétence : {title} ; l'élève s'y entraîne"
    assert typeset(text, frozenset({title})) == f"Compétence{NBSP}: {title}{NNBSP}; l’élève s’y entraîne"
    assert typeset(text) == f"Compétence{NBSP}: Suivre et évaluer l’action de prospection{NNBSP}; l’élève s’y entraîne"


def _undo(text: str) -> str:
    """The text with the typography taken back out: what typeset may change, and only that."""
    text = text.replace("’", "'").replace(NBSP, " ").replace(NNBSP, " ")
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    return re.sub(r" +", " ", re.sub(r" *([;:!?%€»])", r" \1", re.sub(r"« *", "« ", text)))


french = st.text(alphabet=st.sampled_from(list("abcdeéèàôç AZ'’:;!?«»%€.,-/@0123456789h\u00a0\u202f")), max_size=60)
codes = st.from_regex(
    r"\A(T[0-9]\.[0-9]{2}|4B\.[0-9]\.[0-9]|20[0-9]{2}-[01][0-9]-[0-3][0-9]|[0-2][0-9]h[0-5][0-9]|"
    r"https://[a-z]{1,8}\.fr/[a-z?=&;:]{0,10}|[a-z]{1,6}@[a-z]{1,6}\.fr|[a-z]{1,8}\.pdf)\Z"
)


@given(french)
def test_typeset_is_idempotent(text):
    once = typeset(text)
    assert typeset(once) == once


@given(french)
def test_typeset_only_changes_spaces_apostrophes_and_decimal_points(text):
    assert _undo(typeset(text)) == _undo(text)


@given(st.lists(codes, min_size=1, max_size=4), st.sampled_from([" ", " : ", " ; ", ", ", " et "]))
def test_typeset_never_changes_codes_addresses_or_dates(items, separator):
    result = typeset(separator.join(items))
    for item in items:
        assert item in result
