"""The outcome of one document in a batch: a closed set of values, French words only where a teacher reads them."""

from __future__ import annotations

from enum import Enum


class Status(Enum):
    """Values are stable codes (they travel as JSON from the kernel); `label` is what reports and bars show."""

    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"  # output already newer than its bank file
    INTERRUPTED = "interrupted"  # the batch stopped (Ctrl-C) before this document was rendered

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def settled_well(self) -> bool:
        """Nothing for the teacher to do about this document."""
        return self in (Status.OK, Status.SKIPPED)


_LABELS = {Status.OK: "réussi", Status.FAILED: "échec", Status.SKIPPED: "à jour", Status.INTERRUPTED: "interrompu"}
