"""Time to analyse and to complete a three-year progression of the bundled Bac Pro MCV B referential.

Targets: analysis < 200 ms, completion < 3 s. Run: `.venv/bin/python bench/bench_progression.py`.
"""

from __future__ import annotations

import statistics
import time

from scenario_lib.planning.completion import Candidate, complete
from scenario_lib.planning.coverage import analyse
from scenario_lib.planning.progression import new_progression
from scenario_lib.planning.progression_samples import random_scenarios, sample_progression
from scenario_lib.referential import load_referential


def timed(action, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main() -> None:
    ref = load_referential("bacpro-mcv-b")
    bank = random_scenarios(ref, 150, seed=1)
    half = sample_progression(ref, bank, per_year=8, seed=1, pfmp_rule="guide-grand-est")
    full = complete(half, ref, candidates=[Candidate.of(s) for s in bank], propose=False).progression
    empty = new_progression("bacpro-mcv-b", "Classe bench", "guide-grand-est")
    print(
        f"référentiel {ref.id} : {len(ref.competences)} compétences, 3 années, "
        f"{len(half.placements)} / {len(full.placements)} situations placées"
    )

    first, _ = timed(lambda: analyse(full, ref), 1)
    med, worst = timed(lambda: analyse(full, ref), 20)
    print(f"analyse (1er appel)                   : {first * 1000:7.1f} ms")
    print(f"analyse (médiane / pire sur 20)       : {med * 1000:7.1f} ms / {worst * 1000:.1f} ms  (cible < 200 ms)")

    candidates = [Candidate.of(s) for s in bank]
    med, worst = timed(lambda: complete(half, ref, candidates=candidates, propose=False), 5)
    result = complete(half, ref, candidates=candidates, propose=False)
    print(
        f"complétion, banque de {len(bank)} situations    : {med:7.2f} s médiane, {worst:.2f} s pire "
        f"({len(result.added)} ajoutées, {result.status}, spirale {'OK' if result.analysis.spiral_ok else 'KO'})"
        "  (cible < 3 s)"
    )

    med, worst = timed(lambda: complete(empty, ref, candidates=candidates, propose=False), 3)
    result = complete(empty, ref, candidates=candidates, propose=False)
    print(
        f"complétion depuis zéro, banque seule     : {med:7.2f} s médiane, {worst:.2f} s pire "
        f"({len(result.added)} ajoutées, faisable : {'oui' if result.feasible else 'non'})  (cible < 3 s)"
    )

    start = time.perf_counter()
    result = complete(empty, ref, seed=1)
    cold = time.perf_counter() - start
    med, worst = timed(lambda: complete(empty, ref, seed=1), 3)
    print(
        f"complétion depuis zéro avec le proposeur : {cold:7.2f} s (1er appel), {med:.2f} s médiane, "
        f"{worst:.2f} s pire ({result.candidates} candidates, {len(result.added)} ajoutées)  (cible < 3 s)"
    )


if __name__ == "__main__":
    main()
