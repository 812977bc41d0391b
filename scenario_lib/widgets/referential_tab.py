"""Référentiel tab: browse block → competence → sub-competence, search as you type, see tasks, results, tools."""

from __future__ import annotations

import html

import ipywidgets as w

from ..referential import available_referentials, load_referential
from .base import Tab

# search-hit kinds whose code is a node of the tree
_TREE_KINDS = {"bloc", "compétence", "sous-compétence"}


class ReferentialTab(Tab):
    title = "Référentiel"

    def __init__(self, state):
        super().__init__(state)
        names = list(available_referentials())
        self.switch = w.Dropdown(options=[(load_referential(n).short_title, n) for n in names],
                                 value=state.referential_name, description="Référentiel",
                                 layout=w.Layout(width="480px"))
        self.search = w.Text(placeholder="Chercher (sans accents ni majuscules) : prospection, fidélisation…",
                             description="Chercher", continuous_update=True, layout=w.Layout(width="640px"))
        self.tree = w.Select(options=[], rows=24, layout=w.Layout(width="560px"))
        self.hits = w.HTML()
        self.details = w.HTML()
        for widget, name in ((self.switch, "ref-switch"), (self.search, "ref-search"), (self.tree, "ref-tree"),
                             (self.hits, "ref-hits"), (self.details, "ref-details")):
            widget.add_class(f"spirale-{name}")
        self.tree.add_class("spirale-liste")
        self.switch.observe(self._on_switch, "value")
        self.search.observe(lambda _: self.refresh(), "value")
        self.tree.observe(self._on_select, "value")
        right = w.VBox([self.hits, self.details], layout=w.Layout(width="100%", padding="0 0 0 12px"))
        self.widget = w.VBox([w.HBox([self.switch]), self.search, w.HBox([self.tree, right])])
        self.refresh()

    @property
    def referential(self):
        return load_referential(self.switch.value)

    def _on_switch(self, change) -> None:
        with self.state.guard("Changement de référentiel"):
            self.state.set_referential(change["new"])
            self.refresh()
            self.state.notify(f"Référentiel : {self.referential.title}")

    def refresh(self) -> None:
        """Rebuild the tree, restricted to the search hits (and their parents) when a search is typed."""
        ref = self.referential
        query = self.search.value.strip()
        hits = ref.search(query) if query else []
        keep = None
        if query:
            keep = set()
            for hit in hits:
                if hit.kind in _TREE_KINDS:
                    keep.add(hit.code)
                if hit.kind == "sous-compétence":
                    keep.add(ref.sub_competence(hit.code).competence)
                if hit.kind == "critère":
                    keep.add(hit.code)
            keep |= {ref.competence(c).block for c in list(keep) if ref.has("compétence", c)}
        self.tree.options = tree_options(ref, keep)
        self.hits.value = hits_html(query, hits)
        if not query:
            self.details.value = ""

    def _on_select(self, change) -> None:
        if change["new"]:
            with self.state.guard("Affichage du référentiel"):
                self.details.value = details_html(self.referential, *change["new"])


def tree_options(ref, keep: set[str] | None = None) -> list[tuple[str, tuple[str, str]]]:
    """Indented lines of the tree as (label, (kind, code)); `keep` limits it to some codes."""
    options = []
    for block in ref.teaching_blocks:
        if keep is not None and block.code not in keep:
            continue
        options.append((block.label, ("bloc", block.code)))
        for comp in ref.competences_of(block.code):
            if keep is not None and comp.code not in keep:
                continue
            options.append((f"   {comp.code}  {comp.title}", ("compétence", comp.code)))
            for sub in comp.sub_competences:
                if keep is None or sub.code in keep or (comp.code in keep and not _any_sub(comp, keep)):
                    options.append((f"      {sub.code}  {sub.title}", ("sous-compétence", sub.code)))
    return options


def _any_sub(comp, keep: set[str]) -> bool:
    return any(s.code in keep for s in comp.sub_competences)


def hits_html(query: str, hits) -> str:
    if not query:
        return ""
    if not hits:
        return f"<p>Aucun résultat pour « {html.escape(query)} ».</p>"
    rows = "".join(f"<li><b>{html.escape(h.kind)}</b> {html.escape(h.code)} — {html.escape(h.text)}</li>"
                   for h in hits[:60])
    more = f"<p>… et {len(hits) - 60} autres.</p>" if len(hits) > 60 else ""
    return f"<p>{len(hits)} résultat(s) pour « {html.escape(query)} » :</p><ul>{rows}</ul>{more}"


def details_html(ref, kind: str, code: str) -> str:
    """What a teacher needs beside a node: criteria, the block's RAP tasks, expected results and digital tools."""
    parts = []
    if kind == "sous-compétence":
        sub = ref.sub_competence(code)
        parts.append(f"<h4>{html.escape(sub.code)} {html.escape(sub.title)}</h4>")
        code, kind = sub.competence, "compétence"
    if kind == "compétence":
        comp = ref.competence(code)
        parts.append(f"<h4>Compétence {html.escape(comp.label)}</h4>")
        if comp.criteria:
            parts.append(_list("Critères d'évaluation", comp.criteria))
        block = ref.block(comp.block)
    else:
        block = ref.block(code)
        parts.append(f"<h4>{html.escape(block.label)}</h4>")
    activities = [a for a in ref.activities if a.block == block.code]
    tasks = [f"{t.code} {t.title}" for a in activities for t in a.tasks]
    results = [r for a in activities for r in a.texts("resultats")]
    tools = [t.tool for t in ref.tools_of(block.code)]
    parts.append(_list(f"Tâches du RAP (bloc {block.code})", tasks))
    parts.append(_list("Résultats attendus", results))
    parts.append(_list("Outils numériques", tools))
    return "".join(parts)


def _list(heading: str, items) -> str:
    if not items:
        return f"<p><b>{html.escape(heading)}</b> : —</p>"
    lis = "".join(f"<li>{html.escape(str(i))}</li>" for i in items)
    return f"<p><b>{html.escape(heading)}</b></p><ul>{lis}</ul>"
