"""The proposer's constraints form: options from the referential, only the set constraints passed, honoured."""

import pytest

from scenario_lib.scenario import propose
from scenario_lib.scenario.pedagogy import load_pedagogy
from scenario_lib.text import fold
from scenario_lib.widgets.constraints_form import ANY, ConstraintsForm


@pytest.fixture
def form(mcv):
    form = ConstraintsForm()
    form.rebuild(mcv)
    return form


def test_options_come_from_the_referential(form, mcv, tp):
    assert [code for _, code in form.level.options] == [lv.code for lv in mcv.levels]
    assert [label for label, _ in form.level.options] == ["Seconde", "Première", "Terminale"]
    assert form.level.value == mcv.levels[0].code
    assert [code for _, code in form.blocks.options] == [b.code for b in mcv.teaching_blocks]
    assert "4A" not in {code for _, code in form.blocks.options}  # described, not taught in option B
    codes = [c.code for c in mcv.competences]
    assert [code for _, code in form.include.options] == codes == [code for _, code in form.exclude.options]
    assert all(len(label) <= 90 for label, _ in form.include.options)
    form.rebuild(tp)
    assert [code for _, code in form.level.options] == ["formation"] and form.level.value == "formation"
    assert [code for _, code in form.blocks.options] == ["AT1", "AT2"]
    assert [code for _, code in form.include.options] == [c.code for c in tp.competences]


def test_untouched_form_leaves_the_proposer_free(form):
    assert form.market.value == ANY and form.channel.value == ANY and form.hours.value == ""
    assert form.kwargs() == {}
    form.sector.value = "   "
    assert form.kwargs() == {}


def test_every_widget_carries_its_css_class(form):
    for name, widget in [
        ("niveau", form.level),
        ("blocs", form.blocks),
        ("inclure", form.include),
        ("exclure", form.exclude),
        ("secteur", form.sector),
        ("marche", form.market),
        ("canal", form.channel),
        ("heures", form.hours),
        ("nombre", form.count),
    ]:
        assert f"spirale-contrainte-{name}" in widget._dom_classes


def test_set_values_become_the_keyword_arguments_of_propose(form):
    form.blocks.value = ("1", "3")
    form.include.value = ("1.1", "3.1")
    form.exclude.value = ("2.4",)
    form.sector.value = "  optique "
    form.market.value = "B to C"
    form.channel.value = "face-à-face"
    form.hours.value = "12"
    assert form.kwargs() == {
        "blocks_required": ["1", "3"],
        "competences_required": ["1.1", "3.1"],
        "competences_excluded": ["2.4"],
        "sector": "optique",
        "market": "B to C",
        "channel": "face-à-face",
        "hours": 12,
    }


def test_proposals_honour_the_form(form, mcv):
    form.level.value = "premiere"
    form.blocks.value = ("1", "3")
    form.include.value = ("1.1",)
    form.exclude.value = ("2.4",)
    form.market.value = "B to C"
    form.channel.value = "face-à-face"
    form.hours.value = "10,0"
    form.count.value = 3
    proposals = propose(mcv, form.level.value, n=form.count.value, seed=5, **form.kwargs())
    assert 1 <= len(proposals) <= 3
    for p in proposals:
        sc = p.scenario
        assert sc.level == "premiere" and {"1", "3"} <= set(sc.blocks())
        assert "1.1" in sc.competences and "2.4" not in sc.competences
        assert sc.context.market.value == "B to C" and sc.context.channel.value == "face-à-face"
        assert sc.total_hours == pytest.approx(10, abs=0.01)


def test_a_sector_typed_in_the_form_is_the_proposals_sector(form, mcv):
    context = load_pedagogy().contexts[0]
    form.sector.value = f" {context.sector.upper()} "
    proposals = propose(mcv, form.level.value, n=2, seed=1, **form.kwargs())
    assert proposals and all(fold(context.sector) in fold(p.scenario.context.sector) for p in proposals)
