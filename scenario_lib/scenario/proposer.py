"""One-click proposals: complete, editable, décloisonnées situations at the right level, each explained.

A proposal is an archetype's level variant (Spirale's data: its own tasks, hours, productions) dressed in a
company context, with at most a few complexity levers and, at the critical level, one critical incident played
in one task. Constraints are applied one by one so that, when they cannot all be met, the message names the one
that breaks (given the previous ones) instead of a bare « aucun résultat ».
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import SpiraleError
from ..evaluation.exams import prepares_line
from ..referential import available_referentials, load_referential
from ..referential.model import Referential
from ..text import fold, french_number
from .grammar import fill
from .model import Channel, CriticalIncident, Gradation, Market, Scenario, ScenarioTask, blocks_crossed
from .pedagogy import FAMILY_LEVEL, MIN_BLOCKS, Archetype, Context, LevelVariant, Pedagogy, load_pedagogy, task_block

E = TypeVar("E", Market, Channel)
MIN_TASK_HOURS = 1.0
STEP_HOURS = 0.5


class UnsatisfiableError(SpiraleError):
    """The teacher's constraints cannot all be met; `constraint` names the one that breaks."""

    def __init__(self, message: str, constraint: str = ""):
        self.constraint = constraint
        super().__init__(message)


@dataclass(frozen=True)
class Proposal:
    """A ready-to-edit scenario, why it was chosen (French, one line per reason) and its internal rank score
    (never shown to teachers)."""

    scenario: Scenario
    explanation: str
    score: float
    new_competences: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()

    def to_dict(self, rank: int = 1) -> dict:
        """Plain data for JSON: the summary keys (the rank, not the internal score), then the whole scenario."""
        sc = self.scenario
        return {
            "rang": rank,
            "titre": sc.title,
            "niveau": sc.level,
            "blocs": list(self.blocks),
            "competences": list(sc.competences),
            "archetype": sc.archetype,
            "contexte": sc.context.name,
            "heures": sc.total_hours,
            "nouvelles_competences": list(self.new_competences),
            "explication": self.explanation,
            "scenario": sc.model_dump(mode="json"),
        }


# --- inputs ----------------------------------------------------------------------------------------------
def as_referential(referential: str | Path | Referential) -> Referential:
    return referential if isinstance(referential, Referential) else load_referential(referential)


def _enum(cls: type[E], value: object, label: str) -> E | None:
    if value is None or isinstance(value, cls):
        return value
    for member in cls:
        if fold(str(value)).replace("-", " ") == fold(member.value).replace("-", " "):
            return member
    raise SpiraleError(f"{label} inconnu : « {value} » (attendu : {', '.join(m.value for m in cls)})")


def _codes(values: Iterable[str]) -> list[str]:
    return [str(v).strip() for v in values if str(v).strip()]


# --- hours -----------------------------------------------------------------------------------------------
def half_hours(value: float) -> float:
    return round(value / STEP_HOURS) * STEP_HOURS


def target_hours(arch: Archetype, variant: LevelVariant, hours: float | None) -> float:
    """The situation's total: the variant's own hours, or the hours asked kept within the archetype's range
    (in half hours, at least one hour per task)."""
    if hours is None:
        return variant.hours
    rng = arch.hours_range
    total = half_hours(rng.clamp(hours))
    if total > rng.max:
        total -= STEP_HOURS
    if total < rng.min:
        total += STEP_HOURS
    return max(total, MIN_TASK_HOURS * len(variant.tasks))


def scale_hours(durations: list[float], total: float | None) -> list[float]:
    """Durations rescaled to `total` in half hours, at least MIN_TASK_HOURS each; the longest tasks absorb the
    rounding, so that the sum is exactly `total` (itself in half hours, at least one hour per task)."""
    if total is None:
        return list(durations)
    factor = total / sum(durations)
    scaled = [max(MIN_TASK_HOURS, half_hours(d * factor)) for d in durations]
    excess = round((sum(scaled) - total) / STEP_HOURS)
    order = sorted(range(len(scaled)), key=lambda k: (-scaled[k], k))
    i = 0
    while excess and i < 10_000:
        k = order[i % len(order)]
        if excess > 0 and scaled[k] > MIN_TASK_HOURS:
            scaled[k] -= STEP_HOURS
            excess -= 1
        elif excess < 0:
            scaled[k] += STEP_HOURS
            excess += 1
        i += 1
    return scaled


