"""Seconde famille de métiers: Spirale's rule file, its quotes, and a Seconde-only referential folder a team adds."""

import re
from pathlib import Path

import pytest

from scenario_lib.planning.completion import Candidate, complete
from scenario_lib.planning.coverage import analyse
from scenario_lib.planning.progression import new_progression
from scenario_lib.planning.seconde import certificative_allowed, family_year, optional_competences
from scenario_lib.referential import load_referential
from scenario_lib.scenario.model import parse_scenario

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
FAMILY = ROOT / "tests" / "fixtures" / "referentiels" / "famille-relation-client-essai"  # test fixture, not official
MCV = load_referential("bacpro-mcv-b")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_]", "", text.replace("’", "'"))).strip()


def test_option_block_is_optional_in_seconde_only():
    assert optional_competences(MCV, "seconde") == [c.code for c in MCV.competences if c.block == "4B"]
    assert optional_competences(MCV, "premiere") == [] == optional_competences(MCV, "terminale")
    assert optional_competences(load_referential("tp-conseiller-commercial"), "formation") == []
    assert not certificative_allowed("seconde") and certificative_allowed("premiere")
    rule = family_year()
    assert rule.libelle == "facultatif en Seconde (famille de métiers)" and "non officiel" in rule.origine


def test_the_official_table_of_common_competences_is_said_missing_not_invented():
    table = family_year().tableau_competences_communes
    assert "n'est pas dans les sources de Spirale" in table.note and "data/FORMAT.md" in table.note
    assert table.lien.startswith("https://www.ac-strasbourg.fr/")
    official = (ROOT / "data" / "referentiels" / "bacpro-mcv-b" / "referentiel.yaml").read_text(encoding="utf-8")
    assert "famille de métiers" not in official.lower()  # Spirale's note stays out of the official data


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds absent (fidelity tests run in CI)")
def test_quotes_and_link_are_word_for_word_in_the_guide():
    rule = family_year()
    for quote in rule.textes:
        seed = norm((SEEDS / quote.source.split(" ")[0]).read_text(encoding="utf-8"))
        assert norm(quote.texte) in seed, quote.texte[:60]
    guide = (SEEDS / rule.tableau_competences_communes.source.split(" ")[0]).read_text(encoding="utf-8")
    assert rule.tableau_competences_communes.lien in guide


def family_situation(codes, title="Accueillir au comptoir"):
    return parse_scenario(
        dict(
            title=title,
            referential=str(FAMILY),
            level="seconde",
            context={
                "name": "Office de tourisme",
                "sector": "tourisme",
                "market": "B to C",
                "channel": "face-à-face",
                "product": "visites",
                "target": "visiteurs",
            },
            mission="Accueillir et renseigner les visiteurs.",
            tasks=[
                {"title": f"{title} : préparer", "duration_hours": 2},
                {"title": f"{title} : réaliser", "duration_hours": 3},
            ],
            competences=codes,
        )
    )


def test_a_seconde_only_referential_folder_loads_and_serves_the_seconde_analysis():
    ref = load_referential(FAMILY)
    assert [lv.code for lv in ref.levels] == ["seconde"]
    assert [c.code for c in ref.competences] == ["ESSAI-A.1", "ESSAI-A.2", "ESSAI-B.1", "ESSAI-B.2"]
    assert "non officiel" in ref.title
    prog = new_progression(str(FAMILY), "2nde MRC")
    assert [y.level for y in prog.years] == ["seconde"]
    prog = prog.placed(
        family_situation(["ESSAI-A.1", "ESSAI-B.1"]), "seconde", prog.year("seconde").numbers("cours")[0]
    )
    analysis = analyse(prog, ref)
    assert analysis.missing() == {"seconde": ["ESSAI-A.2", "ESSAI-B.2"]}
    spiral = [p for p in analysis.problems if p.kind == "spirale"]
    assert {p.competence for p in spiral} == {"ESSAI-A.2", "ESSAI-B.2"}
    assert all(p.message.startswith("Seconde : la compétence ESSAI-") for p in spiral)

    more = family_situation(["ESSAI-A.2", "ESSAI-B.2"], "Suivre une demande")
    result = complete(prog, ref, candidates=[Candidate.of(more)], propose=True)
    assert result.feasible and [a.title for a in result.additions] == ["Suivre une demande"]
    assert analyse(result.progression, ref).spiral_ok
