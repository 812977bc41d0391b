"""Spirale's own data: what the bundled files hold, and the French errors when a file is broken.

The broken-file tests edit a copy of `tests/scenario/fixtures/spirale/` (a small data set in the bundled
schema) so that they do not depend on the wording of the bundled content.
"""

import shutil
from pathlib import Path

import pytest
import yaml

from scenario_lib.paths import data_dir
from scenario_lib.scenario.model import Channel, Market
from scenario_lib.scenario.pedagogy import FILES, ORIGIN, PedagogyError, load_pedagogy, task_block
from scenario_lib.text import fold, normalise_space

SPIRALE = data_dir() / "spirale"
FIXTURE = Path(__file__).parent / "fixtures" / "spirale"


@pytest.mark.parametrize("name", FILES)
def test_each_file_says_it_is_spirale_content_not_official(name):
    text = (SPIRALE / name).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["origine"].startswith(ORIGIN)


def test_archetypes_cover_the_situations_teachers_need(pedagogy, mcv):
    mcv_archetypes = pedagogy.archetypes_for(mcv)
    assert len(mcv_archetypes) >= 14
    titles = fold(" | ".join(a.title for a in mcv_archetypes))
    for words in ["phoning", "tournee", "salon", "reclamation", "fidelisation", "satisfaction", "reseaux sociaux"]:
        assert words in titles, words


def test_every_level_variant_backs_each_block_with_a_task_of_its_activity(pedagogy, mcv, tp):
    for ref in (mcv, tp):
        for arch in pedagogy.archetypes_for(ref):
            for level, variant in arch.levels.items():
                blocks = arch.blocks(ref, level)
                assert len(blocks) >= 2, (arch.code, level)
                assert set(blocks) <= {task_block(ref, t.rap_task) for t in variant.tasks}, (arch.code, level)
                assert all(t.hours >= 1 and t.hours * 2 == int(t.hours * 2) for t in variant.tasks)
                assert arch.hours_range.min <= variant.hours <= arch.hours_range.max


def test_levels_differ_in_substance(pedagogy, mcv):
    for arch in pedagogy.archetypes_for(mcv):
        lists = [tuple((t.title, t.rap_task, t.hours) for t in v.tasks) for v in arch.levels.values()]
        assert len(set(lists)) == len(lists), arch.code
        assert len({v.perimeter for v in arch.levels.values()}) == len(arch.levels), arch.code


def test_seconde_is_the_family_of_trades_year(pedagogy, mcv):
    seconde = [a for a in pedagogy.archetypes_for(mcv) if a.variant("seconde")]
    assert len(seconde) >= 5
    assert all(a.families for a in seconde)
    assert {"accueil", "commerce", "vente"} <= {f for c in pedagogy.contexts for f in c.families}
    for arch in seconde:
        text = fold(" ".join(str(v) for v in arch.variant("seconde").model_dump().values()))
        assert "certificati" not in text, arch.code


def test_every_critical_level_has_one_incident_task_with_incidents_that_fit(pedagogy, mcv):
    for arch in pedagogy.archetypes_for(mcv):
        variant = arch.variant("terminale")
        assert sum(t.incident for t in variant.tasks) == 1, arch.code
        assert pedagogy.incidents_for(mcv, variant.tasks[variant.incident_task]), arch.code
        assert not any(t.incident for lv in ("seconde", "premiere") if arch.variant(lv) for t in arch.variant(lv).tasks)


def test_criteria_are_official_texts_three_to_six_per_task(pedagogy, mcv, tp):
    for ref in (mcv, tp):
        for arch in pedagogy.archetypes_for(ref):
            for variant in arch.levels.values():
                for task in variant.tasks:
                    texts = pedagogy.task_criteria(ref, task.rap_task)
                    assert 3 <= len(texts) <= 6, (arch.code, task.rap_task)
    results = {normalise_space(t) for a in mcv.activities for t in a.texts("resultats")}
    assert all(normalise_space(t) in results for texts in pedagogy.criteria["bacpro-mcv-b"].values() for t in texts)


def test_mcv_tools_are_named_in_the_referential_tool_list(pedagogy, mcv):
    corpus = fold(" ".join(t.tool for t in mcv.tools))
    for arch in pedagogy.archetypes_for(mcv):
        for tool in arch.tools:
            assert fold(tool) in corpus, (arch.code, tool)


def test_titre_professionnel_has_its_own_mises_en_situation(pedagogy, tp):
    archetypes = pedagogy.archetypes_for(tp)
    assert len(archetypes) >= 3
    assert all(set(a.levels) == {"formation"} for a in archetypes)
    assert all(c.startswith("CP") for a in archetypes for c in a.competences)


def test_contexts_are_varied_and_carry_their_grammar(pedagogy):
    contexts = pedagogy.contexts
    assert len(contexts) >= 15
    assert {c.market for c in contexts} == set(Market)
    assert {Channel.FACE_TO_FACE, Channel.REMOTE} <= {c.channel for c in contexts}
    assert len({c.sector for c in contexts}) >= 10
    assert all(c.target.number in "sp" and c.product.gender in "mf" for c in contexts)


