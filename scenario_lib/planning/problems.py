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
        return f"{self.message} {self.action}"

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self.severity]


# kind → (singular, plural) of what a group of problems counts; the codes of the competences follow, if any
GROUP_WORDS = {
    "spirale": ("compétence manquante", "compétences manquantes"),
    "complexité": ("compétence sans progression de complexité", "compétences sans progression de complexité"),
    "facultatif": ("compétence facultative non travaillée", "compétences facultatives non travaillées"),
    "niveau": ("situation d'un autre niveau", "situations d'un autre niveau"),
    "heures": ("problème d'heures", "problèmes d'heures"),
    "pfmp": ("situation placée pendant la PFMP", "situations placées pendant la PFMP"),
    "vacances": ("situation placée pendant les vacances", "situations placées pendant les vacances"),
    "sous-compétences": (
        "compétence dont des sous-compétences ne sont jamais travaillées",
        "compétences dont des sous-compétences ne sont jamais travaillées",
    ),
    "épreuve": ("problème de CCF", "problèmes de CCF"),
}
SEVERITY_ORDER = {"erreur": 0, "attention": 1, "information": 2}
SHOWN_CODES = 12


@dataclass
class ProblemGroup:
    """The problems of one kind in one year, summed up in one line before the details."""

    kind: str
    year: str
    severity: str
    problems: list[Problem]

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def summary(self) -> str:
        """« 12 compétences manquantes en Première : 1.1, 1.2 … »: a count, a year, the codes concerned."""
        from ..scenario.model import LEVEL_LABELS

        count = len(self.problems)
        one, many = GROUP_WORDS.get(self.kind, ("problème", "problèmes"))
        text = f"{count} {one if count == 1 else many}"
        if self.year:
            text += f" en {LEVEL_LABELS.get(self.year, self.year)}"
        codes = list(dict.fromkeys(p.competence for p in self.problems if p.competence))
        if codes:
            text += " : " + ", ".join(codes[:SHOWN_CODES]) + (" …" if len(codes) > SHOWN_CODES else "")
        return text


def grouped(problems: list[Problem]) -> list[ProblemGroup]:
    """One group per kind × year, the most serious first, so that a long list reads as a few lines."""
    groups: dict[tuple[str, str], ProblemGroup] = {}
    for p in problems:
        group = groups.setdefault((p.kind, p.year), ProblemGroup(p.kind, p.year, p.severity, []))
        group.problems.append(p)
        if SEVERITY_ORDER[p.severity] < SEVERITY_ORDER[group.severity]:
            group.severity = p.severity
    from ..scenario.model import LEVEL_LABELS

    cycle = list(LEVEL_LABELS)  # Seconde, Première, Terminale…; problems of the whole cycle ("") last
    return sorted(
        groups.values(),
        key=lambda g: (SEVERITY_ORDER[g.severity], cycle.index(g.year) if g.year in cycle else len(cycle)),
    )
