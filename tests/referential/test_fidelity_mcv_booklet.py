"""Fidelity of data/referentiels/bacpro-mcv-b to its source documents.

The seeds are parsed here independently of the data files (own regexes / line logic), then compared
after normalising white space and apostrophes only (’ → ', runs of white space → one space).
"""

import csv
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
DATA = ROOT / "data" / "referentiels" / "bacpro-mcv-b"
FICHE = "000_b3dbce32afd449d9.txt"
BOOKLET = "003_3d2a7c14c3cbbcd5.txt"

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason="../shared/seeds absent: fidelity tests need the source documents (they run in CI)",
)

MODALITES = (
    "Les modalités d'évaluation sont décrites dans les annexes définissant le diplôme "
    "(voir notamment le règlement d'examen et les définitions d'épreuves)"
)

# Known, reported difference between the Première grid (transcribed) and the Terminale grid of the booklet.
KNOWN_TERMINALE_DIFFS = {
    (
        "3.3",
        "Evaluer les actions de fidélisation et de développement de la relation client",
        "Évaluer les actions de fidélisation et de développement de la relation client",
    ),
}


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


@cache
def seed(name):
    return (SEEDS / name).read_text(encoding="utf-8")


def read_csv(name):
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_yaml(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# ---------------------------------------------------------------- booklet (003)


def _sections(marker_start, marker_end):
    """Text chunks starting at each occurrence of marker_start, cut at the next marker_end."""
    text = seed(BOOKLET)
    out = []
    for m in re.finditer(re.escape(marker_start), text):
        end = text.find(marker_end, m.end())
        out.append(text[m.end() : end if end != -1 else len(text)])
    return out


def _competence_grids():
    """One chunk per booklet (Première, Terminale): from the first competence grid heading to the attitudes grid."""
    text = seed(BOOKLET)
    chunks = []
    pos = 0
    while True:
        start = text.find("Grille de positionnement formative des compétences", pos)
        if start == -1:
            break
        end = text.find("Grille de positionnement formative des attitudes", start)
        chunks.append(text[start:end])
        pos = end
    return chunks


COMP_RE = re.compile(r"^[ \t]*(?:([123])\s*[-.]\s*(\d)[ \t]+(\S.*?)|Compétences 4B\s*[-–]\s*(\S.*?))[ \t]*$", re.M)
BULLET_RE = re.compile(r"^[ \t]*·[ \t]*(\S.*?)[ \t]*$", re.M)


def parse_grid(chunk):
    """[(code, title, [bullets])] in booklet order."""
    events = sorted(
        [(m.start(), "c", m) for m in COMP_RE.finditer(chunk)]
        + [(m.start(), "b", m) for m in BULLET_RE.finditer(chunk)],
        key=lambda e: e[0],
    )
    grid, n4b = [], 0
    for _, kind, m in events:
        if kind == "c":
            if m.group(4):
                n4b += 1
                grid.append(("4B.%d" % n4b, m.group(4), []))
            else:
                grid.append(("%s.%s" % (m.group(1), m.group(2)), m.group(3), []))
        else:
            assert grid, "bullet before any competence: %r" % m.group(1)
            grid[-1][2].append(m.group(1))
    return grid


@cache
def booklet_grids():
    grids = [parse_grid(c) for c in _competence_grids()]
    assert len(grids) == 2, "expected the Première and Terminale booklets"
    return grids


def booklet_attitudes():
    lists = []
    for chunk in _sections("Attitudes professionnelles et savoir-être (1)", "*NE"):
        lists.append([m.group(1) for m in BULLET_RE.finditer(chunk)])
    return lists


def test_booklet_grid_counts():
    premiere, terminale = booklet_grids()
    for grid in (premiere, terminale):
        assert len(grid) == 15
        assert sum(len(b) for _, _, b in grid) == 72
        assert [c for c, _, _ in grid] == [
            "1.1",
            "1.2",
            "1.3",
            "2.1",
            "2.2",
            "2.3",
            "2.4",
            "3.1",
            "3.2",
            "3.3",
            "4B.1",
            "4B.2",
            "4B.3",
            "4B.4",
            "4B.5",
        ]


def test_terminale_grid_equals_premiere_except_known_differences():
    premiere, terminale = booklet_grids()
    diffs = set()
    for (c1, t1, b1), (c2, t2, b2) in zip(premiere, terminale):
        assert c1 == c2
        assert [norm(x) for x in b1] == [norm(x) for x in b2], c1
        if norm(t1) != norm(t2):
            diffs.add((c1, norm(t1), norm(t2)))
    assert diffs == KNOWN_TERMINALE_DIFFS


def test_competences_match_booklet():
    premiere, _ = booklet_grids()
    expected = [(code, code.rsplit(".", 1)[0], norm(title)) for code, title, _ in premiere]
    rows = read_csv("competences.csv")
    assert [(r["code"], r["bloc"], norm(r["intitule"])) for r in rows] == expected
    assert len(rows) == 15


def test_sous_competences_match_booklet():
    premiere, _ = booklet_grids()
    expected = [("%s.%d" % (code, i), code, norm(b)) for code, _, bullets in premiere for i, b in enumerate(bullets, 1)]
    rows = read_csv("sous_competences.csv")
    assert [(r["code"], r["competence"], norm(r["intitule"])) for r in rows] == expected
    assert len(rows) == 72


def test_attitudes_match_booklet():
    lists = booklet_attitudes()
    assert len(lists) == 2
    assert [norm(x) for x in lists[0]] == [norm(x) for x in lists[1]]
    assert len(lists[0]) == 12
    rows = read_csv("attitudes.csv")
    assert [(r["code"], norm(r["intitule"])) for r in rows] == [
        ("AP%02d" % i, norm(a)) for i, a in enumerate(lists[0], 1)
    ]


def test_echelles_match_booklet():
    text = seed(BOOKLET)
    table = text[text.index("Niveau de maîtrise des compétences") : text.index("Grille de positionnement formative")]
    lines = [norm(l.lstrip(" \t·")) for l in table.split("\n") if l.strip()]
    rows = read_csv("echelles.csv")
    pos = [r for r in rows if r["echelle"] == "positionnement"]
    mai = [r for r in rows if r["echelle"] == "maitrise"]
    assert [r["code"] for r in pos] == ["NE", "N", "D", "A", "E"]
    assert [r["code"] for r in mai] == ["MI", "MF", "MS", "TBM"]
    assert [int(r["rang"]) for r in pos] == [0, 1, 2, 3, 4]
    assert [int(r["rang"]) for r in mai] == [0, 1, 2, 3]
    # legend of the grids: "*NE : non évalué", "*N : Novice", ...
    legend = dict(re.findall(r"^\*(NE|N|D|A|E)\s*:\s*(.+?)\s*$", text, re.M))
    assert norm(pos[0]["libelle"]) == norm(legend["NE"])
    for r in pos[1:]:
        assert norm(r["libelle"]) in lines
        assert norm(r["libelle"]).lower() == norm(legend[r["code"]]).lower()
    for r in mai:
        assert "%s (%s)" % (norm(r["libelle"]), r["code"]) in lines
    for r in pos[1:] + mai:
        descr = [norm(x) for x in r["descripteur"].split("\n")]
        assert len(descr) == 4
        for d in descr:
            assert d in lines, d
    # same booklet row -> same descriptor in both scales
    assert [r["descripteur"] for r in pos[1:]] == [r["descripteur"] for r in mai]


# ---------------------------------------------------------------- RNCP fiche (000)

BLOC_LINE_RE = re.compile(r"^Bloc de compétence n°\d+ de la fiche n° 32259 - (U[A-Z]?\d+) ([^\t]+)\t(.*)$", re.M)
PRO_UNITS = {"U31": "1", "U32": "2", "U33": "3", "U2": "4B"}


@cache
def fiche_blocks():
    return {m.group(1): (m.group(2).strip(), m.group(3)) for m in BLOC_LINE_RE.finditer(seed(FICHE))}


def test_fiche_professional_block_descriptors():
    blocks = fiche_blocks()
    # Option A's block 4A comes from the RAP (001), not from the option B fiche.
    rows = {r["code"]: r for r in read_yaml("blocs.yaml") if r["option"] != "A"}
    assert set(rows) == set(PRO_UNITS.values())
    for unit, code in PRO_UNITS.items():
        _, raw = blocks[unit]
        title = re.match(r"<p>(.*?)</p>", raw).group(1)
        bullets = [norm(b) for b in re.findall(r"•([^•<]+)", raw)]
        row = rows[code]
        assert row["unite"] == unit
        assert norm(row["intitule"]) == norm(title)
        assert [norm(x) for x in row["description"].split("\n")] == bullets
        assert FICHE in row["source"]


def _flatten_fiche_text(raw):
    text = re.sub(r"<[^>]+>", " ", raw).replace(MODALITES, " ")
    text = re.sub(r"(^|\s)-\s|(?<=\S)-\s", " ", text)
    return norm(text)


def test_fiche_general_units():
    blocks = fiche_blocks()
    rows = {r["code"]: r for r in read_yaml("unites_generales.yaml")}
    general = {u for u in blocks if u not in PRO_UNITS}
    assert set(rows) == general
    assert {"U11", "U12", "U34", "U41", "U42", "U51", "U52", "U6", "U7"} <= general
    for unit in general:
        name, raw = blocks[unit]
        row = rows[unit]
        assert norm(row["intitule"]) == norm(name)
        assert norm(" ".join(row["description"].split("\n"))) == _flatten_fiche_text(raw), unit


def test_referentiel_header_matches_fiche():
    text = seed(FICHE)
    ref = read_yaml("referentiel.yaml")
    assert ref["code"] == "RNCP" + re.search(r"Code RNCP : (\d+)", text).group(1)
    intitule = re.search(r"^Intitulé\s*\n\s*\n?(.+)$", text, re.M).group(1)
    assert norm(ref["intitule"]) == norm(intitule)
    rome = re.findall(r"^(D\d{4} : .+?)\s*$", text, re.M)
    assert [norm(r) for r in ref["rome"]] == [norm(r) for r in rome]
    assert ref["niveau"] == re.search(r"^(\d) \(Nomenclature Europe\)", text, re.M).group(1)
    lines = [norm(l) for l in text.split("\n") if l.strip()]
    assert all(norm(n) in lines for n in ref["nsf"])
    for para in ref["resume"].split("\n"):
        assert norm(para) in lines
    assert norm(ref["options"][1]["intitule"]) in norm(intitule)
