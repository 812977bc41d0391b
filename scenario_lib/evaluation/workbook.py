"""The class grid as a workbook to fill (drop-down lists of the official levels) and read back, all or nothing.

Same safety as the PFMP grids: every cell written through `safe_cell`, the file size and its unzipped size
bounded before reading, a hidden `_spirale` sheet naming the evaluation, and a grid edited into another shape
(pupil added, column moved, unknown level) refused with the line and the column — nothing half imported.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from ..cells import cell_text, safe_row
from ..errors import SpiraleError
from ..files import MIB, atomic_output
from ..tables import open_filled_workbook, sheet_rows
from ..validation import french_problems
from .grid import Evaluation, PupilRow

MARKER = "Grille d'évaluation Spirale"
FORMAT_VERSION = "1"
GRID = "Grille"
META = "_spirale"
LEGEND = "Légende"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
MAX_BYTES = 2 * MIB
MAX_UNZIPPED = 20 * MIB
MAX_ROWS = 400  # a class is some dozens of pupils
MAX_COLUMNS = 200
COMMENT = "Commentaire"
FIRST = "Élève"


class EvaluationImportError(SpiraleError):
    """A filled grid cannot be imported; nothing from it was kept."""


def header(ev: Evaluation) -> list[str]:
    return [FIRST, *ev.columns, *ev.attitudes, COMMENT]


def write_evaluation_workbook(ev: Evaluation, path: str | Path, referential) -> Path:
    """The grid with the levels already typed: one line per pupil, one column per sub-competence/attitude."""
    path = Path(path)
    scale = [s.code for s in referential.scale("positionnement")]
    wb = Workbook()
    grid = wb.active
    grid.title = GRID
    grid.append(safe_row(header(ev)))
    for cell in grid[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(scale) + '"',
        allow_blank=True,
        error="Niveau attendu : " + ", ".join(scale),
        showErrorMessage=True,
    )
    grid.add_data_validation(validation)
    codes = [*ev.columns, *ev.attitudes]
    for row in ev.rows:
        values = [row.levels.get(c) or row.attitudes.get(c, "") for c in codes]
        grid.append(safe_row([row.pupil.full_name, *values, row.comment]))
    if codes:
        validation.add(f"B2:{get_column_letter(1 + len(codes))}{1 + len(ev.rows)}")
    grid.column_dimensions["A"].width = 28
    grid.column_dimensions[get_column_letter(2 + len(codes))].width = 50
    grid.freeze_panes = "B2"

    legend = wb.create_sheet(LEGEND)
    legend.append(safe_row([MARKER, ev.situation_title]))
    legend.append(safe_row(["Classe", ev.grade]))
    legend.append(safe_row(["Date", ev.date.strftime("%d/%m/%Y")]))
    legend.append([])
    legend.append(safe_row(["Code", "Intitulé"]))
    for code in ev.columns:
        item = (
            referential.sub_competence(code)
            if referential.has("sous-compétence", code)
            else referential.competence(code)
        )
        legend.append(safe_row([code, item.title]))
    titles = {a.code: a.title for a in referential.attitudes}
    for code in ev.attitudes:
        legend.append(safe_row([code, titles[code]]))
    legend.append([])
    legend.append(safe_row(["Niveau", "Libellé et descripteur officiels"]))
    for level in referential.scale("positionnement"):
        legend.append(safe_row([level.code, f"{level.label}. {level.descriptor}".strip(". ")]))
        legend.cell(row=legend.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    legend["A1"].font = Font(bold=True, size=13)
    legend.column_dimensions["A"].width, legend.column_dimensions["B"].width = 12, 100

    meta = wb.create_sheet(META)
    for pair in (
        ("format", FORMAT_VERSION),
        ("evaluation", ev.id),
        ("revision", str(ev.revision)),
        ("referentiel", ev.referential),
        ("classe", ev.grade),
    ):
        meta.append(safe_row(pair))
    for row in ev.rows:
        meta.append(safe_row(["eleve", row.pupil.key]))
    meta.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path


def export_evaluation_xlsx(ev: Evaluation, path: str | Path, **_context) -> Path:
    """`export(ev, "xlsx", …)`: the registry's XLSX writer for evaluations."""
    from ..referential import load_referential

    return write_evaluation_workbook(ev, path, load_referential(ev.referential))


