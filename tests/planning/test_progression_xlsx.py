"""The progression workbook opened with openpyxl: sheets, week rows, coloured cells, coverage and hour totals."""

import openpyxl
import pytest

from scenario_lib.planning.coverage import analyse
from scenario_lib.planning.progression import SLOTS
from scenario_lib.planning.progression_views import KIND_COLOURS, MISSING_COLOUR, OPTIONAL_COLOUR, heat_colour
from scenario_lib.planning.progression_xlsx import FIXED, SITUATION_COLOUR
from scenario_lib.render import export
from scenario_lib.typography import typeset

LABELS = {"seconde": "Seconde", "premiere": "Première", "terminale": "Terminale"}


def header_row(sheet, first: str) -> int:
    return next(r for r in range(1, 20) if sheet.cell(r, 1).value == first)


def colour(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:].upper() if cell.fill.fill_type else ""


@pytest.fixture
def book(placed, tmp_path):
    return openpyxl.load_workbook(export(placed, "xlsx", tmp_path))


def test_xlsx_has_a_coloured_sheet_per_year_and_a_coverage_sheet(completed_progression, mcv, tmp_path):
    prog = completed_progression
    prog = prog.with_year(prog.years[2].with_budget("professionnel", 1))  # an overflow to be flagged
    path = export(prog, "xlsx", tmp_path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Seconde", "Première", "Terminale", "Couverture", "Heures", "Contrôle"]
    sheet = book["Première"]
    header = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "Semaine")
    fill = {}
    for r in range(header + 1, header + 1 + len(prog.year("premiere").weeks)):
        week = prog.year("premiere").week(sheet.cell(r, 1).value)
        fill.setdefault(week.kind, set()).add(sheet.cell(r, 3).fill.fgColor.rgb)
        titles = [p.title for p in prog.placements_of("premiere") if p.week == week.number]
        assert (sheet.cell(r, 4).value or "") == " / ".join(titles)
    assert len(fill["pfmp"]) == 1 and fill["pfmp"].isdisjoint(fill["cours"] | fill["vacances"])
    codes = [sheet.cell(header, c).value for c in range(7, 7 + len(mcv.competences))]
    assert codes == [c.code for c in mcv.competences]
    control = [row[1] for row in book["Contrôle"].iter_rows(min_row=2, values_only=True)]
    assert any("h planifiées" in (text or "") and "Terminale" in text for text in control)


def test_year_sheet_marks_each_week_and_totals_each_competence(book, placed, mcv):
    codes = [c.code for c in mcv.competences]
    for year in placed.years:
        sheet = book[LABELS[year.level]]
        header = header_row(sheet, "Semaine")
        assert [sheet.cell(header, c).value for c in range(1, len(FIXED) + len(codes) + 1)] == [*FIXED, *codes]
        mine = placed.placements_of(year.level)
        for r, week in enumerate(year.weeks, start=header + 1):
            here = [p for p in mine if p.week == week.number]
            assert sheet.cell(r, 1).value == week.number
            assert colour(sheet.cell(r, 3)) == KIND_COLOURS[week.kind]
            assert colour(sheet.cell(r, 4)) == (SITUATION_COLOUR if here else "")
            assert (sheet.cell(r, 6).value or 0) == pytest.approx(sum(p.hours for p in here))
            for k, code in enumerate(codes, start=len(FIXED) + 1):
                worked = any(code in p.competences for p in here)
                assert (sheet.cell(r, k).value == "X") == worked
                assert colour(sheet.cell(r, k)) == (heat_colour(3) if worked else "")
        total = header + len(year.weeks) + 1
        assert sheet.cell(total, 1).value == "Total"
        assert sheet.cell(total, 4).value == f"{len(mine)} situation(s)"
        for k, code in enumerate(codes, start=len(FIXED) + 1):
            count = sum(code in p.competences for p in mine)
            assert sheet.cell(total, k).value == count
            assert colour(sheet.cell(total, k)) == (MISSING_COLOUR if count == 0 else heat_colour(count))


def test_coverage_sheet_counts_each_competence_per_year(book, placed, mcv):
    sheet = book["Couverture"]
    header = header_row(sheet, "Bloc")
    assert [sheet.cell(header, c).value for c in range(1, 7)] == ["Bloc", "Code", "Compétence", *LABELS.values()]
    for r, competence in enumerate(mcv.competences, start=header + 1):
        assert [sheet.cell(r, c).value for c in (1, 2, 3)] == [competence.block, competence.code, competence.title]
        for k, year in enumerate(placed.years, start=4):
            count = sum(competence.code in p.competences for p in placed.placements_of(year.level))
            assert sheet.cell(r, k).value == count
            optional = year.level == "seconde" and competence.block == "4B"  # famille de métiers
            gap = OPTIONAL_COLOUR if optional else MISSING_COLOUR
            assert colour(sheet.cell(r, k)) == (gap if count == 0 else heat_colour(count))


def test_hours_sheet_flags_an_overflow(placed, tmp_path):
    placed = placed.with_year(placed.year("seconde").with_budget("cointervention-francais", 1))  # 4 h for 1 h available
    sheet = openpyxl.load_workbook(export(placed, "xlsx", tmp_path))["Heures"]
    header = header_row(sheet, "Année")
    rows = {(sheet.cell(r, 1).value, sheet.cell(r, 2).value): r for r in range(header + 1, sheet.max_row + 1)}
    over = rows[("Seconde", SLOTS["cointervention-francais"])]
    assert [sheet.cell(over, c).value for c in (3, 4, 5)] == [1, 4, -3]
    assert colour(sheet.cell(over, 5)) == MISSING_COLOUR
    fine = rows[("Seconde", SLOTS["professionnel"])]
    budget = placed.year("seconde").hours["professionnel"]
    assert [sheet.cell(fine, c).value for c in (3, 4, 5)] == [budget, 9, budget - 9]
    assert colour(sheet.cell(fine, 5)) == ""


def test_control_sheet_lists_the_problems_with_errors_in_colour(book, placed, mcv):
    sheet = book["Contrôle"]
    header = header_row(sheet, "Gravité")
    problems = analyse(placed, mcv).problems
    assert any(p.severity == "erreur" for p in problems)  # Terminale is empty
    messages = [sheet.cell(r, 2).value for r in range(header + 1, sheet.max_row + 1)]
    typeset_ = [typeset(p.message, mcv.official_texts) for p in problems]  # French typography, titles kept
    assert messages == (typeset_ or ["Aucun problème."])
    errors = {t for t, p in zip(typeset_, problems) if p.severity == "erreur"}
    for r in range(header + 1, sheet.max_row + 1):
        is_error = sheet.cell(r, 2).value in errors
        assert (sheet.cell(r, 1).value == "À corriger") == is_error
        assert colour(sheet.cell(r, 1)) == (MISSING_COLOUR if is_error else "")
    optional = [r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Facultatif"]
    assert optional and all(
        "4B" in sheet.cell(r, 2).value and "famille de métiers" in sheet.cell(r, 2).value for r in optional
    )  # the placed Seconde has no 4B: told, not to be fixed
