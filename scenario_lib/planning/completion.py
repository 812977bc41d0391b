"""Complete a progression with the fewest extra situations, solved as a set-cover MIP with HiGHS.

Variables: y[c, year] = 1 when candidate situation c (of the year's level) is added to that year.
Constraints: every competence still missing in a year is covered; the year's hours of enseignement
professionnel are not exceeded; no more new situations than free class weeks (one per week); each
candidate at most once. Objective: fewest situations, then fewest hours. Each cover constraint has an
elastic variable with a huge cost, so one solve either meets every constraint or tells exactly which
competence × year cannot be met.

Why not one binary per candidate × week: free weeks are interchangeable for every constraint and for the
objective, so per-week binaries only multiply identical optima; HiGHS then spends its time proving
symmetric branches (measured: 11 s instead of 0.15 s for 150 bank situations on an empty progression).
The week capacity is kept as a count and the chosen situations are then spread over the free weeks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..errors import SpiraleError
from ..referential.model import Referential
from ..scenario.model import LEVEL_LABELS
from .coverage import Analysis, analyse
from .progression import Placement, Progression

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

    @classmethod
    def of(cls, scenario, source: str = "banque") -> "Candidate":
        return cls(scenario.id, scenario.title, scenario.level, tuple(scenario.competences), scenario.total_hours,
                   tuple(scenario.sub_competences), source, scenario if source != "banque" else None)


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


def _label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def needs(progression: Progression, ref: Referential) -> dict[str, list[str]]:
    """Competences a year still lacks at its own level of complexity (a Seconde situation in Première does not count)."""
    ranks = {lv.code: i for i, lv in enumerate(ref.levels)}
    result = {}
    for year in progression.years:
        done = {c for p in progression.placements if p.year == year.level and ranks.get(p.level, -1) >= ranks[year.level]
                for c in p.competences}
        result[year.level] = [c.code for c in ref.competences if c.code not in done]
    return result


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


def bank_candidates(bank, ref: Referential) -> list[Candidate]:
    return [Candidate.of(bank.get(e.id)) for e in bank.list(doc_type="scenario") if e.referential == ref.id]


def proposed_candidates(progression: Progression, ref: Referential, missing: dict[str, list[str]],
                        pool: list[Candidate] = (), per_level: int = 12, seed: int | None = None) -> list[Candidate]:
    """Fresh situations from the proposer for each year that lacks something, favouring what is missing.

    Besides the archetypes' own durations, shorter variants are asked for when the hours left are tight;
    a competence no candidate of the year mobilises yet is then asked for explicitly.
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
        left = hours_left(progression, level)
        result += ask(level, per_level, covered=covered)
        if left:
            result += ask(level, per_level, covered=covered,
                          hours=min(200.0, max(2.0, left / max(1, -(-len(codes) // 3)))))
        have = {k for c in (*pool, *result) if c.level == level for k in c.competences}
        for code in (c for c in codes if c not in have):
            result += ask(level, 3, covered=covered, competences_required=[code])
    return result


def _solve(progression: Progression, ref: Referential, candidates: list[Candidate], missing: dict[str, list[str]],
           seed: int | None = None) -> tuple[list[tuple[int, str]], list[tuple[str, str]], str]:
    """Build and solve the MIP; returns (chosen (candidate, year) pairs, uncovered (year, competence), status)."""
    import highspy

    placed = {(p.scenario_id, p.year) for p in progression.placements}
    columns = [(ci, level) for level, codes in missing.items() for ci, cand in enumerate(candidates)
               if cand.level == level and (cand.id, level) not in placed and set(cand.competences) & set(codes)]
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

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("random_seed", seed or 0)
    h.addVars(n_x + n_u, np.zeros(n_x + n_u), np.ones(n_x + n_u))
    if n_x:
        h.changeColsIntegrality(n_x, np.arange(n_x, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * n_x))
    h.changeColsCost(n_x + n_u, np.arange(n_x + n_u, dtype=np.int32), cost)
    starts, index, value = [], [], []
    for _, _, js, vals in rows:
        starts.append(len(index))
        index += js
        value += vals
    h.addRows(len(rows), np.array([r[0] for r in rows]), np.array([r[1] for r in rows]), len(index),
              np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32), np.array(value))
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SpiraleError(f"le solveur HiGHS n'a pas trouvé de solution ({status})")
    x = h.getSolution().col_value
    chosen = [columns[j] for j in range(n_x) if x[j] > 0.5]
    uncovered = [needs_list[k] for k in range(n_u) if x[n_x + k] > 0.5]
    return chosen, uncovered, status


def _why(progression: Progression, ref: Referential, candidates: list[Candidate], level: str, code: str,
         chosen_hours: float, chosen_count: int) -> str:
    """The constraint that stops `code` being covered in `level`, found by relaxing one constraint at a time."""
    year, competence = _label(level), f"{code} ({ref.competence(code).title})"
    placed = {p.scenario_id for p in progression.placements if p.year == level}
    able = [c for c in candidates if c.level == level and code in c.competences and c.id not in placed]
    left, weeks = hours_left(progression, level), free_weeks(progression, level)
    if not able:
        return (f"{year} : la compétence {competence} ne peut pas être couverte : aucune situation de {year} "
                f"(banque ou propositions) ne la mobilise. Créez-en une dans la banque.")
    shortest = min(c.hours for c in able)
    left = float("inf") if left is None else left
    if shortest > left:
        return (f"{year} : la compétence {competence} ne peut pas être couverte avec les heures restantes : "
                f"il reste {left:g} h d'enseignement professionnel et la plus courte situation qui la mobilise "
                f"demande {shortest:g} h. Libérez des heures ou créez une situation plus courte.")
    if not weeks:
        return (f"{year} : la compétence {competence} ne peut pas être couverte : plus aucune semaine de cours "
                f"libre. Libérez une semaine ou regroupez des situations.")
    if chosen_count >= len(weeks):
        return (f"{year} : la compétence {competence} ne peut pas être couverte : les {len(weeks)} semaines libres "
                f"sont toutes prises par les situations ajoutées pour d'autres compétences. Libérez des semaines.")
    return (f"{year} : la compétence {competence} ne peut pas être couverte en même temps que les autres "
            f"compétences manquantes : il reste {left:g} h, dont {chosen_hours:g} h déjà prises par les situations "
            f"ajoutées, et la plus courte situation qui la mobilise demande {shortest:g} h. "
            f"Libérez des heures ou créez des situations plus courtes.")


def _spread(progression: Progression, chosen: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """Give the chosen situations evenly spaced free weeks, in the order they were chosen."""
    result = []
    for year in progression.years:
        mine = [ci for ci, level in chosen if level == year.level]
        free = free_weeks(progression, year.level)
        result += [(ci, year.level, free[int((i + 0.5) * len(free) / len(mine))]) for i, ci in enumerate(mine)]
    return result


def complete(progression: Progression, referential: Referential, bank=None, seed: int | None = None,
             candidates: list[Candidate] | None = None, propose: bool = True) -> Completion:
    """Add the smallest set of situations that makes every year cover every competence at its level.

    Candidates: `candidates` if given, plus the bank's scenarios, plus the proposer's (when `propose`).
    `seed` is passed to HiGHS so a re-run gives the same plan.
    """
    started = time.perf_counter()
    ref = referential
    missing = needs(progression, ref)
    pool = list(candidates or [])
    if bank is not None:
        pool += bank_candidates(bank, ref)
    if propose:
        pool += proposed_candidates(progression, ref, missing, pool, seed=seed)
    pool = list({c.id: c for c in pool}.values())
    chosen, uncovered, status = _solve(progression, ref, pool, missing, seed) if any(missing.values()) else ([], [], "")
    completed = progression.model_copy(deep=True)
    added = []
    for ci, level, week in _spread(progression, chosen):
        c = pool[ci]
        added.append(Placement(scenario_id=c.id, title=c.title, year=level, week=week, level=c.level,
                               competences=list(c.competences), sub_competences=list(c.sub_competences),
                               hours=c.hours))
    completed.placements = [*completed.placements, *added]
    reasons = []
    for level, code in uncovered:
        mine = [pool[ci] for ci, lv in chosen if lv == level]
        reasons.append(_why(progression, ref, pool, level, code, sum(c.hours for c in mine), len(mine)))
    analysis = analyse(completed, ref)
    reasons += [str(p) for p in analysis.problems if p.kind == "complexité"]
    proposals = [pool[ci].scenario for ci, _ in chosen if pool[ci].scenario is not None]
    return Completion(completed, added, proposals, not uncovered, reasons, analysis,
                      time.perf_counter() - started, status, len(pool), uncovered)
