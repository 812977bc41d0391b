"""Épreuves tied to blocks: what a situation prepares, on the scenario sheet and in the proposer's explanation."""

from __future__ import annotations

import csv

import pytest

from scenario_lib.errors import SpiraleError
from scenario_lib.evaluation.exams import exam_scope, exam_scopes, prepares_line, unit_key
from scenario_lib.paths import data_dir
from scenario_lib.planning.seconde import mentions_certification
from scenario_lib.render.html import render_html
from scenario_lib.scenario.proposer import propose
from tests.planning.conftest import situation

MCV = data_dir() / "referentiels" / "bacpro-mcv-b"


def test_scopes_follow_the_units_of_the_blocks(mcv):
    with open(MCV / "epreuves.csv", encoding="utf-8", newline="") as f:
        modes = {row["code"]: row["mode"] for row in csv.DictReader(f)}
    scopes = {s.code: s for s in exam_scopes(mcv)}
    assert list(scopes) == ["E2-B", "E31", "E32", "E33"]  # option A's E2 has no block taught in option B
    for code, block in (("E31", "1"), ("E32", "2"), ("E33", "3"), ("E2-B", "4B")):
        assert scopes[code].competences == tuple(c.code for c in mcv.competences_of(block))
        assert scopes[code].mode == modes[code]
    assert unit_key("U 31") == unit_key("U31") == "U31"  # the guide's table writes « U 31 »
    assert [s.in_ccf for s in scopes.values()] == [False, True, True, True]
    assert exam_scope(mcv, "E2").code == "E2-B"
    with pytest.raises(SpiraleError, match="épreuve « E7 » inconnue"):
        exam_scope(mcv, "E7")


def test_prepares_line(mcv):
    assert prepares_line(mcv, ["1.2", "2.1"]) == "E31 (CCF), E32 (CCF)"
    assert prepares_line(mcv, ["4B.2", "3.1"]) == "E2 (ponctuel écrit), E33 (CCF)"


def test_scenario_sheet_shows_what_it_prepares(mcv):
    html = render_html(situation("Vendre et suivre", "premiere", ["1.2", "2.1"], 6))
    assert "Prépare\u00a0:</strong> E31 (CCF), E32 (CCF)" in html


def test_proposer_explains_the_exams_prepared(mcv):
    for p in propose("bacpro-mcv-b", "premiere", n=3, seed=2):
        line = next(line for line in p.explanation.splitlines() if line.startswith("Prépare : "))
        assert line == f"Prépare : {prepares_line(mcv, p.scenario.competences)}."


def test_no_certificative_situation_proposed_in_seconde():
    for p in propose("bacpro-mcv-b", "seconde", n=6, seed=4):
        assert not mentions_certification(p.scenario), p.scenario.title
