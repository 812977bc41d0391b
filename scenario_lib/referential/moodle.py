"""Moodle competency frameworks as CSV (the 14 columns of `admin/tool/lpimportcsv`), both ways.

Moodle knows a tree of competencies of any depth under one framework row; Spirale's view has three levels:
depth 1 → blocks, depth 2 → competences, depth 3 and deeper → sub-competences of their depth-2 ancestor, the
title of a deeper node prefixed by its ancestors below depth 2 (« Analytical Thinking › Distinguishes… »).
The whole imported tree (depths, cross-references, taxonomy, rules) is also kept as `Referential.moodle`, and
exporting such a referential writes that tree back unchanged.
Moodle cuts short names at 100 characters and keeps only one HTML description, so longer titles and the extra
texts (unit, introduction, context…) of Spirale's referentials travel as labelled `<h4>` sections of the
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
from .model import FrameworkNode, MoodleFramework, Referential

# Order and names of Moodle's `framework_importer::list_required_headers()` (English language pack).
HEADER = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]
(
    PARENT,
    IDNUMBER,
    SHORTNAME,
    DESCRIPTION,
    FORMAT,
    SCALE_VALUES,
    SCALE_CONFIG,
    RULE_TYPE,
    RULE_OUTCOME,
    RULE_CONFIG,
    RELATED,
    EXPORT_ID,
    IS_FRAMEWORK,
    TAXONOMY,
) = range(14)
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
PATH_SEPARATOR = " › "  # between the titles of a deep node's ancestors in its sub-competence title
_WS = " \t\n\r\f"  # HTML white space; a no-break space is text


# --- text ↔ HTML ------------------------------------------------------------------------------------------


def text_to_html(text: str) -> str:
    """Blank lines → paragraphs, single line breaks → `<br>`; everything escaped."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip(_WS)) if p.strip(_WS)]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip(_WS), quote=False) for line in p.strip(_WS).split("\n")) + "</p>"
        for p in paragraphs
    )


