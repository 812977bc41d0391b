"""Which referentials exist (bundled ones and the teacher's own folders) and a cache of loaded ones."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import ReferentialError
from ..paths import referentials_dirs
from .loader import load_folder
from .model import Referential

DEFAULT = "bacpro-mcv-b"


def available_referentials() -> dict[str, Path]:
    """Referential id (folder name) → folder, for every folder that holds a `referentiel.yaml`."""
    found: dict[str, Path] = {}
    for root in referentials_dirs():
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                if (folder / "referentiel.yaml").is_file():
                    found.setdefault(folder.name, folder)
    return found


@lru_cache(maxsize=16)
def _load_cached(folder: str, stamp: float) -> Referential:
    return load_folder(folder)


def _stamp(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.iterdir()), default=0.0)


def load_referential(name: str | Path = DEFAULT) -> Referential:
    """Load by id (`bacpro-mcv-b`, `tp-conseiller-commercial`) or by folder path; cached until files change."""
    candidate = Path(name)
    if candidate.is_dir():
        folder = candidate
    else:
        known = available_referentials()
        if str(name) not in known:
            raise ReferentialError(
                f"référentiel « {name} » introuvable (disponibles : {', '.join(sorted(known)) or 'aucun'})")
        folder = known[str(name)]
    folder = folder.resolve()
    return _load_cached(str(folder), _stamp(folder))