# --- constraint filtering --------------------------------------------------------------------------------
Hint = Callable[[list], str]
Step = tuple[str, Callable[[Any], bool], Hint | None]


def _narrow(items: list, steps: Sequence[Step], what: str) -> list:
    """Apply named filters in order; the first that empties the list raises with its name, the constraints
    already applied, and a hint computed on what was left before it."""
    applied: list[str] = []
    for label, keep, hint in steps:
        remaining = [item for item in items if keep(item)]
        if not remaining:
            also = f" en plus de {', '.join(applied)}" if applied else ""
            raise UnsatisfiableError(
                f"contrainte impossible à satisfaire : aucun {what} ne respecte {label}{also}"
                + (f" — {hint(items)}" if hint else ""),
                label,
            )
        items, applied = remaining, [*applied, label]
    return items


def kept_competences(variant: LevelVariant, excluded: AbstractSet[str]) -> list[str]:
    return [c for c in variant.competences if c not in excluded]


def _archetypes(
    ref: Referential, ped: Pedagogy, level: str, blocks: list[str], required: list[str], excluded: set[str]
) -> list[Archetype]:
    candidates = ped.archetypes_for(ref)
    if not candidates:
        raise UnsatisfiableError(
            f"aucun archétype de situation ne s'applique au référentiel « {ref.short_title} »", "référentiel"
        )
    label = ref.level_info(level).label

    def blocks_of(a: Archetype) -> set[str]:
        return {ref.competence(c).block for c in kept_competences(a.at(level), excluded)}

    def family(_: list) -> str:
        return (
            "en Seconde, seules les situations de la famille des métiers de la relation client (accueil, "
            "commerce, vente) sont proposées"
        )

    family_hint = family if level == FAMILY_LEVEL else None
    steps: list[Step] = [(f"« niveau {label} »", lambda a: a.variant(level) is not None, family_hint)]
    if excluded:
        steps.append(
            (
                f"« au moins deux blocs après exclusion de {', '.join(sorted(excluded))} »",
                lambda a: len(blocks_of(a)) >= MIN_BLOCKS,
                lambda _: "retirez des compétences exclues",
            )
        )

    def crosses(block: str) -> Callable[[Archetype], bool]:
        return lambda a: block in blocks_of(a)

    def trains(code: str) -> Callable[[Archetype], bool]:
        return lambda a: code in kept_competences(a.at(level), excluded)

    steps += [(f"« bloc {b} »", crosses(b), None) for b in blocks]
    steps += [(f"« compétence {c} »", trains(c), None) for c in required]
    return _narrow(candidates, steps, "archétype")


def _contexts(ped: Pedagogy, sector: str | None, market: Market | None, channel: Channel | None) -> list[Context]:
    steps: list[Step] = []
    if sector:
        sectors = sorted({c.sector for c in ped.contexts})
        steps.append(
            (
                f"« secteur {sector} »",
                lambda c: fold(sector) in fold(c.sector),
                lambda _: f"secteurs disponibles : {', '.join(sectors)}",
            )
        )
    if market:
        steps.append((f"« marché {market.value} »", lambda c: c.market == market, None))
    if channel:
        steps.append((f"« canal {channel.value} »", lambda c: c.channel == channel, None))
    return _narrow(list(ped.contexts), steps, "contexte d'entreprise")


# --- building --------------------------------------------------------------------------------------------
def clean_criterion(text: str) -> str:
    """An official text as shown in a list: list punctuation (« , » « ; ») and doubled spaces removed; the data
    keeps the official wording to the letter."""
    return " ".join(text.split()).rstrip(" ,;")


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _incident(
    ped: Pedagogy, ref: Referential, variant: LevelVariant, ctx: Context, tasks: list[ScenarioTask], rng: random.Random
) -> CriticalIncident | None:
    index = variant.incident_task
    if index is None:
        return None
    drawn = rng.choice(ped.incidents_for(ref, variant.tasks[index], ctx.market))
    values = ctx.values()
    return CriticalIncident(
        code=drawn.code,
        title=sentence(fill(drawn.title, **values)),
        text=sentence(fill(drawn.text, **values)),
        task_number=index + 1,
        task_title=tasks[index].title,
        criteria=[sentence(fill(e, **values)) for e in drawn.evaluation],
    )


