"""Spirale's own pedagogical data (`data/spirale/`): archetypes, company contexts, levers, incidents, criteria.

This content is Spirale's, not official: every file says so in its `origine` key, and it is kept apart from
the referentials. It is validated on load (shape with pydantic, every code against the referentials the
archetype names, every criterion word for word against the official texts) and cached until a file changes,
so the proposer can rely on it blindly.

An archetype describes one situation per level of its referential (`niveaux`): its scope, the nature of its
tasks, the contextual elements and the autonomy expected, with its own tasks, hours and productions — the
guide's three dimensions of the spiral. Seconde exists only for archetypes of the family of trades
(`familles`); the level whose complexity is « situation critique » has exactly one task where a critical
incident, drawn from `incidents.yaml`, is played and evaluated.
"""

from __future__ import annotations

import random
from collections.abc import Set as AbstractSet
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import SpiraleError
from ..files import FileProblem
from ..paths import data_dir
from ..referential import available_referentials, load_referential
from ..referential.model import Referential
from ..text import fold, normalise_space
from ..validation import french_problems
from ..yamlfiles import read_yaml_file
from .grammar import PLACEHOLDER_FORMS, NounPhrase, fill, placeholders
from .model import Channel, CompanyContext, Lever, Market, Modality, blocks_crossed

MIN_BLOCKS = 2  # a décloisonnée situation crosses at least this many blocks

ORIGIN = "Spirale — contenu pédagogique propre, non officiel"
FILES = ("archetypes.yaml", "contextes.yaml", "leviers.yaml", "incidents.yaml", "criteres.yaml")
NOUN_FIELDS = {"entreprise", "produit", "cible"}
TEMPLATE_FIELDS = NOUN_FIELDS | {"secteur"}
FAMILIES = ("accueil", "commerce", "vente")
FAMILY_LEVEL = "seconde"  # the family-of-trades year: no specialisation, no certificative evaluation
MAX_LEVERS = 3
UNDRAWN_DIMENSIONS = {"autonomie"}  # the level variant states the autonomy expected
CRITICAL_DIMENSIONS = {"imprevu"}  # the critical incident is the unforeseen event of the critical level


class PedagogyError(SpiraleError):
    """Spirale's own data is broken: names the file and the entry."""

    def __init__(self, reason: str, file: str, entry: str = ""):
        self.file, self.entry = file, entry
        where = f"fichier « {file} »" + (f", entrée « {entry} »" if entry else "")
        super().__init__(f"{where} : {reason}")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- archetypes ------------------------------------------------------------------------------------------
class TaskTemplate(_Data):
    title: str = Field(alias="titre", min_length=1)
    hours: float = Field(alias="heures", ge=1, le=200)
    modality: Modality = Field(alias="modalite")
    channel: Channel = Field(alias="canal")
    rap_task: str = Field(alias="tache", min_length=1)
    competences: tuple[str, ...] = ()
    incident: bool = False


class LevelVariant(_Data):
    """The situation at one level: what it covers, what the tasks are, in which context, with what autonomy."""

    perimeter: str = Field(alias="perimetre", min_length=1)
    nature: str = Field(min_length=1)
    context: str = Field(alias="contexte", min_length=1)
    autonomy: str = Field(alias="autonomie", min_length=1)
    mission: str = Field(min_length=1)
    competences: tuple[str, ...] = Field(min_length=2)
    sub_competences: tuple[str, ...] = Field(alias="sous_competences", default=())
    tasks: tuple[TaskTemplate, ...] = Field(alias="taches", min_length=1)
    resources: tuple[str, ...] = Field(alias="ressources", default=())
    productions: tuple[str, ...] = ()

    @property
    def hours(self) -> float:
        return sum(t.hours for t in self.tasks)

    @property
    def incident_task(self) -> int | None:
        return next((i for i, t in enumerate(self.tasks) if t.incident), None)


class HoursRange(_Data):
    min: float = Field(ge=1, le=200)
    max: float = Field(ge=1, le=200)

    def clamp(self, hours: float) -> float:
        return min(self.max, max(self.min, hours))


