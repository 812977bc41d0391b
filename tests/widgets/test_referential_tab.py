from scenario_lib.referential import load_referential
from scenario_lib.widgets.base import AtelierState
from scenario_lib.widgets.referential_tab import ReferentialTab


def make_tab(tmp_path):
    return ReferentialTab(AtelierState(tmp_path / "banque"))


def test_tree_lists_every_block_competence_and_sub_competence(tmp_path):
    tab = make_tab(tmp_path)
    ref = load_referential("bacpro-mcv-b")
    nodes = tab.items()
    assert ("bloc", "4B") in nodes and ("compétence", "2.4") in nodes
    assert sum(kind == "sous-compétence" for kind, _ in nodes) == sum(len(c.sub_competences) for c in ref.competences)
    assert [n.name for n in tab.tree.nodes][0] == ref.teaching_blocks[0].label  # blocks at the root, in order


def test_search_ignores_accents_and_narrows_the_tree(tmp_path):
    tab = make_tab(tmp_path)
    tab.search.value = "FIDELISATION"
    codes = {code for _, code in tab.items()}
    assert "3.2" in codes and "3" in codes
    assert "1.1" not in codes
    assert all(n.opened for n in tab.tree.nodes)  # the hits are unfolded
    assert "fidélisation" in tab.hits.value
    tab.search.value = "zzzz introuvable"
    assert tab.tree.nodes == () and "Aucun résultat" in tab.hits.value
    tab.search.value = ""
    assert ("compétence", "1.1") in tab.items()


def test_selecting_a_competence_shows_tasks_results_and_tools_of_its_block(tmp_path):
    tab = make_tab(tmp_path)
    ref = load_referential("bacpro-mcv-b")
    tab.select("sous-compétence", "4B.2.1")
    details = tab.details.value
    assert "4B.2" in details
    first_task = ref.tasks_of_block("4B")[0]
    assert first_task.code in details
    assert ref.tools_of("4B") and ref.tools_of("4B")[0].tool.split()[0] in details
    assert "Résultats attendus" in details


def test_switching_referential_rebuilds_the_tree_for_everyone(tmp_path):
    tab = make_tab(tmp_path)
    tab.switch.value = "tp-conseiller-commercial"
    assert tab.state.referential_name == "tp-conseiller-commercial"
    assert ("compétence", "CP1") in tab.items()