def build_scenario(
    ref: Referential,
    ped: Pedagogy,
    arch: Archetype,
    ctx: Context,
    level: str,
    rng: random.Random,
    excluded: AbstractSet[str] = frozenset(),
    hours: float | None = None,
    ref_name: str = "",
    keep_dimensions: AbstractSet[str] = frozenset(),
) -> Scenario:
    """A complete scenario from an archetype's level variant and a context (codes checked by the model)."""
    variant = arch.at(level)
    order = {c.code: i for i, c in enumerate(ref.competences)}
    competences = sorted(kept_competences(variant, excluded), key=order.__getitem__)
    durations = scale_hours([t.hours for t in variant.tasks], target_hours(arch, variant, hours))
    tasks = [
        ScenarioTask(
            title=t.title,
            duration_hours=d,
            modality=t.modality,
            channel=t.channel,
            rap_task=t.rap_task,
            criteria=[clean_criterion(c) for c in ped.task_criteria(ref, t.rap_task)],
        )
        for t, d in zip(variant.tasks, durations)
    ]
    incident = _incident(ped, ref, variant, ctx, tasks, rng)
    if incident:
        tasks[incident.task_number - 1] = tasks[incident.task_number - 1].model_copy(
            update={"description": f"Situation critique jouée dans cette tâche : {incident.title}."}
        )
    levels = [lv.code for lv in ref.levels]
    notes = [
        f"Situation proposée par Spirale à partir de l'archétype « {arch.title} » : contenu pédagogique "
        "propre à Spirale, non officiel, à adapter à la classe."
    ]
    if ctx.canvassing and any(t.channel == Channel.REMOTE for t in tasks):
        notes.append(f"Démarchage : {ctx.canvassing}")
    return Scenario.model_validate(
        dict(
            title=f"{arch.title} — {ctx.name}",
            referential=ref_name or ref.id,
            level=level,
            archetype=arch.code,
            context=ctx.company,
            mission=sentence(fill(variant.mission, **ctx.values())),
            tasks=tasks,
            competences=competences,
            sub_competences=sorted(
                (s for s in variant.sub_competences if ref.sub_competence(s).competence in competences),
                key=lambda s: (order[ref.sub_competence(s).competence], int(s.rsplit(".", 1)[-1])),
            ),
            resources=list(variant.resources),
            productions=list(dict.fromkeys([*variant.productions, *ped.productions_up_to(levels, level)])),
            tools=list(arch.tools),
            levers=[
                lv.as_lever() for lv in ped.choose_levers(level, rng, keep_dimensions, critical=incident is not None)
            ],
            gradation=Gradation(
                perimeter=variant.perimeter, nature=variant.nature, context=variant.context, autonomy=variant.autonomy
            ),
            incident=incident,
            notes="\n".join(notes),
        ),
        context={"referential": ref},
    )


# --- explanation -----------------------------------------------------------------------------------------
def block_reasons(ref: Referential, scenario: Scenario, asked: list[str]) -> list[str]:
    """Why each block is there: the task of its activity; a block beyond those asked says it was added."""
    lines = []
    for block in blocks_crossed(ref, scenario.competences):
        task = next(t for t in scenario.tasks if t.rap_task and task_block(ref, t.rap_task) == block)
        activity = ref.activity(ref.task(task.rap_task).activity)
        because = (
            f"la tâche « {task.title} » ({task.rap_task}) relève de l'activité {activity.code} « {activity.title} »"
        )
        if asked and block not in asked:
            lines.append(f"Bloc {block} ajouté parce que {because}.")
        elif not asked:
            lines.append(f"Bloc {block} : {because}.")
    return lines


