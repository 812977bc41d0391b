"""Turn pydantic's English validation errors into French messages that name the field."""

from __future__ import annotations

import re

from pydantic import ValidationError

from .errors import SpiraleError
from .text import french_number

HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
# C0 controls but tab and line feed, DEL, C1 controls: invisible, and ESC/CSI would drive a teacher's terminal.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # single-line fields: no tab nor line break either
_CONTROL_NAMES = {
    "\x00": "caractère nul",
    "\t": "tabulation",
    "\n": "retour à la ligne",
    "\r": "retour chariot",
    "\x1b": "Échap",
}

FIELD_NAMES = {
    "title": "titre",
    "referential": "référentiel",
    "level": "niveau",
    "context": "contexte",
    "mission": "mission",
    "tasks": "tâches",
    "competences": "compétences",
    "sub_competences": "sous-compétences",
    "resources": "ressources",
    "productions": "productions",
    "evaluation_criteria": "critères d'évaluation",
    "tools": "outils numériques",
    "levers": "leviers",
    "authors": "auteurs",
    "notes": "notes",
    "duration_hours": "durée (h)",
    "modality": "modalité",
    "channel": "canal",
    "rap_task": "tâche du référentiel",
    "name": "nom",
    "sector": "secteur",
    "market": "marché",
    "product": "produit",
    "target": "cible",
    "size": "taille",
    "description": "description",
    "text": "texte",
    "code": "code",
    "id": "identifiant",
    "schema_version": "version du schéma",
    "revision": "révision",
    "doc_type": "type de document",
    "archetype": "archétype",
    "discipline": "discipline",
    "phases": "phases",
    "last_name": "nom",
    "first_name": "prénom",
    "grade": "classe",
    "company": "entreprise",
    "tutor": "tuteur",
    "start": "début",
    "end": "fin",
    "updated": "mise à jour",
    "pupil": "élève",
    "year": "année",
    "rows": "lignes",
    "levels": "niveaux",
    "class_name": "classe",
    "pfmp_rule": "règle de PFMP",
    "placements": "placements",
    "week": "semaine",
    "criteria": "critères",
    "gradation": "graduation",
    "incident": "incident critique",
    "perimeter": "périmètre",
    "nature": "nature",
    "autonomy": "autonomie",
    "task_number": "n° de tâche",
    "task_title": "tâche",
}

MESSAGES = {
    "missing": "champ obligatoire manquant",
    "string_too_short": "texte vide",
    "string_too_long": "texte trop long (maximum {max_length} caractères)",
    "string_type": "un texte est attendu",
    "int_parsing": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "int_type": "un nombre entier est attendu",
    "float_type": "un nombre est attendu",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
    "too_long": "au plus {max_length} élément(s)",
    "list_type": "une liste est attendue",
    "dict_type": "un dictionnaire « clé: valeur » est attendu",
    "model_type": "un dictionnaire « clé: valeur » est attendu",
    "enum": "valeur non reconnue (attendu : {expected})",
    "literal_error": "valeur non reconnue (attendu : {expected})",
    "extra_forbidden": "champ inconnu",
    "bool_parsing": "oui/non attendu (true/false)",
    "date_from_datetime_parsing": "date attendue (AAAA-MM-JJ)",
    "date_parsing": "date attendue (AAAA-MM-JJ)",
    "string_pattern_mismatch": "identifiant invalide : lettres minuscules sans accent, chiffres et tirets",
    "datetime_parsing": "date et heure attendues (AAAA-MM-JJTHH:MM:SS)",
    "datetime_from_date_parsing": "date et heure attendues (AAAA-MM-JJTHH:MM:SS)",
    "datetime_type": "date et heure attendues (AAAA-MM-JJTHH:MM:SS)",
    "int_from_float": "un nombre entier est attendu (sans virgule)",
    "less_than": "doit être inférieur à {lt}",
    "string_sub_type": "un texte est attendu",
}


class InvalidDocumentError(SpiraleError):
    """A document (scenario, plan…) breaks the rules: lists every problem as « field : reason »."""

    def __init__(self, problems: list[tuple[str, str]], what: str = "document"):
        self.problems = problems
        lines = [f"« {field} » : {reason}" if field else reason for field, reason in problems]
        super().__init__(f"{what} invalide — " + " ; ".join(lines))


def field_label(loc: tuple) -> str:
    parts = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"n° {part + 1}")
        else:
            parts.append(FIELD_NAMES.get(str(part), str(part)))
    return " › ".join(parts)


def french_problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for err in exc.errors():
        if err["type"] == "value_error":
            reason = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            template = MESSAGES.get(err["type"])
            ctx = {k: french_number(v) if isinstance(v, float) else v for k, v in err.get("ctx", {}).items()}
            if "expected" in ctx:  # pydantic writes « 'B to B' or 'B to C' »
                ctx["expected"] = str(ctx["expected"]).replace("' or '", "' ou '").replace("'", "")
            try:
                reason = template.format(**ctx) if template else err["msg"]
            except (KeyError, IndexError):
                reason = template or err["msg"]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        problems.append((field_label(loc), reason))
    return problems


def reject_html(value: str) -> str:
    """Refuse markup in plain-text fields: templates escape it anyway, but a teacher should know it won't render."""
    match = HTML_TAG.search(value)
    if match:
        raise ValueError(f"balise HTML « {match.group(0)[:40]} » refusée : écrivez du texte simple")
    return value


def _control_reason(match: re.Match) -> str:
    char = match.group(0)
    name = _CONTROL_NAMES.get(char, "caractère de contrôle")
    return (
        f"caractère invisible interdit ({name}, U+{ord(char):04X}) en position {match.start() + 1} : "
        "retirez-le (il vient souvent d'un copier-coller)"
    )


def _refuse_control(match: re.Match) -> None:
    raise ValueError(_control_reason(match))


def control_problem(data: object, loc: tuple = ()) -> tuple[str, str] | None:
    """(field, reason) of the first text holding a control character anywhere in plain data, else None.

    Catches the fields typed as bare `str` (codes, levels) too: whatever comes from a file is checked.
    """
    stack = [(loc, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            match = CONTROL_CHARS.search(value)
            if match:
                return field_label(where), _control_reason(match)
        elif isinstance(value, dict):
            stack.extend((where + (k,), v) for k, v in value.items())
            stack.extend((where, k) for k in value if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend((where + (i,), v) for i, v in enumerate(value))
    return None


def reject_controls(value: str) -> str:
    """Multi-line texts: tab and line feed allowed, every other control character refused."""
    match = CONTROL_CHARS.search(value)
    if match:
        _refuse_control(match)
    return value


def reject_line_controls(value: str) -> str:
    """Single-line texts (titles, names): no control character at all, not even a line break."""
    match = LINE_CONTROLS.search(value)
    if match:
        _refuse_control(match)
    return value


def visible(text: str, single_line: bool = False) -> str:
    """Text read from a file, made safe to print in a terminal: control characters become « � »."""
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return CONTROL_CHARS.sub("\ufffd", text)
