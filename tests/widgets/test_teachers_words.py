"""What teachers read: rule titles instead of codes, problems summed up before details, sentences that start
with a capital letter, batch progress in French, no server path, archetype titles instead of codes."""

import html
import re

from scenario_lib.batch.report import BatchReport
from scenario_lib.batch.runner import progress_text
from scenario_lib.planning.coverage import analyse
from scenario_lib.planning.problems import Problem, grouped
from scenario_lib.referential import load_referential
from scenario_lib.render.html import render_html
from scenario_lib.scenario.pedagogy import archetype_title
from scenario_lib.widgets.base import AtelierState
from scenario_lib.widgets.batch_tab import progress_html, report_html
from scenario_lib.widgets.progression_tab import ProgressionTab

MCV = load_referential("bacpro-mcv-b")
CODES = ("guide-grand-est", "note-2025-automobile")


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value)).replace("\u00a0", " ").replace("\u202f", " ")


def test_pfmp_rules_are_shown_by_their_title_in_the_progression_tab_and_sheet(bank_dir):
    tab = ProgressionTab(AtelierState(bank_dir))
    labels = [label for label, _ in tab.pfmp_rule.options]
    assert "Guide régional Grand Est (cahier des charges MCV-B)" in labels
    assert not set(labels) & set(CODES)
    tab.class_name.value = "2nde MCV B"
    tab.pfmp_rule.value = "note-2025-automobile"
    tab.buttons["creer"].click()
    assert "Note PFMP secteur automobile du 24 juin 2025" in tab.header.value
    page = render_html(tab.progression)
    assert not any(code in page for code in CODES) and "Note PFMP secteur automobile" in html.unescape(page)


def test_an_empty_progression_reads_as_a_few_summary_lines_then_details(bank_dir):
    tab = ProgressionTab(AtelierState(bank_dir))
    tab.class_name.value = "2nde MCV B"
    tab.buttons["creer"].click()
    problems = analyse(tab.progression, MCV).problems
    assert len(problems) > 30
    shown = tab.problems.value
    summary, details = shown.split("<details", 1)
    assert summary.count("<li") == len(grouped(problems)) <= 10
    assert re.search(r"\d+ compétences manquantes en Première : 1\.1, 1\.2", _text(summary))
    assert "<summary>" in details and details.count("<li") == len(problems)  # all there, folded away


def test_actions_start_a_new_sentence_with_a_capital_letter(bank_dir):
    tab = ProgressionTab(AtelierState(bank_dir))
    tab.class_name.value = "2nde MCV B"
    tab.buttons["creer"].click()
    text = _text(tab.problems.value)
    assert not re.search(r"\. [a-zéèà]", text), re.findall(r".{30}\. [a-zéèà].{20}", text)[:3]
    assert "Ajoutez une situation" in text


def test_grouped_keeps_the_most_serious_first_and_counts_codes_once():
    problems = [
        Problem("facultatif", "m", "a", "seconde", "4B.1", "information"),
        Problem("spirale", "m", "a", "premiere", "1.1"),  # Première listed first, shown after Seconde
        Problem("spirale", "m", "a", "premiere", "1.2"),
        Problem("spirale", "m", "a", "seconde", "1.1"),
    ]
    groups = grouped(problems)
    assert [g.summary for g in groups] == [
        "1 compétence manquante en Seconde : 1.1",
        "2 compétences manquantes en Première : 1.1, 1.2",
        "1 compétence facultative non travaillée en Seconde : 4B.1",
    ]
    assert [g.label for g in groups] == ["À corriger", "À corriger", "Facultatif"]


def test_batch_progress_and_report_speak_french_without_server_paths(tmp_path):
    assert progress_text(12, 30, 3) == "12\u00a0/\u00a030 fiches rendues — 3 en échec"
    assert progress_text(1, 1) == "1\u00a0/\u00a01 fiche rendue"
    bar = _text(progress_html(12, 30, 3))
    assert "12 / 30 fiches rendues — 3 en échec" in bar and "doc/s" not in bar and "it/s" not in bar
    report = BatchReport(tmp_path / "spirale-lot-abc", items=[])
    report.duration = 1.25
    report.write()
    shown = report_html(report, None)
    assert str(tmp_path) not in shown and "/tmp" not in shown
    assert "0 réussi(s), 0 en échec, 0 à jour en 1,2 s" in _text(shown) and "rapport.html" in shown
    assert str(tmp_path) in report.summary()  # the command line still says where the report is


def test_archetypes_are_named_by_their_title(sample_bank):
    from scenario_lib.bank import Bank

    assert archetype_title("SALON") == "Salon, foire ou show-room" and archetype_title("INCONNU") == ""
    salon = next(e for e in Bank(sample_bank).list(doc_type="scenario") if "salon" in e.id)
    page = html.unescape(render_html(Bank(sample_bank).get(salon.id)))
    assert "SALON" not in page and "Salon, foire ou show-room" in page


def _texts(widget):
    """Every text a teacher can read in a widget tree: labels, values, options, tooltips, HTML."""
    seen = []
    shown = ("description", "placeholder", "tooltip") + (() if hasattr(widget, "options") else ("value",))
    for name in shown:  # a list's value is the code behind the label the teachers see
        value = getattr(widget, name, None)
        if isinstance(value, str):
            seen.append(value)
    for option in getattr(widget, "options", ()) or ():
        seen.append(option[0] if isinstance(option, tuple) else str(option))
    seen += [str(t) for t in getattr(widget, "titles", ()) or ()]
    for child in getattr(widget, "children", ()) or ():
        seen += _texts(child)
    return seen


def test_no_english_word_no_internal_code_in_the_atelier(bank_dir, saved):
    from scenario_lib.widgets import Atelier
    from scenario_lib.widgets.cointervention_tab import CoInterventionTab

    atelier = Atelier(bank_dir=bank_dir)
    progression = atelier.tab(ProgressionTab)
    progression.class_name.value = "2nde MCV B"
    progression.pfmp_rule.value = "guide-grand-est"
    progression.buttons["creer"].click()
    coint = atelier.tab(CoInterventionTab)
    coint.scenario.value = saved.id
    coint.on_propose()
    text = _text(" ¶ ".join(_texts(atelier.widget)))
    for word in (
        "None",
        "True",
        "False",
        "Error",
        "Loading",
        "Traceback",
        "Exception",
        "guide-grand-est",
        "note-2025-automobile",
        "archétype SALON",
        "doc/s",
        "premiere",
        "terminale",
        "seconde",
    ):
        assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (
            word,
            text[max(0, text.find(word) - 80) : text.find(word) + 80],
        )
