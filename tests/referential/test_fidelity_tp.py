"""Fidelity of data/referentiels/tp-conseiller-commercial to the REAC TP-00115 (seed 004).

The seed is parsed here independently of the data files (its own headings-based parsing), then compared
with the data after normalising white space and apostrophes only.
"""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED = SEEDS / "004_6504d9d3dec08ec8.txt"
DATA = ROOT / "data" / "referentiels" / "tp-conseiller-commercial"

if not SEED.is_file():
    pytest.skip(
        "../shared/seeds absent: fidelity tests need the source documents (they run in CI)",
        allow_module_level=True,
    )

DESC = "Description de la compétence – processus de mise en œuvre"
CTX = "Contexte(s) professionnel(s) de mise en œuvre"
CRIT = "Critères de performance"
SF = "Savoir-faire techniques, savoir-faire organisationnels, savoir-faire relationnels, savoirs"


def norm(text):
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


# ------------------------------------------------------------------ seed parsing
def _seed_lines():
    """Lines of the REAC part of the seed, without page headers/footers, stripped."""
    out = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        if raw.startswith("SIGLE\t") or re.match(r"^CC\tREA?C?\tTP-\d+\t", raw):
            continue
        if raw.startswith("REFERENTIEL D'ÉVALUATION"):
            break  # the evaluation referential (RE) follows the REAC in the same seed
        out.append(raw.strip())
    return out


LINES = _seed_lines()


def _index(text, start=0):
    return LINES.index(text, start)


def _nonempty(a, b):
    return [s for s in LINES[a:b] if s]


def _bullet(s):
    return re.sub(r"^(- |▪ )", "", s)


def seed_synoptic():
    """[(at_number, at_title, cp_number, cp_title)] from the 'Vue synoptique de l'emploi-type' table."""
    start = _index("Vue synoptique de l'emploi-type")
    end = _index("FICHE EMPLOI TYPE", start)
    rows, at_num, at_title = [], None, None
    for s in LINES[start + 1 : end]:
        raw = s
        if not raw or raw.startswith("N° Fiche AT"):
            continue
        cells = raw.split("\t")
        cells = [c.strip() for c in cells if c.strip()]
        if len(cells) == 4:
            at_num, at_title = int(cells[0]), cells[1]
            cp_num, cp_title = int(cells[2]), cells[3]
        else:
            assert len(cells) == 2, cells
            cp_num, cp_title = int(cells[0]), cells[1]
        rows.append((at_num, at_title, cp_num, cp_title))
    return rows


def seed_cp_fiches():
    """{n: {'intitule', 'description', 'contexte', 'criteres'}} from the 'FICHE COMPÉTENCE PROFESSIONNELLE N° n' pages."""
    starts = [
        (i, int(m.group(1)))
        for i, s in enumerate(LINES)
        if (m := re.fullmatch(r"FICHE COMPÉTENCE PROFESSIONNELLE N° (\d+)", s))
    ]
    ends = [i for i, _ in starts[1:]] + [_index("FICHE DES COMPÉTENCES TRANSVERSALES DE L'EMPLOI TYPE")]
    fiches = {}
    for (a, n), b in zip(starts, ends):
        d, c, k, s = (_index(h, a) for h in (DESC, CTX, CRIT, SF))
        assert a < d < c < k < s < b
        fiches[n] = {
            "intitule": _nonempty(a + 1, d)[0],
            "description": " ".join(_nonempty(d + 1, c)),
            "contexte": " ".join(_nonempty(c + 1, k)),
            "criteres": [_bullet(x) for x in _nonempty(k + 1, s)],
        }
    return fiches


def seed_ct_fiche():
    """[(intitule, description, criteres)] in order, from the 'Fiche des compétences transversales'."""
    a = _index("FICHE DES COMPÉTENCES TRANSVERSALES DE L'EMPLOI TYPE")
    b = _index("Glossaire technique", a)
    body = [(i, s) for i, s in enumerate(LINES[a + 1 : b], a + 1) if s]
    # a competence title is the non-empty line right before the DESC heading
    titles = [body[j - 1][0] for j in range(1, len(body)) if body[j][1] == DESC]
    out = []
    for t, nxt in zip(titles, titles[1:] + [b]):
        d = _index(DESC, t)
        k = _index(CRIT, d)
        assert t < d < k < nxt
        out.append((LINES[t], " ".join(_nonempty(d + 1, k)), [_bullet(x) for x in _nonempty(k + 1, nxt)]))
    return out


