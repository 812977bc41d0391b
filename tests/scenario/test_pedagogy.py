"""Spirale's own data: what the bundled files hold, and the French errors when a file is broken."""
import shutil
from pathlib import Path

import pytest
import yaml

from scenario_lib.paths import data_dir
from scenario_lib.scenario.model import Channel, Market
from scenario_lib.scenario.pedagogy import ORIGIN, PedagogyError, load_pedagogy
from scenario_lib.text import fold

SPIRALE = data_dir() / "spirale"


@pytest.mark.parametrize("name", ["archetypes.yaml", "contextes.yaml", "leviers.yaml"])
def test_each_file_says_it_is_spirale_content_not_official(name):
    text = (SPIRALE / name).read_text(encoding="utf-8")
    assert text.startswith("#")
    assert yaml.safe_load(text)["origine"] == ORIGIN


def test_archetypes_cover_the_situations_teachers_need(pedagogy, mcv):
    mcv_archetypes = pedagogy.archetypes_for(mcv)
    assert len(mcv_archetypes) >= 12
    titles = fold(" | ".join(a.title for a in mcv_archetypes))
    for words in ["phoning", "tournee", "salon", "face a face", "distance omnicanale", "reclamation", "inactifs",
                  "fidelisation", "nouveau produit", "satisfaction", "reseaux sociaux", "mise en place"]:
        assert words in titles, words


def test_every_archetype_crosses_two_blocks_with_real_codes(pedagogy, mcv, tp):
    for ref in (mcv, tp):
        for arch in pedagogy.archetypes_for(ref):
            assert len(arch.blocks(ref)) >= 2, arch.code
            for code in arch.competences:
                assert ref.has("compétence", code)
            for code in arch.rap_tasks:
                assert ref.has("tâche", code)
            assert {s.rap_task for s in arch.steps} <= set(arch.rap_tasks)


def test_mcv_tools_are_named_in_the_referential_tool_list(pedagogy, mcv):
    corpus = fold(" ".join(t.tool for t in mcv.tools))
    for arch in pedagogy.archetypes_for(mcv):
        assert arch.tools
        for tool in arch.tools:
            assert fold(tool) in corpus, (arch.code, tool)


def test_titre_professionnel_has_its_own_mises_en_situation(pedagogy, tp):
    archetypes = pedagogy.archetypes_for(tp)
    assert len(archetypes) >= 3
    assert all(c.startswith("CP") for a in archetypes for c in a.competences)
    assert any("prospection téléphonique" in a.title for a in archetypes)
    assert any("entretien de vente" in a.title for a in archetypes)


def test_contexts_are_varied(pedagogy):
    contexts = pedagogy.contexts
    assert len(contexts) >= 15
    assert {c.market for c in contexts} == set(Market)
    assert {Channel.FACE_TO_FACE, Channel.REMOTE} <= {c.channel for c in contexts}
    assert len({c.sector for c in contexts}) >= 10
    assert any(c.sector == "automobile" for c in contexts)


def test_levers_include_the_reac_disability_lever_and_rise_with_levels(pedagogy):
    dims = {lv.dimension for lv in pedagogy.levers}
    assert {"information", "interlocuteurs", "canaux", "temps", "imprevu", "attitude", "autonomie", "langue",
            "handicap"} <= dims
    mandatory = {lvl: {lv.dimension for lv in pedagogy.levers_at(lvl) if not lv.optional}
                 for lvl in ("seconde", "premiere", "terminale")}
    assert mandatory["seconde"] < mandatory["premiere"] < mandatory["terminale"]


# --- broken copies of the data ---------------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "spirale"
    shutil.copytree(SPIRALE, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_copy_of_the_bundled_data_loads(copy):
    assert len(load_pedagogy(copy).archetypes) == len(load_pedagogy().archetypes)


def test_unknown_competence_names_file_and_entry(copy):
    _edit(copy / "archetypes.yaml", 'competences: ["4B.3", "4B.4", "3.1", "1.2"]',
          'competences: ["4B.3", "4B.4", "3.1", "9.9"]')
    with pytest.raises(PedagogyError) as err:
        load_pedagogy(copy)
    message = str(err.value)
    assert "archetypes.yaml" in message and "PHONING" in message and "9.9" in message


def test_unknown_task_code_is_refused(copy):
    _edit(copy / "archetypes.yaml", "taches_rap: [T4B.01, T4B.03, T4B.04, T4B.05, T3.01]",
          "taches_rap: [T4B.01, T4B.03, T4B.04, T4B.05, T3.99]")
    with pytest.raises(PedagogyError, match="T3.99"):
        load_pedagogy(copy)


def test_tool_not_in_referential_is_refused(copy):
    _edit(copy / "archetypes.yaml", 'outils: ["EBP", "SMS marketing", "Trello"]', 'outils: ["EBP", "Salesforce"]')
    with pytest.raises(PedagogyError, match="Salesforce"):
        load_pedagogy(copy)


def test_missing_origin_is_refused(copy):
    _edit(copy / "contextes.yaml", 'origine: "Spirale', 'origine: "Officiel')
    with pytest.raises(PedagogyError, match="contextes.yaml.*origine"):
        load_pedagogy(copy)


def test_bad_market_names_the_context(copy):
    _edit(copy / "contextes.yaml", 'marche: "B to C"', 'marche: "C to C"')
    with pytest.raises(PedagogyError) as err:
        load_pedagogy(copy)
    assert "Concession Auto Horizon" in str(err.value) and "marché" in str(err.value)


def test_unknown_mission_placeholder_is_refused(copy):
    _edit(copy / "archetypes.yaml", "{entreprise} ({secteur}) veut développer", "{societe} veut développer")
    with pytest.raises(PedagogyError, match="societe"):
        load_pedagogy(copy)


def test_levers_that_do_not_rise_are_refused(copy):
    _edit(copy / "leviers.yaml", "niveaux: [premiere]\n  - code: ATTITUDE-MECONTENT",
          "niveaux: [seconde]\n  - code: ATTITUDE-MECONTENT")
    with pytest.raises(PedagogyError, match="leviers.yaml"):
        load_pedagogy(copy)


def test_invalid_yaml_gives_the_line(copy):
    (copy / "leviers.yaml").write_text('origine: "x"\nleviers: [\n', encoding="utf-8")
    with pytest.raises(PedagogyError, match="leviers.yaml.*ligne"):
        load_pedagogy(copy)
