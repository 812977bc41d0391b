"""The proposer's guarantees, checked on random satisfiable constraints, plus explanations and errors."""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_lib.errors import SpiraleError, UnknownCodeError
from scenario_lib.paths import data_dir
from scenario_lib.referential import load_referential
from scenario_lib.scenario import Proposal, UnsatisfiableError, parse_scenario, propose
from scenario_lib.scenario.pedagogy import load_pedagogy
from scenario_lib.scenario.proposer import min_hours, scale_hours
from scenario_lib.text import fold

PED = load_pedagogy()
REFS = {name: load_referential(name) for name in ("bacpro-mcv-b", "tp-conseiller-commercial")}


def _content(proposal: Proposal) -> dict:
    data = proposal.scenario.model_dump(mode="json")
    del data["id"], data["updated"]
    return {"scenario": data, "explanation": proposal.explanation, "score": proposal.score}


@st.composite
def satisfiable(draw):
    """Constraints built from one archetype and one context that suits it, so at least one answer exists."""
    name = draw(st.sampled_from(sorted(REFS)))
    ref = REFS[name]
    arch = draw(st.sampled_from(PED.archetypes_for(ref)))
    ctx = draw(st.sampled_from([c for c in PED.contexts if arch.suits(c)]))
    blocks = draw(st.lists(st.sampled_from(arch.blocks(ref)), max_size=2, unique=True))
    required = draw(st.lists(st.sampled_from(list(arch.competences)), max_size=2, unique=True))
    hours = draw(st.none() | st.floats(min_value=min_hours(arch), max_value=60).map(lambda h: round(h, 2)))
    sector = draw(st.none() | st.just(ctx.sector))
    market = draw(st.none() | st.just(ctx.market.value))
    channel = draw(st.none() | st.just(ctx.channel.value))
    covered = draw(st.lists(st.sampled_from([c.code for c in ref.competences]), max_size=4, unique=True))
    return dict(referential=name, level=draw(st.sampled_from([lv.code for lv in ref.levels])),
                n=draw(st.integers(1, 8)), blocks_required=blocks, competences_required=required, sector=sector,
                market=market, channel=channel, hours=hours, covered=covered, seed=draw(st.integers(0, 10**6)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(satisfiable())
def test_guarantees_hold_for_any_satisfiable_constraints(kwargs):
    ref = REFS[kwargs["referential"]]
    proposals = propose(**kwargs)
    assert 1 <= len(proposals) <= kwargs["n"]
    pairs = [(p.scenario.archetype, p.scenario.context.name) for p in proposals]
    assert len(set(pairs)) == len(pairs)
    scores = [p.score for p in proposals]
    assert scores == sorted(scores, reverse=True)
    level_levers = {lv.code for lv in PED.levers_at(kwargs["level"])}
    for p in proposals:
        sc = p.scenario
        again = parse_scenario(sc.model_dump(mode="json"))  # every code exists: the model re-checks them
        assert again.competences == sc.competences
        assert len(sc.blocks()) >= 2 and list(p.blocks) == sc.blocks()
        assert set(kwargs["blocks_required"]) <= set(sc.blocks())
        assert set(kwargs["competences_required"]) <= set(sc.competences)
        assert sc.level == kwargs["level"]
        assert sc.levers and {lv.code for lv in sc.levers} <= level_levers
        assert sc.evaluation_criteria and sc.tools and sc.tasks and sc.mission
        if kwargs["hours"] is not None:
            assert sc.total_hours == pytest.approx(kwargs["hours"], abs=0.01)
            assert all(t.duration_hours >= 0.5 for t in sc.tasks)
        if kwargs["sector"]:
            assert fold(kwargs["sector"]) in fold(sc.context.sector)
        if kwargs["market"]:
            assert sc.context.market.value == kwargs["market"]
        if kwargs["channel"]:
            assert sc.context.channel.value == kwargs["channel"]
        for code in sc.competences:
            assert ref.has("compétence", code)
        assert set(p.new_competences) == set(sc.competences) - set(kwargs["covered"])


def test_same_seed_same_proposals_other_seed_other_order():
    first = [_content(p) for p in propose("bacpro-mcv-b", "premiere", n=6, seed=42)]
    again = [_content(p) for p in propose("bacpro-mcv-b", "premiere", n=6, seed=42)]
    assert first == again
    others = [[_content(p) for p in propose("bacpro-mcv-b", "premiere", n=6, seed=s)] for s in range(1, 6)]
    assert any(o != first for o in others)


def test_ten_proposals_are_diverse():
    proposals = propose("bacpro-mcv-b", "terminale", n=10, seed=7)
    assert len(proposals) == 10
    assert len({p.scenario.archetype for p in proposals}) >= 8
    assert len({p.scenario.context.name for p in proposals}) >= 8


def test_ids_differ_so_saving_two_proposals_never_overwrites():
    a, b = propose("bacpro-mcv-b", "seconde", n=2, seed=1)
    assert a.scenario.id != b.scenario.id


def test_uncovered_competences_are_preferred(mcv):
    covered = [c.code for c in mcv.competences if c.block != "2"]
    top = propose("bacpro-mcv-b", "premiere", n=1, covered=covered, seed=3)[0]
    assert top.new_competences and all(c.startswith("2.") for c in top.new_competences)


def test_explanation_names_blocks_new_competences_context_and_levers(mcv):
    p = propose("bacpro-mcv-b", "premiere", n=1, blocks_required=["1", "4B"], covered=["1.2"],
                sector="automobile", seed=5)[0]
    sc, text = p.scenario, p.explanation
    lines = text.splitlines()
    blocks_line = next(line for line in lines if line.startswith("Blocs croisés"))
    for b in sc.blocks():
        assert f"{b} — {mcv.block(b).title}" in blocks_line
    new_line = next(line for line in lines if line.startswith("Compétences nouvellement couvertes"))
    for c in sc.competences:
        assert (c in new_line) == (c != "1.2")
    if "1.2" in sc.competences:
        assert any(line.startswith("Déjà couvertes") and "1.2" in line for line in lines)
    assert sc.context.name in text and "automobile" in text
    level_line = next(line for line in lines if line.startswith("Niveau Première"))
    assert "situation plus complexe" in level_line
    for lever in sc.levers:
        assert lever.title in level_line


def test_explanation_says_hours_were_adjusted():
    p = propose("bacpro-mcv-b", "seconde", n=1, hours=4, seed=2)[0]
    assert p.scenario.total_hours == 4
    assert "ajustées" in p.explanation and "4 h" in p.explanation


def test_evaluation_criteria_come_from_the_tasks_activities(mcv):
    p = propose("bacpro-mcv-b", "seconde", n=1, blocks_required=["2"], seed=4)[0]
    activities = {mcv.task(t.rap_task).activity for t in p.scenario.tasks}
    official = [r for a in activities for r in mcv.activity(a).texts("resultats")]  # word for word
    assert set(p.scenario.evaluation_criteria) == set(official)


def test_titre_professionnel_proposals_use_its_codes_and_criteria(tp):
    proposals = propose("tp-conseiller-commercial", "formation", n=4, seed=9)
    assert len(proposals) == 4
    for p in proposals:
        sc = p.scenario
        assert sc.referential == "tp-conseiller-commercial" and sc.level == "formation"
        assert set(sc.blocks()) == {"AT1", "AT2"}
        assert all(c.startswith("CP") for c in sc.competences)
        assert all(t.rap_task.startswith("TAT") for t in sc.tasks)
        for code in sc.competences:
            assert set(tp.competence(code).criteria) <= set(sc.evaluation_criteria)


def test_a_referential_given_as_a_folder_works():
    folder = data_dir() / "referentiels" / "bacpro-mcv-b"
    p = propose(folder, "premiere", n=2, seed=1)
    assert len(p) == 2 and Path(p[0].scenario.referential) == folder


@pytest.mark.parametrize("values", [[1.0, 2.0, 3.0], [2.0, 2.0, 3.0, 2.0], [0.75, 1.25, 0.5, 0.5]])
@pytest.mark.parametrize("total", [2.0, 3.3, 7.0, 12.5, 40.0])
def test_scale_hours_hits_the_total_exactly(values, total):
    scaled = scale_hours(values, total)
    assert sum(scaled) == pytest.approx(total, abs=1e-6)
    assert all(d >= 0.5 for d in scaled)


# --- constraints that cannot be met ----------------------------------------------------------------------
def _message(**kwargs) -> str:
    kwargs.setdefault("referential", "bacpro-mcv-b")
    kwargs.setdefault("level", "premiere")
    with pytest.raises(UnsatisfiableError) as err:
        propose(**kwargs)
    return str(err.value)


def test_block_without_competences():
    assert "bloc 4A" in _message(blocks_required=["4A"])


def test_hours_budget_too_small_names_blocks_and_budget():
    message = _message(blocks_required=["2", "4B"], hours=1)
    assert "1 h" in message and "bloc 2" in message and "bloc 4B" in message and "au moins" in message


def test_unknown_sector_lists_the_sectors():
    message = _message(sector="pêche")
    assert "secteur pêche" in message and "automobile" in message


def test_required_and_excluded_competence():
    assert "3.1" in _message(competences_required=["3.1"], competences_excluded=["3.1"])


def test_excluding_too_much_leaves_no_two_blocks(mcv):
    excluded = [c.code for c in mcv.competences if c.block != "1"]
    assert "deux blocs" in _message(competences_excluded=excluded)


def test_competence_no_archetype_crosses_with_a_block():
    message = _message(blocks_required=["2"], competences_required=["4B.2"])
    assert "compétence 4B.2" in message and "bloc 2" in message


def test_no_context_fits_channel_and_archetypes():
    # 2.2 is mobilised only by the on-site B to B set-up, which no remote context suits
    message = _message(competences_required=["2.2"], channel="à distance")
    assert "contexte" in message and "Mise en place" in message


def test_excluded_competences_are_not_in_proposals():
    for p in propose("bacpro-mcv-b", "seconde", n=8, competences_excluded=["1.2", "3.1"], seed=3):
        assert not {"1.2", "3.1"} & set(p.scenario.competences)
        assert not any(s.startswith(("1.2.", "3.1.")) for s in p.scenario.sub_competences)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"level": "cinquieme"}, "cinquieme"),
    ({"blocks_required": ["9"]}, "« 9 »"),
    ({"competences_required": ["9.9"]}, "9.9"),
    ({"covered": ["X1"]}, "X1"),
    ({"n": 0}, "propositions"),
    ({"hours": -2}, "horaire"),
    ({"market": "C to C"}, "marché"),
    ({"channel": "pigeon"}, "canal"),
])
def test_bad_input_is_a_french_spirale_error(kwargs, fragment):
    kwargs = {"referential": "bacpro-mcv-b", "level": "premiere", **kwargs}
    with pytest.raises(SpiraleError, match=fragment):
        propose(**kwargs)


def test_mcv_block_on_titre_professionnel_is_unknown():
    with pytest.raises(UnknownCodeError):
        propose("tp-conseiller-commercial", "formation", blocks_required=["1"])


def test_missions_elide_de_before_a_vowel_of_any_case():
    from scenario_lib.scenario.proposer import _ELISION

    assert _ELISION.sub("d'", "après l'achat de abonnements de Oranges") == "après l'achat d'abonnements d'Oranges"
