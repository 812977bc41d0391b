"""The class list a teacher already has (CSV or XLSX export of the school software), validated row by row."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date, datetime
from pathlib import Path

from pydantic import Field, ValidationError

from ..document import Part, ShortText
from ..errors import SpiraleError
from ..tables import TableError, read_table
from ..text import safe_filename
from ..validation import french_problems

COLUMNS = {
    "nom": "last_name",
    "prenom": "first_name",
    "classe": "grade",
    "entreprise": "company",
    "tuteur": "tutor",
    "debut": "start",
    "fin": "end",
}
REQUIRED = ("nom", "prenom", "classe")
ALIASES = {
    "prénom": "prenom",
    "début": "debut",
    "date de début": "debut",
    "date de fin": "fin",
    "date debut": "debut",
    "date fin": "fin",
    "tutrice": "tuteur",
    "tuteur/tutrice": "tuteur",
}


class ClassListError(SpiraleError):
    """The class list cannot be used: every problem is listed with its line."""


class Pupil(Part):
    last_name: ShortText
    first_name: ShortText
    grade: ShortText
    company: str = Field(default="", max_length=300)
    tutor: str = Field(default="", max_length=300)
    start: date | None = None
    end: date | None = None

    @property
    def key(self) -> str:
        """Stable identifier inside a class, used in booklet ids and to match a filled grid back to its pupil.

        A readable slug plus a hash of the whole name: two pupils whose names share a long beginning, or differ
        only by accents, never share a booklet; the same pupil keeps the same key when the list is reordered.
        """
        identity = "\x1f".join(
            " ".join(unicodedata.normalize("NFC", n).casefold().split()) for n in (self.last_name, self.first_name)
        )
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:10]
        return f"{safe_filename(f'{self.last_name} {self.first_name}', max_length=32, default='eleve')}-{digest}"

    @property
    def full_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


def _cell_date(value):
    if value in ("", None):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"date illisible « {text} » (attendu JJ/MM/AAAA)")


def read_class_list(path: str | Path) -> list[Pupil]:
    """Read nom, prénom, classe (+ entreprise, tuteur, début, fin); all problems reported at once."""
    if not Path(path).is_file():
        raise ClassListError(f"liste de classe introuvable : « {path} »")
    try:
        table = read_table(path)
    except TableError as exc:
        raise ClassListError(f"liste de classe : {exc}") from None
    name = table.name
    if not table.rows:
        raise ClassListError(f"« {name} » : aucune ligne d'élève")
    header = {ALIASES.get(h.lower(), h.lower()): h for h in table.header if h}
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ClassListError(f"« {name} » : colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}")
    pupils, problems, seen = [], [], {}
    for number, row in table.rows:
        values = {field: row.get(header[col], "") if col in header else "" for col, field in COLUMNS.items()}
        values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
        try:
            values["start"], values["end"] = _cell_date(values["start"]), _cell_date(values["end"])
            pupil = Pupil.model_validate(
                {k: (str(v) if k not in ("start", "end") and v is not None else v) for k, v in values.items()}
            )
        except ValueError as exc:
            reasons = (
                [f"{f} : {r}" for f, r in french_problems(exc)] if isinstance(exc, ValidationError) else [str(exc)]
            )
            problems.extend(f"ligne {number} : {r}" for r in reasons)
            continue
        if pupil.key in seen:
            problems.append(f"ligne {number} : élève en double ({pupil.full_name}, déjà ligne {seen[pupil.key]})")
            continue
        seen[pupil.key] = number
        pupils.append(pupil)
    if problems:
        raise ClassListError(f"« {name} » : " + " ; ".join(problems))
    return pupils


TEMPLATE_HEADER = ("nom", "prénom", "classe", "entreprise", "tuteur", "début", "fin")
TEMPLATE_EXAMPLE = ("Martin", "Léa", "1MCVB", "Optique Plus", "Mme Roux", date(2026, 1, 5), date(2026, 1, 30))


def write_class_list_template(path: str | Path) -> Path:
    """« Modèle de liste de classe »: the expected columns and one example row, as XLSX or CSV (by extension).

    The example row reads back as one pupil, so a teacher who replaces it line by line gets a valid list.
    """
    import csv
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..cells import safe_row
    from ..files import atomic_output

    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".xlsx", ".csv"):
        raise SpiraleError(f"« {path.name} » : le modèle de liste de classe s'écrit en .xlsx ou en .csv")
    with atomic_output(path) as partial:
        if kind == ".csv":  # « ; » and a BOM: what a French spreadsheet opens without asking
            text = io.StringIO()
            out = csv.writer(text, delimiter=";", lineterminator="\r\n")
            out.writerow(TEMPLATE_HEADER)
            out.writerow(safe_row(v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in TEMPLATE_EXAMPLE))
            partial.write_text(text.getvalue(), encoding="utf-8-sig", newline="")
        else:
            wb = Workbook()
            sheet = wb.active
            sheet.title = "Liste de classe"
            sheet.append(safe_row(TEMPLATE_HEADER))
            sheet.append(safe_row(TEMPLATE_EXAMPLE))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for cell in sheet[2][5:]:
                cell.number_format = "DD/MM/YYYY"
            for col, width in zip("ABCDEFG", (18, 16, 10, 28, 22, 12, 12)):
                sheet.column_dimensions[col].width = width
            wb.save(partial)
    return path
