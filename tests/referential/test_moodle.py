"""Moodle competency framework CSV (tool_lpimportcsv): export shape, round trip, hand-made import, errors."""

import csv
import json
from pathlib import Path

import pytest

from scenario_lib.errors import ReferentialError, SpiraleError
from scenario_lib.referential import load_referential
from scenario_lib.referential.moodle import export_moodle_csv, import_moodle_csv

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "moodle" / "cadre_multiniveau.csv"

# Column names and order of Moodle's admin/tool/lpimportcsv (lang/en/tool_lpimportcsv.php, list_required_headers).
MOODLE_HEADER = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def tree(ref):
    """Everything Moodle carries: teaching blocks › competences › sub-competences with their texts."""
    return [
        (
            b.code,
            b.title,
            b.unit,
            b.description,
            b.introduction,
            [
                (c.code, c.title, c.description, c.context, [(s.code, s.title) for s in c.sub_competences])
                for c in ref.competences_of(b.code)
            ],
        )
        for b in ref.teaching_blocks
    ]


@pytest.fixture(scope="module")
def mcv_csv(mcv, tmp_path_factory):
    path = tmp_path_factory.mktemp("moodle") / "mcv.csv"
    count = export_moodle_csv(mcv, path)
    return path, count


# --- export ---------------------------------------------------------------------------------------------


def test_export_has_moodle_header_and_one_row_per_node(mcv, mcv_csv):
    path, count = mcv_csv
    rows = read_csv(path)
    assert rows[0] == MOODLE_HEADER
    assert all(len(r) == 14 for r in rows)
    expected_nodes = (
        len(mcv.teaching_blocks) + len(mcv.competences) + sum(len(c.sub_competences) for c in mcv.competences)
    )
    assert count == len(rows) - 1 == 1 + expected_nodes


def test_framework_row_carries_scale_and_taxonomies(mcv, mcv_csv):
    framework = read_csv(mcv_csv[0])[1]
    assert framework[12] == "1" and framework[0] == ""
    assert framework[1] == mcv.code
    assert framework[13].split(",") == ["domain", "competency", "skill"]
    items = framework[5].split(",")
    assert [i.split(" – ")[0] for i in items] == ["NE", "N", "D", "A", "E"]
    assert [i.split(" – ")[1] for i in items] == [lv.label for lv in mcv.scale("positionnement")]
    # The checks of Moodle's competency_framework::validate_scaleconfiguration.
    config = json.loads(framework[6])
    assert "scaleid" in config[0]
    entries = config[1:]
    assert sorted(e["id"] for e in entries) == list(range(1, len(items) + 1))
    defaults = [e["id"] for e in entries if e["scaledefault"]]
    proficient = [e["id"] for e in entries if e["proficient"]]
    assert len(defaults) == 1 and proficient
    assert defaults[0] in proficient
    assert items[proficient[0] - 1].startswith("A ")  # Averti and Expert count as acquired, not Débrouillé


def test_export_is_a_tree_parents_first(mcv, mcv_csv):
    rows = read_csv(mcv_csv[0])[2:]
    seen = {""}
    parent_of = {}
    for row in rows:
        assert row[0] in seen, f"{row[1]} appears before its parent {row[0]}"
        assert row[12] == "" and row[4] == "1"
        seen.add(row[1])
        parent_of[row[1]] = row[0]
    for comp in mcv.competences:
        assert parent_of[comp.code] == comp.block
        for sub in comp.sub_competences:
            assert parent_of[sub.code] == comp.code
    assert {b.code for b in mcv.teaching_blocks} == {c for c, p in parent_of.items() if p == ""}
    assert "4A" not in parent_of  # option A's block has no competence in option B


def test_short_names_fit_moodle_limit_and_keep_full_title(mcv, mcv_csv):
    rows = {r[1]: r for r in read_csv(mcv_csv[0])[1:]}
    assert all(len(r[2]) <= 100 for r in rows.values())
    long_sub = max((s for c in mcv.competences for s in c.sub_competences), key=lambda s: len(s.title))
    assert len(long_sub.title) > 100
    row = rows[long_sub.code]
    assert row[2].endswith("…") and long_sub.title.startswith(row[2][:-1])
    assert long_sub.title.replace("'", "&#x27;") in row[3] or long_sub.title in row[3]