def test_levers_are_few_per_level(pedagogy):
    assert all(0 <= count <= 3 for count in pedagogy.lever_counts.values())
    assert {"information", "interlocuteurs", "handicap"} <= {lv.dimension for lv in pedagogy.levers}


# --- broken copies of the data ---------------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "spirale"
    shutil.copytree(FIXTURE, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(copy) -> str:
    with pytest.raises(PedagogyError) as err:
        load_pedagogy(copy)
    return str(err.value)


def test_the_fixture_loads(copy):
    assert [a.code for a in load_pedagogy(copy).archetypes] == ["TOURNEE", "ENTRETIEN", "TP-ENTRETIEN"]


def test_unknown_competence_names_file_entry_and_level(copy):
    _edit(copy / "archetypes.yaml", 'competences: ["4B.3", "1.1"]', 'competences: ["4B.3", "9.9"]')
    message = _error(copy)
    assert "archetypes.yaml" in message and "TOURNEE" in message and "9.9" in message and "seconde" in message


def test_a_block_without_a_task_of_its_activity_is_refused(copy):
    _edit(copy / "archetypes.yaml", 'tache: T4B.04, competences: ["4B.3"]}', 'tache: T1.04, competences: ["4B.3"]}')
    message = _error(copy)
    assert "bloc 4B" in message and "TOURNEE" in message


def test_two_incident_tasks_are_refused(copy):
    _edit(
        copy / "archetypes.yaml",
        'tache: T4B.03, competences: ["4B.2"]}\n          - {titre: "Mener',
        'tache: T4B.03, competences: ["4B.2"], incident: true}\n          - {titre: "Mener',
    )
    assert "exactement une tâche" in _error(copy)


def test_half_an_hour_task_is_refused(copy):
    _edit(
        copy / "archetypes.yaml",
        'heures: 1, modalite: individuel, canal: "à distance", tache: TAT1.01',
        'heures: 0.5, modalite: individuel, canal: "à distance", tache: TAT1.01',
    )
    assert "heures" in _error(copy)


def test_hours_outside_the_range_are_refused(copy):
    _edit(copy / "archetypes.yaml", "heures: {min: 4, max: 10}", "heures: {min: 4, max: 5}")
    assert "fourchette" in _error(copy)


def test_seconde_without_families_is_refused(copy):
    _edit(copy / "archetypes.yaml", "    familles: [vente]\n", "")
    assert "familles" in _error(copy)


def test_criterion_not_in_the_official_texts_is_refused(copy):
    _edit(copy / "criteres.yaml", '"Un climat de confiance est instauré,"', '"Le client est content,"')
    message = _error(copy)
    assert "criteres.yaml" in message and "T1.01" in message and "Le client est content" in message


def test_too_many_criteria_for_a_task_are_refused(copy):
    _edit(
        copy / "criteres.yaml",
        '"Les prospects sont qualifiés,"]',
        '"Les prospects sont qualifiés,", "Des supports de communication sont diffusés,", '
        '"Des besoins potentiels sont identifiés,", "Des rendez-vous sont pris ou des visites sont programmées,", '
        '"Des rendez-vous sont pris ou des visites sont programmées, "]',
    )
    assert "de 3 à 6" in _error(copy)


def test_missing_origin_is_refused(copy):
    _edit(copy / "contextes.yaml", 'origine: "Spirale', 'origine: "Officiel')
    with pytest.raises(PedagogyError, match="contextes.yaml.*origine"):
        load_pedagogy(copy)


def test_bad_gender_names_the_context(copy):
    _edit(copy / "contextes.yaml", "genre: f, nombre: p}\n    taille", "genre: x, nombre: p}\n    taille")
    message = _error(copy)
    assert "contextes.yaml" in message and "Habitat Conseil" in message


def test_unknown_mission_placeholder_and_form_are_refused(copy):
    _edit(copy / "archetypes.yaml", "{entreprise} souhaite se faire", "{societe} souhaite se faire")
    assert "societe" in _error(copy)
    _edit(copy / "archetypes.yaml", "{societe} souhaite se faire", "{entreprise.du_la} souhaite se faire")
    assert "du_la" in _error(copy)


def test_an_incident_task_without_a_fitting_incident_is_refused(copy):
    _edit(copy / "incidents.yaml", 'activites: ["1", "2"]', 'activites: ["2"]')
    message = _error(copy)
    assert "ENTRETIEN" in message and "incident" in message


def test_too_many_levers_per_level_are_refused(copy):
    _edit(copy / "leviers.yaml", "terminale: 2,", "terminale: 5,")
    assert "leviers.yaml" in _error(copy)


def test_invalid_yaml_gives_the_line(copy):
    (copy / "leviers.yaml").write_text('origine: "x"\nleviers: [\n', encoding="utf-8")
    with pytest.raises(PedagogyError, match="leviers.yaml.*ligne"):
        load_pedagogy(copy)
