"""One French wording for every YAML parse error a teacher can meet (bank files, referentials, Spirale data)."""

from __future__ import annotations

import yaml

# Beginnings of PyYAML's problems (English) → what a teacher should check.
PROBLEMS = {
    "mapping values are not allowed here": "deux-points inattendu (texte contenant « : » à mettre entre guillemets ?)",
    "could not find expected ':'": "deux-points « : » attendu après la clé",
    "found character '\\t' that cannot start any token": "tabulation interdite : indentez avec des espaces",
    "found unexpected end of stream": "fichier coupé avant la fin (guillemet ou crochet non fermé ?)",
    "found unexpected ':'": "deux-points inattendu",
    "expected <block end>, but found '-'": "élément de liste mal aligné (indentation)",
    "expected <block end>, but found '<block mapping start>'": "indentation incohérente",
    "expected <block end>, but found '<scalar>'": "indentation incohérente",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "did not find expected '-' indicator": "tiret « - » de liste attendu (indentation incohérente ?)",
    "did not find expected ',' or ']'": "virgule ou « ] » attendue dans une liste entre crochets",
    "expected ',' or ']'": "virgule ou « ] » attendue dans une liste entre crochets",
    "did not find expected ',' or '}'": "virgule ou « } » attendue",
    "expected ',' or '}'": "virgule ou « } » attendue",
    "found undefined alias": "alias YAML inconnu",
    "found unhashable key": "clé invalide (une liste ou un dictionnaire ne peut pas servir de clé)",
    "but found another document": "un seul document attendu (retirez les « --- » en trop)",
    "could not determine a constructor for the tag": "étiquette YAML (!…) refusée : seules les valeurs simples "
    "sont lues",
    "second occurrence": "ancre YAML (&nom) définie deux fois",
    "found undefined tag handle": "étiquette YAML (!…) inconnue",
    "found character that cannot start any token": "caractère inattendu en début de valeur (@, `, %… : mettez le "
    "texte entre guillemets)",
    "found unknown escape character": "séquence « \\… » inconnue entre guillemets doubles (utilisez des "
    "guillemets simples)",
    "exceeded maximum nesting depth": "structure trop imbriquée",
    "found a tab character": "tabulation interdite : indentez avec des espaces",
}


class YamlRefusal(yaml.MarkedYAMLError):
    """A file Spirale refuses on purpose (duplicate key, alias bomb…): `problem` is already French."""

    def __init__(self, problem: str, mark=None):  # noqa: ANN001 - a yaml Mark
        super().__init__(problem=problem, problem_mark=mark)


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """(French reason, 1-based line or None) for a PyYAML error."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or ""
    if isinstance(exc, YamlRefusal):
        return f"YAML refusé : {problem}", (mark.line + 1 if mark else None)
    reason = next((text for start, text in PROBLEMS.items() if problem.startswith(start)), None)
    if reason is None:
        reason = "structure illisible"  # PyYAML's own words are English: the line and column say where
    return f"YAML invalide : {reason}", (mark.line + 1 if mark else None)


def yaml_message(exc: yaml.YAMLError) -> str:
    """The reason with its position, for places that report a single sentence."""
    reason, line = yaml_problem(exc)
    mark = getattr(exc, "problem_mark", None)
    return f"{reason} (ligne {line}, colonne {mark.column + 1})" if line else reason
