"""The editable form of a whole scenario: every field a widget, `data()` back to plain data for validation.

No rule lives here: the form only maps widgets ↔ the scenario's fields; `parse_scenario` validates (in French).
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..referential import load_referential
from ..scenario import Channel, Market, Modality, parse_scenario
from ..services.documents import level_choices
from ..services.proposals import decloisonnement
from ..text import french_number, parse_french_number

_WIDE = w.Layout(width="98%")
_KEEP = ("doc_type", "schema_version", "id", "revision", "updated", "referential", "archetype", "gradation", "incident")


def _text(label: str, name: str, area: bool = False, rows: int = 3) -> w.Widget:
    widget = w.Textarea(description=label, rows=rows, layout=_WIDE) if area else w.Text(description=label, layout=_WIDE)
    widget.style.description_width = "150px"
    widget.add_class(f"spirale-champ-{name}")
    return widget


def tool_name(description: str) -> str:
    """The referential describes each tool in a sentence (« Trello est un outil… »): the sheet wants its name."""
    first = description.strip().splitlines()[0] if description.strip() else ""
    return first.split(" est ")[0].strip(" .")[:120]


def hours_field(value: float | str = "", **kwargs) -> w.Text:
    """Hours as French write them (« 1,5 »): a text box, since the browser's number box refuses the comma."""
    text = french_number(value) if isinstance(value, (int, float)) else str(value)
    kwargs.setdefault("placeholder", "ex. 1,5")
    return w.Text(value=text, **kwargs)


def read_hours(text: str):
    """« 1,5 » → 1.5; anything else is passed on as typed, so validation names the field in French."""
    try:
        return parse_french_number(text)
    except ValueError:
        return text.strip()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class _Row:
    """One editable item of a list (a task, a lever) with ↑ ↓ ✕ buttons; the form owns the order."""

    kind = "ligne"

    def __init__(self, form: ScenarioForm):
        self.form = form
        self.up, self.down, self.remove = (
            w.Button(icon=i, tooltip=t, layout=w.Layout(width="36px"))
            for i, t in (
                ("arrow-up", "Monter d'un rang"),
                ("arrow-down", "Descendre d'un rang"),
                ("trash", "Retirer de la liste"),
            )
        )
        self.moves = w.HBox([self.up, self.down, self.remove], layout=w.Layout(flex="0 0 auto", flex_flow="row nowrap"))
        self.moves.add_class("spirale-deplacer")
        self.up.on_click(lambda _: form.move(self, -1))
        self.down.on_click(lambda _: form.move(self, +1))
        self.remove.on_click(lambda _: form.remove(self))
        self.remove.add_class(f"spirale-retirer-{self.kind}")

    def watch(self, widgets) -> None:
        for widget in widgets:
            widget.observe(self.form.changed, "value")


class TaskRow(_Row):
    kind = "tache"

    def __init__(self, form: ScenarioForm, task: dict):
        super().__init__(form)
        self.title = w.Text(
            value=task.get("title", ""),
            placeholder="Intitulé de la tâche",
            tooltip="Intitulé de la tâche, tel que les élèves le liront",
            layout=w.Layout(flex="1 1 260px", width="auto"),
        )
        self.hours = hours_field(
            task.get("duration_hours", 1.0),
            description="Heures",
            tooltip="Durée en heures, virgule acceptée (1,5)",
            layout=w.Layout(width="130px"),
        )
        self.hours.style.description_width = "50px"
        self.modality = w.Dropdown(
            options=[m.value for m in Modality],
            value=task.get("modality", "groupe"),
            tooltip="Modalité de travail des élèves",
            layout=w.Layout(width="auto"),
        )
        self.channel = w.Dropdown(
            options=[c.value for c in Channel],
            value=task.get("channel", "face-à-face"),
            tooltip="Canal de la relation client",
            layout=w.Layout(width="auto"),
        )
        self.rap_task = w.Dropdown(
            options=form.rap_task_options,
            value=task.get("rap_task", ""),
            tooltip="Tâche du référentiel des activités professionnelles (RAP)",
            layout=w.Layout(width="auto"),
        )
        self.description = w.Textarea(
            value=task.get("description", ""), placeholder="Consignes, déroulement…", rows=2, layout=_WIDE
        )
        self.criteria = w.Textarea(
            value="\n".join(task.get("criteria", [])),
            rows=3,
            layout=_WIDE,
            placeholder="Critères d'évaluation de la tâche (un par ligne)",
        )
        self.title.add_class("spirale-tache-titre")
        self.watch(
            [self.title, self.hours, self.modality, self.channel, self.rap_task, self.description, self.criteria]
        )
        self.widget = w.VBox(
            [
                w.HBox(
                    [self.title, self.hours, self.modality, self.channel, self.rap_task, self.moves],
                    layout=w.Layout(align_items="center"),
                ),
                self.description,
                w.HTML(
                    "<small class='spirale-aide'>Critères d'évaluation de la tâche (textes officiels, un par "
                    "ligne) :</small>"
                ),
                self.criteria,
            ]
        )
        self.widget.add_class("spirale-carte")

    def data(self) -> dict:
        return {
            "title": self.title.value,
            "duration_hours": read_hours(self.hours.value),
            "modality": self.modality.value,
            "channel": self.channel.value,
            "rap_task": self.rap_task.value,
            "description": self.description.value,
            "criteria": _lines(self.criteria.value),
        }


