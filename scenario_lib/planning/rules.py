"""Dated rule sets (chef-d'œuvre 2019, projet 2024, co-intervention) chosen per class and school year.

Rules change with reforms; plans name the rule set they were built with, so a plan saved under the 2019 rules
stays right when the 2024 ones apply to the next cohort. Hours of the official grid are read from the
referential's `hours` table (never copied into `data/regles/`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import SpiraleError
from ..files import FileProblem
from ..paths import data_dir
from ..referential.model import Hours, Referential
from ..text import fold
from ..validation import french_problems
from ..yamlfiles import read_yaml_file

Device = Literal["chef-doeuvre", "projet", "cointervention"]
Origin = Literal["officiel", "referentiel", "a_verifier"]
ORIGIN_LABELS = {
    "officiel": "texte officiel",
    "referentiel": "grille horaire du référentiel",
    "a_verifier": "à vérifier (pas de texte officiel dans les sources de Spirale)",
}
SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HoursSpec(_Rule):
    """Either a row of the referential's hours table (`referentiel`) or a weekly figure (`par_semaine`)."""

    referentiel: str = ""
    par_semaine: float | None = None


class Application(_Rule):
    diplome: str
    classe: str
    depuis: str
    jusqu_a: str = ""


class ClassRule(_Rule):
    heures: HoursSpec | dict[str, HoursSpec]
    semaines_cours: int | None = None
    date: str
    source: str
    origine: Origin


class Oral(_Rule):
    intitule: str
    classe: str
    moment: str
    texte: str
    date: str
    source: str
    origine: Origin


class Quote(_Rule):
    texte: str
    source: str


class RuleSet(_Rule):
    id: str
    dispositif: Device
    intitule: str
    date: str
    source: str
    origine: Origin
    avertissement: str = ""
    application: tuple[Application, ...]
    regle_pfmp: str = ""
    classes: dict[str, ClassRule]
    oral: Oral | None = None
    textes: tuple[Quote, ...] = ()

    def for_grade(self, grade: str) -> ClassRule:
        try:
            return self.classes[grade]
        except KeyError:
            raise SpiraleError(
                f"le jeu de règles « {self.id} » ne prévoit rien pour la classe « {grade} » "
                f"(classes prévues : {', '.join(self.classes)})"
            ) from None

    def applies(self, school_year: str, grade: str, diploma: str) -> bool:
        start = year_start(school_year)
        return any(
            a.diplome == diploma
            and a.classe == grade
            and year_start(a.depuis) <= start
            and (not a.jusqu_a or start <= year_start(a.jusqu_a))
            for a in self.application
        )


def year_start(school_year: str) -> int:
    match = SCHOOL_YEAR.match(str(school_year).strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise SpiraleError(f"année scolaire « {school_year} » invalide : écrivez-la « AAAA-AAAA », ex. « 2025-2026 »")
    return int(match.group(1))


def shift_year(school_year: str, years: int = 1) -> str:
    start = year_start(school_year) + years
    return f"{start}-{start + 1}"


def rules_dir():
    return data_dir() / "regles"


@lru_cache(maxsize=4)
def _load_all(folder: str) -> dict[str, RuleSet]:
    from pathlib import Path

    found: dict[str, RuleSet] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = read_yaml_file(path)
            rule = RuleSet.model_validate(data)
        except FileProblem as exc:
            raise SpiraleError(f"fichier de règles « {path.name} » illisible : {exc.reason_at()}") from None
        except ValidationError as exc:
            problems = " ; ".join(f"« {f} » : {r}" for f, r in french_problems(exc))
            raise SpiraleError(f"fichier de règles « {path.name} » invalide — {problems}") from None
        if rule.id in found:
            raise SpiraleError(f"jeu de règles « {rule.id} » défini deux fois (fichier « {path.name} »)")
        found[rule.id] = rule
    return found


def all_rule_sets() -> dict[str, RuleSet]:
    return _load_all(str(rules_dir()))


def rule_set(rule_id: str) -> RuleSet:
    rules = all_rule_sets()
    if rule_id not in rules:
        raise SpiraleError(f"jeu de règles inconnu : « {rule_id} » (connus : {', '.join(rules) or 'aucun'})")
    return rules[rule_id]


def rules_for(school_year: str, grade: str, kind: str = "projet", diploma: str = "bacpro") -> RuleSet:
    """The rule set in force for a class and a school year; `kind="projet"` covers chef-d'œuvre and projet."""
    devices = ("chef-doeuvre", "projet") if kind in {"projet", "chef-doeuvre"} else (kind,)
    matches = [
        r for r in all_rule_sets().values() if r.dispositif in devices and r.applies(school_year, grade, diploma)
    ]
    if not matches:
        raise SpiraleError(
            f"aucune règle de {'chef-d’œuvre / projet' if kind != 'cointervention' else kind} "
            f"connue pour la classe « {grade} » en {school_year} ({diploma})"
        )
    return max(matches, key=lambda r: r.date)


# --- hours -------------------------------------------------------------------------------------------------
def referential_hours(ref: Referential, subject: str, grade: str) -> float:
    """Yearly hours of one row of the official grid, found by an accent-insensitive part of its label."""
    wanted = fold(subject)
    rows = [h for h in ref.hours if wanted in fold(h.subject)]
    if not rows:
        raise SpiraleError(f"la grille horaire du référentiel « {ref.short_title} » n'a pas de ligne « {subject} »")
    return rows[0].value(grade)


def yearly_hours(rule: RuleSet, ref: Referential, grade: str, discipline: str = "") -> float:
    """Hours per year a rule set grants to one class (and one discipline for co-intervention)."""
    spec = rule.for_grade(grade).heures
    if isinstance(spec, dict):
        if discipline not in spec:
            raise SpiraleError(f"discipline « {discipline} » inconnue pour « {rule.id} » (attendu : {', '.join(spec)})")
        spec = spec[discipline]
    if spec.referentiel:
        return referential_hours(ref, spec.referentiel, grade)
    weeks = rule.for_grade(grade).semaines_cours or 0
    return round((spec.par_semaine or 0) * weeks, 2)


@dataclass
class HoursReport:
    """Result of an hour-budget check: `ok` is False when a budget is exceeded; messages are French."""

    ok: bool = True
    planned: float = 0.0
    budget: float = 0.0
    messages: list[str] = field(default_factory=list)

    def problem(self, message: str) -> None:
        self.ok = False
        self.messages.append(message)

    def __str__(self) -> str:
        return "\n".join(self.messages)


# --- the official hours grid, per teaching slot ----------------------------------------------------------
def _slot_of(row: Hours) -> str | None:
    subject = fold(row.subject)
    if "co-intervention" in subject:
        return "cointervention-francais" if "francais" in subject else "cointervention-maths"
    if "chef d" in subject:
        return "chef-oeuvre"
    return "professionnel" if "professionnel" in subject else None


def _is_total(row: Hours, rows: tuple[Hours, ...], level: str) -> bool:
    """The official table opens with « Enseignements professionnels », the sum of the rows below it."""
    others = sum(r.value(level) for r in rows if r is not row)
    return row.value(level) > 0 and abs(row.value(level) - others) < 0.5


def slot_budgets(ref: Referential, level: str) -> dict[str, float]:
    """Hours available per teaching slot in one year, never counting the summary row twice."""
    if level not in Hours.model_fields:
        return {}
    budgets: dict[str, float] = {}
    for row in ref.hours:
        slot = _slot_of(row)
        if slot and not _is_total(row, ref.hours, level):
            budgets[slot] = budgets.get(slot, 0.0) + row.value(level)
    return budgets
