"""Where Spirale finds its bundled data, templates and notebooks, in a checkout or in an installed wheel.

A checkout keeps them at the top (`data/`, `templates/`, `notebooks/`), where contributors look for them; the
wheel carries them inside the package (`scenario_lib/_data`, …, see pyproject.toml). Both are read through
`importlib.resources`, so `pip install spirale` on a JupyterHub image works like `make atelier`.
"""

import os
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    """The installed copy of a bundled folder if the package carries one, else the checkout's."""
    packaged = files("scenario_lib") / f"_{name}"
    if packaged.is_dir():
        return Path(str(packaged))
    return ROOT / name


def data_dir() -> Path:
    return Path(os.environ.get("SPIRALE_DATA") or _bundled("data"))


def templates_dir() -> Path:
    """Spirale's own templates (always complete); a school's overrides come from `school_templates_dir`."""
    return _bundled("templates")


def school_templates_dir() -> Path | None:
    """A school's folder of template overrides (SPIRALE_TEMPLATES): one file there replaces Spirale's own."""
    folder = os.environ.get("SPIRALE_TEMPLATES")
    return Path(folder) if folder else None


def template_dirs() -> list[Path]:
    """Where templates are looked up, first match wins: the school's overrides, then Spirale's own."""
    school = school_templates_dir()
    return [*([school] if school else []), templates_dir()]


def notebooks_dir() -> Path:
    return _bundled("notebooks")


def referentials_dirs() -> list[Path]:
    """Bundled referentials first, then the teacher's own folders (SPIRALE_REFERENTIELS, ':'-separated)."""
    extra = [Path(p) for p in os.environ.get("SPIRALE_REFERENTIELS", "").split(os.pathsep) if p]
    return [data_dir() / "referentiels", *extra]
