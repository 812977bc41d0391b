"""Never lose work in the atelier: unsaved marker, drafts offered back, hand edits detected, Ctrl+S target."""

import html
import zipfile
from datetime import UTC, datetime

from scenario_lib.bank import Bank, Drafts
from scenario_lib.widgets import Atelier
from scenario_lib.widgets.bank_tab import BankTab
from scenario_lib.widgets.base import SAVE_SHORTCUT_CLASS, UNSAVED_CLASS
from scenario_lib.widgets.composer_tab import ComposerTab

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def _open(atelier, doc_id):
    bank_tab = atelier.tab(BankTab)
    bank_tab.table.value = doc_id
    bank_tab.open_selected()
    return atelier.tab(ComposerTab)


def test_an_edit_marks_the_page_unsaved_and_a_draft_is_written_then_dropped_on_save(bank_dir, saved):
    composer = _open(Atelier(bank_dir=bank_dir), saved.id)
    work = composer.work
    assert UNSAVED_CLASS not in work.status._dom_classes and not work.dirty
    assert SAVE_SHORTCUT_CLASS in composer.save_button._dom_classes
    composer.form.fields["mission"].value = "Mission retouchée dans l'atelier"
    assert work.dirty and UNSAVED_CLASS in work.status._dom_classes  # the page now asks before leaving
    work.flush()  # what the timer does a few seconds after the last keystroke
    draft = Drafts(bank_dir).get(saved.id)
    assert draft.data["mission"] == "Mission retouchée dans l'atelier" and "brouillon gardé" in work.status.value
    assert Bank(bank_dir).get(saved.id).mission == saved.mission  # the bank itself is untouched
    composer.save()
    assert Drafts(bank_dir).get(saved.id) is None and not work.dirty
    assert UNSAVED_CLASS not in work.status._dom_classes and "révision 2" in work.status.value


def test_the_draft_timer_writes_the_draft(bank_dir, saved):
    import time

    composer = _open(Atelier(bank_dir=bank_dir), saved.id)
    composer.work.delay = 0.05
    composer.form.fields["notes"].value = "Écrit puis page rechargée"
    deadline = time.monotonic() + 5
    while Drafts(bank_dir).get(saved.id) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert Drafts(bank_dir).get(saved.id).data["notes"] == "Écrit puis page rechargée"


def test_reopening_offers_the_draft_resume_or_ignore(bank_dir, saved):
    composer = _open(Atelier(bank_dir=bank_dir), saved.id)
    composer.work.delay = 600  # the page is reloaded at once: its timer must not rewrite the draft meanwhile
    composer.form.fields["mission"].value = "Travail non enregistré"
    composer.work.flush()

    # the page is reloaded: a new atelier, the document reopened from the bank
    composer = _open(Atelier(bank_dir=bank_dir), saved.id)
    composer.work.delay = 600
    offer = composer.work.offer_box
    assert "Un brouillon non enregistré du" in offer.children[0].value
    assert composer.form.fields["mission"].value == saved.mission  # nothing replaced without asking
    offer.children[1].click()  # « Reprendre »
    assert composer.form.fields["mission"].value == "Travail non enregistré"
    assert composer.work.dirty and offer.children == ()
    assert composer.save().mission == "Travail non enregistré"

    composer.form.fields["mission"].value = "Autre essai"
    composer.work.flush()
    composer = _open(Atelier(bank_dir=bank_dir), saved.id)
    composer.work.offer_box.children[2].click()  # « Ignorer »
    assert Drafts(bank_dir).get(saved.id) is None and composer.form.fields["mission"].value == "Travail non enregistré"


def test_a_hand_edit_made_while_the_form_is_open_is_a_conflict(bank_dir, saved):
    atelier = Atelier(bank_dir=bank_dir)
    composer = _open(atelier, saved.id)
    path = Bank(bank_dir).entry(saved.id).path
    path.write_text(path.read_text(encoding="utf-8").replace(saved.mission, "Corrigé à la main"), encoding="utf-8")
    composer.form.fields["notes"].value = "Ajout dans l'atelier"
    assert composer.save() is None
    message = atelier.state.messages.value
    assert "modifié sur le disque" in message and "Traceback" not in message
    bank = Bank(bank_dir)
    assert bank.get(saved.id).mission == "Corrigé à la main"  # the hand edit is not overwritten
    [copy] = bank.conflicts(saved.id)
    assert "Ajout dans l'atelier" in copy.path.read_text(encoding="utf-8")
    assert len(atelier.tab(BankTab).conflict_box.children) == 2  # the merge card is waiting


