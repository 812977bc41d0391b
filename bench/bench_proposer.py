"""Proposer figures: diversity of the default runs (goal: at least 12 distinct archetypes in the top 5 over
3 levels × seeds 1, 2, 3, 42, 99) and median time of `propose(n=10)` (goal: under 50 ms, data already loaded)."""

import statistics
import time

from scenario_lib.scenario import decline, propose

SEEDS = (1, 2, 3, 42, 99)
LEVELS = ("seconde", "premiere", "terminale")


def _median_ms(call, repeat: int = 30) -> float:
    call()  # warm-up: loads the referential and Spirale's data once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def diversity() -> None:
    seen: dict[str, int] = {}
    firsts = set()
    for level in LEVELS:
        for seed in SEEDS:
            top = propose("bacpro-mcv-b", level, n=5, seed=seed)
            firsts.add(top[0].scenario.archetype)
            for p in top:
                seen[p.scenario.archetype] = seen.get(p.scenario.archetype, 0) + 1
    print(
        f"archétypes distincts dans le top 5 de {len(LEVELS) * len(SEEDS)} exécutions : {len(seen)} "
        f"(objectif ≥ 12) ; archétypes distincts en tête : {len(firsts)}"
    )
    print("  " + ", ".join(f"{code} ×{count}" for code, count in sorted(seen.items(), key=lambda kv: -kv[1])))


def main() -> None:
    diversity()
    cases = {
        "propose(mcv, premiere, n=10)": lambda: propose("bacpro-mcv-b", "premiere", n=10, seed=1),
        "propose(mcv, terminale, n=10, blocs 1+4B, 6 h)": lambda: propose(
            "bacpro-mcv-b", "terminale", n=10, blocks_required=["1", "4B"], hours=6, seed=2
        ),
        "propose(tp, formation, n=10)": lambda: propose("tp-conseiller-commercial", "formation", n=10, seed=3),
    }
    scenario = propose("bacpro-mcv-b", "seconde", n=1, seed=4)[0].scenario
    cases["decline(scenario)"] = lambda: decline(scenario, seed=1)
    for label, call in cases.items():
        print(f"{label:<52} médiane {_median_ms(call):6.1f} ms (objectif < 50 ms)")


if __name__ == "__main__":
    main()
