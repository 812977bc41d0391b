"""`scenario-lib proposer`: readable text, JSON with the summary keys, French errors."""

import json
import re

from scenario_lib.cli import main


def _json(capsys, *args) -> list[dict]:
    assert main(["proposer", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_lists_proposals_with_blocks_and_competences(capsys):
    out = _json(capsys, "--niveau", "premiere", "--blocs", "1,4B", "-n", "5", "--graine", "42")
    assert len(out) == 5
    for item in out:
        assert {"rang", "titre", "niveau", "blocs", "competences", "scenario", "explication"} <= set(item)
        assert "score" not in item
        assert item["niveau"] == "premiere"
        assert {"1", "4B"} <= set(item["blocs"]) and len(item["blocs"]) >= 2
        assert item["scenario"]["competences"] == item["competences"]
        assert item["scenario"]["title"] == item["titre"]


def test_seed_makes_the_output_reproducible(capsys):
    args = ["--niveau", "terminale", "-n", "3", "--graine", "7", "--secteur", "automobile", "--heures", "6"]
    first, second = _json(capsys, *args), _json(capsys, *args)
    assert [i["titre"] for i in first] == [i["titre"] for i in second]
    assert [i["scenario"]["levers"] for i in first] == [i["scenario"]["levers"] for i in second]
    assert [i["heures"] for i in first] == [i["heures"] for i in second]
    assert all(i["scenario"]["context"]["sector"] == "automobile" for i in first)


def test_titre_professionnel_defaults_to_its_level(capsys):
    out = _json(capsys, "--referentiel", "tp-conseiller-commercial", "-n", "2")
    assert [i["niveau"] for i in out] == ["formation", "formation"]
    assert all(set(i["blocs"]) == {"AT1", "AT2"} for i in out)


def test_spiral_option_adds_the_three_levels_with_their_own_tasks(capsys):
    out = _json(capsys, "--niveau", "seconde", "-n", "1", "--spirale", "--graine", "1")
    spiral = out[0]["spirale"]
    assert list(spiral) == ["seconde", "premiere", "terminale"]
    assert len({tuple(t["title"] for t in sc["tasks"]) for sc in spiral.values()}) == 3
    assert spiral["terminale"]["incident"] and not spiral["premiere"]["incident"]
    assert "graduer la complexité" in out[0]["spirale_explication"]


def test_spiral_text_shows_each_level(capsys):
    assert main(["proposer", "--niveau", "premiere", "-n", "1", "--spirale", "--graine", "4"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ").replace("\u202f", " ")  # typeset output
    assert "— Première :" in out and "— Terminale :" in out and "Situation critique (tâche n°" in out
    assert "score" not in out


def test_text_output_is_french_and_explained(capsys):
    assert main(["proposer", "--niveau", "premiere", "--blocs", "1,4B", "-n", "2", "--graine", "3"]) == 0
    out = capsys.readouterr().out
    assert "2 proposition(s)" in out and "Pourquoi\u00a0:" in out and "Blocs croisés" in out and "Mission\u00a0:" in out
    assert "\u00a0h, " in out and not re.search(r"\d\.\d\s?h", out)  # « 1,5 h », never « 1.5 h »


def test_text_output_keeps_official_titles_word_for_word(capsys):
    from scenario_lib.referential import load_referential

    assert main(["proposer", "--niveau", "premiere", "--blocs", "4B", "-n", "3", "--graine", "3"]) == 0
    out = capsys.readouterr().out
    flat = re.sub(r"(?<=\w-) ", "", re.sub(r" +", " ", " ".join(line.strip() for line in out.splitlines())))
    quoted = [c for c in load_referential("bacpro-mcv-b").competences if "'" in c.title and f"{c.code} " in flat]
    assert quoted  # titles with a straight apostrophe are quoted in the explanation…
    for competence in quoted:
        assert f"{competence.code} {competence.title}" in flat  # …and printed as the referential writes them
    assert "’" in flat  # while Spirale's own text gets typographic apostrophes


def test_unsatisfiable_constraints_exit_1_with_a_french_message(capsys):
    assert main(["proposer", "--niveau", "premiere", "--blocs", "4A"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and "bloc 4A" in err


def test_hours_accept_a_french_decimal_comma_and_stay_in_whole_or_half_hours(capsys):
    out = _json(capsys, "--niveau", "premiere", "-n", "5", "--heures", "6,5", "--graine", "2")
    for item in out:
        tasks = [t["duration_hours"] for t in item["scenario"]["tasks"]]
        assert all(h >= 1 and h * 2 == int(h * 2) for h in tasks)
        assert item["heures"] == sum(tasks)


def test_two_blocks_give_the_number_asked(capsys):
    assert len(_json(capsys, "--niveau", "premiere", "--blocs", "2,4B", "-n", "5", "--graine", "1")) == 5
    assert len(_json(capsys, "--niveau", "terminale", "--blocs", "1,2,3,4B", "-n", "5", "--graine", "1")) == 5
