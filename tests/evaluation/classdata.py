"""A class built through the public API: class list, graded situations, PFMP booklets (shared by the tests)."""

import random
from datetime import date, timedelta

from scenario_lib.evaluation import new_evaluation, save_evaluation
from scenario_lib.pfmp import build_booklets, class_bank

GRADE = "1MCVB"
FIRST = ["Léa", "Noé", "Inès", "Zoé", "Chloé", "Éloïse", "Maël", "Anaïs", "Jules", "Hugo"]
LAST = ["Martin", "Durand", "Lefèvre", "N'Diaye", "Girard", "Moreau", "Bézier", "Nguyen", "Œillet", "Roux"]


def write_class_list(path, count, grade=GRADE):
    """A class list as the school software exports it (semicolons, accents, placement dates)."""
    lines = ["nom;prénom;classe;entreprise;tuteur;début;fin"]
    for i in range(count):
        last = LAST[i % 10] + ("" if i < 10 else f"-{i // 10}")
        lines.append(f"{last};{FIRST[(i * 7 + 3) % 10]};{grade};Optique Plus;M. Roux;05/01/2026;30/01/2026")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def random_levels(ev, rnd, codes=("N", "D", "A", "E", "NE", "")):
    """Every pupil gets a random level (or blank) in every column and attitude."""
    rows = []
    for row in ev.rows:
        levels = {c: lv for c in ev.columns if (lv := rnd.choice(codes))}
        attitudes = {c: lv for c in ev.attitudes if (lv := rnd.choice(codes))}
        rows.append(row.model_copy(update={"levels": levels, "attitudes": attitudes}))
    return ev.model_copy(update={"rows": rows})


def make_class(ref, bank_dir, pupils, n_evaluations=4, seed=0, pfmp=True):
    """`n_evaluations` graded situations over Première and Terminale, and two PFMP booklets per pupil."""
    rnd = random.Random(seed)
    comps = [c.code for c in ref.competences]
    evs = []
    for i in range(n_evaluations):
        chosen = rnd.sample(comps, 3)
        ev = new_evaluation(
            ref,
            pupils,
            situation_title=f"Situation {i + 1}",
            competences=chosen,
            year="premiere" if i % 2 == 0 else "terminale",
            when=date(2025, 9, 15) + timedelta(days=20 * i),
            attitudes=["AP01"],
        )
        evs.append(save_evaluation(bank_dir, random_levels(ev, rnd)))
    books = []
    if pfmp:
        store = class_bank(bank_dir, GRADE)
        for year in ("premiere", "terminale"):
            for b in build_booklets(pupils, year, ref):
                levels = {
                    p: {
                        s.code: rnd.choice(["N", "D", "A", "E", "NE"])
                        for c in ref.competences
                        for s in c.sub_competences
                        if rnd.random() < 0.3
                    }
                    for p in b.periods
                }
                books.append(store.save(b.model_copy(update={"levels": levels})))
    return evs, books
