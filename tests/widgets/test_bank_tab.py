import contextlib

from scenario_lib.bank import Bank, ConflictError
from scenario_lib.widgets import Atelier
from scenario_lib.widgets.bank_tab import BankTab
from scenario_lib.widgets.composer_tab import ComposerTab


def test_table_lists_filters_and_sorts_the_bank(bank_dir, saved):
    bank = Bank(bank_dir)
    bank.save(
        saved.model_copy(update={"id": "autre-doc", "revision": 0, "title": "Braderie des Zèbres", "level": "seconde"})
    )
    tab = Atelier(bank_dir=bank_dir).tab(BankTab)
    assert len(tab.table.options) == len(bank.list())
    tab.text.value = "ZEBRES"
    assert [v for _, v in tab.table.options] == ["autre-doc"]
    tab.text.value = ""
    tab.level.value = "premiere"
    assert "autre-doc" not in [v for _, v in tab.table.options] and saved.id in [v for _, v in tab.table.options]
    tab.level.value = ""
    tab.sort_by("Titre")
    titles = [e.title.casefold() for e in tab.entries]
    tab.sort_by("Titre")
    assert [e.title.casefold() for e in tab.entries] == list(reversed(titles))
    assert "▼" in tab.headers[0].description or "▲" in tab.headers[0].description


def test_open_brings_the_document_into_the_composer(bank_dir, saved):
    atelier = Atelier(bank_dir=bank_dir)
    tab = atelier.tab(BankTab)
    tab.table.value = saved.id
    tab.buttons["ouvrir"].click()
    assert atelier.tab_widget.selected_index == atelier.tabs.index(atelier.tab(ComposerTab))
    assert atelier.tab(ComposerTab).form.fields["title"].value == saved.title


def test_duplicate_then_delete_only_after_confirmation(bank_dir, saved):
    tab = Atelier(bank_dir=bank_dir).tab(BankTab)
    bank = Bank(bank_dir)
    before = len(bank.list())
    tab.table.value = saved.id
    tab.buttons["dupliquer"].click()
    assert len(bank.list()) == before + 1 and "(copie)" in tab.state.messages.value
    copy_id = tab.table.value
    assert copy_id != saved.id
    tab.buttons["supprimer"].click()
    assert len(bank.list()) == before + 1  # nothing deleted before « Oui, supprimer »
    confirm = tab.confirm_box.children[1]
    confirm.click()
    assert copy_id not in bank and saved.id in bank and len(bank.list()) == before
    assert "corbeille" in tab.state.messages.value


def test_actions_without_a_selection_explain_what_to_do(bank_dir):
    tab = Atelier(bank_dir=bank_dir).tab(BankTab)
    tab.buttons["supprimer"].click()
    assert "Choisissez" in tab.state.messages.value


def _conflict(bank_dir, saved):
    bank = Bank(bank_dir)
    bank.save(saved.model_copy(update={"mission": "Version A enregistrée."}))
    with contextlib.suppress(ConflictError):  # the refused save, kept as a conflict copy, is the point
        bank.save(saved.model_copy(update={"mission": "Version B refusée."}))
    return bank


def test_conflicts_are_shown_plainly_and_the_other_version_can_be_kept(bank_dir, saved):
    bank = _conflict(bank_dir, saved)
    tab = Atelier(bank_dir=bank_dir).tab(BankTab)
    card = tab.conflict_box.children[1]
    text = " ".join(row.children[0].value for row in card.children[1:-1])
    assert "Version B" in text and "Version A" in text
    card.children[-1].children[2].click()  # « Garder l'autre version »
    assert bank.get(saved.id).mission == "Version B refusée."
    assert bank.conflicts(saved.id) == [] and tab.conflict_box.children == ()


def test_keeping_the_bank_version_dismisses_the_copy(bank_dir, saved):
    bank = _conflict(bank_dir, saved)
    tab = Atelier(bank_dir=bank_dir).tab(BankTab)
    tab.conflict_box.children[1].children[-1].children[1].click()  # « Garder la version de la banque »
    assert bank.get(saved.id).mission == "Version A enregistrée." and bank.conflicts(saved.id) == []
