"""Propose situations and decline one in spiral: the Composer tab and `scenario-lib proposer`."""

from __future__ import annotations

from dataclasses import dataclass

from ..scenario.model import blocks_crossed
from ..scenario.pedagogy import MIN_BLOCKS


def propose(referential, level: str | None = None, n: int = 5, **constraints) -> list:
    """Ranked proposals at `level` (the referential's first level when not given); `constraints` are those of
    `scenario.propose` (blocks_required, competences_required, sector, market, channel, hours, covered, seed)."""
    from ..referential import Referential, load_referential
    from ..scenario.proposer import propose as run

    ref = referential if isinstance(referential, Referential) else load_referential(referential)
    return run(referential, level or ref.levels[0].code, n, **constraints)


def decline(scenario, seed: int | str | None = None) -> dict:
    """The scenario at every level of its referential, as new documents."""
    from ..scenario.spiral import decline as run

    return run(scenario, seed=seed)


@dataclass(frozen=True)
class Decloisonnement:
    """The blocks ticked competences cross, and whether that makes a décloisonnée situation."""

    blocks: list[str]

    @property
    def ok(self) -> bool:
        return len(self.blocks) >= MIN_BLOCKS


def decloisonnement(ref, competences) -> Decloisonnement:
    return Decloisonnement(blocks_crossed(ref, competences))
