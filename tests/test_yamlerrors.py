import pytest
import yaml

from scenario_lib.yamlerrors import yaml_message, yaml_problem


@pytest.mark.parametrize("text, reason, line", [
    ("titre: Vente: conseil\nniveau: premiere\n", "deux-points inattendu", 1),
    ("titre: x\n\tniveau: premiere\n", "tabulation interdite", 2),
    ("competences: [1.1, 2.1\n", "virgule ou « ] » attendue", 2),
    ("titre: 'non fermé\n", "fichier coupé avant la fin", 2),
])
def test_common_mistakes_are_explained_in_french_with_their_line(text, reason, line):
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load(text)
    message, where = yaml_problem(info.value)
    assert message.startswith("YAML invalide : ") and reason in message and where == line
    assert f"ligne {line}, colonne" in yaml_message(info.value)


def test_an_unlisted_problem_keeps_the_parser_words_as_detail():
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load("a: !!python/name:os.system x\n")
    message, _ = yaml_problem(info.value)
    assert message.startswith("YAML invalide : structure illisible")
