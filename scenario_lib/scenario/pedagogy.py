"""Spirale's own pedagogical data (`data/spirale/`): archetypes, company contexts, complexity levers.

This content is Spirale's, not official: every file says so in its `origine` key, and it is kept apart from
the referentials. It is validated on load (shape with pydantic, every code against the referentials the
archetype names) and cached until a file changes, so the proposer can rely on it blindly.
"""

from __future__ import annotations

import random
import string
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import SpiraleError
from ..paths import data_dir
from ..referential import load_referential
from ..referential.model import Referential
from ..text import fold
from ..files import FileProblem
from ..validation import french_problems
from ..yamlfiles import read_yaml_file
from .model import Channel, CompanyContext, Lever, Market, Modality, blocks_crossed

ORIGIN = "Spirale — contenu pédagogique propre, non officiel"
FILES = ("archetypes.yaml", "contextes.yaml", "leviers.yaml")
MISSION_FIELDS = {"entreprise", "secteur", "produit", "cible"}


class PedagogyError(SpiraleError):
    """Spirale's own data is broken: names the file and the entry."""

    def __init__(self, reason: str, file: str, entry: str = ""):
        self.file, self.entry = file, entry
        where = f"fichier « {file} »" + (f", entrée « {entry} »" if entry else "")
        super().__init__(f"{where} : {reason}")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class StepTemplate(_Data):
    title: str = Field(alias="titre", min_length=1)
    hours: float = Field(alias="heures", gt=0, le=200)
    modality: Modality = Field(alias="modalite", default=Modality.GROUP)
    channel: Channel | None = Field(alias="canal", default=None)  # None: the context's channel
    rap_task: str = Field(alias="tache", min_length=1)


class Archetype(_Data):
    code: str = Field(min_length=1)
    title: str = Field(alias="titre", min_length=1)
    referentials: tuple[str, ...] = Field(alias="referentiels", min_length=1)
    mission: str = Field(min_length=1)
    competences: tuple[str, ...] = Field(min_length=2)
    sub_competences: tuple[str, ...] = Field(alias="sous_competences", default=())
    rap_tasks: tuple[str, ...] = Field(alias="taches_rap", min_length=1)
    steps: tuple[StepTemplate, ...] = Field(alias="sequence", min_length=1)
    resources: tuple[str, ...] = Field(alias="ressources", default=())
    productions: tuple[str, ...] = ()
    tools: tuple[str, ...] = Field(alias="outils", default=())
    channels: tuple[Channel, ...] = Field(alias="canaux", min_length=1)
    markets: tuple[Market, ...] = Field(alias="marches", min_length=1)

    @property
    def hours(self) -> float:
        return sum(s.hours for s in self.steps)

    def blocks(self, ref: Referential) -> list[str]:
        return blocks_crossed(ref, self.competences)

    def suits(self, context: CompanyContext) -> bool:
        return context.market in self.markets and context.channel in self.channels


class LeverTemplate(_Data):
    code: str = Field(min_length=1)
    dimension: str = Field(min_length=1)
    title: str = Field(alias="titre", min_length=1)
    text: str = Field(alias="texte", min_length=1)
    levels: tuple[str, ...] = Field(alias="niveaux", min_length=1)
    optional: bool = Field(alias="optionnel", default=False)

    def as_lever(self) -> Lever:
        return Lever(code=self.code, title=self.title, text=self.text)


class _ArchetypesFile(_Data):
    origin: str = Field(alias="origine")
    archetypes: tuple[Archetype, ...] = Field(min_length=1)


# contextes.yaml keys → CompanyContext fields (the scenario's own model validates the values)
CONTEXT_KEYS = {"nom": "name", "secteur": "sector", "marche": "market", "canal": "channel", "produit": "product",
                "cible": "target", "taille": "size", "description": "description"}


class _ContextsFile(_Data):
    origin: str = Field(alias="origine")
    contexts: tuple[dict, ...] = Field(alias="contextes", min_length=1)


class _LeversFile(_Data):
    origin: str = Field(alias="origine")
    optional_counts: dict[str, int] = Field(alias="optionnels")
    productions: dict[str, tuple[str, ...]] = {}
    levers: tuple[LeverTemplate, ...] = Field(alias="leviers", min_length=1)