def test_descriptions_are_escaped_html(mcv, tmp_path):
    comp = mcv.competences[0]
    odd = comp.model_copy(update={"description": "Marge <b>brute</b> & nette\nligne 2\n\nAutre paragraphe"})
    ref = mcv.model_copy(update={"competences": (odd, *mcv.competences[1:])})
    path = tmp_path / "odd.csv"
    export_moodle_csv(ref, path)
    cell = {r[1]: r for r in read_csv(path)}[comp.code][3]
    assert "<b>" not in cell and "&lt;b&gt;brute&lt;/b&gt; &amp; nette<br>ligne 2</p><p>Autre paragraphe" in cell
    assert import_moodle_csv(path).competence(comp.code).description == odd.description


def test_code_used_at_two_levels_is_refused(mcv, tmp_path):
    clash = mcv.competences[0].model_copy(update={"code": mcv.competences[0].block})
    ref = mcv.model_copy(update={"competences": (clash, *mcv.competences[1:])})
    with pytest.raises(ReferentialError, match="deux niveaux"):
        export_moodle_csv(ref, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_export_to_missing_folder_is_a_french_error(mcv, tmp_path):
    with pytest.raises(SpiraleError, match="absent » introuvable"):
        export_moodle_csv(mcv, tmp_path / "absent" / "x.csv")
    assert not (tmp_path / "absent").exists()


def test_export_replaces_an_existing_file_whole(mcv, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("ancien contenu\n" * 10_000, encoding="utf-8")
    export_moodle_csv(mcv, path)
    assert "ancien contenu" not in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]  # no temp file left behind


# --- round trip -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bacpro-mcv-b", "tp-conseiller-commercial"])
def test_round_trip_gives_same_tree_codes_and_texts(name, tmp_path):
    ref = load_referential(name)
    path = tmp_path / "ref.csv"
    export_moodle_csv(ref, path)
    back = import_moodle_csv(path)
    assert tree(back) == tree(ref)
    assert (back.code, back.title, back.short_title, back.level, back.summary, back.kind) == (
        ref.code,
        ref.title,
        ref.short_title,
        ref.level,
        ref.summary,
        ref.kind,
    )
    assert [(s.code, s.label, s.rank) for s in back.scale("positionnement")] == [
        (s.code, s.label, s.rank) for s in ref.scale("positionnement")
    ]
    again = tmp_path / "again.csv"
    export_moodle_csv(back, again)
    assert again.read_bytes() == path.read_bytes()


def test_imported_referential_is_usable(mcv_csv):
    back = import_moodle_csv(mcv_csv[0])
    assert back.competence("4B.2").block == "4B"
    assert back.sub_competence("1.1.1").competence == "1.1"
    assert any(hit.code == "1.2" for hit in back.search("omni canal"))


# --- hand-made Moodle file ------------------------------------------------------------------------------


def test_fixture_builds_a_three_level_tree():
    ref = import_moodle_csv(FIXTURE)
    assert (ref.code, ref.short_title) == ("LYC-VENTE-2", "Vente conseil (essai)")
    assert ref.title == "Référentiel d'essai & de démonstration écrit à la main"
    assert [b.code for b in ref.blocks] == ["B1", "B2"]
    assert [(c.code, c.block) for c in ref.competences] == [("B1.C1", "B1"), ("B1.C2", "B1"), ("B2.C1", "B2")]
    assert [s.code for s in ref.competence("B1.C2").sub_competences] == ["B1.C2.S1"]  # listed before its parent
    assert ref.sub_competence("B1.C1.S1").title.endswith("avec un autre client")  # « Intitulé » section wins


def test_fixture_html_becomes_text():
    ref = import_moodle_csv(FIXTURE)
    assert ref.block("B1").description == "Bloc consacré à l’accueil.\n\n- en magasin\n- au téléphone"
    comp = ref.competence("B1.C1")
    assert comp.description == "Saluer,\nsourire\u00a0!"
    assert comp.context == "En boutique, aux heures d'affluence."
    assert ref.competence("B2.C1").description == "Écouter sans interrompre"
    assert ref.block("B2").description == "Texte brut sur\ndeux lignes\n\net un second paragraphe"  # format 2


def test_fixture_scale_without_codes_is_numbered():
    ref = import_moodle_csv(FIXTURE)
    assert [(s.code, s.label, s.rank) for s in ref.scale("positionnement")] == [
        ("1", "Pas encore acquis", 0),
        ("2", "En cours", 1),
        ("3", "Acquis", 2),
    ]


def test_fixture_sources_name_the_line():
    ref = import_moodle_csv(FIXTURE)
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    line_b2 = next(i for i, text in enumerate(lines, 1) if text.startswith(",B2,"))
    assert ref.block("B2").source.endswith(f"ligne {line_b2}")


def test_semicolon_csv_from_french_excel(tmp_path):
    path = write_csv(tmp_path / "excel.csv", read_csv(FIXTURE), delimiter=";")
    assert tree(import_moodle_csv(path)) == tree(import_moodle_csv(FIXTURE))


# --- broken Moodle files --------------------------------------------------------------------------------


def broken(tmp_path, change):
    rows = read_csv(FIXTURE)
    change(rows)
    return write_csv(tmp_path / "casse.csv", rows)


def line_of(path, idnumber):
    for number, text in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), 1):
        if f",{idnumber}," in text:
            return number
    raise AssertionError(idnumber)


