"""Co-intervention plans proposed from several scenarios, both disciplines: roles, hours, bank, exports."""

import pytest

from scenario_lib.bank import Bank
from scenario_lib.errors import SpiraleError
from scenario_lib.planning.cointervention import check_hours, propose_cointervention
from scenario_lib.planning.rules import rule_set, yearly_hours
from scenario_lib.referential import load_referential
from scenario_lib.scenario.model import parse_scenario
from scenario_lib.validation import InvalidDocumentError

CASES = [
    ("premiere", ["1.2", "4B.4"], "T1.06", "Salon des vins"),
    ("seconde", ["2.3", "2.4"], "T2.04", "Réclamations au service client"),
    ("terminale", ["3.3", "4B.1"], "T3.08", "Bilan d'une opération de fidélisation"),
    ("premiere", ["4B.5", "1.1"], "", "Show-room de mobilier"),
]


def make_scenario(level="premiere", competences=("1.2", "4B.4"), rap="T1.06", title="Salon des vins"):
    return parse_scenario(
        dict(
            title=title,
            level=level,
            authors=["M. Petit"],
            context=dict(
                name="Cave Durand",
                sector="Vins et spiritueux",
                market="B to B",
                channel="face-à-face",
                product="Vins de Bourgogne",
                target="Restaurateurs",
            ),
            mission="Préparer et conduire la prospection des restaurateurs lors du salon.",
            tasks=[dict(title="Argumenter face au client", duration_hours=2, rap_task=rap)],
            competences=list(competences),
        )
    )


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
    others = bank.documents(doc_type="cointervention")  # the service fetches them (tests/services/test_plans.py)
    report = check_hours(plan, others)
    assert report.planned == saved + plan.duration_hours
    assert not report.ok and any("Dépassement" in m for m in report.messages)
    stored = next(
        p
        for p in (bank.get(e.id) for e in bank.list(doc_type="cointervention"))
        if p.discipline == "mathematiques" and p.school_year == "2025-2026"
    )
    assert check_hours(stored, others).planned == saved  # a saved plan is not counted twice


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
    scenario = parse_scenario(
        dict(
            title="Prospection",
            level="formation",
            referential="tp-conseiller-commercial",
            context=dict(
                name="Agence",
                sector="Immobilier",
                market="B to C",
                channel="à distance",
                product="Biens",
                target="Particuliers",
            ),
            mission="Prospecter de nouveaux clients.",
            tasks=[dict(title="Appeler", duration_hours=1)],
            competences=["CP1"],
        )
    )
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


def three_task_scenario(level="premiere"):
    return parse_scenario(
        dict(
            title="Salon des vins",
            level=level,
            authors=["M. Petit"],
            context={
                "name": "Cave Durand",
                "sector": "Vins et spiritueux",
                "market": "B to B",
                "channel": "face-à-face",
                "product": "Vins de Bourgogne",
                "target": "Restaurateurs",
            },
            mission="Préparer et conduire la prospection des restaurateurs lors du salon.",
            tasks=[
                {"title": "Constituer le fichier des restaurateurs", "duration_hours": 2},
                {"title": "Calculer les remises du salon", "duration_hours": 2, "rap_task": "T4B.03"},
                {"title": "Rédiger le courriel de relance", "duration_hours": 1, "rap_task": "T1.06"},
            ],
            competences=["1.2", "4B.4"],
        )
    )


def test_the_team_chooses_the_task_and_the_default_is_explained():
    scenario = three_task_scenario()
    auto = propose_cointervention(scenario, "francais", "2025-2026")
    assert auto.task == "2. Calculer les remises du salon" and auto.rap_task == "T4B.03"
    assert auto.task_choice.startswith("choix automatique") and "T4B.03" in auto.task_choice
    chosen = propose_cointervention(scenario, "francais", "2025-2026", task=3)
    assert chosen.task == "3. Rédiger le courriel de relance" and chosen.rap_task == "T1.06"
    assert chosen.task_choice == "choisie par l'équipe"
    assert "Rédiger le courriel de relance" in chosen.phases[0].role_professional
    assert "Rédiger le courriel de relance" in chosen.objective
    first = propose_cointervention(scenario, "mathematiques", "2025-2026", task=1)
    assert first.rap_task == "" and first.task.startswith("1. Constituer")
    with pytest.raises(SpiraleError, match=r"tâche n° 4 inconnue.*3 tâche\(s\) : 1\. Constituer"):
        propose_cointervention(scenario, "francais", "2025-2026", task=4)


@pytest.mark.parametrize("discipline", ["francais", "mathematiques"])
def test_capacities_differ_by_year_and_say_where_they_come_from(discipline):
    plans = {
        lv: propose_cointervention(three_task_scenario(lv), discipline, "2025-2026")
        for lv in ("seconde", "premiere", "terminale")
    }
    titles = {lv: [c.title for c in plan.capacities] for lv, plan in plans.items()}
    assert titles["seconde"] != titles["premiere"] != titles["terminale"] != titles["seconde"]
    labels = {"seconde": "Seconde", "premiere": "Première", "terminale": "Terminale"}
    for lv, plan in plans.items():
        for cap in plan.capacities:
            assert cap.level == lv and f"en {labels[lv]} :" in cap.title
            assert "Spirale" in cap.origin and "non officielle" in cap.origin and labels[lv] in cap.origin
        # the official programmes are not in Spirale's sources: nothing is invented, the team fills it in
        assert plan.programme["text"] == plan.programme["source"] == "à compléter par l'équipe"
        assert (
            "n'est pas dans les sources de Spirale" in plan.programme["note"] and labels[lv] in plan.programme["note"]
        )
    written = plans["seconde"].model_copy(
        update={"programme_capacities": "Capacité recopiée du programme par l'équipe"}
    )
    assert written.programme == {
        "text": "Capacité recopiée du programme par l'équipe",
        "source": "saisi par l'équipe",
        "note": plans["seconde"].programme["note"],
    }


def test_capacity_data_ships_no_official_programme_text():
    from scenario_lib.planning.cointervention import mapping

    data = mapping()
    assert "non officiel" in data["origine"]
    for years in data["programmes"].values():
        assert set(years) == {"seconde", "premiere", "terminale"}
        assert all(year["source"] == "" for year in years.values())  # no programme in /shared/seeds
    for discipline in ("francais", "mathematiques"):
        for cap in data["disciplines"][discipline]["capacites"]:
            assert set(cap["niveaux"]) == {"seconde", "premiere", "terminale"}, cap["code"]
            assert len(set(cap["niveaux"].values())) == 3, cap["code"]


def test_the_sheet_shows_the_chosen_task_and_the_year_capacities(tmp_path):
    from scenario_lib.render.export import export

    plan = propose_cointervention(three_task_scenario("terminale"), "mathematiques", "2025-2026", task=3)
    text = _text(export(plan, "html", tmp_path), "html")
    assert "Tâche de la situation travaillée en co-intervention : 3. Rédiger le courriel de relance" in text
    assert "(choisie par l'équipe)" in text and "Capacités travaillées en Terminale" in text
    for cap in plan.capacities:
        assert cap.title.replace("’", "'") in text
    assert "Capacités du programme officiel de mathématiques (Terminale) : à compléter par l'équipe" in text