class Pedagogy(BaseModel):
    """All of Spirale's pedagogical data, validated."""

    model_config = ConfigDict(frozen=True)
    archetypes: tuple[Archetype, ...]
    contexts: tuple[CompanyContext, ...]
    levers: tuple[LeverTemplate, ...]
    optional_counts: dict[str, int]
    level_productions: dict[str, tuple[str, ...]]

    def archetypes_for(self, ref: Referential) -> list[Archetype]:
        """Archetypes written for this referential; for a referential Spirale does not know (a teacher's own
        folder), every archetype whose codes all exist in it."""
        listed = [a for a in self.archetypes if ref.id in a.referentials]
        return listed or [a for a in self.archetypes if not _code_problems(a, ref)]

    def levers_at(self, level: str) -> list[LeverTemplate]:
        return [lv for lv in self.levers if level in lv.levels]

    def choose_levers(self, level: str, rng: random.Random, keep: set[str] = frozenset()) -> list[LeverTemplate]:
        """The level's levers: every mandatory one, plus optional ones, those on a dimension in `keep` first
        (so a spiral keeps its thread from one year to the next), the rest drawn with `rng`."""
        at = self.levers_at(level)
        kept = [lv for lv in at if lv.optional and lv.dimension in keep]
        others = [lv for lv in at if lv.optional and lv.dimension not in keep]
        missing = max(0, self.optional_counts.get(level, 0) - len(kept))
        drawn = rng.sample(others, min(missing, len(others)))
        chosen = {lv.code for lv in [*kept, *drawn]}
        return [lv for lv in at if not lv.optional or lv.code in chosen]

    def productions_up_to(self, levels: list[str], level: str) -> list[str]:
        """Level productions accumulated along the referential's level order (Terminale adds to Première)."""
        upto = levels[: levels.index(level) + 1] if level in levels else [level]
        return [p for lv in upto for p in self.level_productions.get(lv, ())]


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
    if data.get("origine") != ORIGIN:
        raise PedagogyError(f"la clé « origine » doit valoir « {ORIGIN} » (contenu propre à Spirale)", name)
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
        raise PedagogyError(f"« {field} » : {reason}", file, entry) from None


def _tool_corpus(ref: Referential) -> str:
    """Text where a tool name must appear: the referential's digital tools, or, when it has none (titre
    professionnel), the resources and know-how that name the tools of the trade."""
    if ref.tools:
        texts = [t.tool for t in ref.tools]
    else:
        texts = [e.text for a in ref.activities for e in a.elements if e.heading == "ressources"]
        texts += [k.text for c in ref.competences for k in c.know_how]
    return fold(" ".join(texts))


def _code_problems(arch: Archetype, ref: Referential) -> list[str]:
    problems = [f"compétence « {c} » inconnue" for c in arch.competences if not ref.has("compétence", c)]
    for sub in arch.sub_competences:
        if not ref.has("sous-compétence", sub):
            problems.append(f"sous-compétence « {sub} » inconnue")
        elif ref.sub_competence(sub).competence not in arch.competences:
            problems.append(f"sous-compétence « {sub} » hors des compétences de l'archétype")
    tasks = set(arch.rap_tasks)
    problems += [f"tâche « {t} » inconnue" for t in arch.rap_tasks if not ref.has("tâche", t)]
    problems += [f"tâche de séquence « {s.rap_task} » absente de « taches_rap »"
                 for s in arch.steps if s.rap_task not in tasks]
    if not problems and len(arch.blocks(ref)) < 2:
        problems.append("l'archétype doit mobiliser des compétences d'au moins deux blocs")
    corpus = _tool_corpus(ref)
    problems += [f"outil « {t} » absent des outils numériques du référentiel" for t in arch.tools
                 if fold(t) not in corpus]
    return problems


def _check_archetypes(archetypes: tuple[Archetype, ...], contexts: tuple[CompanyContext, ...]) -> None:
    file = "archetypes.yaml"
    seen: set[str] = set()
    for arch in archetypes:
        if arch.code in seen:
            raise PedagogyError("code en double", file, arch.code)
        seen.add(arch.code)
        fields = {f for _, f, _, _ in string.Formatter().parse(arch.mission) if f is not None}
        if fields - MISSION_FIELDS:
            raise PedagogyError(f"« mission » : champ de gabarit inconnu « {{{sorted(fields - MISSION_FIELDS)[0]}}} » "
                                f"(autorisés : {', '.join('{' + f + '}' for f in sorted(MISSION_FIELDS))})",
                                file, arch.code)
        for ref_id in arch.referentials:
            try:
                ref = load_referential(ref_id)
            except SpiraleError as exc:
                raise PedagogyError(f"« referentiels » : {exc}", file, arch.code) from None
            problems = _code_problems(arch, ref)
            if problems:
                raise PedagogyError(f"{problems[0]} dans le référentiel « {ref_id} »", file, arch.code)
        if not any(arch.suits(c) for c in contexts):
            raise PedagogyError("aucun contexte de « contextes.yaml » ne convient à ses canaux et marchés",
                                file, arch.code)