class Archetype(_Data):
    code: str = Field(min_length=1)
    title: str = Field(alias="titre", min_length=1)
    referentials: tuple[str, ...] = Field(alias="referentiels", min_length=1)
    channels: tuple[Channel, ...] = Field(alias="canaux", min_length=1)
    markets: tuple[Market, ...] = Field(alias="marches", min_length=1)
    families: tuple[Literal["accueil", "commerce", "vente"], ...] = Field(alias="familles", default=())
    hours_range: HoursRange = Field(alias="heures")
    tools: tuple[str, ...] = Field(alias="outils", default=())
    levels: dict[str, LevelVariant] = Field(alias="niveaux", min_length=1)

    def variant(self, level: str) -> LevelVariant | None:
        return self.levels.get(level)

    def at(self, level: str) -> LevelVariant:
        """The variant of a level the archetype is known to have (the proposer filtered on it)."""
        variant = self.levels.get(level)
        if variant is None:
            raise SpiraleError(f"l'archétype « {self.title} » n'a pas de variante pour le niveau « {level} »")
        return variant

    @property
    def competences(self) -> tuple[str, ...]:
        """Every competence of every level, in first-seen order."""
        return tuple(dict.fromkeys(c for v in self.levels.values() for c in v.competences))

    def blocks(self, ref: Referential, level: str | None = None) -> list[str]:
        variant = self.variant(level) if level else None
        return blocks_crossed(ref, variant.competences if variant else self.competences)

    def suits(self, context: Context, level: str | None = None) -> bool:
        """Channel and market fit; in Seconde, the context must also belong to one of the archetype's families."""
        if context.market not in self.markets or context.channel not in self.channels:
            return False
        if level == FAMILY_LEVEL:
            return bool(set(self.families) & set(context.families))
        return True


# --- contexts --------------------------------------------------------------------------------------------
class _Noun(_Data):
    text: str = Field(alias="texte", min_length=1)
    gender: Literal["m", "f"] = Field(alias="genre")
    number: Literal["s", "p"] = Field(alias="nombre")
    elision: bool | None = None

    def phrase(self) -> NounPhrase:
        return NounPhrase(self.text, self.gender, self.number, elision=self.elision)


class _ContextEntry(_Data):
    name: str = Field(alias="nom", min_length=1)
    elision: bool | None = None  # None: « d' » before a vowel; true for an h muet (« d'Habitat »)
    sector: str = Field(alias="secteur", min_length=1)
    market: Market = Field(alias="marche")
    channel: Channel = Field(alias="canal")
    families: tuple[Literal["accueil", "commerce", "vente"], ...] = Field(alias="familles", default=())
    product: _Noun = Field(alias="produit")
    target: _Noun = Field(alias="cible")
    size: str = Field(alias="taille", default="PME")
    description: str = ""
    canvassing: str = Field(alias="demarchage", default="")


class Context(BaseModel):
    """A company context: what a scenario records (`company`) plus the grammar its templates need."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    company: CompanyContext
    families: tuple[str, ...] = ()
    name_phrase: NounPhrase
    product: NounPhrase
    target: NounPhrase
    canvassing: str = ""

    @property
    def name(self) -> str:
        return self.company.name

    @property
    def sector(self) -> str:
        return self.company.sector

    @property
    def market(self) -> Market:
        return self.company.market

    @property
    def channel(self) -> Channel:
        return self.company.channel

    def values(self) -> dict:
        """Template values: `{entreprise.de}`, `{cible.aux}`, `{produit.le}`, `{secteur}`."""
        return {"entreprise": self.name_phrase, "secteur": self.sector, "produit": self.product, "cible": self.target}

    @classmethod
    def of_company(cls, company: CompanyContext) -> Context:
        """A teacher's own context (free text, no grammar given): plural guessed from the final letter."""

        def guess(text: str) -> NounPhrase:
            words = text.split()
            if words and fold(words[0]) in {"les", "des", "le", "la", "un", "une", "du"}:
                text = " ".join(words[1:]) or text
            return NounPhrase(text, "m", "p" if text.rstrip().endswith(("s", "x")) else "s")

        return cls(
            company=company,
            name_phrase=NounPhrase(company.name, proper=True),
            product=guess(company.product),
            target=guess(company.target),
        )


# --- levers, incidents -----------------------------------------------------------------------------------
class LeverTemplate(_Data):
    code: str = Field(min_length=1)
    dimension: str = Field(min_length=1)
    title: str = Field(alias="titre", min_length=1)
    text: str = Field(alias="texte", min_length=1)
    levels: tuple[str, ...] = Field(alias="niveaux", min_length=1)
    optional: bool = Field(alias="optionnel", default=False)

    def as_lever(self) -> Lever:
        return Lever(code=self.code, title=self.title, text=self.text)


