"""The one YAML reader of teacher-editable files: every refusal is French and names the file and the line."""

import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_lib.files import FileProblem
from scenario_lib.yamlfiles import MAX_DEPTH, parse_yaml, read_yaml_file


def _refusal(text: str) -> FileProblem:
    with pytest.raises(FileProblem) as info:
        parse_yaml(text, "fiche.yaml")
    assert str(info.value).startswith("fichier « fiche.yaml »")
    return info.value


def test_plain_yaml_is_read():
    assert parse_yaml("titre: Vente\nniveaux: [seconde, premiere]\nduree: 2.5\n", "a.yaml") == {
        "titre": "Vente",
        "niveaux": ["seconde", "premiere"],
        "duree": 2.5,
    }
    assert parse_yaml("", "vide.yaml") is None


def test_a_key_written_twice_is_refused_with_both_lines():
    problem = _refusal("titre: Vente\nniveau: seconde\ntitre: Conseil\n")
    assert "clé « titre » écrite deux fois (déjà ligne 1)" in problem.reason and problem.line == 3
    nested = _refusal("contexte:\n  nom: A\n  secteur: b\n  nom: C\n")
    assert "« nom »" in nested.reason and nested.line == 4
    assert "déjà ligne 1" in _refusal("{a: 1, b: 2, a: 3}").reason


def test_a_five_thousand_digit_integer_is_refused_not_a_crash():
    problem = _refusal("revision: " + "9" * 5000 + "\n")
    assert "nombre trop long" in problem.reason and problem.line == 1
    assert "nombre trop long" in _refusal("x: 0x" + "f" * 5000 + "\n").reason
    assert parse_yaml("revision: " + "9" * 50 + "\n", "a.yaml") == {"revision": int("9" * 50)}


def test_impossible_dates_are_refused():
    problem = _refusal("debut: 2026-13-45\n")
    assert "date invalide « 2026-13-45 »" in problem.reason and problem.line == 1


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [echo pirate]\n",
        "a: !!python/name:os.system x\n",
        "a: !monobjet x\n",
    ],
)
def test_python_and_custom_tags_are_refused(text):
    assert "étiquette" in _refusal(text).reason


def test_alias_bomb_is_refused_quickly():
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 12)]
    start = time.monotonic()
    problem = _refusal("\n".join(lines))
    assert time.monotonic() - start < 2 and "alias" in problem.reason


def test_a_few_aliases_stay_allowed():
    """Spirale's own rules (data/regles) share one grid between three levels."""
    data = parse_yaml("seconde: &grille {heures: 2}\npremiere: *grille\nterminale: *grille\n", "regles.yaml")
    assert data["premiere"] == data["terminale"] == {"heures": 2}


def test_recursive_and_too_deep_structures_are_refused():
    assert "sans fin" in _refusal("a: &a [*a]\n").reason
    assert "trop imbriquée" in _refusal("a: " + "[" * 5000 + "]" * 5000 + "\n").reason
    assert parse_yaml("a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2), "a.yaml")


def test_control_characters_in_the_file_are_refused_with_their_line():
    problem = _refusal("titre: ok\nniveau: \x1b[31mrouge\n")
    assert "U+001B" in problem.reason and problem.line == 2


def test_broken_yaml_names_line_and_column():
    problem = _refusal("titre: [non fermé\nniveau: seconde\n")
    assert problem.reason.startswith("YAML invalide") and problem.line and problem.column
    assert f"ligne {problem.line}, colonne {problem.column}" in str(problem)


def test_files_are_checked_for_size_and_encoding(tmp_path):
    big = tmp_path / "gros.yaml"
    big.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(FileProblem, match="trop volumineux"):
        read_yaml_file(big, max_bytes=1000)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("titre: Réclamation\n".encode("latin-1"))
    with pytest.raises(FileProblem, match="UTF-8"):
        read_yaml_file(latin)
    with pytest.raises(FileProblem, match="introuvable"):
        read_yaml_file(tmp_path / "absent.yaml")
    with pytest.raises(FileProblem, match="lecture impossible"):
        read_yaml_file(tmp_path)


YAML_BITS = st.sampled_from(
    [
        "a",
        ":",
        " ",
        "\n",
        "-",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x",
        "*x",
        "!!",
        "!",
        "'",
        '"',
        "\\",
        "<<",
        "#",
        "|",
        ">",
        "?",
        "9" * 30,
        "0x",
        "2026-13-45",
        "\t",
        "\x1b",
        "é",
        "---",
        "...",
        "%YAML 1.1",
        "~",
        "\ufeff",
        "\x85",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(YAML_BITS, max_size=60).map("".join)))
def test_any_text_is_data_or_a_french_problem_naming_the_file(text):
    try:
        parse_yaml(text, "hasard.yaml")
    except FileProblem as exc:
        assert exc.file == "hasard.yaml" and exc.reason.startswith("YAML ")


def test_the_reader_is_the_only_yaml_loader_of_the_package():
    """Every teacher-editable YAML file goes through `parse_yaml` (rules, referentials, Spirale's data, bank)."""
    from pathlib import Path

    import scenario_lib

    root = Path(scenario_lib.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "yamlfiles.py"
        and any(
            word in p.read_text("utf-8")
            for word in ("yaml.load(", "safe_load(", "CSafeLoader", "yaml.compose(", "yaml.parse(")
        )
    ]
    assert offenders == []
    assert yaml  # the reader is PyYAML underneath