def explain(
    ref: Referential,
    scenario: Scenario,
    covered: set[str],
    arch: Archetype,
    reasons: list[str],
    hours: float | None,
    asked_blocks: Sequence[str] = (),
) -> tuple[str, tuple[str, ...]]:
    blocks = blocks_crossed(ref, scenario.competences)
    new = tuple(c for c in scenario.competences if c not in covered)
    already = [c for c in scenario.competences if c in covered]
    lines = [f"Blocs croisés ({len(blocks)}) : " + " ; ".join(f"{b} — {ref.block(b).title}" for b in blocks) + "."]
    lines += block_reasons(ref, scenario, list(asked_blocks))
    prepares = prepares_line(ref, scenario.competences)
    if prepares:
        lines.append(f"Prépare : {prepares}.")
    if new:
        lines.append(
            "Compétences nouvellement couvertes : " + " ; ".join(f"{c} {ref.competence(c).title}" for c in new) + "."
        )
    else:
        lines.append("Aucune compétence nouvelle : la situation consolide des compétences déjà travaillées.")
    if already:
        lines.append(f"Déjà couvertes, revues à ce niveau : {', '.join(already)}.")
    ctx = scenario.context
    lines.append(
        f"Contexte « {ctx.name} » ({ctx.sector}, {ctx.market.value}, {ctx.channel.value}) : " + ", ".join(reasons) + "."
    )
    level = ref.level_info(scenario.level)
    grad = scenario.gradation
    if grad is not None:  # always set by the proposer
        lines.append(
            f"Niveau {level.label} ({level.complexity}) — périmètre : {sentence_lower(grad.perimeter)} ; "
            f"nature des tâches : {sentence_lower(grad.nature)} ; "
            f"autonomie : {sentence_lower(grad.autonomy)}."
        )
    if scenario.levers:
        lines.append(
            ("Levier" if len(scenario.levers) == 1 else "Leviers")
            + " de complexité : "
            + ", ".join(f"« {lv.title} »" for lv in scenario.levers)
            + "."
        )
    if scenario.incident:
        inc = scenario.incident
        lines.append(
            f"Situation critique : « {inc.title.rstrip('.')} », jouée dans la tâche n° {inc.task_number} "
            f"« {inc.task_title} » et évaluée sur ce que l'élève fait face à l'incident."
        )
    if scenario.level == FAMILY_LEVEL:
        lines.append(
            "Seconde : année de la famille des métiers de la relation client, situation formative sans spécialisation."
        )
    variant = arch.at(scenario.level)
    duration = f"Durée : {french_number(scenario.total_hours)} h en {len(scenario.tasks)} tâche" + (
        "s" if len(scenario.tasks) > 1 else ""
    )
    rng = arch.hours_range
    if hours is not None and abs(scenario.total_hours - hours) > 1e-9:
        duration += (
            f" (volume demandé, {french_number(hours)} h, ramené à la fourchette de la situation : "
            f"{french_number(rng.min)} à {french_number(rng.max)} h)"
            if not rng.min <= hours <= rng.max
            else f" (volume demandé, {french_number(hours)} h, arrondi à la demi-heure)"
        )
    elif hours is not None and abs(variant.hours - hours) > 1e-9:
        duration += f" (durées de la situation, {french_number(variant.hours)} h, ajustées au volume demandé)"
    lines.append(duration + ".")
    return "\n".join(lines), new


def sentence_lower(text: str) -> str:
    """A sentence of the data used inside another sentence: no final full stop, lower-case first letter
    (unless the second letter is upper-case too: an acronym)."""
    text = text.strip().rstrip(".")
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _context_reasons(
    arch: Archetype, ctx: Context, level: str, sector: str | None, market: Market | None, channel: Channel | None
) -> list[str]:
    reasons = []
    if sector:
        reasons.append(f"il relève du secteur demandé (« {sector} »)")
    if market or channel:
        reasons.append(
            "il respecte "
            + " et ".join(
                filter(
                    None,
                    [
                        f"le marché demandé ({market.value})" if market else "",
                        f"le canal demandé ({channel.value})" if channel else "",
                    ],
                )
            )
        )
    reasons.append(f"son canal ({ctx.channel.value}) et son marché ({ctx.market.value}) conviennent à « {arch.title} »")
    if level == FAMILY_LEVEL:
        families = [f for f in arch.families if f in ctx.families]
        reasons.append("il relève de la famille des métiers de la relation client (" + ", ".join(families) + ")")
    return reasons


