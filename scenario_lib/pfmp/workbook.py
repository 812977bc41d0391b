"""Editable XLSX booklet for tutors, and the strict reader that brings a filled copy back.

The reader checks the shape cell by cell against what Spirale wrote (hidden `_spirale` sheet + the exact code
column), so a grid edited into another shape is refused with the line that differs, never half-imported.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import SpiraleError
from ..files import atomic_output
from .booklet import YEAR_LABELS, Booklet
from .pupils import Pupil

MARKER = "Livret PFMP Spirale"
FORMAT_VERSION = "1"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
COMP_FILL = PatternFill("solid", fgColor="F2F2F2")


class GridImportError(SpiraleError):
    """A filled grid cannot be imported; nothing from it was kept."""


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
    rows = [(MARKER, ""), ("Nom", booklet.pupil.last_name), ("Prénom", booklet.pupil.first_name),
            ("Classe", booklet.pupil.grade), ("Année", YEAR_LABELS[booklet.year]),
            ("Entreprise", booklet.pupil.company), ("Tuteur", booklet.pupil.tutor),
            ("Diplôme", referential.title), ("Niveaux", legend)]
    for r in rows:
        info.append(list(r))
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 16, 90

    meta = wb.create_sheet("_spirale")
    for key, value in (("format", FORMAT_VERSION), ("livret", booklet.id), ("eleve", booklet.pupil.key),
                       ("annee", booklet.year), ("referentiel", referential.id)):
        meta.append([key, value])
    meta.sheet_state = "hidden"

    grid = wb.create_sheet("Compétences")
    _fill_grid(grid, booklet, referential, scale)
    att = wb.create_sheet("Attitudes")
    att.append(["Code", "Attitude professionnelle", *[f"Niveau atteint — {p}" for p in booklet.periods]])
    for cell in att[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    validation = DataValidation(type="list", formula1='"' + ",".join(scale) + '"', allow_blank=True)
    att.add_data_validation(validation)
    for a in referential.attitudes:
        att.append([a.code, a.title, *[booklet.attitudes.get(p, {}).get(a.code, "") for p in booklet.periods]])
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
    grid.append(_grid_columns(booklet.periods))
    for cell in grid[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    validation = DataValidation(type="list", formula1='"' + ",".join(scale) + '"', allow_blank=True,
                                error="Niveau attendu : " + ", ".join(scale), showErrorMessage=True)
    grid.add_data_validation(validation)
    planned = {r.competence: r.planned for r in booklet.rows}
    for comp in referential.competences:
        grid.append([comp.code, comp.title, *[x for p in booklet.periods for x in (planned[comp.code].get(p, ""), "")]])
        for cell in grid[grid.max_row]:
            cell.fill, cell.font = COMP_FILL, Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for sub in comp.sub_competences:
            levels = [booklet.levels.get(p, {}).get(sub.code, "") for p in booklet.periods]
            grid.append([sub.code, sub.title, *[x for lv in levels for x in ("", lv)]])
            for i in range(len(booklet.periods)):
                validation.add(grid.cell(row=grid.max_row, column=4 + 2 * i))
            grid.cell(row=grid.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEF", (9, 60, 40, 12, 40, 12)):
        grid.column_dimensions[col].width = width
    grid.freeze_panes = "C2"


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def read_filled_workbook(path: str | Path, referential, pupils: list[Pupil]) -> Booklet:
    """Read a tutor's filled copy back into a booklet; any problem → `GridImportError` listing them all."""
    path = Path(path)
    name = path.name
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise GridImportError(f"« {name} » : fichier illisible comme classeur XLSX ({type(exc).__name__})") from None
    if "_spirale" not in wb.sheetnames or "Compétences" not in wb.sheetnames or "Attitudes" not in wb.sheetnames:
        raise GridImportError(f"« {name} » : ce classeur n'est pas un livret produit par Spirale "
                              "(feuilles « Compétences », « Attitudes » ou « _spirale » absentes)")
    meta = {_text(r[0]): _text(r[1]) for r in wb["_spirale"].iter_rows(values_only=True) if r and r[0]}
    if meta.get("referentiel") != referential.id:
        raise GridImportError(f"« {name} » : livret d'un autre référentiel (« {meta.get('referentiel')} »)")
    if meta.get("annee") not in ("premiere", "terminale"):
        raise GridImportError(f"« {name} » : année du livret illisible (« {meta.get('annee')} »)")
    by_key = {p.key: p for p in pupils}
    pupil = by_key.get(meta.get("eleve", ""))
    if pupil is None:
        raise GridImportError(f"« {name} » : l'élève « {meta.get('eleve')} » n'est pas dans la liste de la classe")
    from .booklet import PERIODS, BookletRow

    periods = PERIODS[meta["annee"]]
    scale = {s.code for s in referential.scale("positionnement")}
    problems: list[str] = []
    levels: dict[str, dict[str, str]] = {p: {} for p in periods}
    planned: dict[str, dict[str, str]] = {}
    grid = list(wb["Compétences"].iter_rows(values_only=True))
    if not grid:
        raise GridImportError(f"« {name} » : la feuille « Compétences » est vide")
    if [_text(c) for c in grid[0][: len(_grid_columns(periods))]] != _grid_columns(periods):
        problems.append("feuille « Compétences » : les en-têtes de colonnes ont été modifiés")
    expected = []
    for comp in referential.competences:
        expected.append((comp.code, True))
        expected.extend((s.code, False) for s in comp.sub_competences)
    body = [r for r in grid[1:] if any(_text(v) for v in r)]
    if len(body) != len(expected):
        problems.append(f"feuille « Compétences » : {len(body)} lignes au lieu de {len(expected)} "
                        "(lignes ajoutées ou supprimées)")
    for offset, ((code, is_comp), row) in enumerate(zip(expected, body), start=2):
        row = list(row) + [None] * (2 + 2 * len(periods) - len(row))
        if _text(row[0]) != code:
            problems.append(f"feuille « Compétences », ligne {offset} : code « {code} » attendu, "
                            f"trouvé « {_text(row[0])} »")
            continue
        for i, period in enumerate(periods):
            activity, level = _text(row[2 + 2 * i]), _text(row[3 + 2 * i]).upper()
            if is_comp:
                planned.setdefault(code, {})[period] = activity
            elif level:
                if level not in scale:
                    problems.append(f"feuille « Compétences », ligne {offset} ({code}, {period}) : niveau "
                                    f"« {_text(row[3 + 2 * i])} » inconnu (attendu : {', '.join(sorted(scale))})")
                else:
                    levels[period][code] = level
    attitudes: dict[str, dict[str, str]] = {p: {} for p in periods}
    att_rows = [r for r in list(wb["Attitudes"].iter_rows(values_only=True))[1:] if any(_text(v) for v in r)]
    known = [a.code for a in referential.attitudes]
    if [_text(r[0]) for r in att_rows] != known:
        problems.append("feuille « Attitudes » : la liste des attitudes a été modifiée")
    else:
        for offset, row in enumerate(att_rows, start=2):
            for i, period in enumerate(periods):
                level = _text(row[2 + i] if len(row) > 2 + i else "").upper()
                if level and level not in scale:
                    problems.append(f"feuille « Attitudes », ligne {offset} ({row[0]}, {period}) : niveau "
                                    f"« {level} » inconnu")
                elif level:
                    attitudes[period][_text(row[0])] = level
    if not problems and not any(levels.values()) and not any(attitudes.values()):
        problems.append("aucun niveau saisi (grille vierge) : rien à importer")
    if problems:
        raise GridImportError(f"« {name} » : " + " ; ".join(problems))
    return Booklet(
        id=meta["livret"], title=f"Livret PFMP — {pupil.full_name} — {YEAR_LABELS[meta['annee']]}",
        referential=referential.id, pupil=pupil, year=meta["annee"],
        rows=[BookletRow(competence=c, planned=p) for c, p in planned.items()],
        levels={p: v for p, v in levels.items() if v}, attitudes={p: v for p, v in attitudes.items() if v},
    )
