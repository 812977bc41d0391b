"""Progressions: placing refuses what cannot be placed, completion takes the bank's situations and saves only
when applied (progression first)."""

import pytest

from scenario_lib.bank import Bank
from scenario_lib.errors import SpiraleError
from scenario_lib.referential import load_referential
from scenario_lib.services import progressions

MCV = load_referential("bacpro-mcv-b")


def test_place_refuses_a_progression_and_says_where_it_went(sample_bank):
    bank = Bank(sample_bank)
    prog = bank.save(progressions.create_progression("bacpro-mcv-b", " 1re B "))
    assert prog.class_name == "1re B"
    with pytest.raises(SpiraleError, match="ne se place pas"):
        progressions.place(bank, prog, prog.id, "premiere", 2)
    scenario = bank.list(doc_type="scenario", level="premiere")[0]
    placement = progressions.place(bank, prog, scenario.id, "premiere", 2).placements[-1]
    assert progressions.placed_message(MCV, placement).startswith(f"« {scenario.title} » placée en Première, semaine 2")
    with pytest.raises(SpiraleError, match="nom de la classe"):
        progressions.create_progression("bacpro-mcv-b", "  ")


def test_completion_uses_the_bank_and_writes_only_when_applied(sample_bank):
    bank = Bank(sample_bank)
    before = bank.save(progressions.create_progression("bacpro-mcv-b", "2nde B", "guide-grand-est"))
    files = sorted(p.name for p in sample_bank.rglob("*"))
    bank_ids = {e.id for e in bank.list(doc_type="scenario")}
    only_bank = progressions.complete(bank, before, MCV, propose=False)
    assert only_bank.added and {a.scenario_id for a in only_bank.added} <= bank_ids  # the bank is a source
    result = progressions.complete(bank, before, MCV, seed=1)
    assert sorted(p.name for p in sample_bank.rglob("*")) == files
    saved = progressions.apply_completion(result, bank)
    assert saved.revision == before.revision + 1
    assert {s.id for s in result.proposals} <= {e.id for e in bank.list(doc_type="scenario")}
    assert "enregistrée (révision" in progressions.completion_message(result, saved)
