"""Chef-d'œuvre / projet plans: rule set decides hours and oral, weeks avoid PFMP, exports cite official texts."""

import pytest

from scenario_lib.document import parse_document
from scenario_lib.errors import SpiraleError
from scenario_lib.planning.projet import check_project, propose_project
from scenario_lib.planning.rules import rule_set, yearly_hours
from scenario_lib.scenario.model import parse_scenario


@pytest.fixture
def scenario():
    return parse_scenario(
        dict(
            title="Show-room de mobilier",
            level="premiere",
            authors=["Mme Roux"],
            context=dict(
                name="Meubles Vernet",
                sector="Ameublement",
                market="B to B",
                channel="face-à-face",
                product="Mobilier de bureau",
                target="PME de la région",
            ),
            mission="Organiser un show-room pour présenter la nouvelle gamme aux entreprises.",
            tasks=[dict(title="Préparer le show-room", duration_hours=3, rap_task="T4B.07")],
            competences=["4B.5", "4B.3"],
        )
    )


@pytest.mark.parametrize("start", ["2022-2023", "2025-2026"])
def test_plan_fits_the_hours_of_its_rules_and_avoids_pfmp(ref, start, scenario):
    plan = propose_project(start_year=start, scenarios=[scenario])
    assert [y.grade for y in plan.years] == ["premiere", "terminale"]
    assert plan.years[1].school_year != plan.years[0].school_year
    for year in plan.years:
        budget = yearly_hours(rule_set(year.rules), ref, year.grade)
        assert abs(year.hours - budget) < 0.01
        pfmp = [w for w in year.weeks if w.kind == "pfmp"]
        expected = next(r.weeks for r in ref.pfmp_rules if r.rule == year.pfmp_rule and r.grade == year.grade)
        assert len(pfmp) == expected and all(w.hours == 0 for w in pfmp)
    report = check_project(plan)
    assert report.ok, report.messages
    assert plan.competences == ("4B.5", "4B.3") and "Meubles Vernet" in plan.theme
    assert plan.milestones and plan.booklet and plan.oral is not None


def test_changing_the_rule_set_changes_hours_and_oral(ref):
    old = propose_project(start_year="2022-2023")
    new = propose_project(start_year="2025-2026")
    assert {y.rules for y in old.years} == {"chef-doeuvre-2019"} and {y.rules for y in new.years} == {"projet-2024"}
    assert old.device_label == "Chef-d'œuvre" and new.device_label == "Projet"
    assert old.year("premiere").hours != new.year("premiere").hours
    assert old.year("terminale").hours != new.year("terminale").hours
    assert old.oral.title != new.oral.title and old.oral.rules != new.oral.rules
    forced = propose_project(start_year="2025-2026", rules="chef-doeuvre-2019")
    assert forced.year("premiere").hours == old.year("premiere").hours and forced.oral.title == old.oral.title


def test_check_finds_hours_on_pfmp_overbudget_and_missing_oral():
    plan = propose_project(start_year="2025-2026")
    data = plan.model_dump(mode="json")
    weeks = data["years"][0]["weeks"]
    next(w for w in weeks if w["kind"] == "pfmp")["hours"] = 3
    next(w for w in weeks if w["kind"] == "cours")["hours"] = 20
    data["oral"] = None
    report = check_project(parse_document(data, "projet"))
    text = " ".join(report.messages)
    assert not report.ok
    assert "pendant la PFMP" in text and "dépassement" in text and "oral final" in text.lower()


def test_bad_input_is_refused_in_french(scenario):
    with pytest.raises(SpiraleError, match="année scolaire"):
        propose_project(start_year="2025")
    with pytest.raises(SpiraleError, match="première et terminale"):
        propose_project("tp-conseiller-commercial", "2025-2026")
    with pytest.raises(SpiraleError, match="règle de PFMP"):
        propose_project(start_year="2025-2026", pfmp_rule="inconnue")
    data = propose_project(start_year="2025-2026").model_dump(mode="json")
    data["general_units"] = ["U99"]
    with pytest.raises(SpiraleError, match="U99"):
        parse_document(data, "projet")


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "odt", "xlsx", "pdf"])
def test_exports_contain_official_texts(tmp_path, fmt, ref):
    from scenario_lib.render.export import export

    plan = propose_project(start_year="2022-2023")
    path = export(plan, fmt, tmp_path)
    assert path.is_file() and path.stat().st_size > 1000
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        assert book.sheetnames == ["Première", "Terminale"]
        hours = [row[2] for row in book["Première"].iter_rows(values_only=True) if isinstance(row[2], (int, float))]
        assert sum(hours) == plan.year("premiere").hours
        return
    if fmt == "pdf":
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
        assert "oral" in text.lower()
        return
    text = _text(path, fmt)
    assert "présentation orale individuelle en fin de cycle de formation" in text
    assert ref.competence("4B.5").title in text
    assert next(u for u in ref.general_units if u.code == "U51").description.splitlines()[0] in text


def _text(path, fmt):
    """Plain text of an HTML, Markdown, DOCX or ODT export (markup and escapes removed)."""
    import html
    import re
    import zipfile

    if fmt in {"html", "md"}:
        raw = path.read_text(encoding="utf-8")
    else:
        raw = zipfile.ZipFile(path).read("word/document.xml" if fmt == "docx" else "content.xml").decode("utf-8")
    flat = html.unescape(re.sub(r"<[^>]+>", "", raw)).replace("’", "'")
    return re.sub(r"\s+", " ", flat.replace("\\", ""))
