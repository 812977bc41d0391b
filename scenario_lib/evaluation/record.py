"""Each pupil followed over the three years: every evidence (class evaluation, PFMP period) merged in one record.

An evidence is one level given to one pupil for one (sub-)competence on one date, with where it comes from
(situation or placement) and the school year. A competence's level is derived in two steps, by the rules of
`data/spirale/regles_evaluation.yaml` (« règle propre à Spirale », editable; another file can be named with
SPIRALE_REGLES_EVALUATION):

1. in one evidence, from its evaluated sub-competences: `sous_competences` = minimum (default, as the PFMP
   follow-up) or mediane;
2. in one year, from several evidences: `preuves` = mediane (default, rounded down), dernier or meilleur.

On the cycle, a competence's level is that of the last year it was evaluated; it is validated at
`seuil_validation` (Averti) — the booklet asks that they be « TOUTES validées » by the team, so a pupil's cycle
is complete only when every competence of the referential is validated. NE and blank cells never count.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..errors import SpiraleError
from ..paths import data_dir
from ..pfmp.booklet import Booklet
from ..pfmp.pupils import Pupil
from .grid import YEAR_LABELS, YEARS, Evaluation

RULE_CHOICES = {"sous_competences": ("minimum", "mediane"), "preuves": ("mediane", "dernier", "meilleur")}
EVIDENCE_COLUMNS = [
    "eleve",
    "nom",
    "source",
    "source_id",
    "origine",
    "annee",
    "date",
    "competence",
    "code",
    "niveau",
    "rang",
]
LEVEL_COLUMNS = ["eleve", "nom", "annee", "competence", "rang", "niveau", "preuves"]


@dataclass(frozen=True)
class Rules:
    """How levels are combined (see the module docstring); read from YAML, never hard-coded elsewhere."""

    sub_competences: str = "minimum"
    evidences: str = "mediane"
    validation: str = "A"
    target: str = "D"
    source: str = ""


def load_rules(path: str | Path | None = None) -> Rules:
    from ..yamlfiles import read_yaml_file

    path = Path(
        path or os.environ.get("SPIRALE_REGLES_EVALUATION") or data_dir() / "spirale" / "regles_evaluation.yaml"
    )
    data = read_yaml_file(path)
    if not isinstance(data, dict):
        raise SpiraleError(f"« {path.name} » : un dictionnaire « clé: valeur » est attendu")
    for key, allowed in RULE_CHOICES.items():
        if str(data.get(key, allowed[0])) not in allowed:
            raise SpiraleError(
                f"« {path.name} », « {key} » : « {data.get(key)} » inconnu (attendu : {', '.join(allowed)})"
            )
    return Rules(
        sub_competences=str(data.get("sous_competences", "minimum")),
        evidences=str(data.get("preuves", "mediane")),
        validation=str(data.get("seuil_validation", "A")),
        target=str(data.get("seuil_cible", "D")),
        source=str(path),
    )


def _median_down(ranks) -> int:
    ordered = sorted(ranks)
    return ordered[(len(ordered) - 1) // 2]


def combine_subs(ranks, rule: str) -> int:
    return min(ranks) if rule == "minimum" else _median_down(ranks)


def combine_evidences(dated_ranks: list[tuple], rule: str) -> int:
    """`dated_ranks`: (date, order, rank) of one pupil's evidences for one competence in one year."""
    if rule == "meilleur":
        return max(r for *_, r in dated_ranks)
    if rule == "dernier":
        return sorted(dated_ranks)[-1][-1]
    return _median_down([r for *_, r in dated_ranks])


PFMP_YEAR = {"premiere": "premiere", "terminale": "terminale"}


def _booklet_date(booklet: Booklet, period: str) -> date:
    """A PFMP level's date: the placement's end when the class list gave it, else the booklet's last import."""
    return booklet.pupil.end or booklet.pupil.start or booklet.updated.date()


