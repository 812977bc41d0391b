"""Editable XLSX booklet for tutors, and the strict reader that brings a filled copy back.

The reader checks the shape cell by cell against what Spirale wrote (hidden `_spirale` sheet + the exact code
column), so a grid edited into another shape is refused with the line that differs, never half-imported.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from ..cells import cell_text, safe_row
from ..errors import SpiraleError
from ..files import MIB, atomic_output
from ..tables import open_filled_workbook, sheet_rows
from ..validation import french_problems
from .booklet import YEAR_LABELS, Booklet, booklet_id
from .pupils import Pupil

MARKER = "Livret PFMP Spirale"
FORMAT_VERSION = "1"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
COMP_FILL = PatternFill("solid", fgColor="F2F2F2")
MAX_GRID_BYTES = 2 * MIB  # a filled booklet weighs some tens of kilobytes
MAX_GRID_UNZIPPED = 20 * MIB
MAX_GRID_COLUMNS = 12
ROW_SLACK = 200  # blank rows a spreadsheet may keep below the grid
KEY_TEXT = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class GridImportError(SpiraleError):
    """A filled grid cannot be imported; nothing from it was kept."""


class BlankGridError(GridImportError):
    """A grid nobody filled in yet: skipped with a warning, never a reason to refuse the others."""


def _grid_columns(periods) -> list[str]:
    cols = ["Code", "Compétence / sous-compétence"]
    for p in periods:
        cols += [f"Activités professionnelles prévues — {p}", f"Niveau atteint — {p}"]
    return cols


def write_booklet_workbook(booklet: Booklet, path: str | Path, referential) -> Path:
    """Write the booklet as a workbook tutors fill in (drop-down lists of the official level codes)."""
    path = Path(path)
    scale = [s.code for s in referential.scale("positionnement")]
    legend = " ; ".join(f"{s.code} : {s.label}" for s in referential.scale("positionnement"))
    wb = Workbook()
    info = wb.active
    info.title = "Élève"
    rows = [
        (MARKER, ""),
        ("Nom", booklet.pupil.last_name),
        ("Prénom", booklet.pupil.first_name),
        ("Classe", booklet.pupil.grade),
        ("Année", YEAR_LABELS[booklet.year]),
        ("Entreprise", booklet.pupil.company),
        ("Tuteur", booklet.pupil.tutor),
        ("Diplôme", referential.title),
        ("Niveaux", legend),
    ]
    for r in rows:
        info.append(safe_row(r))
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 16, 90

    meta = wb.create_sheet("_spirale")
    for key, value in (
        ("format", FORMAT_VERSION),
        ("livret", booklet.id),
        ("eleve", booklet.pupil.key),
        ("annee", booklet.year),
        ("referentiel", referential.id),
    ):
        meta.append(safe_row([key, value]))
    meta.sheet_state = "hidden"

    grid = wb.create_sheet("Compétences")
    _fill_grid(grid, booklet, referential, scale)
    att = wb.create_sheet("Attitudes")
    att.append(safe_row(["Code", "Attitude professionnelle", *[f"Niveau atteint — {p}" for p in booklet.periods]]))
    for cell in att[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    validation = DataValidation(type="list", formula1='"' + ",".join(scale) + '"', allow_blank=True)
    att.add_data_validation(validation)
    for a in referential.attitudes:
        att.append(
            safe_row([a.code, a.title, *[booklet.attitudes.get(p, {}).get(a.code, "") for p in booklet.periods]])
        )
        for col in range(3, 3 + len(booklet.periods)):
            validation.add(att.cell(row=att.max_row, column=col))
    att.column_dimensions["B"].width = 70
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path


def export_booklet_xlsx(booklet: Booklet, path: str | Path, **_context) -> Path:
    """`export(booklet, "xlsx", …)`: the workbook a tutor fills in (the registry's XLSX writer for booklets)."""
    from ..referential import load_referential

    return write_booklet_workbook(booklet, path, load_referential(booklet.referential))


def _fill_grid(grid, booklet: Booklet, referential, scale) -> None:
    grid.append(safe_row(_grid_columns(booklet.periods)))
    for cell in grid[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(scale) + '"',
        allow_blank=True,
        error="Niveau attendu : " + ", ".join(scale),
        showErrorMessage=True,
    )
    grid.add_data_validation(validation)
    planned = {r.competence: r.planned for r in booklet.rows}
    for comp in referential.competences:
        grid.append(
            safe_row(
                [comp.code, comp.title, *[x for p in booklet.periods for x in (planned[comp.code].get(p, ""), "")]]
            )
        )
        for cell in grid[grid.max_row]:
            cell.fill, cell.font = COMP_FILL, Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for sub in comp.sub_competences:
            levels = [booklet.levels.get(p, {}).get(sub.code, "") for p in booklet.periods]
            grid.append(safe_row([sub.code, sub.title, *[x for lv in levels for x in ("", lv)]]))
            for i in range(len(booklet.periods)):
                validation.add(grid.cell(row=grid.max_row, column=4 + 2 * i))
            grid.cell(row=grid.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEF", (9, 60, 40, 12, 40, 12)):
        grid.column_dimensions[col].width = width
    grid.freeze_panes = "C2"


def read_filled_workbook(path: str | Path, referential, pupils: list[Pupil]) -> Booklet:
    """Read a tutor's filled copy back into a booklet; any problem → `GridImportError` listing them all."""
    path = Path(path)
    wb = open_filled_workbook(path, "un livret", MAX_GRID_BYTES, MAX_GRID_UNZIPPED, GridImportError)
    try:
        return _read_grid(wb, path.name, referential, pupils)
    finally:
        wb.close()


def _identity(wb, name: str, referential, pupils: list[Pupil]) -> tuple[Pupil, str]:
    """(pupil, year) of a grid: the hidden sheet must agree with the visible one and with the class list.

    The hidden sheet is typed data like any other: a grid copied from Durand's with Martin's key, or a forged
    booklet id, must not overwrite Martin's levels — the booklet id is derived from the pupil, never read.
    """
    meta: dict[str, str] = {}
    for r in sheet_rows(wb, "_spirale", name, "un livret", 20, MAX_GRID_COLUMNS, GridImportError):
        if r and cell_text(r[0]):
            meta[cell_text(r[0])] = cell_text(r[1] if len(r) > 1 else None)
    if meta.get("format") != FORMAT_VERSION:
        raise GridImportError(
            f"« {name} » : version de livret inconnue (« {meta.get('format', '')[:20]} ») : "
            "regénérez les livrets avec cette version de Spirale"
        )
    if meta.get("referentiel") != referential.id:
        raise GridImportError(f"« {name} » : livret d'un autre référentiel (« {meta.get('referentiel', '')[:60]} »)")
    year = meta.get("annee")
    if year not in ("premiere", "terminale"):
        raise GridImportError(f"« {name} » : année du livret illisible (« {str(year or '')[:20]} »)")
    key = meta.get("eleve", "")
    pupil = {p.key: p for p in pupils}.get(key) if KEY_TEXT.fullmatch(key) else None
    if pupil is None:
        raise GridImportError(f"« {name} » : l'élève « {key[:60]} » n'est pas dans la liste de la classe")
    if meta.get("livret") != booklet_id(year, pupil):
        raise GridImportError(
            f"« {name} » : la feuille cachée a été modifiée (livret « {meta.get('livret', '')[:70]} » "
            f"au lieu de celui de {pupil.full_name}) : rien n'a été importé"
        )
    shown = {
        cell_text(r[0]): cell_text(r[1] if len(r) > 1 else None)
        for r in sheet_rows(wb, "Élève", name, "un livret", 40, MAX_GRID_COLUMNS, GridImportError)
        if r
    }
    expected = {"Nom": pupil.last_name, "Prénom": pupil.first_name, "Classe": pupil.grade, "Année": YEAR_LABELS[year]}
    wrong = ", ".join(
        f"{label} « {shown.get(label, '')[:60]} »"
        for label, value in expected.items()
        if shown.get(label) != cell_text(value)
    )
    if wrong:
        raise GridImportError(
            f"« {name} » : la feuille « Élève » ({wrong}) ne "
            f"correspond pas au livret de {pupil.full_name} ({YEAR_LABELS[year]}) : ce fichier n'est pas le livret de "
            "cet élève, rien n'a été importé"
        )
    return pupil, year


def _read_grid(wb, name: str, referential, pupils: list[Pupil]) -> Booklet:
    if any(sheet not in wb.sheetnames for sheet in ("Élève", "_spirale", "Compétences", "Attitudes")):
        raise GridImportError(
            f"« {name} » : ce classeur n'est pas un livret produit par Spirale "
            "(feuilles « Élève », « Compétences », « Attitudes » ou « _spirale » absentes)"
        )
    pupil, year = _identity(wb, name, referential, pupils)
    from .booklet import PERIODS, BookletRow

    periods = PERIODS[year]
    scale = {s.code for s in referential.scale("positionnement")}
    problems: list[str] = []
    levels: dict[str, dict[str, str]] = {p: {} for p in periods}
    planned: dict[str, dict[str, str]] = {}
    expected_rows = sum(1 + len(c.sub_competences) for c in referential.competences)
    grid = sheet_rows(
        wb, "Compétences", name, "un livret", expected_rows + ROW_SLACK, MAX_GRID_COLUMNS, GridImportError
    )
    if not grid:
        raise GridImportError(f"« {name} » : la feuille « Compétences » est vide")
    if [cell_text(c) for c in grid[0][: len(_grid_columns(periods))]] != _grid_columns(periods):
        problems.append("feuille « Compétences » : les en-têtes de colonnes ont été modifiés")
    expected = []
    for comp in referential.competences:
        expected.append((comp.code, True))
        expected.extend((s.code, False) for s in comp.sub_competences)
    body = [r for r in grid[1:] if any(cell_text(v) for v in r)]
    if len(body) != len(expected):
        problems.append(
            f"feuille « Compétences » : {len(body)} lignes au lieu de {len(expected)} (lignes ajoutées ou supprimées)"
        )
    for offset, ((code, is_comp), row) in enumerate(zip(expected, body), start=2):
        row = list(row) + [None] * (2 + 2 * len(periods) - len(row))
        if cell_text(row[0]) != code:
            problems.append(
                f"feuille « Compétences », ligne {offset} : code « {code} » attendu, trouvé « {cell_text(row[0])} »"
            )
            continue
        for i, period in enumerate(periods):
            activity, level = cell_text(row[2 + 2 * i]), cell_text(row[3 + 2 * i]).upper()
            if is_comp:
                planned.setdefault(code, {})[period] = activity
                if level:  # typed on the grey competence row: said, never silently dropped
                    problems.append(
                        f"feuille « Compétences », ligne {offset} ({code}, {period}) : le niveau se donne sur chaque "
                        "sous-compétence (lignes blanches), pas sur la ligne grise de la compétence"
                    )
            elif level:
                if level not in scale:
                    problems.append(
                        f"feuille « Compétences », ligne {offset} ({code}, {period}) : niveau "
                        f"« {cell_text(row[3 + 2 * i])} » inconnu (attendu : {', '.join(sorted(scale))})"
                    )
                else:
                    levels[period][code] = level
    attitudes: dict[str, dict[str, str]] = {p: {} for p in periods}
    att_rows = [
        r
        for r in sheet_rows(
            wb,
            "Attitudes",
            name,
            "un livret",
            len(referential.attitudes) + ROW_SLACK,
            MAX_GRID_COLUMNS,
            GridImportError,
        )[1:]
        if any(cell_text(v) for v in r)
    ]
    known = [a.code for a in referential.attitudes]
    if [cell_text(r[0]) for r in att_rows] != known:
        problems.append("feuille « Attitudes » : la liste des attitudes a été modifiée")
    else:
        for offset, row in enumerate(att_rows, start=2):
            for i, period in enumerate(periods):
                level = cell_text(row[2 + i] if len(row) > 2 + i else "").upper()
                if level and level not in scale:
                    problems.append(
                        f"feuille « Attitudes », ligne {offset} ({row[0]}, {period}) : niveau « {level} » inconnu"
                    )
                elif level:
                    attitudes[period][cell_text(row[0])] = level
    if not problems and not any(levels.values()) and not any(attitudes.values()):
        raise BlankGridError(
            f"« {name} » ({pupil.full_name}) : grille vierge, aucun niveau saisi — ignorée, "
            "à importer quand le tuteur l'aura remplie"
        )
    if problems:
        raise GridImportError(f"« {name} » : " + " ; ".join(problems))
    try:
        return Booklet.model_validate(
            dict(
                id=booklet_id(year, pupil),
                title=f"Livret PFMP — {pupil.full_name} — {YEAR_LABELS[year]}",
                referential=referential.id,
                pupil=pupil,
                year=year,
                rows=[BookletRow(competence=c, planned=p) for c, p in planned.items()],
                levels={p: v for p, v in levels.items() if v},
                attitudes={p: v for p, v in attitudes.items() if v},
            ),
            context={"referential": referential},
        )
    except ValidationError as exc:  # e.g. markup typed in an activity cell
        reasons = " ; ".join(f"{field} : {reason}" for field, reason in french_problems(exc))
        raise GridImportError(f"« {name} » : {reasons}") from None
