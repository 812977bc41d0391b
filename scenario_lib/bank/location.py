"""Where the teacher's own bank lives: `~/Spirale/banque` (or $SPIRALE_BANQUE), seeded from the sample bank."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..paths import data_dir
from .store import Bank


def default_bank_dir() -> Path:
    """Always absolute (a relative $SPIRALE_BANQUE is taken from the current folder, once)."""
    folder = Path(os.environ.get("SPIRALE_BANQUE") or Path.home() / "Spirale" / "banque").expanduser()
    return Path(os.path.abspath(folder))


def sample_bank_dir() -> Path:
    return data_dir() / "banque-exemple"


def open_bank(folder: str | os.PathLike | None = None) -> Bank:
    """Open `folder`, or the user's bank; a user bank that does not exist yet starts as a copy of the sample bank.

    A folder named explicitly must exist: a mistyped `--banque` is an error, not a new empty bank.
    """
    if folder is not None:
        return Bank(folder, create=False)
    target = default_bank_dir()
    if not target.exists():
        target.mkdir(parents=True)
        for sample in sorted(sample_bank_dir().glob("*.yaml")):
            shutil.copy2(sample, target / sample.name)
    return Bank(target)
