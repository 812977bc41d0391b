"""The one Jinja environment every Spirale document is rendered with: autoescaped, French filters.

Autoescaping is on for every template whatever its name, so text coming from a document (even one built
without validation) can never inject markup into HTML, PDF or office exports.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from markupsafe import Markup

from ..errors import SpiraleError
from ..paths import template_dirs
from ..text import french_hours
from . import views

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


hours = french_hours


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
def _environment(folders: tuple[str, ...]) -> Environment:
    # A school's folder comes first: it overrides one file (a header, the CSS) and inherits all the rest.
    loader = ChoiceLoader([FileSystemLoader(folder) for folder in folders])
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(hours=hours, date_fr=date_fr, lines=lines)
    env.globals.update(competence_groups=views.competence_groups, scale_levels=views.scale_levels,
                       inline_css=inline_css)
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
        raise SpiraleError(f"modèle de document introuvable : « {name} » "
                           f"(modèles possibles : {', '.join(available_variants(doc_type)) or 'aucun'})") from None


def available_variants(doc_type: str) -> list[str]:
    """Variants (« fiche », « grille »…) of a document type; files starting with « _ » are partials."""
    folders = [folder / doc_type for folder in template_dirs()]
    return sorted({p.name.split(".")[0] for folder in folders if folder.is_dir() for p in folder.glob("[!_]*.html.j2")})
