import re

from scenario_lib.evaluation import class_record
from scenario_lib.evaluation.proposals import propose_for_class, weakest_competences
from scenario_lib.evaluation.views import (
    class_counts,
    dashboard_page,
    evolution_png,
    heatmap_html,
    heatmap_png,
    pupil_page,
    write_bilan_pdf,
    write_class_xlsx,
)
from tests.evaluation.classdata import GRADE, make_class
from tests.render.pdftext import flat, pdf_pages_text


def test_heatmap_cells_are_the_record_levels(ref, bank_dir, pupils):
    make_class(ref, bank_dir, pupils, seed=2)
    record = class_record(bank_dir, GRADE, ref)
    html = str(heatmap_html(record, "premiere"))
    cells = re.findall(r'<td style="background:[^"]+">([^<]*)</td>', html)
    table = record.year_table("premiere")
    assert cells == [v or "–" for row in table.itertuples(index=False) for v in row]
    counts = class_counts(record, "premiere")
    lv = record.levels[record.levels["annee"] == "premiere"]
    assert counts["validees"] == sum(r >= 3 for r in lv["rang"]) and counts["eleves"] == len(pupils)
    page = dashboard_page(record, GRADE, "premiere")
    assert "Suivi des compétences" in page and "Traceback" not in page


def test_pngs_pupil_page_bilan_and_class_xlsx(ref, bank_dir, pupils, tmp_path):
    from openpyxl import load_workbook

    make_class(ref, bank_dir, pupils, seed=4)
    record = class_record(bank_dir, GRADE, ref)
    pupil = record.pupil(pupils[0].key)
    assert heatmap_png(record, "premiere").startswith(b"\x89PNG")
    assert evolution_png(pupil).startswith(b"\x89PNG")
    page = pupil_page(pupil)
    assert pupils[0].full_name in page and "data:image/png;base64," in page
    text = flat("\n".join(pdf_pages_text(write_bilan_pdf(pupil, tmp_path, "premiere"))))
    assert "Compétences validées" in text and pupils[0].full_name in text
    wb = load_workbook(write_class_xlsx(record, tmp_path / "classe.xlsx", GRADE))
    assert wb.sheetnames == ["Seconde", "Première", "Terminale", "Preuves"]
    assert wb["Preuves"].max_row == len(record.evidences) + 1


def test_weakest_competences_are_explained_and_proposed(ref, bank_dir, pupils):
    make_class(ref, bank_dir, pupils, seed=6, pfmp=False)
    record = class_record(bank_dir, GRADE, ref)
    targets = weakest_competences(record, "premiere", 2)
    below = record.below("premiere", "D").set_index("competence")
    for t in targets:
        assert (t.below, t.evaluated) == (below.at[t.competence, "en_dessous"], below.at[t.competence, "evalues"])
        assert t.sentence == f"{t.below} élèves sur {t.evaluated} en dessous de Débrouillé en {t.competence}"
    proposals, chosen, text = propose_for_class(record, "premiere", n=2, seed=1)
    assert chosen and all(all(t.competence in p.scenario.competences for t in chosen) for p in proposals)
    assert chosen[0].sentence in text
