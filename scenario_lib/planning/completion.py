"""Complete a progression with the fewest extra situations, solved as a set-cover MIP with HiGHS.

Variables: y[c, year] = 1 when candidate situation c (of the year's level) is added to that year.
Constraints: every competence still missing in a year is covered (competences optional that year, 4B in
Seconde, are not asked for); the year's hours of enseignement professionnel are not exceeded; no more new
situations than free class weeks (one per week); each candidate at most once, and one task list in one year
only (the same situation copied into two years is no spiral). Objective: fewest situations, then fewest hours.
Proposals keep their archetype's own durations: a situation is never stretched to fill the hours left. Each cover constraint has an
elastic variable with a huge cost, so one solve either meets every constraint or tells exactly which
competence × year cannot be met.

`complete` only proposes; `services.progressions.apply_completion` saves. The CLI and the atelier show the
proposed additions and ask before anything is written to the bank.

Why not one binary per candidate × week: free weeks are interchangeable for every constraint and for the
objective, so per-week binaries only multiply identical optima; HiGHS then spends its time proving
symmetric branches (measured: 11 s instead of 0.15 s for 150 bank situations on an empty progression).
The week capacity is kept as a count and the chosen situations are then spread over the free weeks.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..errors import SpiraleError
from ..referential.model import Referential
from ..scenario.model import LEVEL_LABELS
from ..text import fold, french_number
from .coverage import Analysis, analyse
from .progression import Placement, Progression
from .seconde import certificative_allowed, family_year, mentions_certification, optional_competences

SLOT = "professionnel"


@dataclass(frozen=True)
class Candidate:
    """A situation that may be added: a bank scenario or a fresh proposal (`scenario` set, not yet saved)."""

    id: str
    title: str
    level: str
    competences: tuple[str, ...]
    hours: float
    sub_competences: tuple[str, ...] = ()
    source: str = "banque"
    scenario: object = None
    tasks: tuple = ()  # task_list(scenario): what must not appear in two years
    certificative: bool = False  # proposes a certificative evaluation (never in Seconde)

    @classmethod
    def of(cls, scenario, source: str = "banque") -> Candidate:
        return cls(
            scenario.id,
            scenario.title,
            scenario.level,
            tuple(scenario.competences),
            scenario.total_hours,
            tuple(scenario.sub_competences),
            source,
            scenario if source != "banque" else None,
            task_list(scenario),
            mentions_certification(scenario),
        )


def task_list(scenario) -> tuple:
    """The tasks as a teacher reads them (titles and durations): equal lists mean a copied situation."""
    return tuple((fold(t.title), round(t.duration_hours, 2)) for t in scenario.tasks)


@dataclass(frozen=True)
class Addition:
    """One situation the completion would place: shown to the teachers before anything is saved."""

    title: str
    year: str
    week: int
    level: str
    hours: float
    competences: tuple[str, ...]
    new: bool  # a fresh proposal, to be added to the bank; False: already in the bank

    def __str__(self) -> str:
        origin = "nouvelle situation" if self.new else "déjà dans la banque"
        return (
            f"{_label(self.year)}, semaine {self.week} : « {self.title} » — niveau {_label(self.level)}, "
            f"{french_number(self.hours)} h, compétences {', '.join(self.competences)} ({origin})"
        )


@dataclass
class Completion:
    progression: Progression  # a completed copy; the original is untouched
    added: list[Placement]
    proposals: list  # new Scenario objects among the added ones, to save in the bank with the progression
    feasible: bool
    reasons: list[str]  # French: why some competence × year cannot be covered, or why the spiral still fails
    analysis: Analysis
    seconds: float = 0.0
    status: str = ""
    candidates: int = 0
    uncovered: list[tuple[str, str]] = field(default_factory=list)  # (year, competence)
    notes: list[str] = field(default_factory=list)  # French: what the completion did not ask for, and why

    @property
    def additions(self) -> list[Addition]:
        """What `apply_completion` would place, new situations flagged: the list the teachers confirm."""
        new = {s.id for s in self.proposals}
        return [
            Addition(p.title, p.year, p.week, p.level, p.hours, tuple(p.competences), p.scenario_id in new)
            for p in self.added
        ]


def _label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def needs(progression: Progression, ref: Referential) -> dict[str, list[str]]:
    """Competences a year still lacks at its own level of complexity (a Seconde situation in Première does not count)."""
    ranks = {lv.code: i for i, lv in enumerate(ref.levels)}
    result = {}
    for year in progression.years:
        done = {
            c
            for p in progression.placements
            if p.year == year.level and ranks.get(p.level, -1) >= ranks[year.level]
            for c in p.competences
        }
        done |= set(optional_competences(ref, year.level))
        result[year.level] = [c.code for c in ref.competences if c.code not in done]
    return result


def _notes(progression: Progression, ref: Referential) -> list[str]:
    rule = family_year()
    notes = []
    for year in progression.years:
        optional = optional_competences(ref, year.level)
        if optional:
            notes.append(f"{_label(year.level)} : compétences {', '.join(optional)} non demandées — {rule.libelle}.")
        if not certificative_allowed(year.level):
            notes.append(
                f"{_label(year.level)} : aucune situation proposant une évaluation certificative "
                f"(« {rule.textes[-1].texte} »)."
            )
    return notes


def free_weeks(progression: Progression, level: str) -> list[int]:
    used = {p.week for p in progression.placements if p.year == level and p.slot == SLOT}
    return [n for n in progression.year(level).numbers("cours") if n not in used]


def hours_left(progression: Progression, level: str) -> float | None:
    """Hours of enseignement professionnel still free; None when the year has no budget (titre professionnel)."""
    year = progression.year(level)
    if SLOT not in year.hours:
        return None
    used = sum(p.hours for p in progression.placements if p.year == level and p.slot == SLOT)
    return max(0.0, year.hours[SLOT] - used)


def proposed_candidates(
    progression: Progression,
    ref: Referential,
    missing: dict[str, list[str]],
    pool: list[Candidate] = (),
    per_level: int = 16,
    seed: int | None = None,
) -> list[Candidate]:
    """Fresh situations from the proposer for each year that lacks something, favouring what is missing.

    Each year asks at its own level, so it gets that level's variant of an archetype; durations are the
    archetype's own (never `hours=`, which would stretch a situation to fill the year). A competence fewer
    than three task lists of the year mobilise is then asked for explicitly (one task list serves one year).
    """
    from ..scenario import UnsatisfiableError, propose

    def ask(level: str, n: int, **options) -> list[Candidate]:
        try:
            return [Candidate.of(p.scenario, "proposition") for p in propose(ref, level, n, seed=seed, **options)]
        except UnsatisfiableError:
            return []

    result: list[Candidate] = []
    for level, codes in missing.items():
        if not codes:
            continue
        covered = [c.code for c in ref.competences if c.code not in codes]
        result += ask(level, per_level, covered=covered)
        for code in codes:  # a competence few task lists mobilise: one of them may be needed in another year
            lists = {c.tasks for c in (*pool, *result) if c.level == level and code in c.competences}
            if len(lists) < 3:
                result += ask(level, 3, covered=covered, competences_required=[code])
    return result


@contextmanager
def _quiet_stdout():
    """Silence the process's standard output (file descriptor 1, where C++ code writes) for a moment."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _solve(
    progression: Progression,
    ref: Referential,
    candidates: list[Candidate],
    missing: dict[str, list[str]],
    seed: int | None = None,
) -> tuple[list[tuple[int, str]], list[tuple[str, str]], str]:
    """Build and solve the MIP; returns (chosen (candidate, year) pairs, uncovered (year, competence), status)."""
    import highspy

    placed = {(p.scenario_id, p.year) for p in progression.placements}
    known = {c.id: c.tasks for c in candidates}
    used_tasks = {known[p.scenario_id] for p in progression.placements if known.get(p.scenario_id)}
    columns = [
        (ci, level)
        for level, codes in missing.items()
        for ci, cand in enumerate(candidates)
        if cand.level == level
        and (cand.id, level) not in placed
        and set(cand.competences) & set(codes)
        and cand.tasks not in used_tasks
        and (certificative_allowed(level) or not cand.certificative)
    ]
    needs_list = [(level, code) for level, codes in missing.items() for code in codes]
    n_x, n_u = len(columns), len(needs_list)
    per_situation = sum(candidates[ci].hours for ci, _ in columns) + 1.0  # beats any saving of hours
    per_uncovered = per_situation * (n_x + 1)  # beats any number of situations
    cost = np.array([per_situation + candidates[ci].hours for ci, _ in columns] + [per_uncovered] * n_u)

    inf = highspy.kHighsInf
    rows: list[tuple[float, float, list[int], list[float]]] = []
    by_need: dict[tuple[str, str], list[int]] = {need: [] for need in needs_list}
    by_year: dict[str, list[int]] = {}
    for j, (ci, level) in enumerate(columns):
        for code in candidates[ci].competences:
            if (level, code) in by_need:
                by_need[level, code].append(j)
        by_year.setdefault(level, []).append(j)
    for k, need in enumerate(needs_list):
        rows.append((1.0, inf, by_need[need] + [n_x + k], [1.0] * (len(by_need[need]) + 1)))
    for level, js in by_year.items():
        left = hours_left(progression, level)
        if left is not None:
            rows.append((-inf, left, js, [candidates[columns[j][0]].hours for j in js]))
        rows.append((-inf, float(len(free_weeks(progression, level))), js, [1.0] * len(js)))
    by_tasks: dict[tuple, list[int]] = {}
    for j, (ci, _) in enumerate(columns):
        if candidates[ci].tasks:
            by_tasks.setdefault(candidates[ci].tasks, []).append(j)
    rows += [(-inf, 1.0, js, [1.0] * len(js)) for js in by_tasks.values() if len(js) > 1]

    with _quiet_stdout():  # HiGHS prints its English banner from its constructor, before any option applies
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("random_seed", seed or 0)
    h.addVars(n_x + n_u, np.zeros(n_x + n_u), np.ones(n_x + n_u))
    if n_x:
        h.changeColsIntegrality(n_x, np.arange(n_x, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n_x))
    h.changeColsCost(n_x + n_u, np.arange(n_x + n_u, dtype=np.int32), cost)
    starts, index, value = [], [], []
    for _, _, js, vals in rows:
        starts.append(len(index))
        index += js
        value += vals
    h.addRows(
        len(rows),
        np.array([r[0] for r in rows]),
        np.array([r[1] for r in rows]),
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value),
    )
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SpiraleError(f"le solveur HiGHS n'a pas trouvé de solution ({status})")
    x = h.getSolution().col_value
    chosen = [columns[j] for j in range(n_x) if x[j] > 0.5]
    uncovered = [needs_list[k] for k in range(n_u) if x[n_x + k] > 0.5]
    return chosen, uncovered, status


