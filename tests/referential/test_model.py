"""The referential model: look-ups, accent-free search, pandas views, several referentials side by side."""

import csv
from pathlib import Path

import pydantic
import pytest

from scenario_lib.errors import SpiraleError, UnknownCodeError
from scenario_lib.paths import data_dir
from scenario_lib.referential import load_folder, load_referential
from scenario_lib.text import fold

DATA = data_dir() / "referentiels"
OWN = Path(__file__).resolve().parents[1] / "fixtures" / "referentiels" / "cap-essai-vente"


def table(name, referential="bacpro-mcv-b"):
    with open(DATA / referential / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def own():
    return load_folder(OWN)


# --- look-ups -------------------------------------------------------------------------------------------


def test_competence_lookup_matches_the_csv(mcv):
    for row in table("competences"):
        comp = mcv.competence(row["code"])
        assert (comp.title, comp.block) == (row["intitule"], row["bloc"])
        assert mcv.block_of(row["code"]).code == row["bloc"]


def test_sub_competences_and_tasks_lookup(mcv):
    subs = table("sous_competences")
    assert len(subs) == 72
    for row in subs:
        assert mcv.sub_competence(row["code"]).competence == row["competence"]
        assert row["code"] in [s.code for s in mcv.competence(row["competence"]).sub_competences]
    for row in table("taches"):
        task = mcv.task(row["code"])
        assert (task.title, task.activity) == (row["intitule"], row["activite"])
        assert task in mcv.activity(row["activite"]).tasks


@pytest.mark.parametrize(
    "method, code, kind",
    [
        ("competence", "9.9", "compétence"),
        ("block", "4C", "bloc"),
        ("task", "T9.99", "tâche"),
        ("sub_competence", "1.1.9", "sous-compétence"),
        ("activity", "8", "activité"),
        ("level_info", "bts", "niveau"),
    ],
)
def test_unknown_code_is_a_french_error(mcv, method, code, kind):
    with pytest.raises(UnknownCodeError) as info:
        getattr(mcv, method)(code)
    message = str(info.value)
    assert f"« {code} »" in message and kind in message and "inconnu" in message
    assert mcv.short_title in message
    assert isinstance(info.value, SpiraleError) and isinstance(info.value, KeyError)
    assert not message.startswith("'")  # no KeyError quoting around the French sentence


def test_has(mcv):
    assert mcv.has("compétence", "4B.5") and not mcv.has("compétence", "4A.1")
    assert mcv.has("tâche", "T4B.07") and not mcv.has("tâche", "T4B.08")


def test_teaching_blocks_leave_out_option_a(mcv):
    assert [b.code for b in mcv.blocks] == [r["code"] for r in _yaml_codes("blocs")]
    assert "4A" in [b.code for b in mcv.blocks]
    assert [b.code for b in mcv.teaching_blocks] == ["1", "2", "3", "4B"]
    assert mcv.competences_of("4A") == []
    assert [c.code for c in mcv.competences_of("4B")] == [f"4B.{i}" for i in range(1, 6)]


def _yaml_codes(name):
    import yaml

    return yaml.safe_load((DATA / "bacpro-mcv-b" / f"{name}.yaml").read_text(encoding="utf-8"))


def test_scale_is_sorted_by_rank(mcv):
    rows = [r for r in table("echelles") if r["echelle"] == "positionnement"]
    expected = [r["code"] for r in sorted(rows, key=lambda r: int(r["rang"]))]
    assert [s.code for s in mcv.scale("positionnement")] == expected == ["NE", "N", "D", "A", "E"]
    assert mcv.scale("inexistante") == []


def test_tools_and_tasks_per_block(mcv):
    tools = table("outils_numeriques")
    assert len(mcv.tools_of("1")) == sum(r["bloc"] == "1" for r in tools) > 0
    codes = [t.code for t in mcv.tasks_of_block("4B")]
    assert codes and all(c.startswith("T4B.") for c in codes)


def test_model_is_immutable(mcv):
    with pytest.raises(pydantic.ValidationError):
        mcv.title = "autre"
    with pytest.raises(pydantic.ValidationError):
        mcv.competences[0].title = "autre"


def test_activity_texts_by_heading(mcv):
    results = mcv.activity("1").texts("resultats")
    assert results and all(isinstance(t, str) and t for t in results)
    assert mcv.activity("1").texts("rubrique-inconnue") == []


# --- search ---------------------------------------------------------------------------------------------


def test_search_ignores_accents_and_case(own):
    hits = own.search("negociation")
    assert {h.code for h in hits} == {"N1.1", "N1.1.1"}
    assert all("négociation" in h.text for h in hits)
    assert {h.code for h in own.search("NÉGOCIATION")} == {"N1.1", "N1.1.1"}


def test_search_folds_oe_ligature(own, mcv):
    assert {h.code for h in own.search("ŒUVRE")} == {"N2", "N2.1.1"}  # « œuvre » and « ŒUVRE »
    assert {h.code for h in own.search("oeuvre")} == {"N2", "N2.1.1"}
    hits = mcv.search("ŒUVRE")
    assert hits and all("œuvre" in h.text.lower() for h in hits)
    assert "2.2" in {h.code for h in hits if h.kind == "compétence"}


def test_search_needs_every_word(mcv):
    hits = mcv.search("hierarchiser informations")
    assert [h.code for h in hits] == ["1.1.1"]
    assert mcv.search("hierarchiser zzzz") == []
    assert mcv.search("   ") == []


def test_search_hits_really_contain_the_query(mcv):
    for query in ("client", "fidélisation", "T1"):
        hits = mcv.search(query)
        assert hits
        assert all(fold(query) in fold(f"{h.code} {h.text}") for h in hits)
    kinds = {h.kind for h in mcv.search("client")}
    assert {"compétence", "sous-compétence", "tâche"} <= kinds


def test_search_by_code(mcv):
    assert ("tâche", "T4B.03") in {(h.kind, h.code) for h in mcv.search("t4b.03")}


# --- pandas views ---------------------------------------------------------------------------------------


def test_competences_frame(mcv):
    frame = mcv.competences_frame()
    assert list(frame["code"]) == [r["code"] for r in table("competences")]
    assert frame["sous-compétences"].sum() == 72
    assert frame.set_index("code").loc["1.1", "intitulé"] == mcv.competence("1.1").title
    assert set(frame["bloc"]) == {"1", "2", "3", "4B"}


def test_sub_competences_frame(mcv):
    frame = mcv.sub_competences_frame()
    assert len(frame) == 72
    assert frame.groupby("compétence").size().to_dict() == {c.code: len(c.sub_competences) for c in mcv.competences}
    assert all(code.startswith(comp + ".") for code, comp in zip(frame["code"], frame["compétence"]))


def test_tasks_frame(mcv, tp):
    frame = mcv.tasks_frame()
    assert list(frame["code"]) == [r["code"] for r in table("taches")]
    assert set(frame.columns) == {"activité", "bloc", "code", "intitulé"}
    tp_frame = tp.tasks_frame()
    assert len(tp_frame) == len(table("taches", "tp-conseiller-commercial"))
    assert tp.sub_competences_frame().empty


# --- several referentials -------------------------------------------------------------------------------


def test_two_referentials_side_by_side(mcv, tp):
    assert mcv.competence("1.1").block == "1"
    assert tp.competence("CP1").block == "AT1"
    with pytest.raises(UnknownCodeError, match=tp.short_title):
        tp.competence("1.1")
    with pytest.raises(UnknownCodeError, match=mcv.short_title):
        mcv.competence("CP1")
    assert all(not h.code.startswith("CP") for h in mcv.search("prospection"))
    assert {h.code for h in tp.search("prospection") if h.kind == "compétence"} >= {"CP3"}
    assert [lv.code for lv in mcv.levels] == ["seconde", "premiere", "terminale"]
    assert [lv.code for lv in tp.levels] == ["formation"]
    assert tp.kind == "titre_professionnel" and mcv.kind == "diplome"


def test_titre_pro_has_criteria_and_transversal_competences(tp):
    rows = table("criteres", "tp-conseiller-commercial")
    assert sum(len(c.criteria) for c in tp.competences) + sum(len(t.criteria) for t in tp.transversal) == len(rows)
    assert [t.code for t in tp.transversal] == ["CT1", "CT2", "CT3", "CT4"]


def test_hours_cells_as_numbers_keep_the_guides_writing():
    from scenario_lib.referential.model import Hours

    row = Hours(subject="Enseignements professionnels", seconde="450", premiere="-", terminale="13,5", total="1 260")
    assert row.total == "1 260"  # the official writing is kept for exports
    assert (row.value("seconde"), row.value("premiere"), row.value("terminale"), row.value("total")) == (
        450.0,
        0.0,
        13.5,
        1260.0,
    )
    mcv = load_referential("bacpro-mcv-b")
    detail = [
        h
        for h in mcv.hours
        if not h.subject.startswith("Enseignements professionnels") or "co-intervention" in h.subject
    ]
    summary = next(h for h in mcv.hours if h.subject == "Enseignements professionnels")
    for level in ("seconde", "premiere", "terminale"):  # the guide's first row is the sum of the others
        assert summary.value(level) == sum(h.value(level) for h in detail)
