"""The record's figures recomputed here from the raw documents, by hand, without pandas."""

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.evaluation import ClassRecord, class_record, load_rules, new_evaluation, set_level
from scenario_lib.evaluation.record import Rules
from tests.evaluation.classdata import GRADE, make_class

RANK = {"N": 1, "D": 2, "A": 3, "E": 4}


def by_hand(ref, evs, books, sub_rule="minimum", proof_rule="mediane"):
    parent = {s.code: c.code for c in ref.competences for s in c.sub_competences}
    proofs = defaultdict(lambda: defaultdict(list))  # (pupil, year, comp) -> source -> ranks
    dates = {}
    for ev in evs:
        for row in ev.rows:
            for code, lv in row.levels.items():
                if lv in RANK:
                    proofs[(row.pupil.key, ev.year, parent[code])][ev.id].append(RANK[lv])
                    dates[ev.id] = ev.date
    for b in books:
        for period, values in b.levels.items():
            for code, lv in values.items():
                if lv in RANK:
                    proofs[(b.pupil.key, b.year, parent[code])][(b.id, period)].append(RANK[lv])
    out = {}
    for key, sources in proofs.items():
        per_proof = [min(r) if sub_rule == "minimum" else sorted(r)[(len(r) - 1) // 2] for r in sources.values()]
        if proof_rule == "mediane":
            out[key] = sorted(per_proof)[(len(per_proof) - 1) // 2]
        elif proof_rule == "meilleur":
            out[key] = max(per_proof)
    return out


def test_levels_match_a_hand_computation(ref, bank_dir, pupils):
    evs, books = make_class(ref, bank_dir, pupils, n_evaluations=6, seed=3)
    record = class_record(bank_dir, GRADE, ref)
    got = {(r.eleve, r.annee, r.competence): r.rang for r in record.levels.itertuples()}
    assert got == by_hand(ref, evs, books)
    assert len(got) > 20  # the fixture really produced evidences
    best = ClassRecord(ref, evs, books, Rules(sub_competences="mediane", evidences="meilleur"))
    assert {(r.eleve, r.annee, r.competence): r.rang for r in best.levels.itertuples()} == by_hand(
        ref, evs, books, "mediane", "meilleur"
    )


def test_year_table_and_below_counts(ref, bank_dir, pupils):
    evs, books = make_class(ref, bank_dir, pupils, seed=5)
    record = class_record(bank_dir, GRADE, ref)
    expected = by_hand(ref, evs, books)
    table = record.year_table("premiere")
    names = {p.key: p.full_name for p in pupils}
    code = {v: k for k, v in RANK.items()}
    for (pupil, year, comp), rank in expected.items():
        if year == "premiere":
            assert table.at[names[pupil], comp] == code[rank]
    below = record.below("premiere", "D").set_index("competence")
    for comp in below.index:
        ranks = [r for (p, y, c), r in expected.items() if y == "premiere" and c == comp]
        assert below.at[comp, "evalues"] == len(ranks)
        assert below.at[comp, "en_dessous"] == sum(r < 2 for r in ranks)


def test_latest_rule_and_ne_never_counts(ref, pupils):
    key = pupils[0].key
    grids = []
    for day, level in ((1, "E"), (20, "N"), (10, "NE")):
        ev = new_evaluation(
            ref, pupils, situation_title=f"S{day}", competences=["2.1"], year="premiere", when=date(2025, 10, day)
        )
        grids.append(set_level(ev, key, ev.columns[0], level))
    latest = ClassRecord(ref, grids, rules=Rules(evidences="dernier"))
    lv = latest.pupil(key).levels
    assert lv[["competence", "niveau", "preuves"]].values.tolist() == [["2.1", "N", 2]]


def test_spiral_and_cycle_validation(ref, pupils):
    key = pupils[0].key
    first = new_evaluation(
        ref, pupils, situation_title="S1", competences=["2.1"], year="seconde", when=date(2024, 5, 1)
    )
    second = new_evaluation(
        ref, pupils, situation_title="S2", competences=["2.1"], year="terminale", when=date(2026, 3, 1)
    )
    first = set_level(first, key, first.columns[0], "D")
    second = set_level(second, key, second.columns[0], "A")
    pupil = ClassRecord(ref, [second, first]).pupil(key)
    spiral = pupil.spiral()
    assert (spiral.at["2.1", "seconde"], spiral.at["2.1", "premiere"], spiral.at["2.1", "terminale"]) == (
        "D",
        None,
        "A",
    )
    assert pupil.validated() == (1, len(ref.competences))


def test_rules_file_is_spirale_own_and_checked(tmp_path):
    rules = load_rules()
    assert (rules.sub_competences, rules.evidences, rules.validation) == ("minimum", "mediane", "A")
    assert "propre à Spirale" in Path(rules.source).read_text(encoding="utf-8")
    bad = tmp_path / "regles.yaml"
    bad.write_text("preuves: moyenne\n", encoding="utf-8")
    with pytest.raises(SpiraleError, match="« preuves » : « moyenne » inconnu"):
        load_rules(bad)


def test_empty_class_is_a_french_error(ref, bank_dir):
    with pytest.raises(SpiraleError, match="aucune évaluation ni aucun livret PFMP pour la classe « 2NDE »"):
        class_record(bank_dir, "2NDE", ref)
