"""Fidelity of the Bac Pro MCV option B data files to their source documents.

The seeds are parsed here independently of the transcription (no copy of the data, no scenario_lib import):
the RAP activities (001), the regional guide's hours and exams tables (002) and the PFMP booklet (003).
Texts are compared after normalising white space and apostrophes only.
"""

import csv
import html
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
DATA = REPO / "data" / "referentiels" / "bacpro-mcv-b"
RAP = "001_8e57924e0707131b.txt"
GUIDE = "002_4ac2386eed93d8fc.txt"
LIVRET = "003_3d2a7c14c3cbbcd5.txt"

if not (SEEDS / RAP).is_file():
    pytest.skip(
        "../shared/seeds absent: fidelity tests need the source documents (they run in CI)", allow_module_level=True
    )

ACTIVITY_CODES = ["1", "2", "3", "4A", "4B"]


# ---------------------------------------------------------------- helpers
def norm(text):
    """Normalise apostrophes and white space only."""
    return re.sub(r"\s+", " ", str(text).replace("\u2019", "'")).strip()


def seed(name):
    return (SEEDS / name).read_text(encoding="utf-8")


def strip_tags(fragment):
    fragment = re.sub(r"</?(?:p|li|ul|ol|br|td|tr)\b[^>]*>", " ", fragment)  # block tags separate words
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))  # inline tags (<i>, <b>, <u>) do not


def debullet(text):
    return re.sub(r"^(?:•\s*-|•|·|-)\s*", "", norm(text)).strip()


