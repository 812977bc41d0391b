"""Évaluation tab: evaluate a situation with a class by keyboard, follow the class and each pupil, propose.

Layout and events only: every change goes through `scenario_lib.evaluation` (frozen grids, validated levels).
The grid is a table of text cells in reading order (Tab moves to the next sub-competence, then the next pupil);
typing « a », « A » or « averti » sets Averti, an unknown entry is refused with a French message and the cell
goes back to its level.
"""

from __future__ import annotations

import html
import tempfile
from datetime import date
from pathlib import Path

import ipywidgets as w

from ..errors import SpiraleError
from .base import Tab, button

YEAR_OPTIONS = [("Seconde", "seconde"), ("Première", "premiere"), ("Terminale", "terminale")]
NO_PROGRESSION = ("— aucune : choisir la situation ci-dessous —", "")
CRITERION_STATES = [("non observé", ""), ("acquis", "oui"), ("non acquis", "non")]
WRAP = w.Layout(flex_flow="row wrap", align_items="center", width="100%")


def row(*children) -> w.HBox:
    """A line of controls that wraps at the tab's width (no button cut at 1366 px)."""
    return w.HBox(list(children), layout=WRAP)


class EvaluationTab(Tab):
    title = "Évaluation"
    key = "evaluation"

    def build(self) -> None:
        state = self.state
        self.work_dir = Path(tempfile.mkdtemp(prefix="spirale-evaluation-"))
        self.evaluation = None
        self.pupils: list = []
        self.cells: dict[tuple[str, str], w.Text] = {}
        self.comments: dict[str, w.Text] = {}
        self._syncing = False
        # --- create a grid
        self.class_upload = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="Liste de classe")
        self.progression = w.Dropdown(
            description="Progression",
            options=[NO_PROGRESSION],
            style={"description_width": "initial"},
            layout=w.Layout(width="60%"),
        )
        self.progression.observe(lambda _: self._refresh_placements(), "value")
        self.placement = w.Dropdown(description="Semaine", options=[], layout=w.Layout(width="60%"))
        self.placement.add_class("spirale-eval-placement")
        self.situation = w.Dropdown(description="Situation", options=[], layout=w.Layout(width="60%"))
        self.when = w.DatePicker(description="Date", value=date.today())
        self.attitudes = w.SelectMultiple(description="Attitudes", options=[], rows=4, layout=w.Layout(width="60%"))
        self.create_button = button("Créer la grille", "eval-creer", "plus")
        self.create_button.on_click(lambda _: self.create())
        # --- open a grid
        self.grade = w.Dropdown(description="Classe", options=[])
        self.grade.observe(lambda _: self._refresh_grids(), "value")
        self.grids = w.Dropdown(description="Grille", options=[], layout=w.Layout(width="60%"))
        self.open_button = button("Ouvrir", "eval-ouvrir", "folder-open")
        self.open_button.on_click(lambda _: self._open_selected())
        # --- grid tools
        self.column = w.Dropdown(description="Colonne", options=[])
        self.column_level = w.Text(description="Niveau", placeholder="N, D, A, E ou NE", layout=w.Layout(width="220px"))
        self.column_button = button("Toute la colonne", "eval-colonne")
        self.column_button.on_click(lambda _: self.fill_column(self.column.value, self.column_level.value))
        self.copy_button = button("Copier la grille précédente", "eval-copier", "copy")
        self.copy_button.on_click(lambda _: self.copy_previous())
        self.save_button = button("Enregistrer", "eval-enregistrer", "save", "success")
        self.save_button.on_click(lambda _: self.save())
        self.export_button = button("Grille à remplir (XLSX)", "eval-exporter", "download")
        self.export_button.on_click(lambda _: self.export_xlsx())
        self.import_upload = w.FileUpload(accept=".xlsx", multiple=False, description="Grille remplie")
        self.import_button = button("Importer", "eval-importer", "upload")
        self.import_button.on_click(lambda _: self.import_xlsx())
        self.grid_box = w.VBox()
        self.links = w.HTML()
        # --- follow-up and proposals
        self.year = w.Dropdown(description="Année", options=YEAR_OPTIONS, value="premiere")
        self.follow_button = button("Carte de la classe", "eval-suivi", "table")
        self.follow_button.on_click(lambda _: self.show_class())
        self.pupil = w.Dropdown(description="Élève", options=[])
        self.pupil_button = button("Page de l'élève", "eval-eleve", "user")
        self.pupil_button.on_click(lambda _: self.show_pupil())
        self.propose_button = button("Proposer pour la classe", "eval-proposer", "lightbulb-o")
        self.propose_button.on_click(lambda _: self.propose())
        self.view = w.HTML()
        self.view.add_class("spirale-eval-vue")
        # --- épreuves (CCF) of a progression
        self.ccf_progression = w.Dropdown(description="Progression", options=[], layout=w.Layout(width="60%"))
        self.ccf_progression.observe(lambda _: self._refresh_ccf(), "value")
        self.readiness_button = button("Préparation aux épreuves", "eval-preparation", "check-square-o")
        self.readiness_button.on_click(lambda _: self.show_readiness())
        self.ccf_situation = w.Dropdown(
            description="Situation de CCF",
            options=[],
            style={"description_width": "initial"},
            layout=w.Layout(width="60%"),
        )
        self.ccf_date = w.DatePicker(description="Date du CCF", value=None, style={"description_width": "initial"})
        self.ccf_button = button("Fiches CCF de la classe (PDF)", "eval-fiches-ccf", "file-pdf-o")
        self.ccf_button.on_click(lambda _: self.ccf_sheets())
        self.ccf_view = w.HTML()
        self.ccf_view.add_class("spirale-eval-epreuves")
        self.ccf_links = w.HTML()
        # --- titre professionnel: mises en situation against the CP's criteria
        self.tp_group = w.Text(description="Groupe", placeholder="ex. CC 2026")
        self.tp_group.observe(lambda _: self._refresh_trainees(), "value")
        self.tp_trainee = w.Combobox(
            description="Stagiaire", options=[], placeholder="nom du stagiaire", ensure_option=False
        )
        self.tp_title = w.Text(
            description="Mise en situation",
            value="Mise en situation",
            style={"description_width": "initial"},
            layout=w.Layout(width="420px"),
        )
        self.tp_date = w.DatePicker(description="Date", value=date.today())
        self.tp_competence = w.Dropdown(description="Compétence", options=[], layout=w.Layout(width="60%"))
        self.tp_competence.observe(lambda _: self._show_criteria(), "value")
        self.tp_criteria: dict[str, w.ToggleButtons] = {}
        self.tp_criteria_box = w.VBox()
        self.tp_comment = w.Text(description="Commentaire", layout=w.Layout(width="60%"))
        self.tp_save = button("Enregistrer la mise en situation", "eval-tp-enregistrer", "save", "success")
        self.tp_save.on_click(lambda _: self.save_session())
        self.tp_readiness_button = button("Préparation du stagiaire", "eval-tp-preparation", "check-square-o")
        self.tp_readiness_button.on_click(lambda _: self.show_titre_readiness())
        self.tp_pdf_button = button("PDF du stagiaire", "eval-tp-pdf", "file-pdf-o")
        self.tp_pdf_button.on_click(lambda _: self.titre_pdf())
        self.tp_view = w.HTML()
        self.tp_view.add_class("spirale-eval-titre")
        self.titre_box = w.VBox(
            [
                w.HTML(
                    "<h3>Titre professionnel : mises en situation</h3>"
                    "<p>Pour chaque critère de performance observé, indiquez « acquis » ou « non acquis » ; "
                    "une compétence à la fois, la mise en situation garde les autres.</p>"
                ),
                row(self.tp_group, self.tp_trainee),
                row(self.tp_title, self.tp_date),
                self.tp_competence,
                self.tp_criteria_box,
                self.tp_comment,
                row(self.tp_save, self.tp_readiness_button, self.tp_pdf_button),
                self.tp_view,
            ]
        )
        self.titre_box.add_class("spirale-eval-tp")
        self.class_box = w.VBox(
            [
                w.HTML("<h3>Nouvelle grille</h3>"),
                row(self.class_upload, self.when),
                w.HTML(
                    "<p>Partez d'une situation placée dans la progression de la classe, ou de n'importe quelle "
                    "situation de la banque.</p>"
                ),
                self.progression,
                self.placement,
                self.situation,
                self.attitudes,
                self.create_button,
                w.HTML("<h3>Grilles de la classe</h3>"),
                row(self.grade, self.grids, self.open_button),
                row(self.column, self.column_level, self.column_button, self.copy_button),
                self.grid_box,
                row(self.save_button, self.export_button, self.import_upload, self.import_button),
                self.links,
                w.HTML("<h3>Suivi et propositions</h3>"),
                row(self.year, self.follow_button, self.pupil, self.pupil_button, self.propose_button),
                self.view,
                w.HTML("<h3>Épreuves en CCF</h3>"),
                row(self.ccf_progression, self.readiness_button),
                self.ccf_view,
                row(self.ccf_situation, self.ccf_date),
                self.ccf_button,
                self.ccf_links,
            ]
        )
        for widget, name in (
            (self.class_upload, "liste"),
            (self.situation, "situation"),
            (self.progression, "progression"),
            (self.grade, "classe"),
            (self.grids, "grilles"),
            (self.column, "colonne"),
            (self.column_level, "niveau-colonne"),
            (self.pupil, "choix-eleve"),
            (self.ccf_progression, "progression-ccf"),
        ):
            widget.add_class(f"spirale-eval-{name}")
        self.widget = w.VBox([self.class_box, self.titre_box])
        self.widget.add_class("spirale-evaluation")
        state.on_bank_change(self.refresh)
        state.on_referential_change(self.refresh)
        self.refresh()

    # --- lists ---------------------------------------------------------------------------------------------
    def shown(self) -> None:
        """The tab is shown: re-read the bank (a preheated kernel built the page before the last changes)."""
        self.refresh()

    def refresh(self) -> None:
        from ..evaluation import classes

        with self.state.guard("liste des situations"):
            bank = self.state.bank
            self.situation.options = [(e.title, e.id) for e in bank.list(doc_type="scenario")]
            ref = self.state.referential
            self.attitudes.options = [(f"{a.code} {a.title}", a.code) for a in ref.attitudes]
            from ..services.evaluation import progressions

            found = progressions(bank)
            keep = self.progression.value
            self.progression.options = [NO_PROGRESSION, *found]
            self.progression.value = keep if keep in dict(found).values() else ""
            keep = self.ccf_progression.value
            self.ccf_progression.options = found
            if found:
                self.ccf_progression.value = keep if keep in dict(found).values() else found[0][1]
            self._show_titre(ref)
            self._refresh_placements()
            current = self.grade.value
            self.grade.options = classes(self.state.bank_dir)
            if self.grade.options:
                self.grade.value = current if current in self.grade.options else self.grade.options[0]
            self._refresh_grids()

    def _refresh_grids(self) -> None:
        from ..evaluation import evaluations

        if not self.grade.value:
            self.grids.options = []
            return
        with self.state.guard("grilles de la classe"):
            self.grids.options = [
                (f"{e.date:%d/%m/%Y} — {e.situation_title}", e.id)
                for e in reversed(evaluations(self.state.bank_dir, self.grade.value))
            ]
            self._refresh_pupils()

    def _refresh_pupils(self) -> None:
        try:
            record = self._record()
        except SpiraleError:
            self.pupil.options = []
            return
        self.pupil.options = [(record.pupils[k].full_name, k) for k in record.pupil_keys()]

    # --- creating and opening ------------------------------------------------------------------------------
    def create(self) -> None:
        from ..evaluation import create_evaluation
        from ..pfmp import read_class_list
        from .pfmp_tab import save_uploads

        with self.state.guard("création de la grille"):
            if self.class_upload.value:
                self.pupils = read_class_list(save_uploads(self.class_upload, self.work_dir)[0])
            if not self.pupils:
                raise SpiraleError("déposez d'abord la liste de la classe (CSV ou XLSX)")
            if self.progression.value:
                from ..services.evaluation import create_from_placement

                if self.placement.value is None:
                    raise SpiraleError("choisissez la semaine de la progression (situation placée)")
                ev = create_from_placement(
                    self.state.bank_dir,
                    self.progression.value,
                    self.placement.value,
                    self.pupils,
                    self.state.referential,
                    self.when.value or date.today(),
                    list(self.attitudes.value),
                )
            else:
                if not self.situation.value:
                    raise SpiraleError("choisissez la situation évaluée")
                ev = create_evaluation(
                    self.state.bank_dir,
                    self.situation.value,
                    self.pupils,
                    self.state.referential,
                    self.when.value or date.today(),
                    attitudes=list(self.attitudes.value),
                )
            self.refresh()
            self.grade.value = ev.grade
            self.open(ev)
            where = f", {ev.placement_label}" if ev.week else ""
            self.state.notify(
                f"Grille créée pour {len(ev.rows)} élèves ({ev.grade}{where}) : saisissez les niveaux "
                "au clavier (Tab pour passer à la case suivante).",
                "succes",
            )

    def _refresh_placements(self) -> None:
        from ..services.evaluation import placement_choices

        self.placement.options = []
        self.placement.layout.display = "flex" if self.progression.value else "none"
        self.situation.layout.display = "none" if self.progression.value else "flex"
        if self.progression.value:
            with self.state.guard("situations de la progression"):
                self.placement.options = placement_choices(self.state.bank, self.progression.value)
                self.placement.value = self.placement.options[0][1] if self.placement.options else None
                if not self.placement.options:
                    self.state.notify("Aucune situation placée dans cette progression.", "info")

    def _open_selected(self) -> None:
        from ..evaluation import find_evaluation

        with self.state.guard("ouverture de la grille"):
            if not self.grids.value:
                raise SpiraleError("choisissez une grille")
            self.open(find_evaluation(self.state.bank_dir, self.grids.value))

    def open(self, doc) -> None:
        """Show the grid: one row per pupil, one text cell per column (reading order = keyboard order)."""
        self.evaluation = doc
        if doc.grade not in self.grade.options:
            self.refresh()
        if doc.grade in self.grade.options:
            self.grade.value = doc.grade
        ref = self.state.referential
        titles = {s.code: s.title for c in ref.competences for s in c.sub_competences}
        titles.update({c.code: c.title for c in ref.competences})
        titles.update({a.code: a.title for a in ref.attitudes})
        codes = [*doc.columns, *doc.attitudes]
        self.column.options = [(f"{c} {titles.get(c, '')}"[:60], c) for c in codes]
        self.column.value = codes[0]
        if doc.id in dict(self.grids.options).values():
            self.grids.value = doc.id
        self.cells, self.comments = {}, {}
        width = "58px"
        header = [w.HTML("<b>Élève</b>", layout=w.Layout(width="200px"))]
        header += [
            w.HTML(f'<b title="{html.escape(titles.get(c, ""))}">{html.escape(c)}</b>', layout=w.Layout(width=width))
            for c in codes
        ]
        header.append(w.HTML("<b>Commentaire</b>"))
        lines = [w.HBox(header)]
        for row in doc.rows:
            key = row.pupil.key
            cells = []
            for code in codes:
                cell = w.Text(
                    value=row.levels.get(code) or row.attitudes.get(code, ""),
                    continuous_update=False,
                    layout=w.Layout(width=width),
                )
                cell.add_class("spirale-eval-cellule")
                cell.observe(lambda change, k=key, c=code: self._typed(k, c, change), "value")
                self.cells[(key, code)] = cell
                cells.append(cell)
            comment = w.Text(value=row.comment, continuous_update=False, layout=w.Layout(width="280px"))
            comment.observe(lambda change, k=key: self._commented(k, change), "value")
            self.comments[key] = comment
            lines.append(
                w.HBox([w.HTML(html.escape(row.pupil.full_name), layout=w.Layout(width="200px")), *cells, comment])
            )
        self.grid_box.children = lines
        where = f", {doc.placement_label}" if doc.week else ""
        self.state.notify(
            f"Grille « {doc.situation_title} » ({doc.grade}{where}, {doc.date:%d/%m/%Y}) ouverte.", "info"
        )

    # --- keyboard entry ------------------------------------------------------------------------------------
    def _sync(self) -> None:
        """Cells show the grid's levels (upper-case codes) after every change."""
        self._syncing = True
        try:
            for (key, code), cell in self.cells.items():
                row = self.evaluation.row(key)
                cell.value = row.levels.get(code) or row.attitudes.get(code, "")
        finally:
            self._syncing = False

    def _typed(self, key: str, code: str, change) -> None:
        if self._syncing:
            return
        from ..evaluation import parse_level, set_level

        try:
            level = parse_level(change["new"], self.state.referential.scale("positionnement"))
            self.evaluation = set_level(self.evaluation, key, code, level)
        except SpiraleError as exc:
            self.state.notify(f"{self.evaluation.row(key).pupil.full_name}, {code} : {exc}", "erreur")
        self._sync()

    def _commented(self, key: str, change) -> None:
        from ..evaluation import set_comment

        with self.state.guard("commentaire"):
            self.evaluation = set_comment(self.evaluation, key, change["new"])

    def type_cell(self, pupil_key: str, code: str, text: str) -> None:
        """What typing `text` in a cell then leaving it does (the Python API tests and scripts drive)."""
        self.cells[(pupil_key, code)].value = text

    def fill_column(self, code: str, text: str) -> None:
        from ..evaluation import parse_level, set_column

        with self.state.guard("colonne entière"):
            self._require()
            level = parse_level(text, self.state.referential.scale("positionnement"))
            self.evaluation = set_column(self.evaluation, code, level)
            self._sync()

    def copy_previous(self) -> None:
        from ..evaluation import copy_previous, previous_evaluation

        with self.state.guard("copie de la grille précédente"):
            self._require()
            previous = previous_evaluation(self.state.bank_dir, self.evaluation)
            if previous is None:
                raise SpiraleError("aucune grille précédente pour cette classe")
            self.evaluation = copy_previous(self.evaluation, previous)
            self._sync()
            self.state.notify(f"Niveaux repris de « {previous.situation_title} » ({previous.date:%d/%m/%Y}).", "succes")

    def _require(self) -> None:
        if self.evaluation is None:
            raise SpiraleError("ouvrez ou créez d'abord une grille")

    def save(self):
        from ..bank import ConflictError
        from ..evaluation import save_evaluation

        with self.state.guard("enregistrement de la grille"):
            self._require()
            try:
                self.evaluation = save_evaluation(self.state.bank_dir, self.evaluation)
            except ConflictError as exc:
                self.state.notify(f"Enregistrement refusé : {exc}", "erreur")
                return None
            self.state.notify(f"Grille enregistrée (révision {self.evaluation.revision}).", "succes")
            self._refresh_pupils()
            return self.evaluation

    # --- XLSX round trip -----------------------------------------------------------------------------------
    def export_xlsx(self) -> None:
        from ..evaluation.workbook import write_evaluation_workbook
        from ..text import safe_filename
        from .downloads import download_link

        with self.state.guard("export de la grille"):
            self._require()
            path = write_evaluation_workbook(
                self.evaluation,
                self.state.export_dir / f"grille-{safe_filename(self.evaluation.grade)}.xlsx",
                self.state.referential,
            )
            self.links.value = download_link(path)

    def import_xlsx(self) -> None:
        from ..evaluation.workbook import import_evaluation_workbook
        from .pfmp_tab import save_uploads

        with self.state.guard("import de la grille"):
            self._require()
            if not self.import_upload.value:
                raise SpiraleError("déposez la grille remplie (XLSX)")
            path = save_uploads(self.import_upload, self.work_dir / "import")[0]
            self.open(import_evaluation_workbook(self.state.bank_dir, self.evaluation.id, path, self.state.referential))
            self.state.notify("Grille importée et enregistrée.", "succes")

    # --- follow-up -----------------------------------------------------------------------------------------
    def _record(self):
        from ..evaluation import class_record

        if not self.grade.value:
            raise SpiraleError("choisissez une classe")
        return class_record(self.state.bank_dir, self.grade.value, self.state.referential)

    def show_class(self) -> None:
        from ..evaluation.views import class_counts, heatmap_html

        with self.state.guard("carte de la classe"):
            record = self._record()
            counts = class_counts(record, self.year.value)
            summary = (
                f"<p>{counts['eleves']} élèves, {counts['situations']} situations évaluées ; "
                f"{counts['validees']} compétences validées sur {counts['evaluees']} évaluées.</p>"
            )
            self.view.value = summary + str(heatmap_html(record, self.year.value))  # numbers only: nothing to escape

    def show_pupil(self) -> None:
        from ..evaluation.views import pupil_page

        with self.state.guard("page de l'élève"):
            if not self.pupil.value:
                raise SpiraleError("choisissez un élève")
            page = pupil_page(self._record().pupil(self.pupil.value))
            self.view.value = f'<iframe class="spirale-apercu-frame" srcdoc="{html.escape(page)}"></iframe>'

    def propose(self):
        from ..evaluation.proposals import propose_for_class

        with self.state.guard("propositions pour la classe"):
            proposals, _targets, text = propose_for_class(self._record(), self.year.value)
            items = "".join(f"<li>{html.escape(p.scenario.title)}</li>" for p in proposals)
            self.view.value = f"<p>{html.escape(text)}</p><ol>{items}</ol>"
            self.proposals = proposals
            return proposals

    # --- épreuves (CCF) ------------------------------------------------------------------------------------
    def _refresh_ccf(self) -> None:
        from ..services.evaluation import ccf_placements

        self.ccf_view.value, self.ccf_links.value = "", ""
        self.ccf_situation.options = []
        if not self.ccf_progression.value:
            return
        with self.state.guard("situations de CCF"):
            prog = self.state.bank.get(self.ccf_progression.value)
            self.ccf_situation.options = [
                (
                    f"{exam} — {_year(year)}, semaine {week} — "
                    f"{self.state.bank.entry(sid).title if sid in self.state.bank else sid}",
                    i,
                )
                for i, (exam, sid, year, week) in enumerate(ccf_placements(prog))
            ]
            self.ccf_situation.value = 0 if self.ccf_situation.options else None

    def show_readiness(self):
        """Per épreuve: prêt / pas prêt, and what the class is missing (`planning.exams.exam_readiness`)."""
        from ..services.evaluation import exam_readiness

        with self.state.guard("préparation aux épreuves"):
            if not self.ccf_progression.value:
                raise SpiraleError("enregistrez d'abord une progression de la classe (onglet Progression)")
            prog, statuses = exam_readiness(self.state.bank_dir, self.ccf_progression.value)
            items = []
            for status in statuses:
                scope = status.scope
                css = "pret" if status.ready else "pas-pret" if status.placements else "sans-ccf"
                problems = "".join(f"<li>{html.escape(str(p))}</li>" for p in status.problems)
                items.append(
                    f'<li class="spirale-epreuve-{css}"><b>{html.escape(scope.short_code)} '
                    f"{html.escape(scope.exam.title)}</b> ({html.escape(scope.mode)}) : "
                    f"<b>{html.escape(status.status)}</b>" + (f"<ul>{problems}</ul>" if problems else "") + "</li>"
                )
            self.ccf_view.value = (
                f"<p>Progression « {html.escape(prog.title)} » ({html.escape(prog.class_name)}) :"
                f"</p><ul>{''.join(items)}</ul>"
            )
            return statuses

    def ccf_sheets(self):
        """The class's CCF sheets for the chosen CCF situation, made by the batch, as one zip to download."""
        from ..services.evaluation import ccf_placements, class_ccf_sheets
        from ..text import safe_filename
        from .downloads import download_link, make_zip

        with self.state.guard("fiches CCF de la classe"):
            if not self.ccf_progression.value:
                raise SpiraleError("choisissez la progression de la classe")
            if self.ccf_situation.value is None:
                raise SpiraleError(
                    "aucune situation de CCF placée dans cette progression : marquez-en une dans l'onglet Progression"
                )
            prog = self.state.bank.get(self.ccf_progression.value)
            exam, sid, year, _week = ccf_placements(prog)[self.ccf_situation.value]
            grade = self.grade.value or prog.class_name
            out = self.state.export_dir / f"ccf-{safe_filename(grade)}-{exam.lower()}"
            summary, report = class_ccf_sheets(
                self.state.bank_dir, grade, exam, year, sid, self.ccf_date.value, self.state.referential, out
            )
            files = sorted(p for p in out.glob("*.pdf"))
            if files:
                archive = make_zip(files, out.with_suffix(".zip"))
                self.ccf_links.value = download_link(archive, f"Fiches CCF {exam} — {grade} ({len(files)} PDF)")
            failed = "".join(
                f"<li>{html.escape(str(i.document))} : {html.escape(str(i.error))}</li>" for i in report.failed
            )
            self.ccf_view.value = f"<p>{html.escape(report.summary())}.</p>" + (f"<ul>{failed}</ul>" if failed else "")
            self.state.notify(
                f"Fiches CCF {exam} de la classe {grade} : {report.summary()}.", "erreur" if report.failed else "succes"
            )
            return report

    # --- titre professionnel -------------------------------------------------------------------------------
    def _show_titre(self, ref) -> None:
        """The titre section replaces the class tools when the atelier's referential is a titre professionnel."""
        is_titre = ref.id.startswith("tp-")
        self.titre_box.layout.display = "flex" if is_titre else "none"
        self.class_box.layout.display = "none" if is_titre else "flex"
        if is_titre:
            self.tp_competence.options = [(f"{c.code} {c.title}", c.code) for c in ref.competences if c.criteria]
            self._show_criteria()

    def _show_criteria(self) -> None:
        from ..evaluation.titre import criteria_of

        self.tp_criteria = {}
        lines = []
        if self.tp_competence.value:
            for cid, text in criteria_of(self.state.referential, self.tp_competence.value):
                toggle = w.ToggleButtons(options=CRITERION_STATES, value="", style={"button_width": "auto"})
                toggle.add_class("spirale-eval-critere")
                self.tp_criteria[cid] = toggle
                lines.append(w.VBox([w.HTML(f"<b>{html.escape(cid)}</b> {html.escape(text)}"), toggle]))
        self.tp_criteria_box.children = lines

    def _refresh_trainees(self) -> None:
        from ..services.evaluation import titre_records

        if self.tp_group.value.strip():
            with self.state.guard("stagiaires du groupe"):
                self.tp_trainee.options = [r.trainee for r in titre_records(self.state.bank_dir, self.tp_group.value)]

    def save_session(self):
        from ..services.evaluation import record_session

        with self.state.guard("enregistrement de la mise en situation"):
            results = {cid: t.value == "oui" for cid, t in self.tp_criteria.items() if t.value}
            record = record_session(
                self.state.bank_dir,
                self.tp_group.value,
                self.tp_trainee.value,
                self.tp_title.value,
                self.tp_date.value or date.today(),
                results,
                self.tp_comment.value,
            )
            self._refresh_trainees()
            self.state.notify(
                f"« {self.tp_title.value} » enregistrée pour {record.trainee} "
                f"({len(record.sessions)} mise(s) en situation au dossier).",
                "succes",
            )
            self.show_titre_readiness()
            return record

    def _trainee_record(self):
        from ..services.evaluation import titre_record

        record = titre_record(self.state.bank_dir, self.tp_group.value, self.tp_trainee.value)
        if not record.sessions:
            raise SpiraleError(f"aucune mise en situation enregistrée pour « {record.trainee} »")
        return record

    def show_titre_readiness(self):
        from ..evaluation.titre import readiness

        with self.state.guard("préparation du stagiaire"):
            record = self._trainee_record()
            parts = readiness(self.state.referential, record)
            blocks = []
            for part in parts:
                head, *details = part.lines()
                css = "pret" if part.ready else "pas-pret"
                blocks.append(
                    f'<div class="spirale-epreuve-{css}"><b>{html.escape(head)}</b><ul>'
                    + "".join(f"<li>{html.escape(d.strip())}</li>" for d in details if not d.strip().startswith("•"))
                    + "</ul></div>"
                )
            self.tp_view.value = (
                f"<p>{html.escape(record.trainee)} : {len(record.sessions)} mise(s) en situation.</p>" + "".join(blocks)
            )
            return parts

    def titre_pdf(self):
        from ..services.evaluation import titre_readiness_pdf
        from .downloads import download_link

        with self.state.guard("PDF du stagiaire"):
            path = titre_readiness_pdf(self._trainee_record(), self.state.export_dir)
            self.tp_view.value = download_link(path) + self.tp_view.value
            return path


def _year(level: str) -> str:
    return dict((v, k) for k, v in YEAR_OPTIONS).get(level, level)