class Incident(_Data):
    """A critical event: what happens, where it can happen, and what the teacher observes."""

    code: str = Field(min_length=1)
    title: str = Field(alias="titre", min_length=1)
    text: str = Field(alias="texte", min_length=1)
    activities: tuple[str, ...] = Field(alias="activites", min_length=1)
    channels: tuple[Channel, ...] = Field(alias="canaux", default=())
    markets: tuple[Market, ...] = Field(alias="marches", default=())
    evaluation: tuple[str, ...] = Field(min_length=2, max_length=5)
    referentials: tuple[str, ...] = Field(alias="referentiels", min_length=1)

    def fits(self, ref_id: str, activity: str, channel: Channel) -> bool:
        return (
            ref_id in self.referentials
            and activity in self.activities
            and (not self.channels or channel in self.channels)
        )


# --- files -----------------------------------------------------------------------------------------------
class _ArchetypesFile(_Data):
    origin: str = Field(alias="origine")
    archetypes: tuple[Archetype, ...] = Field(min_length=1)


class _ContextsFile(_Data):
    origin: str = Field(alias="origine")
    contexts: tuple[_ContextEntry, ...] = Field(alias="contextes", min_length=1)


class _LeversFile(_Data):
    origin: str = Field(alias="origine")
    counts: dict[str, int] = Field(alias="optionnels")
    productions: dict[str, tuple[str, ...]] = {}
    levers: tuple[LeverTemplate, ...] = Field(alias="leviers", min_length=1)


class _IncidentsFile(_Data):
    origin: str = Field(alias="origine")
    incidents: tuple[Incident, ...] = Field(min_length=1)


class _CriteriaFile(_Data):
    origin: str = Field(alias="origine")
    criteria: dict[str, dict[str, tuple[str, ...]]] = Field(alias="criteres", min_length=1)


class Pedagogy(BaseModel):
    """All of Spirale's pedagogical data, validated."""

    model_config = ConfigDict(frozen=True)
    archetypes: tuple[Archetype, ...]
    contexts: tuple[Context, ...]
    levers: tuple[LeverTemplate, ...]
    lever_counts: dict[str, int]
    level_productions: dict[str, tuple[str, ...]]
    incidents: tuple[Incident, ...]
    criteria: dict[str, dict[str, tuple[str, ...]]]

    @cached_property
    def _by_code(self) -> dict[str, Archetype]:
        return {a.code: a for a in self.archetypes}

    def archetype(self, code: str) -> Archetype | None:
        return self._by_code.get(code)

    def context(self, company: CompanyContext) -> Context:
        """Spirale's context with this company's name (grammar included), or one built from the teacher's text."""
        found = next((c for c in self.contexts if c.company == company), None)
        return found or Context.of_company(company)

    def archetypes_for(self, ref: Referential) -> list[Archetype]:
        """Archetypes written for this referential; for a referential Spirale does not know (a teacher's own
        folder), every archetype whose codes all exist in it."""
        listed = [a for a in self.archetypes if ref.id in a.referentials]
        return listed or [a for a in self.archetypes if not _code_problems(a, ref)]

    def levers_at(self, level: str) -> list[LeverTemplate]:
        return [lv for lv in self.levers if level in lv.levels]

    def drawable_levers(self, level: str, critical: bool = False) -> list[LeverTemplate]:
        """Levers that complement a level variant: not autonomy (the variant states it), not the unforeseen
        event at the critical level (the incident is that event)."""
        skip = UNDRAWN_DIMENSIONS | (CRITICAL_DIMENSIONS if critical else set())
        return [lv for lv in self.levers_at(level) if lv.dimension not in skip]

    def choose_levers(
        self, level: str, rng: random.Random, keep: AbstractSet[str] = frozenset(), critical: bool = False
    ) -> list[LeverTemplate]:
        """At most MAX_LEVERS levers of the level (never stacked), those on a dimension in `keep` first (the
        thread of a spiral), the others drawn with `rng`; returned in the data's order."""
        at = self.drawable_levers(level, critical)
        count = min(MAX_LEVERS, self.lever_counts.get(level, 2), len(at))
        kept = [lv for lv in at if lv.dimension in keep]
        rng.shuffle(kept)
        kept = kept[:count]
        others = [lv for lv in at if lv not in kept]
        chosen = {lv.code for lv in [*kept, *rng.sample(others, count - len(kept))]}
        return [lv for lv in at if lv.code in chosen]

    def productions_up_to(self, levels: list[str], level: str) -> list[str]:
        """Level productions accumulated along the referential's level order (Terminale adds to Première)."""
        upto = levels[: levels.index(level) + 1] if level in levels else [level]
        return [p for lv in upto for p in self.level_productions.get(lv, ())]

    def incidents_for(self, ref: Referential, task: TaskTemplate, market: Market | None = None) -> list[Incident]:
        """Incidents that can happen in this task (referential, activity, channel), those of the context's
        market when there are some."""
        ref_id = ref.id if any(ref.id in i.referentials for i in self.incidents) else _known_id(self, ref)
        activity = ref.task(task.rap_task).activity
        fitting = [i for i in self.incidents if i.fits(ref_id, activity, task.channel)]
        on_market = [i for i in fitting if not i.markets or market in i.markets]
        return on_market if market and on_market else fitting

    def task_criteria(self, ref: Referential, rap_task: str) -> tuple[str, ...]:
        return self.criteria.get(ref.id, {}).get(rap_task) or self.criteria.get(_known_id(self, ref), {}).get(
            rap_task, ()
        )


