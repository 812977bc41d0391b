"""Coverage analysis of a progression with pandas: what the teachers' Excel cross table shows, plus its checks.

The spiral rule: every competence is worked every year of the cycle, at a complexity that rises year after
year; the hours of each teaching slot stay within the official budget; nothing is planned on a PFMP week.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..referential.model import Referential
from ..scenario.model import LEVEL_LABELS
from .problems import SEVERITY_LABELS, Problem, ProblemGroup, grouped  # noqa: F401 - SEVERITY_LABELS is part of this module's API
from .progression import SLOTS, Progression
from .seconde import family_year, optional_competences


@dataclass
class Analysis:
    levels: list[str]
    placements: pd.DataFrame  # one row per (placement, competence)
    matrix: pd.DataFrame  # (bloc, compétence) × (année, situation): 1 when worked
    complexity: pd.DataFrame  # compétence × année: highest level rank of the situations that work it
    sub_coverage: pd.DataFrame  # (compétence, sous-compétence) × année: number of situations
    hours: pd.DataFrame  # (année, créneau) → disponible, utilisé, reste
    problems: list[Problem] = field(default_factory=list)
    optional: dict[str, list[str]] = field(default_factory=dict)  # year → competences it may leave out

    def unworked(self) -> dict[str, list[str]]:
        """Competences not worked, per year, optional ones included."""
        return {lv: list(self.complexity.index[self.complexity[lv].isna()]) for lv in self.levels}

    def matrix_of(self, level: str) -> pd.DataFrame:
        if level not in self.matrix.columns.get_level_values(0):
            return self.matrix.iloc[:, :0]
        return self.matrix[level]

    def missing(self) -> dict[str, list[str]]:
        """Competences not worked and required, per year (4B left out in Seconde is not missing)."""
        return {lv: [c for c in codes if c not in self.optional.get(lv, ())] for lv, codes in self.unworked().items()}

    @property
    def groups(self) -> list[ProblemGroup]:
        """The problems summed up one line per kind × year, for the sheet and the atelier."""
        return grouped(self.problems)

    @property
    def spiral_ok(self) -> bool:
        return not any(p.kind in {"spirale", "complexité"} for p in self.problems)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "erreur" for p in self.problems)


def _label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def placements_frame(progression: Progression, ref: Referential) -> pd.DataFrame:
    ranks = {lv.code: i for i, lv in enumerate(ref.levels)}
    rows = [
        {
            "année": p.year,
            "semaine": p.week,
            "situation": p.title,
            "id": p.scenario_id,
            "niveau": p.level,
            "rang": ranks.get(p.level, -1),
            "heures": p.hours,
            "créneau": p.slot,
            "compétence": c,
            "bloc": ref.competence(c).block,
        }
        for p in progression.placements
        for c in p.competences
    ]
    columns = ["année", "semaine", "situation", "id", "niveau", "rang", "heures", "créneau", "compétence", "bloc"]
    return pd.DataFrame(rows, columns=columns)


def _matrix(progression: Progression, ref: Referential, levels: list[str]) -> pd.DataFrame:
    """One column per placement, in year then week order (the order of `placements_of`)."""
    index = pd.MultiIndex.from_tuples([(c.block, c.code) for c in ref.competences], names=["bloc", "compétence"])
    row = {c.code: i for i, c in enumerate(ref.competences)}
    placements = [p for level in levels for p in progression.placements_of(level)]
    data = np.zeros((len(index), len(placements)), dtype=int)
    for j, p in enumerate(placements):
        data[[row[c] for c in p.competences], j] = 1
    columns = pd.MultiIndex.from_tuples(
        [(p.year, f"S{p.week:02d} {p.title}") for p in placements], names=["année", "situation"]
    )
    return pd.DataFrame(data, index=index, columns=columns)


def _hours(progression: Progression) -> pd.DataFrame:
    rows = []
    for year in progression.years:
        used: dict[str, float] = {}
        for p in progression.placements_of(year.level):
            used[p.slot] = used.get(p.slot, 0.0) + p.hours
        for slot in SLOTS:
            if slot in year.hours or slot in used:
                available = year.hours.get(slot)
                rows.append(
                    {
                        "année": year.level,
                        "créneau": slot,
                        "disponible": available,
                        "utilisé": used.get(slot, 0.0),
                        "reste": None if available is None else available - used.get(slot, 0.0),
                    }
                )
    return pd.DataFrame(rows, columns=["année", "créneau", "disponible", "utilisé", "reste"])


def analyse(progression: Progression, referential: Referential, pfmp=None) -> Analysis:
    """`pfmp`: competences worked in each PFMP, (year, n) → codes (`exams.pfmp_work_from_booklets`)."""
    from .exams import exam_problems

    ref = referential
    levels = [y.level for y in progression.years]
    frame = placements_frame(progression, ref)
    codes = [c.code for c in ref.competences]
    complexity = frame.groupby(["compétence", "année"])["rang"].max().unstack().reindex(index=codes, columns=levels)
    complexity.index.name, complexity.columns.name = "compétence", "année"
    sub_rows = [(s, p.year) for p in progression.placements for s in p.sub_competences]
    sub_index = pd.MultiIndex.from_tuples(
        [(c.code, s.code) for c in ref.competences for s in c.sub_competences], names=["compétence", "sous-compétence"]
    )
    sub_counts = pd.DataFrame(sub_rows, columns=["sous-compétence", "année"]).value_counts().unstack()
    sub_coverage = (
        sub_counts.reindex(index=sub_index.get_level_values(1), columns=levels)
        .fillna(0)
        .astype(int)
        .set_axis(sub_index, axis=0)
    )
    analysis = Analysis(
        levels,
        frame,
        _matrix(progression, ref, levels),
        complexity,
        sub_coverage,
        _hours(progression),
        optional={lv: optional_competences(ref, lv) for lv in levels},
    )
    analysis.problems = (
        _spiral_problems(analysis, ref)
        + _level_problems(progression, ref)
        + _hour_problems(analysis)
        + _week_problems(progression)
        + _sub_problems(analysis, ref)
        + exam_problems(progression, ref, pfmp)
    )
    return analysis


def _spiral_problems(analysis: Analysis, ref: Referential) -> list[Problem]:
    problems = []
    level_names = [lv.code for lv in ref.levels]
    for code, ranks in analysis.complexity.iterrows():
        title = ref.competence(code).title
        previous = None
        for level in analysis.levels:
            rank = ranks[level]
            if pd.isna(rank) and code in analysis.optional.get(level, ()):
                problems.append(
                    Problem(
                        "facultatif",
                        f"{_label(level)} : la compétence {code} ({title}) n'est travaillée dans aucune "
                        f"situation : {family_year().libelle}.",
                        "Rien à corriger ; elle est attendue à partir de la Première.",
                        level,
                        code,
                        "information",
                    )
                )
                continue
            if pd.isna(rank):
                problems.append(
                    Problem(
                        "spirale",
                        f"{_label(level)} : la compétence {code} ({title}) n'est travaillée dans aucune situation.",
                        f"Ajoutez une situation de {_label(level)} qui mobilise {code}, ou lancez « Compléter ».",
                        level,
                        code,
                    )
                )
                continue
            # A year that already used a situation above its own level (a Terminale one in Seconde) is named by
            # `_level_problems`; the next year, at its own level, is then right and is not blamed for it.
            earlier_above_its_level = previous is not None and previous[1] > level_names.index(previous[0])
            if (
                previous is not None
                and rank <= previous[1]
                and not (earlier_above_its_level and rank >= level_names.index(level))
            ):
                problems.append(
                    Problem(
                        "complexité",
                        f"{_label(level)} : la compétence {code} est travaillée au niveau "
                        f"{_label(level_names[int(rank)])}, pas plus complexe qu'en {_label(previous[0])} "
                        f"(niveau {_label(level_names[int(previous[1])])}).",
                        f"Travaillez {code} en {_label(level)} dans une situation de niveau {_label(level)}.",
                        level,
                        code,
                    )
                )
            previous = (level, rank)
    return problems


def _level_problems(progression: Progression, ref: Referential) -> list[Problem]:
    complexity = {lv.code: lv.complexity for lv in ref.levels}
    return [
        Problem(
            "niveau",
            f"{_label(p.year)}, semaine {p.week} : « {p.title} » est une situation de "
            f"{_label(p.level)}, alors que l'année attend une {complexity.get(p.year, p.year)}.",
            f"Remplacez-la par une situation de {_label(p.year)} ou placez-la en {_label(p.level)}.",
            p.year,
            severity="attention",
        )
        for p in progression.placements
        if p.level != p.year
    ]


def _hour_problems(analysis: Analysis) -> list[Problem]:
    problems = []
    for row in analysis.hours.itertuples(index=False):
        slot = SLOTS[row.créneau]
        if row.disponible is None:
            problems.append(
                Problem(
                    "heures",
                    f"{_label(row.année)} : aucun horaire officiel pour « {slot} », "
                    f"{row.utilisé:g} h sont planifiées sans budget.",
                    "Indiquez les heures disponibles dans le calendrier de l'année.",
                    row.année,
                    severity="attention",
                )
            )
        elif row.reste < -1e-9:
            problems.append(
                Problem(
                    "heures",
                    f"{_label(row.année)} : {row.utilisé:g} h planifiées en « {slot} » "
                    f"pour {row.disponible:g} h disponibles ({-row.reste:g} h de trop).",
                    "Raccourcissez ou retirez des situations de cette année.",
                    row.année,
                )
            )
    return problems


def _week_problems(progression: Progression) -> list[Problem]:
    problems = []
    for year in progression.years:
        kinds = {w.number: w for w in year.weeks}
        for p in progression.placements_of(year.level):
            week = kinds[p.week]
            if week.kind == "pfmp":
                problems.append(
                    Problem(
                        "pfmp",
                        f"{_label(year.level)}, semaine {p.week} : « {p.title} » est placée "
                        f"pendant la PFMP ({week.label or 'PFMP'}), les élèves sont en entreprise.",
                        "Déplacez-la sur une semaine de cours.",
                        year.level,
                    )
                )
            elif week.kind == "vacances":
                problems.append(
                    Problem(
                        "vacances",
                        f"{_label(year.level)}, semaine {p.week} : « {p.title} » est "
                        f"placée pendant les vacances ({week.label or 'vacances'}).",
                        "Déplacez-la sur une semaine de cours.",
                        year.level,
                    )
                )
    return problems


def _sub_problems(analysis: Analysis, ref: Referential) -> list[Problem]:
    never = analysis.sub_coverage.sum(axis=1) == 0
    problems = []
    for code, subs in never[never].groupby(level=0):
        missing = [s for _, s in subs.index]
        problems.append(
            Problem(
                "sous-compétences",
                f"compétence {code} : sous-compétence(s) jamais travaillée(s) sur le cycle : {', '.join(missing)}.",
                "Choisissez des situations qui les mobilisent explicitement.",
                competence=code,
                severity="attention",
            )
        )
    return problems