def read_evaluation_workbook(path: str | Path, ev: Evaluation, referential) -> Evaluation:
    """The stored grid `ev` with the levels and comments of the filled file; every problem listed at once.

    The result carries the revision the grid was exported at, so saving it over a newer revision is a conflict.
    """
    path = Path(path)
    wb = open_filled_workbook(path, "une grille", MAX_BYTES, MAX_UNZIPPED, EvaluationImportError)
    try:
        return _read(wb, path.name, ev, referential)
    finally:
        wb.close()


def _read(wb, name: str, ev: Evaluation, referential) -> Evaluation:
    if any(s not in wb.sheetnames for s in (GRID, META)):
        raise EvaluationImportError(
            f"« {name} » : ce classeur n'est pas une grille d'évaluation produite par "
            f"Spirale (feuilles « {GRID} » ou « {META} » absentes)"
        )
    meta, keys = {}, []
    for r in sheet_rows(wb, META, name, "une grille", MAX_ROWS, MAX_COLUMNS, EvaluationImportError):
        if r and cell_text(r[0]) == "eleve":
            keys.append(cell_text(r[1] if len(r) > 1 else None))
        elif r and cell_text(r[0]):
            meta[cell_text(r[0])] = cell_text(r[1] if len(r) > 1 else None)
    if meta.get("format") != FORMAT_VERSION:
        raise EvaluationImportError(f"« {name} » : version de grille inconnue : exportez de nouveau la grille")
    if meta.get("evaluation") != ev.id:
        raise EvaluationImportError(
            f"« {name} » : cette grille est celle d'une autre évaluation que « "
            f"{ev.situation_title} » ({ev.grade}) : rien n'a été importé"
        )
    expected_keys = [r.pupil.key for r in ev.rows]
    if keys != expected_keys:
        raise EvaluationImportError(
            f"« {name} » : la feuille cachée a été modifiée (liste d'élèves différente de "
            "la grille enregistrée) : rien n'a été importé"
        )
    rows = sheet_rows(wb, GRID, name, "une grille", MAX_ROWS, MAX_COLUMNS, EvaluationImportError)
    cols = header(ev)
    problems: list[str] = []
    if (
        not rows
        or [cell_text(c) for c in rows[0][: len(cols)]] != cols
        or any(cell_text(c) for c in rows[0][len(cols) :])
    ):
        found = ", ".join(cell_text(c) for c in (rows[0] if rows else ()) if cell_text(c))
        raise EvaluationImportError(
            f"« {name} », ligne 1 : les en-têtes de colonnes ont été modifiés (attendu : "
            f"{', '.join(cols)} ; trouvé : {found[:300]}) : rien n'a été importé"
        )
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(cell_text(v) for v in r)]
    if len(body) != len(ev.rows):
        problems.append(f"{len(body)} lignes d'élèves au lieu de {len(ev.rows)} (lignes ajoutées ou supprimées)")
    scale = {s.code for s in referential.scale("positionnement")}
    codes = [*ev.columns, *ev.attitudes]
    new_rows = []
    for (line, values), stored in zip(body, ev.rows):
        values = list(values) + [None] * (len(cols) - len(values))
        if cell_text(values[0]) != stored.pupil.full_name:
            problems.append(
                f"ligne {line} : élève « {stored.pupil.full_name} » attendu, trouvé "
                f"« {cell_text(values[0])[:60]} » (lignes déplacées ?)"
            )
            continue
        levels, attitudes = {}, {}
        for i, code in enumerate(codes, start=1):
            level = cell_text(values[i]).upper()
            if level and level not in scale:
                problems.append(
                    f"ligne {line}, colonne {code} ({stored.pupil.full_name}) : niveau "
                    f"« {cell_text(values[i])[:20]} » inconnu (attendu : {', '.join(sorted(scale))})"
                )
            elif level:
                (levels if code in ev.columns else attitudes)[code] = level
        extra = [v for v in values[len(cols) :] if cell_text(v)]
        if extra:
            problems.append(f"ligne {line} : valeurs hors de la grille (après « {COMMENT} »)")
        try:  # the comment is the one free text of the grid: checked here to name its line
            new_rows.append(
                PupilRow.model_validate(
                    {
                        **stored.model_dump(),
                        "levels": levels,
                        "attitudes": attitudes,
                        "comment": cell_text(values[len(cols) - 1]),
                    }
                )
            )
        except ValidationError as exc:
            reasons = ", ".join(reason for _field, reason in french_problems(exc))
            problems.append(f"ligne {line}, colonne {COMMENT} ({stored.pupil.full_name}) : {reasons}")
    revision = meta.get("revision", "")
    if not revision.isdigit():
        problems.append("feuille cachée : révision illisible")
    if problems:
        raise EvaluationImportError(f"« {name} » : import annulé, rien n'a été enregistré — " + " ; ".join(problems))
    try:
        return Evaluation.model_validate(
            ev.model_copy(update={"rows": new_rows, "revision": int(revision)}).model_dump()
        )
    except ValidationError as exc:  # e.g. markup typed in a comment
        reasons = " ; ".join(f"{field} : {reason}" for field, reason in french_problems(exc))
        raise EvaluationImportError(f"« {name} » : {reasons}") from None


