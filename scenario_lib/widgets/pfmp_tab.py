"""PFMP tab: one class's list, its positioning booklets (XLSX, optional PDF), filled grids back, class dashboard.

Uploaded files are copied to a private temporary folder under a safe name, then handed to `scenario_lib.pfmp`;
pupil data stays in the class bank `<banque>/pfmp/<classe>/` and in that folder.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import ipywidgets as w

from ..errors import SpiraleError
from ..text import safe_filename
from .base import Tab, button
from .batch_tab import progress_html, report_html, report_zip
from .downloads import download_link, make_zip

# The dashboard's tables as in its standalone page: ruled, centred levels, captions and pupils on the left.
DASHBOARD_CSS = """<style>
.spirale-pfmp-tableau-de-bord table { border-collapse: collapse; margin: 6px 0 12px 0; }
.spirale-pfmp-tableau-de-bord caption { text-align: left; font-weight: bold; padding: 4px 0; }
.spirale-pfmp-tableau-de-bord th, .spirale-pfmp-tableau-de-bord td { border: 1px solid #c8d3dd; padding: 2px 6px;
  text-align: center; }
.spirale-pfmp-tableau-de-bord .spirale-heatmap td { min-width: 2.4em; font-weight: bold; }
.spirale-pfmp-tableau-de-bord tbody th { text-align: left; white-space: nowrap; }
.spirale-pfmp-tableau-de-bord .spirale-pfmp-a-faire td { text-align: left; }
</style>"""
YEARS = [("Première (PFMP 1 et 2)", "premiere"), ("Terminale (PFMP 3 et 4)", "terminale")]


def save_uploads(upload: w.FileUpload, folder: Path) -> list[Path]:
    """Write the files of an ipywidgets 8 `FileUpload` to `folder`, each under a harmless name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in upload.value:
        name = Path(str(item["name"])).name
        suffix = Path(name).suffix
        target = folder / (
            safe_filename(Path(name).stem, default="fichier")
            + (f".{safe_filename(suffix, default='')}" if suffix else "")
        )
        target.write_bytes(bytes(item["content"]))
        paths.append(target)
    return paths


def zip_links(files: list[Path], archive: Path, label: str) -> str:
    """One link for the whole set (a class has ~30 pupils), then one link per file."""
    make_zip(files, archive)
    items = "".join(f"<li>{download_link(path)}</li>" for path in files)
    return f"<p>{download_link(archive, label)}</p><details><summary>Fichiers un par un</summary><ul>{items}</ul></details>"


