"""Banque tab: the bank as a filterable, sortable table; open, duplicate, delete (confirmed), settle conflicts."""

from __future__ import annotations

import html

import ipywidgets as w

from ..document import document_label
from ..scenario.model import LEVEL_LABELS
from ..text import fold
from .base import Tab
from .table import DataTable

ALL = ""
# column label → (sort key, CSS grid width)
COLUMNS = {
    "Titre": (lambda e: fold(e.title), "minmax(16em, 3fr)"),
    "Type": (lambda e: e.doc_type, "minmax(9em, 1fr)"),
    "Niveau": (lambda e: e.level, "minmax(7em, 0.7fr)"),
    "Blocs": (lambda e: ",".join(e.blocks), "minmax(6em, 0.6fr)"),
    "Modifié": (lambda e: e.updated, "minmax(9em, 0.8fr)"),
}


def row_cells(entry) -> list[str]:
    return [entry.title, document_label(entry.doc_type), LEVEL_LABELS.get(entry.level, entry.level),
            ", ".join(entry.blocks), entry.updated.astimezone().strftime("%d/%m/%Y %H:%M")]


class BankTab(Tab):
    title = "Banque"

    def __init__(self, state):
        super().__init__(state)
        self.entries: list = []
        self.text = w.Text(placeholder="Filtrer (titre, entreprise, texte…)", description="Filtrer",
                           continuous_update=True)
        self.level = w.Dropdown(description="Niveau", options=[("tous", ALL)])
        self.block = w.Dropdown(description="Bloc", options=[("tous", ALL)])
        self.text.add_class("spirale-banque-filtre")
        for widget in (self.text, self.level, self.block):
            widget.observe(lambda _: self.refresh(), "value")
        self.table = DataTable({label: width for label, (_, width) in COLUMNS.items()}, name="banque-table")
        self.table.sort_column, self.table.descending = "Modifié", True  # the latest work first
        self.headers = self.table.headers
        self.count = w.HTML()
        buttons = {name: w.Button(description=text, icon=icon, layout=w.Layout(width="auto"))
                   for name, text, icon in (("ouvrir", "Ouvrir dans le Composer", "folder-open"),
                                            ("dupliquer", "Dupliquer", "copy"), ("supprimer", "Supprimer", "trash"),
                                            ("actualiser", "Actualiser", "refresh"))}
        for name, button in buttons.items():
            button.add_class(f"spirale-banque-{name}")
        buttons["ouvrir"].on_click(lambda _: self.open_selected())
        buttons["dupliquer"].on_click(lambda _: self.duplicate_selected())
        buttons["supprimer"].on_click(lambda _: self.ask_delete())
        buttons["actualiser"].on_click(lambda _: self.refresh())
        self.buttons = buttons
        self.confirm_box = w.HBox()
        self.conflict_box = w.VBox()
        self.conflict_box.add_class("spirale-conflits")
        state.on_bank_change(self.refresh)
        self.widget = w.VBox([w.HBox([self.text, self.level, self.block]), self.table,
                              self.count, w.HBox(list(buttons.values())), self.confirm_box,
                              self.conflict_box])
        self.refresh()

    # --- listing --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.state.guard("Lecture de la banque"):
            bank = self.state.bank
            everything = bank.list()
            self._update_facets(everything)
            self.entries = bank.list(level=self.level.value or None, block=self.block.value or None,
                                     text=self.text.value or None)
            self.table.set_rows([(e.id, row_cells(e), [key(e) for key, _ in COLUMNS.values()]) for e in self.entries])
            by_id = {e.id: e for e in self.entries}
            self.entries = [by_id[i] for i in self.table.shown_values()]
            self.count.value = f"{len(self.entries)} document(s) affiché(s) sur {len(everything)}."
            self._show_conflicts(everything)

    def _update_facets(self, entries) -> None:
        levels = sorted({e.level for e in entries if e.level})
        blocks = sorted({b for e in entries for b in e.blocks})
        self.level.options = [("tous", ALL)] + [(LEVEL_LABELS.get(lv, lv), lv) for lv in levels]
        self.block.options = [("tous", ALL)] + [(b, b) for b in blocks]

    def sort_by(self, column: str) -> None:
        self.table.sort_by(column)
        self.refresh()

    def selected(self):
        if not self.table.value:
            self.state.notify("Choisissez d'abord un document dans la liste.", "erreur")
            return None
        return next(e for e in self.entries if e.id == self.table.value)

    # --- actions --------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        entry = self.selected()
        if entry:
            with self.state.guard("Ouverture"):
                self.state.open(self.state.bank.get(entry.id))

    def duplicate_selected(self) -> None:
        entry = self.selected()
        if entry:
            with self.state.guard("Duplication"):
                copy = self.state.bank.duplicate(entry.id)
                self.state.bank_changed()
                self.table.value = copy.id
                self.state.notify(f"Copie créée : « {copy.title} ».", "succes")

    def ask_delete(self) -> None:
        entry = self.selected()
        if not entry:
            return
        yes = w.Button(description="Oui, supprimer", button_style="danger", layout=w.Layout(width="auto"))
        no = w.Button(description="Annuler", layout=w.Layout(width="auto"))
        yes.add_class("spirale-confirmer-suppression")
        yes.on_click(lambda _: self.delete(entry.id))
        no.on_click(lambda _: setattr(self.confirm_box, "children", ()))
        self.confirm_box.children = [w.HTML(f"Supprimer « {html.escape(entry.title)} » ? Il ira dans la "
                                            "corbeille de la banque (récupérable). "), yes, no]

    def delete(self, doc_id: str) -> None:
        self.confirm_box.children = ()
        with self.state.guard("Suppression"):
            title = self.state.bank.get(doc_id).title
            self.state.bank.delete(doc_id)
            self.state.bank_changed()
            self.state.notify(f"« {title} » déplacé dans la corbeille de la banque.", "succes")

    # --- conflicts ------------------------------------------------------------------------------------
    def _show_conflicts(self, entries) -> None:
        bank = self.state.bank
        cards = []
        for entry in entries:
            for copy in bank.conflicts(entry.id):
                cards.append(self._conflict_card(entry, copy))
        self.conflict_box.children = ([w.HTML("<h4>Versions en conflit</h4>"), *cards] if cards else [])

    def _conflict_card(self, entry, copy) -> w.Widget:
        differences = self.state.bank.diff(entry.id, copy)
        items = "".join(f"<li>{html.escape(d)}</li>" for d in differences) or "<li>aucune différence</li>"
        keep_bank = w.Button(description="Garder la version de la banque", layout=w.Layout(width="auto"))
        keep_copy = w.Button(description="Garder l'autre version", layout=w.Layout(width="auto"))
        keep_bank.add_class("spirale-garder-banque")
        keep_copy.add_class("spirale-garder-copie")
        keep_bank.on_click(lambda _: self.keep_bank_version(copy))
        keep_copy.on_click(lambda _: self.keep_other_version(entry.id, copy))
        card = w.VBox([w.HTML(
            f"<p><b>« {html.escape(entry.title)} »</b> : une autre version attend (fichier "
            f"<code>{html.escape(copy.path.name)}</code>, révision {copy.revision}). Différences avec la "
            f"version de la banque (révision {entry.revision}) :</p><ul>{items}</ul>"), w.HBox([keep_bank, keep_copy])])
        card.add_class("spirale-carte")
        return card

    def keep_bank_version(self, copy) -> None:
        with self.state.guard("Conflit"):
            self.state.bank.resolve(copy)
            self.state.bank_changed()
            self.state.notify("Version de la banque gardée ; l'autre version est dans la corbeille.", "succes")

    def keep_other_version(self, doc_id: str, copy) -> None:
        from ..bank.loading import load_file

        with self.state.guard("Conflit"):
            bank = self.state.bank
            other = load_file(copy.path)
            current = bank.entry(doc_id).revision
            bank.save(other, expected_revision=current)
            bank.resolve(copy)
            self.state.bank_changed()
            self.state.notify("L'autre version remplace celle de la banque (l'ancienne reste dans l'historique).",
                              "succes")
