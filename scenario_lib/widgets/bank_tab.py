"""Banque tab: the bank as a filterable, sortable table; open, duplicate, delete (confirmed, undoable), settle
conflicts field by field; history and trash; zip export/import and the referential's Moodle export."""

from __future__ import annotations

import html

import ipywidgets as w

from ..bank import deleted_at, field_differences
from ..bank.conflicts import _show
from ..document import document_label
from ..services.documents import entry_level_label, keep_other_version, unsaved_drafts
from ..text import fold
from ..typography import typeset
from .base import Tab, button
from .table import DataTable

ALL = ""
# column label → (sort key, CSS grid width)
COLUMNS = {
    "Titre": (lambda e: fold(e.title), "minmax(16em, 3fr)"),
    "Type": (lambda e: e.doc_type, "minmax(9em, 1fr)"),
    "Niveau": (lambda e: e.level, "minmax(7em, 0.7fr)"),
    "Blocs": (lambda e: ",".join(e.blocks), "minmax(6em, 0.6fr)"),
    "Modifié": (lambda e: e.updated, "minmax(9em, 0.8fr)"),
}


def row_cells(entry) -> list[str]:
    return [
        typeset(entry.title),  # as on the sheets: « Campagne d’appels »
        document_label(entry.doc_type),
        entry_level_label(entry),
        ", ".join(entry.blocks),
        entry.updated.astimezone().strftime("%d/%m/%Y %H:%M"),
    ]


