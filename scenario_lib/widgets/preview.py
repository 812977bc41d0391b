"""The live sheet preview: the same standalone HTML as the PDF, isolated in an iframe so its CSS stays its own."""

from __future__ import annotations

import html
import time

import ipywidgets as w


class Preview:
    def __init__(self, height: str = "900px", name: str = "apercu"):
        self.height = height
        self.status = w.HTML()
        self.frame = w.HTML()
        self.frame.add_class(f"spirale-{name}")
        self.status.add_class(f"spirale-{name}-etat")
        self.seconds = 0.0
        self.widget = w.VBox([self.status, self.frame], layout=w.Layout(width="100%"))

    def show_document(self, doc) -> None:
        from ..render import render_html

        start = time.perf_counter()
        page = render_html(doc)
        self.frame.value = (
            f'<iframe class="spirale-apercu-frame" title="Aperçu de la fiche" '
            f'style="height:{self.height}" srcdoc="{html.escape(page, quote=True)}"></iframe>'
        )
        self.status.value = ""
        self.seconds = time.perf_counter() - start

    def show_problem(self, message: str) -> None:
        """The form is not valid yet: say why, keep the last good preview."""
        self.status.value = f'<div style="color:#b26a00">Aperçu non mis à jour : {html.escape(message)}</div>'
