"""Shapes the templates need, computed from the referential so every wording printed is the official one.

These are Jinja globals: a template of any document family (scenario, co-intervention, progression, PFMP)
calls `competence_groups(ref, codes)` and `scale_levels(ref)` rather than re-deriving them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..referential.model import Block, Competence, Referential, ScaleLevel, SubCompetence

# Used only when a referential has no « positionnement » scale (the titre professionnel has none):
# same codes as the Bac Pro grid, so teachers keep one habit, but no official descriptor is invented.
FALLBACK_SCALE = tuple(
    ScaleLevel(scale="positionnement", code=code, label=label, rank=rank, source="Spirale (convention)")
    for rank, (code, label) in enumerate(
        [("NE", "non évalué"), ("N", "Novice"), ("D", "Débrouillé"), ("A", "Averti"), ("E", "Expert")]
    )
)


@dataclass
class CompetenceView:
    competence: Competence
    sub_competences: list[SubCompetence] = field(default_factory=list)


@dataclass
class BlockGroup:
    block: Block
    competences: list[CompetenceView] = field(default_factory=list)


def competence_groups(ref: Referential, codes: list[str], sub_codes: list[str] | None = None) -> list[BlockGroup]:
    """Mobilised competences grouped by block in the referential's order, each with its chosen sub-competences.

    `sub_codes=None` means « all sub-competences of each competence »; an empty list means none.
    """
    wanted = set(codes)
    chosen = None if sub_codes is None else set(sub_codes)
    groups: list[BlockGroup] = []
    for block in ref.blocks:
        views = [
            CompetenceView(c, [s for s in c.sub_competences if chosen is None or s.code in chosen])
            for c in ref.competences_of(block.code)
            if c.code in wanted
        ]
        if views:
            groups.append(BlockGroup(block, views))
    return groups


def scale_levels(ref: Referential, name: str = "positionnement") -> list[ScaleLevel]:
    return ref.scale(name) or list(FALLBACK_SCALE)
