"""The batch report a teacher opens: `rapport.csv` (for a spreadsheet) and `rapport.html`, errors in French."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from ..cells import safe_row
from ..files import atomic_write
from .kernel import FAILED, OK

SKIPPED, INTERRUPTED = "à jour", "interrompu"
COLUMNS = ("document", "titre", "statut", "durée (s)", "sortie", "erreur", "diagnostic")


@dataclass
class ItemResult:
    document: str  # the id, or the file name of a bank file that could not be read
    status: str
    title: str = ""
    duration: float = 0.0
    output: str = ""
    error: str = ""
    diagnostic: str = ""

    def row(self) -> tuple:
        return (self.document, self.title, self.status, f"{self.duration:.2f}".replace(".", ","), self.output,
                self.error, self.diagnostic)


@dataclass
class BatchReport:
    out_dir: Path
    items: list[ItemResult] = field(default_factory=list)
    started: datetime = field(default_factory=datetime.now)
    duration: float = 0.0
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)

    @property
    def failed(self) -> list[ItemResult]:
        return [item for item in self.items if item.status in (FAILED, INTERRUPTED)]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.interrupted else 0

    def summary(self) -> str:
        parts = [f"{self.count(OK)} réussi(s)", f"{self.count(FAILED)} en échec", f"{self.count(SKIPPED)} à jour"]
        if self.count(INTERRUPTED):
            parts.append(f"{self.count(INTERRUPTED)} interrompu(s)")
        return f"{', '.join(parts)} en {self.duration:.1f} s — rapport : {self.out_dir / 'rapport.html'}"

    def write(self) -> None:
        """Both files are replaced atomically, so a report is never half-written even on Ctrl-C."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.out_dir / "rapport.csv", self._csv())
        atomic_write(self.out_dir / "rapport.html", self._html())

    def _csv(self) -> str:
        import io

        buffer = io.StringIO()
        # Semicolons and a BOM: what LibreOffice and Excel in French open without an import dialog.
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(safe_row(item.row()) for item in self.items)  # titles never run as formulas
        return "\ufeff" + buffer.getvalue()

    def _html(self) -> str:
        def cell(value: str, column: str) -> str:
            if column in ("sortie", "diagnostic") and value:
                link = os.path.relpath(value, self.out_dir) if os.path.isabs(value) else value
                return f'<td><a href="{escape(link)}">{escape(Path(value).name)}</a></td>'
            return f"<td>{escape(value)}</td>"

        rows = "\n".join(
            f'<tr class="{"ok" if item.status in (OK, SKIPPED) else "ko"}">'
            + "".join(cell(value, column) for value, column in zip(item.row(), COLUMNS)) + "</tr>"
            for item in sorted(self.items, key=lambda i: (i.status == OK or i.status == SKIPPED, i.document)))
        head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
        return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Rapport de rendu par lot</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10pt; margin: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }}
th {{ background: #eee; }} tr.ko td {{ background: #fde8e8; }}
</style></head><body>
<h1>Rapport de rendu par lot</h1>
<p>Lancé le {self.started:%d/%m/%Y à %H:%M} — {escape(self.summary())}{" — lot interrompu" if self.interrupted else ""}</p>
<table><thead><tr>{head}</tr></thead><tbody>
{rows}
</tbody></table></body></html>
"""

