"""What every atelier tab shares: the session state (bank, referential, messages) and the tab contract.

Tabs hold no business logic: they read widgets, call the library's public API and show the result or the
French message of a `SpiraleError` (never a traceback).
"""

from __future__ import annotations

import functools
import html
import inspect
import logging
import tempfile
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import ipywidgets as w

from ..doctypes import edited_by
from ..errors import SpiraleError
from ..text import safe_filename


def button(description: str, name: str, icon: str = "", style: str = "") -> w.Button:
    """A button sized to its label, with a stable CSS class `spirale-<name>` for styles and browser tests."""
    widget = w.Button(
        description=description, icon=icon, button_style=style, layout=w.Layout(width="auto", align_self="flex-start")
    )
    widget.add_class(f"spirale-{name}")
    return widget


DRAFT_DELAY_SECONDS = 3.0  # a draft is written this long after the last keystroke
UNSAVED_CLASS = "spirale-non-enregistre"  # present in the page → it asks before a reload or a close (static JS)
SAVE_SHORTCUT_CLASS = "spirale-raccourci-enregistrer"  # the visible button with it is what Ctrl+S clicks


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
        self.fingerprints: dict[str, str] = {}  # id → the file's content as this page read it (hand edits)

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
        self.messages.value = (
            f'<div class="spirale-msg spirale-{kind}" style="color:{colours.get(kind, "#333")}">'
            f"{html.escape(message)}</div>"
        )

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

    @property
    def drafts(self):
        from ..bank import Drafts

        return Drafts(self.bank.folder)

    def read(self, doc_id: str):
        """A bank document to edit; its file's fingerprint is remembered, so a hand edit made meanwhile is a
        conflict at save time instead of being overwritten."""
        doc, self.fingerprints[doc_id] = self.bank.read(doc_id)
        return doc

    def save_document(self, doc):
        """Save into the bank against the revision (and file content) the form was opened at; `None` when refused.

        A refusal (someone saved meanwhile, or edited the file by hand) is a French message; the bank keeps the
        refused version as a conflict copy and the caller's form keeps what was typed. A save drops the draft.
        """
        from ..bank import ConflictError, document_fingerprint
        from ..services.documents import refused_message, save_document, saved_message

        try:
            saved = save_document(self.bank, doc, self.fingerprints.get(doc.id))
        except ConflictError as exc:
            self.notify(refused_message(exc), "erreur")
            self.bank_changed()
            return None
        self.fingerprints[saved.id] = document_fingerprint(saved)
        self.drafts.discard(saved.id)
        self.notify(saved_message(saved), "succes")
        self.bank_changed()
        return saved

    def export_document(self, doc, fmt: str) -> tuple[Path, str]:
        """Export `doc` as `fmt`; returns the file and the HTML of its download link."""
        from ..services.documents import export_document
        from .downloads import download_link

        path = export_document(doc, fmt, self.export_dir / f"{safe_filename(doc.title)}.{fmt}")
        self.notify(f"Export {fmt.upper()} prêt : cliquez sur le lien pour le télécharger.", "succes")
        return path, download_link(path)

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
            self.notify(
                f"{prefix}erreur inattendue (détails dans le journal de Spirale) ; le travail en cours "
                "n'est pas perdu.",
                "erreur",
            )


class Tab:
    """A tab of the atelier: `title` (French) and `widget` (the ipywidgets root).

    A tab that edits document types has a `key` that the registry's `DocumentType.editor` names, and implements
    `open(doc)`: the bank's *Ouvrir* button then brings the document into that tab.

    `build()` creates the tab's widgets, once, on first use: when the atelier first shows the tab, or when code
    first reads one of its widgets (`tab.widget`, `tab.form`…) or calls one of its public methods. A page thus
    creates, and sends to the browser, only the tabs the teacher opens (a reload stays quick).
    """

    title: str = ""
    key: str = ""

    @property
    def opens(self) -> tuple[str, ...]:
        return edited_by(self.key) if self.key else ()

    def __init__(self, state: AtelierState):
        self.state = state
        self._built = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if inspect.isfunction(value) and not name.startswith("_") and name not in _NOT_BUILDING:
                setattr(cls, name, _built_first(value))

    def build(self) -> None:
        """Create the widgets: `self.widget` and those the tab's methods use (subclasses override it)."""

    @property
    def built(self) -> bool:
        return self.__dict__.get("_built", True)

    def ensure_built(self) -> None:
        if self.built:
            return
        self._built = True  # before `build()`: what it calls must not build again
        self.build()
        if "widget" not in self.__dict__:
            self.widget = w.VBox()

    def __getattr__(self, name: str):
        # Only reached for an attribute not set yet: one of the widgets `build()` creates.
        if name.startswith("_") or self.built:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.ensure_built()
        return getattr(self, name)

    def open(self, doc) -> None:
        raise SpiraleError(f"l'onglet « {self.title} » n'ouvre pas de document")


