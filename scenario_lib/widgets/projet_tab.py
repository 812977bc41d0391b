"""Chef-d'œuvre / projet tab: scenarios feeding the project, *Proposer*, edit theme and weeks, save, export."""

from __future__ import annotations

import ipywidgets as w

from ..errors import SpiraleError
from .cointervention_tab import PlanTab, _area


def weeks_text(year) -> str:
    """Editable lines « semaine | heures | activité » for the year's class weeks."""
    return "\n".join(f"{wk.number} | {wk.hours:g} | {wk.activity}" for wk in year.weeks if wk.kind == "cours")


def parse_weeks(text: str, year: dict) -> list[dict]:
    """Apply the edited lines to the year's class weeks; a malformed line or a PFMP / holiday week is named in French."""
    weeks = {wk["number"]: dict(wk) for wk in year["weeks"]}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|", 2)]
        try:
            week, hours = int(parts[0]), float(parts[1].replace(",", "."))
        except (ValueError, IndexError):
            raise SpiraleError(f"ligne {number} « {line.strip()[:60]} » : écrivez « semaine | heures | activité »") from None
        if week not in weeks:
            raise SpiraleError(f"ligne {number} : la semaine {week} n'existe pas dans le calendrier")
        if weeks[week]["kind"] != "cours":
            when = "la PFMP" if weeks[week]["kind"] == "pfmp" else "les vacances"
            raise SpiraleError(f"ligne {number} « {line.strip()[:60]} » : la semaine {week} tombe pendant {when}, "
                               "le projet se place sur une semaine de cours")
        weeks[week].update(hours=hours, activity=parts[2] if len(parts) > 2 else "")
    return list(weeks.values())


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
        from ..planning.projet import propose_project

        scenarios = [self.state.bank.get(i) for i in self.scenarios.value]
        return propose_project(self.state.referential_name, self.school_year.value.strip(), scenarios,
                               kind=self.kind.value)

    def show(self, plan) -> None:
        self.title_field = w.Text(value=plan.title, description="Titre", layout=w.Layout(width="98%"))
        self.theme = _area("Thème", plan.theme)
        self.realisation = _area("Réalisation", plan.realisation)
        self.week_fields = [_area(f"{year.label} (semaine | heures | activité)", weeks_text(year), 12)
                            for year in plan.years]
        for field in [self.theme, *self.week_fields]:
            field.observe(lambda _: self.show_report(), "value")
        self.editor.children = [self.title_field, self.theme, self.realisation, *self.week_fields]

    def edited(self) -> dict:
        years = self.plan.model_dump(mode="json")["years"]
        for year, field in zip(years, self.week_fields):
            year["weeks"] = parse_weeks(field.value, year)
        return {"title": self.title_field.value, "theme": self.theme.value, "realisation": self.realisation.value,
                "years": years}

    def check(self, plan):
        from ..planning.projet import check_project

        return check_project(plan)
