"""Référentiel tab: a real tree (block › competence › sub-competence), search as you type, details beside.

The tree is ipytree (jsTree): one `Node` per referential item, built once per referential and regrouped on each
search, so typing never rebuilds hundreds of widgets.
"""

from __future__ import annotations

import html

import ipytree
import ipywidgets as w

from ..referential import available_referentials, load_referential
from .base import Tab

# search-hit kinds whose code is a node of the tree
_TREE_KINDS = {"bloc", "compétence", "sous-compétence"}
HELP = (
    "<p class='spirale-aide'>Cliquez sur un bloc, une compétence ou une sous-compétence : ses critères, "
    "les tâches du RAP, les résultats attendus et les outils numériques s'affichent à droite. "
    "Tapez un mot pour ne garder que les branches qui le contiennent (accents et majuscules ignorés).</p>"
)


class ReferentialTab(Tab):
    title = "Référentiel"

    def build(self) -> None:
        state = self.state
        names = list(available_referentials())
        self.switch = w.Dropdown(
            options=[(load_referential(n).short_title, n) for n in names],
            value=state.referential_name,
            description="Référentiel",
            tooltip="Le diplôme ou le titre dont vous construisez les situations",
            layout=w.Layout(width="auto", min_width="360px"),
        )
        self.search = w.Text(
            placeholder="prospection, fidélisation…",
            description="Chercher",
            tooltip="Sans accents ni majuscules : la liste se réduit à chaque lettre",
            continuous_update=True,
            layout=w.Layout(width="auto", flex="1 1 420px"),
        )
        self.tree = ipytree.Tree(multiple_selection=False, layout=w.Layout(width="100%"))
        self.hits = w.HTML()
        self.details = w.HTML(HELP)
        for widget, name in (
            (self.switch, "ref-switch"),
            (self.search, "ref-search"),
            (self.tree, "ref-tree"),
            (self.hits, "ref-hits"),
            (self.details, "ref-details"),
        ):
            widget.add_class(f"spirale-{name}")
        self.switch.observe(self._on_switch, "value")
        self.search.observe(lambda _: self.refresh(), "value")
        self._nodes: dict[tuple[str, str], ipytree.Node] = {}
        self._children: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._key_of: dict[str, tuple[str, str]] = {}
        self._built_for = ""
        left = w.VBox([self.tree], layout=w.Layout(flex="1 1 45%", min_width="0", overflow="auto"))
        left.add_class("spirale-ref-gauche")
        right = w.VBox([self.details, self.hits], layout=w.Layout(flex="1 1 55%", min_width="0", padding="0 0 0 16px"))
        right.add_class("spirale-ref-droite")
        self.widget = w.VBox(
            [
                w.HBox([self.switch, self.search], layout=w.Layout(flex_flow="row wrap")),
                w.HBox([left, right], layout=w.Layout(width="100%", align_items="flex-start")),
            ]
        )
        self.refresh()

    @property
    def referential(self):
        return load_referential(self.switch.value)

    def _on_switch(self, change) -> None:
        with self.state.guard("Changement de référentiel"):
            self.state.set_referential(change["new"])
            self.refresh()
            self.state.notify(f"Référentiel : {self.referential.title}")

    # --- the tree -------------------------------------------------------------------------------------
    def _build(self, ref) -> None:
        """One node per item of this referential, kept for the whole session."""
        self._nodes, self._children = {}, {}

        def node(key, label, icon):
            self._nodes[key] = ipytree.Node(label, opened=False, icon=icon)
            self._nodes[key].observe(lambda change, k=key: change["new"] and self._on_select(k), "selected")
            self._children[key] = []
            return key

        for block in ref.teaching_blocks:
            b = node(("bloc", block.code), block.label, "folder")
            for comp in ref.competences_of(block.code):
                c = node(("compétence", comp.code), f"{comp.code} {comp.title}", "list")
                self._children[b].append(c)
                for sub in comp.sub_competences:
                    self._children[c].append(
                        node(("sous-compétence", sub.code), f"{sub.code} {sub.title}", "angle-right")
                    )
        self._key_of = {n.model_id: k for k, n in self._nodes.items()}
        self._built_for = ref.id

    def items(self) -> list[tuple[str, str]]:
        """(kind, code) of every node shown, depth first: what a teacher sees when all branches are open."""
        shown = []

        def walk(nodes):
            for n in nodes:
                shown.append(self._key_of[n.model_id])
                walk(n.nodes)

        walk(self.tree.nodes)
        return shown

    def select(self, kind: str, code: str) -> None:
        """Select a node as a click does (tests and the home tab use it)."""
        for n in self._nodes.values():
            n.selected = False
        self._nodes[(kind, code)].selected = True

    def refresh(self) -> None:
        """Regroup the tree, restricted to the search hits (and their parents) when a search is typed."""
        ref = self.referential
        if self._built_for != ref.id:
            self._build(ref)
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
        for key, children in self._children.items():
            shown = [c for c in children if keep is None or c[1] in keep]
            if key[0] == "compétence" and keep is not None and key[1] in keep and not shown:
                shown = children  # the competence itself matched: show all its sub-competences
            self._nodes[key].nodes = tuple(self._nodes[c] for c in shown)
            self._nodes[key].opened = keep is not None
        self.tree.nodes = tuple(
            self._nodes[k] for k in self._nodes if k[0] == "bloc" and (keep is None or k[1] in keep)
        )
        self.hits.value = hits_html(query, hits)
        if not query and not any(n.selected for n in self._nodes.values()):
            self.details.value = HELP

    def _on_select(self, key: tuple[str, str]) -> None:
        with self.state.guard("Affichage du référentiel"):
            self.details.value = details_html(self.referential, *key)


def hits_html(query: str, hits) -> str:
    if not query:
        return ""
    if not hits:
        return f"<p>Aucun résultat pour « {html.escape(query)} ».</p>"
    rows = "".join(
        f"<li><b>{html.escape(h.kind)}</b> {html.escape(h.code)} — {html.escape(h.text)}</li>" for h in hits[:60]
    )
    more = f"<p>… et {len(hits) - 60} autres.</p>" if len(hits) > 60 else ""
    return (
        f"<details class='spirale-resultats' open><summary>{len(hits)} résultat(s) pour « {html.escape(query)} » "
        f"(cliquez pour la liste)</summary><ul>{rows}</ul>{more}</details>"
    )


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
