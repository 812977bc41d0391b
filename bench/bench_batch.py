"""Batch rendering of 30 sheets: the naive loop (papermill CLI + nbconvert webpdf per sheet) vs Spirale's runner.

Prints the three wall times, the speed-up over the naive loop (target ≥ 20× on 2 cores) and the ratio to the
engine-only floor, i.e. 30 × the per-sheet PDF time of one warm process (target ≤ 3×).

Run: .venv/bin/python bench/bench_batch.py [--n 30] [--workers 2] [--naive N]
`--naive N` times the naive loop on the first N sheets only and extrapolates to all (printed as such).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenario_lib.bank import Bank  # noqa: E402
from scenario_lib.scenario.model import parse_scenario  # noqa: E402

CONTEXTS = [
    ("Boutique Atlantique", "prêt-à-porter", "B to C", "face-à-face", "vêtements de sport", "particuliers"),
    ("Cuisines Ouest", "ameublement", "B to B", "à distance", "cuisines équipées", "artisans"),
    ("Primeurs du Marché", "alimentaire", "B to C", "omnicanal", "fruits et légumes", "familles"),
]


def sample_bank(folder: Path, count: int) -> list[str]:
    bank = Bank(folder)
    ids = []
    for n in range(count):
        name, sector, market, channel, product, target = CONTEXTS[n % len(CONTEXTS)]
        ids.append(
            bank.save(
                parse_scenario(
                    dict(
                        title=f"Situation {n + 1} : {product} chez {name}",
                        level="terminale",
                        context={
                            "name": f"{name} {n + 1}",
                            "sector": sector,
                            "market": market,
                            "channel": channel,
                            "product": product,
                            "target": target,
                        },
                        mission="Accueillir, conseiller et vendre ; assurer le suivi de la relation client.",
                        tasks=[
                            {"title": "Préparer la vente", "duration_hours": 2, "rap_task": "T1.01"},
                            {"title": "Conduire l'entretien de vente", "duration_hours": 3, "rap_task": "T2.01"},
                            {"title": "Analyser ses performances", "duration_hours": 1},
                        ],
                        competences=["1.1", "2.1", "3.1"],
                    )
                )
            ).id
        )
    return ids


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def engine_floor(bank: Path, out: Path) -> tuple[float, int]:
    """PDF engine only, in one warm process: what no batch runner can beat."""
    from scenario_lib.render import export
    from scenario_lib.render.pdf import warm_up

    docs = [Bank(bank).get(entry.id) for entry in Bank(bank).list()]
    warm_up()
    out.mkdir(parents=True)
    start = time.perf_counter()
    for doc in docs:
        export(doc, "pdf", out / f"{doc.id}.pdf")
    return time.perf_counter() - start, len(docs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--naive", type=int, default=None, help="time the naive loop on N sheets, extrapolate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spirale-bench-") as tmp:
        tmp = Path(tmp)
        ids = sample_bank(tmp / "banque", args.n)
        floor, count = engine_floor(tmp / "banque", tmp / "plancher")
        spirale = timed(
            [
                str(ROOT / ".venv" / "bin" / "scenario-lib"),
                "lot",
                "--tout",
                "--banque",
                str(tmp / "banque"),
                "--sortie",
                str(tmp / "spirale"),
                "--travailleurs",
                str(args.workers),
                "--silencieux",
            ]
        )
        rendered = len(list((tmp / "spirale").glob("*.pdf")))
        sample = ids[: args.naive or len(ids)]
        naive = (
            timed(["bash", str(ROOT / "bench" / "naive_batch.sh"), str(tmp / "banque"), str(tmp / "naif"), *sample])
            * len(ids)
            / len(sample)
        )
    note = f" (extrapolé de {len(sample)} fiches)" if len(sample) < len(ids) else ""
    print(f"{args.n} fiches, {args.workers} travailleurs, {os.cpu_count()} cœurs")
    print(f"plancher moteur seul (1 processus chaud) : {floor:7.1f} s ({floor / count * 1000:.0f} ms/fiche)")
    print(f"Spirale (scenario-lib lot, {rendered} PDF)     : {spirale:7.1f} s ({spirale / args.n:.2f} s/fiche)")
    print(f"naïf (papermill + webpdf par fiche)      : {naive:7.1f} s ({naive / args.n:.2f} s/fiche){note}")
    print(f"accélération Spirale / naïf : {naive / spirale:5.1f}×   (objectif ≥ 20×)")
    print(f"Spirale / plancher moteur   : {spirale / floor:5.2f}×   (objectif ≤ 3×)")


if __name__ == "__main__":
    main()
