"""Everything one batch needs to know, in one frozen object: built once at the edge (CLI, widget), passed whole.

Paths are made absolute here and nowhere else: pool workers, Dask workers and kernels may run in another
working directory, so a relative `--banque banque1` must never be re-joined there (« banque1/banque1/… »).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import notebooks_dir

DEFAULT_NOTEBOOK = notebooks_dir() / "rendu.ipynb"
LOCAL_ENGINES = ("local",)


def absolute(path: str | os.PathLike) -> Path:
    """Absolute and normalised, without resolving symlinks (a bank on a mounted share keeps its name)."""
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path))))


def cores() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class BatchJob:
    """What to render, where, and how; `bank=None` is the user's own bank (made absolute by the runner)."""

    ids: tuple[str, ...] = ()  # explicit documents; empty: the level's documents, or the whole bank
    level: str = ""
    bank: Path | None = None
    fmt: str = "pdf"
    out_dir: Path = Path("rendus")
    workers: int | None = None  # as asked; `pool_size` is what runs
    force: bool = False  # render again even up-to-date outputs
    engine: str = "local"  # or « dask »
    dask_address: str | None = None  # a scheduler (tcp://hote:8786) or « local »
    progress: bool = True
    template: str = "fiche"
    notebook: Path = DEFAULT_NOTEBOOK  # or a teacher's customised copy
    parameters: dict = field(default_factory=dict, hash=False)  # notebook parameters: etablissement, classe, css
    timeout: float = 120.0  # seconds per document

    def __post_init__(self) -> None:
        normalised = {
            "ids": tuple(dict.fromkeys(self.ids or ())),
            "bank": None if self.bank is None else absolute(self.bank),
            "out_dir": absolute(self.out_dir),
            "notebook": absolute(self.notebook or DEFAULT_NOTEBOOK),
            "parameters": dict(self.parameters or {}),
        }
        for name, value in normalised.items():  # frozen: normalised once, here
            object.__setattr__(self, name, value)

    @property
    def on_this_machine(self) -> bool:
        """Local pool or a LocalCluster: the workers share this computer's cores (and its disk)."""
        return self.engine in LOCAL_ENGINES or (self.dask_address or "local") == "local"

    @property
    def pool_size(self) -> int:
        """Workers that run: at most one per core here (each runs a kernel; more only queue for the CPU)."""
        asked = max(1, self.workers or cores())
        return min(asked, cores()) if self.on_this_machine else asked

    @property
    def capped_note(self) -> str:
        """French note when fewer workers run than were asked for; empty otherwise."""
        if not self.workers or self.workers <= self.pool_size:
            return ""
        return (
            f"--travailleurs {self.workers} ramené à {self.pool_size} : cet ordinateur a {cores()} cœur(s), "
            "et davantage de rendus en parallèle ne feraient que ralentir le lot."
        )

    def execution_timeout(self, count: int) -> int:
        """One notebook execution renders `count` documents; 30 s more for the kernel's imports and first PDF."""
        return int(30 + self.timeout * count)
