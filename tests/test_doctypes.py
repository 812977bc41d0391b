"""The document-type registry: a new type registered in one place is listed, saved, exported everywhere."""

from typing import Literal

import openpyxl
import pytest

from scenario_lib import doctypes
from scenario_lib.bank import Bank
from scenario_lib.document import DOCUMENT_TYPES, Document, document_class, document_label
from scenario_lib.errors import SpiraleError
from scenario_lib.planning.progression import default_slot
from scenario_lib.render.export import export
from scenario_lib.sheets import Sheet
from scenario_lib.widgets.composer_tab import ComposerTab
from scenario_lib.widgets.progression_tab import ProgressionTab


class Visit(Document):
    """A toy type: a company visit, as a school might add one."""

    doc_type: Literal["visite"] = "visite"
    company: str


def visit_sheets(doc, **_context):
    return [Sheet("Visite", ["Entreprise"], [[doc.company]])]


@pytest.fixture
def toy(tmp_path, monkeypatch):
    school = tmp_path / "modeles"
    (school / "visite").mkdir(parents=True)
    (school / "visite" / "fiche.html.j2").write_text(
        '{% extends "base/page.html.j2" %}{% block content %}<h1>{{ doc.title }}</h1>'
        "<p>Entreprise visitée : {{ doc.company }}</p>{% endblock %}",
        encoding="utf-8",
    )
    monkeypatch.setenv("SPIRALE_TEMPLATES", str(school))
    kind = doctypes.register(
        doctypes.DocumentType(
            "visite",
            Visit,
            "Visite d'entreprise",
            sheets=visit_sheets,
            slot=lambda doc: "professionnel",
            editor="composer",
        )
    )
    yield kind
    doctypes.unregister("visite")


def test_a_toy_type_is_listed_everywhere(toy):
    assert DOCUMENT_TYPES["visite"] is toy and document_class("visite") is Visit
    assert document_label("visite") == "Visite d'entreprise"
    assert "visite" in doctypes.placeable_types() and "visite" in doctypes.edited_by("composer")
    assert toy.formats == ("pdf", "html", "odt", "docx", "md", "xlsx")
    assert default_slot(Visit(title="Visite", company="Garage Dupont")) == "professionnel"


def test_a_toy_type_is_saved_and_read_back(toy, tmp_path):
    bank = Bank(tmp_path / "banque")
    saved = bank.save(Visit(title="Visite chez Garage Dupont", company="Garage Dupont"))
    fresh = Bank(bank.folder)
    assert fresh.problems == [] and fresh.get(saved.id) == saved
    assert [e.doc_type for e in fresh.list(doc_type="visite")] == ["visite"]


def test_a_toy_type_is_exported_in_every_format_it_declares(toy, tmp_path):
    doc = Visit(title="Visite chez Garage Dupont", company="Garage Dupont")
    html = export(doc, "html", tmp_path).read_text(encoding="utf-8")
    assert "Entreprise visitée\u00a0: Garage Dupont" in html
    assert export(doc, "pdf", tmp_path).read_bytes().startswith(b"%PDF")
    book = openpyxl.load_workbook(export(doc, "xlsx", tmp_path))
    assert [c.value for c in book["Visite"][2]] == ["Garage Dupont"]


def test_a_type_without_sheets_refuses_xlsx_in_french(tmp_path, monkeypatch):
    doctypes.register(doctypes.DocumentType("visite", Visit, "Visite d'entreprise"))
    try:
        doc = Visit(title="Visite", company="Garage Dupont")
        with pytest.raises(SpiraleError, match="tableur.*Visite d'entreprise"):
            export(doc, "xlsx", tmp_path)
        assert list(tmp_path.iterdir()) == []
        with pytest.raises(SpiraleError, match="ne se place pas"):
            default_slot(doc)
    finally:
        doctypes.unregister("visite")


def test_tabs_open_what_the_registry_says():
    assert ComposerTab.key == "composer" and doctypes.edited_by("composer") == ("scenario",)
    assert doctypes.edited_by(ProgressionTab.key) == ("progression",)
    assert doctypes.placeable_types() == ("scenario", "cointervention", "projet")


def test_the_booklet_exports_to_xlsx_through_its_own_writer(tmp_path):
    from scenario_lib.pfmp.booklet import build_booklets
    from scenario_lib.pfmp.pupils import Pupil
    from scenario_lib.referential import load_referential

    ref = load_referential("bacpro-mcv-b")
    [booklet] = build_booklets(
        [Pupil(last_name="Martin", first_name="Léa", grade="1MCVB", company="Garage Dupont")], "premiere", ref
    )
    path = export(booklet, "xlsx", tmp_path)
    assert "Martin" in str([c.value for row in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in row])
