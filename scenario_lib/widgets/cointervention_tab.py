"""Co-intervention tab: choose a scenario, the task of the situation and a discipline, *Proposer*, edit each
phase and the programme's capacities, save, export.

`PlanTab` holds what the co-intervention and projet tabs share: the scenario picker, the school year, the
hours check shown after every change, saving with revisions and exports as download links.
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from pathlib import Path
from typing import get_args

import ipywidgets as w

from ..document import parse_document
from ..services import plans
from ..services.documents import export_choices, level_label
from .base import SAVE_SHORTCUT_CLASS, Tab, UnsavedWork, button

ERROR_COLOUR = "#b00020"


def _area(label: str, value: str = "", rows: int = 2) -> w.Textarea:
    return w.Textarea(
        value=value, description=label, rows=rows, layout=w.Layout(width="98%"), style={"description_width": "170px"}
    )


class PlanTab(Tab, ABC):
    """Shared skeleton; subclasses define `doc_type`, `top` widgets, `propose()`, `show(plan)`, `edited()`."""

    doc_type = ""

    def build(self) -> None:
        state = self.state
        from ..planning.cointervention import current_school_year

        self.plan = None
        self.school_year = w.Text(value=current_school_year(), description="Année scolaire")
        self.propose_button = button("Proposer", "proposer", "magic", "primary")
        self.save_button = button("Enregistrer", "enregistrer", "save", "success")
        self.save_button.add_class(SAVE_SHORTCUT_CLASS)  # Ctrl+S
        self.format = w.Dropdown(options=export_choices(self.doc_type), value="pdf", description="Format")
        self.format.observe(lambda _: self.clear_download(), "value")
        self.export_button = button("Exporter", "exporter", "download")
        self.download = w.HTML()
        self.report = w.HTML()
        self.editor = w.VBox()
        self.work = UnsavedWork(state, data=self.draft_data, resume=lambda data: self.open(parse_document(data)))
        self.propose_button.on_click(lambda _: self.on_propose())
        self.save_button.on_click(lambda _: self.save())
        self.export_button.on_click(lambda _: self.export())
        state.on_bank_change(self.refresh_scenarios)

    def layout(self, top: list[w.Widget]) -> None:
        actions = w.HBox([self.save_button, self.format, self.export_button, self.download])
        self.widget = w.VBox(
            [
                w.HBox([*top, self.school_year, self.propose_button]),
                self.work.offer_box,
                self.report,
                self.editor,
                actions,
                self.work.status,
            ]
        )
        self.refresh_scenarios()

    def scenario_options(self) -> list[tuple[str, str]]:
        ref = self.state.referential
        return [(f"{e.title} ({level_label(ref, e.level)})", e.id) for e in self.state.bank.list(doc_type="scenario")]

    @abstractmethod
    def refresh_scenarios(self) -> None:
        """Reload the bank's situations into this tab's picker."""

    def on_propose(self):
        with self.state.guard("Proposition"):
            self.open(self.propose())
            self.state.notify(f"Plan proposé : « {self.plan.title} ». Modifiez-le puis enregistrez.", "succes")
            return self.plan
        return None

    def open(self, doc) -> None:
        self.plan = doc
        self.clear_download()
        self.show(doc)
        self.show_report()
        self.work.opened(doc)

    def edited_field(self) -> None:
        """A field changed: check the hours again, and keep a draft soon."""
        self.show_report()
        self.work.changed()

    def draft_data(self) -> dict:
        """The plan as typed, for its draft (validated again only when saved or resumed)."""
        return {**self.plan.model_dump(mode="json"), **self.edited()}

    def clear_download(self) -> None:
        """A link is only offered for the plan and format on screen: a new plan or format drops the old file."""
        self.download.value = ""

    def value(self):
        """The plan as edited, validated again (French messages on any bad field)."""
        return plans.edit_plan(self.plan, self.edited() if self.plan is not None else {})

    def show_report(self):
        """Show the hours check of the plan as edited; an invalid field replaces it (never a stale report)."""
        from ..errors import SpiraleError

        with self.state.guard("Vérification des heures"):
            try:
                report = plans.check_plan(self.state.bank, self.value())
            except SpiraleError as exc:
                self.report.value = (
                    f'<p class="spirale-heures" style="color:{ERROR_COLOUR}">{html.escape(str(exc))}</p>'
                )
                raise
            colour = "#1e7b34" if report.ok else ERROR_COLOUR
            items = "".join(f"<li>{html.escape(m)}</li>" for m in report.messages)
            self.report.value = f'<ul class="spirale-heures" style="color:{colour}">{items}</ul>'
            return report
        return None

    def save(self):
        from ..bank import ConflictError
        from ..services.documents import refused_message

        with self.state.guard("Enregistrement"):
            try:
                saved, report, text = plans.save_plan(self.state.bank, self.value())
            except ConflictError as exc:
                self.state.notify(refused_message(exc), "erreur")
                return None
            self.plan = saved
            self.show_report()
            self.work.saved(saved)
            self.state.drafts.discard(saved.id)
            self.state.notify(text, "succes" if report.ok else "erreur")
            self.state.bank_changed()
            return saved
        return None

    def export(self) -> Path | None:
        with self.state.guard("Export"):
            path, self.download.value = self.state.export_document(self.value(), self.format.value)
            return path
        return None


class CoInterventionTab(PlanTab):
    title = "Co-intervention"
    doc_type = "cointervention"
    key = "cointervention"

    def build(self) -> None:
        super().build()
        self.scenario = w.Dropdown(description="Scénario", layout=w.Layout(width="420px"))
        self.task = w.Dropdown(description="Tâche", options=[], layout=w.Layout(width="420px"))
        self.discipline = w.ToggleButtons(options=[("Français", "francais"), ("Mathématiques", "mathematiques")])
        self.scenario.add_class("spirale-coint-scenario")
        self.task.add_class("spirale-coint-tache")
        self.discipline.add_class("spirale-coint-discipline")
        self.scenario.observe(lambda _: self.refresh_tasks(), "value")
        self.layout([self.scenario, self.task, self.discipline])

    def refresh_scenarios(self) -> None:
        with self.state.guard("Liste des scénarios"):
            options = self.scenario_options()
            current = self.scenario.value
            self.scenario.options = options
            if current in dict((v, k) for k, v in options):
                self.scenario.value = current
            self.refresh_tasks()

    def refresh_tasks(self) -> None:
        """The chosen situation's tasks by title; first entry: the automatic choice, with its reason."""
        from ..planning.cointervention import default_task, task_options

        with self.state.guard("Liste des tâches"):
            if not self.scenario.value:
                self.task.options = []
                return
            scenario = self.state.bank.get(self.scenario.value)
            _, why = default_task(scenario)
            self.task.options = [(f"Automatique — {why}", 0)] + [
                (f"{n}. {title}", n) for n, title in task_options(scenario)
            ]
            self.task.value = 0

    def propose(self):
        return plans.propose_cointervention(
            self.state.bank, self.scenario.value, self.discipline.value, self.school_year.value.strip(), self.task.value
        )

    def show(self, plan) -> None:
        from ..planning.cointervention import LEAD_LABELS, CoTeachingMode

        self.title_field = w.Text(value=plan.title, description="Titre", layout=w.Layout(width="98%"))
        self.objective = _area("Objectif partagé", plan.objective, 3)
        self.objective.add_class("spirale-coint-objectif")
        programme = plan.programme
        caps = "".join(f"<li>{html.escape(c.title)} <em>({html.escape(c.origin)})</em></li>" for c in plan.capacities)
        self.summary = w.HTML(
            f"<p><strong>Tâche travaillée :</strong> {html.escape(plan.task)} ({html.escape(plan.task_choice)})</p>"
            f"<p><strong>Capacités de {html.escape(plan.discipline_label.lower())} en {html.escape(plan.level_label)}"
            f" :</strong></p><ul>{caps}</ul><p class='muted'>{html.escape(programme['note'])}</p>"
        )
        self.summary.add_class("spirale-coint-resume")
        self.programme = _area("Capacités du programme", plan.programme_capacities, 2)
        self.programme.placeholder = programme["text"] if not plan.programme_capacities else ""
        self.programme.observe(lambda _: self.edited_field(), "value")
        self.phase_fields = []
        rows = []
        for number, phase in enumerate(plan.phases, 1):
            fields = {
                "title": w.Text(value=phase.title, description=f"Phase {number}", layout=w.Layout(width="60%")),
                "minutes": w.BoundedIntText(value=phase.minutes, min=5, max=600, description="Minutes"),
                "lead": w.Dropdown(
                    options=[(v, k) for k, v in LEAD_LABELS.items()], value=phase.lead, description="Pilote"
                ),
                "mode": w.Dropdown(options=list(get_args(CoTeachingMode)), value=phase.mode, description="Mode"),
                "role_professional": _area("Enseignant de vente", phase.role_professional),
                "role_general": _area(f"Enseignant de {plan.discipline_label.lower()}", phase.role_general),
                "students": _area("Élèves", phase.students),
            }
            for field in fields.values():
                field.observe(lambda _: self.edited_field(), "value")
            self.phase_fields.append(fields)
            rows.append(
                w.VBox(
                    [
                        w.HBox([fields["title"], fields["minutes"]]),
                        w.HBox([fields["lead"], fields["mode"]]),
                        fields["role_professional"],
                        fields["role_general"],
                        fields["students"],
                    ],
                    layout=w.Layout(border="1px solid #ccc", padding="4px", margin="4px 0"),
                )
            )
        self.title_field.observe(lambda _: self.edited_field(), "value")
        self.objective.observe(lambda _: self.edited_field(), "value")
        self.editor.children = [self.title_field, self.summary, self.programme, self.objective, *rows]

    def edited(self) -> dict:
        return {
            "title": self.title_field.value,
            "objective": self.objective.value,
            "programme_capacities": self.programme.value,
            "phases": [{key: f.value for key, f in fields.items()} for fields in self.phase_fields],
        }
