"""Where Spirale finds its bundled data and templates (overridable for a school-wide install)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("SPIRALE_DATA", ROOT / "data"))


def templates_dir() -> Path:
    return Path(os.environ.get("SPIRALE_TEMPLATES", ROOT / "templates"))


def referentials_dirs() -> list[Path]:
    """Bundled referentials first, then the teacher's own folders (SPIRALE_REFERENTIELS, ':'-separated)."""
    extra = [Path(p) for p in os.environ.get("SPIRALE_REFERENTIELS", "").split(os.pathsep) if p]
    return [data_dir() / "referentiels", *extra]
