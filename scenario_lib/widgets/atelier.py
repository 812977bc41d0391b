"""The atelier page: a header, one tab per component and a message toast; the notebook only calls `show()`."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from .base import AtelierState, Tab

# Fluid page: nothing has a fixed page width; rows of controls wrap instead of clipping; labels and buttons
# take the width of their French text; messages float bottom right (a toast) so the tabs never move.
PAGE_CSS = """<style>
.spirale-atelier { width: 100%; max-width: none; box-sizing: border-box; padding: 0 12px 80px 12px; }
.jp-OutputArea-output:has(.spirale-atelier), .jp-Cell:has(.spirale-atelier) { max-width: none; }
.lm-Widget:has(.spirale-atelier) { contain: none !important; }  /* else the toast is fixed to a panel, not the window */
.spirale-atelier .spirale-titre h2 { margin: 0.2em 0; color: #1f3b57; }
.spirale-atelier .widget-hbox { flex-wrap: wrap; row-gap: 4px; }
.spirale-atelier .widget-hbox > * { min-width: 0; }
.spirale-atelier .widget-toggle-buttons, .spirale-atelier .widget-toggle-buttons .widget-hbox { flex-wrap: nowrap; }
.spirale-editeur > .widget-hbox { flex-wrap: nowrap; align-items: flex-start; }
.spirale-editeur > .widget-hbox > .widget-box:last-child { position: sticky; top: 0; }
.spirale-editeur .spirale-apercu-frame { height: calc(100vh - 60px) !important; }
.spirale-atelier .widget-inline-hbox:not(.widget-checkbox) > .widget-label { min-width: max-content; }
.spirale-atelier .widget-button, .spirale-atelier .jupyter-button { min-width: max-content; }
.spirale-atelier .widget-toggle-button { width: auto !important; min-width: max-content; padding: 0 10px; }
.spirale-atelier .widget-upload { width: auto !important; }
.spirale-atelier .widget-dropdown > select { min-width: 6em; }
.spirale-onglets > .lm-TabBar { overflow: visible; min-height: fit-content; }
.spirale-onglets > .lm-TabBar .lm-TabBar-content { flex-wrap: wrap; }
.spirale-onglets > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto !important; max-width: none !important;
  min-width: max-content !important; }
