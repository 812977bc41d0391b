"""The proposer's constraints as a form: level, blocks, competences to include or exclude, context, hours."""

from __future__ import annotations

import ipywidgets as w

from ..errors import SpiraleError
from ..scenario import Channel, Market
from ..services.documents import level_choices
from .scenario_form import hours_field, read_hours

ANY = "indifférent"


def _styled(widget: w.Widget, name: str) -> w.Widget:
    widget.style.description_width = "170px"
    widget.add_class(f"spirale-contrainte-{name}")
    return widget


class ConstraintsForm:
    """`rebuild(ref)` when the referential changes; `kwargs()` gives the keyword arguments of `propose`."""

    def __init__(self):
        self.level = _styled(w.Dropdown(description="Niveau"), "niveau")
        self.blocks = _styled(
            w.SelectMultiple(description="Blocs à croiser", rows=4, layout=w.Layout(width="520px")), "blocs"
        )
        self.include = _styled(
            w.SelectMultiple(description="Compétences à inclure", rows=6, layout=w.Layout(width="560px")), "inclure"
        )
        self.exclude = _styled(
            w.SelectMultiple(description="Compétences à exclure", rows=6, layout=w.Layout(width="560px")), "exclure"
        )
        self.sector = _styled(
            w.Text(
                description="Secteur",
                placeholder="ex. : sport, jardinerie (facultatif)",
                layout=w.Layout(width="520px"),
            ),
            "secteur",
        )
        self.market = _styled(
            w.ToggleButtons(description="Marché", options=[ANY, *(m.value for m in Market)]), "marche"
        )
        self.channel = _styled(w.Dropdown(description="Canal", options=[ANY, *(c.value for c in Channel)]), "canal")
        self.hours = _styled(
            hours_field(
                description="Durée visée (h)",
                placeholder="libre (ex. 12 ou 10,5)",
                tooltip="Durée totale visée en heures ; laissez vide pour une durée libre",
            ),
            "heures",
        )
        self.count = _styled(w.BoundedIntText(description="Nombre de propositions", value=3, min=1, max=10), "nombre")
        self.widget = w.HBox(
            [
                w.VBox([self.level, self.blocks, self.sector, self.market, self.channel, self.hours, self.count]),
                w.VBox([self.include, self.exclude]),
            ]
        )

    def rebuild(self, ref) -> None:
        self.level.options = level_choices(ref)
        self.level.value = ref.levels[0].code
        self.blocks.options = [(b.label, b.code) for b in ref.teaching_blocks]
        competences = [(c.label[:90], c.code) for c in ref.competences]
        self.include.options = competences
        self.exclude.options = competences

    def kwargs(self) -> dict:
        """Only the constraints the teacher set: an unset one leaves the proposer free."""
        chosen = {
            "blocks_required": list(self.blocks.value),
            "competences_required": list(self.include.value),
            "competences_excluded": list(self.exclude.value),
            "sector": self.sector.value.strip(),
            "market": None if self.market.value == ANY else self.market.value,
            "channel": None if self.channel.value == ANY else self.channel.value,
            "hours": read_hours(self.hours.value) if self.hours.value.strip() else None,
        }
        if isinstance(chosen["hours"], str):
            raise SpiraleError(f"durée visée : « {chosen['hours']} » n'est pas un nombre d'heures (ex. 12 ou 10,5)")
        return {k: v for k, v in chosen.items() if v}
