"""pydantic's English errors → French messages that name the field; HTML refused in plain-text fields."""

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scenario_lib.errors import SpiraleError
from scenario_lib.validation import InvalidDocumentError, field_label, french_problems, reject_html


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1)
    duration_hours: float = Field(gt=0)


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=20)
    level: Literal["seconde", "premiere", "terminale"]
    tasks: list[Task] = Field(min_length=1)
    notes: str = ""

    @field_validator("notes")
    @classmethod
    def _plain(cls, value: str) -> str:
        return reject_html(value)


def problems(data):
    with pytest.raises(ValidationError) as info:
        Doc.model_validate(data)
    return dict(french_problems(info.value))


def test_missing_and_empty_fields_in_french():
    found = problems({"title": "", "tasks": [{"code": "T1.01", "duration_hours": 2}]})
    assert found == {"titre": "texte vide", "niveau": "champ obligatoire manquant"}


def test_nested_fields_are_numbered_from_one():
    found = problems(
        {
            "title": "Vente",
            "level": "seconde",
            "tasks": [{"code": "T1.01", "duration_hours": 1}, {"code": "T1.02", "duration_hours": "deux"}],
        }
    )
    assert found == {"tâches › n° 2 › durée (h)": "un nombre est attendu"}


def test_limits_and_choices_name_the_limit():
    found = problems({"title": "x" * 30, "level": "bts", "tasks": [], "extra": 1})
    assert found["titre"] == "texte trop long (maximum 20 caractères)"
    assert found["niveau"].startswith("valeur non reconnue (attendu : ")
    assert "(attendu : seconde, premiere ou terminale)" in found["niveau"]
    assert found["tâches"] == "au moins 1 élément(s) attendu(s)"
    assert found["extra"] == "champ inconnu"


def test_greater_than_reads_french_numbers():
    found = problems({"title": "a", "level": "seconde", "tasks": [{"code": "T", "duration_hours": 0}]})
    assert found == {"tâches › n° 1 › durée (h)": "doit être supérieur à 0"}

    class Half(BaseModel):
        hours: float = Field(ge=0.5)

    with pytest.raises(ValidationError) as info:
        Half(hours=0.25)
    assert french_problems(info.value) == [("hours", "doit être supérieur ou égal à 0,5")]


def test_html_is_refused_with_the_tag():
    found = problems(
        {
            "title": "a",
            "level": "seconde",
            "tasks": [{"code": "T", "duration_hours": 1}],
            "notes": "Voir <script>alert(1)</script>",
        }
    )
    assert found == {"notes": "balise HTML « <script> » refusée : écrivez du texte simple"}


@pytest.mark.parametrize("text", ["marge < 10 % et > 5 %", "a<b", "prix -> remise", "3 < 4 > 2", "R&D"])
def test_plain_comparisons_are_not_html(text):
    assert reject_html(text) == text


@pytest.mark.parametrize("text", ["<b>gras</b>", "<br/>", "< p >", "<!-- commentaire -->", "<a href='x'>lien</a>"])
def test_markup_is_refused(text):
    with pytest.raises(ValueError, match="balise HTML"):
        reject_html(text)


def test_field_label_unknown_names_stay_as_is():
    assert field_label(("phases", 0, "inconnu")) == "phases › n° 1 › inconnu"


def test_invalid_document_error_lists_every_problem():
    err = InvalidDocumentError([("titre", "texte vide"), ("", "au moins une tâche")], what="scénario")
    assert isinstance(err, SpiraleError)
    assert str(err) == "scénario invalide — « titre » : texte vide ; au moins une tâche"
    assert err.problems[0] == ("titre", "texte vide")