def row_index(rows, idnumber):
    return next(i for i, r in enumerate(rows) if r[1] == idnumber)


def expect_error(path, line, field, *words):
    with pytest.raises(ReferentialError) as info:
        import_moodle_csv(path)
    err = info.value
    assert (err.file, err.line, err.field) == (Path(path).name, line, field)
    message = str(err)
    assert "casse.csv" in message and (f"ligne {line}" in message if line else True)
    for word in words:
        assert word in message
    return message


def test_unknown_parent(tmp_path):
    path = broken(tmp_path, lambda rows: rows[row_index(rows, "B2.C1")].__setitem__(0, "B9"))
    expect_error(path, line_of(path, "B2.C1"), "Parent ID number", "« B9 »", "inexistante")


def test_duplicate_id_number(tmp_path):
    def change(rows):
        rows[row_index(rows, "B2.C1")][1] = "B1.C1"

    path = broken(tmp_path, change)
    second = (
        Path(path)
        .read_text(encoding="utf-8")
        .split("\n")
        .index(next(t for t in Path(path).read_text(encoding="utf-8").split("\n") if t.startswith("B2,B1.C1,")))
        + 1
    )
    expect_error(path, second, "ID number", "en double", "déjà ligne")


def test_unknown_cross_reference_is_refused(tmp_path):
    path = broken(tmp_path, lambda rows: rows[row_index(rows, "B1.C2")].__setitem__(10, "B1.C1,ZZZ"))
    expect_error(path, line_of(path, "B1.C2"), "Cross-referenced competency ID numbers", "ZZZ", "inexistante")


def test_parent_cycle_is_refused(tmp_path):
    def change(rows):
        rows[row_index(rows, "B2")][0] = "B2.C1"

    path = broken(tmp_path, change)
    expect_error(path, line_of(path, "B2"), "Parent ID number", "boucle")


def test_empty_short_name(tmp_path):
    path = broken(tmp_path, lambda rows: rows[row_index(rows, "B1.C2")].__setitem__(2, "  "))
    expect_error(path, line_of(path, "B1.C2"), "Short name", "texte vide")


def test_missing_framework_row(tmp_path):
    path = broken(tmp_path, lambda rows: rows[1].__setitem__(12, ""))
    with pytest.raises(ReferentialError, match="aucune ligne de référentiel"):
        import_moodle_csv(path)


def test_two_framework_rows(tmp_path):
    path = broken(tmp_path, lambda rows: rows[row_index(rows, "B2")].__setitem__(12, "1"))
    expect_error(path, line_of(path, "B2"), "Is framework", "déjà ligne 2")


def test_bad_scale_configuration(tmp_path):
    path = broken(tmp_path, lambda rows: rows[1].__setitem__(6, '[{"scaleid": 1}, {"id": '))
    expect_error(path, 2, "Scale configuration", "JSON")


def test_scale_without_proficient_item(tmp_path):
    config = '[{"scaleid":"7"},{"id":1,"scaledefault":1,"proficient":0}]'
    path = broken(tmp_path, lambda rows: rows[1].__setitem__(6, config))
    expect_error(path, 2, "Scale configuration", "proficient")


def test_wrong_header(tmp_path):
    path = broken(tmp_path, lambda rows: [r.pop() for r in rows])
    expect_error(path, 1, "", "14 colonnes", "trouvé 13")


def test_row_with_missing_cells(tmp_path):
    path = broken(tmp_path, lambda rows: rows[row_index(rows, "B2.C1")].pop())
    expect_error(path, line_of(path, "B2.C1"), "", "14 colonnes attendues, trouvé 13")