class BankTab(Tab):
    title = "Banque"

    def build(self) -> None:
        state = self.state
        self.entries: list = []
        self.text = w.Text(
            placeholder="Filtrer (titre, entreprise, texte…)", description="Filtrer", continuous_update=True
        )
        self.level = w.Dropdown(description="Niveau", options=[("tous", ALL)])
        self.block = w.Dropdown(description="Bloc", options=[("tous", ALL)])
        self.text.add_class("spirale-banque-filtre")
        for widget in (self.text, self.level, self.block):
            widget.observe(lambda _: self.refresh(), "value")
        self.table = DataTable({label: width for label, (_, width) in COLUMNS.items()}, name="banque-table")
        self.table.sort_column, self.table.descending = "Modifié", True  # the latest work first
        self.headers = self.table.headers
        self.count = w.HTML()
        buttons = {
            name: w.Button(description=text, icon=icon, layout=w.Layout(width="auto"))
            for name, text, icon in (
                ("ouvrir", "Ouvrir dans le Composer", "folder-open"),
                ("dupliquer", "Dupliquer", "copy"),
                ("supprimer", "Supprimer", "trash"),
                ("actualiser", "Actualiser", "refresh"),
            )
        }
        for name, action in buttons.items():
            action.add_class(f"spirale-banque-{name}")
        buttons["ouvrir"].on_click(lambda _: self.open_selected())
        buttons["dupliquer"].on_click(lambda _: self.duplicate_selected())
        buttons["supprimer"].on_click(lambda _: self.ask_delete())
        buttons["actualiser"].on_click(lambda _: self.refresh())
        self.buttons = buttons
        self._undo_id = ""
        self.confirm_box = w.HBox()
        self.confirm_box.add_class("spirale-banque-confirmation")
        self.conflict_box = w.VBox()
        self.conflict_box.add_class("spirale-conflits")
        self.drafts_box = w.VBox()
        self.drafts_box.add_class("spirale-banque-brouillons")
        self.merge_choices: dict[str, dict[tuple, w.ToggleButtons]] = {}  # conflict file → field → choice
        self._build_history()
        self._build_trash()
        self._build_sharing()
        self.tools = w.Accordion(
            children=[self.history_box, self.trash_box, self.sharing_box],
            titles=("Historique du document choisi", "Corbeille", "Partager : archive zip, référentiel pour Moodle"),
            selected_index=None,
            layout=w.Layout(width="830px"),
        )
        self.tools.add_class("spirale-banque-outils")
        self.tools.observe(lambda _: self.refresh_tools(), "selected_index")
        self.table.observe(lambda _: self.refresh_tools(), "value")
        state.on_bank_change(self.refresh)
        self.widget = w.VBox(
            [
                w.HBox([self.text, self.level, self.block]),
                self.table,
                self.count,
                w.HBox(list(buttons.values())),
                self.confirm_box,
                self.conflict_box,
                self.drafts_box,
                self.tools,
            ]
        )
        self.refresh()

    # --- listing --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.state.guard("Lecture de la banque"):
            bank = self.state.bank
            everything = bank.list()
            self._update_facets(everything)
            self.entries = bank.list(
                level=self.level.value or None, block=self.block.value or None, text=self.text.value or None
            )
            self.table.set_rows([(e.id, row_cells(e), [key(e) for key, _ in COLUMNS.values()]) for e in self.entries])
            by_id = {e.id: e for e in self.entries}
            self.entries = [by_id[i] for i in self.table.shown_values()]
            self.count.value = f"{len(self.entries)} document(s) affiché(s) sur {len(everything)}."
            self._show_conflicts(everything)
            self._show_drafts()
            self.refresh_tools()
            if self._undo_id and self._undo_id in {e.id for e in everything}:  # back already: nothing to undo
                self._undo_id, self.confirm_box.children = "", ()

    def shown(self) -> None:
        self.refresh()

    def _show_drafts(self) -> None:
        """« Brouillons »: work typed in an editor but never saved, to take up again in its tab or to throw away."""
        rows = []
        for draft in unsaved_drafts(self.state.bank):
            take = button("Reprendre", "brouillon-reprendre", "undo", "warning")
            drop = button("Supprimer le brouillon", "brouillon-supprimer", "trash")
            take.on_click(lambda _, d=draft: self.resume_draft(d))
            drop.on_click(lambda _, d=draft: self.discard_draft(d))
            label = (
                f"« {html.escape(draft.title)} » — {html.escape(document_label(draft.doc_type))}, "
                f"brouillon du {draft.when()}"
            )
            rows.append(w.HBox([w.HTML(label), take, drop]))
        self.drafts_box.children = (
            [w.HTML(f"<h4>Brouillons jamais enregistrés ({len(rows)})</h4>"), *rows] if rows else []
        )

    def resume_draft(self, draft) -> None:
        with self.state.guard("Reprise du brouillon"):
            self.state.open(draft)

    def discard_draft(self, draft) -> None:
        with self.state.guard("Suppression du brouillon"):
            self.state.drafts.discard(draft.doc_id)
            self._show_drafts()
            self.state.notify(f"Brouillon « {draft.title} » supprimé.", "succes")

    def _update_facets(self, entries) -> None:
        labels = {e.level: entry_level_label(e) for e in entries if e.level}
        blocks = sorted({b for e in entries for b in e.blocks})
        self.level.options = [("tous", ALL)] + [(labels[lv], lv) for lv in sorted(labels)]
        self.block.options = [("tous", ALL)] + [(b, b) for b in blocks]

    def sort_by(self, column: str) -> None:
        self.table.sort_by(column)
        self.refresh()

    def selected(self):
        if not self.table.value:
            self.state.notify("Choisissez d'abord un document dans la liste.", "erreur")
            return None
        return next(e for e in self.entries if e.id == self.table.value)

    # --- actions --------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        entry = self.selected()
        if entry:
            with self.state.guard("Ouverture"):
                self.state.open(self.state.read(entry.id))

    def duplicate_selected(self) -> None:
        entry = self.selected()
        if entry:
            with self.state.guard("Duplication"):
                copy = self.state.bank.duplicate(entry.id)
                self.state.bank_changed()
                self.table.value = copy.id
                self.state.notify(f"Copie créée : « {copy.title} ».", "succes")

    def ask_delete(self) -> None:
        entry = self.selected()
        if not entry:
            return
        yes = w.Button(description="Oui, supprimer", button_style="danger", layout=w.Layout(width="auto"))
        no = w.Button(description="Annuler", layout=w.Layout(width="auto"))
        yes.add_class("spirale-confirmer-suppression")
        yes.on_click(lambda _: self.delete(entry.id))
        no.on_click(lambda _: setattr(self.confirm_box, "children", ()))
        self.confirm_box.children = [
            w.HTML(f"Supprimer « {html.escape(entry.title)} » ? Il ira dans la corbeille de la banque (récupérable). "),
            yes,
            no,
        ]

    def delete(self, doc_id: str) -> None:
        self.confirm_box.children = ()
        with self.state.guard("Suppression"):
            title = self.state.bank.get(doc_id).title
            trashed = self.state.bank.delete(doc_id)
            self._undo_id = doc_id
            self.state.bank_changed()
            self.state.notify(f"« {title} » déplacé dans la corbeille de la banque.", "succes")
            undo = button("Annuler la suppression", "annuler-suppression", "undo", "warning")
            undo.on_click(lambda _: self.undo_delete(doc_id, trashed))
            self.confirm_box.children = [w.HTML(f"« {html.escape(title)} » est dans la corbeille.\u00a0"), undo]

    def undo_delete(self, doc_id: str, trashed) -> None:
        """Right after a deletion: the document comes back from the trash as it was."""
        self.confirm_box.children = ()
        with self.state.guard("Annulation de la suppression"):
            doc = self.state.bank.restore(doc_id, trashed)
            self.state.bank_changed()
            self.table.value = doc.id
            self.state.notify(f"Suppression annulée : « {doc.title} » est de retour dans la banque.", "succes")

    # --- conflicts ------------------------------------------------------------------------------------
    def _show_conflicts(self, entries) -> None:
        bank = self.state.bank
        cards = []
        for entry in entries:
            for copy in bank.conflicts(entry.id):
                cards.append(self._conflict_card(entry, copy))
        self.conflict_box.children = [w.HTML("<h4>Versions en conflit</h4>"), *cards] if cards else []

    def _conflict_card(self, entry, copy) -> w.Widget:
        bank = self.state.bank
        differences = field_differences(bank.get(entry.id), bank._as_document(copy))
        choices: dict[tuple, w.ToggleButtons] = {}
        rows = []
        for difference in differences:
            choice = w.ToggleButtons(
                options=[("Banque", "banque"), ("Autre version", "autre")],
                value="banque",
                style={"button_width": "110px"},
            )
            choice.add_class("spirale-choix-fusion")
            choices[difference.path] = choice
            detail = "".join(f"<li>{html.escape(line)}</li>" for line in difference.details)
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<b>{html.escape(difference.label[:1].upper() + difference.label[1:])}</b> — banque : {html.escape(_show(difference.bank))} ; "
                            f"autre version : {html.escape(_show(difference.other))}"
                            + (f"<ul>{detail}</ul>" if detail else "")
                        ),
                        choice,
                    ]
                )
            )
        self.merge_choices[str(copy.path)] = choices
        keep_bank = w.Button(description="Garder la version de la banque", layout=w.Layout(width="auto"))
        keep_copy = w.Button(description="Garder l'autre version", layout=w.Layout(width="auto"))
        merge = button("Enregistrer la version fusionnée", "fusionner", "compress", "success")
        keep_bank.add_class("spirale-garder-banque")
        keep_copy.add_class("spirale-garder-copie")
        keep_bank.on_click(lambda _: self.keep_bank_version(copy))
        keep_copy.on_click(lambda _: self.keep_other_version(entry.id, copy))
        merge.on_click(lambda _: self.merge(entry.id, copy))
        intro = w.HTML(
            f"<p><b>« {html.escape(entry.title)} »</b> : une autre version attend (enregistrement refusé ou copie "
            f"d'un outil de synchronisation, révision {copy.revision}). Pour chaque champ qui diffère "
            f"de la version de la banque (révision {entry.revision}), choisissez la version à garder, puis "
            "enregistrez la version fusionnée :</p>" + ("" if differences else "<p>Aucune différence.</p>")
        )
        card = w.VBox([intro, *rows, w.HBox([merge, keep_bank, keep_copy])])
        card.add_class("spirale-carte")
        card.add_class("spirale-conflit")
        return card

    def merge(self, doc_id: str, copy) -> None:
        """Save the bank's version with the fields chosen « Autre version » taken from the conflict copy."""
        choices = self.merge_choices.get(str(copy.path), {})
        take_other = {path for path, choice in choices.items() if choice.value == "autre"}
        with self.state.guard("Fusion"):
            saved = self.state.bank.merge(doc_id, copy, take_other)
            self.state.bank_changed()
            self.state.notify(
                f"Version fusionnée enregistrée (révision {saved.revision}) ; les deux versions "
                "d'origine restent récupérables (historique et corbeille).",
                "succes",
            )

    def keep_bank_version(self, copy) -> None:
        with self.state.guard("Conflit"):
            self.state.bank.resolve(copy)
            self.state.bank_changed()
            self.state.notify("Version de la banque gardée ; l'autre version est dans la corbeille.", "succes")

    def keep_other_version(self, doc_id: str, copy) -> None:
        with self.state.guard("Conflit"):
            keep_other_version(self.state.bank, doc_id, copy)
            self.state.bank_changed()
            self.state.notify(
                "L'autre version remplace celle de la banque (l'ancienne reste dans l'historique).", "succes"
            )

    # --- history and trash ----------------------------------------------------------------------------
    def _build_history(self) -> None:
        self.history_list = w.Select(options=[], rows=6, layout=w.Layout(width="800px"))
        self.history_list.add_class("spirale-historique-liste")
        show = button("Voir cette révision", "historique-voir", "eye")
        back = button("Restaurer cette révision", "historique-restaurer", "history", "warning")
        show.on_click(lambda _: self.show_revision())
        back.on_click(lambda _: self.restore_revision())
        self.history_info = w.HTML()
        self.revision_view = w.HTML()
        self.revision_view.add_class("spirale-historique-revision")
        self.history_box = w.VBox([self.history_info, self.history_list, w.HBox([show, back]), self.revision_view])
        self.history_box.add_class("spirale-historique")

    def _build_trash(self) -> None:
        self.trash_list = w.Select(options=[], rows=6, layout=w.Layout(width="800px"))
        self.trash_list.add_class("spirale-corbeille-liste")
        back = button("Restaurer", "corbeille-restaurer", "undo", "warning")
        back.on_click(lambda _: self.restore_trashed())
        self.trash_info = w.HTML()
        self.trash_box = w.VBox([self.trash_info, self.trash_list, back])
        self.trash_box.add_class("spirale-corbeille")

    def refresh_tools(self) -> None:
        """Fill the open panel only: history and trash are read on demand, not at every keystroke."""
        if self.tools.selected_index == 0:
            self._refresh_history()
        elif self.tools.selected_index == 1:
            self._refresh_trash()

    def _refresh_history(self) -> None:
        self.revision_view.value = ""
        doc_id = self.table.value
        if not doc_id:
            self.history_info.value = "<i>Choisissez un document dans la liste pour voir ses révisions.</i>"
            self.history_list.options = []
            return
        with self.state.guard("Historique"):
            bank = self.state.bank
            current = bank.entry(doc_id)
            revisions = bank.history(doc_id)
            self.history_info.value = (
                f"« {html.escape(current.title)} » : révision {current.revision} dans la "
                f"banque, {len(revisions)} révision(s) précédente(s)."
            )
            self.history_list.options = [(_revision_label(e), e.revision) for e in revisions]

    def show_revision(self) -> None:
        doc_id, revision = self.table.value, self.history_list.value
        if not doc_id or revision is None:
            self.state.notify("Choisissez d'abord une révision dans l'historique.", "erreur")
            return
        with self.state.guard("Historique"):
            bank = self.state.bank
            old = bank.revision(doc_id, revision)
            changes = bank.diff(old, bank.get(doc_id))
            items = "".join(f"<li>{html.escape(c)}</li>" for c in changes) or "<li>aucune différence</li>"
            self.revision_view.value = (
                f"<p>Révision {revision} — « {html.escape(old.title)} ». Ce qui a changé "
                f"depuis, jusqu'à la version actuelle :</p><ul>{items}</ul>"
            )

    def restore_revision(self) -> None:
        doc_id, revision = self.table.value, self.history_list.value
        if not doc_id or revision is None:
            self.state.notify("Choisissez d'abord une révision dans l'historique.", "erreur")
            return
        with self.state.guard("Restauration"):
            saved = self.state.bank.restore_revision(doc_id, revision)
            self.state.bank_changed()
            self.state.notify(
                f"Révision {revision} restaurée : elle devient la révision {saved.revision} (la "
                "version remplacée reste dans l'historique).",
                "succes",
            )

    def _refresh_trash(self) -> None:
        with self.state.guard("Corbeille"):
            entries = self.state.bank.trash()
            self._trash_entries = {str(e.path): e for e in entries}
            self.trash_info.value = (
                f"{len(entries)} document(s) dans la corbeille." if entries else "<i>La corbeille est vide.</i>"
            )
            self.trash_list.options = [(_trash_label(e), str(e.path)) for e in entries]

    def restore_trashed(self) -> None:
        entry = getattr(self, "_trash_entries", {}).get(self.trash_list.value or "")
        if entry is None:
            self.state.notify("Choisissez d'abord un document dans la corbeille.", "erreur")
            return
        with self.state.guard("Restauration"):
            doc = self.state.bank.restore(entry.id, entry)
            self.state.bank_changed()
            self.table.value = doc.id
            self.state.notify(f"« {doc.title} » est de retour dans la banque.", "succes")

    # --- sharing --------------------------------------------------------------------------------------
    def _build_sharing(self) -> None:
        from ..bank.archive import ON_CONFLICT

        export = button("Exporter toute la banque (zip)", "exporter-zip", "file-archive-o")
        export.on_click(lambda _: self.export_zip())
        self.upload = w.FileUpload(accept=".zip", multiple=False, description="Choisir l'archive")
        self.upload.add_class("spirale-importer-fichier")
        labels = {
            "refuser": "refuser l'import",
            "copie": "garder les deux (copie)",
            "remplacer": "remplacer (l'ancienne version va dans l'historique)",
        }
        self.on_conflict = w.Dropdown(
            options=[(labels[c], c) for c in ON_CONFLICT],
            value="refuser",
            description="Même document, contenu différent :",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.on_conflict.add_class("spirale-si-conflit")
        do_import = button("Importer", "importer-zip", "upload")
        do_import.on_click(lambda _: self.import_zip())
        moodle = button("Exporter le référentiel pour Moodle (CSV)", "exporter-moodle", "graduation-cap")
        moodle.on_click(lambda _: self.export_moodle())
        self.sharing_link = w.HTML()
        self.sharing_link.add_class("spirale-lien-partage")
        self.import_report = w.HTML()
        self.import_report.add_class("spirale-rapport-import")
        self.sharing_box = w.VBox(
            [
                w.HTML("<b>Envoyer à un collègue</b> : une archive de tous les documents, à importer dans sa banque."),
                w.HBox([export, moodle]),
                self.sharing_link,
                w.HTML("<b>Importer une archive</b> reçue d'un collègue :"),
                w.HBox([self.upload, self.on_conflict, do_import]),
                self.import_report,
            ]
        )
        self.sharing_box.add_class("spirale-partage")

    def export_zip(self):
        from datetime import date

        from .downloads import download_link

        self.sharing_link.value = ""
        with self.state.guard("Export de la banque"):
            path = self.state.export_dir / f"banque-spirale-{date.today():%Y-%m-%d}.zip"
            count = self.state.bank.export_zip(path)
            self.sharing_link.value = download_link(path)
            self.state.notify(
                f"{count} document(s) dans l'archive : cliquez sur le lien pour la télécharger.", "succes"
            )
            return path
        return None

    def export_moodle(self):
        from ..referential.moodle import export_moodle_csv
        from ..text import safe_filename
        from .downloads import download_link

        self.sharing_link.value = ""
        with self.state.guard("Export pour Moodle"):
            ref = self.state.referential
            path = self.state.export_dir / f"{safe_filename(ref.short_title or ref.code)}-moodle.csv"
            count = export_moodle_csv(ref, path)
            self.sharing_link.value = download_link(path)
            self.state.notify(
                f"Référentiel prêt pour Moodle ({count} lignes) : dans Moodle, « Importer un "
                "référentiel de compétences ».",
                "succes",
            )
            return path
        return None

    def import_zip(self):
        from .pfmp_tab import save_uploads

        self.import_report.value = ""
        if not self.upload.value:
            self.state.notify("Choisissez d'abord l'archive zip à importer.", "erreur")
            return None
        with self.state.guard("Import"):
            [path] = save_uploads(self.upload.value and self.upload, self.state.export_dir / "imports")
            report = self.state.bank.import_zip(path, self.on_conflict.value)
            self.upload.value = ()
            lines = [f"<li>{html.escape(str(p))}</li>" for p in report.problems]
            self.import_report.value = f"<p>Import : {html.escape(report.summary().split(' ; ')[0])}.</p>" + (
                f"<p>Fichiers ignorés :</p><ul>{''.join(lines)}</ul>" if lines else ""
            )
            self.state.bank_changed()
            self.state.notify("Import terminé : le détail est sous le bouton « Importer ».", "succes")
            return report
        return None


def _revision_label(entry) -> str:
    authors = f" — {', '.join(entry.authors)}" if entry.authors else ""
    return f"Révision {entry.revision} — {entry.updated.astimezone():%d/%m/%Y %H:%M} — {entry.title}{authors}"


def _trash_label(entry) -> str:
    when = deleted_at(entry)
    return f"{entry.title} — supprimé le {when:%d/%m/%Y à %H:%M}" if when else entry.title
