"""The learning situation (scénario) and the pieces it is made of.

Construction validates both the shape (pydantic) and the codes against the named referential, so a scenario
object that exists is always consistent with its referential. Validators read no file: the edge (bank, form,
proposer) loads the referential once and passes it, `Scenario.model_validate(data, context={"referential": ref})`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..document import Document, OptionalText, Part, ShortText, Text, context_referential, parse_document
from ..files import atomic_write
from ..paths import data_dir

if TYPE_CHECKING:
    from ..referential.model import Referential

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
    criteria: tuple[Text, ...] = ()  # what the teacher observes in this task (official wording)


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
    criteria: tuple[Text, ...] = Field(min_length=1)


class Scenario(Document):
    """A situation d'apprentissage: the document teachers print, share and evaluate with."""

    doc_type: Literal["scenario"] = "scenario"
    schema_version: int = SCHEMA_VERSION
    referential: str = Field(default="bacpro-mcv-b", validate_default=True)  # checked even when left out
    level: str
    archetype: str = ""
    context: CompanyContext
    mission: Text
    tasks: tuple[ScenarioTask, ...] = Field(min_length=1)
    competences: tuple[str, ...] = Field(min_length=1)
    sub_competences: tuple[str, ...] = ()
    resources: tuple[ShortText, ...] = ()
    productions: tuple[ShortText, ...] = ()
    evaluation_criteria: tuple[Text, ...] = ()
    tools: tuple[ShortText, ...] = ()
    levers: tuple[Lever, ...] = ()
    gradation: Gradation | None = None
    incident: CriticalIncident | None = None
    notes: OptionalText = ""

    @property
    def total_hours(self) -> float:
        return round(sum(t.duration_hours for t in self.tasks), 2)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    # Codes are checked field by field (fields are validated in declaration order, so `referential` and
    # `competences` are known when later fields are checked): each message then names its field.
    @field_validator("referential")
    @classmethod
    def _referential_exists(cls, value: str, info: ValidationInfo) -> str:
        context_referential(info, value)
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
    def _competences_exist(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        ref = _referential_of(info)
        unknown = [c for c in value if ref and not ref.has("compétence", c)]
        if unknown:
            raise ValueError(f"code inconnu « {unknown[0]} »")
        if len(set(value)) != len(value):
            raise ValueError("compétence en double")
        return value

    @field_validator("sub_competences")
    @classmethod
    def _sub_competences_exist(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        ref = _referential_of(info)
        if not ref:
            return value
        competences = info.data.get("competences") or []
        for code in value:
            if not ref.has("sous-compétence", code):
                raise ValueError(f"code inconnu « {code} »")
            parent = ref.sub_competence(code).competence
            if competences and parent not in competences:
                raise ValueError(
                    f"« {code} » appartient à la compétence « {parent} », qui n'est pas mobilisée par le scénario"
                )
        return value

    @field_validator("tasks")
    @classmethod
    def _rap_tasks_exist(cls, value: tuple[ScenarioTask, ...], info: ValidationInfo) -> tuple[ScenarioTask, ...]:
        ref = _referential_of(info)
        for number, task in enumerate(value, start=1):
            if ref and task.rap_task and not ref.has("tâche", task.rap_task):
                raise ValueError(f"n° {number} « {task.title} » : tâche du référentiel inconnue « {task.rap_task} »")
        return value

    @model_validator(mode="after")
    def _incident_in_a_task(self) -> Scenario:
        if self.incident and self.incident.task_number > len(self.tasks):
            raise ValueError(
                f"incident : tâche n° {self.incident.task_number} inexistante ({len(self.tasks)} tâche(s))"
            )
        return self

    def blocks(self, ref: Referential | None = None) -> list[str]:
        """Codes of the blocks crossed, in the referential's order (`ref` when the caller has it loaded)."""
        from ..referential import load_referential

        return blocks_crossed(ref or load_referential(self.referential), self.competences)

    def facets(self) -> dict:
        return {
            "level": self.level,
            "blocks": self.blocks(),
            "competences": list(self.competences),
            "context": self.context.name,
            "sector": self.context.sector,
            "referential": self.referential,
        }


def blocks_crossed(ref: Referential, competences: Iterable[str]) -> list[str]:
    """Codes of the blocks the competences belong to, in the referential's order."""
    crossed = {ref.competence(c).block for c in competences}
    return [b.code for b in ref.blocks if b.code in crossed]


def _referential_of(info: ValidationInfo) -> Referential | None:
    """The scenario's referential, or None when the `referential` field itself was refused (already reported)."""
    name = info.data.get("referential")
    if not name:
        return None
    try:
        return context_referential(info, name)
    except ValueError:
        return None


def parse_scenario(data: dict, ref: Referential | None = None) -> Scenario:
    """A scenario from plain data (a form, a file), checked against `ref` or its named referential."""
    from ..document import Referentials

    return cast(Scenario, parse_document(data, "scenario", Referentials(ref) if ref else None))


def scenario_json_schema() -> dict:
    return Scenario.model_json_schema()


def write_scenario_schema(path: str | Path | None = None) -> Path:
    """Write the JSON Schema other tools (forms, exchanges between schools) validate scenarios with."""
    target = Path(path) if path else data_dir() / "schemas" / "scenario.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(scenario_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(target, text)
    return target
