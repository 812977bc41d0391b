"""The épreuves of a diploma tied to its blocks: which exam a situation prepares, and how that exam is taken.

The official exams table (`epreuves.csv`) names units (« U 31 », « U32 », « U2 »); blocks carry their unit
(`blocs.yaml`). An épreuve's competences are those of the blocks of its unit; the option's written exam
(E2-B for option B) is the one whose code ends with the block's option. Nothing here is invented: the mode
(« CCF », « Ponctuel écrit ») is read from the table as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..referential.model import Block, Exam, Referential
from ..text import fold

CCF = "ccf"


def unit_key(unit: str) -> str:
    """« U 31 » (as the guide's table writes it) and « U31 » (as the blocks do) are the same unit."""
    return "".join(unit.split()).upper()


@dataclass(frozen=True)
class ExamScope:
    """One épreuve with the competences it certifies."""

    exam: Exam
    blocks: tuple[str, ...]
    competences: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.exam.code

    @property
    def short_code(self) -> str:
        """« E2 » for « E2-B »: teachers name the épreuve, the option is the class's."""
        return self.exam.code.split("-")[0]

    @property
    def mode(self) -> str:
        return self.exam.mode

    @property
    def in_ccf(self) -> bool:
        return fold(self.exam.mode).strip() == CCF

    @property
    def label(self) -> str:
        """« E31 (CCF) », « E2 (ponctuel écrit) »."""
        mode = self.exam.mode if self.in_ccf else self.exam.mode[:1].lower() + self.exam.mode[1:]
        return f"{self.short_code} ({mode})" if mode else self.short_code


def _exams_of_block(ref: Referential, block: Block) -> list[Exam]:
    if not block.unit:
        return []
    same_unit = [e for e in ref.exams if e.unit and unit_key(e.unit) == unit_key(block.unit)]
    if len(same_unit) > 1 and block.option:
        same_unit = [e for e in same_unit if e.code.endswith(f"-{block.option}")] or same_unit
    return same_unit


def exam_scopes(ref: Referential) -> list[ExamScope]:
    """Every épreuve that certifies competences of this referential, in the exams table's order."""
    scopes = []
    for exam in ref.exams:
        blocks = tuple(b.code for b in ref.teaching_blocks if exam in _exams_of_block(ref, b))
        if blocks:
            competences = tuple(c.code for c in ref.competences if c.block in blocks)
            scopes.append(ExamScope(exam, blocks, competences))
    return scopes


def exam_scope(ref: Referential, code: str) -> ExamScope:
    """One épreuve by its code (« E31 », or « E2 » for the option's written exam)."""
    from ..errors import SpiraleError

    for scope in exam_scopes(ref):
        if code in (scope.code, scope.short_code):
            return scope
    known = ", ".join(s.short_code for s in exam_scopes(ref)) or "aucune"
    raise SpiraleError(f"épreuve « {code} » inconnue pour {ref.short_title} (épreuves : {known})")


def prepared_exams(ref: Referential, competences) -> list[ExamScope]:
    """The épreuves a situation prepares: those certifying one of its competences."""
    chosen = set(competences)
    return [s for s in exam_scopes(ref) if chosen & set(s.competences)]


def prepares_line(ref: Referential | None, competences) -> str:
    """« E31 (CCF), E32 (CCF) » for the scenario sheet; empty for a referential without exams table."""
    if ref is None:
        return ""
    return ", ".join(s.label for s in prepared_exams(ref, competences))
