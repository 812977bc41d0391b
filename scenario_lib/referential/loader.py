"""Load one referential folder (format in data/FORMAT.md) into a validated, immutable `Referential`.

Everything is checked before anything is returned, and every problem names the file, the line and the field
in French: a teacher who edits a CSV by hand must be able to find the mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import scenario_lib.referential.model as m  # not `from . import model`: no edge back to the package

from ..errors import ReferentialError
from ..files import FileProblem, read_text_file
from ..yamlfiles import parse_yaml, parse_yaml_records
from .csvrows import csv_records

MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    """A table of the format: French column → English field, which columns may be empty, which are unique."""

    name: str
    columns: dict[str, str]
    optional: frozenset[str] = frozenset()
    required_file: bool = False
    unique: str | None = "code"
    integers: frozenset[str] = frozenset()


def _t(name, columns, optional=(), required_file=False, unique="code", integers=()):
    return Table(name, dict(columns), frozenset(optional), required_file, unique, frozenset(integers))


TABLES = {
    t.name: t
    for t in [
        _t(
            "blocs",
            {
                "code": "code",
                "intitule": "title",
                "unite": "unit",
                "option": "option",
                "description": "description",
                "introduction": "introduction",
            },
            optional=("unite", "option", "description", "introduction"),
            required_file=True,
        ),
        _t(
            "competences",
            {"code": "code", "bloc": "block", "intitule": "title", "description": "description", "contexte": "context"},
            optional=("description", "contexte"),
            required_file=True,
        ),
        _t("sous_competences", {"code": "code", "competence": "competence", "intitule": "title"}),
        _t("criteres", {"competence": "competence", "texte": "text"}, unique=None),
        _t("savoirs", {"competence": "competence", "categorie": "category", "texte": "text"}, unique=None),
        _t(
            "competences_transversales",
            {"code": "code", "intitule": "title", "description": "description"},
            optional=("description",),
        ),
        _t(
            "activites",
            {"code": "code", "intitule": "title", "bloc": "block", "description": "description"},
            optional=("description",),
        ),
        _t("activite_elements", {"activite": "activity", "rubrique": "heading", "texte": "text"}, unique=None),
        _t("taches", {"code": "code", "activite": "activity", "intitule": "title"}),
        _t(
            "outils_numeriques",
            {"bloc": "block", "outil": "tool", "categorie": "category"},
            optional=("categorie",),
            unique=None,
        ),
        _t("attitudes", {"code": "code", "intitule": "title"}),
        _t(
            "echelles",
            {"echelle": "scale", "code": "code", "libelle": "label", "descripteur": "descriptor", "rang": "rank"},
            optional=("descripteur",),
            unique=None,
            integers=("rang",),
        ),
        _t(
            "niveaux",
            {"code": "code", "libelle": "label", "complexite": "complexity", "description": "description"},
            optional=("description",),
        ),
        _t(
            "horaires",
            {
                "enseignement": "subject",
                "seconde": "seconde",
                "premiere": "premiere",
                "terminale": "terminale",
                "total": "total",
            },
            optional=("seconde", "premiere", "terminale", "total"),
            unique="enseignement",
        ),
        _t(
            "regles_pfmp",
            {
                "regle": "rule",
                "intitule": "title",
                "classe": "grade",
                "periodes": "periods",
                "semaines": "weeks",
                "description": "description",
            },
            optional=("description",),
            unique=None,
            integers=("periodes", "semaines"),
        ),
        _t(
            "epreuves",
            {
                "code": "code",
                "intitule": "title",
                "unite": "unit",
                "coefficient": "coefficient",
                "mode": "mode",
                "duree": "duration",
            },
            optional=("unite", "coefficient", "mode", "duree"),
        ),
        _t(
            "unites_generales",
            {"code": "code", "intitule": "title", "description": "description"},
            optional=("description",),
        ),
        _t("modalites_examen", {"rubrique": "heading", "texte": "text"}, unique=None),
        _t("textes_pfmp", {"code": "code", "texte": "text"}),
    ]
}

HEADER_FIELDS = {"id": "id", "type": "kind", "code": "code", "intitule": "title", "intitule_court": "short_title"}
HEADER_OPTIONAL = {
    "niveau": "level",
    "nsf": "nsf",
    "rome": "rome",
    "options": "options",
    "option": "option",
    "resume": "summary",
    "source": "source",
}
KINDS = {"diplome", "titre_professionnel"}


@dataclass
class Row:
    line: int
    values: dict[str, object]


def read_text(path: Path) -> str:
    """Refuse what an editor or a spreadsheet can silently produce: huge, binary or non-UTF-8 files."""
    try:
        return read_text_file(path, MAX_FILE_BYTES)
    except FileProblem as exc:
        raise ReferentialError(exc.reason, path.name, exc.line) from None


def _read_csv(path: Path, table: Table) -> list[Row]:
    records = csv_records(read_text(path), path.name)
    if not records:
        return []
    (_, columns), rows = records[0], []
    for line, values in records[1:]:
        if not values:  # blank line
            continue
        if len(values) > len(columns):
            raise ReferentialError(
                "plus de valeurs que de colonnes (virgule en trop ? texte à mettre entre guillemets)", path.name, line
            )
        rows.append(Row(line, dict(zip(columns, values + [""] * (len(columns) - len(values))))))
    if not rows:  # an empty table still has to name the right columns
        _check_columns(table, path.name, columns, 1)
    return rows


def _yaml_error(exc: FileProblem, filename: str) -> ReferentialError:
    return ReferentialError(exc.reason, filename, exc.line)


def _read_yaml_table(path: Path) -> list[Row]:
    text = read_text(path)
    try:
        data, lines = parse_yaml_records(text, path.name)
    except FileProblem as exc:
        raise _yaml_error(exc, path.name) from None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise ReferentialError("une liste d'enregistrements (« - clé: valeur ») est attendue", path.name)
    return [Row(line, record) for line, record in zip(lines, data)]


def _table_file(folder: Path, name: str) -> Path | None:
    found = [p for p in (folder / f"{name}.csv", folder / f"{name}.yaml", folder / f"{name}.yml") if p.exists()]
    if len(found) > 1:
        raise ReferentialError(
            f"la table « {name} » existe en deux exemplaires ({', '.join(p.name for p in found)})", found[0].name
        )
    return found[0] if found else None


def _check_columns(table: Table, filename: str, columns, line: int) -> None:
    missing = [c for c in (*table.columns, "source") if c not in columns]
    if missing:
        raise ReferentialError(f"colonne manquante « {missing[0]} »", filename, line, missing[0])
    unknown = [c for c in columns if c not in table.columns and c != "source"]
    if unknown:
        raise ReferentialError(f"colonne inconnue « {unknown[0]} » (voir data/FORMAT.md)", filename, line, unknown[0])


def _convert(table: Table, filename: str, rows: list[Row]) -> list[tuple[int, dict]]:
    out: list[tuple[int, dict]] = []
    seen: dict[str | int, int] = {}
    for row in rows:
        _check_columns(table, filename, row.values, row.line)
        record = {}
        for column, field in (*table.columns.items(), ("source", "source")):
            value = row.values[column]
            value = "" if value is None else value
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise ReferentialError("un texte est attendu", filename, row.line, column)
            value = value.strip()
            if not value and column not in table.optional:
                raise ReferentialError("texte vide", filename, row.line, column)
            if column in table.integers:
                try:
                    value = int(value)
                except ValueError:
                    raise ReferentialError(
                        f"nombre entier attendu, trouvé « {value} »", filename, row.line, column
                    ) from None
            record[field] = value
        if table.unique:
            key = record[table.columns[table.unique]]
            if key in seen:
                raise ReferentialError(
                    f"code « {key} » en double (déjà ligne {seen[key]})", filename, row.line, table.unique
                )
            seen[key] = row.line
        out.append((row.line, record))
    return out


def _read_header(folder: Path) -> dict:
    path = folder / "referentiel.yaml"
    if not path.exists():
        raise ReferentialError("fichier « referentiel.yaml » absent : ce dossier n'est pas un référentiel", str(folder))
    try:
        data = parse_yaml(read_text(path), path.name)
    except FileProblem as exc:
        raise _yaml_error(exc, path.name) from None
    return check_header(data, path.name)


def check_header(data: object, filename: str) -> dict:
    """Validate the `referentiel.yaml` mapping (also built in memory by the Moodle import)."""
    if not isinstance(data, dict):
        raise ReferentialError("un dictionnaire « clé: valeur » est attendu", filename)
    header: dict[str, Any] = {}  # YAML values of several types, each checked below
    for key, field in HEADER_FIELDS.items():
        value = data.get(key)
        if not isinstance(value, (str, int)) or not str(value).strip():
            raise ReferentialError("texte manquant ou vide", filename, field=key)
        header[field] = str(value).strip()
    if header["kind"] not in KINDS:
        raise ReferentialError(
            f"type « {header['kind']} » inconnu (attendu : {', '.join(sorted(KINDS))})", filename, field="type"
        )
    for key, field in HEADER_OPTIONAL.items():
        if key in data and data[key] is not None:
            header[field] = data[key]
    unknown = set(data) - set(HEADER_FIELDS) - set(HEADER_OPTIONAL)
    if unknown:
        raise ReferentialError(f"clé inconnue « {sorted(unknown)[0]} »", filename, field=sorted(unknown)[0])
    if "options" in header:
        try:
            header["options"] = tuple(m.Option(code=str(o["code"]), title=o["intitule"]) for o in header["options"])
        except (TypeError, KeyError):
            raise ReferentialError(
                "chaque option doit avoir « code » et « intitule »", filename, field="options"
            ) from None
    for key in ("nsf", "rome"):
        if key in header:
            if not isinstance(header[key], list):
                raise ReferentialError("une liste est attendue", filename, field=key)
            header[key] = tuple(str(v) for v in header[key])
    for key in ("level", "option"):
        if key in header:
            header[key] = str(header[key])
    return header


def load_folder(folder: str | Path) -> m.Referential:
    """Read and validate a whole referential folder; raise `ReferentialError` at the first problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReferentialError("dossier de référentiel introuvable", str(folder))
    header = _read_header(folder)
    sources: dict[str, tuple[str, list[Row]]] = {}
    for name, table in TABLES.items():
        path = _table_file(folder, name)
        if path is None:
            if table.required_file:
                raise ReferentialError(f"table obligatoire absente (« {name}.csv » ou « {name}.yaml »)", str(folder))
            continue
        rows = _read_csv(path, table) if path.suffix == ".csv" else _read_yaml_table(path)
        if table.required_file and not rows:
            raise ReferentialError(f"table obligatoire vide : au moins une ligne de « {name} » est attendue", path.name)
        sources[name] = (path.name, rows)
    return build_referential(header, sources)


