"""The one Jinja environment every Spirale document is rendered with: autoescaped, French filters.

Autoescaping is on for every template whatever its name, so text coming from a document (even one built
without validation) can never inject markup into HTML, PDF or office exports.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from markupsafe import Markup

from ..errors import SpiraleError
from ..paths import templates_dir
from ..text import french_number
from . import views

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def hours(value: float | int | str) -> str:
    """1.5 → « 1,5 h », 2.0 → « 2 h »: the way French timetables write durations."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{french_number(number)} h"


def date_fr(value: date | datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def lines(value: str | None) -> list[str]:
    """Non-empty lines of a multi-line text (scale descriptors, notes)."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


@lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    env = Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(hours=hours, date_fr=date_fr, lines=lines)
    env.globals.update(competence_groups=views.competence_groups, scale_levels=views.scale_levels,
                       inline_css=lambda name: inline_css(name, folder))
    return env


def environment() -> Environment:
    """Cached per templates folder, so a batch of thousands of sheets compiles each template once."""
    return _environment(str(templates_dir()))


def inline_css(name: str, folder: str | None = None) -> Markup:
    """A stylesheet of the templates folder, trusted (ours), to inline in a standalone page."""
    return Markup(_read_css(str(Path(folder or templates_dir()) / name)))


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
        raise SpiraleError(f"modèle de document introuvable : « {name} » dans {templates_dir()} "
                           f"(modèles possibles : {', '.join(available_variants(doc_type)) or 'aucun'})") from None


def available_variants(doc_type: str) -> list[str]:
    """Variants (« fiche », « grille »…) of a document type; files starting with « _ » are partials."""
    folder = templates_dir() / doc_type
    return sorted(p.name.split(".")[0] for p in folder.glob("[!_]*.html.j2")) if folder.is_dir() else []
