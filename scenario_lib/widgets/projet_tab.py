"""Chef-d'œuvre / projet tab: scenarios feeding the project, *Proposer*, edit theme and weeks, save, export."""

from __future__ import annotations

import html

import ipywidgets as w

from ..errors import SpiraleError
from ..services import plans
from .cointervention_tab import PlanTab, _area
from .scenario_form import hours_field, read_hours


class WeekTable:
    """A year's class weeks as a table (week, hours, activity): only class weeks can be edited at all."""

    def __init__(self, year):
        self.year = year
        self.rows = {}
        cells = [w.HTML(f"<b>{h}</b>") for h in ("Semaine", "Heures", "Activité")]
        for wk in year.weeks:
            if wk.kind != "cours":
                continue
            hours = hours_field(
                wk.hours,
                tooltip=f"Heures de projet en semaine {wk.number} (virgule acceptée)",
                layout=w.Layout(width="auto"),
            )
            activity = w.Text(
                value=wk.activity,
                placeholder="activité de la semaine",
                tooltip=f"Ce que font les élèves en semaine {wk.number}",
                layout=w.Layout(width="auto"),
            )
            self.rows[wk.number] = (hours, activity)
            cells += [w.HTML(f"{wk.number}"), hours, activity]
        self.widget = w.VBox(
            [
                w.HTML(f"<h4>{html.escape(year.label)}</h4>"),
                w.GridBox(
                    cells,
                    layout=w.Layout(
                        grid_template_columns="6em 7em minmax(12em, 1fr)", grid_gap="2px 8px", width="100%"
                    ),
                ),
            ]
        )
        self.widget.layout.flex = "1 1 420px"
        self.widget.add_class("spirale-projet-semaines")

    def observe(self, callback) -> None:
        for hours, activity in self.rows.values():
            hours.observe(callback, "value")
            activity.observe(callback, "value")

    def weeks(self, year: dict) -> list[dict]:
        """The year's weeks with the edited hours and activities; a wrong number of hours is named in French."""
        weeks = []
        for wk in year["weeks"]:
            if wk["number"] in self.rows:
                hours, activity = self.rows[wk["number"]]
                value = read_hours(hours.value)
                if isinstance(value, str):
                    raise SpiraleError(
                        f"{self.year.label}, semaine {wk['number']} : « {value} » n'est pas un "
                        "nombre d'heures (ex. 1,5)"
                    )
                wk = {**wk, "hours": value, "activity": activity.value}
            weeks.append(wk)
        return weeks


class ProjetTab(PlanTab):
    title = "Chef-d'œuvre / projet"
    doc_type = "projet"
    key = "projet"

    def build(self) -> None:
        super().build()
        self.scenarios = w.SelectMultiple(description="Scénarios", rows=4, layout=w.Layout(width="420px"))
        self.kind = w.ToggleButtons(options=[("Collectif", "collectif"), ("Individuel", "individuel")])
        self.scenarios.add_class("spirale-projet-scenarios")
        self.school_year.description = "Année de 1re"
        self.layout([self.scenarios, self.kind])

    def refresh_scenarios(self) -> None:
        with self.state.guard("Liste des scénarios"):
            chosen = self.scenarios.value
            self.scenarios.options = self.scenario_options()
            self.scenarios.value = tuple(v for v in chosen if v in {o[1] for o in self.scenarios.options})

    def propose(self):
        return plans.propose_project(
            self.state.bank,
            self.state.referential_name,
            self.school_year.value.strip(),
            self.scenarios.value,
            kind=self.kind.value,
        )

    def show(self, plan) -> None:
        self.title_field = w.Text(value=plan.title, description="Titre", layout=w.Layout(width="98%"))
        self.theme = _area("Thème", plan.theme)
        self.realisation = _area("Réalisation", plan.realisation)
        self.week_fields = [WeekTable(year) for year in plan.years]
        for field in (self.title_field, self.theme, self.realisation):
            field.observe(lambda _: self.edited_field(), "value")
        for table in self.week_fields:
            table.observe(lambda _: self.edited_field())
        self.editor.children = [
            self.title_field,
            self.theme,
            self.realisation,
            w.HBox([t.widget for t in self.week_fields], layout=w.Layout(flex_flow="row wrap", grid_gap="24px")),
        ]

    def edited(self) -> dict:
        years = self.plan.model_dump(mode="json")["years"]
        for year, field in zip(years, self.week_fields):
            year["weeks"] = field.weeks(year)
        return {
            "title": self.title_field.value,
            "theme": self.theme.value,
            "realisation": self.realisation.value,
            "years": years,
        }