def build_referential(header: dict, sources: dict[str, tuple[str, list[Row]]]) -> m.Referential:
    """Check raw rows (French columns) table by table, then references; `sources`: table → (file name, rows)."""
    tables: dict[str, list[tuple[int, dict]]] = {}
    files: dict[str, str] = {}
    for name, table in TABLES.items():
        filename, rows = sources.get(name, (f"{name}.csv", []))
        tables[name], files[name] = _convert(table, filename, rows), filename
    return _assemble(header, tables, files)


def _check_refs(tables, files, name: str, column: str, field: str, known: set[str], what: str) -> None:
    for line, record in tables[name]:
        if record[field] not in known:
            raise ReferentialError(f"{what} « {record[field]} » inexistant(e)", files[name], line, column)


def _assemble(header: dict, tables: dict, files: dict) -> m.Referential:
    blocks = [m.Block(**r) for _, r in tables["blocs"]]
    block_codes = {b.code for b in blocks}
    _check_refs(tables, files, "competences", "bloc", "block", block_codes, "bloc")
    comp_codes = {r["code"] for _, r in tables["competences"]}
    _check_refs(tables, files, "sous_competences", "competence", "competence", comp_codes, "compétence")
    trans_codes = {r["code"] for _, r in tables["competences_transversales"]}
    _check_refs(tables, files, "criteres", "competence", "competence", comp_codes | trans_codes, "compétence")
    _check_refs(tables, files, "savoirs", "competence", "competence", comp_codes, "compétence")
    _check_refs(tables, files, "activites", "bloc", "block", block_codes, "bloc")
    act_codes = {r["code"] for _, r in tables["activites"]}
    _check_refs(tables, files, "activite_elements", "activite", "activity", act_codes, "activité")
    _check_refs(tables, files, "taches", "activite", "activity", act_codes, "activité")
    _check_refs(tables, files, "outils_numeriques", "bloc", "block", block_codes, "bloc")

    def children(name, key, value):
        return [r for _, r in tables[name] if r[key] == value]

    competences = [
        m.Competence(
            **c,
            sub_competences=tuple(m.SubCompetence(**s) for s in children("sous_competences", "competence", c["code"])),
            criteria=tuple(r["text"] for r in children("criteres", "competence", c["code"])),
            know_how=tuple(
                m.KnowHow(category=r["category"], text=r["text"], source=r["source"])
                for r in children("savoirs", "competence", c["code"])
            ),
        )
        for _, c in tables["competences"]
    ]
    activities = [
        m.Activity(
            **a,
            tasks=tuple(m.Task(**t) for t in children("taches", "activity", a["code"])),
            elements=tuple(
                m.ActivityElement(heading=e["heading"], text=e["text"], source=e["source"])
                for e in children("activite_elements", "activity", a["code"])
            ),
        )
        for _, a in tables["activites"]
    ]
    transversal = [
        m.TransversalCompetence(**t, criteria=tuple(r["text"] for r in children("criteres", "competence", t["code"])))
        for _, t in tables["competences_transversales"]
    ]
    simple = {
        "tools": ("outils_numeriques", m.DigitalTool),
        "attitudes": ("attitudes", m.Attitude),
        "scales": ("echelles", m.ScaleLevel),
        "levels": ("niveaux", m.Level),
        "hours": ("horaires", m.Hours),
        "pfmp_rules": ("regles_pfmp", m.PfmpRule),
        "exams": ("epreuves", m.Exam),
        "general_units": ("unites_generales", m.GeneralUnit),
        "exam_modalities": ("modalites_examen", m.ExamModality),
        "pfmp_texts": ("textes_pfmp", m.OfficialText),
    }
    parts = {field: tuple(cls(**r) for _, r in tables[name]) for field, (name, cls) in simple.items()}
    return m.Referential(
        **header,
        blocks=tuple(blocks),
        competences=tuple(competences),
        transversal=tuple(transversal),
        activities=tuple(activities),
        **parts,
    )
