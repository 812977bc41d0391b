"""Moodle competency frameworks as CSV (the 14 columns of `admin/tool/lpimportcsv`), both ways.

Moodle knows a tree of competencies under one framework row; Spirale maps its three levels to blocks,
competences and sub-competences. Moodle cuts short names at 100 characters and keeps only one HTML description,
so longer titles and the extra texts (unit, introduction, context…) travel as labelled `<h4>` sections of the
description: a round trip gives back the same codes and texts.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from ..cells import safe_row, unquote_cell
from ..errors import ReferentialError
from ..files import atomic_write
from ..text import safe_filename
from .csvrows import csv_records
from .loader import Row, build_referential, check_header, read_text
from .model import Referential

# Order and names of Moodle's `framework_importer::list_required_headers()` (English language pack).
HEADER = ["Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
          "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
          "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy"]
(PARENT, IDNUMBER, SHORTNAME, DESCRIPTION, FORMAT, SCALE_VALUES, SCALE_CONFIG, RULE_TYPE, RULE_OUTCOME,
 RULE_CONFIG, RELATED, EXPORT_ID, IS_FRAMEWORK, TAXONOMY) = range(14)
FORMAT_HTML, PLAIN_FORMATS = "1", {"2", "4"}  # Moodle's FORMAT_HTML; FORMAT_PLAIN and FORMAT_MARKDOWN
TAXONOMIES = "domain,competency,skill"
SHORTNAME_MAX = 100
SCALE_NAME = "positionnement"
# Moodle requires a scale on every framework; used only when the referential has none, ignored on import.
FALLBACK_SCALE = ("Non acquis", "Acquis")
CODE_SEPARATOR = " – "
# Extra texts carried as labelled sections of the description, per level (field → heading).
SECTIONS = {
    "framework": {"title": "Intitulé", "level": "Niveau", "summary": "Résumé"},
    "bloc": {"title": "Intitulé", "unit": "Unité", "introduction": "Introduction"},
    "compétence": {"title": "Intitulé", "context": "Contexte"},
    "sous-compétence": {"title": "Intitulé"},
}
LEVELS = ("bloc", "compétence", "sous-compétence")
_WS = " \t\n\r\f"  # HTML white space; a no-break space is text


# --- text ↔ HTML ------------------------------------------------------------------------------------------


def text_to_html(text: str) -> str:
    """Blank lines → paragraphs, single line breaks → `<br>`; everything escaped."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip(_WS)) if p.strip(_WS)]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip(_WS), quote=False) for line in p.strip(_WS).split("\n")) + "</p>"
        for p in paragraphs)