class _Blocks(HTMLParser):
    """HTML → list of (is_heading, text): one entry per paragraph, `<br>` kept as a line break."""

    BLOCK_TAGS = {
        "p",
        "div",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "section",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }

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
    current: str | None = None
    for is_heading, text in blocks:
        if is_heading and text in by_label:
            current = by_label[text]
            collected.setdefault(current, [])
        else:
            collected[current].append(text)
    main = "\n\n".join(collected.pop(None))
    return main, {field: "\n\n".join(texts) for field, texts in collected.items() if field is not None}


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
            raise ReferentialError(
                f"échelon « {item} » : Moodle n'accepte pas de virgule dans un échelon", "echelles", field="libelle"
            )
    first_proficient = len(items) - max(1, len(items) // 2)
    config = [{"scaleid": "1"}] + [
        {"id": i + 1, "scaledefault": int(i == first_proficient), "proficient": int(i >= first_proficient)}
        for i in range(len(items))
    ]
    return ",".join(items), json.dumps(config, separators=(",", ":"))


def _node(parent: str, code: str, title: str, main: str, extra: dict[str, str], level: str, export_id: int):
    sections = {"title": title if _shortname(title) != title else "", **extra}
    return [
        parent,
        code,
        _shortname(title),
        _description_html(main, sections, SECTIONS[level]),
        FORMAT_HTML,
        "",
        "",
        "",
        "0",
        "null",
        "",
        str(export_id),
        "",
        "",
    ]


def framework_lines(framework: MoodleFramework) -> list[str]:
    """The imported tree, indented by depth, cross-references in brackets (for the CLI and checks by eye)."""
    lines: list[str] = []

    def walk(code: str) -> None:
        for node in framework.children(code):
            related = f"  [liée à : {', '.join(node.related)}]" if node.related else ""
            lines.append(f"{'  ' * (node.depth - 1)}{node.code}  {node.short_name}{related}")
            walk(node.code)

    walk("")
    return lines


def _tree_rows(framework: MoodleFramework) -> list[list[str]]:
    """An imported framework as it was read: its framework row, then every node, parents before children."""
    rows = [list(framework.row)]
    for n in framework.nodes:
        rows.append(
            [
                n.parent,
                n.code,
                n.short_name,
                n.description,
                n.description_format,
                "",
                "",
                n.rule_type,
                n.rule_outcome,
                n.rule_config,
                ",".join(n.related),
                n.export_id,
                "",
                "",
            ]
        )
    return rows


def moodle_rows(ref: Referential) -> list[list[str]]:
    """Framework row then blocks › competences › sub-competences (or the imported tree), parents first."""
    if ref.moodle is not None:
        return _tree_rows(ref.moodle)
    codes = (
        [ref.code]
        + [b.code for b in ref.teaching_blocks]
        + [c.code for c in ref.competences]
        + [s.code for c in ref.competences for s in c.sub_competences]
    )
    doubles = sorted({c for c in codes if codes.count(c) > 1})
    if doubles:
        raise ReferentialError(f"code « {doubles[0]} » utilisé à deux niveaux : Moodle exige des codes uniques", ref.id)
    values, config = _scale(ref)
    framework = _description_html(
        ref.title,
        {"level": ref.level, "summary": ref.summary},
        {k: v for k, v in SECTIONS["framework"].items() if k != "title"},
    )
    rows = [
        [
            "",
            ref.code,
            _shortname(ref.short_title),
            framework,
            FORMAT_HTML,
            values,
            config,
            "",
            "",
            "",
            "",
            "",
            "1",
            TAXONOMIES,
        ]
    ]
    for block in ref.teaching_blocks:
        rows.append(
            _node(
                "",
                block.code,
                block.title,
                block.description,
                {"unit": block.unit, "introduction": block.introduction},
                "bloc",
                len(rows),
            )
        )
        for comp in ref.competences_of(block.code):
            rows.append(
                _node(
                    block.code,
                    comp.code,
                    comp.title,
                    comp.description,
                    {"context": comp.context},
                    "compétence",
                    len(rows),
                )
            )
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
        raise ReferentialError(
            "échelle vide : Moodle exige une échelle sur le référentiel", filename, line, HEADER[SCALE_VALUES]
        )
    try:
        parsed = json.loads(config)
        assert isinstance(parsed, list) and isinstance(parsed[0], dict) and "scaleid" in parsed[0]
        entries = parsed[1:]
        ids = [int(e["id"]) for e in entries]
    except (ValueError, AssertionError, IndexError, KeyError, TypeError):
        raise ReferentialError(
            "configuration d'échelle invalide : JSON attendu comme "
            '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":1}]',
            filename,
            line,
            HEADER[SCALE_CONFIG],
        ) from None
    if any(not 1 <= i <= len(items) for i in ids):
        raise ReferentialError(
            f"configuration d'échelle : échelon hors de l'échelle (1 à {len(items)})",
            filename,
            line,
            HEADER[SCALE_CONFIG],
        )
    for key, what in (("scaledefault", "par défaut"), ("proficient", "« acquis » (proficient)")):
        if not any(e.get(key) for e in entries):
            raise ReferentialError(
                f"configuration d'échelle : aucun échelon {what}", filename, line, HEADER[SCALE_CONFIG]
            )
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
    for idnumber, (line, _row) in nodes.items():
        chain, current = [], idnumber
        while current and current not in depths:
            if current in chain:
                raise ReferentialError(f"boucle de parents autour de « {idnumber} »", filename, line, HEADER[PARENT])
            chain.append(current)
            current = nodes[current][1][PARENT].strip()
        base = depths.get(current, 0)
        for offset, code in enumerate(reversed(chain)):
            depths[code] = base + offset + 1
    return depths


def _ordered(nodes: dict[str, tuple[int, list[str]]]) -> list[str]:
    """Codes with every parent before its children, otherwise in file order (Moodle's files need not be)."""
    order: list[str] = []

    def visit(code: str) -> None:
        if code not in order:
            parent = nodes[code][1][PARENT].strip()
            if parent:
                visit(parent)
            order.append(code)

    for code in nodes:
        visit(code)
    return order


def _view_parent(code: str, nodes: dict[str, tuple[int, list[str]]], depths: dict[str, int]) -> str:
    """The parent in Spirale's three-level view: the node's own parent, or its depth-2 ancestor when deeper."""
    parent = nodes[code][1][PARENT].strip()
    while parent and depths[parent] > 2:
        parent = nodes[parent][1][PARENT].strip()
    return parent


def _view_title(code: str, title: str, nodes: dict[str, tuple[int, list[str]]], depths: dict[str, int]) -> str:
    """A node deeper than 3 keeps the way down from its depth-2 ancestor in its title."""
    path, parent = [title], nodes[code][1][PARENT].strip()
    while parent and depths[parent] > 2:
        path.insert(0, nodes[parent][1][SHORTNAME].strip())
        parent = nodes[parent][1][PARENT].strip()
    return PATH_SEPARATOR.join(path)


def _framework_tree(
    framework_row: list[str], nodes: dict[str, tuple[int, list[str]]], depths: dict[str, int], order: list[str]
) -> MoodleFramework:
    def split(value: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in value.split(",") if v.strip())

    return MoodleFramework(
        row=tuple(framework_row),
        taxonomy=split(framework_row[TAXONOMY]),
        nodes=tuple(
            FrameworkNode(
                code=code,
                parent=row[PARENT].strip(),
                depth=depths[code],
                short_name=row[SHORTNAME].strip(),
                description=row[DESCRIPTION],
                description_format=row[FORMAT].strip() or FORMAT_HTML,
                related=split(row[RELATED]),
                rule_type=row[RULE_TYPE],
                rule_outcome=row[RULE_OUTCOME],
                rule_config=row[RULE_CONFIG],
                export_id=row[EXPORT_ID].strip(),
                source=f"ligne {line}",
            )
            for code in order
            for line, row in [nodes[code]]
        ),
    )


def import_moodle_csv(path: str | Path) -> Referential:
    """Read a Moodle competency framework CSV of any depth into a validated `Referential`.

    Spirale's three-level view is built as the module docstring says; the whole tree is kept in `.moodle`.
    """
    path = Path(path)
    if not path.is_file():
        raise ReferentialError("fichier CSV Moodle introuvable", str(path))
    name = path.name
    rows = [(line, [unquote_cell(cell) for cell in record]) for line, record in csv_records(read_text(path), name)]
    if not rows or len(rows[0][1]) != len(HEADER):
        found = len(rows[0][1]) if rows else 0
        raise ReferentialError(
            f"en-tête Moodle attendu : {len(HEADER)} colonnes ({', '.join(HEADER)}), trouvé {found}", name, 1
        )
    framework: tuple[int, list[str]] | None = None
    nodes: dict[str, tuple[int, list[str]]] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise ReferentialError(
                f"{len(HEADER)} colonnes attendues, trouvé {len(row)} (guillemets mal fermés ?)", name, line
            )
        for column in (IDNUMBER, SHORTNAME):
            if not row[column].strip():
                raise ReferentialError("texte vide", name, line, HEADER[column])
        if row[IS_FRAMEWORK].strip() not in ("", "0"):
            if framework:
                raise ReferentialError(
                    f"deuxième ligne de référentiel (déjà ligne {framework[0]})", name, line, HEADER[IS_FRAMEWORK]
                )
            framework = (line, row)
            continue
        code = row[IDNUMBER].strip()
        if code in nodes:
            raise ReferentialError(
                f"code « {code} » en double (déjà ligne {nodes[code][0]})", name, line, HEADER[IDNUMBER]
            )
        nodes[code] = (line, row)
    if framework is None:
        raise ReferentialError("aucune ligne de référentiel (colonne « Is framework » à 1)", name)
    for line, row in nodes.values():
        parent = row[PARENT].strip()
        if parent and parent not in nodes:
            raise ReferentialError(f"compétence parente « {parent} » inexistante", name, line, HEADER[PARENT])
    depths = _depths(nodes, name)
    for line, row in nodes.values():
        unknown = [r for r in (v.strip() for v in row[RELATED].split(",")) if r and r not in nodes]
        if unknown:
            raise ReferentialError(f"compétence liée « {unknown[0]} » inexistante", name, line, HEADER[RELATED])

    sources: dict[str, tuple[str, list[Row]]] = {t: (name, []) for t in ("blocs", "competences", "sous_competences")}
    columns = {
        "blocs": ("code", "intitule", "unite", "option", "description", "introduction"),
        "competences": ("code", "bloc", "intitule", "description", "contexte"),
        "sous_competences": ("code", "competence", "intitule"),
    }
    for code, (line, row) in nodes.items():
        level = LEVELS[min(depths[code], len(LEVELS)) - 1]
        main, extra = _split_description(row[DESCRIPTION], row[FORMAT], SECTIONS[level])
        parent = _view_parent(code, nodes, depths)
        title = _view_title(code, extra.get("title") or row[SHORTNAME].strip(), nodes, depths)
        values = {
            "code": code,
            "intitule": title,
            "description": main,
            "unite": extra.get("unit", ""),
            "introduction": extra.get("introduction", ""),
            "option": "",
            "contexte": extra.get("context", ""),
            "bloc": parent,
            "competence": parent,
            "source": f"Moodle : {name}, ligne {line}",
        }
        table = {"bloc": "blocs", "compétence": "competences", "sous-compétence": "sous_competences"}[level]
        sources[table][1].append(Row(line, {k: values[k] for k in (*columns[table], "source")}))
    line, row = framework
    scale = _scale_rows(row[SCALE_VALUES], row[SCALE_CONFIG], name, line)
    sources["echelles"] = (name, [Row(line, {**s, "source": f"Moodle : {name}, ligne {line}"}) for s in scale])
    title, extra = _split_description(row[DESCRIPTION], row[FORMAT], SECTIONS["framework"])
    code, short = row[IDNUMBER].strip(), row[SHORTNAME].strip()
    header = {
        "id": safe_filename(short),
        "type": "titre_professionnel" if code.upper().startswith("TP") else "diplome",
        "code": code,
        "intitule": re.sub(r"\n+", " ", title) or short,
        "intitule_court": short,
        "niveau": extra.get("level") or None,
        "resume": extra.get("summary") or None,
        "source": f"Moodle : {name}",
    }
    ref = build_referential(check_header(header, name), sources)
    return ref.model_copy(update={"moodle": _framework_tree(row, nodes, depths, _ordered(nodes))})