.spirale-onglets > .lm-TabBar .lm-TabBar-tabLabel { overflow: visible; text-overflow: clip; }
.spirale-carte { border: 1px solid #c8d3dd; border-radius: 6px; padding: 6px 10px; margin: 4px 0; }
.spirale-apercu-frame { width: 100%; height: 900px; border: 1px solid #c8d3dd; background: white; }
.spirale-messages { position: fixed; right: 16px; bottom: 16px; z-index: 1000; max-width: min(560px, 45vw);
  margin: 0; }
.spirale-messages:not(:has(.spirale-msg)) { display: none; }
.spirale-messages:hover { opacity: .12; transition: opacity .2s; }  /* pointed at: what is under it shows */
.spirale-msg { background: white; border: 1px solid currentColor; border-left-width: 6px; border-radius: 6px;
  padding: 8px 12px; box-shadow: 0 4px 14px rgba(0,0,0,.18); font-size: 14px; line-height: 1.35;
  animation: spirale-toast 9s ease-in forwards; }
.spirale-msg.spirale-erreur { animation-duration: 30s; }
@keyframes spirale-toast { 0%, 90% { opacity: 1; } 100% { opacity: 0; visibility: hidden; } }
.spirale-aide, .spirale-atelier .muted { color: #555; }
.spirale-ref-tree { border: 1px solid #c8d3dd; border-radius: 6px; padding: 4px; }
.spirale-ref-tree .jstree-wholerow { display: none !important; }
.spirale-ref-tree .jstree-node { min-height: 24px; line-height: 24px; white-space: nowrap; }
.spirale-ref-tree .jstree-anchor { white-space: normal !important; height: auto !important; line-height: 1.35 !important;
  display: inline-block; max-width: calc(100% - 30px); vertical-align: top; padding: 3px 4px; }
.spirale-ref-tree .jstree-clicked { background: #d6e8fa !important; color: inherit !important; border-radius: 3px; }
.spirale-ref-tree .jstree-hovered { background: #eef4fa !important; }
.spirale-ref-droite { position: sticky; top: 0; align-self: flex-start; max-height: 100vh; overflow: auto; }
.spirale-table .widget-gridbox { gap: 2px 2px; }
.spirale-table .spirale-table-entete { font-weight: bold; background: #e3eaf1; text-align: left; }
.spirale-table .spirale-table-cellule { white-space: normal; text-align: left; min-width: 0; height: auto;
  line-height: 1.3; padding: 4px 6px; background: white; border-bottom: 1px solid #e3e7eb; box-shadow: none; }
.spirale-table .spirale-table-cellule.spirale-ligne-choisie { background: #d6e8fa; font-weight: 600; }
.spirale-table .spirale-table-filtre { width: auto; margin: 0; }
.spirale-tache-titre { flex: 1 1 240px; }
</style>"""

# Help shown on hover, by button text, for controls that do not set their own.
HELP = {
    "Enregistrer": "Enregistrer dans la banque (une nouvelle révision ; les précédentes restent dans l'historique)",
    "Exporter": "Créer le fichier au format choisi, puis un lien pour le télécharger",
    "Proposer": "Proposer des situations expliquées à partir des contraintes choisies",
    "Ouvrir dans le Composer": "Ouvrir le document choisi dans l'onglet qui le modifie",
    "Dupliquer": "Créer une copie du document choisi, pour partir d'un modèle",
    "Supprimer": "Mettre le document choisi à la corbeille de la banque (récupérable)",
    "Actualiser": "Relire la banque (après une modification faite ailleurs)",
    "Décliner en spirale": "Voir la même situation adaptée aux autres niveaux, côte à côte",
    "Ajouter une tâche": "Ajouter une tâche à la fin de la liste",
    "Ajouter un levier": "Ajouter un levier de complexité",
    "Ouvrir": "Ouvrir la progression choisie",
    "Créer": "Créer une progression vide pour cette classe",
    "Placer": "Placer la situation choisie sur la semaine choisie",
    "Compléter": "Proposer les situations qui manquent (rien n'est enregistré avant confirmation)",
}
MULTIPLE = "Ctrl + clic (Cmd + clic sur Mac) pour en choisir plusieurs"


def default_tabs() -> list[type[Tab]]:
    from .bank_tab import BankTab
    from .batch_tab import BatchTab
    from .cointervention_tab import CoInterventionTab
    from .composer_tab import ComposerTab
    from .evaluation_tab import EvaluationTab
    from .home_tab import HomeTab
    from .pfmp_tab import PfmpTab
    from .progression_tab import ProgressionTab
    from .projet_tab import ProjetTab
    from .referential_tab import ReferentialTab

    return [
        HomeTab,
        ReferentialTab,
        ComposerTab,
        BankTab,
        BatchTab,
        CoInterventionTab,
        ProjetTab,
        ProgressionTab,
        PfmpTab,
        EvaluationTab,
    ]


class Atelier:
    """`Atelier(bank_dir=…).show()`; `tabs` lets the planners' tabs join (each a `Tab` subclass)."""

    def __init__(
        self, bank_dir: str | Path | None = None, referential: str = "bacpro-mcv-b", tabs: list[type[Tab]] | None = None
    ):
        if bank_dir is None:  # the user's bank ($SPIRALE_BANQUE or ~/Spirale/banque), seeded on first use
            from ..bank import open_bank

            bank_dir = open_bank().folder
        self.state = AtelierState(bank_dir, referential)
        self.tabs: list[Tab] = [cls(self.state) for cls in (tabs or default_tabs())]
        for tab in self.tabs:
            if hasattr(type(tab), "attach"):  # asked of the class: asking the tab would build it
                tab.attach(self)
        # One empty box per tab: a tab's widgets fill it when the tab is first shown (`_page`), so a page load
        # creates and sends only the home tab's, not the thousand widgets of all tabs.
        self.pages = [w.VBox() for _ in self.tabs]
        for page in self.pages:
            page.add_class("spirale-page")
        self.tab_widget = w.Tab(children=self.pages)
        self.tab_widget.titles = tuple(t.title for t in self.tabs)
        self.tab_widget.add_class("spirale-onglets")
        self._page(0)
        self.state.on_open(self.open)
        self.tab_widget.observe(lambda change: self._shown(change["new"]), "selected_index")
        header = w.HTML(f"{PAGE_CSS}<h2>Spirale — atelier des situations d'apprentissage</h2>")
        header.add_class("spirale-titre")
        self.state.messages.add_class("spirale-messages")
        self.widget = w.VBox([header, self.tab_widget, self.state.messages])
        self.widget.add_class("spirale-atelier")

    def tab(self, cls: type[Tab]) -> Tab:
        return next(t for t in self.tabs if isinstance(t, cls))

    def show_tab(self, title: str) -> None:
        """Show the tab of that title (the home tab's buttons)."""
        self.tab_widget.selected_index = next(i for i, t in enumerate(self.tabs) if t.title == title)

    def _page(self, index: int) -> bool:
        """Put the tab's widgets (built now if need be) in its page; True when the page was empty until now."""
        page = self.pages[index]
        if page.children:
            return False
        tab = self.tabs[index]
        was_built = tab.built
        add_help(tab.widget)
        page.children = (tab.widget,)
        return not was_built

    def _shown(self, index) -> None:
        """A tab brought to the front is built the first time; later, it reads the bank again if it lists it: a
        preheated page was built before the teachers' last work (a draft written seconds before a reload, a save
        in another page)."""
        if index is None or self._page(index):
            return
        shown = getattr(type(self.tabs[index]), "shown", None)
        if shown:
            shown(self.tabs[index])

    def open(self, doc) -> None:
        """Bring a bank document into the tab that edits its type, show that tab and scroll to what opened."""
        from ..bank.drafts import Draft

        for index, tab in enumerate(self.tabs):
            if doc.doc_type in tab.opens:
                if isinstance(doc, Draft):  # a draft of a document never saved: resumed, still unsaved
                    tab.work.take(doc)
                else:
                    tab.open(doc)
                self.tab_widget.selected_index = index
                reveal = getattr(type(tab), "reveal", None)
                if reveal:
                    reveal(tab)
                return
        self.state.notify(f"Aucun onglet ne sait ouvrir ce type de document (« {doc.doc_type} »).", "erreur")

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)


def add_help(root: w.Widget) -> None:
    """Give every control without help a French tooltip (never the browser's `title="null"`)."""
    stack = [root]
    while stack:
        widget = stack.pop()
        stack.extend(c for c in getattr(widget, "children", ()) if isinstance(c, w.Widget))
        if not hasattr(widget, "tooltip") or widget.tooltip:
            continue
        if isinstance(widget, w.SelectMultiple):
            widget.tooltip = MULTIPLE
        elif isinstance(widget, w.FileUpload):
            widget.tooltip = f"Choisir le fichier sur votre ordinateur ({widget.accept or 'tout fichier'})"
        elif getattr(widget, "description", "") and isinstance(widget, w.Button):
            widget.tooltip = HELP.get(widget.description, widget.description)
        elif getattr(widget, "description", ""):
            widget.tooltip = widget.description