def _why(
    progression: Progression,
    ref: Referential,
    candidates: list[Candidate],
    level: str,
    code: str,
    chosen_hours: float,
    chosen_count: int,
    taken: dict[tuple, tuple[str, str]],
) -> str:
    """The constraint that stops `code` being covered in `level`, found by relaxing one constraint at a time.

    `taken`: task list → (year, title) of the situation that already uses it in the progression or the plan.
    """
    year, competence = _label(level), f"{code} ({ref.competence(code).title})"
    placed = {p.scenario_id for p in progression.placements if p.year == level}
    able = [
        c
        for c in candidates
        if c.level == level
        and code in c.competences
        and c.id not in placed
        and (certificative_allowed(level) or not c.certificative)
    ]
    left, weeks = hours_left(progression, level), free_weeks(progression, level)
    if not able:
        return (
            f"{year} : la compétence {competence} ne peut pas être couverte : aucune situation de {year} "
            f"(banque ou propositions) ne la mobilise. Créez-en une dans la banque."
        )
    copies = [taken[c.tasks] for c in able if c.tasks in taken and taken[c.tasks][0] != level]
    if len(copies) == len(able):
        other_year, title = copies[0]
        return (
            f"{year} : la compétence {competence} ne peut pas être couverte sans recopier dans deux années "
            f"la même liste de tâches : les situations qui la mobilisent reprennent celles de « {title} » "
            f"({_label(other_year)}). Créez pour la {year} une variante de niveau {year} avec ses propres "
            f"tâches."
        )
    shortest = min(c.hours for c in able)
    left = float("inf") if left is None else left
    if shortest > left:
        return (
            f"{year} : la compétence {competence} ne peut pas être couverte avec les heures restantes : "
            f"il reste {left:g} h d'enseignement professionnel et la plus courte situation qui la mobilise "
            f"demande {shortest:g} h. Libérez des heures ou créez une situation plus courte."
        )
    if not weeks:
        return (
            f"{year} : la compétence {competence} ne peut pas être couverte : plus aucune semaine de cours "
            f"libre. Libérez une semaine ou regroupez des situations."
        )
    if chosen_count >= len(weeks):
        return (
            f"{year} : la compétence {competence} ne peut pas être couverte : les {len(weeks)} semaines libres "
            f"sont toutes prises par les situations ajoutées pour d'autres compétences. Libérez des semaines."
        )
    return (
        f"{year} : la compétence {competence} ne peut pas être couverte en même temps que les autres "
        f"compétences manquantes : il reste {left:g} h, dont {chosen_hours:g} h déjà prises par les situations "
        f"ajoutées, et la plus courte situation qui la mobilise demande {shortest:g} h. "
        f"Libérez des heures ou créez des situations plus courtes."
    )