_NOT_BUILDING = {"build", "ensure_built", "attach"}  # `attach` is called on every tab at start: it stays cheap


def _built_first(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        self.ensure_built()
        return method(self, *args, **kwargs)

    return wrapper


class UnsavedWork:
    """The open document's unsaved edits, for one editor tab.

    `status` says whether the document is saved; while it is not, its CSS class tells the page to ask before a
    reload or a close. A draft is written `delay` seconds after the last edit (`flush` writes it at once);
    reopening a document with a draft shows `offer_box` (« Reprendre » / « Ignorer »).
    `data()` returns the form's plain data (possibly incomplete); `resume(data)` loads a draft into the form.
    """

    def __init__(self, state: AtelierState, data, resume, delay: float = DRAFT_DELAY_SECONDS):
        self.state, self._data, self._resume, self.delay = state, data, resume, delay
        self.status = w.HTML()
        self.status.add_class("spirale-etat-travail")
        self.offer_box = w.HBox()
        self.offer_box.add_class("spirale-brouillon")
        self.dirty = False
        self.doc_id, self.revision = "", 0
        self._timer: threading.Timer | None = None
        self._resuming = False
        self._lock = threading.Lock()

    def opened(self, doc) -> None:
        """A document was loaded into the form: nothing unsaved yet, unless it is a resumed draft."""
        data = doc if isinstance(doc, dict) else doc.model_dump(mode="json")
        self._cancel()
        self.doc_id, self.revision = str(data.get("id", "")), int(data.get("revision", 0) or 0)
        self.offer_box.children = ()
        if self._resuming:
            self.changed()
            return
        self._mark(False, "")
        draft = None
        if not isinstance(doc, dict):
            with self.state.guard("Brouillon"):
                draft = self.state.drafts.offer(doc)
        if draft is not None:
            self._offer(draft)

    def changed(self) -> None:
        """The teacher edited something: unsaved, and a draft follows in a few seconds."""
        if not self.doc_id:
            return
        self._mark(True, "Modifications non enregistrées (Ctrl+S pour enregistrer).")
        self._cancel()
        self._timer = threading.Timer(self.delay, self.flush)
        self._timer.daemon = True
        self._timer.start()

    def flush(self) -> None:
        """Write the draft now (called by the timer; tests call it directly)."""
        with self._lock:
            if not self.dirty or not self.doc_id:
                return
            try:
                data = self._data()
                self.state.drafts.write(data, self.revision, self.state.fingerprints.get(self.doc_id, ""))
            except Exception:  # noqa: BLE001 - a draft that cannot be written must never disturb the editing
                logging.getLogger("spirale.atelier").exception("brouillon non écrit")
                self._mark(
                    True, "Modifications non enregistrées (brouillon impossible à écrire : enregistrez avec Ctrl+S)."
                )
                return
            self._mark(
                True,
                f"Modifications non enregistrées ; brouillon gardé à {datetime.now():%H:%M:%S} "
                "(Ctrl+S pour enregistrer).",
            )

    def saved(self, doc) -> None:
        with self._lock:
            self._cancel()
            self.revision = doc.revision
            self._mark(False, f"Enregistré (révision {doc.revision}).")

    def _offer(self, draft) -> None:
        take = button("Reprendre", "reprendre-brouillon", "undo", "warning")
        drop = button("Ignorer", "ignorer-brouillon", "times")
        take.on_click(lambda _: self.take(draft))
        drop.on_click(lambda _: self.ignore(draft))
        self.offer_box.children = [w.HTML(f"Un brouillon non enregistré du {draft.when()} existe : "), take, drop]

    def take(self, draft) -> None:
        """Load the draft into the form; it stays unsaved (and its draft kept) until the teacher saves."""
        with self.state.guard("Reprise du brouillon"):
            if draft.fingerprint:
                self.state.fingerprints[draft.doc_id] = draft.fingerprint
            self._resuming = True
            try:
                self._resume({**draft.data, "revision": draft.revision})
            finally:
                self._resuming = False
            self.offer_box.children = ()
            self.state.notify("Brouillon repris : vérifiez-le puis enregistrez (Ctrl+S).")

    def ignore(self, draft) -> None:
        self.state.drafts.discard(draft.doc_id)
        self.offer_box.children = ()
        self.state.notify("Brouillon ignoré : le document est tel qu'il est dans la banque.")

    def _mark(self, dirty: bool, text: str) -> None:
        self.dirty = dirty
        colour = "#8a5a00" if dirty else "#1e7b34"
        self.status.value = f'<span style="color:{colour}">{html.escape(text)}</span>' if text else ""
        if dirty:
            self.status.add_class(UNSAVED_CLASS)
        else:
            self.status.remove_class(UNSAVED_CLASS)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