def test_merge_in_the_bank_tab_keeps_the_chosen_fields(bank_dir, saved):
    atelier = Atelier(bank_dir=bank_dir)
    composer = _open(atelier, saved.id)
    path = Bank(bank_dir).entry(saved.id).path
    path.write_text(path.read_text(encoding="utf-8").replace(saved.mission, "Mission du collègue"), encoding="utf-8")
    composer.form.fields["notes"].value = "Mes notes"
    composer.form.fields["mission"].value = "Ma mission"
    composer.save()
    tab = atelier.tab(BankTab)
    [copy] = Bank(bank_dir).conflicts(saved.id)
    choices = tab.merge_choices[str(copy.path)]
    assert {p[0] for p in choices} == {"mission", "notes"}
    choices[("notes",)].value = "autre"  # my notes, the colleague's mission
    tab.conflict_box.children[1].children[-1].children[0].click()  # « Enregistrer la version fusionnée »
    bank = Bank(bank_dir)
    stored = bank.get(saved.id)
    assert stored.notes == "Mes notes" and stored.mission == "Mission du collègue"
    assert bank.conflicts(saved.id) == [] and "fusionnée" in atelier.state.messages.value
    assert any(e.revision == saved.revision for e in bank.history(saved.id))


def test_undo_delete_history_and_trash_through_the_tab(bank_dir, saved):
    bank = Bank(bank_dir)
    changed = bank.save(saved.model_copy(update={"mission": "Deuxième version"}))
    tab = Atelier(bank_dir=bank_dir).tab(BankTab)
    tab.table.value = saved.id
    tab.ask_delete()
    tab.confirm_box.children[1].click()  # « Oui, supprimer »
    assert saved.id not in bank
    undo = tab.confirm_box.children[1]
    assert undo.description == "Annuler la suppression"
    undo.click()
    assert bank.get(saved.id).mission == "Deuxième version" and "Suppression annulée" in tab.state.messages.value

    tab.table.value = saved.id
    tab.tools.selected_index = 0  # Historique
    assert tab.history_list.options and "Révision 1" in tab.history_list.options[0][0]
    tab.history_list.value = 1
    tab.show_revision()
    assert "Deuxième version" in tab.revision_view.value
    tab.restore_revision()
    assert bank.get(saved.id).mission == saved.mission and bank.entry(saved.id).revision == changed.revision + 1

    tab.ask_delete()
    tab.confirm_box.children[1].click()
    tab.tools.selected_index = 1  # Corbeille
    assert "supprimé le" in tab.trash_list.options[0][0]
    tab.trash_list.value = tab.trash_list.options[0][1]
    tab.restore_trashed()
    assert saved.id in bank and "de retour" in tab.state.messages.value


def test_zip_export_import_and_moodle_export(bank_dir, saved, tmp_path):
    tab = Atelier(bank_dir=bank_dir).tab(BankTab)
    archive = tab.export_zip()
    assert "spirale-telechargement" in tab.sharing_link.value
    with zipfile.ZipFile(archive) as z:
        assert len(z.namelist()) == len(Bank(bank_dir).list())

    other = tmp_path / "autre-banque"
    Bank(other).save(saved.model_copy(update={"mission": "Autre mission", "revision": 0}))
    importer = Atelier(bank_dir=other).tab(BankTab)
    importer.upload.value = (
        {
            "name": "partage.zip",
            "type": "application/zip",
            "size": archive.stat().st_size,
            "content": memoryview(archive.read_bytes()),
            "last_modified": NOW,
        },
    )
    assert importer.import_zip() is None  # « refuser » by default: the colleague's different version is refused
    assert "Rien n'a été importé" in html.unescape(importer.state.messages.value)
    importer.on_conflict.value = "copie"
    importer.upload.value = (
        {
            "name": "partage.zip",
            "type": "application/zip",
            "size": archive.stat().st_size,
            "content": memoryview(archive.read_bytes()),
            "last_modified": NOW,
        },
    )
    report = importer.import_zip()
    assert report.copied == [f"{saved.title} (importé)"]
    assert "ajouté(s)" in importer.import_report.value and "importé(s) comme copie" in importer.import_report.value
    assert Bank(other).get(saved.id).mission == "Autre mission"

    path = tab.export_moodle()
    assert path.suffix == ".csv" and path.read_text(encoding="utf-8").count("\n") > 10
    assert "Moodle" in tab.state.messages.value and "spirale-telechargement" in tab.sharing_link.value
