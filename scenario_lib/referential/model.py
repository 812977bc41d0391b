"""Immutable typed model of an official referential (diploma or titre professionnel).

Field names are English; the French column names of `data/` are mapped in `loader.py`. Every object keeps the
`source` of its text so that exports can cite where an official wording comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, field_validator

from ..errors import UnknownCodeError
from ..text import fold
from ..typography import Official, official

if TYPE_CHECKING:
    import pandas as pd


class Item(BaseModel):
    """Every string of a referential is an `Official` wording: renderers never typeset it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    source: str = ""

    @field_validator("*", mode="after")
    @classmethod
    def _official(cls, value):
        if isinstance(value, str):
            return official(value)
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            return tuple(official(v) for v in value)
        return value


class Option(Item):
    code: str
    title: str


class SubCompetence(Item):
    code: str
    competence: str
    title: str


class KnowHow(Item):
    category: str
    text: str


class Competence(Item):
    code: str
    block: str
    title: str
    description: str = ""
    context: str = ""
    sub_competences: tuple[SubCompetence, ...] = ()
    criteria: tuple[str, ...] = ()
    know_how: tuple[KnowHow, ...] = ()

    @property
    def label(self) -> Official:
        return official(f"{self.code} {self.title}")


class TransversalCompetence(Item):
    code: str
    title: str
    description: str = ""
    criteria: tuple[str, ...] = ()


class Block(Item):
    code: str
    title: str
    unit: str = ""
    option: str = ""
    description: str = ""
    introduction: str = ""

    @property
    def label(self) -> Official:
        unit = f" ({self.unit})" if self.unit else ""
        return official(f"Bloc {self.code} – {self.title}{unit}")


class Task(Item):
    code: str
    activity: str
    title: str


class ActivityElement(Item):
    heading: str
    text: str


class Activity(Item):
    code: str
    title: str
    block: str
    description: str = ""
    tasks: tuple[Task, ...] = ()
    elements: tuple[ActivityElement, ...] = ()

    def texts(self, heading: str) -> list[str]:
        """Texts of one rubric (`resultats`, `ressources`, `conditions`…) in source order."""
        return [e.text for e in self.elements if e.heading == heading]


class DigitalTool(Item):
    block: str
    tool: str
    category: str = ""


class Attitude(Item):
    code: str
    title: str


class ScaleLevel(Item):
    scale: str
    code: str
    label: str
    descriptor: str = ""
    rank: int


class Level(Item):
    code: str
    label: str
    complexity: str
    description: str = ""


class Hours(Item):
    """A row of the official hours grid; cells keep the guide's writing (« 1 260 », « - »)."""

    subject: str
    seconde: str = ""
    premiere: str = ""
    terminale: str = ""
    total: str = ""

    def value(self, level: str) -> float:
        """Hours of one year as a number; « - » or an empty cell means none that year."""
        text = getattr(self, level, "")
        for space in (" ", "\u00a0", "\u202f"):
            text = text.replace(space, "")
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return 0.0


class PfmpRule(Item):
    rule: str
    title: str
    grade: str
    periods: int
    weeks: int
    description: str = ""


class Exam(Item):
    code: str
    title: str
    unit: str = ""
    coefficient: str = ""
    mode: str = ""
    duration: str = ""


class GeneralUnit(Item):
    code: str
    title: str
    description: str = ""


class ExamModality(Item):
    heading: str
    text: str


class OfficialText(Item):
    """A fixed official wording reused in documents (PFMP attestation…)."""

    code: str
    text: str


