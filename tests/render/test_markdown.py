from scenario_lib.render import export


def test_markdown_keeps_title_headings_and_official_texts(scenario, ref, tmp_path):
    text = export(scenario, "md", tmp_path).read_text(encoding="utf-8")
    assert (
        "# Prospection au salon de l’habitat «\u00a0Maisons & Jardins\u00a0» — œuvre collective 🎯" in text
    )  # own text typeset: ’, no-break spaces inside « »
    assert "## Grille d’évaluation" in text
    assert "Mme Lefèvre (vente), M. N’Diaye (français)" in text
    for code in scenario.competences:
        assert ref.competence(code).title in text
    assert "<div" not in text and "<span" not in text