class LeverRow(_Row):
    kind = "levier"

    def __init__(self, form: ScenarioForm, lever: dict):
        super().__init__(form)
        self.code = w.Text(value=lever.get("code", ""), placeholder="code", layout=w.Layout(width="140px"))
        self.title = w.Text(value=lever.get("title", ""), placeholder="Levier", layout=w.Layout(flex="1 1 260px"))
        self.text = w.Textarea(value=lever.get("text", ""), rows=2, layout=_WIDE)
        self.watch([self.code, self.title, self.text])
        self.widget = w.VBox(
            [w.HBox([self.code, self.title, self.moves], layout=w.Layout(align_items="center")), self.text]
        )
        self.widget.add_class("spirale-carte")

    def data(self) -> dict:
        return {"code": self.code.value, "title": self.title.value, "text": self.text.value}


class ScenarioForm:
    """`load(scenario)`, then the teacher edits; `value()` returns a validated `Scenario` or raises in French."""

    def __init__(self, on_change=None):
        self._on_change = on_change
        self._loading = False
        self._base: dict = {}
        self.ref = None
        self.rap_task_options: list = [("—", "")]
        f = self.fields = {
            "title": _text("Titre", "titre"),
            "authors": _text("Auteurs (virgules)", "auteurs"),
            "mission": _text("Mission", "mission", area=True, rows=4),
            "name": _text("Entreprise", "entreprise"),
            "sector": _text("Secteur", "secteur"),
            "product": _text("Produit / service", "produit"),
            "target": _text("Clientèle", "clientele"),
            "size": _text("Taille", "taille"),
            "description": _text("Présentation", "presentation", area=True),
            "resources": _text("Ressources (une par ligne)", "ressources", area=True),
            "productions": _text("Productions (une par ligne)", "productions", area=True),
            "evaluation_criteria": _text("Critères (un par ligne)", "criteres", area=True),
            "tools": _text("Outils (un par ligne)", "outils", area=True),
            "notes": _text("Notes", "notes", area=True),
        }
        self.level = w.Dropdown(description="Niveau", options=[("Seconde", "seconde")])
        self.market = w.ToggleButtons(options=[m.value for m in Market], description="Marché")
        self.channel = w.Dropdown(options=[c.value for c in Channel], description="Canal")
        self.level.add_class("spirale-champ-niveau")
        for widget in [*f.values(), self.level, self.market, self.channel]:
            widget.style.description_width = "150px"
            widget.observe(self.changed, "value")
        self.competence_boxes: dict[str, w.Checkbox] = {}
        self.competence_area = w.VBox()
        self.sub_competences = w.SelectMultiple(description="Sous-compétences", rows=8, layout=_WIDE)
        self.sub_competences.style.description_width = "150px"
        self.sub_competences.observe(self.changed, "value")
        self.decloisonnement = w.HTML()
        self.decloisonnement.add_class("spirale-decloisonnement")
        self.tool_picker = w.Dropdown(description="Ajouter un outil", layout=w.Layout(width="60%"))
        self.tool_picker.style.description_width = "150px"
        self.tool_picker.observe(self._add_tool, "value")
        self.tasks: list[TaskRow] = []
        self.levers: list[LeverRow] = []
        self.task_box, self.lever_box = w.VBox(), w.VBox()
        add_task = w.Button(description="Ajouter une tâche", icon="plus")
        add_task.on_click(lambda _: self.add_task({"title": "", "duration_hours": 1.0}))
        add_task.add_class("spirale-ajouter-tache")
        add_lever = w.Button(description="Ajouter un levier", icon="plus")
        add_lever.on_click(lambda _: self._append(self.levers, LeverRow(self, {})))
        section = lambda text: w.HTML(f"<h4>{html.escape(text)}</h4>")  # noqa: E731
        self.widget = w.VBox(
            [
                section("Situation"),
                f["title"],
                f["authors"],
                self.level,
                f["mission"],
                section("Entreprise"),
                f["name"],
                f["sector"],
                self.market,
                self.channel,
                f["product"],
                f["target"],
                f["size"],
                f["description"],
                section("Tâches"),
                self.task_box,
                add_task,
                section("Compétences"),
                self.decloisonnement,
                self.competence_area,
                self.sub_competences,
                section("Outils, ressources, productions, évaluation"),
                f["tools"],
                self.tool_picker,
                f["resources"],
                f["productions"],
                f["evaluation_criteria"],
                section("Leviers"),
                self.lever_box,
                add_lever,
                f["notes"],
            ]
        )
        self.widget.add_class("spirale-formulaire")

    # --- loading ----------------------------------------------------------------------------------------
    def load(self, scenario) -> None:
        """Fill the form from a scenario, or from the plain data of a draft (which may be incomplete)."""
        data = scenario if isinstance(scenario, dict) else scenario.model_dump(mode="json")
        self._loading = True
        try:
            self._base = {k: data[k] for k in _KEEP if k in data}
            self.ref = load_referential(data["referential"])
            self.rap_task_options = [("—", "")] + [(t.code, t.code) for a in self.ref.activities for t in a.tasks]
            ctx = data["context"]
            values = {
                **{k: data.get(k, "") for k in ("title", "mission", "notes")},
                **{k: ctx.get(k, "") for k in ("name", "sector", "product", "target", "size", "description")},
                "authors": ", ".join(data.get("authors", [])),
                **{k: "\n".join(data.get(k, [])) for k in ("resources", "productions", "evaluation_criteria", "tools")},
            }
            for key, value in values.items():
                self.fields[key].value = value
            self.level.options = level_choices(self.ref)
            self.level.value = data["level"]
            self.market.value, self.channel.value = ctx["market"], ctx["channel"]
            self._build_competences(set(data["competences"]))
            self._refresh_sub_competences(set(data.get("sub_competences", [])))
            self.tasks, self.levers = [], []
            for task in data["tasks"]:
                self.add_task(task)
            for lever in data.get("levers", []):
                self.levers.append(LeverRow(self, lever))
            self._redraw()
        finally:
            self._loading = False
        self._refresh_indicator()

    def _build_competences(self, ticked: set[str]) -> None:
        self.competence_boxes = {}
        rows = []
        for block in self.ref.teaching_blocks:
            boxes = []
            for comp in self.ref.competences_of(block.code):
                box = w.Checkbox(
                    value=comp.code in ticked, description=comp.label, indent=False, layout=w.Layout(width="auto")
                )
                box.add_class(f"spirale-competence-{comp.code.replace('.', '-')}")
                box.observe(self._on_competence, "value")
                self.competence_boxes[comp.code] = box
                boxes.append(box)
            rows.append(w.VBox([w.HTML(f"<b>{html.escape(block.label)}</b>"), *boxes]))
        self.competence_area.children = rows

    def _on_competence(self, _change) -> None:
        self._refresh_sub_competences(set(self.sub_competences.value))
        self._refresh_indicator()
        self.changed()

    def _refresh_sub_competences(self, selected: set[str]) -> None:
        ticked = self.ticked_competences()
        options = [
            (f"{s.code} {s.title[:110]}", s.code) for code in ticked for s in self.ref.competence(code).sub_competences
        ]
        self.sub_competences.options = options
        self.sub_competences.value = tuple(code for _, code in options if code in selected)

    def ticked_competences(self) -> list[str]:
        return [code for code, box in self.competence_boxes.items() if box.value]

    def crossed_blocks(self) -> list[str]:
        return decloisonnement(self.ref, self.ticked_competences()).blocks

    def _refresh_indicator(self) -> None:
        crossed = decloisonnement(self.ref, self.ticked_competences())
        blocks = crossed.blocks
        colour = "#1e7b34" if crossed.ok else "#b26a00"
        self.decloisonnement.value = (
            f'<div style="color:{colour}"><b>Décloisonnement : {len(blocks)} bloc(s) croisé(s)</b>'
            f"{' — ' + ', '.join(blocks) if blocks else ''}</div>"
        )
        tools = sorted({tool_name(t.tool) for b in blocks for t in self.ref.tools_of(b)})
        self._loading, was = True, self._loading
        self.tool_picker.options = [("— choisir —", "")] + [(t, t) for t in tools]
        self.tool_picker.value = ""
        self._loading = was

    def _add_tool(self, change) -> None:
        if self._loading or not change["new"]:
            return
        current = _lines(self.fields["tools"].value)
        if change["new"] not in current:
            self.fields["tools"].value = "\n".join([*current, change["new"]])
        self.tool_picker.value = ""

    # --- rows ---------------------------------------------------------------------------------------------
    def add_task(self, task: dict) -> TaskRow:
        row = TaskRow(self, task)
        self._append(self.tasks, row)
        return row

    def _append(self, rows: list, row: _Row) -> None:
        rows.append(row)
        self._redraw()
        self.changed()

    def _rows_of(self, row: _Row) -> list:
        return self.tasks if isinstance(row, TaskRow) else self.levers

    def move(self, row: _Row, step: int) -> None:
        rows = self._rows_of(row)
        i = rows.index(row)
        j = i + step
        if 0 <= j < len(rows):
            rows[i], rows[j] = rows[j], rows[i]
            self._redraw()
            self.changed()

    def remove(self, row: _Row) -> None:
        self._rows_of(row).remove(row)
        self._redraw()
        self.changed()

    def _redraw(self) -> None:
        self.task_box.children = [r.widget for r in self.tasks]
        self.lever_box.children = [r.widget for r in self.levers]

    # --- reading back ---------------------------------------------------------------------------------
    def changed(self, _change=None) -> None:
        if not self._loading and self._on_change:
            self._on_change()

    def data(self) -> dict:
        f = {k: v.value for k, v in self.fields.items()}
        return {
            **self._base,
            "title": f["title"].strip(),
            "level": self.level.value,
            "authors": [a.strip() for a in f["authors"].split(",") if a.strip()],
            "context": {
                "name": f["name"],
                "sector": f["sector"],
                "market": self.market.value,
                "channel": self.channel.value,
                "product": f["product"],
                "target": f["target"],
                "size": f["size"],
                "description": f["description"],
            },
            "mission": f["mission"],
            "tasks": [r.data() for r in self.tasks],
            "competences": self.ticked_competences(),
            "sub_competences": list(self.sub_competences.value),
            **{k: _lines(f[k]) for k in ("resources", "productions", "evaluation_criteria", "tools")},
            "levers": [r.data() for r in self.levers],
            "notes": f["notes"],
        }

    def value(self):
        """The scenario as typed; raises `InvalidDocumentError` (French, field by field) if something is wrong."""
        return parse_scenario(self.data())

    def focus(self) -> None:
        """Bring the form into view (after *Choisir* or *Ouvrir*): the browser scrolls to the focused title."""
        self.fields["title"].focus()

    def set_revision(self, doc) -> None:
        """After a save: the form now edits the stored revision (the typed values stay as they are)."""
        self._base.update({k: v for k, v in doc.model_dump(mode="json").items() if k in _KEEP})
