"""What every atelier tab shares: the session state (bank, referential, messages) and the tab contract.

Tabs hold no business logic: they read widgets, call the library's public API and show the result or the
French message of a `SpiraleError` (never a traceback).
"""

from __future__ import annotations

import html
import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

import ipywidgets as w

from ..doctypes import edited_by
from ..errors import SpiraleError
from ..text import safe_filename


def button(description: str, name: str, icon: str = "", style: str = "") -> w.Button:
    """A button sized to its label, with a stable CSS class `spirale-<name>` for styles and browser tests."""
    widget = w.Button(description=description, icon=icon, button_style=style,
                      layout=w.Layout(width="auto", align_self="flex-start"))
    widget.add_class(f"spirale-{name}")
    return widget


class AtelierState:
    """Shared by all tabs of one atelier page: which bank, which referential, and the message bar."""

    def __init__(self, bank_dir: str | Path, referential: str = "bacpro-mcv-b"):
        self.bank_dir = Path(bank_dir)
        self.referential_name = referential
        self.messages = w.HTML(layout=w.Layout(min_height="1.6em"))
        self._listeners: list = []
        self._openers: list = []
        self._referential_listeners: list = []
        self._bank = None
        self._export_dir: Path | None = None

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

    @property
    def export_dir(self) -> Path:
        """Where this page's exports go before they travel to the browser as download links."""
        if self._export_dir is None:
            self._export_dir = Path(tempfile.mkdtemp(prefix="spirale-exports-"))
        return self._export_dir

    def save_document(self, doc):
        """Save into the bank against the revision the form was opened at; `None` when refused.

        A refusal (someone saved meanwhile) is a French message; the bank keeps the refused version as a
        conflict copy and the caller's form keeps what was typed.
        """
        from ..bank import ConflictError

        try:
            saved = self.bank.save(doc, expected_revision=doc.revision)
        except ConflictError as exc:
            self.notify(f"Enregistrement refusé : {exc}", "erreur")
            self.bank_changed()
            return None
        self.notify(f"« {saved.title} » enregistré dans la banque (révision {saved.revision}).", "succes")
        self.bank_changed()
        return saved

    def export_document(self, doc, fmt: str) -> tuple[Path, str]:
        """Export `doc` as `fmt`; returns the file and the HTML of its download link."""
        from ..render import export
        from .downloads import download_link

        path = export(doc, fmt, self.export_dir / f"{safe_filename(doc.title)}.{fmt}")
        self.notify(f"Export {fmt.upper()} prêt : cliquez sur le lien pour le télécharger.", "succes")
        return Path(path), download_link(path)

    def set_referential(self, name: str) -> None:
        """The Référentiel tab's switch: tabs that build options from the referential rebuild them."""
        self.referential_name = name
        for callback in self._referential_listeners:
            callback()

    def on_referential_change(self, callback) -> None:
        self._referential_listeners.append(callback)

    def on_open(self, callback) -> None:
        """The atelier registers here: `open(doc)` shows the document in the tab that edits its type."""
        self._openers.append(callback)

    def open(self, doc) -> None:
        for callback in self._openers:
            callback(doc)

    @contextmanager
    def guard(self, doing: str = ""):
        """Run a teacher action: a `SpiraleError` becomes a French message in the page, not a traceback.

        Any other exception is a bug, but the teacher still gets a French sentence (the details go to the log).
        """
        prefix = f"{doing} : " if doing else ""
        try:
            yield
        except SpiraleError as exc:
            self.notify(f"{prefix}{exc}", "erreur")
        except Exception:  # noqa: BLE001 - the page must never show a traceback
            logging.getLogger("spirale.atelier").exception("erreur inattendue")
            self.notify(f"{prefix}erreur inattendue (détails dans le journal de Spirale) ; le travail en cours "
                        "n'est pas perdu.", "erreur")


class Tab:
    """A tab of the atelier: `title` (French) and `widget` (the ipywidgets root).

    A tab that edits document types has a `key` that the registry's `DocumentType.editor` names, and implements
    `open(doc)`: the bank's *Ouvrir* button then brings the document into that tab.
    """

    title: str = ""
    key: str = ""

    @property
    def opens(self) -> tuple[str, ...]:
        return edited_by(self.key) if self.key else ()

    def __init__(self, state: AtelierState):
        self.state = state
        self.widget: w.Widget = w.VBox()

    def open(self, doc) -> None:
        raise SpiraleError(f"l'onglet « {self.title} » n'ouvre pas de document")
