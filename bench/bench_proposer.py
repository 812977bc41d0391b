"""Median time of `propose(n=10)` on the bundled data (target: under 50 ms, data already loaded)."""
import statistics
import time

from scenario_lib.scenario import decline, propose


def _median_ms(call, repeat: int = 30) -> float:
    call()  # warm-up: loads the referential and Spirale's data once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    cases = {
        "propose(mcv, premiere, n=10)": lambda: propose("bacpro-mcv-b", "premiere", n=10, seed=1),
        "propose(mcv, terminale, n=10, blocs 1+4B, 6 h)": lambda: propose(
            "bacpro-mcv-b", "terminale", n=10, blocks_required=["1", "4B"], hours=6, seed=2),
        "propose(tp, formation, n=10)": lambda: propose("tp-conseiller-commercial", "formation", n=10, seed=3),
    }
    scenario = propose("bacpro-mcv-b", "seconde", n=1, seed=4)[0].scenario
    cases["decline(scenario)"] = lambda: decline(scenario, seed=1)
    for label, call in cases.items():
        print(f"{label:<52} médiane {_median_ms(call):6.1f} ms (objectif < 50 ms)")


if __name__ == "__main__":
    main()
