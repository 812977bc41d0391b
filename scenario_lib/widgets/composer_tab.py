"""Composer tab: constraints → *Proposer* → proposals explained → *Choisir* → edit with live preview →
*Enregistrer*, *Exporter*, *Décliner en spirale*."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from ..errors import SpiraleError
from ..services.documents import export_choices
from ..text import french_number
from .base import SAVE_SHORTCUT_CLASS, Tab, UnsavedWork, button
from .constraints_form import ConstraintsForm
from .preview import Preview
from .scenario_form import ScenarioForm


def proposal_card_html(proposal) -> str:
    s = proposal.scenario
    blocks = ", ".join(s.blocks())
    return (
        f"<h4>{html.escape(s.title)}</h4>"
        f"<div><b>{html.escape(s.context.name)}</b> — {html.escape(s.context.sector)}, "
        f"{html.escape(s.context.market.value)}, {html.escape(s.context.channel.value)} · "
        f"{s.level_label} · {french_number(s.total_hours)}\u00a0h · blocs {html.escape(blocks)} · "
        f"compétences {html.escape(', '.join(s.competences))}</div>"
        f'<p style="white-space:pre-line">{html.escape(proposal.explanation)}</p>'
    )


class ComposerTab(Tab):
    title = "Composer"
    key = "composer"

    def build(self) -> None:
        state = self.state
        self.proposals: list = []
        self.variants: dict = {}
        self.constraints = ConstraintsForm()
        self.constraints.rebuild(state.referential)
        state.on_referential_change(lambda: self.constraints.rebuild(state.referential))
        self.propose_button = button("Proposer", "proposer", "lightbulb-o", "primary")
        self.propose_button.on_click(lambda _: self.propose())
        self.proposal_box = w.VBox()
        self.proposal_box.add_class("spirale-propositions")

        self.form = ScenarioForm(on_change=self.edited)
        self.work = UnsavedWork(state, data=self.form.data, resume=self.open)
        self.preview = Preview()
        self.save_button = button("Enregistrer", "enregistrer", "save", "success")
        self.save_button.add_class(SAVE_SHORTCUT_CLASS)
        self.save_button.on_click(lambda _: self.save())
        self.format = w.Dropdown(options=export_choices("scenario"), value="pdf", layout=w.Layout(width="300px"))
        self.format.add_class("spirale-format")
        self.export_button = button("Exporter", "exporter", "download")
        self.export_button.on_click(lambda _: self.export())
        self.decline_button = button("Décliner en spirale", "decliner", "signal")
        self.decline_button.on_click(lambda _: self.decline())
        self.download = w.HTML()
        self.download.add_class("spirale-lien-export")
        self.variant_box = w.HBox()
        self.variant_box.add_class("spirale-variantes")
        actions = w.HBox([self.save_button, self.format, self.export_button, self.decline_button, self.download])
        self.editor = w.VBox(
            [
                self.work.offer_box,
                actions,
                self.work.status,
                w.HBox(
                    [
                        w.Box([self.form.widget], layout=w.Layout(width="50%")),
                        w.Box([self.preview.widget], layout=w.Layout(width="50%")),
                    ]
                ),
                self.variant_box,
            ],
            layout=w.Layout(display="none"),
        )
        self.editor.add_class("spirale-editeur")
        self.widget = w.VBox(
            [
                w.HTML("<h3>1. Contraintes</h3>"),
                self.constraints.widget,
                self.propose_button,
                w.HTML("<h3>2. Propositions</h3>"),
                self.proposal_box,
                w.HTML("<h3>3. Situation choisie</h3>"),
                self.editor,
            ]
        )

    # --- propose and choose ---------------------------------------------------------------------------
    def propose(self) -> None:
        from ..services.proposals import propose

        with self.state.guard("Proposition"):
            self.propose_button.disabled = True
            self.proposal_box.children = [w.HTML("<i>Recherche de situations…</i>")]
            self.proposals = []
            try:
                self.proposals = propose(
                    self.state.referential,
                    self.constraints.level.value,
                    self.constraints.count.value,
                    **self.constraints.kwargs(),
                )
            finally:
                self.propose_button.disabled = False
                self.proposal_box.children = [self._card(i, p) for i, p in enumerate(self.proposals)]
            self.state.notify(f"{len(self.proposals)} proposition(s) : lisez les explications, puis « Choisir ».")

    def _card(self, index: int, proposal) -> w.Widget:
        choose = button("Choisir", "choisir", "check")
        choose.on_click(lambda _: self.choose(index))
        card = w.VBox([w.HTML(proposal_card_html(proposal)), choose])
        card.add_class("spirale-carte")
        card.add_class("spirale-proposition")
        return card

    def choose(self, index: int) -> None:
        with self.state.guard("Choix"):
            self.open(self.proposals[index].scenario)
            self.state.notify("Situation reprise dans le formulaire : modifiez-la puis enregistrez-la.")

    def open(self, doc) -> None:
        """Show `doc` (a document, or a draft's plain data) in the form; offers its draft when it has one."""
        self.form.load(doc)
        self.download.value = ""
        self.variant_box.children = []
        self.editor.layout.display = "flex"
        self.refresh_preview()
        self.work.opened(doc)
        self.reveal()

    def reveal(self) -> None:
        """Scroll to the form just filled (after *Choisir*, or *Ouvrir* from the bank)."""
        self.form.focus()

    def edited(self) -> None:
        self.refresh_preview()
        self.work.changed()

    # --- preview, save, export ------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        try:
            self.preview.show_document(self.form.value())
        except SpiraleError as exc:
            self.preview.show_problem(str(exc))

    def save(self):
        """Save the form; a refused save keeps the form as typed (and the bank keeps a conflict copy)."""
        with self.state.guard("Enregistrement"):
            saved = self.state.save_document(self.form.value())
            if saved is not None:
                self.form.set_revision(saved)
                self.work.saved(saved)
            return saved
        return None

    def export(self) -> Path | None:
        self.download.value = ""
        with self.state.guard("Export"):
            path, self.download.value = self.state.export_document(self.form.value(), self.format.value)
            return path
        return None

    # --- spiral ---------------------------------------------------------------------------------------
    def decline(self) -> None:
        from ..services.proposals import decline

        with self.state.guard("Déclinaison en spirale"):
            self.variants = decline(self.form.value())
            columns = []
            for level, variant in self.variants.items():
                preview = Preview(height="600px", name=f"variante-{level}")
                preview.show_document(variant)
                take = button(f"Reprendre la version {variant.level_label}", f"reprendre-{level}", "pencil")
                take.on_click(lambda _, v=variant: self.open(v))
                columns.append(
                    w.VBox(
                        [
                            w.HTML(f"<h4>{variant.level_label} — {french_number(variant.total_hours)}\u00a0h</h4>"),
                            take,
                            preview.widget,
                        ],
                        layout=w.Layout(width=f"{100 // len(self.variants)}%"),
                    )
                )
            self.variant_box.children = columns
            labels = ", ".join(v.level_label for v in self.variants.values())
            self.state.notify(f"Déclinaison côte à côte ({labels}) : reprenez la version de votre choix.")
