"""A hand-edited or damaged file is reported in French (file, field, reason) and skipped; the rest loads."""

import pytest
import yaml

from scenario_lib.bank import Bank
from scenario_lib.bank.files import MAX_FILE_BYTES


def _write_variant(bank, name, data):
    (bank.folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def good(bank, make_scenario):
    return bank.save(make_scenario(title="Le bon document"))


def _only_problem_file(bank, name):
    problems = bank.problems
    assert problems and {p.file for p in problems} == {name}
    return problems


def test_wrong_competence_code(bank, good, scenario_data):
    _write_variant(bank, "code-faux.yaml", scenario_data(id="code-faux-1", competences=["1.2", "7.7"]))
    problems = _only_problem_file(bank, "code-faux.yaml")
    assert any(p.field.startswith("compétences") and "7.7" in p.reason for p in problems)
    assert [e.id for e in bank.list()] == [good.id]


def test_missing_field(bank, good, scenario_data):
    data = scenario_data(id="sans-mission")
    del data["mission"]
    _write_variant(bank, "sans-mission.yaml", data)
    problems = _only_problem_file(bank, "sans-mission.yaml")
    assert [(p.field, p.reason) for p in problems] == [("mission", "champ obligatoire manquant")]
    assert str(problems[0]) == "fichier « sans-mission.yaml », champ « mission » : champ obligatoire manquant"
    assert [e.id for e in bank.list()] == [good.id]


def test_invalid_yaml_names_the_line(bank, good):
    (bank.folder / "casse.yaml").write_text("doc_type: scenario\ntitle: [non fermé\nlevel: seconde\n", encoding="utf-8")
    problems = _only_problem_file(bank, "casse.yaml")
    assert problems[0].reason.startswith("YAML invalide : ") and "(ligne 3, colonne" in problems[0].reason
    assert len(bank.list()) == 1


def test_unknown_schema_version(bank, good, scenario_data):
    _write_variant(bank, "futur.yaml", scenario_data(id="futur-1", schema_version=9))
    problems = _only_problem_file(bank, "futur.yaml")
    assert problems[0].field == "version du schéma"
    assert "version du schéma 9 inconnue" in problems[0].reason and "plus récente" in problems[0].reason


def test_unknown_document_type(bank, good, scenario_data):
    _write_variant(bank, "type.yaml", scenario_data(id="type-1", doc_type="recette"))
    problems = _only_problem_file(bank, "type.yaml")
    assert problems[0].field == "type de document" and "recette" in problems[0].reason


def test_huge_file(bank, good):
    (bank.folder / "enorme.yaml").write_text("notes: '" + "x" * (MAX_FILE_BYTES + 10) + "'\n")
    problems = _only_problem_file(bank, "enorme.yaml")
    assert "trop volumineux" in problems[0].reason


def test_binary_file(bank, good):
    (bank.folder / "photo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    problems = _only_problem_file(bank, "photo.yaml")
    assert "binaire" in problems[0].reason


def test_non_utf8_file(bank, good):
    (bank.folder / "latin1.yaml").write_bytes("title: Réclamation\n".encode("latin-1"))
    assert "UTF-8" in _only_problem_file(bank, "latin1.yaml")[0].reason


def test_yaml_alias_bomb_is_refused(bank, good):
    """« Billion laughs »: 9 levels of 9 aliases would be 387 million values once expanded."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    (bank.folder / "bombe.yaml").write_text("\n".join(lines) + "\n")
    (bank.folder / "sans-fin.yaml").write_text("title: &t [*t]\n")
    reasons = {p.file: p.reason for p in bank.problems}
    assert "alias" in reasons["bombe.yaml"] and "trop grande" in reasons["bombe.yaml"]
    assert "alias" in reasons["sans-fin.yaml"] and "sans fin" in reasons["sans-fin.yaml"]
    assert [e.id for e in bank.list()] == [good.id]


def test_not_a_mapping_and_empty(bank, good):
    (bank.folder / "liste.yaml").write_text("- un\n- deux\n")
    (bank.folder / "vide.yml").write_text("\n")
    reasons = {p.file: p.reason for p in bank.problems}
    assert "dictionnaire" in reasons["liste.yaml"] and reasons["vide.yml"] == "fichier vide"


def test_windows_bom_is_accepted(bank, good, scenario_data):
    text = yaml.safe_dump(scenario_data(id="bom-ok-1", title="Édité sous Windows"), allow_unicode=True)
    (bank.folder / "windows.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert bank.problems == [] and {e.id for e in bank.list()} == {good.id, "bom-ok-1"}


def test_other_files_and_hidden_folders_are_ignored(bank, good):
    (bank.folder / "LISEZMOI.txt").write_text("notes du binôme")
    (bank.folder / ".~lock.fichier.yaml#").write_text("libreoffice")
    (bank.folder / "sous-dossier").mkdir()
    assert bank.problems == [] and len(bank.list()) == 1


def test_fixing_the_file_by_hand_makes_it_load(bank, good, scenario_data):
    path = bank.folder / "a-corriger.yaml"
    _write_variant(bank, path.name, scenario_data(id="a-corriger", level="quatrieme"))
    assert bank.problems and len(bank.list()) == 1
    _write_variant(bank, path.name, scenario_data(id="a-corriger", level="premiere", title="Corrigé"))
    assert bank.problems == [] and [e.title for e in bank.list(level="premiere")] == ["Corrigé"]


def test_fresh_bank_reports_same_problems(bank, good):
    (bank.folder / "casse.yaml").write_text("title: [\n")
    assert Bank(bank.folder).problems == bank.problems


# --- issue 14: one hostile file never stops the bank -------------------------------------------------------


def test_a_five_thousand_digit_revision_is_one_problem_not_a_crash(bank, good, scenario_data):
    text = yaml.safe_dump(scenario_data(id="enorme-rev"), allow_unicode=True)
    (bank.folder / "rev.yaml").write_text(text + "revision: " + "9" * 5000 + "\n", encoding="utf-8")
    problems = _only_problem_file(bank, "rev.yaml")
    assert "nombre trop long" in problems[0].reason and "ligne" in problems[0].reason
    assert [e.id for e in bank.list()] == [good.id]


def test_duplicate_keys_are_a_problem_naming_key_and_line(bank, good, scenario_data):
    text = yaml.safe_dump(scenario_data(id="doublon-cle"), allow_unicode=True, sort_keys=False)
    (bank.folder / "doublon.yaml").write_text(text + "title: Autre titre\n", encoding="utf-8")
    [problem] = _only_problem_file(bank, "doublon.yaml")
    assert "clé « title » écrite deux fois (déjà ligne 2)" in problem.reason and "ligne" in problem.reason


def test_any_unexpected_failure_while_reading_one_file_is_that_file_problem(bank, good, monkeypatch):
    """Whatever the kind of exception (here a bug deep in parsing), the file is reported and the rest loads."""
    from scenario_lib.bank import loading

    (bank.folder / "piege.yaml").write_text("title: x\n")
    real = loading.parse_data

    def explode(data, name, *rest):
        if name == "piege.yaml":
            raise ZeroDivisionError("bug")
        return real(data, name, *rest)

    monkeypatch.setattr(loading, "parse_data", explode)
    [problem] = _only_problem_file(bank, "piege.yaml")
    assert "illisible" in problem.reason and "ZeroDivision" not in problem.reason
    assert [e.id for e in bank.list()] == [good.id]


def test_control_characters_in_a_hand_edited_file_are_a_problem(bank, good, scenario_data):
    _write_variant(bank, "echap.yaml", scenario_data(id="echap-1", title="Vente \x1b[31mrouge"))
    [problem] = _only_problem_file(bank, "echap.yaml")
    assert problem.field == "titre" and "U+001B" in problem.reason


def test_a_symlinked_document_is_refused_not_followed(bank, good, tmp_path, scenario_data):
    secret = tmp_path / "secret.yaml"
    secret.write_text(yaml.safe_dump(scenario_data(id="hors-banque"), allow_unicode=True), encoding="utf-8")
    (bank.folder / "lien.yaml").symlink_to(secret)
    [problem] = _only_problem_file(bank, "lien.yaml")
    assert "lien symbolique refusé" in problem.reason
    assert "hors-banque" not in bank


# --- fuzz: any bytes of a bank file → a document or French problems naming the file -----------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scenario_lib.bank.loading import load_bytes  # noqa: E402
from scenario_lib.document import Document  # noqa: E402
from scenario_lib.errors import SpiraleError  # noqa: E402
from tests.bank.conftest import BASE  # noqa: E402

VALID = yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False).encode("utf-8")


def _document_or_french_problem(raw: bytes) -> None:
    try:
        doc = load_bytes(raw, "fuzz.yaml")
    except SpiraleError as exc:
        assert "fuzz.yaml" in str(exc) or "invalide" in str(exc)
        assert "Error" not in str(exc) and "Traceback" not in str(exc)
    else:
        assert isinstance(doc, Document)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzz_any_bytes(raw):
    _document_or_french_problem(raw)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0),
            st.sampled_from(
                [
                    b"",
                    b"\x00",
                    b"\x1b",
                    b":",
                    b"\n",
                    b"  ",
                    b"- ",
                    b"[",
                    b"&a ",
                    b"*a",
                    b"!!python/name:os.system ",
                    b"9" * 5000,
                    b"\xff",
                    b"\t",
                    b"'",
                    b"title: x\n",
                    b"2026-13-45",
                    b"---\n",
                    b"<<: *a\n",
                ]
            ),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_fuzz_damaged_valid_documents(edits):
    raw = VALID
    for position, insert in edits:
        at = position % (len(raw) + 1)
        raw = raw[:at] + insert + raw[at:]
    _document_or_french_problem(raw)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=500))
def test_fuzz_a_bank_with_a_random_file_still_lists_the_others(bank, good, raw):
    (bank.folder / "hasard.yaml").write_bytes(raw)
    assert good.id in {e.id for e in bank.list()}
    assert {p.file for p in bank.problems} <= {"hasard.yaml"}
