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