def _cells(ev: Evaluation) -> dict[tuple[str, str, str], str]:
    """Every cell of a grid: (pupil, kind, column) → value, the comment as one more cell."""
    cells = {}
    for row in ev.rows:
        key = row.pupil.key
        cells |= {(key, "niveau", col): value for col, value in row.levels.items()}
        cells |= {(key, "attitude", col): value for col, value in row.attitudes.items()}
        cells[(key, "commentaire", "")] = row.comment
    return cells


def merge_filled(base: Evaluation, current: Evaluation, filled: Evaluation) -> tuple[Evaluation, list[str]]:
    """Three-way merge of a filled workbook exported at `base` into the grid as it is now (`current`).

    What the file changed since its export is applied; what someone changed in the grid since then is kept; a
    cell changed on both sides to different values is a conflict (listed, nothing applied). Re-importing a
    corrected copy of the same file is therefore never a conflict.
    """
    old, now, new = _cells(base), _cells(current), _cells(filled)
    names = {row.pupil.key: row.pupil.full_name for row in current.rows}
    conflicts = [
        f"{names.get(key, key)}, {col or kind}"
        for (key, kind, col) in new
        if new[(key, kind, col)] != old.get((key, kind, col), "")
        and now.get((key, kind, col), "") != old.get((key, kind, col), "")
        and new[(key, kind, col)] != now.get((key, kind, col), "")
    ]
    rows = []
    for row in current.rows:
        key = row.pupil.key
        filled_row = next((r for r in filled.rows if r.pupil.key == key), None)
        if filled_row is None:
            rows.append(row)
            continue

        def pick(kind: str, col: str, mine: str, theirs: str, key: str = key) -> str:
            return mine if mine != old.get((key, kind, col), "") else theirs

        levels = {
            c: pick("niveau", c, filled_row.levels.get(c, ""), row.levels.get(c, ""))
            for c in {*row.levels, *filled_row.levels}
        }
        attitudes = {
            c: pick("attitude", c, filled_row.attitudes.get(c, ""), row.attitudes.get(c, ""))
            for c in {*row.attitudes, *filled_row.attitudes}
        }
        comment = pick("commentaire", "", filled_row.comment, row.comment)
        rows.append(
            row.model_copy(
                update={
                    "levels": {c: v for c, v in levels.items() if v},
                    "attitudes": {c: v for c, v in attitudes.items() if v},
                    "comment": comment,
                }
            )
        )
    return current.model_copy(update={"rows": tuple(rows)}), conflicts


def import_evaluation_workbook(bank_folder, ev_id: str, path: str | Path, referential) -> Evaluation:
    """Read the filled grid and store it as the next revision, merged cell by cell with what changed in the
    grid since the file was exported (a corrected copy can be imported again); a cell changed on both sides is
    refused, named, and nothing is saved."""
    from .store import evaluation_bank, find_evaluation

    current = find_evaluation(bank_folder, ev_id)
    filled = read_evaluation_workbook(path, current, referential)
    bank = evaluation_bank(bank_folder, current.grade)
    if filled.revision == current.revision:
        return bank.save(filled)
    base = bank.revision(ev_id, filled.revision)
    merged, conflicts = merge_filled(base, current, filled)
    if conflicts:
        raise EvaluationImportError(
            f"« {Path(path).name} » : import annulé, rien n'a été enregistré — la grille a été modifiée depuis "
            f"l'export de ce fichier (révision {filled.revision}, maintenant {current.revision}) et ces cases "
            f"ont changé des deux côtés : {', '.join(conflicts[:12])}{' …' if len(conflicts) > 12 else ''}. "
            "Exportez la grille à nouveau et reportez-y vos niveaux."
        )
    return bank.save(merged)
