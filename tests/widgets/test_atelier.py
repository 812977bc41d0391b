import json
from pathlib import Path

import ipywidgets as w

from scenario_lib.paths import ROOT
from scenario_lib.widgets import Atelier, Tab, default_tabs


class NotesTab(Tab):
    """A planner-like tab added by the caller."""

    title = "Notes"
    opens = ("note",)

    def __init__(self, state):
        super().__init__(state)
        self.opened = None
        self.widget = w.HTML("notes")

    def open(self, doc):
        self.opened = doc


class _Doc:
    doc_type = "note"


def test_default_tabs_in_order_and_extra_tabs_join(bank_dir):
    atelier = Atelier(bank_dir=bank_dir, tabs=[*default_tabs(), NotesTab])
    assert atelier.tab_widget.titles == (
        "Accueil",
        "Référentiel",
        "Composer",
        "Banque",
        "Export par lot",
        "Co-intervention",
        "Chef-d'œuvre / projet",
        "Progression",
        "PFMP",
        "Évaluation",
        "Notes",
    )
    doc = _Doc()
    atelier.open(doc)
    assert atelier.tab(NotesTab).opened is doc and atelier.tab_widget.selected_index == 10


def test_a_document_no_tab_can_open_is_a_french_message(bank_dir):
    atelier = Atelier(bank_dir=bank_dir)
    atelier.open(_Doc())  # no default tab edits « note » documents
    assert "Aucun onglet" in atelier.state.messages.value


def test_unexpected_bug_becomes_a_french_message(bank_dir):
    atelier = Atelier(bank_dir=bank_dir)
    with atelier.state.guard("Essai"):
        raise ZeroDivisionError
    assert "erreur inattendue" in atelier.state.messages.value and "Traceback" not in atelier.state.messages.value


def test_default_bank_is_seeded_from_the_sample_bank(tmp_path, monkeypatch):
    monkeypatch.setenv("SPIRALE_BANQUE", str(tmp_path / "ma-banque"))
    atelier = Atelier()
    assert atelier.state.bank_dir == tmp_path / "ma-banque"
    assert len(atelier.state.bank.list()) >= 1


def test_notebook_is_one_short_cell_that_builds_the_atelier():
    notebook = json.loads(Path(ROOT / "notebooks" / "atelier.ipynb").read_text("utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(cells) == 1
    source = "".join(cells[0]["source"])
    assert "Atelier(" in source and len(source.splitlines()) <= 4


def test_home_buttons_open_the_three_first_tabs(bank_dir):
    from scenario_lib.widgets.home_tab import HomeTab

    atelier = Atelier(bank_dir=bank_dir)
    home = atelier.tab(HomeTab)
    assert atelier.tab_widget.selected_index == 0 and "par où commencer" in home.widget.children[0].value
    for title in ("Référentiel", "Composer", "Banque"):
        home.step_buttons[title].click()
        assert atelier.tab_widget.titles[atelier.tab_widget.selected_index] == title
    assert "situations d'exemple" in home.sample.value


def test_every_control_has_french_help(bank_dir):
    atelier = Atelier(bank_dir=bank_dir)
    for index in range(len(atelier.tabs)):  # each tab's widgets are made when it is first shown
        atelier.tab_widget.selected_index = index
    stack, missing = [atelier.widget], []
    while stack:
        widget = stack.pop()
        stack.extend(c for c in getattr(widget, "children", ()) if isinstance(c, w.Widget))
        if (
            isinstance(widget, (w.Button, w.Text, w.Dropdown, w.SelectMultiple, w.FileUpload))
            and (getattr(widget, "description", "") or isinstance(widget, w.FileUpload))
            and not widget.tooltip
        ):
            missing.append(widget.description)
    assert missing == []


def test_unexpected_bug_names_no_python_class(bank_dir):
    atelier = Atelier(bank_dir=bank_dir)
    with atelier.state.guard("Essai"):
        raise KeyError("x")
    assert "KeyError" not in atelier.state.messages.value and "pas perdu" in atelier.state.messages.value


def _widget_count() -> int:
    from ipywidgets.widgets.widget import _instances

    return len(_instances)


def test_a_page_builds_only_the_home_tab_then_each_tab_when_first_shown(bank_dir):
    from scenario_lib.widgets.bank_tab import BankTab
    from scenario_lib.widgets.home_tab import HomeTab
    from scenario_lib.widgets.referential_tab import ReferentialTab

    before = _widget_count()
    atelier = Atelier(bank_dir=bank_dir)
    at_start = _widget_count() - before
    assert [t.built for t in atelier.tabs] == [True] + [False] * (len(atelier.tabs) - 1)
    assert atelier.pages[0].children == (atelier.tab(HomeTab).widget,)
    assert all(page.children == () for page in atelier.pages[1:])
    assert at_start < 80  # the home tab, the tab bar and one empty page per tab

    referential = atelier.tab(ReferentialTab)
    atelier.show_tab("Référentiel")
    assert referential.built and atelier.pages[1].children == (referential.widget,)
    assert not atelier.tab(BankTab).built
    shown_once = _widget_count()
    atelier.tab_widget.selected_index = 0
    atelier.show_tab("Référentiel")  # shown again: nothing new is made
    assert _widget_count() == shown_once
    for index in range(len(atelier.tabs)):
        atelier.tab_widget.selected_index = index
    assert _widget_count() - before > 10 * at_start  # what a page used to create and send at every load


def test_a_tab_not_shown_yet_builds_itself_when_used(bank_dir, saved):
    from scenario_lib.widgets.composer_tab import ComposerTab

    atelier = Atelier(bank_dir=bank_dir)
    composer = atelier.tab(ComposerTab)
    assert not composer.built
    composer.form.fields["mission"].value = "Écrit avant d'afficher l'onglet"  # a widget read: the tab is built
    assert composer.built
    widget = composer.widget
    atelier.show_tab("Composer")  # shown later: the same widgets, what was typed still there
    assert atelier.pages[atelier.tabs.index(composer)].children == (widget,)
    assert composer.form.fields["mission"].value == "Écrit avant d'afficher l'onglet"

    atelier = Atelier(bank_dir=bank_dir)
    atelier.open(atelier.state.read(saved.id))  # *Ouvrir* from the bank: the Composer is built and shown
    composer = atelier.tab(ComposerTab)
    assert atelier.tab_widget.selected_index == atelier.tabs.index(composer)
    assert atelier.pages[atelier.tabs.index(composer)].children == (composer.widget,)
    assert composer.form.fields["mission"].value == saved.mission


def test_a_tab_shown_again_reads_the_bank_again(bank_dir, saved):
    from scenario_lib.bank import Bank
    from scenario_lib.widgets.bank_tab import BankTab

    atelier = Atelier(bank_dir=bank_dir)
    bank_tab = atelier.tab(BankTab)
    atelier.show_tab("Banque")
    listed = len(bank_tab.entries)
    Bank(bank_dir).duplicate(saved.id)  # saved by another page meanwhile
    atelier.show_tab("Accueil")
    atelier.show_tab("Banque")
    assert len(bank_tab.entries) == listed + 1
