"""Follow every pupil's levels across the four PFMP periods up to the exam.

A competence's level in a period is the lowest level among its evaluated sub-competences (a competence is only
as acquired as its weakest evaluated part); NE means "not evaluated" and never counts as a level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .booklet import Booklet
from .workbook import BlankGridError, GridImportError, read_filled_workbook

PERIOD_ORDER = {"PFMP 1": 1, "PFMP 2": 2, "PFMP 3": 3, "PFMP 4": 4}
TARGET = "A"  # Averti: the level every competence must reach before the exam
COLOURS = {"NE": "#ffffff", "N": "#f4c7c3", "D": "#fce8b2", "A": "#b7e1cd", "E": "#57bb8a", None: "#ffffff"}


@dataclass
class GridImport:
    """What became of each filled grid: one blank or wrong grid never holds back the tutors who answered.

    `booklets` holds (file name, booklet) pairs read and checked, then stored; `blank` and `refused` hold the
    French message of each grid set aside (file, pupil, line and reason).
    """

    booklets: list[tuple[str, Booklet]] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def saved(self) -> list[Booklet]:
        return [booklet for _, booklet in self.booklets]

    def summary(self) -> str:
        parts = [f"{len(self.booklets)} grille(s) importée(s)"]
        if self.blank:
            parts.append(f"{len(self.blank)} grille(s) vierge(s) ignorée(s)")
        if self.refused:
            parts.append(f"{len(self.refused)} grille(s) refusée(s)")
        return " ; ".join(parts)

    def details(self) -> list[str]:
        return [f"Ignorée : {m}" for m in self.blank] + [f"Refusée : {m}" for m in self.refused]


def import_filled_workbooks(paths, referential, pupils) -> GridImport:
    """Read every file on its own: blank grids are skipped, a wrong grid is refused alone with its reasons."""
    outcome = GridImport()
    for path in paths:
        try:
            outcome.booklets.append((Path(path).name, read_filled_workbook(path, referential, pupils)))
        except BlankGridError as exc:
            outcome.blank.append(str(exc))
        except GridImportError as exc:
            outcome.refused.append(str(exc))
    return outcome


class ClassResults:
    """The class's booklets (Première and Terminale) as tables for the dashboard and the pupil summaries."""

    def __init__(self, booklets: list[Booklet], referential):
        self.referential = referential
        self.booklets = booklets
        scale = referential.scale("positionnement")
        self.rank = {s.code: s.rank for s in scale}
        self.code_of_rank = {s.rank: s.code for s in scale}
        self.label = {s.code: s.label for s in scale}
        parent = {s.code: c.code for c in referential.competences for s in c.sub_competences}
        records = [
            {
                "eleve": b.pupil.full_name,
                "periode": period,
                "ordre": PERIOD_ORDER.get(period, 0),
                "competence": parent[code],
                "sous_competence": code,
                "niveau": level,
                "rang": self.rank[level],
            }
            for b in booklets
            for period, values in b.levels.items()
            for code, level in values.items()
            if level != "NE"
        ]
        self.pupils = sorted({b.pupil.full_name for b in booklets})
        self.long = pd.DataFrame(
            records, columns=["eleve", "periode", "ordre", "competence", "sous_competence", "niveau", "rang"]
        )
        self.attitude_levels = pd.DataFrame(
            [
                {
                    "eleve": b.pupil.full_name,
                    "periode": period,
                    "ordre": PERIOD_ORDER.get(period, 0),
                    "attitude": code,
                    "niveau": level,
                }
                for b in booklets
                for period, values in b.attitudes.items()
                for code, level in values.items()
                if level != "NE"
            ],
            columns=["eleve", "periode", "ordre", "attitude", "niveau"],
        ).sort_values(["eleve", "attitude", "ordre"])

    def competence_levels(self) -> pd.DataFrame:
        """Pupil × competence × period: lowest evaluated sub-competence rank."""
        return (
            self.long.groupby(["eleve", "competence", "periode", "ordre"], as_index=False)["rang"]
            .min()
            .sort_values(["eleve", "competence", "ordre"])
        )

    def summary(self) -> pd.DataFrame:
        """Per pupil and competence: best and latest level (codes), missing (NaN) when never evaluated."""
        codes = [c.code for c in self.referential.competences]
        index = pd.MultiIndex.from_product([self.pupils, codes], names=["eleve", "competence"])
        levels = self.competence_levels()
        best = levels.groupby(["eleve", "competence"])["rang"].max()
        latest = levels.groupby(["eleve", "competence"]).last()["rang"]
        out = pd.DataFrame({"meilleur": best, "dernier": latest}).reindex(index)
        for col in ("meilleur", "dernier"):
            out[col] = out[col].map(lambda r: self.code_of_rank.get(int(r)) if pd.notna(r) else None)
        return out.reset_index()

    def to_do(self) -> pd.DataFrame:
        """Competences still not evaluated or below Averti, with the reason in French."""
        target = self.rank[TARGET]
        rows = []
        for rec in self.summary().itertuples():
            if not isinstance(rec.meilleur, str):
                rows.append((rec.eleve, rec.competence, "jamais évaluée"))
            elif self.rank[rec.meilleur] < target:
                rows.append(
                    (
                        rec.eleve,
                        rec.competence,
                        f"meilleur niveau « {self.label[rec.meilleur]} », en dessous de « {self.label[TARGET]} »",
                    )
                )
        return pd.DataFrame(rows, columns=["eleve", "competence", "motif"])

    def heatmap(self) -> pd.DataFrame:
        """Pupils × competences of best levels, for the class dashboard."""
        table = self.summary().pivot(index="eleve", columns="competence", values="meilleur")
        return table.reindex(columns=[c.code for c in self.referential.competences])

    def attitude_heatmap(self) -> pd.DataFrame:
        """Pupils × attitudes of the latest level a tutor gave (an attitude is judged as it is now)."""
        latest = self.attitude_levels.groupby(["eleve", "attitude"])["niveau"].last()
        codes = [a.code for a in self.referential.attitudes]
        index = pd.MultiIndex.from_product([self.pupils, codes], names=["eleve", "attitude"])
        return latest.reindex(index).unstack("attitude").reindex(columns=codes)

    def pupil_attitudes(self, pupil: str) -> tuple[list[str], list[dict]]:
        """(periods evaluated, one row per attitude with its level in each) for one pupil's summary sheet."""
        mine = self.attitude_levels[self.attitude_levels["eleve"] == pupil]
        periods = sorted(set(mine["periode"]), key=lambda p: PERIOD_ORDER.get(p, 0))
        levels = {(r.attitude, r.periode): r.niveau for r in mine.itertuples()}
        return periods, [
            {"code": a.code, "title": a.title, "levels": [levels.get((a.code, p), "") for p in periods]}
            for a in self.referential.attitudes
        ]

    def legend(self) -> list[tuple[str, str, str]]:
        """(code, label, colour) of every level of the scale, NE included, in the order of the scale."""
        return [(s.code, s.label, COLOURS.get(s.code, COLOURS[None])) for s in self.referential.scale("positionnement")]

    def dashboard_html(self) -> str:
        """Legend, competence heatmap and attitude heatmap (templates/livret_pfmp/_carte.html.j2), all escaped."""
        from markupsafe import Markup

        from ..render.environment import environment

        def cells(table):
            return [
                (
                    pupil,
                    [(v if isinstance(v, str) else None, COLOURS.get(v if isinstance(v, str) else None)) for v in row],
                )
                for pupil, row in table.iterrows()
            ]

        table, attitudes = self.heatmap(), self.attitude_heatmap()
        titles = {a.code: a.title for a in self.referential.attitudes}
        return Markup(
            environment()
            .get_template("livret_pfmp/_carte.html.j2")
            .render(
                columns=[(c, self.referential.competence(c).title) for c in table.columns],
                rows=cells(table),
                attitude_columns=[(c, titles[c]) for c in attitudes.columns],
                attitude_rows=cells(attitudes),
                legend=self.legend(),
            )
        )

    def dashboard_page(self, grade: str) -> str:
        """The dashboard as a standalone page (UTF-8, print-friendly) for the class's shared folder."""
        from ..render.environment import environment

        return (
            environment()
            .get_template("livret_pfmp/_tableau_de_bord.html.j2")
            .render(grade=grade, counts=self.counts(), target=self.label[TARGET], heatmap=self.dashboard_html())
        )

    def counts(self) -> dict:
        """Class-level figures: how many pupil × competence pairs reach Averti, how many are left to do."""
        summary = self.summary()
        reached = summary["meilleur"].map(lambda c: isinstance(c, str) and self.rank[c] >= self.rank[TARGET])
        return {
            "eleves": len(self.pupils),
            "paires": len(summary),
            "validees": int(reached.sum()),
            "a_travailler": int((~reached).sum()),
        }
