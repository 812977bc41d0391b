"""Seeded random situations and progressions: the bench, the tests and demos run on the same generator."""

from __future__ import annotations

import random

from ..referential.model import Referential
from ..scenario.model import CompanyContext, Scenario, ScenarioTask
from .progression import Progression, new_progression

SECTORS = ("prêt-à-porter", "matériel agricole", "cosmétique", "électroménager", "assurance", "bureautique")


def random_scenario(
    ref: Referential,
    level: str,
    rng: random.Random,
    n_competences: tuple[int, int] = (2, 5),
    hours: tuple[int, int] = (4, 24),
) -> Scenario:
    """A valid situation of `level` crossing a few competences (often of different blocks, as in the spiral)."""
    chosen = rng.sample(ref.competences, rng.randint(*n_competences))
    subs = [s.code for c in chosen for s in c.sub_competences if rng.random() < 0.5]
    sector = rng.choice(SECTORS)
    total = rng.randint(*hours)
    split = [total / 2, total - total / 2] if total >= 2 else [total]
    number = rng.randint(1, 9999)  # also in the task titles: two situations never share one task list
    return Scenario.model_validate(
        dict(
            title=f"Situation {sector} {number}",
            referential=ref.id,
            level=level,
            context=CompanyContext(
                name=f"Entreprise {sector}",
                sector=sector,
                market="B to B",
                channel="face-à-face",
                product=sector,
                target="professionnels",
            ),
            mission=f"Prospecter et vendre en {sector}.",
            tasks=[
                ScenarioTask(title=f"Étape {i + 1} ({sector} {number})", duration_hours=h) for i, h in enumerate(split)
            ],
            competences=[c.code for c in chosen],
            sub_competences=subs,
        ),
        context={"referential": ref},
    )


def random_scenarios(ref: Referential, n: int, seed: int = 0, **options) -> list[Scenario]:
    rng = random.Random(seed)
    levels = [lv.code for lv in ref.levels]
    return [random_scenario(ref, levels[i % len(levels)], rng, **options) for i in range(n)]


def sample_progression(
    ref: Referential, scenarios: list[Scenario], per_year: int, seed: int = 0, pfmp_rule: str | None = None
) -> Progression:
    """A progression with `per_year` of the given situations already placed on random free class weeks."""
    rng = random.Random(seed)
    rules = list(dict.fromkeys(r.rule for r in ref.pfmp_rules))
    rule = pfmp_rule if pfmp_rule is not None else (rules[0] if rules else "")
    progression = new_progression(ref.id, "Classe test", rule)
    for year in progression.years:
        weeks = year.numbers("cours")
        mine = [s for s in scenarios if s.level == year.level]
        for scenario, week in zip(rng.sample(mine, min(per_year, len(mine))), rng.sample(weeks, len(weeks))):
            progression = progression.placed(scenario, year.level, week)
    return progression
