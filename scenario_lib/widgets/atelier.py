"""The atelier page: a header, the message bar and one tab per component; the notebook only calls `show()`."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from .base import AtelierState, Tab

PAGE_CSS = """<style>
.spirale-atelier { max-width: 1400px; }
.spirale-atelier .spirale-titre h2 { margin: 0.2em 0; color: #1f3b57; }
.spirale-liste select { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
.spirale-carte { border: 1px solid #c8d3dd; border-radius: 6px; padding: 6px 10px; margin: 4px 0; }
.spirale-apercu-frame { width: 100%; height: 900px; border: 1px solid #c8d3dd; background: white; }
</style>"""


def default_tabs() -> list[type[Tab]]:
    from .bank_tab import BankTab
    from .batch_tab import BatchTab
    from .cointervention_tab import CoInterventionTab
    from .composer_tab import ComposerTab
    from .evaluation_tab import EvaluationTab
    from .pfmp_tab import PfmpTab
    from .progression_tab import ProgressionTab
    from .projet_tab import ProjetTab
    from .referential_tab import ReferentialTab

    return [ReferentialTab, ComposerTab, BankTab, BatchTab, CoInterventionTab, ProjetTab, ProgressionTab, PfmpTab,
            EvaluationTab]


class Atelier:
    """`Atelier(bank_dir=…).show()`; `tabs` lets the planners' tabs join (each a `Tab` subclass)."""

    def __init__(self, bank_dir: str | Path | None = None, referential: str = "bacpro-mcv-b",
                 tabs: list[type[Tab]] | None = None):
        if bank_dir is None:  # the user's bank ($SPIRALE_BANQUE or ~/Spirale/banque), seeded on first use
            from ..bank import open_bank

            bank_dir = open_bank().folder
        self.state = AtelierState(bank_dir, referential)
        self.tabs: list[Tab] = [cls(self.state) for cls in (tabs or default_tabs())]
        self.tab_widget = w.Tab(children=[t.widget for t in self.tabs])
        self.tab_widget.titles = tuple(t.title for t in self.tabs)
        self.tab_widget.add_class("spirale-onglets")
        self.state.on_open(self.open)
        header = w.HTML(f"{PAGE_CSS}<h2>Spirale — atelier des situations d'apprentissage</h2>"
                        f"<div>Banque : <code>{_escape(str(self.state.bank_dir))}</code></div>")
        header.add_class("spirale-titre")
        self.state.messages.add_class("spirale-messages")
        self.widget = w.VBox([header, self.state.messages, self.tab_widget])
        self.widget.add_class("spirale-atelier")

    def tab(self, cls: type[Tab]) -> Tab:
        return next(t for t in self.tabs if isinstance(t, cls))

    def open(self, doc) -> None:
        """Bring a bank document into the tab that edits its type, and show that tab."""
        for index, tab in enumerate(self.tabs):
            if doc.doc_type in tab.opens:
                tab.open(doc)
                self.tab_widget.selected_index = index
                return
        self.state.notify(f"Aucun onglet ne sait ouvrir ce type de document (« {doc.doc_type} »).", "erreur")

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
