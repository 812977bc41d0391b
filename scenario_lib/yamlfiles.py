"""The one way Spirale reads YAML a teacher may have written: bank documents, referentials, rules, its own data.

A hand-edited or downloaded file must never crash Spirale nor make it run away: size and encoding are checked
(`files.read_text_file`), only plain YAML values are built (no `!!python/…` tags), a key written twice is
refused instead of the last one silently winning, aliases may not expand into a huge or endless structure,
and numbers or dates too odd for Python are refused. Every refusal is a `FileProblem` naming file and line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .files import FileProblem, read_text_file
from .yamlerrors import YamlRefusal, yaml_problem

MAX_BYTES = 5 * 1024 * 1024  # default size limit; the bank passes its own (smaller) limit
MAX_DEPTH = 64  # nesting of lists and dictionaries; real files stay under 10
MAX_EXPANDED_NODES = 200_000  # values once aliases are expanded (« billion laughs »)
MAX_NUMBER_CHARS = 100  # Python refuses to print integers beyond 4 300 digits; no teacher writes 100

_MERGE = "tag:yaml.org,2002:merge"
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10× faster


class TeacherLoader(_Base):  # type: ignore[valid-type,misc]  # the C loader or the Python one
    """PyYAML's safe loader with the refusals above; French reasons go through `YamlRefusal`."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    marker = (type(key), key)
                    first = seen.get(marker)
                except TypeError:  # unhashable key: PyYAML reports it below
                    continue
                if first is not None:
                    raise YamlRefusal(
                        f"clé « {key} » écrite deux fois (déjà ligne {first}) : gardez-en une seule",
                        key_node.start_mark,
                    )
                seen[marker] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node):
        if isinstance(node.value, str) and len(node.value) > MAX_NUMBER_CHARS:
            raise YamlRefusal(
                f"nombre trop long ({len(node.value)} caractères, maximum {MAX_NUMBER_CHARS})", node.start_mark
            )
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise YamlRefusal(
                f"date invalide « {str(node.value)[:40]} » (attendu : AAAA-MM-JJ)", node.start_mark
            ) from None

    def construct_undefined(self, node):
        raise YamlRefusal(
            f"étiquette « {node.tag[:60]} » refusée : seules les valeurs simples (textes, nombres, "
            "listes, dictionnaires) sont lues",
            node.start_mark,
        )


TeacherLoader.add_constructor("tag:yaml.org,2002:int", TeacherLoader.construct_yaml_int)
TeacherLoader.add_constructor("tag:yaml.org,2002:timestamp", TeacherLoader.construct_yaml_timestamp)
TeacherLoader.add_constructor(None, TeacherLoader.construct_undefined)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check_structure(root: yaml.Node) -> None:
    """Refuse endless (recursive), too deep or too large-once-expanded structures before building anything.

    Iterative on purpose: a file nested ten thousand times must be refused, not overflow the Python stack.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) → (expanded nodes, height)
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            below = [sizes[id(c)] for c in _children(node)]
            count, height = 1 + sum(c for c, _ in below), 1 + max((h for _, h in below), default=0)
            if height > MAX_DEPTH:
                raise YamlRefusal(f"structure trop imbriquée (plus de {MAX_DEPTH} niveaux)", node.start_mark)
            if count > MAX_EXPANDED_NODES:
                raise YamlRefusal(
                    "alias YAML (*nom) qui démultiplient le contenu : structure trop grande une fois développée",
                    node.start_mark,
                )
            sizes[key] = (count, height)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlRefusal("alias YAML (*nom) qui se contient lui-même : structure sans fin", node.start_mark)
        if len(on_path) > MAX_DEPTH:
            raise YamlRefusal(f"structure trop imbriquée (plus de {MAX_DEPTH} niveaux)", node.start_mark)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def parse_yaml(text: str, name: str) -> object:
    """Plain data (dict, list, str, numbers…) of one YAML document, or FileProblem(reason, name, line, column)."""
    return parse_yaml_records(text, name)[0]


def parse_yaml_records(text: str, name: str) -> tuple[object, list[int]]:
    """`parse_yaml`, plus the 1-based line of each item when the document is a list (tables of records)."""
    loader = TeacherLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        check_structure(node)
        lines = [item.start_mark.line + 1 for item in node.value] if isinstance(node, yaml.SequenceNode) else []
        return loader.construct_document(node), lines
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise FileProblem(
            f"YAML invalide : caractère interdit (U+{exc.character:04X}) : retirez-le"
            if isinstance(exc.character, int)
            else "YAML invalide : caractère interdit",
            name,
            line,
        ) from None
    except yaml.YAMLError as exc:
        reason, line = yaml_problem(exc)
        mark = getattr(exc, "problem_mark", None)
        raise FileProblem(reason, name, line, mark.column + 1 if mark else None) from None
    except (ValueError, TypeError, OverflowError, UnicodeError, RecursionError, MemoryError):
        # A value PyYAML itself cannot build (odd base-60 number, broken !!binary…): refuse the file, calmly.
        raise FileProblem("YAML invalide : une valeur du fichier ne peut pas être lue", name) from None
    finally:
        loader.dispose()


def read_yaml_file(path: str | Path, max_bytes: int = MAX_BYTES) -> object:
    """`parse_yaml` of a file, after the size and encoding checks of `read_text_file`."""
    path = Path(path)
    return parse_yaml(read_text_file(path, max_bytes), path.name)