class SearchHit(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: str  # "bloc", "compétence", "sous-compétence", "tâche", "résultat attendu", "outil"…
    code: str
    text: str


class FrameworkNode(Item):
    """A competency of a Moodle framework, at any depth, with what Moodle carries beyond Spirale's three levels.

    Spirale's view of a referential has three levels (blocks › competences › sub-competences); a Moodle framework
    can be deeper and cross-reference its nodes. The imported tree is kept as it was read, so that it can be
    browsed whole and exported back unchanged.
    """

    code: str
    parent: str = ""
    depth: int
    short_name: str
    description: str = ""
    description_format: str = "1"
    related: tuple[str, ...] = ()
    rule_type: str = ""
    rule_outcome: str = ""
    rule_config: str = ""
    export_id: str = ""


class MoodleFramework(Item):
    """The framework row (scale, taxonomy) and every node of an imported Moodle CSV, parents before children."""

    row: tuple[str, ...]
    taxonomy: tuple[str, ...] = ()
    nodes: tuple[FrameworkNode, ...] = ()

    @property
    def depth(self) -> int:
        return max((n.depth for n in self.nodes), default=0)

    def children(self, code: str = "") -> list[FrameworkNode]:
        """Nodes directly under `code` (the roots for "")."""
        return [n for n in self.nodes if n.parent == code]


class Referential(Item):
    """One referential, whole and validated: the loader never returns a partial one."""

    id: str
    kind: str
    code: str
    title: str
    short_title: str
    level: str = ""
    nsf: tuple[str, ...] = ()
    rome: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    option: str = ""
    summary: str = ""
    blocks: tuple[Block, ...] = ()
    competences: tuple[Competence, ...] = ()
    transversal: tuple[TransversalCompetence, ...] = ()
    activities: tuple[Activity, ...] = ()
    tools: tuple[DigitalTool, ...] = ()
    attitudes: tuple[Attitude, ...] = ()
    scales: tuple[ScaleLevel, ...] = ()
    levels: tuple[Level, ...] = ()
    hours: tuple[Hours, ...] = ()
    pfmp_rules: tuple[PfmpRule, ...] = ()
    exams: tuple[Exam, ...] = ()
    general_units: tuple[GeneralUnit, ...] = ()
    exam_modalities: tuple[ExamModality, ...] = ()
    pfmp_texts: tuple[OfficialText, ...] = ()
    moodle: MoodleFramework | None = None  # set when imported from Moodle: the whole tree, any depth

    # --- look-ups -------------------------------------------------------------------------------------
    @cached_property
    def _index(self) -> dict[str, dict[str, Item]]:
        return {
            "bloc": {b.code: b for b in self.blocks},
            "compétence": {c.code: c for c in self.competences},
            "sous-compétence": {s.code: s for c in self.competences for s in c.sub_competences},
            "activité": {a.code: a for a in self.activities},
            "tâche": {t.code: t for a in self.activities for t in a.tasks},
            "niveau": {lv.code: lv for lv in self.levels},
        }

    def _get(self, kind: str, code: str):
        try:
            return self._index[kind][str(code)]
        except KeyError:
            raise UnknownCodeError(str(code), f"Code de {kind}", self.short_title) from None

    def block(self, code: str) -> Block:
        return self._get("bloc", code)

    def competence(self, code: str) -> Competence:
        return self._get("compétence", code)

    def sub_competence(self, code: str) -> SubCompetence:
        return self._get("sous-compétence", code)

    def activity(self, code: str) -> Activity:
        return self._get("activité", code)

    def task(self, code: str) -> Task:
        return self._get("tâche", code)

    def level_info(self, code: str) -> Level:
        return self._get("niveau", code)

    def has(self, kind: str, code: str) -> bool:
        return str(code) in self._index[kind]

    def competences_of(self, block: str) -> list[Competence]:
        return [c for c in self.competences if c.block == block]

    def block_of(self, competence_code: str) -> Block:
        return self.block(self.competence(competence_code).block)

    def tools_of(self, block: str) -> list[DigitalTool]:
        return [t for t in self.tools if t.block == block]

    def tasks_of_block(self, block: str) -> list[Task]:
        return [t for a in self.activities if a.block == block for t in a.tasks]

    def pfmp_rule_title(self, rule: str) -> str:
        """The French title of a PFMP rule set (« Guide régional Grand Est … »), « aucune » for none."""
        if not rule:
            return "aucune"
        return next((r.title for r in self.pfmp_rules if r.rule == rule), rule)

    def official_text(self, code: str) -> str:
        """A fixed official wording by code, or "" when this referential has none."""
        return next((t.text for t in self.pfmp_texts if t.code == code), "")

    @cached_property
    def official_texts(self) -> frozenset[str]:
        """Every wording of this referential, whole and line by line: text a document copied from it (the
        expected results a proposal lists as criteria, shown without the source's trailing « , » or « ; »)
        is recognised as official and printed untouched."""
        found: set[str] = set()

        def walk(value) -> None:
            if isinstance(value, str):
                for text in (value, *value.splitlines()):
                    found.update({text, text.strip(), " ".join(text.split()).rstrip(" ,;")})
            elif isinstance(value, tuple):
                for v in value:
                    walk(v)
            elif isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    walk(getattr(value, name))

        walk(self)
        found.discard("")
        return frozenset(found)

    def scale(self, name: str) -> list[ScaleLevel]:
        return sorted((s for s in self.scales if s.scale == name), key=lambda s: s.rank)

    @property
    def teaching_blocks(self) -> list[Block]:
        """Blocks that have competences in this referential (option A's block is described, not taught)."""
        used = {c.block for c in self.competences}
        return [b for b in self.blocks if b.code in used]

    # --- search ---------------------------------------------------------------------------------------
    def _entries(self) -> Iterator[SearchHit]:
        for b in self.blocks:
            yield SearchHit(kind="bloc", code=b.code, text=b.title)
        for c in self.competences:
            yield SearchHit(kind="compétence", code=c.code, text=c.title)
            for s in c.sub_competences:
                yield SearchHit(kind="sous-compétence", code=s.code, text=s.title)
            for crit in c.criteria:
                yield SearchHit(kind="critère", code=c.code, text=crit)
        for ct in self.transversal:
            yield SearchHit(kind="compétence transversale", code=ct.code, text=ct.title)
        for a in self.activities:
            yield SearchHit(kind="activité", code=a.code, text=a.title)
            for t in a.tasks:
                yield SearchHit(kind="tâche", code=t.code, text=t.title)
            for e in a.elements:
                if e.heading == "resultats":
                    yield SearchHit(kind="résultat attendu", code=a.code, text=e.text)
        for tool in self.tools:
            yield SearchHit(kind="outil numérique", code=tool.block, text=tool.tool)
        for att in self.attitudes:
            yield SearchHit(kind="attitude", code=att.code, text=att.title)

    @cached_property
    def _search_index(self) -> list[tuple[str, SearchHit]]:
        return [(fold(f"{hit.code} {hit.text}"), hit) for hit in self._entries()]

    def search(self, query: str) -> list[SearchHit]:
        """Accent- and case-insensitive search: every word of the query must appear."""
        words = fold(query).split()
        if not words:
            return []
        return [hit for folded, hit in self._search_index if all(w in folded for w in words)]

    # --- pandas views ---------------------------------------------------------------------------------
    def competences_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [
                {"bloc": c.block, "code": c.code, "intitulé": c.title, "sous-compétences": len(c.sub_competences)}
                for c in self.competences
            ]
        )

    def sub_competences_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [
                {"bloc": c.block, "compétence": c.code, "code": s.code, "intitulé": s.title}
                for c in self.competences
                for s in c.sub_competences
            ]
        )

    def tasks_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [
                {"activité": a.code, "bloc": a.block, "code": t.code, "intitulé": t.title}
                for a in self.activities
                for t in a.tasks
            ]
        )
