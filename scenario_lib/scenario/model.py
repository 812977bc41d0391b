"""The learning situation (scénario) and the pieces it is made of.

Construction validates both the shape (pydantic) and the codes against the named referential, so a scenario
object that exists is always consistent with its referential.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import Field, model_validator

from ..document import Document, OptionalText, Part, ShortText, Text, parse_document
from ..errors import SpiraleError

SCHEMA_VERSION = 1


class Modality(str, Enum):
    INDIVIDUAL = "individuel"
    GROUP = "groupe"
    WHOLE_CLASS = "classe entière"


class Channel(str, Enum):
    FACE_TO_FACE = "face-à-face"
    REMOTE = "à distance"
    OMNICHANNEL = "omnicanal"


class Market(str, Enum):
    B2B = "B to B"
    B2C = "B to C"


LEVELS = ("seconde", "premiere", "terminale")
LEVEL_LABELS = {"seconde": "Seconde", "premiere": "Première", "terminale": "Terminale", "formation": "Formation"}


class CompanyContext(Part):
    name: ShortText
    sector: ShortText
    market: Market
    channel: Channel
    product: ShortText
    target: ShortText
    size: ShortText = "PME"
    description: OptionalText = ""


class Lever(Part):
    code: ShortText
    title: ShortText
    text: Text


class ScenarioTask(Part):
    title: ShortText
    duration_hours: float = Field(gt=0, le=200)
    modality: Modality = Modality.GROUP
    channel: Channel = Channel.FACE_TO_FACE
    rap_task: str = ""
    description: OptionalText = ""


class Scenario(Document):
    """A situation d'apprentissage: the document teachers print, share and evaluate with."""

    doc_type: Literal["scenario"] = "scenario"
    schema_version: int = SCHEMA_VERSION
    referential: str = "bacpro-mcv-b"
    level: str
    archetype: str = ""
    context: CompanyContext
    mission: Text
    tasks: list[ScenarioTask] = Field(min_length=1)
    competences: list[str] = Field(min_length=1)
    sub_competences: list[str] = []
    resources: list[ShortText] = []
    productions: list[ShortText] = []
    evaluation_criteria: list[Text] = []
    tools: list[ShortText] = []
    levers: list[Lever] = []
    notes: OptionalText = ""

    @property
    def total_hours(self) -> float:
        return round(sum(t.duration_hours for t in self.tasks), 2)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @model_validator(mode="after")
    def _codes_exist(self) -> "Scenario":
        from ..referential import load_referential

        try:
            ref = load_referential(self.referential)
        except SpiraleError as exc:
            raise ValueError(str(exc)) from None
        if not ref.has("niveau", self.level):
            raise ValueError(f"niveau « {self.level} » inconnu (attendu : {', '.join(lv.code for lv in ref.levels)})")
        for code in self.competences:
            if not ref.has("compétence", code):
                raise ValueError(f"code de compétence inconnu : « {code} »")
        for code in self.sub_competences:
            if not ref.has("sous-compétence", code):
                raise ValueError(f"code de sous-compétence inconnu : « {code} »")
            parent = ref.sub_competence(code).competence
            if parent not in self.competences:
                raise ValueError(f"la sous-compétence « {code} » appartient à la compétence « {parent} », "
                                 "qui n'est pas mobilisée par le scénario")
        for task in self.tasks:
            if task.rap_task and not ref.has("tâche", task.rap_task):
                raise ValueError(f"tâche du référentiel inconnue : « {task.rap_task} » (tâche « {task.title} »)")
        return self

    def blocks(self) -> list[str]:
        """Codes of the blocks crossed, in the referential's order."""
        from ..referential import load_referential

        ref = load_referential(self.referential)
        crossed = {ref.competence(c).block for c in self.competences}
        return [b.code for b in ref.blocks if b.code in crossed]

    def facets(self) -> dict:
        return {"level": self.level, "blocks": self.blocks(), "competences": list(self.competences),
                "context": self.context.name, "sector": self.context.sector, "referential": self.referential}


def parse_scenario(data: dict) -> Scenario:
    return parse_document(data, "scenario")


def scenario_json_schema() -> dict:
    return Scenario.model_json_schema()
