"""The CCF situations of a progression and whether the class is ready for each of them.

A situation marked as the CCF of an épreuve (`Placement.exam`) is checked against the official exams table
and the guide: the épreuve must be taken in CCF (« Ponctuel écrit » ones are not), never in Seconde
(guide 002: « aucune évaluation certificative ne sera organisée en seconde professionnelle »), and every
competence of the épreuve must have been worked — in a class situation or during a PFMP — strictly before
the CCF situation. Each reason is a `Problem` of kind « épreuve », in French, per épreuve and per competence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..errors import SpiraleError
from ..evaluation.exams import ExamScope, exam_scopes
from ..referential.model import Referential
from ..scenario.model import LEVEL_LABELS
from ..text import sentence
from .problems import Problem
from .progression import Placement, Progression
from .seconde import certificative_allowed, family_year

KIND = "épreuve"
# (year, n): the n-th PFMP period of that year (1, 2…), as the calendar lays them out → competences worked
PfmpWork = Mapping[tuple[str, int], Iterable[str]]


def _label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def seconde_rule() -> str:
    """The guide's sentence, word for word, quoted whenever a CCF is refused in Seconde."""
    return family_year().quote("certificative")


def _scope(ref: Referential, code: str) -> ExamScope | None:
    return next((s for s in exam_scopes(ref) if code in (s.code, s.short_code)), None)


def _exam_name(scope: ExamScope) -> str:
    return f"{scope.short_code} {scope.exam.title}"


def ccf_refusal(ref: Referential, exam: str, year: str, competences: Iterable[str] = ()) -> str:
    """Why a situation may not be the CCF of `exam` in `year` (French), or "" when it may."""
    scope = _scope(ref, exam)
    if scope is None:
        known = ", ".join(s.short_code for s in exam_scopes(ref) if s.in_ccf) or "aucune"
        return f"épreuve « {exam} » inconnue (épreuves en CCF : {known})"
    if not scope.in_ccf:
        return (
            f"l'épreuve {_exam_name(scope)} se passe en « {scope.mode} » d'après le tableau des épreuves, "
            "pas en CCF : une situation la prépare sans la certifier"
        )
    if not certificative_allowed(year):
        return f"pas de situation de CCF en {_label(year)} : « {seconde_rule()} »"
    competences = list(competences)
    if competences and not set(competences) & set(scope.competences):
        return (
            f"la situation ne mobilise aucune compétence de l'épreuve {_exam_name(scope)} "
            f"({', '.join(scope.competences)})"
        )
    return ""


def place_ccf(progression: Progression, doc, year: str, week: int, exam: str) -> Progression:
    """The progression with a situation placed as the CCF situation of `exam` (its last placement); refused in
    French when it cannot be one."""
    from ..referential import load_referential

    ref = load_referential(progression.referential)
    reason = ccf_refusal(ref, exam, year, doc.competences)
    if reason:
        raise SpiraleError(f"« {doc.title} » ne peut pas être la situation de CCF : {reason}.")
    placed = progression.placed(doc, year, week)
    ccf = placed.placements[-1].model_copy(update={"exam": _scope(ref, exam).short_code})
    return placed.model_copy(update={"placements": (*placed.placements[:-1], ccf)})


def pfmp_work_from_booklets(booklets) -> dict[tuple[str, int], set[str]]:
    """Competences the class works in each PFMP, read from its booklets (`pfmp.booklet.Booklet`).

    A competence counts for a period when a booklet plans an activity for it or records a level other than
    « NE » for one of its sub-competences: the binôme's plan, or what a tutor saw.
    """
    work: dict[tuple[str, int], set[str]] = {}
    for booklet in booklets:
        for n, period in enumerate(booklet.periods, start=1):
            found = work.setdefault((booklet.year, n), set())
            found.update(r.competence for r in booklet.rows if r.planned.get(period, "").strip())
            found.update(
                code.rsplit(".", 1)[0] for code, level in booklet.levels.get(period, {}).items() if level != "NE"
            )
    return work


def _pfmp_periods(progression: Progression) -> list[tuple[int, int, int]]:
    """(year index, n, last week) of every PFMP period: runs of consecutive PFMP weeks, numbered per year."""
    periods = []
    for y, year in enumerate(progression.years):
        n, previous = 0, False
        for week in year.weeks:
            is_pfmp = week.kind == "pfmp"
            if is_pfmp and not previous:
                n += 1
                periods.append([y, n, week.number])
            elif is_pfmp:
                periods[-1][2] = week.number
            previous = is_pfmp
    return [tuple(p) for p in periods]


