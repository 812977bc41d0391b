"""One-click proposals: complete, editable, décloisonnées situations at the right level, each explained.

A proposal is an archetype (Spirale's data) dressed in a company context, with the level's complexity levers.
Constraints are applied one by one so that, when they cannot all be met, the message names the one that
breaks (given the previous ones) instead of a bare « aucun résultat ».
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..errors import SpiraleError
from ..referential import available_referentials, load_referential
from ..referential.model import Referential
from ..text import fold, french_number
from .model import Channel, CompanyContext, Market, Scenario, ScenarioTask, blocks_crossed, referential_in_use
from .pedagogy import Archetype, Pedagogy, load_pedagogy

MIN_TASK_HOURS = 0.5


class UnsatisfiableError(SpiraleError):
    """The teacher's constraints cannot all be met; `constraint` names the one that breaks."""

    def __init__(self, message: str, constraint: str = ""):
        self.constraint = constraint
        super().__init__(message)


@dataclass(frozen=True)
class Proposal:
    """A ready-to-edit scenario, why it was chosen (French, one line per reason) and its rank score."""

    scenario: Scenario
    explanation: str
    score: float
    new_competences: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Plain data for JSON: the summary keys first, then the whole scenario."""
        sc = self.scenario
        return {"titre": sc.title, "niveau": sc.level, "blocs": list(self.blocks), "competences": list(sc.competences),
                "archetype": sc.archetype, "contexte": sc.context.name, "heures": sc.total_hours,
                "score": self.score, "nouvelles_competences": list(self.new_competences),
                "explication": self.explanation, "scenario": sc.model_dump(mode="json")}


# --- inputs ----------------------------------------------------------------------------------------------
def as_referential(referential: str | Path | Referential) -> Referential:
    return referential if isinstance(referential, Referential) else load_referential(referential)


def _enum(cls, value, label: str):
    if value is None or isinstance(value, cls):
        return value
    for member in cls:
        if fold(str(value)).replace("-", " ") == fold(member.value).replace("-", " "):
            return member
    raise SpiraleError(f"{label} inconnu : « {value} » (attendu : {', '.join(m.value for m in cls)})")


def _codes(values: Iterable[str]) -> list[str]:
    return [str(v).strip() for v in values if str(v).strip()]


# --- hours -----------------------------------------------------------------------------------------------
def min_hours(arch: Archetype) -> float:
    return MIN_TASK_HOURS * len(arch.steps)


def scale_hours(durations: list[float], total: float | None) -> list[float]:
    """Durations rescaled to `total` (quarter hours, at least MIN_TASK_HOURS each); the longest task absorbs
    the rounding so that the sum is exactly `total`."""
    if total is None:
        return list(durations)
    factor = total / sum(durations)
    scaled = [max(MIN_TASK_HOURS, round(d * factor * 4) / 4) for d in durations]
    excess = round(sum(scaled) - total, 6)
    for i in sorted(range(len(scaled)), key=lambda k: -scaled[k]):
        if abs(excess) < 1e-9:
            break
        give = min(excess, scaled[i] - MIN_TASK_HOURS) if excess > 0 else excess
        scaled[i] = round(scaled[i] - give, 6)
        excess = round(excess - give, 6)
    return scaled


# --- constraint filtering --------------------------------------------------------------------------------
Hint = Callable[[list], str]


def _narrow(items: list, steps: list[tuple[str, Callable[[object], bool], Hint | None]], what: str) -> list:
    """Apply named filters in order; the first that empties the list raises with its name, the constraints
    already applied, and a hint computed on what was left before it."""
    applied: list[str] = []
    for label, keep, hint in steps:
        remaining = [item for item in items if keep(item)]
        if not remaining:
            also = f" en plus de {', '.join(applied)}" if applied else ""
            raise UnsatisfiableError(f"contrainte impossible à satisfaire : aucun {what} ne respecte {label}{also}"
                                     + (f" — {hint(items)}" if hint else ""), label)
        items, applied = remaining, [*applied, label]
    return items


def _archetypes(ref: Referential, ped: Pedagogy, blocks: list[str], required: list[str], excluded: set[str],
                hours: float | None) -> list[Archetype]:
    candidates = ped.archetypes_for(ref)
    if not candidates:
        raise UnsatisfiableError(f"aucun archétype de situation ne s'applique au référentiel « {ref.short_title} »",
                                 "référentiel")

    def kept(a: Archetype) -> list[str]:
        return [c for c in a.competences if c not in excluded]

    def blocks_of(a: Archetype) -> set[str]:
        return {ref.competence(c).block for c in kept(a)}

    steps = []
    if excluded:
        steps.append((f"« au moins deux blocs après exclusion de {', '.join(sorted(excluded))} »",
                      lambda a: len(blocks_of(a)) >= 2, lambda _: "retirez des compétences exclues"))
    steps += [(f"« bloc {b} »", lambda a, b=b: b in blocks_of(a), None) for b in blocks]
    steps += [(f"« compétence {c} »", lambda a, c=c: c in kept(a), None) for c in required]
    if hours is not None:
        steps.append((f"« {french_number(hours)} h au total »", lambda a: min_hours(a) <= hours,
                      lambda left: "les archétypes qui conviennent demandent au moins "
                                   + french_number(min(min_hours(a) for a in left)) + " h"))
    return _narrow(candidates, steps, "archétype")


def _contexts(ped: Pedagogy, sector: str | None, market: Market | None, channel: Channel | None) -> list:
    steps = []
    if sector:
        sectors = sorted({c.sector for c in ped.contexts})
        steps.append((f"« secteur {sector} »", lambda c: fold(sector) in fold(c.sector),
                      lambda _: f"secteurs disponibles : {', '.join(sectors)}"))
    if market:
        steps.append((f"« marché {market.value} »", lambda c: c.market == market, None))
    if channel:
        steps.append((f"« canal {channel.value} »", lambda c: c.channel == channel, None))
    return _narrow(list(ped.contexts), steps, "contexte d'entreprise")


# --- building --------------------------------------------------------------------------------------------
def evaluation_criteria(ref: Referential, competences: list[str], rap_tasks: list[str]) -> list[str]:
    """Expected results (`resultats`) of the activities the tasks belong to, then the competences' performance
    criteria (titre professionnel); official wording kept to the letter (list punctuation included), no repeats."""
    activities = list(dict.fromkeys(ref.task(t).activity for t in rap_tasks))
    texts = [t for a in activities for t in ref.activity(a).texts("resultats")]
    texts += [crit for c in competences for crit in ref.competence(c).criteria]
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))


_CONTRACTED = {"a les": "aux", "a le": "au", "de les": "des", "de le": "du", "de des": "de", "de du": "de",
               "de un": "d'un", "de une": "d'une"}
_CONTRACTIONS = re.compile(r"\b(?:à les|à le|de les|de le|de des|de du|de une?)\b")
_ELISION = re.compile(r"\bde (?=[AEIOUYÉÈÊaeiouyéèêâîô])")


def mission_text(arch: Archetype, ctx: CompanyContext) -> str:
    text = arch.mission.format(entreprise=ctx.name, secteur=ctx.sector, produit=ctx.product, cible=ctx.target)
    text = _CONTRACTIONS.sub(lambda m: _CONTRACTED[fold(m.group(0))], " ".join(text.split()))
    return _ELISION.sub("d'", text)


def build_scenario(ref: Referential, ped: Pedagogy, arch: Archetype, ctx: CompanyContext, level: str,
                   rng: random.Random, excluded: set[str] = frozenset(), hours: float | None = None,
                   ref_name: str = "") -> Scenario:
    """A complete scenario from an archetype and a context at a level (codes checked by the model)."""
    order = {c.code: i for i, c in enumerate(ref.competences)}
    competences = sorted((c for c in arch.competences if c not in excluded), key=order.__getitem__)
    durations = scale_hours([s.hours for s in arch.steps], hours)
    tasks = [ScenarioTask(title=s.title, duration_hours=d, modality=s.modality, channel=s.channel or ctx.channel,
                          rap_task=s.rap_task) for s, d in zip(arch.steps, durations)]
    levels = [lv.code for lv in ref.levels]
    return Scenario(
        title=f"{arch.title} — {ctx.name}", referential=ref_name or ref.id,
        level=level, archetype=arch.code, context=ctx, mission=mission_text(arch, ctx), tasks=tasks,
        competences=competences,
        sub_competences=sorted((s for s in arch.sub_competences if ref.sub_competence(s).competence in competences),
                               key=lambda s: (order[ref.sub_competence(s).competence], int(s.rsplit(".", 1)[-1]))),
        resources=list(arch.resources),
        productions=list(dict.fromkeys([*arch.productions, *ped.productions_up_to(levels, level)])),
        evaluation_criteria=evaluation_criteria(ref, competences, [s.rap_task for s in arch.steps]),
        tools=list(arch.tools), levers=[lv.as_lever() for lv in ped.choose_levers(level, rng)],
        notes=f"Situation proposée par Spirale (archétype {arch.code}) : contenu pédagogique propre à Spirale, "
              "non officiel, à adapter à la classe.",
    )


# --- explanation -----------------------------------------------------------------------------------------
def explain(ref: Referential, scenario: Scenario, covered: set[str], arch: Archetype, reasons: list[str],
            hours: float | None) -> tuple[str, tuple[str, ...]]:
    blocks = blocks_crossed(ref, scenario.competences)
    new = tuple(c for c in scenario.competences if c not in covered)
    already = [c for c in scenario.competences if c in covered]
    lines = [f"Blocs croisés ({len(blocks)}) : "
             + " ; ".join(f"{b} — {ref.block(b).title}" for b in blocks) + "."]
    if new:
        lines.append("Compétences nouvellement couvertes : "
                     + " ; ".join(f"{c} {ref.competence(c).title}" for c in new) + ".")
    else:
        lines.append("Aucune compétence nouvelle : la situation consolide des compétences déjà travaillées.")
    if already:
        lines.append(f"Déjà couvertes, revues à ce niveau : {', '.join(already)}.")
    ctx = scenario.context
    lines.append(f"Contexte « {ctx.name} » ({ctx.sector}, {ctx.market.value}, {ctx.channel.value}) : "
                 + ", ".join(reasons) + ".")
    level = ref.level_info(scenario.level)
    lines.append(f"Niveau {level.label} — {level.complexity} : leviers "
                 + ", ".join(f"« {lv.title} »" for lv in scenario.levers) + ".")
    duration = f"Durée : {french_number(scenario.total_hours)} h en {len(scenario.tasks)} tâches"
    if hours is not None and abs(arch.hours - hours) > 1e-9:
        duration += f" (durées de l'archétype, {french_number(arch.hours)} h, ajustées au volume demandé)"
    lines.append(duration + ".")
    return "\n".join(lines), new


def _context_reasons(arch: Archetype, ctx: CompanyContext, sector: str | None, market: Market | None,
                     channel: Channel | None) -> list[str]:
    reasons = []
    if sector:
        reasons.append(f"il relève du secteur demandé (« {sector} »)")
    if market or channel:
        reasons.append("il respecte " + " et ".join(filter(None, [
            f"le marché demandé ({market.value})" if market else "",
            f"le canal demandé ({channel.value})" if channel else ""])))
    reasons.append(f"son canal ({ctx.channel.value}) et son marché ({ctx.market.value}) conviennent à "
                   f"« {arch.title} »")
    return reasons


# --- the proposer ----------------------------------------------------------------------------------------
def propose(referential: str | Path | Referential, level: str, n: int = 5, blocks_required: Iterable[str] = (),
            competences_required: Iterable[str] = (), competences_excluded: Iterable[str] = (),
            sector: str | None = None, market: Market | str | None = None, channel: Channel | str | None = None,
            hours: float | None = None, covered: Iterable[str] = (), seed: int | None = None) -> list[Proposal]:
    """Up to `n` ranked, diverse proposals (never twice the same archetype with the same context).

    Every proposal crosses at least two blocks and is a valid `Scenario`; the same seed gives the same
    proposals (ids and dates aside). Raises `UnsatisfiableError` naming the constraint that cannot be met.
    """
    ref = as_referential(referential)
    # A teacher's folder is stored as an absolute path, so the saved situation reopens from anywhere.
    ref_name = (ref.id if isinstance(referential, Referential) or str(referential) in available_referentials()
                else str(Path(referential).resolve()))
    ped = load_pedagogy()
    ref.level_info(level)
    if not isinstance(n, int) or n < 1:
        raise SpiraleError(f"nombre de propositions invalide : « {n} » (au moins 1)")
    blocks, required, excluded = _codes(blocks_required), _codes(competences_required), set(_codes(competences_excluded))
    covered_set = set(_codes(covered))
    for b in blocks:
        ref.block(b)
        if not ref.competences_of(b):
            raise UnsatisfiableError(f"contrainte impossible à satisfaire : le bloc {b} n'a pas de compétence dans "
                                     f"le référentiel « {ref.short_title} »", f"bloc {b}")
    for c in [*required, *excluded]:
        ref.competence(c)
    for c in covered_set:
        if not (ref.has("compétence", c) or ref.has("sous-compétence", c)):
            ref.competence(c)
    clash = sorted(set(required) & excluded)
    if clash:
        raise UnsatisfiableError(f"contrainte impossible à satisfaire : la compétence {clash[0]} est à la fois "
                                 "exigée et exclue", f"compétence {clash[0]}")
    if hours is not None and not (0 < float(hours) <= 200):
        raise SpiraleError(f"volume horaire invalide : « {hours} » (entre 0 et 200 h)")
    hours = None if hours is None else float(hours)
    market, channel = _enum(Market, market, "marché"), _enum(Channel, channel, "canal")

    archetypes = _archetypes(ref, ped, blocks, required, excluded, hours)
    contexts = _contexts(ped, sector, market, channel)
    pairs = [(a, c) for a in archetypes for c in contexts if a.suits(c)]
    if not pairs:
        raise UnsatisfiableError(
            "contrainte impossible à satisfaire : aucun des contextes d'entreprise retenus ("
            + ", ".join(c.name for c in contexts[:6]) + ("…" if len(contexts) > 6 else "")
            + ") ne convient aux canaux et marchés des archétypes possibles ("
            + ", ".join(a.title for a in archetypes[:4]) + ("…" if len(archetypes) > 4 else "") + ")", "contexte")

    rng = random.Random(seed)
    coverage = {a.code: _coverage_score(ref, a, excluded, covered_set) for a in archetypes}
    # a context on the archetype's preferred channel gets a small bonus; the seed breaks ties and varies lists
    scored = [(coverage[a.code] + (0.5 if c.channel == a.channels[0] else 0.0) + rng.random(), a, c)
              for a, c in pairs]
    chosen = _diverse(scored, n)
    proposals = []
    with referential_in_use(ref_name, ref):
        for score, arch, ctx in chosen:
            scenario = build_scenario(ref, ped, arch, ctx, level, rng, excluded, hours, ref_name)
            explanation, new = explain(ref, scenario, covered_set, arch,
                                       _context_reasons(arch, ctx, sector, market, channel), hours)
            proposals.append(Proposal(scenario, explanation, round(score, 2), new,
                                      tuple(blocks_crossed(ref, scenario.competences))))
    return proposals


def _coverage_score(ref: Referential, arch: Archetype, excluded: set[str], covered: set[str]) -> float:
    """New competences weigh most, then blocks crossed (décloisonnement), then new sub-competences."""
    competences = [c for c in arch.competences if c not in excluded]
    new = sum(c not in covered for c in competences)
    subs = sum(s not in covered for s in arch.sub_competences if ref.sub_competence(s).competence in competences)
    return 3.0 * new + 2.0 * len(blocks_crossed(ref, competences)) + 0.25 * subs


def _diverse(scored: list[tuple[float, Archetype, CompanyContext]], n: int) -> list:
    """Greedy pick: each archetype or context already used lowers the next picks' score, so the list varies."""
    remaining = list(scored)
    used_arch: dict[str, int] = {}
    used_ctx: dict[str, int] = {}
    picked = []
    while remaining and len(picked) < n:
        def adjusted(item):
            score, arch, ctx = item
            return score - 6.0 * used_arch.get(arch.code, 0) - 3.0 * used_ctx.get(ctx.name, 0)

        best = max(remaining, key=adjusted)
        remaining.remove(best)
        _, arch, ctx = best
        picked.append((adjusted(best), arch, ctx))
        used_arch[arch.code] = used_arch.get(arch.code, 0) + 1
        used_ctx[ctx.name] = used_ctx.get(ctx.name, 0) + 1
    return picked
