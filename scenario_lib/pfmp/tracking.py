"""Follow every pupil's levels across the four PFMP periods up to the exam.

A competence's level in a period is the lowest level among its evaluated sub-competences (a competence is only
as acquired as its weakest evaluated part); NE means "not evaluated" and never counts as a level.
"""

from __future__ import annotations

import pandas as pd

from .booklet import Booklet
from .workbook import GridImportError, read_filled_workbook

PERIOD_ORDER = {"PFMP 1": 1, "PFMP 2": 2, "PFMP 3": 3, "PFMP 4": 4}
TARGET = "A"  # Averti: the level every competence must reach before the exam
COLOURS = {"N": "#f4c7c3", "D": "#fce8b2", "A": "#b7e1cd", "E": "#57bb8a", None: "#ffffff"}


def import_filled_workbooks(paths, referential, pupils) -> list[Booklet]:
    """All files or none: every file is checked first, and one bad file stops the import with all reasons."""
    booklets, problems = [], []
    for path in paths:
        try:
            booklets.append(read_filled_workbook(path, referential, pupils))
        except GridImportError as exc:
            problems.append(str(exc))
    if problems:
        raise GridImportError("import annulé, aucun livret n'a été enregistré — " + " | ".join(problems))
    return booklets


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
            {"eleve": b.pupil.full_name, "periode": period, "ordre": PERIOD_ORDER.get(period, 0),
             "competence": parent[code], "sous_competence": code, "niveau": level, "rang": self.rank[level]}
            for b in booklets for period, values in b.levels.items() for code, level in values.items()
            if level != "NE"
        ]
        self.pupils = sorted({b.pupil.full_name for b in booklets})
        self.long = pd.DataFrame(records, columns=["eleve", "periode", "ordre", "competence", "sous_competence",
                                                   "niveau", "rang"])

    def competence_levels(self) -> pd.DataFrame:
        """Pupil × competence × period: lowest evaluated sub-competence rank."""
        return (self.long.groupby(["eleve", "competence", "periode", "ordre"], as_index=False)["rang"].min()
                .sort_values(["eleve", "competence", "ordre"]))

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
                rows.append((rec.eleve, rec.competence,
                             f"meilleur niveau « {self.label[rec.meilleur]} », en dessous de « {self.label[TARGET]} »"))
        return pd.DataFrame(rows, columns=["eleve", "competence", "motif"])

    def heatmap(self) -> pd.DataFrame:
        """Pupils × competences of best levels, for the class dashboard."""
        table = self.summary().pivot(index="eleve", columns="competence", values="meilleur")
        return table.reindex(columns=[c.code for c in self.referential.competences])

    def dashboard_html(self) -> str:
        """The heatmap as an HTML table (templates/livret_pfmp/_carte.html.j2), every text escaped."""
        from markupsafe import Markup

        from ..render.environment import environment

        table = self.heatmap()
        columns = [(c, self.referential.competence(c).title) for c in table.columns]
        rows = [(pupil, [(v if isinstance(v, str) else None, COLOURS.get(v if isinstance(v, str) else None))
                         for v in row]) for pupil, row in table.iterrows()]
        return Markup(environment().get_template("livret_pfmp/_carte.html.j2").render(columns=columns, rows=rows))

    def dashboard_page(self, grade: str) -> str:
        """The dashboard as a standalone page (UTF-8, print-friendly) for the class's shared folder."""
        from ..render.environment import environment

        return environment().get_template("livret_pfmp/_tableau_de_bord.html.j2").render(
            grade=grade, counts=self.counts(), target=self.label[TARGET], heatmap=self.dashboard_html())

    def counts(self) -> dict:
        """Class-level figures: how many pupil × competence pairs reach Averti, how many are left to do."""
        summary = self.summary()
        reached = summary["meilleur"].map(lambda c: isinstance(c, str) and self.rank[c] >= self.rank[TARGET])
        return {"eleves": len(self.pupils), "paires": len(summary), "validees": int(reached.sum()),
                "a_travailler": int((~reached).sum())}
