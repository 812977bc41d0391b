"""A data table made of ipywidgets: one sort button and one filter box per column, rows chosen by a click.

Why not ipydatagrid: its cells are drawn on a canvas (no tooltip, nothing a screen reader or a browser test can
read) and its sort/filter menus are in English; a table of real buttons stays French, wraps long titles and
works offline with nothing more than ipywidgets. Row widgets are pooled: a refresh changes labels, it does not
create widgets.
"""

from __future__ import annotations

import ipywidgets as w
import traitlets

from ..text import fold


class DataTable(w.VBox):
    """`set_rows([(value, cells, sort_keys)])`; `value` is the chosen row's value (observable); `options` the
    shown rows as (cells joined, value) in display order."""

    value = traitlets.Any(None, allow_none=True)

    def __init__(self, columns: dict[str, str], page_size: int = 15, name: str = "table", **kwargs):
        super().__init__(**kwargs)
        self.columns = list(columns)
        self.page_size = page_size
        self.page = 0
        self.sort_column: str | None = None
        self.descending = False
        self._rows: list[tuple[object, list[str], list]] = []
        self._shown: list[tuple[object, list[str], list]] = []
        self._pool: list[list[w.Button]] = []
        template = " ".join(columns.values())
        self.headers = []
        self.filters = {}
        for column in self.columns:
            header = w.Button(
                description=column,
                tooltip=f"Trier par « {column} » (cliquer encore inverse l'ordre)",
                layout=w.Layout(width="auto"),
            )
            header.add_class("spirale-table-entete")
            header.add_class(f"spirale-tri-{fold(column).replace(' ', '-')}")
            header.on_click(lambda _, c=column: self.sort_by(c))
            box = w.Text(
                placeholder="filtrer…",
                tooltip=f"Ne garder que les lignes dont « {column} » contient ce texte",
                continuous_update=True,
                layout=w.Layout(width="auto"),
            )
            box.add_class("spirale-table-filtre")
            box.add_class(f"spirale-filtre-{fold(column).replace(' ', '-')}")
            box.observe(lambda _: self._filtered(), "value")
            self.headers.append(header)
            self.filters[column] = box
        self.head = w.GridBox(
            [*self.headers, *self.filters.values()], layout=w.Layout(grid_template_columns=template, width="100%")
        )
        self.body = w.GridBox(layout=w.Layout(grid_template_columns=template, width="100%"))
        self.previous = w.Button(
            description="Précédents", icon="chevron-left", layout=w.Layout(width="auto"), tooltip="Page précédente"
        )
        self.next = w.Button(
            description="Suivants", icon="chevron-right", layout=w.Layout(width="auto"), tooltip="Page suivante"
        )
        self.previous.on_click(lambda _: self._turn(-1))
        self.next.on_click(lambda _: self._turn(+1))
        self.position = w.HTML()
        self.footer = w.HBox([self.previous, self.position, self.next], layout=w.Layout(align_items="center"))
        self.children = [self.head, self.body, self.footer]
        self.layout.width = "100%"
        self.add_class("spirale-table")
        self.add_class(f"spirale-{name}")
        self.observe(lambda _: self._draw(), "value")

    # --- data ---------------------------------------------------------------------------------------------
    def set_rows(self, rows) -> None:
        """Rows as (value, cells, sort keys); the sort, the filters and the choice stay as they were."""
        self._rows = [(value, [str(c) for c in cells], list(keys)) for value, cells, keys in rows]
        self._filtered(keep_page=True)

    @property
    def options(self) -> list[tuple[str, object]]:
        return [(" | ".join(cells), value) for value, cells, _ in self._shown]

    def shown_values(self) -> list:
        return [value for value, _, _ in self._shown]

    def sort_by(self, column: str) -> None:
        """First click sorts ascending (the most recent first for dates is the caller's initial choice)."""
        self.descending = not self.descending if column == self.sort_column else False
        self.sort_column = column
        self._filtered(keep_page=True)

    def _filtered(self, keep_page: bool = False) -> None:
        wanted = {i: fold(box.value.strip()) for i, box in enumerate(self.filters.values()) if box.value.strip()}
        shown = [row for row in self._rows if all(q in fold(row[1][i]) for i, q in wanted.items())]
        if self.sort_column in self.columns:
            index = self.columns.index(self.sort_column)
            shown.sort(key=lambda row: row[2][index], reverse=self.descending)
        self._shown = shown
        if not keep_page:
            self.page = 0
        self.page = min(self.page, max(0, (len(shown) - 1) // self.page_size))
        if self.value is not None and self.value not in {v for v, _, _ in self._rows}:
            self.value = None  # redraws
        else:
            self._draw()

    def _turn(self, step: int) -> None:
        self.page += step
        self._draw()

    # --- drawing ------------------------------------------------------------------------------------------
    def _row_widgets(self, number: int) -> list[w.Button]:
        while len(self._pool) <= number:
            index = len(self._pool)
            cells = [w.Button(layout=w.Layout(width="auto", height="auto")) for _ in self.columns]
            for cell in cells:
                cell.add_class("spirale-table-cellule")
                cell.on_click(lambda _, i=index: self._choose(i))
            self._pool.append(cells)
        return self._pool[number]

    def _choose(self, index: int) -> None:
        row = self.page * self.page_size + index
        if row < len(self._shown):
            self.value = self._shown[row][0]

    def _draw(self) -> None:
        arrow = " ▼" if self.descending else " ▲"
        for column, header in zip(self.columns, self.headers):
            header.description = column + (arrow if column == self.sort_column else "")
        start = self.page * self.page_size
        page = self._shown[start : start + self.page_size]
        children = []
        for number, (value, cells, _) in enumerate(page):
            widgets = self._row_widgets(number)
            for widget, text in zip(widgets, cells):
                widget.description = text
                widget.tooltip = text
                if value == self.value:
                    widget.add_class("spirale-ligne-choisie")
                else:
                    widget.remove_class("spirale-ligne-choisie")
            children.extend(widgets)
        self.body.children = children
        total = len(self._shown)
        self.position.value = (
            f"Lignes {start + 1}–{start + len(page)} sur {total}"
            if total
            else "Aucune ligne ne correspond aux filtres."
        )
        self.previous.disabled = self.page == 0
        self.next.disabled = start + self.page_size >= total
        for turn in (self.previous, self.next):
            turn.layout.display = "flex" if total > self.page_size else "none"
        self.footer.layout.display = "flex" if total == 0 or total > self.page_size else "none"
