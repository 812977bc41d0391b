from pypdf import PdfReader

from scenario_lib.bank import Bank
from scenario_lib.widgets import Atelier
from scenario_lib.widgets.composer_tab import ComposerTab


def composer(bank_dir) -> ComposerTab:
    return Atelier(bank_dir=bank_dir).tab(ComposerTab)


def test_propose_shows_explained_proposals_and_choose_fills_the_form_and_preview(bank_dir):
    tab = composer(bank_dir)
    tab.constraints.level.value = "seconde"
    tab.constraints.blocks.value = ("1", "3")
    tab.constraints.count.value = 2
    tab.propose_button.click()
    assert 1 <= len(tab.proposals) <= 2
    assert len(tab.proposal_box.children) == len(tab.proposals)
    first = tab.proposals[0]
    assert first.explanation and first.explanation[:40] in tab.proposal_box.children[0].children[0].value.replace(
        "&#x27;", "'"
    )
    assert {"1", "3"} <= set(first.scenario.blocks())
    tab.proposal_box.children[0].children[1].click()  # « Choisir »
    assert tab.editor.layout.display == "flex"
    assert tab.form.fields["title"].value == first.scenario.title
    assert "<iframe" in tab.preview.frame.value


def test_impossible_constraints_give_a_french_message_not_a_traceback(bank_dir):
    tab = composer(bank_dir)
    tab.constraints.include.value = ("1.1",)
    tab.constraints.exclude.value = ("1.1",)
    tab.propose_button.click()
    messages = tab.state.messages.value + "".join(getattr(c, "value", "") for c in tab.proposal_box.children)
    assert "Traceback" not in messages
    assert "1.1" in messages or "Aucune situation" in messages


def test_editing_refreshes_the_preview_and_save_writes_the_next_revision(bank_dir, saved):
    tab = composer(bank_dir)
    tab.open(saved)
    tab.form.fields["title"].value = "Vélos : semaine de l'électrique"
    assert "semaine de l" in tab.preview.frame.value
    tab.save_button.click()
    stored = Bank(bank_dir).get(saved.id)
    assert stored.title == "Vélos : semaine de l'électrique" and stored.revision == saved.revision + 1
    tab.form.fields["title"].value = "Deuxième enregistrement"
    tab.save_button.click()  # the form now edits the stored revision: no false conflict
    assert Bank(bank_dir).get(saved.id).revision == saved.revision + 2
    assert "enregistré" in tab.state.messages.value


def test_a_refused_save_keeps_what_was_typed_and_a_conflict_copy(bank_dir, scenario):
    tab = composer(bank_dir)
    bank = Bank(bank_dir)
    tab.open(bank.get(scenario.id))
    colleague = bank.get(scenario.id)
    bank.save(colleague.model_copy(update={"mission": "Version du collègue."}))
    tab.form.fields["mission"].value = "Ma version, longuement rédigée."
    tab.save_button.click()
    assert "refusé" in tab.state.messages.value and "perdu" in tab.state.messages.value
    assert tab.form.fields["mission"].value == "Ma version, longuement rédigée."
    copies = bank.conflicts(scenario.id)
    assert len(copies) == 1
    assert bank.get(scenario.id).mission == "Version du collègue."
    assert any("Ma version" in line for line in bank.diff(scenario.id, copies[0]))


def test_invalid_form_is_not_saved_and_the_message_is_french(bank_dir, saved):
    tab = composer(bank_dir)
    tab.open(saved)
    tab.form.fields["title"].value = ""
    assert "titre" in tab.preview.status.value
    tab.save_button.click()
    assert "titre" in tab.state.messages.value and "erreur" in tab.state.messages.value
    assert Bank(bank_dir).get(saved.id).revision == saved.revision


def test_export_pdf_gives_a_download_link_to_a_real_pdf(bank_dir, scenario):
    tab = composer(bank_dir)
    tab.open(Bank(bank_dir).get(scenario.id))
    tab.format.value = "pdf"
    path = tab.export()
    assert path is not None and path.suffix == ".pdf"
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Cycles Martin" in text
    assert 'download="' in tab.download.value and "data:application/pdf;base64," in tab.download.value


def test_decline_shows_the_three_levels_side_by_side(bank_dir, scenario):
    tab = composer(bank_dir)
    tab.open(Bank(bank_dir).get(scenario.id))
    tab.decline_button.click()
    assert list(tab.variants) == ["seconde", "premiere", "terminale"]
    assert len(tab.variant_box.children) == 3
    assert all("<iframe" in col.children[2].children[1].value for col in tab.variant_box.children)
    tab.variant_box.children[0].children[1].click()  # « Reprendre la version Seconde »
    assert tab.form.level.value == "seconde"
