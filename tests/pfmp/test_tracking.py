"""Follow-up across PFMP 1–4: expected levels are recomputed here from the typed grids, by the booklet's rule."""

import random
import re

import pytest
from markupsafe import escape

from scenario_lib.document import parse_document
from scenario_lib.errors import SpiraleError
from scenario_lib.pfmp import Pupil, build_booklets, class_results
from scenario_lib.pfmp.booklet import PERIODS
from scenario_lib.pfmp.tracking import ClassResults

LEVELS = ["NE", "N", "D", "A", "E"]  # booklet legend order: NE not evaluated, then Novice → Expert


def pupils(count=3):
    return [Pupil(last_name=f"Élève{i}", first_name="Léa", grade="TMCVB") for i in range(count)]


def code(value):
    """A level code, or None where the table holds a missing value (never evaluated)."""
    return value if isinstance(value, str) else None


def with_levels(booklet, levels):
    return parse_document({**booklet.model_dump(), "levels": levels}, "livret_pfmp")


def booklets_for(ref, typed):
    """typed: pupil index → period → {sub-competence: level}; Première and Terminale booklets per pupil."""
    people = pupils(len(typed))
    out = []
    for year in ("premiere", "terminale"):
        for i, booklet in enumerate(build_booklets(people, year, ref)):
            levels = {p: typed[i][p] for p in PERIODS[year] if typed[i].get(p)}
            out.append(with_levels(booklet, levels))
    return people, out


def expected(ref, typed_pupil):
    """competence → (best, latest) codes by the rule: lowest evaluated sub-competence, NE ignored."""
    rank = {c: i for i, c in enumerate(LEVELS)}
    result = {}
    for comp in ref.competences:
        per_period = []
        for period in ("PFMP 1", "PFMP 2", "PFMP 3", "PFMP 4"):
            typed = typed_pupil.get(period, {})
            evaluated = [rank[typed[s.code]] for s in comp.sub_competences if typed.get(s.code, "NE") != "NE"]
            if evaluated:
                per_period.append(min(evaluated))
        result[comp.code] = (LEVELS[max(per_period)], LEVELS[per_period[-1]]) if per_period else (None, None)
    return result


