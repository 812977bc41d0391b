"""What the analyses of a progression report: one thing to fix, in plain French (coverage and épreuves alike)."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITY_LABELS = {"erreur": "À corriger", "attention": "Attention", "information": "Facultatif"}


@dataclass
class Problem:
    """One thing to fix, in plain French, with what to do about it."""

    kind: str  # spirale, complexité, niveau, heures, pfmp, vacances, sous-compétences, facultatif
    message: str
    action: str
    year: str = ""
    competence: str = ""
    severity: str = "erreur"  # or « attention », or « information » (nothing to fix)

    def __str__(self) -> str:
        return f"{self.message} — {self.action}"

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self.severity]
