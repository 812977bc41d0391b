"""The one Jinja environment every Spirale document is rendered with: autoescaped, French typography.

Autoescaping is on for every template whatever its name, so text coming from a document (even one built
without validation) can never inject markup into HTML, PDF or office exports.

French typography (`typography.typeset`) is applied to everything a template prints and to the template's own
text, except official wordings: strings of the referential (`Official`), the referential's wordings wherever a
document quotes or copied them (criteria a proposal listed), and what a template marks `|officiel` after a string
operation. Floats print the French way.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from ..errors import SpiraleError
from ..evaluation.exams import prepares_line
from ..paths import template_dirs
from ..referential.sources import source_label
from ..text import french_date, french_hours, french_number
from ..typography import Official, official, typeset
from .views import competence_groups, scale_levels

hours = french_hours


def nombre(value: float | int | str) -> str:
    """A number the French way (« 7,5 », « 1 260 »); text is returned as it is."""
    try:
        return french_number(float(value))
    except (TypeError, ValueError):
        return str(value)


def date_fr(value: date | datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return french_date(value)


def lines(value: str | None) -> list[str]:
    """Non-empty lines of a multi-line text (scale descriptors, notes); official text stays official."""
    found = [line.strip() for line in (value or "").splitlines() if line.strip()]
    return [official(line) for line in found] if isinstance(value, Official) else found


@pass_context
def finalize(context, value):
    """Every `{{ … }}`: floats in French, own text typeset; markup, official text and copies of it untouched."""
    if isinstance(value, float):
        return french_number(value)
    if not isinstance(value, str) or hasattr(value, "__html__"):
        return value
    ref = context.get("ref")
    return typeset(value, ref.official_texts if ref is not None else frozenset())


class TemplateTypography(Extension):
    """Typesets the templates' own text (« Appréciation : », « Critères d'évaluation ») once, at compile time.

    Only text between tags: tags, attributes, <style> and the `css` blocks are left as written.
    """

    def filter_stream(self, stream):
        state = {"tag": False, "style": False, "name": ""}
        previous = css_block = None
        for token in stream:
            if token.type == "name":
                if previous == "block" and token.value == "css":
                    css_block = True
                elif token.value == "endblock" and css_block:
                    css_block = None
                previous = token.value
            if token.type == "data" and not css_block:
                token = Token(token.lineno, "data", _typeset_source(token.value, state))
            yield token


def _typeset_source(text: str, state: dict) -> str:
    out, i = [], 0
    while i < len(text):
        if state["tag"]:
            end = text.find(">", i)
            if end < 0:
                state["name"] += text[i:]
                out.append(text[i:])
                break
            state["name"] += text[i:end]
            out.append(text[i : end + 1])
            i, state["tag"] = end + 1, False
            state["style"] = state["name"].lower().startswith(("style", "script"))
        elif state["style"]:
            end = text.lower().find("</", i)
            out.append(text[i:] if end < 0 else text[i:end])
            if end < 0:
                break
            i, state["style"] = end, False
        else:
            start = text.find("<", i)
            out.append(typeset(text[i:] if start < 0 else text[i:start]))
            if start < 0:
                break
            i, state["tag"], state["name"] = start + 1, True, ""
            out.append("<")
    return "".join(out)


@lru_cache(maxsize=4)
def _environment(folders: tuple[str, ...]) -> Environment:
    # A school's folder comes first: it overrides one file (a header, the CSS) and inherits all the rest.
    loader = ChoiceLoader([FileSystemLoader(folder) for folder in folders])
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        finalize=finalize,
        extensions=[TemplateTypography],
    )
    env.filters.update(hours=hours, nombre=nombre, date_fr=date_fr, lines=lines, officiel=official, source=source_label)
    env.globals.update(
        competence_groups=competence_groups,
        scale_levels=scale_levels,
        inline_css=inline_css,
        prepares_line=prepares_line,
    )
    return env


def environment() -> Environment:
    """Cached per templates folder, so a batch of thousands of sheets compiles each template once."""
    return _environment(tuple(str(folder) for folder in template_dirs()))


def template_file(name: str) -> Path:
    """A file of the templates (CSS, reference document…), the school's copy first if it has one."""
    for folder in template_dirs():
        if (folder / name).is_file():
            return folder / name
    return template_dirs()[-1] / name


def inline_css(name: str) -> Markup:
    """A stylesheet of the templates (ours or the school's, both trusted), to inline in a standalone page."""
    return Markup(_read_css(str(template_file(name))))


@lru_cache(maxsize=16)
def _read_css(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def template_name(doc_type: str, variant: str, suffix: str = "html") -> str:
    return f"{doc_type}/{variant}.{suffix}.j2"


def get_template(doc_type: str, variant: str, suffix: str = "html"):
    name = template_name(doc_type, variant, suffix)
    try:
        return environment().get_template(name)
    except TemplateNotFound:
        raise SpiraleError(
            f"modèle de document introuvable : « {name} » "
            f"(modèles possibles : {', '.join(available_variants(doc_type)) or 'aucun'})"
        ) from None


def available_variants(doc_type: str) -> list[str]:
    """Variants (« fiche », « grille »…) of a document type; files starting with « _ » are partials."""
    folders = [folder / doc_type for folder in template_dirs()]
    return sorted({p.name.split(".")[0] for folder in folders if folder.is_dir() for p in folder.glob("[!_]*.html.j2")})
