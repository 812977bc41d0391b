"""« Proposer pour la classe »: the class's weakest competences become the proposer's required competences.

The reason is always said in the teacher's words: « 18 élèves sur 24 en dessous de Débrouillé en 4B.3 ».
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SpiraleError
from .record import ClassRecord


@dataclass(frozen=True)
class Target:
    competence: str
    below: int  # pupils evaluated that year whose level is under the threshold
    evaluated: int
    threshold: str  # label of the threshold level (« Débrouillé »)

    @property
    def sentence(self) -> str:
        pupils = "élève" if self.below <= 1 else "élèves"  # « 1 élève sur 2 », « 18 élèves sur 24 »
        return f"{self.below} {pupils} sur {self.evaluated} en dessous de {self.threshold} en {self.competence}"


def weakest_competences(record: ClassRecord, year: str, n: int = 3, threshold: str | None = None) -> list[Target]:
    """Competences with the largest share of pupils below the threshold that year (ties: referential order)."""
    threshold = threshold or record.rules.target
    table = record.below(year, threshold)
    table = table[table["en_dessous"] > 0].assign(part=lambda t: t["en_dessous"] / t["evalues"])
    table = table.sort_values("part", ascending=False, kind="stable")
    return [
        Target(r.competence, int(r.en_dessous), int(r.evalues), record.label[threshold])
        for r in table.head(n).itertuples()
    ]


def propose_for_class(
    record: ClassRecord, year: str, n: int = 3, targets: int = 2, seed: int | None = None, threshold: str | None = None
):
    """(proposals, targets used, French explanation). With several targets the proposer is asked for all of
    them, then for fewer when no situation trains them together (the weakest first)."""
    from ..scenario import propose
    from ..scenario.proposer import UnsatisfiableError

    weakest = weakest_competences(record, year, targets, threshold)
    if not weakest:
        raise SpiraleError(
            "aucune compétence en dessous du seuil pour cette classe et cette année : "
            "rien à cibler (évaluez d'abord des situations)"
        )
    last_error = None
    for k in range(len(weakest), 0, -1):
        chosen = weakest[:k]
        try:
            proposals = propose(
                record.referential, year, n=n, competences_required=[t.competence for t in chosen], seed=seed
            )
        except UnsatisfiableError as exc:
            last_error = exc
            continue
        because = " ; ".join(t.sentence for t in chosen)
        left = [t.sentence for t in weakest[k:]]
        text = f"Situations proposées pour la classe parce que : {because}."
        if left:
            text += (
                " Aucune situation ne travaille aussi "
                + " ; ".join(left)
                + " dans la même situation : à cibler ensuite."
            )
        return proposals, chosen, text
    raise SpiraleError(f"aucune situation ne travaille les compétences les plus faibles de la classe ({last_error})")
