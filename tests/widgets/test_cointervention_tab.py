"""Co-intervention tab driven like a teacher: choose, propose, edit a phase, save, export."""

import html

import pytest

from scenario_lib.bank import Bank
from scenario_lib.widgets.base import AtelierState
from scenario_lib.widgets.cointervention_tab import CoInterventionTab


@pytest.fixture
def tab(bank_dir, scenario):
    tab = CoInterventionTab(AtelierState(bank_dir))
    tab.scenario.value = scenario.id
    tab.school_year.value = "2025-2026"
    return tab


@pytest.mark.parametrize("discipline", ["francais", "mathematiques"])
def test_propose_edit_save_export(tab, bank_dir, discipline):
    tab.discipline.value = discipline
    plan = tab.on_propose()
    assert plan is not None and plan.discipline == discipline
    assert len(tab.phase_fields) == len(plan.phases) and "sur" in tab.report.value
    tab.phase_fields[0]["role_general"].value = "lit la consigne à voix haute puis circule dans les groupes"
    tab.phase_fields[0]["minutes"].value = 30
    saved = tab.save()
    assert saved is not None and saved.revision == 1
    stored = Bank(bank_dir).get(saved.id)
    assert stored.phases[0].role_general.startswith("lit la consigne") and stored.phases[0].minutes == 30
    tab.format.value = "html"
    path = tab.export()
    assert path.is_file() and "data:text/html;base64," in tab.download.value


def test_errors_show_in_french_and_nothing_is_saved(tab, bank_dir):
    tab.on_propose()
    tab.phase_fields[1]["role_professional"].value = "<script>x</script>"
    assert tab.save() is None
    assert "balise HTML" in tab.state.messages.value
    assert Bank(bank_dir).list(doc_type="cointervention") == []


def test_over_budget_shows_in_the_report(tab):
    tab.on_propose()
    for fields in tab.phase_fields:
        fields["minutes"].value = 600
    assert "Dépassement" in tab.report.value


def test_invalid_field_replaces_the_stale_hours_report(tab):
    tab.on_propose()
    assert "sur" in tab.report.value
    tab.phase_fields[0]["students"].value = "<b>gras</b>"
    assert "balise HTML" in tab.report.value and "<li>" not in tab.report.value
    tab.phase_fields[0]["students"].value = "travaillent en binômes"
    assert "balise HTML" not in tab.report.value and "<li>" in tab.report.value


def test_task_dropdown_lists_the_situation_tasks_and_the_choice_reaches_the_plan(tab, bank_dir, scenario):
    labels = [label for label, _ in tab.task.options]
    assert labels[0].startswith("Automatique — choix automatique") and tab.task.value == 0
    assert labels[1:] == [f"{n}. {t.title}" for n, t in enumerate(scenario.tasks, 1)]
    auto = tab.on_propose()
    assert auto.task_choice.startswith("choix automatique") and "Tâche travaillée" in tab.summary.value
    tab.task.value = len(scenario.tasks)
    plan = tab.on_propose()
    assert plan.task == f"{len(scenario.tasks)}. {scenario.tasks[-1].title}"
    assert plan.task_choice == "choisie par l'équipe"
    assert all(c.title in html.unescape(tab.summary.value) for c in plan.capacities)
    assert tab.programme.placeholder == "à compléter par l'équipe"
    tab.programme.value = "Capacité du programme recopiée par l'équipe"
    saved = tab.save()
    stored = Bank(bank_dir).get(saved.id)
    assert stored.task == plan.task and stored.programme_capacities == "Capacité du programme recopiée par l'équipe"
    assert stored.programme["source"] == "saisi par l'équipe"


def test_a_new_plan_drops_the_download_link_of_the_previous_one(tab):
    """The teacher's case: PDF of the French plan, then maths and « Proposer »: no French PDF left on screen."""
    tab.discipline.value = "francais"
    tab.on_propose()
    assert tab.export() is not None and "data:application/pdf;base64," in tab.download.value
    tab.discipline.value = "mathematiques"
    assert tab.on_propose().discipline == "mathematiques"
    assert tab.download.value == ""
    path = tab.export()
    assert f'download="{html.escape(path.name)}"' in tab.download.value and tab.value().discipline == "mathematiques"
    tab.format.value = "docx"  # a link for a PDF is no link for the Word file the teacher now asks for
    assert tab.download.value == ""


def test_every_tab_names_the_formats_the_same_way(tab, bank_dir):
    from scenario_lib.doctypes import document_type
    from scenario_lib.render.export import FORMATS
    from scenario_lib.services.documents import common_formats
    from scenario_lib.widgets.batch_tab import BatchTab
    from scenario_lib.widgets.composer_tab import ComposerTab
    from scenario_lib.widgets.progression_tab import ProgressionTab

    state = AtelierState(bank_dir)
    batch, composer, progression = BatchTab(state), ComposerTab(state), ProgressionTab(state)
    for options in (tab.format.options, batch.format.options, composer.format.options, progression.fmt.options):
        for label, fmt in options:
            assert label == FORMATS[fmt]
    assert [fmt for _, fmt in tab.format.options] == [
        f for f in FORMATS if f in document_type("cointervention").formats
    ]
    assert {fmt for _, fmt in batch.format.options} == set(common_formats())  # what every type can be rendered in
