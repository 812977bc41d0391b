"""Chef-d'œuvre / projet tab: scenarios feeding the project, *Proposer*, edit theme and weeks, save, export."""

from __future__ import annotations

import ipywidgets as w

from ..services import plans
from .cointervention_tab import PlanTab, _area


class ProjetTab(PlanTab):
    title = "Chef-d'œuvre / projet"
    doc_type = "projet"
    key = "projet"

    def __init__(self, state):
        super().__init__(state)
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
        return plans.propose_project(self.state.bank, self.state.referential_name, self.school_year.value.strip(),
                                     self.scenarios.value, kind=self.kind.value)

    def show(self, plan) -> None:
        self.title_field = w.Text(value=plan.title, description="Titre", layout=w.Layout(width="98%"))
        self.theme = _area("Thème", plan.theme)
        self.realisation = _area("Réalisation", plan.realisation)
        self.week_fields = [_area(f"{year.label} (semaine | heures | activité)", plans.week_lines(year), 12)
                            for year in plan.years]
        for field in [self.theme, *self.week_fields]:
            field.observe(lambda _: self.show_report(), "value")
        self.editor.children = [self.title_field, self.theme, self.realisation, *self.week_fields]

    def edited(self) -> dict:
        years = self.plan.model_dump(mode="json")["years"]
        for year, field in zip(years, self.week_fields):
            year["weeks"] = plans.apply_week_lines(field.value, year)
        return {"title": self.title_field.value, "theme": self.theme.value, "realisation": self.realisation.value,
                "years": years}
