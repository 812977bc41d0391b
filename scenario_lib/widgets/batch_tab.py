"""Export par lot tab: pick documents, render them all with the batch runner, follow a progress bar, read the report."""

from __future__ import annotations

import html
import tempfile
import zipfile
from pathlib import Path

import ipywidgets as w

from ..document import document_label
from ..services.documents import entry_level_label, export_choices
from ..text import safe_filename
from .base import Tab
from .downloads import download_link


class BatchTab(Tab):
    title = "Export par lot"

    def build(self) -> None:
        state = self.state
        self.out_dir = Path(tempfile.mkdtemp(prefix="spirale-lot-"))
        self.documents = w.SelectMultiple(options=[], rows=14, layout=w.Layout(width="760px"))
        self.documents.add_class("spirale-lot-documents")
        self.documents.add_class("spirale-liste")
        self.format = w.Dropdown(options=export_choices(), value="pdf", description="Format")
        every = w.Button(description="Tout sélectionner", layout=w.Layout(width="auto"))
        every.on_click(lambda _: setattr(self.documents, "value", tuple(v for _, v in self.documents.options)))
        self.run_button = w.Button(
            description="Lancer l'export", icon="play", button_style="primary", layout=w.Layout(width="auto")
        )
        self.run_button.add_class("spirale-lot-lancer")
        self.run_button.on_click(lambda _: self.run())
        self.progress = w.HTML()  # « 12 / 30 fiches rendues — 3 en échec », fed by run_batch
        self.progress.add_class("spirale-lot-progression")
        self.report = w.HTML()
        self.report.add_class("spirale-lot-rapport")
        state.on_bank_change(self.refresh)
        self.widget = w.VBox(
            [
                w.HTML("<p>Choisissez les documents (Ctrl/Maj + clic pour plusieurs) :</p>"),
                self.documents,
                w.HBox([every, self.format, self.run_button]),
                self.progress,
                self.report,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        with self.state.guard("Lecture de la banque"):
            entries = self.state.bank.list()
            chosen = set(self.documents.value)
            self.documents.options = [
                (" — ".join(filter(None, (e.title, document_label(e.doc_type), entry_level_label(e)))), e.id)
                for e in entries
            ]
            self.documents.value = tuple(e.id for e in entries if e.id in chosen)

    def run(self):
        from ..batch import BatchJob, run_batch

        ids = list(self.documents.value)
        if not ids:
            self.state.notify("Choisissez au moins un document à exporter.", "erreur")
            return None
        with self.state.guard("Export par lot"):
            self.run_button.disabled = True
            self.report.value = f"<i>Export de {len(ids)} document(s) en cours…</i>"
            try:
                report = run_batch(
                    BatchJob(
                        ids=tuple(ids),
                        bank=self.state.bank_dir,
                        out_dir=self.out_dir,
                        fmt=self.format.value,
                        force=True,
                    ),
                    on_progress=self.show_progress,
                )
            finally:
                self.run_button.disabled = False
            self.report.value = report_html(report, self._zip(report))
            self.state.notify(f"Export par lot terminé : {report.outcome()}.", "erreur" if report.failed else "succes")
            return report
        return None

    def show_progress(self, done: int, total: int, failed: int) -> None:
        self.progress.value = progress_html(done, total, failed)

    def _zip(self, report) -> Path | None:
        return report_zip(report, self.out_dir / "export-par-lot.zip")


def titled_names(items) -> dict[Path, str]:
    """Output file → name inside the zip, from the document's title (« vente-conseil-salon.pdf »), unique.

    The batch runner names its outputs by id so that reruns find them; a teacher unpacking the zip reads titles.
    """
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for item in items:
        path = Path(item.output)
        stem, count = safe_filename(item.title or path.stem), 1
        name = f"{stem}{path.suffix}"
        while name in taken:
            count += 1
            name = f"{stem}-{count}{path.suffix}"
        taken.add(name)
        names[path] = name
    return names


def report_zip(report, archive: Path) -> Path | None:
    """The files a batch wrote, in one zip, each under its title; None when nothing was written."""
    items = [i for i in report.items if i.output and (report.out_dir / i.output).is_file()]
    if not items:
        return None
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path, name in titled_names(items).items():
            z.write(report.out_dir / path, name)
    return archive


def progress_html(done: int, total: int, failed: int) -> str:
    """A bar and its French line, without tqdm's « doc/s »."""
    from ..batch.runner import progress_text

    return (
        f"<progress value='{done}' max='{max(total, 1)}' style='width:320px'></progress> "
        f"<span>{html.escape(progress_text(done, total, failed))}</span>"
    )


def report_html(report, archive: Path | None) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(i.title or i.document)}</td><td>{html.escape(i.status.label)}</td>"
        f"<td>{html.escape(i.error)}</td></tr>"
        for i in report.items
    )
    link = download_link(archive, "Télécharger tous les fichiers (zip)") if archive else ""
    page = report.out_dir / "rapport.html"
    full = download_link(page, "Rapport détaillé (HTML)") if page.is_file() else ""
    return (
        f"<p>{html.escape(report.outcome())}.</p><table class='spirale-rapport'><tr><th>Document</th>"
        f"<th>Statut</th><th>Erreur</th></tr>{rows}</table><p>{link} {full}</p>"
    )
