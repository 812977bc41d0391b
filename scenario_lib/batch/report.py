"""The batch report a teacher opens: `rapport.csv` (for a spreadsheet) and `rapport.html`, errors in French."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from ..cells import safe_row
from ..files import atomic_write
from ..text import french_number
from .status import Status

COLUMNS = ("document", "titre", "statut", "durée (s)", "sortie", "erreur", "diagnostic")
LINKED = ("sortie", "diagnostic")
TEMPLATE = "lot/rapport.html.j2"


@dataclass
class ItemResult:
    document: str  # the id, or the file name of a bank file that could not be read
    status: Status
    title: str = ""
    duration: float = 0.0
    output: str = ""
    error: str = ""
    diagnostic: str = ""

    def row(self) -> tuple[str, ...]:
        """The report's columns as a teacher reads them (French status, decimal comma)."""
        return (
            self.document,
            self.title,
            self.status.label,
            f"{self.duration:.2f}".replace(".", ","),
            self.output,
            self.error,
            self.diagnostic,
        )


@dataclass
class BatchReport:
    out_dir: Path
    items: list[ItemResult] = field(default_factory=list)
    started: datetime = field(default_factory=datetime.now)
    duration: float = 0.0
    interrupted: bool = False
    write_error: str = ""  # French reason when the report files themselves could not be written

    def count(self, status: Status) -> int:
        return sum(item.status is status for item in self.items)

    @property
    def failed(self) -> list[ItemResult]:
        return [item for item in self.items if not item.status.settled_well]

    @property
    def exit_code(self) -> int:
        """130 after Ctrl-C (the shell's convention for SIGINT), 1 when anything needs the teacher's attention."""
        if self.interrupted:
            return 130
        return 1 if self.failed or self.write_error else 0

    def outcome(self) -> str:
        """« 3 réussi(s), 0 en échec, 0 à jour en 1,2 s »: what the atelier shows (no server path)."""
        parts = [
            f"{self.count(Status.OK)} réussi(s)",
            f"{self.count(Status.FAILED)} en échec",
            f"{self.count(Status.SKIPPED)} à jour",
        ]
        if self.count(Status.INTERRUPTED):
            parts.append(f"{self.count(Status.INTERRUPTED)} interrompu(s)")
        return f"{', '.join(parts)} en {french_number(round(self.duration, 1))}\u00a0s"

    def summary(self) -> str:
        """The outcome and where the report is, for the command line (the user's own folder)."""
        return f"{self.outcome()} — rapport : {self.out_dir / 'rapport.html'}"

    def write(self) -> None:
        """Both files are replaced atomically, so a report is never half-written even on Ctrl-C."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.out_dir / "rapport.csv", self._csv())
        atomic_write(self.out_dir / "rapport.html", self._html())

    def _csv(self) -> str:
        buffer = io.StringIO()
        # Semicolons and a BOM: what LibreOffice and Excel in French open without an import dialog.
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(safe_row(item.row()) for item in self.items)  # titles never run as formulas
        return "\ufeff" + buffer.getvalue()

    def _html(self) -> str:
        from ..render.environment import environment

        def cell(value: str, column: str) -> dict:
            if column in LINKED and value:
                link = os.path.relpath(value, self.out_dir) if os.path.isabs(value) else value
                # Quoted: a file named « javascript:….yaml » stays a relative link, never a URL scheme.
                # Markup: a URL is never typeset (« %281 %29 ») and `quote` leaves nothing to escape
                return {"text": Path(value).name, "href": Markup(quote(link))}
            return {"text": value, "href": ""}

        ordered = sorted(self.items, key=lambda item: (item.status.settled_well, item.document))  # failures first
        rows = [
            {"ok": item.status.settled_well, "cells": [cell(v, c) for v, c in zip(item.row(), COLUMNS)]}
            for item in ordered
        ]
        return (
            environment()
            .get_template(TEMPLATE)
            .render(
                columns=COLUMNS,
                rows=rows,
                started=f"{self.started:%d/%m/%Y à %H:%M}",
                summary=self.summary(),
                interrupted=self.interrupted,
            )
        )
