"""Every registered document type goes through the bank unchanged (files, listing facets, zip)."""

import pytest

from scenario_lib.bank import Bank
from scenario_lib.document import DOCUMENT_TYPES
from scenario_lib.referential import load_referential


def _scenario(make_scenario):
    return make_scenario(level="premiere", competences=["1.2", "2.4", "3.1"])


def _cointervention(make_scenario):
    from scenario_lib.planning.cointervention import propose_cointervention

    return propose_cointervention(_scenario(make_scenario), "francais")


def _projet(make_scenario):
    from scenario_lib.planning.projet import propose_project

    return propose_project("bacpro-mcv-b", scenarios=[_scenario(make_scenario)])


def _progression(make_scenario):
    from scenario_lib.planning.progression import new_progression

    progression = new_progression("bacpro-mcv-b", "1re MCV B")
    progression = progression.placed(_scenario(make_scenario), progression.years[1].level, 3)
    return progression


def _livret_pfmp(make_scenario):
    from scenario_lib.pfmp.booklet import build_booklets
    from scenario_lib.pfmp.pupils import Pupil

    pupil = Pupil(last_name="Durand", first_name="Léa", grade="1re MCV", company="Cuisines Harmonie")
    return build_booklets([pupil], "premiere", load_referential("bacpro-mcv-b"), [_scenario(make_scenario)])[0]


def _ccf(make_scenario):
    from datetime import date

    from scenario_lib.evaluation import ClassRecord
    from scenario_lib.evaluation.ccf import build_ccf_sheets

    ref = load_referential("bacpro-mcv-b")
    booklet = _livret_pfmp(make_scenario).model_copy(update={"levels": {"PFMP 1": {"1.1.1": "A"}}})
    return build_ccf_sheets(
        ClassRecord(ref, [], [booklet]), "E31", "terminale", "Vente-conseil", session_date=date(2030, 1, 1)
    )[0]


def _ccf_synthese(make_scenario):
    from scenario_lib.evaluation.ccf import class_summary

    return class_summary([_ccf(make_scenario)])


def _evaluation(make_scenario):
    from datetime import date

    from scenario_lib.evaluation import evaluation_of_scenario, set_level

    booklet = _livret_pfmp(make_scenario)
    ev = evaluation_of_scenario(
        _scenario(make_scenario),
        load_referential("bacpro-mcv-b"),
        [booklet.pupil],
        date(2025, 10, 6),
        attitudes=["AP01"],
    )
    return set_level(ev, booklet.pupil.key, ev.columns[0], "D")


def _titre(make_scenario):
    from datetime import date

    from scenario_lib.evaluation.titre import MiseEnSituation, TitreRecord

    return TitreRecord(
        trainee="Ana Lopes",
        group="GRETA 2026",
        sessions=[
            MiseEnSituation(
                title="Entretien de vente filmé", when=date(2026, 3, 2), results={"CP7-1": True, "CP7-2": False}
            )
        ],
    )


EXAMPLES = {
    "scenario": _scenario,
    "cointervention": _cointervention,
    "projet": _projet,
    "progression": _progression,
    "livret_pfmp": _livret_pfmp,
    "ccf": _ccf,
    "ccf_synthese": _ccf_synthese,
    "evaluation": _evaluation,
    "titre": _titre,
}


def test_every_registered_type_has_an_example_here():
    assert set(EXAMPLES) == set(DOCUMENT_TYPES), "add an example for each new document type"


@pytest.mark.parametrize("doc_type", sorted(DOCUMENT_TYPES))
def test_round_trip(doc_type, bank, make_scenario, tmp_path):
    doc = EXAMPLES[doc_type](make_scenario)
    assert doc.doc_type == doc_type
    stored = bank.save(doc)
    fresh = Bank(bank.folder)
    assert fresh.problems == []
    loaded = fresh.get(doc.id)
    assert type(loaded) is type(doc) and loaded == stored
    [entry] = fresh.list(doc_type=doc_type)
    facets = loaded.facets()
    assert (entry.id, entry.title, entry.level, list(entry.competences)) == (
        doc.id,
        doc.title,
        facets["level"],
        list(facets["competences"]),
    )
    loaded = loaded.model_copy(update={"title": loaded.title + " (revu)"})
    assert fresh.save(loaded).revision == 2
    archive = tmp_path / "un.zip"
    fresh.export_zip(archive)
    other = Bank(tmp_path / "autre")
    assert other.import_zip(archive).added == [loaded.title]
    assert other.get(doc.id) == fresh.get(doc.id)
