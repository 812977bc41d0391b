"""Spiral declension: same thread, levers strictly richer from Seconde to Terminale."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_lib.scenario import Lever, decline, propose
from scenario_lib.scenario.pedagogy import load_pedagogy

PED = load_pedagogy()
DIMENSION = {lv.code: lv.dimension for lv in PED.levers}
LEVELS = ["seconde", "premiere", "terminale"]


def _dims(scenario) -> set[str]:
    return {DIMENSION.get(lv.code, lv.code) for lv in scenario.levers}


@settings(max_examples=30, deadline=None)
@given(level=st.sampled_from(LEVELS), seed=st.integers(0, 10**6), pick=st.integers(0, 9))
def test_levers_and_productions_rise_strictly_and_the_thread_stays(level, seed, pick):
    proposals = propose("bacpro-mcv-b", level, n=10, seed=seed)
    original = proposals[pick % len(proposals)].scenario
    variants = decline(original, seed=seed)
    assert list(variants) == LEVELS
    for lv, sc in variants.items():
        assert sc.level == lv
        assert sc.context == original.context and sc.mission == original.mission
        assert sc.competences == original.competences and sc.sub_competences == original.sub_competences
        assert sc.tasks == original.tasks and sc.archetype == original.archetype
        assert {lever.code for lever in sc.levers} <= {t.code for t in PED.levers_at(lv)}
    for low, high in zip(LEVELS, LEVELS[1:]):
        assert _dims(variants[low]) < _dims(variants[high])
        assert len(variants[low].levers) < len(variants[high].levers)
        assert set(variants[low].productions) < set(variants[high].productions)


def test_autonomy_rises_from_guided_to_complete():
    variants = decline(propose("bacpro-mcv-b", "premiere", n=1, seed=1)[0].scenario)
    autonomy = [next(lv.code for lv in sc.levers if DIMENSION.get(lv.code) == "autonomie")
                for sc in variants.values()]
    assert autonomy == ["AUTO-GUIDEE", "AUTO-PARTIELLE", "AUTO-COMPLETE"]


def test_optional_levers_of_the_original_are_kept_as_the_thread():
    original = propose("bacpro-mcv-b", "terminale", n=1, seed=11)[0].scenario
    optional = {lv.code for lv in original.levers} & {t.code for t in PED.levers if t.optional}
    assert optional
    terminale = decline(original, seed=99)["terminale"]
    assert optional <= {lv.code for lv in terminale.levers}


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
    first = {lv: [x.code for x in sc.levers] for lv, sc in decline(original, seed=5).items()}
    assert first == {lv: [x.code for x in sc.levers] for lv, sc in decline(original, seed=5).items()}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_titre_professionnel_has_a_single_formation_level(seed):
    original = propose("tp-conseiller-commercial", "formation", n=1, seed=seed)[0].scenario
    variants = decline(original)
    assert list(variants) == ["formation"]
    assert variants["formation"].title == original.title
    assert "HANDICAP-REAC" in {t.code for t in PED.levers_at("formation")}


def test_a_long_title_is_shortened_to_keep_its_level_suffix(mcv):
    from scenario_lib.scenario import decline, propose

    scenario = propose("bacpro-mcv-b", "premiere", n=1, seed=3)[0].scenario
    long = scenario.model_copy(update={"title": "Vente " + "x" * 290 + " (première)"})
    variants = decline(long)
    for level, variant in variants.items():
        assert len(variant.title) <= 300 and variant.title.endswith(f"({mcv.level_info(level).label})")
        assert "(première)" not in variant.title  # an earlier level suffix, whatever its case, is replaced