def _check_levers(levers: _LeversFile, known_levels: dict[str, list[str]]) -> None:
    """Levers must make every referential's levels strictly richer, one after the other."""
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
    for key in (*levers.optional_counts, *levers.productions):
        if key not in all_levels:
            raise PedagogyError(f"niveau inconnu « {key} »", file, "optionnels/productions")
    for ref_id, levels in known_levels.items():
        previous: set[str] | None = None
        for level in levels:
            at = [lv for lv in levers.levers if level in lv.levels]
            mandatory = {lv.dimension for lv in at if not lv.optional}
            optional = [lv for lv in at if lv.optional]
            if not mandatory:
                raise PedagogyError(f"aucun levier obligatoire pour le niveau « {level} »", file)
            if len(optional) < levers.optional_counts.get(level, 0):
                raise PedagogyError(f"pas assez de leviers optionnels pour le niveau « {level} »", file)
            dims_here = {lv.dimension for lv in at}
            if previous is not None and not (previous <= dims_here and len(mandatory - previous) > 0):
                raise PedagogyError(f"le niveau « {level} » ({ref_id}) doit reprendre toutes les dimensions du "
                                    "niveau précédent et en ajouter au moins une obligatoire", file)
            previous = {lv.dimension for lv in at}


def _contexts(entries: tuple[dict, ...]) -> tuple[CompanyContext, ...]:
    file, seen, contexts = "contextes.yaml", set(), []
    for number, entry in enumerate(entries, start=1):
        name = str(entry.get("nom") or f"n° {number}")
        unknown = sorted(set(entry) - set(CONTEXT_KEYS))
        if unknown:
            raise PedagogyError(f"clé inconnue « {unknown[0]} » (attendu : {', '.join(CONTEXT_KEYS)})", file, name)
        try:
            ctx = CompanyContext.model_validate({CONTEXT_KEYS[k]: v for k, v in entry.items()})
        except ValidationError as exc:
            field, reason = french_problems(exc)[0]
            raise PedagogyError(f"« {field} » : {reason}", file, name) from None
        if fold(ctx.name) in seen:
            raise PedagogyError("nom en double", file, name)
        seen.add(fold(ctx.name))
        contexts.append(ctx)
    return tuple(contexts)


def _stamp(folder: Path) -> tuple[float, ...]:
    return tuple((folder / f).stat().st_mtime if (folder / f).is_file() else 0.0 for f in FILES)


@lru_cache(maxsize=4)
def _load(folder: str, stamp: tuple[float, ...]) -> Pedagogy:
    root = Path(folder)
    archetypes_file = _parse(_ArchetypesFile, _read(root / "archetypes.yaml"), "archetypes.yaml", "archetypes")
    contexts_file = _parse(_ContextsFile, _read(root / "contextes.yaml"), "contextes.yaml", "contextes")
    levers_file = _parse(_LeversFile, _read(root / "leviers.yaml"), "leviers.yaml", "leviers")
    contexts = _contexts(contexts_file.contexts)
    _check_archetypes(archetypes_file.archetypes, contexts)
    ref_ids = sorted({r for a in archetypes_file.archetypes for r in a.referentials})
    _check_levers(levers_file, {r: [lv.code for lv in load_referential(r).levels] for r in ref_ids})
    return Pedagogy(archetypes=archetypes_file.archetypes, contexts=contexts, levers=levers_file.levers,
                    optional_counts=levers_file.optional_counts, level_productions=levers_file.productions)


def spirale_dir() -> Path:
    return data_dir() / "spirale"


def load_pedagogy(folder: str | Path | None = None) -> Pedagogy:
    """Spirale's data from `data/spirale/` (or `folder`), validated; cached until one of its files changes."""
    root = Path(folder) if folder else spirale_dir()
    return _load(str(root.resolve()), _stamp(root))