class _Blocks(HTMLParser):
    """HTML → list of (is_heading, text): one entry per paragraph, `<br>` kept as a line break."""

    BLOCK_TAGS = {"p", "div", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "section",
                  "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, str]] = []
        self._parts: list[str] = []
        self._heading = False

    def _close(self) -> None:
        text = re.sub(" +", " ", "".join(self._parts))
        lines = [line.strip(" ") for line in text.split("\n")]
        text = "\n".join(lines).strip("\n")
        if text:
            self.blocks.append((self._heading, text))
        self._parts, self._heading = [], False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            self._parts.append("\n")
        elif tag == "li":  # list items: one line each, in the list's paragraph
            self._parts.append("\n- " if self._parts else "- ")
        elif tag in self.BLOCK_TAGS:
            self._close()
            self._heading = tag[0] == "h" and tag[1:].isdigit()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCK_TAGS:
            self._close()

    def handle_data(self, data: str) -> None:
        self._parts.append(re.sub(f"[{_WS}]+", " ", data))


def html_to_paragraphs(markup: str) -> list[tuple[bool, str]]:
    parser = _Blocks()
    parser.feed(markup)
    parser.close()
    parser._close()
    return parser.blocks


def _description_html(main: str, sections: dict[str, str], labels: dict[str, str]) -> str:
    parts = [text_to_html(main)] if main else []
    for field, label in labels.items():
        if sections.get(field):
            parts.append(f"<h4>{html.escape(label)}</h4>{text_to_html(sections[field])}")
    return "".join(parts)


def _split_description(value: str, fmt: str, labels: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Description cell → (main text, {field: text}) using the headings written by the export."""
    if fmt.strip() in PLAIN_FORMATS:
        blocks = [(False, p.strip(_WS)) for p in re.split(r"\n[ \t]*\n", value) if p.strip(_WS)]
    else:
        blocks = html_to_paragraphs(value)
    by_label = {label: field for field, label in labels.items()}
    collected: dict[str | None, list[str]] = {None: []}
    current = None
    for is_heading, text in blocks:
        if is_heading and text in by_label:
            current = by_label[text]
            collected.setdefault(current, [])
        else:
            collected[current].append(text)
    main = "\n\n".join(collected.pop(None))
    return main, {field: "\n\n".join(texts) for field, texts in collected.items()}


def _shortname(title: str) -> str:
    if len(title) <= SHORTNAME_MAX:
        return title
    return title[: SHORTNAME_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


# --- export -----------------------------------------------------------------------------------------------


def _scale(ref: Referential) -> tuple[str, str]:
    """(scale values, scale configuration): the lowest proficient item is the default, the top half proficient."""
    levels = ref.scale(SCALE_NAME) or next((ref.scale(s.scale) for s in ref.scales), [])
    items = [f"{lv.code}{CODE_SEPARATOR}{lv.label}" for lv in levels] or list(FALLBACK_SCALE)
    for item in items:
        if "," in item:
            raise ReferentialError(f"échelon « {item} » : Moodle n'accepte pas de virgule dans un échelon",
                                   "echelles", field="libelle")
    first_proficient = len(items) - max(1, len(items) // 2)
    config = [{"scaleid": "1"}] + [
        {"id": i + 1, "scaledefault": int(i == first_proficient), "proficient": int(i >= first_proficient)}
        for i in range(len(items))]
    return ",".join(items), json.dumps(config, separators=(",", ":"))


def _node(parent: str, code: str, title: str, main: str, extra: dict[str, str], level: str, export_id: int):
    sections = {"title": title if _shortname(title) != title else "", **extra}
    return [parent, code, _shortname(title), _description_html(main, sections, SECTIONS[level]), FORMAT_HTML,
            "", "", "", "0", "null", "", str(export_id), "", ""]


def moodle_rows(ref: Referential) -> list[list[str]]:
    """Framework row then blocks › competences › sub-competences, parents before children."""
    codes = [ref.code] + [b.code for b in ref.teaching_blocks] + [c.code for c in ref.competences] + [
        s.code for c in ref.competences for s in c.sub_competences]
    doubles = sorted({c for c in codes if codes.count(c) > 1})
    if doubles:
        raise ReferentialError(f"code « {doubles[0]} » utilisé à deux niveaux : Moodle exige des codes uniques",
                               ref.id)
    values, config = _scale(ref)
    framework = _description_html(ref.title, {"level": ref.level, "summary": ref.summary},
                                  {k: v for k, v in SECTIONS["framework"].items() if k != "title"})
    rows = [["", ref.code, _shortname(ref.short_title), framework, FORMAT_HTML, values, config,
             "", "", "", "", "", "1", TAXONOMIES]]
    for block in ref.teaching_blocks:
        rows.append(_node("", block.code, block.title, block.description,
                          {"unit": block.unit, "introduction": block.introduction}, "bloc", len(rows)))
        for comp in ref.competences_of(block.code):
            rows.append(_node(block.code, comp.code, comp.title, comp.description, {"context": comp.context},
                              "compétence", len(rows)))
            for sub in comp.sub_competences:
                rows.append(_node(comp.code, sub.code, sub.title, "", {}, "sous-compétence", len(rows)))
    return rows


def export_moodle_csv(ref: Referential, path: str | Path) -> int:
    """Write the framework for Moodle's « Importer un référentiel de compétences »; return the rows written."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ReferentialError(f"dossier « {path.parent} » introuvable : rien n'a été écrit", path.name)
    rows = moodle_rows(ref)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, *(safe_row(row) for row in rows)])
    atomic_write(path, out.getvalue())
    return len(rows)


# --- import -----------------------------------------------------------------------------------------------


def _scale_rows(values: str, config: str, filename: str, line: int) -> list[dict]:
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not items:
        raise ReferentialError("échelle vide : Moodle exige une échelle sur le référentiel", filename, line,
                               HEADER[SCALE_VALUES])
    try:
        parsed = json.loads(config)
        assert isinstance(parsed, list) and isinstance(parsed[0], dict) and "scaleid" in parsed[0]
        entries = parsed[1:]
        ids = [int(e["id"]) for e in entries]
    except (ValueError, AssertionError, IndexError, KeyError, TypeError):
        raise ReferentialError("configuration d'échelle invalide : JSON attendu comme "
                               '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":1}]', filename, line,
                               HEADER[SCALE_CONFIG]) from None
    if any(not 1 <= i <= len(items) for i in ids):
        raise ReferentialError(f"configuration d'échelle : échelon hors de l'échelle (1 à {len(items)})", filename,
                               line, HEADER[SCALE_CONFIG])
    for key, what in (("scaledefault", "par défaut"), ("proficient", "« acquis » (proficient)")):
        if not any(e.get(key) for e in entries):
            raise ReferentialError(f"configuration d'échelle : aucun échelon {what}", filename, line,
                                   HEADER[SCALE_CONFIG])
    if tuple(items) == FALLBACK_SCALE:
        return []
    scale = []
    for rank, item in enumerate(items):
        code, sep, label = item.partition(CODE_SEPARATOR)
        code, label = (code, label) if sep else (str(rank + 1), item)
        scale.append({"echelle": SCALE_NAME, "code": code, "libelle": label, "descripteur": "", "rang": str(rank)})
    return scale


