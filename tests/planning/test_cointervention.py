"""Co-intervention plans proposed from several scenarios, both disciplines: roles, hours, bank, exports."""
import pytest

from scenario_lib.bank import Bank
from scenario_lib.errors import SpiraleError
from scenario_lib.planning.cointervention import check_hours, propose_cointervention
from scenario_lib.planning.rules import rule_set, yearly_hours
from scenario_lib.referential import load_referential
from scenario_lib.scenario.model import Scenario
from scenario_lib.validation import InvalidDocumentError

CASES = [
    ("premiere", ["1.2", "4B.4"], "T1.06", "Salon des vins"),
    ("seconde", ["2.3", "2.4"], "T2.04", "Réclamations au service client"),
    ("terminale", ["3.3", "4B.1"], "T3.08", "Bilan d'une opération de fidélisation"),
    ("premiere", ["4B.5", "1.1"], "", "Show-room de mobilier"),
]


def make_scenario(level="premiere", competences=("1.2", "4B.4"), rap="T1.06", title="Salon des vins"):
    return Scenario(
        title=title, level=level, authors=["M. Petit"],
        context=dict(name="Cave Durand", sector="Vins et spiritueux", market="B to B", channel="face-à-face",
                     product="Vins de Bourgogne", target="Restaurateurs"),
        mission="Préparer et conduire la prospection des restaurateurs lors du salon.",
        tasks=[dict(title="Argumenter face au client", duration_hours=2, rap_task=rap)],
        competences=list(competences))


@pytest.mark.parametrize("discipline", ["francais", "mathematiques"])
@pytest.mark.parametrize("level, competences, rap, title", CASES)
def test_proposed_plans_fit_the_hours_and_name_both_roles(level, competences, rap, title, discipline):
    scenario = make_scenario(level, competences, rap, title)
    plan = propose_cointervention(scenario, discipline, "2025-2026")
    ref = load_referential()
    budget = yearly_hours(rule_set(plan.rules), ref, level, discipline)
    assert 0 < plan.duration_hours <= budget
    assert plan.scenario_id == scenario.id and scenario.mission in plan.situation
    assert set(plan.competences) <= set(competences) and plan.capacities
    assert plan.general_unit == ("U51" if discipline == "francais" else "U12")
    for phase in plan.phases:
        assert phase.role_professional.strip() and phase.role_general.strip() and phase.mode
    assert {p.lead for p in plan.phases} >= {"professionnel", "general"}
    report = check_hours(plan)
    assert report.ok and report.budget == budget and report.planned == plan.duration_hours


def test_maths_capacities_follow_the_competences():
    plan = propose_cointervention(make_scenario("terminale", ["3.3"], "T3.08"), "mathematiques", "2025-2026")
    assert any("pourcentage" in c.title.lower() for c in plan.capacities)
    assert all("non officiel" in c.origin for c in plan.capacities)


def test_hours_count_plans_already_in_the_bank(tmp_path):
    bank = Bank(tmp_path / "banque")
    scenario = make_scenario("terminale", ["3.3", "4B.1"], "T3.08")
    budget = yearly_hours(rule_set("cointervention-2019"), load_referential(), "terminale", "mathematiques")
    saved = 0.0
    while saved + 2 <= budget:
        bank.save(propose_cointervention(scenario, "mathematiques", "2025-2026"))
        saved += 2
    other_year = propose_cointervention(scenario, "mathematiques", "2026-2027")
    bank.save(other_year)  # another school year: not counted
    bank.save(propose_cointervention(scenario, "francais", "2025-2026"))  # another discipline: not counted
    plan = propose_cointervention(scenario, "mathematiques", "2025-2026")
    report = check_hours(plan, bank)
    assert report.planned == saved + plan.duration_hours
    assert not report.ok and any("Dépassement" in m for m in report.messages)
    assert check_hours(plan, tmp_path / "banque").planned == report.planned  # a folder works too
    stored = next(p for p in (bank.get(e.id) for e in bank.list(doc_type="cointervention"))
                  if p.discipline == "mathematiques" and p.school_year == "2025-2026")
    assert check_hours(stored, bank).planned == saved  # a saved plan is not counted twice


def test_editing_keeps_validation_in_french():
    plan = propose_cointervention(make_scenario(), "francais", "2025-2026")
    data = plan.model_dump(mode="json")
    data["phases"][0]["role_general"] = ""
    data["competences"] = ["9.9"]
    from scenario_lib.document import parse_document

    with pytest.raises(InvalidDocumentError, match="phases"):
        parse_document(data, "cointervention")
    data["phases"][0]["role_general"] = "<b>observe</b>"
    with pytest.raises(InvalidDocumentError, match="balise HTML"):
        parse_document(data, "cointervention")


def test_titre_professionnel_has_no_cointervention():
    scenario = Scenario(
        title="Prospection", level="formation", referential="tp-conseiller-commercial",
        context=dict(name="Agence", sector="Immobilier", market="B to C", channel="à distance", product="Biens",
                     target="Particuliers"),
        mission="Prospecter de nouveaux clients.", tasks=[dict(title="Appeler", duration_hours=1)],
        competences=["CP1"])
    with pytest.raises(SpiraleError, match="aucune règle"):
        propose_cointervention(scenario, "francais", "2025-2026")
    with pytest.raises(SpiraleError, match="discipline"):
        propose_cointervention(make_scenario(), "anglais", "2025-2026")


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "odt", "xlsx", "pdf"])
def test_exports_carry_the_official_wordings(tmp_path, fmt):
    from scenario_lib.render.export import export

    plan = propose_cointervention(make_scenario(), "mathematiques", "2025-2026")
    path = export(plan, fmt, tmp_path)
    assert path.is_file() and path.stat().st_size > 1000
    if fmt in {"pdf", "xlsx"}:
        if fmt == "pdf":
            from pypdf import PdfReader

            text = " ".join(page.extract_text() for page in PdfReader(path).pages)
            assert "Mathématiques" in text
        return
    text = _text(path, fmt)
    ref = load_referential()
    unit = next(u for u in ref.general_units if u.code == "U12")
    assert ref.competence("1.2").title in text
    assert unit.description.splitlines()[0] in text
    assert "co-intervention, entre une discipline d'enseignement général" in text
    assert "non officiel" in text


def _text(path, fmt):
    import html
    import re
    import zipfile

    if fmt in {"html", "md"}:
        raw = path.read_text(encoding="utf-8")
    else:
        member = "word/document.xml" if fmt == "docx" else "content.xml"
        raw = zipfile.ZipFile(path).read(member).decode("utf-8")
    flat = html.unescape(re.sub(r"<[^>]+>", "", raw)).replace("’", "'")
    return re.sub(r"\s+", " ", flat.replace("\\", ""))