class PfmpTab(Tab):
    title = "PFMP"

    def build(self) -> None:
        state = self.state
        self.work_dir = Path(tempfile.mkdtemp(prefix="spirale-pfmp-"))
        self.pupils: list = []
        self.class_list = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="Liste de classe")
        self.class_list.add_class("spirale-pfmp-liste")
        self.class_list.observe(lambda _: self.load_class_list(), "value")
        self.class_info = w.HTML(
            "<i>Importez la liste de la classe (CSV ou XLSX : nom, prénom, classe, entreprise, tuteur, début, fin).</i>"
        )
        self.template_links = w.HTML(self.class_list_templates())
        self.template_links.add_class("spirale-pfmp-modele")
        self.year = w.ToggleButtons(options=YEARS, value="premiere", style={"button_width": "auto"})
        self.year.observe(lambda _: self.refresh_scenarios(), "value")
        self.scenarios = w.SelectMultiple(description="Situations liées", rows=6, layout=w.Layout(width="640px"))
        self.scenarios.add_class("spirale-pfmp-situations")
        self.with_pdf = w.Checkbox(
            value=False,
            description="aussi en PDF (rendu par lot)",
            indent=False,
            layout=w.Layout(width="auto", margin="0 0 0 12px"),
        )
        self.generate_button = button("Générer les livrets", "pfmp-generer", "file", "primary")
        self.generate_button.on_click(lambda _: self.generate())
        self.progress = w.HTML()
        self.booklet_links = w.HTML()
        self.grids = w.FileUpload(accept=".xlsx", multiple=True, description="Grilles remplies")
        self.grids.add_class("spirale-pfmp-grilles")
        self.import_button = button("Importer les grilles remplies", "pfmp-importer", "upload", "success")
        self.import_button.on_click(lambda _: self.import_grids())
        self.import_report = w.HTML()
        self.import_report.add_class("spirale-pfmp-import")
        self.dashboard_button = button("Tableau de bord", "pfmp-tableau", "table")
        self.dashboard_button.on_click(lambda _: self.show_dashboard())
        self.dashboard = w.HTML()
        self.dashboard.add_class("spirale-pfmp-tableau-de-bord")  # the button holds spirale-pfmp-tableau
        self.summaries_button = button("Synthèses PDF par élève", "pfmp-syntheses", "file-pdf-o")
        self.summaries_button.on_click(lambda _: self.summaries())
        self.summary_links = w.HTML()
        state.on_bank_change(self.refresh_scenarios)
        self.widget = w.VBox(
            [
                w.HTML("<h4>1. La classe</h4>"),
                w.HBox([self.class_list, self.class_info]),
                self.template_links,
                w.HTML("<h4>2. Les livrets</h4>"),
                self.year,
                self.scenarios,
                w.HBox([self.generate_button, self.with_pdf], layout=w.Layout(align_items="center")),
                self.progress,
                self.booklet_links,
                w.HTML("<h4>3. Les grilles remplies par les tuteurs</h4>"),
                w.HBox([self.grids, self.import_button]),
                self.import_report,
                w.HTML("<h4>4. Le suivi jusqu'à l'examen</h4>"),
                w.HBox([self.dashboard_button, self.summaries_button]),
                self.dashboard,
                self.summary_links,
            ]
        )
        self.refresh_scenarios()

    # --- inputs ---------------------------------------------------------------------------------------
    def refresh_scenarios(self) -> None:
        """Situations of the bank at the booklet's year, to prefill the planned activities."""
        with self.state.guard("Liste des situations"):
            chosen = set(self.scenarios.value)
            entries = self.state.bank.list(doc_type="scenario", level=self.year.value)
            self.scenarios.options = [(e.title, e.id) for e in entries]
            self.scenarios.value = tuple(e.id for e in entries if e.id in chosen)

    def load_class_list(self):
        from ..services.pfmp import read_class

        if not self.class_list.value:
            return None
        with self.state.guard("Liste de classe"):
            [path] = save_uploads(self.class_list, self.work_dir / "liste")
            pupils, _ = read_class(path)  # one class per list, refused now rather than at generation
            self.pupils = pupils
            self.class_info.value = (
                f"Classe <b>{html.escape(self.grade)}</b> : {len(pupils)} élève(s) — "
                + html.escape(", ".join(p.full_name for p in pupils[:6]))
                + (" …" if len(pupils) > 6 else "")
            )
            self.state.notify(f"Liste de la classe {self.grade} lue : {len(pupils)} élève(s).", "succes")
            return pupils
        return None

    def class_list_templates(self) -> str:
        """« Modèle de liste de classe » in XLSX and CSV: the expected columns and one example row."""
        from ..pfmp import write_class_list_template

        folder = self.work_dir / "modele"
        folder.mkdir(parents=True, exist_ok=True)
        links = [
            download_link(write_class_list_template(folder / f"modele-liste-de-classe.{kind}"), label)
            for kind, label in (("xlsx", "Modèle de liste de classe (XLSX)"), ("csv", "le même en CSV"))
        ]
        return "<p>Pas encore de liste ? " + " ".join(links) + "</p>"

    @property
    def grade(self) -> str:
        if not self.pupils:
            raise SpiraleError("importez d'abord la liste de la classe (CSV ou XLSX)")
        return self.pupils[0].grade

    # --- actions --------------------------------------------------------------------------------------
    def generate(self) -> list[Path] | None:
        from ..services.pfmp import generate_booklets

        with self.state.guard("Génération des livrets"):
            grade = self.grade
            out = self.work_dir / "livrets" / safe_filename(grade, default="classe")
            self.generate_button.disabled = True
            self.progress.value = ""
            try:
                result = generate_booklets(
                    self.state.bank,
                    self.pupils,
                    self.year.value,
                    self.state.referential,
                    out,
                    self.scenarios.value,
                    pdf=self.with_pdf.value,
                    on_progress=self.show_progress,
                )
            finally:
                self.generate_button.disabled = False
            paths = result.paths
            links = zip_links(
                paths,
                out / f"livrets-{safe_filename(grade)}-{self.year.value}.zip",
                f"Livrets modifiables de la classe {grade} (zip de {len(paths)} XLSX)",
            )
            self.booklet_links.value = links
            if result.report is not None:
                self.booklet_links.value = links + report_html(result.report, self._pdf_zip(result.report, grade))
            self.state.notify(result.message(), "succes" if result.ok else "erreur")
            return paths
        return None

    def show_progress(self, done: int, total: int, failed: int) -> None:
        self.progress.value = progress_html(done, total, failed)

    def _pdf_zip(self, report, grade: str) -> Path | None:
        return report_zip(report, report.out_dir / f"livrets-{safe_filename(grade)}-pdf.zip")

    def import_grids(self):
        """Import what the tutors filled in; blank grids wait, a wrong grid is refused alone, with its line."""
        from ..services.pfmp import import_grids

        with self.state.guard("Import des grilles"):
            grade = self.grade
            if not self.grids.value:
                raise SpiraleError("choisissez d'abord les grilles remplies (XLSX) à importer")
            folder = Path(tempfile.mkdtemp(prefix="grilles-", dir=self.work_dir))
            outcome = import_grids(
                self.state.bank, save_uploads(self.grids, folder), self.pupils, self.state.referential
            )
            self.grids.value = ()
            items = "".join(f"<li>{html.escape(line)}</li>" for line in outcome.details())
            self.import_report.value = f"<p>{html.escape(outcome.summary())}.</p>" + (
                f"<ul>{items}</ul>" if items else ""
            )
            refused = "".join(f" Refusée : {line}" for line in outcome.refused)
            self.state.notify(
                f"Classe {grade} : {outcome.summary()}.{refused}", "erreur" if outcome.refused else "succes"
            )
            if outcome.booklets:
                self.show_dashboard()
            return outcome
        return None

    def results(self):
        from ..services.pfmp import class_results

        return class_results(self.state.bank, self.grade, self.state.referential)

    def show_dashboard(self):
        with self.state.guard("Tableau de bord"):
            results = self.results()
            counts = results.counts()
            todo = results.to_do()
            rows = "".join(
                f"<tr><td>{html.escape(r.eleve)}</td><td>{html.escape(r.competence)}</td>"
                f"<td>{html.escape(r.motif)}</td></tr>"
                for r in todo.itertuples()
            )
            self.dashboard.value = (
                f"{DASHBOARD_CSS}<p class='spirale-pfmp-compteurs'>{counts['eleves']} élève(s) ; "
                f"{counts['validees']} compétence(s) "
                f"au niveau Averti ou plus sur {counts['paires']} ; {counts['a_travailler']} à travailler.</p>"
                f"{results.dashboard_html()}<h4>À travailler ({len(todo)})</h4>"
                f"<details><summary>Liste par élève</summary><table class='spirale-pfmp-a-faire'><tr><th>Élève</th>"
                f"<th>Compétence</th><th>Motif</th></tr>{rows}</table></details>"
            )
            return counts
        return None

    def summaries(self) -> list[Path] | None:
        from ..pfmp.summary import write_pupil_summaries

        with self.state.guard("Synthèses par élève"):
            grade = self.grade
            out = Path(tempfile.mkdtemp(prefix="syntheses-", dir=self.work_dir))
            paths = write_pupil_summaries(self.results(), out)
            self.summary_links.value = zip_links(
                paths,
                out / f"syntheses-{safe_filename(grade)}.zip",
                f"Synthèses de la classe {grade} (zip de {len(paths)} PDF)",
            )
            self.state.notify(
                f"{len(paths)} synthèse(s) PDF prête(s) : cliquez sur le lien pour télécharger.", "succes"
            )
            return paths
        return None
