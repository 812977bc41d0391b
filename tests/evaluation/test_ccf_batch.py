"""A whole class of CCF sheets: created by the CLI from the pupils' records, rendered by the batch (real papermill)."""

from __future__ import annotations

from scenario_lib.bank import Bank
from scenario_lib.cli import main
from scenario_lib.evaluation.store import class_folder, evaluation_bank
from scenario_lib.referential import load_referential
from tests.evaluation.classdata import GRADE, make_class
from tests.render.pdftext import flat, pdf_pages_text


def _situation(bank_dir) -> str:
    return next(e.id for e in Bank(bank_dir).list() if e.doc_type == "scenario")


def test_class_of_ccf_sheets_through_the_batch(bank_dir, pupils, tmp_path, capsys):
    ref = load_referential("bacpro-mcv-b")
    make_class(ref, bank_dir, pupils)
    situation = _situation(bank_dir)
    assert (
        main(
            [
                "ccf",
                "fiches",
                "E33",
                "--classe",
                GRADE,
                "--situation",
                situation,
                "--annee",
                "terminale",
                "--date",
                "01/06/2026",
                "--banque",
                str(bank_dir),
            ]
        )
        == 0
    )
    assert "6 fiche(s) CCF E33 enregistrée(s)" in capsys.readouterr().out
    stored = [e for e in evaluation_bank(bank_dir, GRADE).list() if e.id.startswith("ccf-e33-terminale-")]
    assert len(stored) == 7  # six sheets and the class summary
    # one sheet broken by hand: reported, the others rendered
    broken = next(
        p for p in class_folder(bank_dir, GRADE).rglob("*--ccf-e33-terminale-*.yaml") if "synthese" not in p.name
    )
    broken.write_text(broken.read_text(encoding="utf-8").replace("exam: E33", "exam: E2"), encoding="utf-8")
    out = tmp_path / "rendus"
    code = main(
        ["ccf", "rendre", "E33", "--classe", GRADE, "--sortie", str(out), "--banque", str(bank_dir), "--silencieux"]
    )
    captured = capsys.readouterr()
    assert code == 1 and "6 réussi(s), 0 en échec" in captured.out and "1 fiche(s) illisible(s)" in captured.out
    assert broken.name in captured.err and "Ponctuel écrit" in captured.err
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 6
    texts = {p.name: flat(" ".join(pdf_pages_text(p))) for p in pdfs}
    summary = next(t for name, t in texts.items() if "synthese" in name)
    rendered_names = [t for name, t in texts.items() if "synthese" not in name]
    assert all("Fidélisation de la clientèle" in t and "Professeur(e) de spécialité" in t for t in rendered_names)
    for pupil in pupils:
        assert pupil.full_name.replace("'", "’") in summary  # own text is typeset: N’DIAYE
    assert (out / "rapport.csv").exists()


def test_no_sheet_yet_says_what_to_do(bank_dir, pupils, tmp_path, capsys):
    assert (
        main(["ccf", "rendre", "E31", "--classe", GRADE, "--sortie", str(tmp_path / "r"), "--banque", str(bank_dir)])
        == 1
    )
    assert "lancez d'abord « scenario-lib ccf fiches »" in capsys.readouterr().err


def test_preparation_lists_each_exam(bank_dir, capsys):
    from scenario_lib.planning.progression import new_progression

    prog = new_progression("bacpro-mcv-b", "1MCVB", "guide-grand-est")
    Bank(bank_dir).save(prog)
    assert main(["ccf", "preparation", prog.id, "--banque", str(bank_dir)]) == 0
    out = capsys.readouterr().out
    assert "E31 Vente-conseil (CCF) : aucune situation de CCF placée" in out
    assert "E2 " in out and "Ponctuel écrit" in out
