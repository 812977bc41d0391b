"""Evaluation benchmarks. Each `bench_*` function prints its own figures; `python bench/bench_evaluation.py`
runs them all (or the ones named: `… bench_evaluation.py ccf`). Helpers add functions, never replace others.

- `bench_ccf_batch`: 30 CCF sheets of one class (E31) built from the pupils' records, stored, then rendered
  to PDF by the batch runner (papermill, workers). Prints building and rendering wall times.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_ccf_batch(n: int = 30, workers: int = 2) -> dict:
    from scenario_lib.evaluation import ClassRecord, new_evaluation, save_evaluation
    from scenario_lib.evaluation.ccf import build_ccf_sheets, class_summary, render_ccf
    from scenario_lib.evaluation.store import evaluation_bank
    from scenario_lib.pfmp.pupils import Pupil
    from scenario_lib.referential import load_referential

    ref = load_referential("bacpro-mcv-b")
    grade = "TMCVB"
    pupils = [Pupil(last_name=f"Élève{i:02d}", first_name="Léa", grade=grade) for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "banque"
        evs = []
        for k, comps in enumerate((["1.1", "1.2"], ["1.3", "2.1"], ["1.1", "1.3"])):
            ev = new_evaluation(ref, pupils, situation_title=f"Situation {k + 1}", competences=comps,
                                year="premiere", when=date(2026, 1, 10 + k))
            rows = [r.model_copy(update={"levels": {c: "ADE"[(i + k) % 3] for c in ev.columns}})
                    for i, r in enumerate(ev.rows)]
            evs.append(save_evaluation(bank, ev.model_copy(update={"rows": rows})))
        begin = time.perf_counter()
        sheets = build_ccf_sheets(ClassRecord(ref, evs, []), "E31", "terminale", "Vente-conseil au salon",
                                  session_date=date(2027, 3, 1))
        store = evaluation_bank(bank, grade)
        for sheet in sheets:
            store.save(sheet)
        store.save(class_summary(sheets, grade))
        built = time.perf_counter() - begin
        begin = time.perf_counter()
        report = render_ccf(bank, grade, [s.id for s in sheets], Path(tmp) / "rendus", "pdf", workers=workers,
                            progress=False)
        rendered = time.perf_counter() - begin
    figures = {"sheets": n, "built_s": round(built, 2), "batch_s": round(rendered, 2),
               "per_sheet_s": round(rendered / n, 3), "summary": report.summary()}
    print(f"CCF : {n} fiches construites et enregistrées en {built:.2f} s ; rendues en PDF par lot en "
          f"{rendered:.1f} s ({rendered / n:.2f} s par fiche, {workers} travailleurs) — {report.summary()}")
    return figures


BENCHES = {"ccf": bench_ccf_batch}

if __name__ == "__main__":
    names = sys.argv[1:] or list(BENCHES)
    for name in names:
        BENCHES[name]()