def _depths(nodes: dict[str, tuple[int, list[str]]], filename: str) -> dict[str, int]:
    depths: dict[str, int] = {}
    for idnumber, (line, row) in nodes.items():
        chain, current = [], idnumber
        while current and current not in depths:
            if current in chain:
                raise ReferentialError(f"boucle de parents autour de « {idnumber} »", filename, line,
                                       HEADER[PARENT])
            chain.append(current)
            current = nodes[current][1][PARENT].strip()
        base = depths.get(current, 0)
        for offset, code in enumerate(reversed(chain)):
            depths[code] = base + offset + 1
        if depths[idnumber] > len(LEVELS):
            raise ReferentialError(
                f"« {idnumber} » est au niveau {depths[idnumber]} : Spirale connaît trois niveaux "
                "(blocs › compétences › sous-compétences)", filename, line, HEADER[PARENT])
    return depths


def import_moodle_csv(path: str | Path) -> Referential:
    """Read a Moodle competency framework CSV into a validated `Referential` (blocks, competences, sub-comp.)."""
    path = Path(path)
    if not path.is_file():
        raise ReferentialError("fichier CSV Moodle introuvable", str(path))
    name = path.name
    rows = [(line, [unquote_cell(cell) for cell in record]) for line, record in csv_records(read_text(path), name)]
    if not rows or len(rows[0][1]) != len(HEADER):
        found = len(rows[0][1]) if rows else 0
        raise ReferentialError(f"en-tête Moodle attendu : {len(HEADER)} colonnes ({', '.join(HEADER)}), "
                               f"trouvé {found}", name, 1)
    framework: tuple[int, list[str]] | None = None
    nodes: dict[str, tuple[int, list[str]]] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise ReferentialError(f"{len(HEADER)} colonnes attendues, trouvé {len(row)} (guillemets mal fermés ?)",
                                   name, line)
        for column in (IDNUMBER, SHORTNAME):
            if not row[column].strip():
                raise ReferentialError("texte vide", name, line, HEADER[column])
        if row[IS_FRAMEWORK].strip() not in ("", "0"):
            if framework:
                raise ReferentialError(f"deuxième ligne de référentiel (déjà ligne {framework[0]})", name, line,
                                       HEADER[IS_FRAMEWORK])
            framework = (line, row)
            continue
        code = row[IDNUMBER].strip()
        if code in nodes:
            raise ReferentialError(f"code « {code} » en double (déjà ligne {nodes[code][0]})", name, line,
                                   HEADER[IDNUMBER])
        nodes[code] = (line, row)
    if framework is None:
        raise ReferentialError("aucune ligne de référentiel (colonne « Is framework » à 1)", name)
    for code, (line, row) in nodes.items():
        parent = row[PARENT].strip()
        if parent and parent not in nodes:
            raise ReferentialError(f"compétence parente « {parent} » inexistante", name, line, HEADER[PARENT])
    depths = _depths(nodes, name)

    sources: dict[str, tuple[str, list[Row]]] = {t: (name, []) for t in ("blocs", "competences", "sous_competences")}
    columns = {"blocs": ("code", "intitule", "unite", "option", "description", "introduction"),
               "competences": ("code", "bloc", "intitule", "description", "contexte"),
               "sous_competences": ("code", "competence", "intitule")}
    for code, (line, row) in nodes.items():
        level = LEVELS[depths[code] - 1]
        main, extra = _split_description(row[DESCRIPTION], row[FORMAT], SECTIONS[level])
        values = {"code": code, "intitule": extra.get("title") or row[SHORTNAME].strip(), "description": main,
                  "unite": extra.get("unit", ""), "introduction": extra.get("introduction", ""), "option": "",
                  "contexte": extra.get("context", ""), "bloc": row[PARENT].strip(),
                  "competence": row[PARENT].strip(), "source": f"Moodle : {name}, ligne {line}"}
        table = {"bloc": "blocs", "compétence": "competences", "sous-compétence": "sous_competences"}[level]
        sources[table][1].append(Row(line, {k: values[k] for k in (*columns[table], "source")}))
    line, row = framework
    scale = _scale_rows(row[SCALE_VALUES], row[SCALE_CONFIG], name, line)
    sources["echelles"] = (name, [Row(line, {**s, "source": f"Moodle : {name}, ligne {line}"}) for s in scale])
    title, extra = _split_description(row[DESCRIPTION], row[FORMAT], SECTIONS["framework"])
    code, short = row[IDNUMBER].strip(), row[SHORTNAME].strip()
    header = {"id": safe_filename(short), "type": "titre_professionnel" if code.upper().startswith("TP") else "diplome",
              "code": code, "intitule": re.sub(r"\n+", " ", title) or short, "intitule_court": short,
              "niveau": extra.get("level") or None, "resume": extra.get("summary") or None,
              "source": f"Moodle : {name}"}
    return build_referential(check_header(header, name), sources)
