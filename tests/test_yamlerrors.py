import pytest
import yaml

from scenario_lib.yamlerrors import yaml_message, yaml_problem


@pytest.mark.parametrize(
    "text, reason, line",
    [
        ("titre: Vente: conseil\nniveau: premiere\n", "deux-points inattendu", 1),
        ("titre: x\n\tniveau: premiere\n", "tabulation interdite", 2),
        ("competences: [1.1, 2.1\n", "virgule ou « ] » attendue", 2),
        ("titre: 'non fermé\n", "fichier coupé avant la fin", 2),
    ],
)
def test_common_mistakes_are_explained_in_french_with_their_line(text, reason, line):
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load(text)
    message, where = yaml_problem(info.value)
    assert message.startswith("YAML invalide : ") and reason in message and where == line
    assert f"ligne {line}, colonne" in yaml_message(info.value)


def test_an_unlisted_problem_is_french_and_located_without_the_parser_english_words():
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load("a: *\n")
    message, line = yaml_problem(info.value)
    assert message == "YAML invalide : structure illisible" and line == 1
    assert "expected" not in yaml_message(info.value) and "ligne 1, colonne" in yaml_message(info.value)


def test_python_tags_are_explained():
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load("a: !!python/name:os.system x\n")
    assert "étiquette YAML" in yaml_problem(info.value)[0]