def read_csv(stem):
    with open(DATA / f"{stem}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_yaml(stem):
    with open(DATA / f"{stem}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# ---------------------------------------------------------------- seed 001: RAP
def rap_activities():
    """{code: {"intitule", "conditions", "taches": [...], "resultats": [...]}} parsed from 001.

    In each activity's tables the lists bulleted with a bare "•" are, in order, the tasks and the expected
    results ("• -" and "-" bullets are resources / relations).
    """
    text = seed(RAP)
    body = text[text.index("## II. DESCRIPTION DES ACTIVITÉS") :]
    heads = list(re.finditer(r"^#+\s*Activité\s+(\w+)\s*:\s*(.+?)\s*$", body, flags=re.M))
    acts = {}
    for i, head in enumerate(heads):
        chunk = body[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(body)]
        lists = []
        for ul in re.findall(r"<ul[^>]*>(.*?)</ul>", chunk, flags=re.S):
            raw = [norm(strip_tags(li)) for li in re.findall(r"<li>(.*?)</li>", ul, flags=re.S)]
            if raw and all(r.startswith("•") and not re.match(r"•\s*-", r) for r in raw):
                lists.append([debullet(r) for r in raw])
        # conditions d'exercice: the paragraph after the heading, or the table cell under it (4B)
        m = re.search(r"Conditions d'exercice\s*:[\s|#*-]*\n+\|?([^|\n]+)", chunk)
        acts[head.group(1)] = {
            "intitule": norm(head.group(2)),
            "conditions": norm(m.group(1)) if m else None,
            "has_resultats_heading": "Résultats attendus" in chunk,
            "lists": lists,
        }
    return acts


def test_rap_parser_finds_the_five_activities():
    acts = rap_activities()
    assert list(acts) == ACTIVITY_CODES
    for code, act in acts.items():
        assert len(act["lists"]) == 2, (code, len(act["lists"]))
        assert act["has_resultats_heading"], code
        assert act["conditions"], code
    assert sum(len(a["lists"][0]) for a in acts.values()) >= 40


def test_activites_match_seed():
    acts = rap_activities()
    rows = read_yaml("activites")
    assert [str(r["code"]) for r in rows] == ACTIVITY_CODES
    for r in rows:
        act = acts[str(r["code"])]
        assert norm(r["intitule"]) == act["intitule"]
        assert str(r["bloc"]) == str(r["code"])
        assert norm(r["description"]) == act["conditions"]
        assert RAP in r["source"]


def test_every_task_is_in_taches_csv_and_vice_versa():
    acts = rap_activities()
    rows = read_csv("taches")
    for code in ACTIVITY_CODES:
        expected = acts[code]["lists"][0]
        mine = [r for r in rows if r["activite"] == code]
        assert [norm(r["intitule"]) for r in mine] == expected, code
        assert [r["code"] for r in mine] == [f"T{code}.{i:02d}" for i in range(1, len(expected) + 1)]
    assert {r["activite"] for r in rows} == set(ACTIVITY_CODES)
    assert len({r["code"] for r in rows}) == len(rows)
    assert all(RAP in r["source"] for r in rows)


def test_every_resultat_attendu_is_in_activite_elements():
    acts = rap_activities()
    rows = read_yaml("activite_elements")
    for code in ACTIVITY_CODES:
        expected = acts[code]["lists"][1]
        mine = [norm(r["texte"]) for r in rows if str(r["activite"]) == code and r["rubrique"] == "resultats"]
        assert mine == expected, code


def test_activite_elements_are_verbatim_from_the_rap():
    acts = rap_activities()
    text = seed(RAP)
    flat = norm(strip_tags(text[text.index("## II. DESCRIPTION DES ACTIVITÉS") :]))
    rows = read_yaml("activite_elements")
    allowed = {"conditions", "ressources", "relations", "autonomie", "resultats", "contexte"}
    for r in rows:
        assert r["rubrique"] in allowed
        assert str(r["activite"]) in ACTIVITY_CODES
        assert RAP in r["source"]
        assert norm(r["texte"]) in flat, r["texte"]
    for code in ACTIVITY_CODES:
        conds = [norm(r["texte"]) for r in rows if str(r["activite"]) == code and r["rubrique"] == "conditions"]
        assert conds == [acts[code]["conditions"]], code


# ---------------------------------------------------------------- seed 002: guide Grand Est
def guide_table(header_start):
    """Tab-separated rows following the line that starts with header_start, up to the next blank line."""
    lines = seed(GUIDE).split("\n")
    start = next(i for i, l in enumerate(lines) if l.lstrip("\t ").startswith(header_start))
    out = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        out.append([norm(c) for c in line.split("\t")])
    return out


def test_horaires_match_guide_table():
    seed_rows = guide_table("Seconde professionnelle")
    assert len(seed_rows) >= 7
    expected = [r[:5] for r in seed_rows]
    mine = [
        [norm(r[k]) for k in ("enseignement", "seconde", "premiere", "terminale", "total")]
        for r in read_csv("horaires")
    ]
    assert mine == expected
    assert all(GUIDE in r["source"] for r in read_csv("horaires"))


def test_epreuves_match_guide_table():
    seed_rows = guide_table("Epreuves")
    assert len(seed_rows) >= 10
    rows = read_csv("epreuves")
    assert len(rows) == len(seed_rows)
    for r, s in zip(rows, seed_rows):
        s = s + [""] * (5 - len(s))
        label = s[0]
        base, _, opt = r["code"].partition("-")
        if opt:
            assert label.startswith(f"- Option {opt} "), (r["code"], label)
        else:
            assert re.search(rf"\b{base}\b", label), (r["code"], label)
        assert label.endswith(norm(r["intitule"])), (r["intitule"], label)
        assert [norm(r[k]) for k in ("unite", "coefficient", "mode", "duree")] == s[1:5], label
        assert GUIDE in r["source"]
    assert len({r["code"] for r in rows}) == len(rows)


def test_niveaux_match_spiral_logic():
    text = norm(seed(GUIDE).replace("**", ""))
    rows = {r["code"]: r for r in read_csv("niveaux")}
    assert list(rows) == ["seconde", "premiere", "terminale"]
    for r in rows.values():
        assert norm(r["description"]) in text
        assert norm(r["complexite"]) in norm(r["description"])
        assert f"en {norm(r['libelle'])}," in norm(r["description"])


def test_outils_numeriques_are_verbatim():
    text = norm(strip_tags(seed(GUIDE)))
    rows = read_csv("outils_numeriques")
    assert rows
    for r in rows:
        assert r["bloc"] in {"1", "2", "3", "4B"}
        assert norm(r["outil"]) in text, r["outil"]


def test_regles_pfmp_descriptions_are_verbatim():
    sources = {"guide-grand-est": GUIDE, "note-2025-automobile": RAP, "livret-pfmp": LIVRET}
    rows = read_csv("regles_pfmp")
    assert {(r["regle"], r["classe"]) for r in rows} == {
        (g, c) for g in sources for c in ("seconde", "premiere", "terminale")
    }
    for r in rows:
        text = norm(strip_tags(seed(sources[r["regle"]]).replace("**", "")))
        assert sources[r["regle"]] in r["source"]
        assert int(r["periodes"]) > 0 and int(r["semaines"]) > 0
        for line in r["description"].split("\n"):
            assert norm(line) in text, line


def test_pfmp_figures_of_the_2025_note():
    text = norm(seed(RAP).replace("**", ""))
    got = {
        r["classe"]: (int(r["periodes"]), int(r["semaines"]))
        for r in read_csv("regles_pfmp")
        if r["regle"] == "note-2025-automobile"
    }
    assert "Classe de Seconde : Famille des métiers de la relation client : deux périodes de 3 semaines" in text
    assert "Classe de Première : Deux périodes de 4 semaines + 2 semaines pour les primo-entrants" in text
    assert "Classe de Terminale : deux périodes de 3 semaines" in text
    assert got == {"seconde": (2, 6), "premiere": (2, 8), "terminale": (2, 6)}
