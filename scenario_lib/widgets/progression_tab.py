"""Progression tab: create or open a class's progression, place bank situations on weeks, see the problems,
the calendar and the coverage heat map, complete it with HiGHS, save and export it.

« Compléter » only shows what it would add (`services.progressions.complete`); nothing reaches the bank until
« Ajouter à la banque et placer » (`apply_completion`); « Annuler » leaves the bank and the progression as they were.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..document import document_label, parse_document
from ..errors import SpiraleError
from ..services import progressions
from ..services.documents import export_choices, level_label
from ..text import french_number
from .base import SAVE_SHORTCUT_CLASS, Tab, UnsavedWork, button

WEEK_KINDS = {"cours": "cours", "vacances": "vacances", "pfmp": "PFMP"}
VIEW_CSS = (
    "<style>.spirale-progression-vues table{border-collapse:collapse;font-size:11px;margin:4px 0}"
    ".spirale-progression-vues td,.spirale-progression-vues th{border:1px solid #999;padding:1px 3px}"
    ".spirale-progression-vues td.sem{text-align:center;min-width:14px}</style>"
)


def _button(text: str, icon: str, name: str, action) -> w.Button:
    widget = button(text, f"progression-{name}", icon)
    widget.on_click(lambda _: action())
    return widget


class ProgressionTab(Tab):
    title = "Progression"
    key = "progression"

    def build(self) -> None:
        state = self.state
        self.progression = None
        self.proposal = None  # the Completion shown in the confirmation area, not applied yet
        self.choice = w.Dropdown(description="Progression", options=[], layout=w.Layout(width="420px"))
        self.class_name = w.Text(description="Classe", placeholder="ex. 2nde MCV B")
        self.pfmp_rule = w.Dropdown(description="Règle PFMP", options=[], layout=w.Layout(width="420px"))
        self.class_name.add_class("spirale-progression-classe")
        self.start = w.DatePicker(description="Rentrée (2nde)", style={"description_width": "initial"})
        self.scenario = w.Dropdown(description="Situation", options=[], layout=w.Layout(width="420px"))
        self.year = w.Dropdown(description="Année", options=[], layout=w.Layout(width="190px"))
        self.week = w.Dropdown(description="Semaine", options=[], layout=w.Layout(width="260px"))
        self.slot = w.Dropdown(description="Créneau", options=[], layout=w.Layout(width="300px"))
        self.fmt = w.Dropdown(description="Format", options=export_choices("progression"), value="xlsx")
        self.year.observe(lambda _: self._fill_weeks(), "value")
        self.view_year = w.ToggleButtons(options=[], style={"button_width": "110px"})
        self.view_year.observe(lambda _: self.show(), "value")
        self.header = w.HTML()
        self.problems = w.HTML()
        self.views = w.HTML()
        self.download = w.HTML()
        self.additions = w.HTML()
        for name, widget in (
            ("problemes", self.problems),
            ("vues", self.views),
            ("entete", self.header),
            ("telechargement", self.download),
            ("ajouts", self.additions),
        ):
            widget.add_class(f"spirale-progression-{name}")
        self.buttons = {
            "ouvrir": _button("Ouvrir", "folder-open", "ouvrir", self.open_selected),
            "creer": _button("Créer", "plus", "creer", self.create),
            "placer": _button("Placer", "calendar-plus-o", "placer", self.place),
            "completer": _button("Compléter", "magic", "completer", self.complete),
            "enregistrer": _button("Enregistrer", "save", "enregistrer", self.save),
            "exporter": _button("Exporter", "download", "exporter", self.export),
            "confirmer": _button("Ajouter à la banque et placer", "check", "confirmer", self.confirm),
            "annuler": _button("Annuler", "times", "annuler", self.cancel),
        }
        b = self.buttons
        b["enregistrer"].add_class(SAVE_SHORTCUT_CLASS)  # Ctrl+S
        self.work = UnsavedWork(
            state,
            data=lambda: self.progression.model_dump(mode="json"),
            resume=lambda data: self.open(parse_document(data)),
        )
        self.confirmation = w.VBox(
            [self.additions, w.HBox([b["confirmer"], b["annuler"]])],
            layout=w.Layout(display="none", border="1px solid #999", padding="4px"),
        )
        self.confirmation.add_class("spirale-progression-confirmation")
        self.widget = w.VBox(
            [
                w.HBox([self.choice, b["ouvrir"]]),
                w.HBox([self.class_name, self.pfmp_rule, self.start, b["creer"]]),
                self.work.offer_box,
                self.header,
                self.work.status,
                w.HBox([self.scenario, self.year, self.week, self.slot, b["placer"]]),
                w.HBox([b["completer"], b["enregistrer"], self.fmt, b["exporter"]]),
                self.confirmation,
                self.download,
                self.problems,
                self.view_year,
                self.views,
            ]
        )
        state.on_bank_change(self.refresh)
        self.refresh()

    # --- lists ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from ..planning.calendar import pfmp_rule_sets
        from ..planning.progression import SLOTS

        with self.state.guard("Lecture de la banque"):
            ref = self.state.referential
            bank = self.state.bank
            self.choice.options = [(e.title, e.id) for e in bank.list(doc_type="progression")]
            rules = pfmp_rule_sets(ref)
            self.pfmp_rule.options = [("aucune", "")] + [(ref.pfmp_rule_title(r), r) for r in rules]
            self.pfmp_rule.value = rules[0] if rules else ""
            self.scenario.options = [
                (f"{e.title} ({document_label(e.doc_type)}, {level_label(ref, e.level)})", e.id)
                for e in progressions.placeable_entries(bank, ref)
            ]
            self.slot.options = [("selon le document", "")] + [(label, key) for key, label in SLOTS.items()]

    def _fill_weeks(self) -> None:
        if self.progression is None or not self.year.value:
            self.week.options = []
            return
        year = self.progression.year(self.year.value)
        self.week.options = [
            (f"{wk.number} ({wk.label or WEEK_KINDS[wk.kind]})" if wk.kind != "cours" else str(wk.number), wk.number)
            for wk in year.weeks
        ]

    # --- actions -------------------------------------------------------------------------------------
    def open(self, doc) -> None:
        self.progression = doc
        self._close_proposal()
        ref = self.state.referential
        levels = [(level_label(ref, y.level), y.level) for y in doc.years]
        self.year.options = levels
        self.view_year.options = levels
        self._fill_weeks()
        self.show()
        self.work.opened(doc)

    def open_selected(self) -> None:
        if not self.choice.value:
            self.state.notify("Choisissez d'abord une progression, ou créez-en une.", "erreur")
            return
        with self.state.guard("Ouverture"):
            self.open(self.state.read(self.choice.value))

    def create(self) -> None:
        with self.state.guard("Création"):
            self.open(
                progressions.create_progression(
                    self.state.referential.id,
                    self.class_name.value,
                    self.pfmp_rule.value,
                    first_monday=self.start.value,
                )
            )
            self.state.notify(f"Progression « {self.progression.title} » créée (pas encore enregistrée).", "succes")

    def _require(self):
        if self.progression is None:
            raise SpiraleError("ouvrez ou créez d'abord une progression")
        return self.progression

    def place(self) -> None:
        with self.state.guard("Placement"):
            prog = self._require()
            self.progression = progressions.place(
                self.state.bank, prog, self.scenario.value, self.year.value, self.week.value, self.slot.value
            )
            placement = self.progression.placements[-1]
            self._close_proposal()  # computed on the progression before this placement
            self.show()
            self.work.changed()
            self.state.notify(progressions.placed_message(self.state.referential, placement), "succes")

    def complete(self) -> None:
        """Show the proposed additions; nothing is placed or saved until the teachers confirm."""
        with self.state.guard("Compléter"):
            prog = self._require()
            result = progressions.complete(self.state.bank, prog, self.state.referential)
            self.proposal = result
            new = [a for a in result.additions if a.new]
            items = "".join(f"<li>{html.escape(str(a))}</li>" for a in result.additions)
            notes = "".join(f"<li>{html.escape(n)}</li>" for n in result.notes)
            reasons = "".join(f"<li>{html.escape(r)}</li>" for r in result.reasons)
            self.additions.value = (
                f"<h4>Compléter : {len(result.additions)} situation(s) à placer, dont {len(new)} nouvelle(s) "
                f"à ajouter à la banque</h4><ul class='ajouts'>{items or '<li>aucune</li>'}</ul>"
                + (f"<p>Ce qui ne peut pas être respecté :</p><ul>{reasons}</ul>" if reasons else "")
                + (f"<p class='muted'>Notes :</p><ul>{notes}</ul>" if notes else "")
                + "<p>Rien n'est encore enregistré : « Ajouter à la banque et placer » enregistre la progression "
                "et ces situations, « Annuler » ne change rien.</p>"
            )
            self.confirmation.layout.display = "flex"
            self.state.notify(
                f"{len(result.additions)} situation(s) proposée(s) en {french_number(round(result.seconds, 1))}\u00a0s : "
                "vérifiez la liste puis confirmez ou annulez.",
                "succes" if result.feasible else "erreur",
            )

    def _close_proposal(self) -> None:
        self.proposal = None
        self.additions.value = ""
        self.confirmation.layout.display = "none"

    def confirm(self) -> None:
        with self.state.guard("Ajout à la banque"):
            if self.proposal is None:
                raise SpiraleError("cliquez d'abord sur « Compléter »")
            result = self.proposal
            saved = progressions.apply_completion(result, self.state.bank)
            self._close_proposal()
            self.progression = saved
            self._saved(saved)
            self.state.bank_changed()
            self.choice.value = saved.id
            self.show()
            self.state.notify(progressions.completion_message(result, saved), "succes")

    def cancel(self) -> None:
        self._close_proposal()
        self.state.notify("Proposition annulée : rien n'a été ajouté à la banque.", "succes")

    def save(self) -> None:
        with self.state.guard("Enregistrement"):
            prog = self._require()
            saved = self.state.bank.save(prog)
            self.progression = saved
            self._saved(saved)
            self.state.bank_changed()
            self.choice.value = self.progression.id
            self.state.notify(
                f"« {self.progression.title} » enregistrée (révision {self.progression.revision}).", "succes"
            )

    def _saved(self, saved) -> None:
        self.work.saved(saved)
        self.state.drafts.discard(saved.id)

    def export(self) -> None:
        with self.state.guard("Export"):
            _, self.download.value = self.state.export_document(self._require(), self.fmt.value)

    # --- display -------------------------------------------------------------------------------------
    def show(self) -> None:
        from ..planning.progression_views import progression_views
        from ..render.environment import get_template

        prog = self.progression
        if prog is None:
            return
        views = progression_views(prog, self.state.referential)
        macros = get_template("progression", "_vues").module
        self.header.value = (
            f"<h3>{html.escape(prog.title)}</h3><p>Classe : {html.escape(prog.class_name)} — "
            f"règle de PFMP : {html.escape(self.state.referential.pfmp_rule_title(prog.pfmp_rule))} — "
            f"{len(prog.placements)} situation(s) placée(s)</p>"
        )
        self.problems.value = f"<h4>Contrôle</h4>{macros.problems(views.analysis)}"
        year = next((y for y in views.years if y.level == self.view_year.value), views.years[0])
        self.views.value = (
            f"{VIEW_CSS}<div class='spirale-progression-vues'><h4>{year.label} : calendrier</h4>"
            f"{macros.gantt(year)}<h4>{year.label} : compétences × situations</h4>"
            f"{macros.heatmap(year, views.columns[year.level])}"
            f"<h4>Couverture sur le cycle</h4>{macros.cycle(views)}</div>"
        )
