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
def _load_cached(folder: str, stamp: tuple) -> Referential:
    return load_folder(folder)


def _stamp(folder: Path) -> tuple:
    """Changes when any file is added, removed, rewritten or synced with an older date."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()))


def load_referential(name: str | Path = DEFAULT) -> Referential:
    """Load by id (`bacpro-mcv-b`, `tp-conseiller-commercial`) or by folder path; cached until files change."""
    known = available_referentials()
    if str(name) in known:  # an id wins over a folder of the same name in the current directory
        folder = known[str(name)]
    elif Path(name).is_dir():
        folder = Path(name)
    else:
        raise ReferentialError(
            f"référentiel « {name} » introuvable (disponibles : {', '.join(sorted(known)) or 'aucun'})"
        )
    folder = folder.resolve()
    return _load_cached(str(folder), _stamp(folder))
