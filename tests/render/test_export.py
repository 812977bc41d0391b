import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.render import FORMATS, export, export_many
from scenario_lib.scenario.model import Scenario


def test_formats_listed():
    assert set(FORMATS) == {"pdf", "html", "odt", "docx", "md", "xlsx"}


def test_folder_target_gets_a_safe_name_from_the_title(scenario, tmp_path):
    hostile = Scenario.model_construct(**{**dict(scenario), "title": "../../etc/passwd CON: « Vente » 🎯"})
    path = export(hostile, "html", tmp_path / "nouveau")
    assert path.parent == tmp_path / "nouveau"
    assert path.name == "etc-passwd-con-vente.html"
    assert [p.name for p in (tmp_path / "nouveau").iterdir()] == [path.name]


def test_explicit_file_and_wrong_extension(scenario, tmp_path):
    assert export(scenario, "HTML", tmp_path / "fiche.html") == tmp_path / "fiche.html"
    with pytest.raises(SpiraleError, match="extension"):
        export(scenario, "pdf", tmp_path / "fiche.docx")


def test_unknown_format(scenario, tmp_path):
    with pytest.raises(SpiraleError, match="format d'export inconnu : « rtf »"):
        export(scenario, "rtf", tmp_path)


def test_failed_export_keeps_the_previous_file(scenario, tmp_path):
    good = export(scenario, "html", tmp_path)
    before = good.read_bytes()
    with pytest.raises(SpiraleError, match="modèle de document introuvable"):
        export(scenario, "html", good, template="absent")
    assert good.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [good.name]


def test_export_many_deduplicates_names(scenario, tmp_path):
    paths = export_many([scenario, scenario, scenario], "html", tmp_path)
    stem = paths[0].stem
    assert [p.name for p in paths] == [f"{stem}.html", f"{stem}-2.html", f"{stem}-3.html"]


def test_every_format_keeps_french_typography(scenario, tmp_path):
    for fmt in ("html", "md"):
        text = export(scenario, fmt, tmp_path).read_text(encoding="utf-8")
        assert "«\u00a0Maisons & Jardins\u00a0» — œuvre collective 🎯" in text.replace("&amp;", "&")
