"""The proposer's guarantees: over every archetype × context × level, on random satisfiable constraints,
plus diversity, explanations, hours, French and errors."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_lib.errors import SpiraleError, UnknownCodeError
from scenario_lib.paths import data_dir
from scenario_lib.referential import load_referential
from scenario_lib.scenario import Proposal, UnsatisfiableError, parse_scenario, propose
from scenario_lib.scenario.grammar import french_faults
from scenario_lib.scenario.pedagogy import load_pedagogy, task_block
from scenario_lib.scenario.proposer import build_scenario, scale_hours
from scenario_lib.text import fold

PED = load_pedagogy()
REFS = {name: load_referential(name) for name in ("bacpro-mcv-b", "tp-conseiller-commercial")}
LEVELS = ("seconde", "premiere", "terminale")
MCV_BLOCKS = ("1", "2", "3", "4B")


def _content(proposal: Proposal) -> dict:
    data = proposal.scenario.model_dump(mode="json")
    del data["id"], data["updated"]
    return {"scenario": data, "explanation": proposal.explanation, "score": proposal.score}


def generated_texts(sc, explanation: str = "") -> list[str]:
    """Every sentence a teacher reads in a generated situation."""
    texts = [sc.title, sc.mission, sc.notes, explanation, *sc.productions, *sc.resources]
    texts += [t.title for t in sc.tasks] + [t.description for t in sc.tasks if t.description]
    texts += [c for t in sc.tasks for c in t.criteria] + [lv.title for lv in sc.levers] + [lv.text for lv in sc.levers]
    if sc.gradation:
        texts += list(sc.gradation.model_dump().values())
    if sc.incident:
        texts += [sc.incident.title, sc.incident.text, *sc.incident.criteria]
    return [t for t in texts if t]


def check_scenario(ref, sc, arch) -> None:
    """What every generated situation guarantees, whatever the constraints."""
    variant = arch.variant(sc.level)
    assert all(t.duration_hours >= 1 and t.duration_hours * 2 == int(t.duration_hours * 2) for t in sc.tasks)
    assert arch.hours_range.min <= sc.total_hours <= arch.hours_range.max
    assert [t.channel for t in sc.tasks] == [t.channel for t in variant.tasks]  # never the company's channel
    for block in sc.blocks():
        assert any(task_block(ref, t.rap_task) == block for t in sc.tasks), (arch.code, sc.level, block)
    for task in sc.tasks:
        assert 3 <= len(task.criteria) <= 6, (arch.code, task.rap_task)
        assert not any(c.rstrip().endswith((",", ";")) or "  " in c for c in task.criteria)
    critical = "critique" in fold(ref.level_info(sc.level).complexity)
    assert (sc.incident is not None) == critical
    if critical:
        assert sc.tasks[sc.incident.task_number - 1].title == sc.incident.task_title
        assert variant.tasks[sc.incident.task_number - 1].incident and len(sc.incident.criteria) >= 2
    assert len(sc.levers) <= 3
    if sc.level == "seconde":
        assert "certificati" not in fold(" ".join(generated_texts(sc)))


def _all_combinations():
    for name, ref in REFS.items():
        for arch in PED.archetypes_for(ref):
            for level in arch.levels:
                for ctx in PED.contexts:
                    if arch.suits(ctx, level):
                        yield name, arch, ctx, level


def test_every_archetype_context_and_level_gives_a_sound_situation_in_correct_french():
    import random

    count = 0
    faults = {}
    for name, arch, ctx, level in _all_combinations():
        ref = REFS[name]
        sc = build_scenario(ref, PED, arch, ctx, level, random.Random(count))
        check_scenario(ref, sc, arch)
        for text in generated_texts(sc):
            if french_faults(text):
                faults.setdefault(f"{arch.code}/{level}/{ctx.name}", []).append((text, french_faults(text)))
        count += 1
    assert count >= 200
    assert not faults, json.dumps(dict(list(faults.items())[:5]), ensure_ascii=False, indent=1)


@st.composite
def satisfiable(draw):
    """Constraints built from one archetype's level and one context that suits it, so an answer exists."""
    name = draw(st.sampled_from(sorted(REFS)))
    ref = REFS[name]
    arch = draw(st.sampled_from(PED.archetypes_for(ref)))
    level = draw(st.sampled_from(sorted(arch.levels)))
    ctx = draw(st.sampled_from([c for c in PED.contexts if arch.suits(c, level)]))
    blocks = draw(st.lists(st.sampled_from(arch.blocks(ref, level)), max_size=2, unique=True))
    required = draw(st.lists(st.sampled_from(list(arch.variant(level).competences)), max_size=2, unique=True))
    hours = draw(st.none() | st.floats(min_value=1, max_value=60).map(lambda h: round(h, 2)))
    covered = draw(st.lists(st.sampled_from([c.code for c in ref.competences]), max_size=4, unique=True))
    return dict(
        referential=name,
        level=level,
        n=draw(st.integers(1, 8)),
        blocks_required=blocks,
        competences_required=required,
        sector=draw(st.none() | st.just(ctx.sector)),
        market=draw(st.none() | st.just(ctx.market.value)),
        channel=draw(st.none() | st.just(ctx.channel.value)),
        hours=hours,
        covered=covered,
        seed=draw(st.integers(0, 10**6)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(satisfiable())
def test_guarantees_hold_for_any_satisfiable_constraints(kwargs):
    ref = REFS[kwargs["referential"]]
    proposals = propose(**kwargs)
    assert 1 <= len(proposals) <= kwargs["n"]
    archetypes = [p.scenario.archetype for p in proposals]
    assert len(set(archetypes)) == len(archetypes)
    for p in proposals:
        sc = p.scenario
        again = parse_scenario(sc.model_dump(mode="json"))  # every code exists: the model re-checks them
        assert again == sc
        assert len(sc.blocks()) >= 2 and list(p.blocks) == sc.blocks()
        assert set(kwargs["blocks_required"]) <= set(sc.blocks())
        assert set(kwargs["competences_required"]) <= set(sc.competences)
        assert sc.level == kwargs["level"] and sc.mission and sc.tasks
        check_scenario(ref, sc, PED.archetype(sc.archetype))
        if kwargs["sector"]:
            assert fold(kwargs["sector"]) in fold(sc.context.sector)
        if kwargs["market"]:
            assert sc.context.market.value == kwargs["market"]
        if kwargs["channel"]:
            assert sc.context.channel.value == kwargs["channel"]
        assert set(p.new_competences) == set(sc.competences) - set(kwargs["covered"])
        for block in set(sc.blocks()) - set(kwargs["blocks_required"]):
            if kwargs["blocks_required"]:
                assert f"Bloc {block} ajouté parce que la tâche « " in p.explanation
        assert "score" not in p.explanation and str(p.score) not in p.explanation


def test_same_seed_same_proposals_other_seed_other_archetypes():
    first = [_content(p) for p in propose("bacpro-mcv-b", "premiere", n=5, seed=42)]
    again = [_content(p) for p in propose("bacpro-mcv-b", "premiere", n=5, seed=42)]
    assert first == again
    archetype_lists = {
        tuple(p.scenario.archetype for p in propose("bacpro-mcv-b", "premiere", n=5, seed=s)) for s in (1, 2, 3, 42, 99)
    }
    assert len(archetype_lists) == 5
    assert len({lst[0] for lst in archetype_lists}) >= 3  # not always the same first proposal


def test_default_runs_cover_most_archetypes():
    seen = {
        p.scenario.archetype
        for level in LEVELS
        for seed in (1, 2, 3, 42, 99)
        for p in propose("bacpro-mcv-b", level, n=5, seed=seed)
    }
    assert len(seen) >= 12


@pytest.mark.parametrize("level", ["premiere", "terminale"])
@pytest.mark.parametrize(
    "blocks", [[a, b] for i, a in enumerate(MCV_BLOCKS) for b in MCV_BLOCKS[i + 1 :]] + [list(MCV_BLOCKS)]
)
def test_every_pair_of_blocks_and_all_four_give_five_proposals(level, blocks):
    proposals = propose("bacpro-mcv-b", level, n=5, blocks_required=blocks, seed=1)
    assert len(proposals) == 5
    assert all(set(blocks) <= set(p.blocks) for p in proposals)


def test_ten_proposals_are_diverse():
    proposals = propose("bacpro-mcv-b", "terminale", n=10, seed=7)
    assert len(proposals) == 10
    assert len({p.scenario.archetype for p in proposals}) == 10
    assert len({p.scenario.context.name for p in proposals}) >= 8


def test_seconde_is_the_family_of_trades_year_and_does_not_favour_4b():
    proposals = [p for seed in range(1, 21) for p in propose("bacpro-mcv-b", "seconde", n=5, seed=seed)]
    for p in proposals:
        arch = PED.archetype(p.scenario.archetype)
        ctx = next(c for c in PED.contexts if c.name == p.scenario.context.name)
        assert set(arch.families) & set(ctx.families)
        assert "famille des métiers" in p.explanation
    assert sum("4B" in p.blocks for p in proposals) <= len(proposals) * 0.4


def test_ids_differ_so_saving_two_proposals_never_overwrites():
    a, b = propose("bacpro-mcv-b", "seconde", n=2, seed=1)
    assert a.scenario.id != b.scenario.id


def test_uncovered_competences_are_preferred(mcv):
    covered = [c.code for c in mcv.competences if c.block != "2"]
    tops = [propose("bacpro-mcv-b", "premiere", n=1, covered=covered, seed=s)[0] for s in range(5)]
    assert sum(any(c.startswith("2.") for c in top.new_competences) for top in tops) >= 4


def test_explanation_names_blocks_tasks_context_level_and_levers(mcv):
    p = propose("bacpro-mcv-b", "premiere", n=1, blocks_required=["1"], covered=["1.2"], seed=5)[0]
    sc, lines = p.scenario, p.explanation.splitlines()
    blocks_line = next(line for line in lines if line.startswith("Blocs croisés"))
    for b in sc.blocks():
        assert f"{b} — {mcv.block(b).title}" in blocks_line
        if b != "1":
            assert any(
                line.startswith(f"Bloc {b} ajouté parce que la tâche « ") and f"activité {b}" in line for line in lines
            )
    new_line = next(line for line in lines if line.startswith("Compétences nouvellement couvertes"))
    for c in sc.competences:
        assert (c in new_line) == (c != "1.2")
    assert sc.context.name in p.explanation
    level_line = next(line for line in lines if line.startswith("Niveau Première"))
    assert "situation plus complexe" in level_line and fold(sc.gradation.nature.rstrip("."))[:20] in fold(level_line)
    for lever in sc.levers:
        assert lever.title in p.explanation


def test_terminale_has_one_critical_incident_played_and_evaluated():
    for p in propose("bacpro-mcv-b", "terminale", n=5, seed=11):
        inc = p.scenario.incident
        assert inc and inc.criteria and inc.title.rstrip(".") in p.explanation
        assert "Situation critique" in p.scenario.tasks[inc.task_number - 1].description


def test_hours_asked_are_kept_within_the_situation_range():
    for p in propose("bacpro-mcv-b", "premiere", n=5, hours=3, seed=2):
        arch = PED.archetype(p.scenario.archetype)
        assert p.scenario.total_hours == max(arch.hours_range.min, 3, len(p.scenario.tasks))
        assert all(t.duration_hours >= 1 for t in p.scenario.tasks)
        if arch.hours_range.min > 3:
            assert "ramené à la fourchette" in p.explanation
    for p in propose("bacpro-mcv-b", "premiere", n=5, hours=200, seed=2):
        assert p.scenario.total_hours == PED.archetype(p.scenario.archetype).hours_range.max


def test_the_score_stays_internal():
    p = propose("bacpro-mcv-b", "premiere", n=1, seed=1)[0]
    data = p.to_dict(rank=1)
    assert "score" not in data and data["rang"] == 1


def test_titre_professionnel_proposals_use_its_codes_and_criteria(tp):
    proposals = propose("tp-conseiller-commercial", "formation", n=4, seed=9)
    assert len(proposals) == 4
    for p in proposals:
        sc = p.scenario
        assert sc.referential == "tp-conseiller-commercial" and sc.level == "formation" and sc.incident is None
        assert set(sc.blocks()) == {"AT1", "AT2"}
        assert all(c.startswith("CP") for c in sc.competences)
        assert all(t.rap_task.startswith("TAT") for t in sc.tasks)
        reac = {crit.rstrip(" ,;") for c in tp.competences for crit in c.criteria}
        assert all(crit in reac for t in sc.tasks for crit in t.criteria)


def test_a_referential_given_as_a_folder_works():
    folder = data_dir() / "referentiels" / "bacpro-mcv-b"
    p = propose(folder, "premiere", n=2, seed=1)
    assert len(p) == 2 and Path(p[0].scenario.referential) == folder


@pytest.mark.parametrize("values", [[1.0, 2.0, 3.0], [2.0, 2.0, 3.0, 2.0], [1.0, 1.5, 1.0, 1.0]])
@pytest.mark.parametrize("total", [4.0, 6.5, 7.0, 12.5, 40.0])
def test_scale_hours_hits_the_total_in_half_hours(values, total):
    scaled = scale_hours(values, total)
    assert sum(scaled) == pytest.approx(total, abs=1e-6)
    assert all(d >= 1 and d * 2 == int(d * 2) for d in scaled)


# --- constraints that cannot be met ----------------------------------------------------------------------
def _message(**kwargs) -> str:
    kwargs.setdefault("referential", "bacpro-mcv-b")
    kwargs.setdefault("level", "premiere")
    with pytest.raises(UnsatisfiableError) as err:
        propose(**kwargs)
    return str(err.value)


def test_block_without_competences():
    assert "bloc 4A" in _message(blocks_required=["4A"])


def test_unknown_sector_lists_the_sectors():
    message = _message(sector="pêche")
    assert "secteur pêche" in message and "automobile" in message


def test_required_and_excluded_competence():
    assert "3.1" in _message(competences_required=["3.1"], competences_excluded=["3.1"])


def test_excluding_too_much_leaves_no_two_blocks(mcv):
    excluded = [c.code for c in mcv.competences if c.block != "1"]
    assert "deux blocs" in _message(competences_excluded=excluded)


def test_excluded_competences_are_not_in_proposals():
    for p in propose("bacpro-mcv-b", "premiere", n=8, competences_excluded=["1.2", "3.1"], seed=3):
        assert not {"1.2", "3.1"} & set(p.scenario.competences)
        assert not any(s.startswith(("1.2.", "3.1.")) for s in p.scenario.sub_competences)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"level": "cinquieme"}, "cinquieme"),
        ({"blocks_required": ["9"]}, "« 9 »"),
        ({"competences_required": ["9.9"]}, "9.9"),
        ({"covered": ["X1"]}, "X1"),
        ({"n": 0}, "propositions"),
        ({"hours": -2}, "horaire"),
        ({"market": "C to C"}, "marché"),
        ({"channel": "pigeon"}, "canal"),
    ],
)
def test_bad_input_is_a_french_spirale_error(kwargs, fragment):
    kwargs = {"referential": "bacpro-mcv-b", "level": "premiere", **kwargs}
    with pytest.raises(SpiraleError, match=fragment):
        propose(**kwargs)


def test_mcv_block_on_titre_professionnel_is_unknown():
    with pytest.raises(UnknownCodeError):
        propose("tp-conseiller-commercial", "formation", blocks_required=["1"])