def _spread(progression: Progression, chosen: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """Give the chosen situations evenly spaced free weeks, in the order they were chosen."""
    result = []
    for year in progression.years:
        mine = [ci for ci, level in chosen if level == year.level]
        free = free_weeks(progression, year.level)
        result += [(ci, year.level, free[int((i + 0.5) * len(free) / len(mine))]) for i, ci in enumerate(mine)]
    return result


def complete(
    progression: Progression,
    referential: Referential,
    seed: int | None = None,
    candidates: list[Candidate] | None = None,
    propose: bool = True,
) -> Completion:
    """Propose the smallest set of situations that makes every year cover every required competence at its
    level; nothing is saved (see `services.progressions.apply_completion`).

    Candidates: `candidates` (the service adds the bank's scenarios), plus the proposer's (when `propose`).
    `seed` is passed to HiGHS so a re-run gives the same plan.
    """
    started = time.perf_counter()
    ref = referential
    missing = needs(progression, ref)
    pool = list(candidates or [])
    if propose:
        pool += proposed_candidates(progression, ref, missing, pool, seed=seed)
    pool = list({c.id: c for c in pool}.values())
    chosen, uncovered, status = _solve(progression, ref, pool, missing, seed) if any(missing.values()) else ([], [], "")
    added = []
    for ci, level, week in _spread(progression, chosen):
        c = pool[ci]
        added.append(
            Placement(
                scenario_id=c.id,
                title=c.title,
                year=level,
                week=week,
                level=c.level,
                competences=list(c.competences),
                sub_competences=list(c.sub_competences),
                hours=c.hours,
            )
        )
    completed = progression.model_copy(update={"placements": (*progression.placements, *added)})
    reasons = []
    known = {c.id: c.tasks for c in pool}
    taken = {known[p.scenario_id]: (p.year, p.title) for p in completed.placements if known.get(p.scenario_id)}
    for level, code in uncovered:
        mine = [pool[ci] for ci, lv in chosen if lv == level]
        reasons.append(_why(progression, ref, pool, level, code, sum(c.hours for c in mine), len(mine), taken))
    analysis = analyse(completed, ref)
    reasons += [str(p) for p in analysis.problems if p.kind == "complexité"]
    proposals = [pool[ci].scenario for ci, _ in chosen if pool[ci].scenario is not None]
    return Completion(
        completed,
        added,
        proposals,
        not uncovered,
        reasons,
        analysis,
        time.perf_counter() - started,
        status,
        len(pool),
        uncovered,
        _notes(progression, ref),
    )
