"""Titre professionnel: readiness per exam part and per CP, on a small fixture, recomputed here from the raw files."""

from __future__ import annotations

import csv
from datetime import date

import pytest
import yaml

from scenario_lib.evaluation.titre import MiseEnSituation, TitreRecord, criteria_of, exam_parts, readiness, titre_rules
from scenario_lib.paths import data_dir
from scenario_lib.referential import load_referential

TP = data_dir() / "referentiels" / "tp-conseiller-commercial"


@pytest.fixture(scope="module")
def tp():
    return load_referential("tp-conseiller-commercial")


def _raw_criteria() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with open(TP / "criteres.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["competence"].startswith("CP"):
                out.setdefault(row["competence"], []).append(row["texte"])
    return out


def _raw_parts() -> list[tuple[str, str, set[str]]]:
    titles = {
        c["code"]: " ".join(c["intitule"].split())
        for c in yaml.safe_load((TP / "competences.yaml").read_text(encoding="utf-8"))
    }
    parts = []
    for row in yaml.safe_load((TP / "modalites_examen.yaml").read_text(encoding="utf-8")):
        if row["rubrique"].endswith("Compétences évaluées") and "Sans objet" not in row["texte"]:
            pieces = row["rubrique"].split(" — ")
            text = " ".join(row["texte"].split())
            parts.append(
                (
                    pieces[0] if pieces[0].startswith("CCP") else "Titre professionnel",
                    pieces[-2],
                    {code for code, title in titles.items() if title in text},
                )
            )
    return parts


def _record():
    """Two mises en situation: CP7 met everywhere at the end, CP6's 5th criterion failed the second time."""
    raw = _raw_criteria()
    first = {f"CP7-{i}": i != 2 for i in range(1, len(raw["CP7"]) + 1)}
    first |= {f"CP6-{i}": True for i in range(1, len(raw["CP6"]) + 1)}
    second = {"CP7-2": True, "CP6-5": False, "CP3-1": True}
    return TitreRecord(
        trainee="Ana Lopes",
        sessions=[
            MiseEnSituation(title="Entretien de vente filmé", when=date(2026, 3, 2), results=second),
            MiseEnSituation(title="Réclamation au téléphone", when=date(2026, 2, 1), results=first),
        ],
    )


def test_parts_come_from_the_RE(tp):
    parts = exam_parts(tp)
    assert [(p.exam, p.modality, set(p.competences)) for p in parts] == _raw_parts()
    whole = next(
        p for p in parts if p.exam == "Titre professionnel" and p.modality == "Mise en situation professionnelle"
    )
    assert whole.competences == ("CP3", "CP5", "CP6", "CP7")  # « Mettre en œuvre la démarche de prospection … »
    assert not any(p.modality == "Questionnaire professionnel" for p in parts)  # « Sans objet »


def test_readiness_recomputed_independently(tp):
    assert titre_rules().criterion == "dernier" and titre_rules().competence == "tous"
    raw = _raw_criteria()
    record = _record()
    # the latest observation of each criterion decides (sessions are given out of date order on purpose)
    latest: dict[str, bool] = {}
    for session in sorted(record.sessions, key=lambda s: s.when):
        latest.update(session.results)
    expected_missing = {
        cp: [t for i, t in enumerate(texts, 1) if not latest.get(f"{cp}-{i}", False)] for cp, texts in raw.items()
    }
    for part, (exam, modality, codes) in zip(readiness(tp, record), _raw_parts()):
        assert (part.part.exam, part.part.modality) == (exam, modality)
        assert {s.code for s in part.states} == codes
        for state in part.states:
            assert [t for _, t in state.missing] == expected_missing[state.code]
            assert state.is_acquired == (not expected_missing[state.code])
        assert part.ready == all(not expected_missing[c] for c in codes)
    cp7 = next(s for p in readiness(tp, record) for s in p.states if s.code == "CP7")
    assert cp7.is_acquired and cp7.total == len(raw["CP7"])
    cp6 = next(s for p in readiness(tp, record) for s in p.states if s.code == "CP6")
    assert [cid for cid, _ in cp6.missing] == ["CP6-5"]


def test_readiness_speaks_french_per_cp(tp):
    ccp = next(
        p
        for p in readiness(tp, _record())
        if p.part.exam.startswith("CCP Accompagner") and p.part.modality == "Entretien technique"
    )
    lines = ccp.lines()
    assert lines[0] == (
        "CCP Accompagner le client et lui proposer des produits et des services — Entretien technique : pas prêt"
    )
    total = len(_raw_criteria()["CP7"])
    assert f"  CP7 Assurer le suivi de ses ventes : acquise ({total} critère(s) sur {total})" in lines
    assert (
        "  CP6 Conseiller le client en conduisant l'entretien de vente : à travailler — 1 critère(s) non acquis :"
        in lines
    )
    assert "    • " + criteria_of(tp, "CP6")[4][1] in lines


def test_unknown_criterion_refused_in_french():
    with pytest.raises(Exception, match="critère inconnu « CP9-1 »"):
        TitreRecord(
            trainee="Ana", sessions=[MiseEnSituation(title="Jeu", when=date(2026, 1, 1), results={"CP9-1": True})]
        )


def test_rules_file_changes_the_count(monkeypatch, tmp_path, tp):
    from scenario_lib.evaluation import titre

    rules = tmp_path / "titre.yaml"
    rules.write_text("critere_acquis: une_fois\ncp_acquise: tous\n", encoding="utf-8")
    monkeypatch.setenv("SPIRALE_TITRE", str(rules))
    cp6 = next(s for p in readiness(tp, _record()) for s in p.states if s.code == "CP6")
    assert cp6.is_acquired  # met once, on 2 February
    rules.write_text("critere_acquis: parfois\n", encoding="utf-8")
    titre._rules.cache_clear()
    with pytest.raises(Exception, match="« critere_acquis » : « parfois » inconnu"):
        titre.titre_rules()
