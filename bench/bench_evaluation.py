"""Class follow-up at full size: 30 pupils × 20 evaluated situations × 15 competences + 4 PFMP grids each.

Targets: record and dashboard < 300 ms (from documents in memory to the heat map HTML); XLSX import of one
grid < 1 s (read, check, store). Run: PYTHONPATH=. python bench/bench_evaluation.py
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from scenario_lib.evaluation import ClassRecord, new_evaluation, save_evaluation
from scenario_lib.evaluation.views import dashboard_page
from scenario_lib.evaluation.workbook import import_evaluation_workbook, write_evaluation_workbook
from scenario_lib.pfmp import Pupil, build_booklets
from scenario_lib.referential import load_referential


def main() -> None:
    ref = load_referential("bacpro-mcv-b")
    rnd = random.Random(0)
    pupils = [Pupil(last_name=f"Élève{i:02d}", first_name="Camille", grade="1MCVB") for i in range(30)]
    comps = [c.code for c in ref.competences]
    evs = []
    for i in range(20):  # every situation evaluates all 15 competences' sub-competences named
        ev = new_evaluation(
            ref,
            pupils,
            situation_title=f"Situation {i}",
            competences=comps,
            year=("premiere", "terminale")[i % 2],
            when=date(2025, 9, 1) + timedelta(days=9 * i),
        )
        rows = [r.model_copy(update={"levels": {c: rnd.choice("NDAE") for c in ev.columns}}) for r in ev.rows]
        evs.append(ev.model_copy(update={"rows": rows}))
    books = []
    for year in ("premiere", "terminale"):
        for b in build_booklets(pupils, year, ref):
            levels = {
                p: {s.code: rnd.choice("NDAE") for c in ref.competences for s in c.sub_competences} for p in b.periods
            }
            books.append(b.model_copy(update={"levels": levels}))
    cells = sum(len(r.levels) for e in evs for r in e.rows) + sum(len(v) for b in books for v in b.levels.values())
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        record = ClassRecord(ref, evs, books)
        _ = record.levels
        dashboard_page(record, "1MCVB", "premiere")
        runs.append(time.perf_counter() - start)
    print(
        f"record + dashboard ({cells} levels): best {min(runs) * 1000:.0f} ms, worst {max(runs) * 1000:.0f} ms "
        "(target < 300 ms)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        stored = save_evaluation(tmp, evs[0])
        path = write_evaluation_workbook(stored, Path(tmp) / "grille.xlsx", ref)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            saved = import_evaluation_workbook(tmp, stored.id, path, ref)
            runs.append(time.perf_counter() - start)
            path = write_evaluation_workbook(saved, path, ref)
        print(
            f"XLSX import of one grid ({len(stored.rows)} pupils × {len(stored.columns)} columns): best "
            f"{min(runs) * 1000:.0f} ms, worst {max(runs) * 1000:.0f} ms (target < 1 s)"
        )


def bench_ccf_batch(n: int = 30, workers: int = 2) -> None:
    """30 CCF sheets (E31) of one class built from the pupils' records, stored, then rendered to PDF by the
    batch runner (papermill, workers): building and rendering wall times (épreuves helper)."""
    from scenario_lib.evaluation.ccf import build_ccf_sheets, class_summary, render_ccf
    from scenario_lib.evaluation.store import evaluation_bank

    ref = load_referential("bacpro-mcv-b")
    grade = "TMCVB"
    pupils = [Pupil(last_name=f"Élève{i:02d}", first_name="Léa", grade=grade) for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "banque"
        evs = []
        for k, comps in enumerate((["1.1", "1.2"], ["1.3", "2.1"], ["1.1", "1.3"])):
            ev = new_evaluation(
                ref,
                pupils,
                situation_title=f"Situation {k + 1}",
                competences=comps,
                year="premiere",
                when=date(2026, 1, 10 + k),
            )
            rows = [
                r.model_copy(update={"levels": {c: "ADE"[(i + k) % 3] for c in ev.columns}})
                for i, r in enumerate(ev.rows)
            ]
            evs.append(save_evaluation(bank, ev.model_copy(update={"rows": rows})))
        start = time.perf_counter()
        sheets = build_ccf_sheets(
            ClassRecord(ref, evs, []), "E31", "terminale", "Vente-conseil au salon", session_date=date(2027, 3, 1)
        )
        store = evaluation_bank(bank, grade)
        for sheet in sheets:
            store.save(sheet)
        store.save(class_summary(sheets, grade))
        built = time.perf_counter() - start
        start = time.perf_counter()
        report = render_ccf(
            bank, grade, [s.id for s in sheets], Path(tmp) / "rendus", "pdf", workers=workers, progress=False
        )
        rendered = time.perf_counter() - start
    print(
        f"CCF sheets: {n} built and stored in {built:.2f} s; rendered to PDF by the batch in {rendered:.1f} s "
        f"({rendered / n:.2f} s per sheet, {workers} workers) — {report.summary()}"
    )


if __name__ == "__main__":
    main()
    bench_ccf_batch()
