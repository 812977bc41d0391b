"""Tables a teacher brings from the school software or a spreadsheet (class lists, name lists): one reader.

CSV separated by « , », « ; » or tabs (the referential's CSV rules), or the first sheet of an XLSX workbook.
One encoding policy: UTF-8 (with or without BOM), UTF-16 when its BOM says so, else Windows-1252 when the bytes
decode cleanly as such; anything else is a French error naming the file and the byte. Size is bounded before
parsing (a class is a few dozen rows: a 300,000-row file is a mistake, not a class), control characters are
refused with their line, and the whole table is read before any caller generates anything.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .cells import CONTROL
from .errors import SpiraleError
from .files import MIB, FileProblem
from .referential.csvrows import csv_records
from .text import french_number

MAX_BYTES = 2 * MIB
MAX_ROWS = 2000
MAX_UNZIPPED = 40 * MIB  # an XLSX is a zip: bound what it expands to, not only its size on disk
MAX_COLUMNS = 60
BLANK_ROWS_ALLOWED = 10_000  # formatted but empty rows a spreadsheet keeps below the data
FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}


class TableError(FileProblem):
    """A teacher's table cannot be read: `str()` names the file (and the line when there is one)."""


@dataclass
class Table:
    name: str  # the file name, for messages
    header: list[str]
    rows: list[tuple[int, dict[str, object]]]  # (line in the file, header → value), blank rows left out


