"""CCF situations in a progression: each reason for « pas prêt », the Seconde rule, PFMP counted, on built progressions."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.paths import data_dir
from scenario_lib.planning.coverage import analyse
from scenario_lib.planning.exams import exam_readiness, pfmp_work_from_booklets, place_ccf, seconde_rule
from scenario_lib.planning.progression import Progression, new_progression

from .conftest import situation

SEED = Path("/work/shared/seeds/002_4ac2386eed93d8fc.txt")
E31 = ["1.1", "1.2", "1.3"]


def _progression():
    return new_progression("bacpro-mcv-b", "1re MCV B", "guide-grand-est")


def _week(prog, level, rank):
    return prog.year(level).numbers("cours")[rank]


def _status(prog, ref, code, pfmp=None):
    return next(s for s in exam_readiness(prog, ref, pfmp) if s.scope.short_code == code)


def test_seconde_quote_is_the_guide_word_for_word():
    quote = seconde_rule()
    assert "aucune évaluation certificative ne sera organisée en seconde professionnelle" in quote
    if SEED.exists():  # the seed the data was copied from (present in the project's workspace)
        assert quote in SEED.read_text(encoding="utf-8")


def test_ready_when_every_competence_was_worked_before(mcv):
    prog = _progression()
    prog = prog.placed(situation("Veille en Seconde", "seconde", ["1.1"], 6), "seconde", _week(prog, "seconde", 3))
    prog = prog.placed(
        situation("Vendre en Première", "premiere", ["1.2", "1.3"], 6), "premiere", _week(prog, "premiere", 2)
    )
    prog = place_ccf(
        prog, situation("CCF vente-conseil", "terminale", E31, 4), "terminale", _week(prog, "terminale", 5), "E31"
    )
    status = _status(prog, mcv, "E31")
    assert status.status == "prêt" and status.missing == {"CCF vente-conseil": []}
    assert not [p for p in analyse(prog, mcv).problems if p.kind == "épreuve"]


def test_not_ready_names_each_missing_competence_in_french(mcv):
    prog = _progression()
    prog = prog.placed(situation("Vendre en Première", "premiere", ["1.2"], 6), "premiere", _week(prog, "premiere", 2))
    # worked the same week as the CCF, and after it: neither counts as « before »
    ccf_week = _week(prog, "terminale", 5)
    prog = prog.placed(situation("Encaisser", "terminale", ["1.3"], 4), "terminale", ccf_week)
    prog = prog.placed(situation("Veiller", "terminale", ["1.1"], 4), "terminale", _week(prog, "terminale", 8))
    prog = place_ccf(prog, situation("CCF vente-conseil", "terminale", E31, 4), "terminale", ccf_week, "E31")
    status = _status(prog, mcv, "E31")
    assert status.status == "pas prêt"
    assert status.missing == {"CCF vente-conseil": ["1.1", "1.3"]}
    messages = [p.message for p in status.problems]
    assert len(messages) == 2
    assert messages[0] == (
        f"E31 Vente-conseil — pas prêt pour la situation de CCF « CCF vente-conseil » (Terminale, "
        f"semaine {ccf_week}) : la compétence 1.1 (Assurer la veille commerciale) n'a été "
        "travaillée ni en classe ni en PFMP avant cette situation."
    )
    assert "1.3 (Assurer l’exécution de la vente)" in messages[1]
    analysis = analyse(prog, mcv)
    assert {p.competence for p in analysis.problems if p.kind == "épreuve"} == {"1.1", "1.3"}
    assert not analysis.ok


def test_competence_worked_in_an_earlier_pfmp_counts(mcv):
    prog = _progression()
    prog = prog.placed(situation("Vendre", "premiere", ["1.2", "1.3"], 6), "premiere", _week(prog, "premiere", 1))
    terminale = prog.year("terminale")
    pfmp = terminale.numbers("pfmp")
    first_pfmp_end = next(n for n, m in zip(pfmp, pfmp[1:]) if m != n + 1)  # the first run of PFMP weeks ends
    after = next(n for n in terminale.numbers("cours") if n > first_pfmp_end)
    prog = place_ccf(prog, situation("CCF vente", "terminale", E31, 4), "terminale", after, "E31")
    assert _status(prog, mcv, "E31").missing == {"CCF vente": ["1.1"]}
    # 1.1 worked in the first PFMP of Terminale, which ends before the CCF week: ready
    assert _status(prog, mcv, "E31", {("terminale", 1): {"1.1"}}).status == "prêt"
    # in the second PFMP (after the CCF): still missing
    assert _status(prog, mcv, "E31", {("terminale", 2): {"1.1"}}).missing == {"CCF vente": ["1.1"]}
    analysis = analyse(prog, mcv, pfmp={("premiere", 1): ["1.1"]})
    assert not [p for p in analysis.problems if p.kind == "épreuve"]


def test_pfmp_work_read_from_booklets(mcv):
    from scenario_lib.pfmp.booklet import build_booklets
    from scenario_lib.pfmp.pupils import Pupil

    pupil = Pupil(last_name="Martin", first_name="Léa", grade="1re MCV B")
    booklet = build_booklets([pupil], "premiere", mcv)[0]
    booklet = booklet.model_copy(update={"levels": {"PFMP 2": {"1.1.1": "A", "2.1.1": "NE"}}})
    work = pfmp_work_from_booklets([booklet])
    assert "1.1" in work[("premiere", 2)] and "2.1" not in work[("premiere", 2)]


def test_ccf_situation_that_leaves_out_a_competence_is_flagged(mcv):
    prog = _progression()
    prog = prog.placed(situation("Tout voir", "premiere", E31, 6), "premiere", _week(prog, "premiere", 1))
    prog = place_ccf(
        prog, situation("CCF partiel", "terminale", ["1.1", "1.2"], 4), "terminale", _week(prog, "terminale", 3), "E31"
    )
    status = _status(prog, mcv, "E31")
    partial = [p for p in status.problems if p.severity == "attention"]
    assert [p.competence for p in partial] == ["1.3"]
    assert "n'évalue pas la compétence 1.3" in partial[0].message
    assert status.status == "prêt"  # a warning, not a reason for « pas prêt »


def test_ccf_refused_in_seconde_with_the_guide_sentence(mcv):
    prog = _progression()
    with pytest.raises(SpiraleError) as err:
        place_ccf(prog, situation("CCF trop tôt", "seconde", E31, 4), "seconde", _week(prog, "seconde", 3), "E31")
    assert "pas de situation de CCF en Seconde" in str(err.value) and seconde_rule() in str(err.value)
    assert prog.placements == ()


def test_ccf_in_seconde_in_a_file_is_reported(mcv):
    prog = _progression()
    prog = prog.placed(situation("Évaluée en Seconde", "seconde", E31, 4), "seconde", _week(prog, "seconde", 3))
    data = prog.model_dump(mode="json")
    data["placements"][0]["exam"] = "E31"
    reloaded = Progression.model_validate(data, context={"referential": mcv})
    # a hand-edited file still loads: nothing is lost
    problem = next(p for p in analyse(reloaded, mcv).problems if p.kind == "épreuve")
    assert problem.severity == "erreur" and seconde_rule() in problem.message
    assert _status(reloaded, mcv, "E31").status == "pas prêt"


def test_written_exam_is_not_a_ccf(mcv):
    prog = _progression()
    with pytest.raises(SpiraleError, match="se passe en « Ponctuel écrit »"):
        place_ccf(
            prog, situation("Prospecter", "terminale", ["4B.1"], 4), "terminale", _week(prog, "terminale", 3), "E2"
        )
    prog = prog.placed(situation("Prospecter", "terminale", ["4B.1"], 4), "terminale", _week(prog, "terminale", 3))
    prog = prog.model_copy(update={"placements": (prog.placements[0].model_copy(update={"exam": "E2"}),)})
    status = _status(prog, mcv, "E2")
    assert status.status.startswith("épreuve en « Ponctuel écrit »")
    assert "pas en CCF" in status.problems[0].message


def test_situation_without_competence_of_the_exam_refused(mcv):
    prog = _progression()
    with pytest.raises(SpiraleError, match="aucune compétence de l'épreuve E32"):
        place_ccf(prog, situation("Vendre", "terminale", ["1.1"], 4), "terminale", _week(prog, "terminale", 3), "E32")
    with pytest.raises(SpiraleError, match="épreuve « E9 » inconnue"):
        place_ccf(prog, situation("Vendre", "terminale", ["1.1"], 4), "terminale", _week(prog, "terminale", 3), "E9")


def test_exam_without_ccf_placed_says_so(mcv):
    statuses = {s.scope.short_code: s.status for s in exam_readiness(_progression(), mcv)}
    assert statuses["E32"] == "aucune situation de CCF placée"
    assert list(statuses) == ["E2", "E31", "E32", "E33"]


def test_seconde_rule_comes_from_spirale_data():
    text = (data_dir() / "spirale" / "seconde_famille_de_metiers.yaml").read_text(encoding="utf-8")
    assert seconde_rule() in text


def test_ccf_situation_shown_in_the_progression_legend(mcv):
    from scenario_lib.planning.progression_views import progression_views

    prog = _progression()
    prog = place_ccf(
        prog,
        situation("CCF suivi", "terminale", ["2.1", "2.2", "2.3", "2.4"], 4),
        "terminale",
        _week(prog, "terminale", 3),
        "E32",
    )
    terminale = next(y for y in progression_views(prog, mcv).years if y.level == "terminale")
    assert terminale.legend[0][2] == "Enseignement professionnel — situation de CCF E32"
