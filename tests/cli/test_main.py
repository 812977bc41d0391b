"""The CLI edge: whatever a model refuses is said in French, never as a pydantic traceback."""


def test_a_class_name_too_long_is_a_french_error(cli, tmp_path):
    (tmp_path / "banque").mkdir()
    code, _, err = cli("progression", "--banque", tmp_path / "banque", "creer", "--classe", "x" * 400)
    assert code == 1 and "« classe » : texte trop long (maximum 300 caractères)" in err
    assert "Traceback" not in err and "String should" not in err and "pydantic" not in err
    assert list((tmp_path / "banque").iterdir()) == []
