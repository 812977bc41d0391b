"""Fetching with the expected type, exporting in the declared formats, level labels from the referential."""

import pytest

from scenario_lib.bank import Bank
from scenario_lib.doctypes import DOCUMENT_TYPES
from scenario_lib.errors import SpiraleError
from scenario_lib.referential import load_referential
from scenario_lib.render.formats import mime_type
from scenario_lib.services.documents import (
    all_formats,
    common_formats,
    export_choices,
    export_document,
    get_document,
    level_choices,
    level_label,
)


def test_a_document_of_another_type_is_refused_in_french(sample_bank):
    bank = Bank(sample_bank)
    scenario = bank.list(doc_type="scenario")[0]
    assert get_document(bank, scenario.id, "scenario").id == scenario.id
    with pytest.raises(
        SpiraleError, match=f"« {scenario.id} » est un document de type « Scénario », pas une progression"
    ):
        get_document(bank, scenario.id, "progression")


def test_export_refuses_a_format_the_type_does_not_declare(sample_bank, tmp_path):
    doc = Bank(sample_bank).documents(doc_type="scenario")[0]
    with pytest.raises(SpiraleError, match="ne s'exporte pas en « gif » .*formats possibles : pdf"):
        export_document(doc, "gif", tmp_path / "sortie")
    assert not (tmp_path / "sortie").exists()
    path = export_document(doc, "HTML", tmp_path / "sortie")
    assert path.suffix == ".html" and doc.title.split()[0] in path.read_text("utf-8")


def test_menus_follow_the_registry_and_every_format_has_a_mime_type():
    # the registry says which formats, render says their order and wording
    assert {fmt for _, fmt in export_choices("progression")} == set(DOCUMENT_TYPES["progression"].formats)
    assert set(common_formats()) <= set(all_formats())
    assert all(all(fmt in t.formats for t in DOCUMENT_TYPES.values()) for fmt in common_formats())
    assert all(mime_type(fmt) for fmt in all_formats()) and mime_type(".ZIP") == "application/zip"


def test_levels_are_worded_by_their_own_referential():
    tp = load_referential("tp-conseiller-commercial")
    assert level_choices(tp) == [(tp.level_info("formation").label, "formation")]
    assert level_label(load_referential("bacpro-mcv-b"), "premiere") == "Première"
    assert level_label(tp, "inconnu") == "inconnu"