def test_not_utf8(tmp_path):
    path = tmp_path / "casse.csv"
    path.write_bytes(FIXTURE.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    first_accent = next(
        i for i, t in enumerate(FIXTURE.read_text(encoding="utf-8").split("\n"), 1) if any(ord(ch) > 127 for ch in t)
    )
    expect_error(path, first_accent, "", "UTF-8")


def test_missing_file(tmp_path):
    with pytest.raises(ReferentialError, match="introuvable"):
        import_moodle_csv(tmp_path / "absent.csv")


def test_tab_separated_export_is_read_too(tmp_path):
    path = write_csv(tmp_path / "export.csv", read_csv(FIXTURE), delimiter="\t")
    assert tree(import_moodle_csv(path)) == tree(import_moodle_csv(FIXTURE))


def test_unclosed_quote(tmp_path):
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    number = next(i for i, text in enumerate(lines, 1) if text.startswith(",B2,"))
    # Every later quote is doubled or paired: opening one more swallows the rest of the file, or trips on a quote.
    lines[number - 1] = lines[number - 1].replace(",B2,", ',B2,"', 1)
    path = tmp_path / "casse.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    expect_error(path, number, "", "guillemet non fermé ?")


def test_semicolon_file_with_unclosed_quote_over_the_field_limit(tmp_path):
    rows = read_csv(FIXTURE)
    first = row_index(rows, "B2")
    rows += [["B2", f"B2.X{i}", f"Ajout {i}", "y" * 300, "1", "", "", "", "", "", "", "", "", ""] for i in range(500)]
    path = write_csv(tmp_path / "casse.csv", rows, delimiter=";")
    assert path.stat().st_size > 128 * 1024
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, text in enumerate(lines, 1) if text.startswith(";B2;"))
    assert number > first
    lines[number - 1] = lines[number - 1].replace(";B2;", ';B2;"', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    expect_error(path, number, "", "guillemet non fermé ?")


# --- frameworks deeper than three levels (built like Moodle's own example.csv, the OECD framework) --------

DEEP = FIXTURE.with_name("cadre_profond.csv")


def test_deep_framework_is_kept_whole_as_a_tree():
    ref = import_moodle_csv(DEEP)
    tree_ = ref.moodle
    assert tree_.depth == 4 and [n.code for n in tree_.children()] == ["niveaux", "competences"]
    assert [n.code for n in tree_.children("salut")] == ["AC-SA-1", "AC-SA-2"]
    assert tree_.taxonomy == ("competency",) * 4
    node = next(n for n in tree_.nodes if n.code == "VE-EC-1")
    assert (node.depth, node.parent, node.related) == (4, "ecoute", ("niveau-1", "niveau-2"))
    assert next(n for n in tree_.nodes if n.code == "niveau-1").related == ("AC-SA-1", "AC-SA-2", "VE-EC-1")


def test_deep_framework_three_level_view_says_the_way_down():
    ref = import_moodle_csv(DEEP)
    assert [b.code for b in ref.blocks] == ["niveaux", "competences"]
    assert [c.code for c in ref.competences_of("competences")] == ["accueil", "vente"]
    # depth 3 and 4 become sub-competences of their depth-2 ancestor, deeper titles keep their path
    assert [s.code for s in ref.competence("accueil").sub_competences] == ["salut", "AC-SA-1", "AC-SA-2"]
    assert ref.sub_competence("AC-SA-2").title == "Saluer et orienter › Oriente le client vers le bon rayon."
    assert ref.sub_competence("salut").title == "Saluer et orienter"
    assert any(hit.code == "VE-EC-1" for hit in ref.search("reformule"))


def test_deep_framework_exports_back_unchanged(tmp_path):
    ref = import_moodle_csv(DEEP)
    out = tmp_path / "retour.csv"
    export_moodle_csv(ref, out)
    rows, original = read_csv(out), read_csv(DEEP)
    assert rows[1:] == original[1:]  # every cell of every row: depths, cross-references, taxonomy, rules
    back = import_moodle_csv(out)
    assert [n.model_dump(exclude={"source"}) for n in back.moodle.nodes] == [
        n.model_dump(exclude={"source"}) for n in ref.moodle.nodes
    ]
    assert (back.moodle.row, back.moodle.taxonomy) == (ref.moodle.row, ref.moodle.taxonomy)


def test_titles_typed_like_formulas_are_exported_inert_and_come_back_whole(mcv, tmp_path):
    from tests.sheetcheck import live_csv_cells

    comps = [
        c.model_copy(update={"title": t})
        for c, t in zip(
            mcv.competences,
            ['=HYPERLINK("http://evil.example","clic")', "+1+1", "@SUM(1)", "-2+3", "=cmd|' /C calc'!A0"],
        )
    ]
    ref = mcv.model_copy(update={"competences": (*comps, *mcv.competences[len(comps) :])})
    path = tmp_path / "piege.csv"
    export_moodle_csv(ref, path)
    text = path.read_text(encoding="utf-8")
    assert live_csv_cells(text) == [] and "'=HYPERLINK" in text
    back = import_moodle_csv(path)
    assert [back.competence(c.code).title for c in comps] == [c.title for c in comps]
