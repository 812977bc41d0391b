"""Every command's help and argparse's own errors are in French (headings, help option, error sentences)."""

import pytest

from scenario_lib.cli import COMMANDS, build_parser, main
from scenario_lib.cli.french import french_error

ENGLISH = (
    "usage:",
    "positional arguments",
    "show this help",
    "error:",
    "required:",
    "unrecognized",
    "invalid choice",
    "expected one argument",
)


def _helps(parser):
    """The help of a parser and of all its sub-commands."""
    yield parser.prog, parser.format_help()
    for action in parser._actions:
        if isinstance(action.choices, dict):  # sub-commands
            for sub in action.choices.values():
                yield from _helps(sub)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_help_is_french(name):
    for prog, text in _helps(build_parser(name)):
        assert "usage : " in text and "afficher cette aide et quitter" in text, prog
        assert not [w for w in ENGLISH if w in text], (prog, [w for w in ENGLISH if w in text])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["proposer", "--niveau"], "l'option --niveau attend une valeur"),
        (["proposer", "--bidule"], "arguments inconnus : --bidule"),
        (["progression"], "arguments obligatoires manquants : ACTION"),
        (["lot", "--sortie", "x", "--travailleurs", "deux"], "valeur invalide pour --travailleurs : 'deux'"),
    ],
)
def test_argparse_errors_are_french(argv, expected, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and expected in err and " : erreur : " in err
    assert not [w for w in ENGLISH if w in err]


def test_unknown_sentences_pass_through():
    assert french_error("quelque chose d'autre") == "quelque chose d'autre"