def decode_table_text(raw: bytes, name: str) -> str:
    """Bytes of a text table → text, by the one encoding policy (see the module docstring)."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8-sig":
            raise TableError(
                f"encodage {encoding.upper()} abîmé à l'octet n° {exc.start + 1} : enregistrez le fichier en UTF-8",
                name,
                raw[: exc.start].count(b"\n") + 1,
            ) from None
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as again:
            raise TableError(
                f"encodage non reconnu (octet n° {again.start + 1}, 0x{raw[again.start]:02X}, invalide "
                "en UTF-8 comme en Windows-1252) : enregistrez le fichier en UTF-8",
                name,
                raw[: again.start].count(b"\n") + 1,
            ) from None
    bad = CONTROL.search(text)
    if bad:
        raise TableError(
            f"caractère de contrôle invisible (code {ord(bad.group()):02X}) : fichier abîmé, binaire "
            "ou encodage non reconnu ; enregistrez-le en CSV UTF-8",
            name,
            text[: bad.start()].count("\n") + 1,
        )
    return text


def _check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise TableError(
            f"fichier trop volumineux ({french_number(size / MIB)} Mio, au plus "
            f"{french_number(max_bytes / MIB)} Mio pour une liste)",
            path.name,
        )


def _open(path: str | Path, max_bytes: int) -> Path:
    path = Path(path)
    if not path.is_file():
        raise TableError("fichier introuvable", str(path))
    if path.suffix.lower() not in FORMATS:
        raise TableError("format non reconnu (CSV ou XLSX attendu)", path.name)
    _check_size(path, max_bytes)
    return path


def _too_many(name: str, max_rows: int) -> TableError:
    return TableError(
        f"trop de lignes : au plus {max_rows} lignes sont acceptées (une classe, pas un export "
        "complet de l'établissement)",
        name,
    )


def _table(name: str, records, max_rows: int) -> Table:
    """(line, cells) records, header first → Table; cells beyond the header must be empty."""
    records = iter(records)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, object]]] = []
    for line, cells in records:
        if header is None:
            if all(_blank(c) for c in cells):
                continue  # blank lines above the header
            header = [("" if c is None else str(c)).strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            continue
        if all(_blank(c) for c in cells):
            continue
        if any(not _blank(c) for c in cells[len(header) :]):
            raise TableError(
                f"plus de valeurs que de colonnes ({len(header)} en-têtes) : séparateur en trop ? "
                "texte à mettre entre guillemets ?",
                name,
                line,
            )
        for cell in cells:
            if isinstance(cell, str) and CONTROL.search(cell):
                raise TableError("caractère de contrôle invisible dans une cellule : retapez-la", name, line)
        if len(rows) == max_rows:
            raise _too_many(name, max_rows)
        rows.append((line, {h: ("" if c is None else c) for h, c in zip(header, cells) if h}))
    return Table(name, header or [], rows)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx_records(path: Path, max_rows: int):
    from openpyxl import load_workbook

    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError(
            "fichier illisible comme classeur XLSX (abîmé, ou un autre format renommé en .xlsx) : "
            "réenregistrez-le depuis le tableur",
            name,
        ) from None
    if expanded > MAX_UNZIPPED:
        raise TableError(
            f"classeur trop volumineux une fois décompressé ({french_number(expanded / MIB)} Mio, "
            f"au plus {french_number(MAX_UNZIPPED / MIB)} Mio)",
            name,
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds (KeyError, XML errors…) for a damaged workbook
        raise TableError(
            "fichier illisible comme classeur XLSX (abîmé ?) : réenregistrez-le depuis le tableur", name
        ) from None
    try:
        if not book.worksheets:
            raise TableError("classeur sans feuille", name)
        sheet = book.worksheets[0]
        if (sheet.max_row or 0) > max_rows + 1 + BLANK_ROWS_ALLOWED:
            raise _too_many(name, max_rows)
        records = []
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
                if line > max_rows + 1 + BLANK_ROWS_ALLOWED:
                    raise _too_many(name, max_rows)
                records.append((line, list(values)))
        except TableError:
            raise
        except Exception:  # noqa: BLE001 - a damaged sheet, whatever openpyxl raises: one French reason
            raise TableError(
                "feuille illisible (classeur abîmé ?) : réenregistrez-le depuis le tableur", name
            ) from None
        return records
    finally:
        book.close()


def read_table(path: str | Path, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> Table:
    """The header and the non-blank rows of a CSV or XLSX table; `TableError` (French) when it cannot be read."""
    path = _open(path, max_bytes)
    if FORMATS[path.suffix.lower()] == "xlsx":
        records = _xlsx_records(path, max_rows)
    else:
        text = decode_table_text(path.read_bytes(), path.name)
        records = csv_records(text, path.name, error=TableError)
    return _table(path.name, records, max_rows)


def read_lines(path: str | Path, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> list[str]:
    """A plain list, one item per line (e.g. pupils' names), with the same encoding policy and bounds."""
    path = Path(path)
    if not path.is_file():
        raise TableError("fichier introuvable", str(path))
    _check_size(path, max_bytes)
    lines = [line.strip() for line in decode_table_text(path.read_bytes(), path.name).splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > max_rows:
        raise _too_many(path.name, max_rows)
    return lines


def open_filled_workbook(path: Path, what: str, max_bytes: int, max_unzipped: int, error: type[SpiraleError]):
    """A workbook Spirale wrote and a teacher or tutor filled in, opened read-only after bounding its size.

    `what` names it in the messages (« un livret », « une grille ») and `error` is the caller's error type.
    """
    from openpyxl import load_workbook

    name = path.name
    if not path.is_file():
        raise error(f"« {path} » : fichier introuvable")
    size = path.stat().st_size
    if size > max_bytes:
        raise error(
            f"« {name} » : fichier trop volumineux pour {what} ({french_number(size / MIB)} Mio, "
            f"au plus {french_number(max_bytes / MIB)} Mio)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
        if expanded > max_unzipped:
            raise error(
                f"« {name} » : classeur trop volumineux une fois décompressé pour {what} "
                f"({french_number(expanded / MIB)} Mio)"
            )
        return load_workbook(path, read_only=True, data_only=True)
    except error:
        raise
    except Exception:  # noqa: BLE001 - openpyxl and zipfile raise many kinds for a file that is not a workbook
        raise error(
            f"« {name} » : fichier illisible comme classeur XLSX (abîmé, ou un autre format renommé en .xlsx)"
        ) from None


def sheet_rows(
    wb, title: str, name: str, what: str, max_rows: int, max_columns: int, error: type[SpiraleError]
) -> list[tuple]:
    """Every row of a sheet as values, refusing early a sheet far longer than Spirale ever writes."""
    sheet = wb[title]
    too_long = error(
        f"« {name} » : feuille « {title} » trop longue pour {what} (au plus {max_rows} lignes) : "
        f"ce n'est pas {what} produit par Spirale"
    )
    if (sheet.max_row or 0) > max_rows or (sheet.max_column or 0) > max_columns:
        raise too_long
    rows: list[tuple] = []
    try:
        for row in sheet.iter_rows(values_only=True, max_col=max_columns):
            if len(rows) == max_rows:
                raise too_long
            rows.append(row)
    except error:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet, whatever openpyxl raises: one French reason
        raise error(f"« {name} » : feuille « {title} » illisible (classeur abîmé ?)") from None
    return rows
