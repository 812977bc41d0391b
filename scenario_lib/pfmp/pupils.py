"""The class list a teacher already has (CSV or XLSX export of the school software), validated row by row."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from pydantic import Field, ValidationError

from ..document import Part, ShortText
from ..errors import SpiraleError
from ..text import safe_filename
from ..validation import french_problems

COLUMNS = {"nom": "last_name", "prenom": "first_name", "classe": "grade", "entreprise": "company",
           "tuteur": "tutor", "debut": "start", "fin": "end"}
REQUIRED = ("nom", "prenom", "classe")
ALIASES = {"prénom": "prenom", "début": "debut", "date de début": "debut", "date de fin": "fin",
           "date debut": "debut", "date fin": "fin", "tutrice": "tuteur", "tuteur/tutrice": "tuteur"}


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
        """Stable identifier inside a class: used to match a filled grid back to its pupil."""
        return safe_filename(f"{self.last_name} {self.first_name}", max_length=60)

    @property
    def full_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


def _rows_from_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # school software often exports Windows-1252
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:  # a single column: no separator to find; the missing columns are reported next
        dialect = csv.excel
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def _rows_from_xlsx(path: Path) -> list[dict]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h or "").strip() for h in rows[0]]
    return [dict(zip(header, ("" if v is None else v for v in row))) for row in rows[1:]
            if any(v not in (None, "") for v in row)]


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
    path = Path(path)
    if not path.is_file():
        raise ClassListError(f"liste de classe introuvable : « {path} »")
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise ClassListError(f"« {path.name} » : format non reconnu (CSV ou XLSX attendu)")
    rows = _rows_from_csv(path) if suffix == ".csv" else _rows_from_xlsx(path)
    if not rows:
        raise ClassListError(f"« {path.name} » : aucune ligne d'élève")
    header = {ALIASES.get(str(h).strip().lower(), str(h).strip().lower()): h for h in rows[0]}
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ClassListError(f"« {path.name} » : colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}")
    pupils, problems, seen = [], [], {}
    for number, row in enumerate(rows, start=2):
        values = {field: row.get(header[col], "") if col in header else "" for col, field in COLUMNS.items()}
        values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
        try:
            values["start"], values["end"] = _cell_date(values["start"]), _cell_date(values["end"])
            pupil = Pupil.model_validate({k: (str(v) if k not in ("start", "end") and v is not None else v)
                                          for k, v in values.items()})
        except ValueError as exc:
            reasons = ([f"{f} : {r}" for f, r in french_problems(exc)] if isinstance(exc, ValidationError)
                       else [str(exc)])
            problems.extend(f"ligne {number} : {r}" for r in reasons)
            continue
        if pupil.key in seen:
            problems.append(f"ligne {number} : élève en double ({pupil.full_name}, déjà ligne {seen[pupil.key]})")
            continue
        seen[pupil.key] = number
        pupils.append(pupil)
    if problems:
        raise ClassListError(f"« {path.name} » : " + " ; ".join(problems))
    return pupils
