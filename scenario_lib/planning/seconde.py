"""The Seconde « famille des métiers de la relation client »: what a progression may leave out that year.

The regional guide makes Seconde a family-of-trades year: the speciality (hence the option block, 4B for
MCV B) is chosen only from Première on, and no certificative evaluation is organised in Seconde. Spirale's
reading of it lives in `data/spirale/seconde_famille_de_metiers.yaml` (blocks optional per referential,
quotes with their source), so analysis and completion apply the same rule.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import SpiraleError
from ..files import FileProblem
from ..paths import data_dir
from ..referential.model import Referential
from ..text import fold
from ..validation import french_problems
from ..yamlfiles import read_yaml_file

FILE = "seconde_famille_de_metiers.yaml"
CERTIFICATION = re.compile(r"certificati|\bccf\b")


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Quote(_Data):
    texte: str
    source: str


class CommonTable(_Data):
    lien: str
    source: str
    note: str


class FamilyYear(_Data):
    origine: str
    date: str
    niveau: str
    libelle: str
    blocs_facultatifs: dict[str, tuple[str, ...]]
    evaluation_certificative: bool
    textes: tuple[Quote, ...]
    tableau_competences_communes: CommonTable

    def quote(self, word: str) -> str:
        """The quoted official sentence containing `word` (e.g. « certificative »)."""
        return next(q.texte for q in self.textes if word in q.texte)


@lru_cache(maxsize=2)
def _load(path: str) -> FamilyYear:
    name = Path(path).name
    try:
        return FamilyYear.model_validate(read_yaml_file(path))
    except FileProblem as exc:
        raise SpiraleError(f"fichier « {name} » illisible : {exc.reason}") from None
    except ValidationError as exc:
        problems = " ; ".join(f"« {f} » : {r}" for f, r in french_problems(exc))
        raise SpiraleError(f"fichier « {name} » invalide — {problems}") from None


def family_year() -> FamilyYear:
    return _load(str(data_dir() / "spirale" / FILE))


def optional_competences(ref: Referential, level: str) -> list[str]:
    """Competences a year of this referential may leave out (4B in Seconde for MCV B), in referential order."""
    rule = family_year()
    if level != rule.niveau:
        return []
    blocks = set(rule.blocs_facultatifs.get(ref.id, ()))
    return [c.code for c in ref.competences if c.block in blocks]


def certificative_allowed(level: str) -> bool:
    """False in Seconde: « aucune évaluation certificative ne sera organisée en seconde professionnelle »."""
    rule = family_year()
    return rule.evaluation_certificative or level != rule.niveau


def mentions_certification(scenario) -> bool:
    """Whether a situation proposes a certificative evaluation (CCF, évaluation certificative)."""
    texts = [
        *scenario.productions,
        *scenario.evaluation_criteria,
        scenario.mission,
        *(t.title for t in scenario.tasks),
        *(lv.text for lv in scenario.levers),
    ]
    return bool(CERTIFICATION.search(fold(" ".join(texts))))
