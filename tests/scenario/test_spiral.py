"""Spiral declension: from an archetype, each level has its own tasks; without one, only the levers change."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_lib.scenario import Lever, decline, propose
from scenario_lib.scenario.grammar import french_faults
from scenario_lib.scenario.pedagogy import load_pedagogy
from scenario_lib.scenario.spiral import GUIDE, explain_declension
from scenario_lib.text import fold

PED = load_pedagogy()
DIMENSION = {lv.code: lv.dimension for lv in PED.levers}
LEVELS = ["seconde", "premiere", "terminale"]


def _tasks(sc) -> tuple:
    return tuple((t.title, t.rap_task, t.duration_hours) for t in sc.tasks)


@pytest.mark.parametrize("arch", [a.code for a in PED.archetypes if "bacpro-mcv-b" in a.referentials])
def test_every_archetype_declines_into_levels_that_differ_in_substance(arch):
    level = "premiere"
    original = next(
        (
            p.scenario
            for seed in range(40)
            for p in propose("bacpro-mcv-b", level, n=20, seed=seed)
            if p.scenario.archetype == arch
        ),
        None,
    )
    assert original is not None
    variants = decline(original, seed=1)
    expected = [lv for lv in LEVELS if PED.archetype(arch).variant(lv)]
    assert list(variants) == expected
    assert len({_tasks(sc) for sc in variants.values()}) == len(variants)
    assert len({sc.gradation.perimeter for sc in variants.values()}) == len(variants)
    assert [sc.incident is not None for sc in variants.values()] == [lv == "terminale" for lv in expected]
    for lv, sc in variants.items():
        assert sc.level == lv and sc.context == original.context and sc.archetype == arch
        assert len(sc.levers) <= 3
    text = explain_declension(variants)
    assert GUIDE in text and all("périmètre : " in line for line in text.splitlines()[:-1])
    assert not french_faults(text), french_faults(text)


@settings(max_examples=15, deadline=None)
@given(level=st.sampled_from(LEVELS), seed=st.integers(0, 10**6), pick=st.integers(0, 4))
def test_a_teacher_scenario_without_archetype_keeps_its_tasks_and_gets_a_few_levers(level, seed, pick):
    proposals = propose("bacpro-mcv-b", level, n=5, seed=seed)
    original = proposals[pick % len(proposals)].scenario.model_copy(
        update={"archetype": "", "gradation": None, "incident": None}
    )
    variants = decline(original, seed=seed)
    assert list(variants) == LEVELS
    for lv, sc in variants.items():
        assert sc.tasks == original.tasks and sc.mission == original.mission and sc.incident is None
        assert {lever.code for lever in sc.levers} <= {t.code for t in PED.levers_at(lv)}
        assert len(sc.levers) == min(3, PED.lever_counts.get(lv, 2), len(PED.drawable_levers(lv)))
    for low, high in zip(LEVELS, LEVELS[1:]):
        assert set(variants[low].productions) <= set(variants[high].productions)
    assert "seuls les leviers" in explain_declension(variants)


def test_levers_are_never_autonomy_the_variant_states_it():
    variants = decline(propose("bacpro-mcv-b", "premiere", n=1, seed=1)[0].scenario)
    for sc in variants.values():
        assert "autonomie" not in {DIMENSION.get(lv.code) for lv in sc.levers}
        assert sc.gradation.autonomy


def test_seconde_variant_has_no_certificative_wording():
    for p in propose("bacpro-mcv-b", "seconde", n=5, seed=3):
        seconde = decline(p.scenario, seed=2)["seconde"]
        assert "certificati" not in fold(seconde.model_dump_json())


def test_teacher_levers_are_kept_at_every_level():
    original = propose("bacpro-mcv-b", "seconde", n=1, seed=2)[0].scenario
    own = Lever(code="PROF-1", title="Visite réelle en entreprise", text="La situation se déroule chez le tuteur.")
    original = original.model_copy(update={"levers": [*original.levers, own]})
    for sc in decline(original).values():
        assert own in sc.levers


def test_variants_are_new_documents_titled_with_their_level():
    original = propose("bacpro-mcv-b", "seconde", n=1, seed=2)[0].scenario
    variants = decline(original)
    assert len({sc.id for sc in variants.values()} | {original.id}) == 4
    assert variants["premiere"].title == f"{original.title} (Première)"
    again = decline(variants["terminale"])
    assert again["seconde"].title == f"{original.title} (Seconde)"


def test_same_seed_same_declension():
    original = propose("bacpro-mcv-b", "premiere", n=1, seed=8)[0].scenario
    first = {lv: sc.model_dump(exclude={"id", "updated"}) for lv, sc in decline(original, seed=5).items()}
    assert first == {lv: sc.model_dump(exclude={"id", "updated"}) for lv, sc in decline(original, seed=5).items()}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_titre_professionnel_has_a_single_formation_level(seed):
    original = propose("tp-conseiller-commercial", "formation", n=1, seed=seed)[0].scenario
    variants = decline(original)
    assert list(variants) == ["formation"]
    assert variants["formation"].title == original.title


def test_a_long_title_is_shortened_to_keep_its_level_suffix(mcv):
    scenario = propose("bacpro-mcv-b", "premiere", n=1, seed=3)[0].scenario
    long = scenario.model_copy(update={"title": "Vente " + "x" * 290 + " (première)"})
    for level, variant in decline(long).items():
        assert len(variant.title) <= 300 and variant.title.endswith(f"({mcv.level_info(level).label})")
        assert "(première)" not in variant.title  # an earlier level suffix, whatever its case, is replaced


def test_a_context_the_teacher_rewrote_is_kept_at_every_level():
    original = propose("bacpro-mcv-b", "premiere", n=1, seed=6)[0].scenario
    own = original.context.model_copy(
        update={"name": "Atelier Dupont", "product": "des meubles sur mesure", "target": "particuliers du canton"}
    )
    variants = decline(original.model_copy(update={"context": own}), seed=1)
    assert all(sc.context == own for sc in variants.values())
    assert all("Atelier Dupont" in sc.mission or "{" not in sc.mission for sc in variants.values())
    assert not any(french_faults(sc.mission) for sc in variants.values())
