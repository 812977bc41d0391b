"""The learning situation (scénario) and the pieces it is made of.

Construction validates both the shape (pydantic) and the codes against the named referential, so a scenario
object that exists is always consistent with its referential.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import SpiraleError
from ..validation import InvalidDocumentError, french_problems, reject_html

SCHEMA_VERSION = 1

Text = Annotated[str, Field(min_length=1, max_length=5000), AfterValidator(reject_html)]
ShortText = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(reject_html)]
OptionalText = Annotated[str, Field(max_length=20000), AfterValidator(reject_html)]


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


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, use_enum_values=False)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class CompanyContext(Doc):
    name: ShortText
    sector: ShortText
    market: Market
    channel: Channel
    product: ShortText
    target: ShortText
    size: ShortText = "PME"
    description: OptionalText = ""


class Lever(Doc):
    code: ShortText
    title: ShortText
    text: Text


class ScenarioTask(Doc):
    title: ShortText
    duration_hours: float = Field(gt=0, le=200)
    modality: Modality = Modality.GROUP
    channel: Channel = Channel.FACE_TO_FACE
    rap_task: str = ""
    description: OptionalText = ""


class Scenario(Doc):
    """A situation d'apprentissage: the document teachers print, share and evaluate with."""

    doc_type: Literal["scenario"] = "scenario"
    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=new_id, pattern=r"^[a-z0-9][a-z0-9-]{2,63}$")
    revision: int = Field(default=0, ge=0)
    title: ShortText
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
    authors: list[ShortText] = []
    notes: OptionalText = ""
    updated: datetime = Field(default_factory=lambda: datetime.now(timezone.utc).replace(microsecond=0))

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


def parse_document(cls, data: dict, what: str):
    """Build a model from plain data, turning validation errors into one French `InvalidDocumentError`."""
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise InvalidDocumentError(french_problems(exc), what) from None


def parse_scenario(data: dict) -> Scenario:
    return parse_document(Scenario, data, "scénario")


def scenario_json_schema() -> dict:
    return Scenario.model_json_schema()
