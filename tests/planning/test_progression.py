import csv
import random
import re

import pytest

from scenario_lib.bank import Bank
from scenario_lib.document import parse_document
from scenario_lib.errors import SpiraleError
from scenario_lib.paths import data_dir
from scenario_lib.planning.progression import Progression, new_progression
from scenario_lib.planning.progression_samples import random_scenario
from scenario_lib.referential import load_referential
from scenario_lib.validation import InvalidDocumentError

MCV = load_referential("bacpro-mcv-b")


def official_hours(subject: str) -> dict[str, float]:
    with open(data_dir() / "referentiels" / "bacpro-mcv-b" / "horaires.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["enseignement"] == subject)
    return {
        lv: float(row[lv]) if row[lv].strip() not in {"-", ""} else 0.0 for lv in ("seconde", "premiere", "terminale")
    }


def test_new_progression_has_three_years_with_official_budgets():
    prog = new_progression("bacpro-mcv-b", "2nde MCV B", "guide-grand-est")
    assert [y.level for y in prog.years] == ["seconde", "premiere", "terminale"]
    pro = official_hours("Enseignement professionnel")  # singular row, not the summary row
    summary = official_hours("Enseignements professionnels")
    for year in prog.years:
        assert year.hours["professionnel"] == pro[year.level]
        assert sum(year.hours.values()) < summary[year.level], "la ligne de synthèse n'est pas ajoutée"


def test_place_caches_what_analysis_needs_and_survives_the_bank(tmp_path):
    rng = random.Random(3)
    scenario = random_scenario(MCV, "premiere", rng)
    prog = new_progression("bacpro-mcv-b", "1re MCV B")
    week = prog.year("premiere").numbers("cours")[4]
    prog = prog.placed(scenario, "premiere", week)
    placement = prog.placements[-1]
    assert placement.hours == scenario.total_hours and placement.competences == scenario.competences
    bank = Bank(tmp_path / "banque")
    stored = bank.save(prog)
    again = bank.get(stored.id)
    assert isinstance(again, Progression)
    assert again.placements == prog.placements and again.years == prog.years
    with pytest.raises(SpiraleError, match="déjà placée"):
        prog.placed(scenario, "premiere", week + 1)


def test_week_out_of_calendar_is_refused_in_french():
    prog = new_progression("bacpro-mcv-b", "2nde")
    scenario = random_scenario(MCV, "seconde", random.Random(1))
    with pytest.raises(SpiraleError, match="semaine 99 inexistante"):
        prog.placed(scenario, "seconde", 99)


@pytest.mark.parametrize("kind, named", [("pfmp", "semaine de PFMP (PFMP 1)"), ("vacances", "semaine de vacances")])
def test_pfmp_and_holiday_weeks_are_refused_in_french(kind, named):
    prog = new_progression("bacpro-mcv-b", "1re MCV B", "guide-grand-est")
    scenario = random_scenario(MCV, "premiere", random.Random(5))
    week = prog.year("premiere").numbers(kind)[0]
    with pytest.raises(SpiraleError, match=rf"semaine {week} : c'est une {re.escape(named)}"):
        prog.placed(scenario, "premiere", week)
    assert prog.placements == ()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["placements"][0].update(competences=["9.9"]), "code de compétence inconnu : « 9.9 »"),
        (lambda d: d["placements"][0].update(week=58), "au-delà des"),
        (lambda d: d["placements"][0].update(year="cinquieme"), "année absente"),
        (lambda d: d["years"].append(d["years"][0]), "deux fois"),
        (lambda d: d["years"][0]["weeks"].pop(3), "sans trou"),
        (lambda d: d["placements"][0].update(title="<b>gras</b>"), "balise HTML"),
    ],
)
def test_broken_progression_files_get_french_messages(change, message):
    prog = new_progression("bacpro-mcv-b", "2nde")
    prog = prog.placed(random_scenario(MCV, "seconde", random.Random(2)), "seconde", 1)
    data = prog.model_dump(mode="json")
    change(data)
    with pytest.raises(InvalidDocumentError, match=message) as err:
        parse_document(data)
    assert str(err.value).startswith("Progression invalide")


def test_titre_professionnel_has_one_formation_year_without_pfmp_rule():
    prog = new_progression("tp-conseiller-commercial", "TP CC 2026")
    assert [y.level for y in prog.years] == ["formation"]
    assert prog.years[0].numbers("pfmp") == []


def test_fiche_renders_in_every_format(completed_progression, tmp_path):
    from pypdf import PdfReader

    from scenario_lib.render import export

    prog = completed_progression
    html_path = export(prog, "html", tmp_path)
    page = html_path.read_text(encoding="utf-8")
    for placement in prog.placements:
        assert placement.title in page
    assert "Couverture des compétences sur le cycle" in page and "Première — calendrier et situations" in page
    pdf = export(prog, "pdf", tmp_path)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Contrôle de la progression" in text and prog.class_name in text
    for fmt in ("odt", "docx"):
        assert export(prog, fmt, tmp_path).stat().st_size > 5000