def _codes_only(table: pd.DataFrame) -> pd.DataFrame:
    """Level codes as str, None (never NaN) where a pupil was not evaluated: templates print « – »."""
    rows = [[v if isinstance(v, str) else None for v in row] for row in table.itertuples(index=False)]
    return pd.DataFrame(rows, index=table.index, columns=table.columns, dtype=object)


class ClassRecord:
    """The records of a class: evidences (long table), levels per pupil × competence × year, views' figures."""

    def __init__(
        self, referential, evaluations: list[Evaluation] = (), booklets: list[Booklet] = (), rules: Rules | None = None
    ):
        self.referential = referential
        self.rules = rules or load_rules()
        scale = referential.scale("positionnement")
        self.rank = {s.code: s.rank for s in scale if s.code != "NE"}
        self.code_of_rank = {s.rank: s.code for s in scale}
        self.label = {s.code: s.label for s in scale}
        self.evaluations = sorted(evaluations, key=lambda e: (e.date, e.id))
        self.booklets = list(booklets)
        self.pupils: dict[str, Pupil] = {}
        for ev in self.evaluations:
            for row in ev.rows:
                self.pupils.setdefault(row.pupil.key, row.pupil)
        for b in self.booklets:
            self.pupils.setdefault(b.pupil.key, b.pupil)
        self.competence_codes = [c.code for c in referential.competences]
        self._parent = {s.code: c.code for c in referential.competences for s in c.sub_competences}
        self._parent.update({c: c for c in self.competence_codes})

    # --- evidences ---------------------------------------------------------------------------------------
    @cached_property
    def evidences(self) -> pd.DataFrame:
        """One line per level given (sub-competence or competence as a whole), NE and blanks left out."""
        rows = []
        for ev in self.evaluations:
            for row in ev.rows:
                key, name = row.pupil.key, row.pupil.full_name  # a key is a hash: computed once per row
                for code, level in row.levels.items():
                    if level in self.rank:
                        rows.append(
                            (
                                key,
                                name,
                                "situation",
                                ev.id,
                                ev.origin,
                                ev.year,
                                ev.date,
                                self._parent[code],
                                code,
                                level,
                                self.rank[level],
                            )
                        )
        for b in self.booklets:
            key, name = b.pupil.key, b.pupil.full_name
            for period, values in b.levels.items():
                when = _booklet_date(b, period)
                for code, level in values.items():
                    if level in self.rank:
                        rows.append(
                            (
                                key,
                                name,
                                "pfmp",
                                b.id,
                                period,
                                PFMP_YEAR[b.year],
                                when,
                                self._parent[code],
                                code,
                                level,
                                self.rank[level],
                            )
                        )
        return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)

    @cached_property
    def competence_evidences(self) -> pd.DataFrame:
        """One line per pupil × evidence × competence: the competence's level in that evidence (rule 1)."""
        ev = self.evidences
        if ev.empty:
            return pd.DataFrame(
                columns=["eleve", "nom", "source", "source_id", "origine", "annee", "date", "competence", "rang"]
            )
        rule = self.rules.sub_competences
        func = "min" if rule == "minimum" else _median_down
        keys = ["eleve", "nom", "source", "source_id", "origine", "annee", "date", "competence"]
        return ev.groupby(keys, as_index=False, sort=False)["rang"].agg(func)

    @cached_property
    def levels(self) -> pd.DataFrame:
        """Pupil × competence × year: the level reached that year (rule 2), with the number of evidences."""
        ce = self.competence_evidences
        if ce.empty:
            return pd.DataFrame(columns=LEVEL_COLUMNS)
        keys = ["eleve", "nom", "annee", "competence"]
        ce = ce.assign(ordre=range(len(ce)))
        rule = self.rules.evidences
        if rule == "dernier":  # the most recent evidence (same date: the one read last)
            chosen = ce.sort_values(["date", "ordre"]).groupby(keys, sort=False).tail(1)
        elif rule == "meilleur":
            chosen = ce.sort_values(["rang", "ordre"]).groupby(keys, sort=False).tail(1)
        else:  # median rounded down: the ((n - 1) // 2)-th rank in increasing order
            ranked = ce.sort_values(["rang", "ordre"])
            position = ranked.groupby(keys, sort=False).cumcount()
            size = ranked.groupby(keys, sort=False)["rang"].transform("size")
            chosen = ranked[position == (size - 1) // 2]
        counts = ce.groupby(keys, sort=False).size().rename("preuves").reset_index()
        out = chosen[keys + ["rang"]].merge(counts, on=keys)
        out["rang"] = out["rang"].astype(int)
        out["niveau"] = out["rang"].map(self.code_of_rank)
        return out[LEVEL_COLUMNS].reset_index(drop=True)

    def year_table(self, year: str) -> pd.DataFrame:
        """Pupils (full names, sorted) × competences (referential order) of level codes, None when not evaluated."""
        lv = self.levels[self.levels["annee"] == year]
        names = sorted(p.full_name for p in self.pupils.values())
        table = lv.pivot(index="nom", columns="competence", values="niveau") if not lv.empty else pd.DataFrame()
        table = table.reindex(index=names, columns=self.competence_codes)
        return _codes_only(table)

    def cycle_levels(self) -> pd.DataFrame:
        """Pupil × competence: the level of the last year evaluated, and whether it is validated."""
        order = {y: i for i, y in enumerate(YEARS)}
        lv = self.levels.assign(ordre=self.levels["annee"].map(order))
        last = lv.sort_values("ordre").groupby(["eleve", "competence"], as_index=False).last()
        last["validee"] = last["rang"] >= self.rank[self.rules.validation]
        return last

    def below(self, year: str, threshold: str | None = None) -> pd.DataFrame:
        """Per competence: pupils evaluated that year, pupils below `threshold` (default: `seuil_cible`)."""
        threshold = threshold or self.rules.target
        lv = self.levels[self.levels["annee"] == year]
        limit = self.rank[threshold]
        rows = []
        for comp in self.competence_codes:
            mine = lv[lv["competence"] == comp]
            rows.append((comp, len(mine), int((mine["rang"] < limit).sum())))
        return pd.DataFrame(rows, columns=["competence", "evalues", "en_dessous"])

    # --- one pupil ---------------------------------------------------------------------------------------
    def pupil(self, key: str) -> PupilRecord:
        if key not in self.pupils:
            raise SpiraleError("élève inconnu dans le suivi de cette classe")
        return PupilRecord(self, self.pupils[key])

    def pupil_keys(self) -> list[str]:
        return sorted(self.pupils, key=lambda k: self.pupils[k].full_name)


@dataclass(frozen=True)
class PupilRecord:
    """One pupil's record: evidences with date, year and origin; level per competence and year; the cycle."""

    record: ClassRecord
    pupil: Pupil

    @property
    def evidences(self) -> pd.DataFrame:
        ev = self.record.competence_evidences
        return ev[ev["eleve"] == self.pupil.key].sort_values(["date", "source_id", "competence"])

    @property
    def levels(self) -> pd.DataFrame:
        lv = self.record.levels
        return lv[lv["eleve"] == self.pupil.key]

    def spiral(self) -> pd.DataFrame:
        """Competences (rows, referential order) × years (columns) of level codes: the spiral seen by the pupil."""
        lv = self.levels
        table = lv.pivot(index="competence", columns="annee", values="niveau") if not lv.empty else pd.DataFrame()
        table = table.reindex(index=self.record.competence_codes, columns=list(YEARS))
        return _codes_only(table)

    def validated(self) -> tuple[int, int]:
        """(competences validated on the cycle, competences of the referential)."""
        cycle = self.record.cycle_levels()
        mine = cycle[cycle["eleve"] == self.pupil.key]
        return int(mine["validee"].sum()), len(self.record.competence_codes)

    def year_label(self, year: str) -> str:
        return YEAR_LABELS[year]