@dataclass
class ExamStatus:
    """One épreuve of the progression: its CCF situations and what the class is missing before them."""

    scope: ExamScope
    placements: list[Placement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # CCF situation title → competences not worked

    @property
    def ready(self) -> bool:
        return bool(self.placements) and not any(p.severity == "erreur" for p in self.problems)

    @property
    def status(self) -> str:
        if not self.scope.in_ccf:
            return f"épreuve en « {self.scope.mode} » : pas de situation de CCF"
        if not self.placements:
            return "aucune situation de CCF placée"
        return "prêt" if self.ready else "pas prêt"


def exam_readiness(progression: Progression, ref: Referential, pfmp: PfmpWork | None = None) -> list[ExamStatus]:
    """Per épreuve of the referential (in the exams table's order), its CCF situations and their problems."""
    order = {y.level: i for i, y in enumerate(progression.years)}
    pfmp = pfmp or {}
    periods = _pfmp_periods(progression)
    statuses = {s.code: ExamStatus(s) for s in exam_scopes(ref)}
    unknown = []
    for p in progression.placements:
        if not p.exam:
            continue
        scope = _scope(ref, p.exam)
        if scope is None:
            unknown.append(p)
            continue
        status = statuses[scope.code]
        status.placements.append(p)
        status.problems += _placement_problems(progression, ref, scope, p, order, periods, pfmp, status)
    result = list(statuses.values())
    for p in unknown:  # a hand-edited file naming an épreuve the table does not have
        result[0].problems.append(
            Problem(
                KIND,
                f"{_label(p.year)}, semaine {p.week} : « {p.title} » est marquée comme situation de CCF d'une "
                f"épreuve inconnue (« {p.exam} »).",
                sentence(ccf_refusal(ref, p.exam, p.year)) + ".",
                p.year,
            )
        )
    return result


def _placement_problems(progression, ref, scope, p, order, periods, pfmp, status) -> list[Problem]:
    where = f"{_label(p.year)}, semaine {p.week}"
    name = _exam_name(scope)
    if not scope.in_ccf:
        return [
            Problem(
                KIND,
                f"{where} : « {p.title} » est placée comme situation de CCF de l'épreuve {name}, "
                f"qui se passe en « {scope.mode} » d'après le tableau des épreuves, pas en CCF.",
                "Retirez la marque CCF : cette situation prépare l'épreuve sans la certifier.",
                p.year,
            )
        ]
    if not certificative_allowed(p.year):
        return [
            Problem(
                KIND,
                f"{where} : « {p.title} » est placée comme situation de CCF de l'épreuve {name} ; "
                f"or « {seconde_rule()} »",
                "Retirez la marque CCF (la situation reste formative) et placez le CCF en Première ou en Terminale.",
                p.year,
            )
        ]
    when = (order[p.year], p.week)
    before_class = {
        c for q in progression.placements if q is not p and (order[q.year], q.week) < when for c in q.competences
    }
    before_pfmp = {
        c for y, n, last in periods if (y, last) < when for c in pfmp.get((progression.years[y].level, n), ())
    }
    problems, missing = [], []
    for code in scope.competences:
        if code in before_class or code in before_pfmp:
            continue
        missing.append(code)
        title = ref.competence(code).title
        problems.append(
            Problem(
                KIND,
                f"{scope.short_code} {scope.exam.title} — pas prêt pour la situation de CCF « {p.title} » "
                f"({where}) : la compétence {code} ({title}) n'a été travaillée ni en classe ni en PFMP avant cette "
                "situation.",
                f"Placez avant la semaine {p.week} de {_label(p.year)} une situation qui mobilise {code}, ou "
                f"prévoyez {code} dans les activités d'une PFMP antérieure.",
                p.year,
                code,
            )
        )
    status.missing[p.title] = missing
    for code in scope.competences:
        if code not in p.competences:
            problems.append(
                Problem(
                    KIND,
                    f"{scope.short_code} {scope.exam.title} : la situation de CCF « {p.title} » ({where}) "
                    f"n'évalue pas la compétence {code} ({ref.competence(code).title}) de l'épreuve.",
                    f"Ajoutez {code} à cette situation, ou prévoyez une autre situation de CCF qui l'évalue.",
                    p.year,
                    code,
                    "attention",
                )
            )
    return problems


def exam_problems(progression: Progression, ref: Referential, pfmp: PfmpWork | None = None) -> list[Problem]:
    """Every problem of the CCF situations, for the progression's analysis."""
    if not any(p.exam for p in progression.placements):
        return []
    return [problem for status in exam_readiness(progression, ref, pfmp) for problem in status.problems]
