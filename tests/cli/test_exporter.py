"""`scenario-lib exporter` against a real bank folder on disk."""

import docx
import pypdf
import pytest

from scenario_lib.bank import Bank
from scenario_lib.cli import main
from scenario_lib.scenario.model import parse_scenario
from tests.render.conftest import scenario_data


@pytest.fixture
def bank_with_scenario(tmp_path):
    bank = Bank(tmp_path / "banque")
    saved = bank.save(parse_scenario(dict(**scenario_data())))
    return bank.folder, saved


def test_exports_pdf_and_docx_from_the_bank(bank_with_scenario, tmp_path, capsys):
    folder, saved = bank_with_scenario
    out = tmp_path / "sortie"
    code = main(
        [
            "exporter",
            saved.id,
            "--format",
            "pdf",
            "--format",
            "docx",
            "--sortie",
            str(out),
            "--banque",
            str(folder),
            "--classe",
            "1re MCV B",
        ]
    )
    assert code == 0
    written = sorted(out.iterdir())
    assert [p.suffix for p in written] == [".docx", ".pdf"]
    assert capsys.readouterr().out.split() == [str(out / written[1].name), str(out / written[0].name)]
    assert len(pypdf.PdfReader(written[1]).pages) >= 2
    assert any("1re MCV B" in c.text for t in docx.Document(written[0]).tables for r in t.rows for c in r.cells)


def test_grille_per_student_from_class_list(bank_with_scenario, tmp_path):
    folder, saved = bank_with_scenario
    eleves = tmp_path / "classe.txt"
    eleves.write_text("Léa Martin\n\nNoé Dubois\n", encoding="utf-8")
    assert (
        main(
            [
                "exporter",
                saved.id,
                "--sortie",
                str(tmp_path / "out"),
                "--banque",
                str(folder),
                "--modele",
                "grille",
                "--eleves",
                str(eleves),
            ]
        )
        == 0
    )
    [pdf] = (tmp_path / "out").iterdir()
    assert pdf.name.endswith("-grille.pdf")
    assert len(pypdf.PdfReader(pdf).pages) == 2


def test_unknown_id_is_a_french_error(bank_with_scenario, tmp_path, capsys):
    folder, _ = bank_with_scenario
    assert main(["exporter", "absent-id", "--sortie", str(tmp_path), "--banque", str(folder)]) == 1
    assert "absent-id" in capsys.readouterr().err


def test_unreadable_class_list(bank_with_scenario, tmp_path, capsys):
    folder, saved = bank_with_scenario
    assert (
        main(
            [
                "exporter",
                saved.id,
                "--sortie",
                str(tmp_path),
                "--banque",
                str(folder),
                "--eleves",
                str(tmp_path / "absent.txt"),
            ]
        )
        == 1
    )
    assert "liste d'élèves illisible" in capsys.readouterr().err