def random_typing(ref, seed, pupils_count=4):
    rnd = random.Random(seed)
    subs = [s.code for c in ref.competences for s in c.sub_competences]
    return {
        i: {
            p: {s: rnd.choice(LEVELS) for s in rnd.sample(subs, rnd.randint(0, len(subs)))}
            for p in ("PFMP 1", "PFMP 2", "PFMP 3", "PFMP 4")
        }
        for i in range(pupils_count)
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_best_and_latest_level_across_the_four_periods(ref, seed):
    typed = random_typing(ref, seed)
    people, booklets = booklets_for(ref, typed)
    summary = ClassResults(booklets, ref).summary()
    for i, pupil in enumerate(people):
        rows = summary[summary.eleve == pupil.full_name].set_index("competence")
        for comp, (best, latest) in expected(ref, typed[i]).items():
            assert (code(rows.loc[comp, "meilleur"]), code(rows.loc[comp, "dernier"])) == (best, latest), comp


def test_competence_level_is_the_lowest_evaluated_sub_competence(ref):
    comp = ref.competences[0]
    subs = [s.code for s in comp.sub_competences]
    assert len(subs) >= 3
    # PFMP 1: E, E, … and one D → D. PFMP 3 (Terminale): N on one part, the rest NE → N (NE is no level)
    typed = {
        0: {"PFMP 1": {**{s: "E" for s in subs}, subs[1]: "D"}, "PFMP 3": {**{s: "NE" for s in subs}, subs[2]: "N"}}
    }
    _, booklets = booklets_for(ref, typed)
    row = ClassResults(booklets, ref).summary().set_index("competence").loc[comp.code]
    assert (row.meilleur, row.dernier) == ("D", "N")


def test_only_ne_means_never_evaluated(ref):
    comp = ref.competences[1]
    typed = {0: {"PFMP 2": {s.code: "NE" for s in comp.sub_competences}}}
    _, booklets = booklets_for(ref, typed)
    results = ClassResults(booklets, ref)
    row = results.summary().set_index("competence").loc[comp.code]
    assert code(row.meilleur) is None and code(row.dernier) is None
    todo = results.to_do().set_index("competence")
    assert "jamais" in todo.loc[comp.code, "motif"]


def test_to_do_lists_what_is_below_averti_with_the_reason(ref):
    typed = random_typing(ref, 11, pupils_count=3)
    people, booklets = booklets_for(ref, typed)
    results = ClassResults(booklets, ref)
    labels = {s.code: s.label for s in ref.scale("positionnement")}
    todo = {(r.eleve, r.competence): r.motif for r in results.to_do().itertuples()}
    reached = 0
    for i, pupil in enumerate(people):
        for comp, (best, _) in expected(ref, typed[i]).items():
            key = (pupil.full_name, comp)
            if best is None:
                assert "jamais évaluée" in todo[key]
            elif LEVELS.index(best) < LEVELS.index("A"):
                assert labels[best] in todo[key] and labels["A"] in todo[key]
            else:
                assert key not in todo
                reached += 1
    pairs = len(people) * len(ref.competences)
    assert len(todo) == pairs - reached
    assert results.counts() == {
        "eleves": len(people),
        "paires": pairs,
        "validees": reached,
        "a_travailler": pairs - reached,
    }


def test_heatmap_shape_values_and_colours(ref):
    typed = random_typing(ref, 5, pupils_count=4)
    people, booklets = booklets_for(ref, typed)
    results = ClassResults(booklets, ref)
    heat = results.heatmap()
    assert heat.shape == (len(people), len(ref.competences))
    assert list(heat.columns) == [c.code for c in ref.competences]
    assert sorted(heat.index) == sorted(p.full_name for p in people)
    for i, pupil in enumerate(people):
        for comp, (best, _) in expected(ref, typed[i]).items():
            assert code(heat.loc[pupil.full_name, comp]) == best

    page = results.dashboard_html()
    competences = page.split("spirale-heatmap-competences")[1].split("</table>")[0]
    cells = re.findall(r"<td style=\"background:(#[0-9a-f]{6})\">([^<]*)</td>", competences)
    assert len(cells) == heat.size
    colour_of = {}
    for colour, text in cells:
        assert colour_of.setdefault(text, colour) == colour  # one colour per level
    assert colour_of.get("–", "#ffffff") == "#ffffff"

    def green_minus_red(colour):
        return int(colour[3:5], 16) - int(colour[1:3], 16)

    shown = [c for c in ("N", "D", "A", "E") if c in colour_of]
    assert len(shown) >= 3
    greens = [green_minus_red(colour_of[c]) for c in shown]
    assert greens == sorted(greens) and len(set(greens)) == len(greens)  # red (Novice) → green (Expert)
    for comp in ("1.1", "4B.5"):
        assert str(escape(ref.competence(comp).title)) in page


def test_class_without_booklets_is_explained(tmp_path, ref):
    with pytest.raises(SpiraleError, match="générez d'abord les livrets"):
        class_results(tmp_path / "banque", "TMCVB", ref)


def test_attitudes_reach_the_dashboard_with_the_latest_level(ref):
    people = pupils(2)
    first, second = (build_booklets([p], "premiere", ref)[0] for p in people)
    codes = [a.code for a in ref.attitudes]
    first = first.model_copy(
        update={"attitudes": {"PFMP 1": {codes[0]: "N"}, "PFMP 2": {codes[0]: "A", codes[1]: "NE"}}}
    )
    results = ClassResults([first, second], ref)
    table = results.attitude_heatmap()
    assert list(table.columns) == codes and table.shape == (2, len(codes))
    assert table.loc[people[0].full_name, codes[0]] == "A"  # PFMP 2 after PFMP 1: the latest counts
    assert not isinstance(table.loc[people[0].full_name, codes[1]], str)  # NE is no level
    assert not any(isinstance(v, str) for v in table.loc[people[1].full_name])
    periods, rows = results.pupil_attitudes(people[0].full_name)
    assert periods == ["PFMP 1", "PFMP 2"] and rows[0] == {
        "code": codes[0],
        "title": ref.attitudes[0].title,
        "levels": ["N", "A"],
    }
    page = results.dashboard_html()
    attitudes = page.split("spirale-heatmap-attitudes")[1].split("</table>")[0]
    assert f'title="{escape(ref.attitudes[0].title)}">{codes[0]}</th>' in attitudes
    assert re.findall(r"<td style=\"background:#[0-9a-f]{6}\">([^<]*)</td>", attitudes).count("A") == 1


def test_dashboard_legend_names_every_level_with_its_colour(ref):
    results = ClassResults(build_booklets(pupils(1), "premiere", ref), ref)
    legend = results.dashboard_html().split("spirale-legende")[1].split("</table>")[0]
    shown = re.findall(r'<td style="background:(#[0-9a-f]{6})"><strong>(\w+)</strong> ([^<]+)</td>', legend)
    assert [(c, label) for _, c, label in shown] == [(s.code, s.label) for s in ref.scale("positionnement")]
    assert [c for _, c, _ in shown] == ["NE", "N", "D", "A", "E"] and len({colour for colour, _, _ in shown}) == 5
    assert "Légende des niveaux" in legend
