"""What every atelier tab shares: the session state (bank, referential, messages) and the tab contract.

Tabs hold no business logic: they read widgets, call the library's public API and show the result or the
French message of a `SpiraleError` (never a traceback).
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from pathlib import Path

import ipywidgets as w

from ..errors import SpiraleError


class AtelierState:
    """Shared by all tabs of one atelier page: which bank, which referential, and the message bar."""

    def __init__(self, bank_dir: str | Path, referential: str = "bacpro-mcv-b"):
        self.bank_dir = Path(bank_dir)
        self.referential_name = referential
        self.messages = w.HTML(layout=w.Layout(min_height="1.6em"))
        self._listeners: list = []
        self._bank = None

    @property
    def bank(self):
        if self._bank is None:
            from ..bank import Bank

            self._bank = Bank(self.bank_dir)
        return self._bank

    @property
    def referential(self):
        from ..referential import load_referential

        return load_referential(self.referential_name)

    def notify(self, message: str, kind: str = "info") -> None:
        colours = {"info": "#1f5f8b", "succes": "#1e7b34", "erreur": "#b00020"}
        self.messages.value = (f'<div class="spirale-msg spirale-{kind}" style="color:{colours.get(kind, "#333")}">'
                               f"{html.escape(message)}</div>")

    def on_bank_change(self, callback) -> None:
        """Tabs that list bank documents register here to refresh after a save elsewhere."""
        self._listeners.append(callback)

    def bank_changed(self) -> None:
        for callback in self._listeners:
            callback()

    @contextmanager
    def guard(self, doing: str = ""):
        """Run a teacher action: a `SpiraleError` becomes a French message in the page, not a traceback."""
        try:
            yield
        except SpiraleError as exc:
            self.notify(f"{doing + ' : ' if doing else ''}{exc}", "erreur")


class Tab:
    """A tab of the atelier: `title` (French) and `widget` (the ipywidgets root)."""

    title: str = ""

    def __init__(self, state: AtelierState):
        self.state = state
        self.widget: w.Widget = w.VBox()