def _known_id(ped: Pedagogy, ref: Referential) -> str:
    """For a teacher's copy of a referential: the bundled referential whose criteria carry its task codes."""
    return next((rid for rid, tasks in ped.criteria.items() if any(ref.has("tâche", t) for t in tasks)), ref.id)


# --- loading ---------------------------------------------------------------------------------------------
def _read(path: Path) -> dict:
    name = path.name
    if not path.is_file():
        raise PedagogyError("fichier introuvable", name)
    try:
        data = read_yaml_file(path)
    except FileProblem as exc:
        raise PedagogyError(exc.reason_at(), name) from None
    if not isinstance(data, dict):
        raise PedagogyError("un dictionnaire « clé: valeur » est attendu", name)
    if not str(data.get("origine", "")).startswith(ORIGIN):
        raise PedagogyError(f"la clé « origine » doit commencer par « {ORIGIN} » (contenu propre à Spirale)", name)
    return data


def _parse(model: type[_Data], data: dict, file: str, list_key: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, reason = french_problems(exc)[0]
        entry = ""
        first = exc.errors()[0]["loc"]
        if len(first) >= 2 and first[0] == list_key and isinstance(first[1], int):
            raw = (data.get(list_key) or [None] * (first[1] + 1))[first[1]]
            if isinstance(raw, dict):
                entry = str(raw.get("code") or raw.get("nom") or f"n° {first[1] + 1}")
        elif len(first) >= 2 and first[0] == list_key:
            entry = "/".join(str(p) for p in first[1:3])
        path = "/".join(str(p) for p in first[2:] if not isinstance(p, int)) if entry else ""
        raise PedagogyError(f"« {path or field} » : {reason}", file, entry) from None


def _tool_corpus(ref: Referential) -> str:
    """Text where a tool name must appear: the referential's digital tools, or, when it has none (titre
    professionnel), the resources and know-how that name the tools of the trade."""
    if ref.tools:
        texts = [t.tool for t in ref.tools]
    else:
        texts = [e.text for a in ref.activities for e in a.elements if e.heading == "ressources"]
        texts += [k.text for c in ref.competences for k in c.know_how]
    return fold(" ".join(texts))


def task_block(ref: Referential, rap_task: str) -> str:
    """The block a RAP task belongs to, through its activity (1↔T1.xx, 4B↔T4B.xx; titre pro AT1↔TAT1.xx)."""
    return ref.activity(ref.task(rap_task).activity).block


def _variant_problems(level: str, variant: LevelVariant, ref: Referential) -> list[str]:
    at = f"niveau « {level} » : "
    problems = [at + f"compétence « {c} » inconnue" for c in variant.competences if not ref.has("compétence", c)]
    for sub in variant.sub_competences:
        if not ref.has("sous-compétence", sub):
            problems.append(at + f"sous-compétence « {sub} » inconnue")
        elif ref.sub_competence(sub).competence not in variant.competences:
            problems.append(at + f"sous-compétence « {sub} » hors des compétences du niveau")
    for number, task in enumerate(variant.tasks, start=1):
        if not ref.has("tâche", task.rap_task):
            problems.append(at + f"tâche n° {number} : tâche « {task.rap_task} » inconnue")
        outside = [c for c in task.competences if c not in variant.competences]
        if outside:
            problems.append(at + f"tâche n° {number} : compétence « {outside[0]} » hors des compétences du niveau")
        if task.hours * 2 != int(task.hours * 2):
            problems.append(at + f"tâche n° {number} : durée en heures entières ou demi-heures attendue")
    if problems:
        return problems
    blocks = blocks_crossed(ref, variant.competences)
    if len(blocks) < MIN_BLOCKS:
        problems.append(at + "les compétences doivent relever d'au moins deux blocs")
    backed = {task_block(ref, t.rap_task) for t in variant.tasks}
    problems += [
        at + f"le bloc {b} n'a aucune tâche de son activité (tâche du référentiel de l'activité {b})"
        for b in blocks
        if b not in backed
    ]
    return problems


def _code_problems(arch: Archetype, ref: Referential) -> list[str]:
    problems = []
    for level, variant in arch.levels.items():
        if not ref.has("niveau", level):
            problems.append(f"niveau inconnu « {level} » (attendu : {', '.join(lv.code for lv in ref.levels)})")
        else:
            problems += _variant_problems(level, variant, ref)
    corpus = _tool_corpus(ref)
    problems += [
        f"outil « {t} » absent des outils numériques du référentiel" for t in arch.tools if fold(t) not in corpus
    ]
    return problems


def _level_problems(arch: Archetype, ref: Referential) -> list[str]:
    """Which levels an archetype must describe, where its incident is, and whether its hours fit its range."""
    problems = []
    for lv in ref.levels:
        variant = arch.variant(lv.code)
        if lv.code == FAMILY_LEVEL:
            if bool(variant) != bool(arch.families):
                problems.append(
                    "un niveau « seconde » est attendu si et seulement si « familles » est donné "
                    "(la Seconde est l'année de la famille des métiers)"
                )
            continue
        if variant is None:
            problems.append(f"niveau « {lv.code} » manquant")
            continue
        incidents = sum(t.incident for t in variant.tasks)
        if "critique" in fold(lv.complexity) and incidents != 1:
            problems.append(
                f"niveau « {lv.code} » ({lv.complexity}) : exactement une tâche « incident: true » "
                f"attendue ({incidents} trouvée(s))"
            )
    for level, variant in arch.levels.items():
        if (
            ref.has("niveau", level)
            and "critique" not in fold(ref.level_info(level).complexity)
            and any(t.incident for t in variant.tasks)
        ):
            problems.append(f"niveau « {level} » : « incident » réservé au niveau de la situation critique")
        h = arch.hours_range
        if not h.min <= variant.hours <= h.max:
            problems.append(
                f"niveau « {level} » : {variant.hours:g} h hors de la fourchette « heures » ({h.min:g} à {h.max:g} h)"
            )
    return problems


_SAMPLE = {
    "entreprise": NounPhrase("Exemple", proper=True),
    "secteur": "exemple",
    "produit": NounPhrase("exemples"),
    "cible": NounPhrase("exemples"),
}


def _template_problem(template: str) -> str:
    for name, attr in placeholders(template):
        if name not in TEMPLATE_FIELDS:
            return (
                f"champ de gabarit inconnu « {{{name}}} » (autorisés : "
                + ", ".join("{" + f + "}" for f in sorted(TEMPLATE_FIELDS))
                + ")"
            )
        if attr and (name not in NOUN_FIELDS or attr not in PLACEHOLDER_FORMS):
            return f"forme inconnue « {{{name}.{attr}}} » (formes : .le, .des, .aux, .un, .ce…)"
    try:
        fill(template, **_SAMPLE)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        return f"gabarit invalide ({exc})"
    return ""


def _check_archetypes(ped: Pedagogy) -> None:
    file = "archetypes.yaml"
    seen: set[str] = set()
    for arch in ped.archetypes:
        if arch.code in seen:
            raise PedagogyError("code en double", file, arch.code)
        seen.add(arch.code)
        if arch.hours_range.min > arch.hours_range.max:
            raise PedagogyError("« heures » : « min » supérieur à « max »", file, arch.code)
        for level, variant in arch.levels.items():
            problem = _template_problem(variant.mission)
            if problem:
                raise PedagogyError(f"niveau « {level} », « mission » : {problem}", file, arch.code)
        for ref_id in arch.referentials:
            try:
                ref = load_referential(ref_id)
            except SpiraleError as exc:
                raise PedagogyError(f"« referentiels » : {exc}", file, arch.code) from None
            problems = _code_problems(arch, ref) or _level_problems(arch, ref)
            if problems:
                raise PedagogyError(f"{problems[0]} (référentiel « {ref_id} »)", file, arch.code)
            for level, variant in arch.levels.items():
                for task in variant.tasks:
                    if not ped.criteria.get(ref_id, {}).get(task.rap_task):
                        raise PedagogyError(
                            f"niveau « {level} » : la tâche « {task.rap_task} » n'a pas de critères "
                            f"dans « criteres.yaml » (référentiel « {ref_id} »)",
                            file,
                            arch.code,
                        )
                    if task.incident and not ped.incidents_for(ref, task):
                        raise PedagogyError(
                            f"niveau « {level} » : aucun incident de « incidents.yaml » ne convient à "
                            f"la tâche « {task.title} » ({task.rap_task}, {task.channel.value})",
                            file,
                            arch.code,
                        )
                if not any(arch.suits(c, level) for c in ped.contexts):
                    raise PedagogyError(
                        f"niveau « {level} » : aucun contexte de « contextes.yaml » ne convient à ses "
                        "canaux, marchés" + (" et familles" if level == FAMILY_LEVEL else ""),
                        file,
                        arch.code,
                    )


def _check_levers(levers: _LeversFile, known_levels: dict[str, list[str]]) -> None:
    file = "leviers.yaml"
    all_levels = {lv for levels in known_levels.values() for lv in levels}
    seen: set[str] = set()
    for lever in levers.levers:
        if lever.code in seen:
            raise PedagogyError("code en double", file, lever.code)
        seen.add(lever.code)
        unknown = [lv for lv in lever.levels if lv not in all_levels]
        if unknown:
            raise PedagogyError(f"« niveaux » : niveau inconnu « {unknown[0]} »", file, lever.code)
    for key, count in levers.counts.items():
        if key not in all_levels:
            raise PedagogyError(f"niveau inconnu « {key} »", file, "optionnels")
        if not 0 <= count <= MAX_LEVERS:
            raise PedagogyError(
                f"« {key} » : {count} leviers par niveau ; de 0 à {MAX_LEVERS} (jamais empilés)", file, "optionnels"
            )
    for key in levers.productions:
        if key not in all_levels:
            raise PedagogyError(f"niveau inconnu « {key} »", file, "productions")
    for level in sorted(all_levels):
        drawable = [
            lv
            for lv in levers.levers
            if level in lv.levels and lv.dimension not in UNDRAWN_DIMENSIONS | CRITICAL_DIMENSIONS
        ]
        if len(drawable) < levers.counts.get(level, 2):
            raise PedagogyError(f"pas assez de leviers tirables pour le niveau « {level} »", file)


def _contexts(entries: tuple[_ContextEntry, ...]) -> tuple[Context, ...]:
    file, seen, contexts = "contextes.yaml", set(), []
    for entry in entries:
        if fold(entry.name) in seen:
            raise PedagogyError("nom en double", file, entry.name)
        seen.add(fold(entry.name))
        try:
            company = CompanyContext(
                name=entry.name,
                sector=entry.sector,
                market=entry.market,
                channel=entry.channel,
                product=entry.product.text,
                target=entry.target.text,
                size=entry.size,
                description=entry.description,
            )
        except ValidationError as exc:
            field, reason = french_problems(exc)[0]
            raise PedagogyError(f"« {field} » : {reason}", file, entry.name) from None
        contexts.append(
            Context(
                company=company,
                families=entry.families,
                name_phrase=NounPhrase(entry.name, proper=True, elision=entry.elision),
                product=entry.product.phrase(),
                target=entry.target.phrase(),
                canvassing=" ".join(entry.canvassing.split()),
            )
        )
    return tuple(contexts)


def _official_texts(ref: Referential, rap_task: str) -> set[str]:
    """Where a task's criterion must come from: the expected results of its activity (RAP), or the REAC
    criteria of the competences of its activity's block (titre professionnel)."""
    activity = ref.activity(ref.task(rap_task).activity)
    texts = list(activity.texts("resultats"))
    texts += [crit for c in ref.competences if c.block == activity.block for crit in c.criteria]
    return {normalise_space(t) for t in texts}


def _check_criteria(criteria: dict[str, dict[str, tuple[str, ...]]]) -> None:
    file = "criteres.yaml"
    for ref_id, tasks in criteria.items():
        try:
            ref = load_referential(ref_id)
        except SpiraleError as exc:
            raise PedagogyError(str(exc), file, ref_id) from None
        for code, texts in tasks.items():
            entry = f"{ref_id}/{code}"
            if not ref.has("tâche", code):
                raise PedagogyError(f"tâche « {code} » inconnue du référentiel", file, entry)
            if not 3 <= len(texts) <= 6:
                raise PedagogyError(f"{len(texts)} critère(s) : de 3 à 6 attendus par tâche", file, entry)
            official = _official_texts(ref, code)
            for text in texts:
                if normalise_space(text) not in official:
                    raise PedagogyError(
                        f"critère absent des textes officiels de l'activité de la tâche : « {text} »", file, entry
                    )
            if len(set(texts)) != len(texts):
                raise PedagogyError("critère en double", file, entry)


def _check_incidents(incidents: tuple[Incident, ...]) -> None:
    file, seen = "incidents.yaml", set()
    for incident in incidents:
        if incident.code in seen:
            raise PedagogyError("code en double", file, incident.code)
        seen.add(incident.code)
        for name, text in [
            ("titre", incident.title),
            ("texte", incident.text),
            *(("evaluation", e) for e in incident.evaluation),
        ]:
            problem = _template_problem(text)
            if problem:
                raise PedagogyError(f"« {name} » : {problem}", file, incident.code)


def _stamp(folder: Path) -> tuple[float, ...]:
    return tuple((folder / f).stat().st_mtime if (folder / f).is_file() else 0.0 for f in FILES)


@lru_cache(maxsize=4)
def _load(folder: str, stamp: tuple[float, ...]) -> Pedagogy:
    root = Path(folder)
    archetypes_file = _parse(_ArchetypesFile, _read(root / "archetypes.yaml"), "archetypes.yaml", "archetypes")
    contexts_file = _parse(_ContextsFile, _read(root / "contextes.yaml"), "contextes.yaml", "contextes")
    levers_file = _parse(_LeversFile, _read(root / "leviers.yaml"), "leviers.yaml", "leviers")
    incidents_file = _parse(_IncidentsFile, _read(root / "incidents.yaml"), "incidents.yaml", "incidents")
    criteria_file = _parse(_CriteriaFile, _read(root / "criteres.yaml"), "criteres.yaml", "criteres")
    _check_criteria(criteria_file.criteria)
    _check_incidents(incidents_file.incidents)
    ped = Pedagogy(
        archetypes=archetypes_file.archetypes,
        contexts=_contexts(contexts_file.contexts),
        levers=levers_file.levers,
        lever_counts=levers_file.counts,
        level_productions=levers_file.productions,
        incidents=incidents_file.incidents,
        criteria=criteria_file.criteria,
    )
    _check_archetypes(ped)
    ref_ids = sorted({r for a in ped.archetypes for r in a.referentials} | set(available_referentials()))
    _check_levers(levers_file, {r: [lv.code for lv in load_referential(r).levels] for r in ref_ids})
    return ped


def spirale_dir() -> Path:
    return data_dir() / "spirale"


def load_pedagogy(folder: str | Path | None = None) -> Pedagogy:
    """Spirale's data from `data/spirale/` (or `folder`), validated; cached until one of its files changes."""
    root = Path(folder) if folder else spirale_dir()
    return _load(str(root.resolve()), _stamp(root))


def archetype_title(code: str) -> str:
    """The French title of an archetype (« Salon, foire ou show-room »), never its code; "" when unknown."""
    if not code:
        return ""
    try:
        arch = load_pedagogy().archetype(code)
    except SpiraleError:  # Spirale's data unreadable: a sheet is still rendered, without the archetype
        return ""
    return arch.title if arch else ""


def scenario_context(scenario, ref=None) -> dict:
    """What `templates/scenario/` receive besides `doc` (the registry's `template_context`)."""
    return {"archetype_title": archetype_title(scenario.archetype)}
