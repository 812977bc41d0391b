from datetime import UTC

from markupsafe import escape

from scenario_lib.render import render_html
from scenario_lib.scenario.model import Scenario, parse_scenario


def test_standalone_page_inlines_css_and_declares_french(scenario):
    html = render_html(scenario)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in html
    assert "@page" in html and "size: A4" in html  # print CSS inlined, no external link
    assert "<link" not in html


def test_fiche_shows_official_wording_grouped_by_block(scenario, ref):
    html = render_html(scenario)
    for code in scenario.competences:
        competence = ref.competence(code)
        assert escape(competence.title) in html
        assert escape(ref.block(competence.block).label) in html
    assert escape(ref.sub_competence("4B.3.6").title) in html
    assert escape(ref.task("T4B.01").title) in html
    # blocks in referential order: 1 before 3 before 4B
    positions = [html.index(escape(ref.block(b).title)) for b in ("1", "3", "4B")]
    assert positions == sorted(positions)


def test_grid_has_every_level_and_descriptor(scenario, ref):
    html = render_html(scenario)
    grid = html[html.index('class="grille"') :]
    for level in ref.scale("positionnement"):
        assert f">{level.code}<" in grid
        for line in level.descriptor.splitlines():
            assert escape(line.strip()) in grid


def test_header_block_fields(scenario):
    html = render_html(scenario, etablissement="Lycée Les Bourdonnières", classe="1re MCV B")
    for text in ("Lycée Les Bourdonnières", "1re MCV B", "Première", "Mme Lefèvre (vente)", "9,5\u00a0h"):
        assert text in html


def test_markup_in_unvalidated_title_is_escaped(scenario):
    hostile = Scenario.model_construct(**{**dict(scenario), "title": "<script>alert('x')</script> Vente"})
    html = render_html(hostile)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Vente" in html


def test_grille_one_section_per_student(scenario):
    html = render_html(scenario, "grille", eleves=["Léa Martin", "Noé <b>Dubois</b>"])
    assert html.count('class="page-eleve"') == 2
    assert "Léa Martin" in html and "Noé &lt;b&gt;Dubois&lt;/b&gt;" in html


def test_titre_professionnel_grid_falls_back_to_codes_without_inventing_descriptors():
    from tests.render.conftest import scenario_data

    tp = parse_scenario(
        dict(
            **scenario_data(
                referential="tp-conseiller-commercial",
                level="formation",
                competences=["CP3", "CP6"],
                sub_competences=[],
                tasks=[dict(title="Prospecter", duration_hours=3)],
            )
        )
    )
    html = render_html(tp)
    assert "Mettre en œuvre la démarche de prospection" in html
    assert ">NE<" in html and "Les compétences sont peu ou pas" not in html


def test_the_printed_date_is_the_local_day(scenario, monkeypatch):
    import time
    from datetime import datetime

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        late = scenario.model_copy(update={"updated": datetime(2026, 11, 23, 23, 30, tzinfo=UTC)})
        assert "24 novembre 2026" in render_html(late)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_fiche_shows_level_gradation_task_criteria_and_the_critical_incident():
    from scenario_lib.scenario import propose
    from scenario_lib.typography import typeset

    sc = propose("bacpro-mcv-b", "terminale", n=1, seed=3)[0].scenario
    html = render_html(sc)
    plain = html.replace("\u00a0", " ").replace("\u202f", " ")
    assert escape(typeset(sc.gradation.perimeter)) in html and "Autonomie attendue" in html
    assert all(escape(c) in html for t in sc.tasks for c in t.criteria)  # official: word for word
    assert escape(typeset(sc.incident.text)) in html and "Situation critique (tâche n° " in plain
    assert all(escape(typeset(c)) in html for c in sc.incident.criteria)  # Spirale's own observables
