"""The learning situation (scénario) and the pieces it is made of.

Construction validates both the shape (pydantic) and the codes against the named referential, so a scenario
object that exists is always consistent with its referential.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from pathlib import Path
from typing import Iterator, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..document import Document, OptionalText, Part, ShortText, Text, parse_document
from ..errors import SpiraleError
from ..files import atomic_write
from ..paths import data_dir

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
    criteria: list[Text] = []  # what the teacher observes in this task (official wording)


class Gradation(Part):
    """How complex the situation is at its level, along the guide's dimensions (« Les éléments de
    contextualisation, le périmètre des activités et/ou leur nature viennent ainsi graduer la complexité »)."""

    perimeter: Text
    nature: Text
    context: Text
    autonomy: Text


class CriticalIncident(Part):
    """The one critical event of a « situation critique »: played in one task, and evaluated."""

    code: ShortText = ""
    title: ShortText
    text: Text
    task_number: int = Field(ge=1)
    task_title: ShortText
    criteria: list[Text] = Field(min_length=1)


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
    gradation: Gradation | None = None
    incident: CriticalIncident | None = None
    notes: OptionalText = ""

    @property
    def total_hours(self) -> float:
        return round(sum(t.duration_hours for t in self.tasks), 2)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @model_validator(mode="wrap")
    @classmethod
    def _one_referential_load(cls, data, handler):
        """The field validators below share one loaded referential per validation (loading checks files)."""
        if _LOADED.get() is not None:
            return handler(data)
        token = _LOADED.set({})
        try:
            return handler(data)
        finally:
            _LOADED.reset(token)

    # Codes are checked field by field (fields are validated in declaration order, so `referential` and
    # `competences` are known when later fields are checked): each message then names its field.
    @field_validator("referential")
    @classmethod
    def _referential_exists(cls, value: str) -> str:
        _referential(value)
        return value

    @field_validator("level")
    @classmethod
    def _level_exists(cls, value: str, info: ValidationInfo) -> str:
        ref = _referential_of(info)
        if ref and not ref.has("niveau", value):
            raise ValueError(f"niveau inconnu « {value} » (attendu : {', '.join(lv.code for lv in ref.levels)})")
        return value

    @field_validator("competences")
    @classmethod
    def _competences_exist(cls, value: list[str], info: ValidationInfo) -> list[str]:
        ref = _referential_of(info)
        unknown = [c for c in value if ref and not ref.has("compétence", c)]
        if unknown:
            raise ValueError(f"code inconnu « {unknown[0]} »")
        if len(set(value)) != len(value):
            raise ValueError("compétence en double")
        return value

    @field_validator("sub_competences")
    @classmethod
    def _sub_competences_exist(cls, value: list[str], info: ValidationInfo) -> list[str]:
        ref = _referential_of(info)
        if not ref:
            return value
        competences = info.data.get("competences") or []
        for code in value:
            if not ref.has("sous-compétence", code):
                raise ValueError(f"code inconnu « {code} »")
            parent = ref.sub_competence(code).competence
            if competences and parent not in competences:
                raise ValueError(f"« {code} » appartient à la compétence « {parent} », "
                                 "qui n'est pas mobilisée par le scénario")
        return value

    @field_validator("tasks")
    @classmethod
    def _rap_tasks_exist(cls, value: list[ScenarioTask], info: ValidationInfo) -> list[ScenarioTask]:
        ref = _referential_of(info)
        for number, task in enumerate(value, start=1):
            if ref and task.rap_task and not ref.has("tâche", task.rap_task):
                raise ValueError(f"n° {number} « {task.title} » : tâche du référentiel inconnue « {task.rap_task} »")
        return value

    @model_validator(mode="after")
    def _incident_in_a_task(self):
        if self.incident and self.incident.task_number > len(self.tasks):
            raise ValueError(f"incident : tâche n° {self.incident.task_number} inexistante "
                             f"({len(self.tasks)} tâche(s))")
        return self

    def blocks(self) -> list[str]:
        """Codes of the blocks crossed, in the referential's order."""
        from ..referential import load_referential

        return blocks_crossed(load_referential(self.referential), self.competences)

    def facets(self) -> dict:
        return {"level": self.level, "blocks": self.blocks(), "competences": list(self.competences),
                "context": self.context.name, "sector": self.context.sector, "referential": self.referential}


def blocks_crossed(ref, competences) -> list[str]:
    """Codes of the blocks the competences belong to, in the referential's order."""
    crossed = {ref.competence(c).block for c in competences}
    return [b.code for b in ref.blocks if b.code in crossed]


_LOADED: ContextVar[dict | None] = ContextVar("scenario_referentials", default=None)


@contextmanager
def referential_in_use(name: str, ref) -> Iterator[None]:
    """Validate many scenarios against an already loaded referential (the proposer builds ten at once)."""
    token = _LOADED.set({name: ref})
    try:
        yield
    finally:
        _LOADED.reset(token)


def _referential(name: str):
    from ..referential import load_referential

    loaded = _LOADED.get()
    if loaded is not None and name in loaded:
        return loaded[name]
    try:
        ref = load_referential(name)
    except SpiraleError as exc:
        raise ValueError(str(exc)) from None
    if loaded is not None:
        loaded[name] = ref
    return ref


def _referential_of(info: ValidationInfo):
    """The scenario's referential, or None when the `referential` field itself was invalid (already reported)."""
    name = info.data.get("referential")
    return _referential(name) if name else None


def parse_scenario(data: dict) -> Scenario:
    return parse_document(data, "scenario")


def scenario_json_schema() -> dict:
    return Scenario.model_json_schema()


def write_scenario_schema(path: str | Path | None = None) -> Path:
    """Write the JSON Schema other tools (forms, exchanges between schools) validate scenarios with."""
    target = Path(path) if path else data_dir() / "schemas" / "scenario.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(scenario_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(target, text)
    return target