# ------------------------------------------------------------------ data reading
def _yaml(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _csv(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------ tests
def test_seed_parsing_sanity():
    syn = seed_synoptic()
    assert [r[2] for r in syn] == list(range(1, 9))
    assert sorted(seed_cp_fiches()) == list(range(1, 9))
    assert len(seed_ct_fiche()) == 4


def test_synoptic_competences_exact_with_activity_type():
    comps = {c["code"]: c for c in _yaml("competences.yaml")}
    syn = seed_synoptic()
    assert len(comps) == len(syn) == 8
    for at_num, _at_title, cp_num, cp_title in syn:
        c = comps.get(f"CP{cp_num}")
        assert c is not None, f"CP{cp_num} missing"
        assert norm(c["intitule"]) == norm(cp_title), f"CP{cp_num}"
        assert c["bloc"] == f"AT{at_num}", f"CP{cp_num}"


def test_activity_types_exact():
    syn = seed_synoptic()
    expected = {f"AT{n}": norm(t) for n, t, _, _ in syn}
    blocs = {b["code"]: norm(b["intitule"]) for b in _csv("blocs.csv")}
    activites = {a["code"]: norm(a["intitule"]) for a in _yaml("activites.yaml")}
    assert blocs == expected
    assert activites == expected


def test_competence_fiches_titles_descriptions_contexts():
    comps = {c["code"]: c for c in _yaml("competences.yaml")}
    for n, f in seed_cp_fiches().items():
        c = comps[f"CP{n}"]
        assert norm(c["intitule"]) == norm(f["intitule"]), f"CP{n}"
        assert norm(c["description"]) == norm(f["description"]), f"CP{n} description"
        assert norm(c["contexte"]) == norm(f["contexte"]), f"CP{n} contexte"


def test_performance_criteria_both_ways():
    rows = _csv("criteres.csv")
    data = Counter((r["competence"], norm(r["texte"])) for r in rows if r["competence"].startswith("CP"))
    seed = Counter()
    for n, f in seed_cp_fiches().items():
        for t in f["criteres"]:
            seed[(f"CP{n}", norm(t))] += 1
    missing = seed - data
    extra = data - seed
    assert not missing, f"criteria of the REAC absent from criteres.csv: {sorted(missing)}"
    assert not extra, f"criteria in criteres.csv not in the REAC: {sorted(extra)}"


def test_transversal_competences():
    cts = _yaml("competences_transversales.yaml")
    seed = seed_ct_fiche()
    assert [c["code"] for c in cts] == ["CT1", "CT2", "CT3", "CT4"]
    for c, (title, desc, _crit) in zip(cts, seed):
        assert norm(c["intitule"]) == norm(title), c["code"]
        assert norm(c["description"]) == norm(desc), c["code"]


def test_transversal_criteria_both_ways():
    rows = _csv("criteres.csv")
    data = Counter((r["competence"], norm(r["texte"])) for r in rows if r["competence"].startswith("CT"))
    seed = Counter()
    for k, (_title, _desc, crit) in enumerate(seed_ct_fiche(), 1):
        for t in crit:
            seed[(f"CT{k}", norm(t))] += 1
    assert not (seed - data), f"missing: {sorted(seed - data)}"
    assert not (data - seed), f"extra: {sorted(data - seed)}"


def test_every_row_has_source():
    for name in (
        "competences.yaml",
        "competences_transversales.yaml",
        "activites.yaml",
        "savoirs.yaml",
        "activite_elements.yaml",
        "modalites_examen.yaml",
    ):
        for r in _yaml(name):
            assert r.get("source"), (name, r)
    for name in ("blocs.csv", "criteres.csv", "taches.csv", "niveaux.csv"):
        for r in _csv(name):
            assert r.get("source"), (name, r)