# --- the proposer ----------------------------------------------------------------------------------------
def propose(
    referential: str | Path | Referential,
    level: str,
    n: int = 5,
    blocks_required: Iterable[str] = (),
    competences_required: Iterable[str] = (),
    competences_excluded: Iterable[str] = (),
    sector: str | None = None,
    market: Market | str | None = None,
    channel: Channel | str | None = None,
    hours: float | None = None,
    covered: Iterable[str] = (),
    seed: int | None = None,
) -> list[Proposal]:
    """Up to `n` ranked, diverse proposals: never twice the same archetype, contexts varied.

    Every proposal crosses at least two blocks and is a valid `Scenario`; the same seed gives the same
    proposals (ids and dates aside). Raises `UnsatisfiableError` naming the constraint that cannot be met.
    """
    ref = as_referential(referential)
    # A teacher's folder is stored as an absolute path, so the saved situation reopens from anywhere.
    ref_name = (
        ref.id
        if isinstance(referential, Referential) or str(referential) in available_referentials()
        else str(Path(referential).resolve())
    )
    ped = load_pedagogy()
    ref.level_info(level)
    if not isinstance(n, int) or n < 1:
        raise SpiraleError(f"nombre de propositions invalide : « {n} » (au moins 1)")
    blocks, required, excluded = (
        _codes(blocks_required),
        _codes(competences_required),
        set(_codes(competences_excluded)),
    )
    covered_set = set(_codes(covered))
    for b in blocks:
        ref.block(b)
        if not ref.competences_of(b):
            raise UnsatisfiableError(
                f"contrainte impossible à satisfaire : le bloc {b} n'a pas de compétence dans "
                f"le référentiel « {ref.short_title} »",
                f"bloc {b}",
            )
    for c in [*required, *excluded]:
        ref.competence(c)
    for c in covered_set:
        if not (ref.has("compétence", c) or ref.has("sous-compétence", c)):
            ref.competence(c)
    clash = sorted(set(required) & excluded)
    if clash:
        raise UnsatisfiableError(
            f"contrainte impossible à satisfaire : la compétence {clash[0]} est à la fois exigée et exclue",
            f"compétence {clash[0]}",
        )
    if hours is not None and not (0 < float(hours) <= 200):
        raise SpiraleError(f"volume horaire invalide : « {hours} » (entre 0 et 200 h)")
    hours = None if hours is None else float(hours)
    market, channel = _enum(Market, market, "marché"), _enum(Channel, channel, "canal")

    archetypes = _archetypes(ref, ped, level, blocks, required, excluded)
    contexts = _contexts(ped, sector, market, channel)
    suited = {a.code: [c for c in contexts if a.suits(c, level)] for a in archetypes}
    possible = archetypes
    archetypes = [a for a in possible if suited[a.code]]
    if not archetypes:
        raise UnsatisfiableError(
            "contrainte impossible à satisfaire : aucun des contextes d'entreprise retenus ("
            + ", ".join(c.name for c in contexts[:6])
            + ("…" if len(contexts) > 6 else "")
            + ") ne convient aux canaux et marchés des archétypes possibles ("
            + ", ".join(a.title for a in possible[:4])
            + ("…" if len(possible) > 4 else "")
            + ")"
            + (" en Seconde, famille des métiers comprise" if level == FAMILY_LEVEL else ""),
            "contexte",
        )

    rng = random.Random(seed)
    # Seeded weighted draw without replacement (key u^(1/w)): better coverage is favoured, the seed varies the
    # archetypes themselves, and one answer never repeats an archetype.
    keys = {a.code: rng.random() ** (1.0 / _weight(ref, a.at(level), level, excluded, covered_set)) for a in archetypes}
    chosen = sorted(archetypes, key=lambda a: -keys[a.code])[:n]
    used: dict[str, int] = {}
    proposals = []
    for arch in chosen:
        ctx = min(suited[arch.code], key=lambda c: (used.get(c.name, 0), c.channel != arch.channels[0], rng.random()))
        used[ctx.name] = used.get(ctx.name, 0) + 1
        scenario = build_scenario(ref, ped, arch, ctx, level, rng, excluded, hours, ref_name)
        explanation, new = explain(
            ref, scenario, covered_set, arch, _context_reasons(arch, ctx, level, sector, market, channel), hours, blocks
        )
        proposals.append(
            Proposal(
                scenario, explanation, round(keys[arch.code], 6), new, tuple(blocks_crossed(ref, scenario.competences))
            )
        )
    return proposals


def _weight(ref: Referential, variant: LevelVariant, level: str, excluded: set[str], covered: set[str]) -> float:
    """New competences weigh most, then blocks crossed (décloisonnement), then new sub-competences. In Seconde
    block 4B (the specialisation) is not favoured: it does not count."""
    competences = kept_competences(variant, excluded)
    if level == FAMILY_LEVEL:
        competences = [c for c in competences if ref.competence(c).block != "4B"]
    new = sum(c not in covered for c in competences)
    subs = sum(s not in covered for s in variant.sub_competences if ref.sub_competence(s).competence in competences)
    return (1.0 + new) ** 2 + 2.0 * len(blocks_crossed(ref, competences)) + 0.25 * subs
