"""Schema versions: files written by older Spirale versions are upgraded in memory when the bank reads them.

Reading stays pure (the file is rewritten in the current schema only when a teacher saves it), so a
colleague's older copy in the synced folder is never touched behind their back.

Scenario schema 0 is the 2025 prototype notebook's format: French keys (`titre`, `niveau` as « 2nde / 1re /
Tle », `auteur`, `entreprise`, `taches` with `intitule` and `duree` in **minutes**), competences as one
comma-separated string, and no `id` nor `doc_type`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from ..document import document_class
from ..errors import SpiraleError
from ..text import fold

Migration = Callable[[dict], dict]

_LEVELS_V0 = {
    "2nde": "seconde",
    "seconde": "seconde",
    "1re": "premiere",
    "1ere": "premiere",
    "premiere": "premiere",
    "tle": "terminale",
    "terminale": "terminale",
    "formation": "formation",
}
_CONTEXT_V0 = {
    "nom": "name",
    "secteur": "sector",
    "marche": "market",
    "canal": "channel",
    "produit": "product",
    "cible": "target",
    "taille": "size",
    "description": "description",
}
_TASK_V0 = {
    "intitule": "title",
    "modalite": "modality",
    "canal": "channel",
    "tache_rap": "rap_task",
    "description": "description",
}
_TOP_V0 = {
    "titre": "title",
    "referentiel": "referential",
    "mission": "mission",
    "ressources": "resources",
    "productions": "productions",
    "criteres": "evaluation_criteria",
    "outils": "tools",
    "notes": "notes",
    "sous_competences": "sub_competences",
}


def _scenario_0_to_1(old: dict) -> dict:
    new: dict = {"doc_type": "scenario", "schema_version": 1}
    # A stable id derived from the content, so an unsaved v0 file keeps the same id at every load.
    digest = hashlib.sha1(json.dumps(old, sort_keys=True, default=str).encode()).hexdigest()
    new["id"] = old.get("id") or "v0-" + digest[:12]
    for key, value in old.items():
        if key in _TOP_V0:
            new[_TOP_V0[key]] = value
        elif key == "niveau":
            new["level"] = _LEVELS_V0.get(fold(str(value)), value)
        elif key == "auteur":
            new["authors"] = [value] if isinstance(value, str) else value
        elif key == "competences":
            new["competences"] = [c.strip() for c in value.split(",") if c.strip()] if isinstance(value, str) else value
        elif key == "entreprise" and isinstance(value, dict):
            new["context"] = {_CONTEXT_V0.get(k, k): v for k, v in value.items()}
        elif key == "taches" and isinstance(value, list):
            new["tasks"] = [_task_0_to_1(t) for t in value]
        elif key not in {"schema_version", "doc_type", "id"}:
            new[key] = value  # unknown keys go through so validation names them
    return new


def _task_0_to_1(task: object) -> object:
    if not isinstance(task, dict):
        return task
    new = {_TASK_V0.get(k, k): v for k, v in task.items() if k != "duree"}
    if "duree" in task:
        minutes = task["duree"]
        new["duration_hours"] = round(minutes / 60, 2) if isinstance(minutes, (int, float)) else minutes
    return new


# (doc_type, from version) → function producing version + 1
MIGRATIONS: dict[tuple[str, int], Migration] = {("scenario", 0): _scenario_0_to_1}


def current_version(doc_type: str) -> int:
    return int(document_class(doc_type).model_fields["schema_version"].default)


def guess_doc_type(data: dict) -> str:
    """Files without `doc_type` are scenarios (schema 0 had only scenarios)."""
    return str(data.get("doc_type", "scenario"))


def migrate(data: dict) -> dict:
    """Bring plain data up to the current schema of its type; SpiraleError (French) when it cannot."""
    doc_type = guess_doc_type(data)
    target = current_version(doc_type)
    default = 0 if (doc_type, 0) in MIGRATIONS else target
    version = data.get("schema_version", default)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SpiraleError(f"version du schéma invalide : « {version} » (un nombre entier est attendu)")
    if version > target:
        raise SpiraleError(
            f"version du schéma {version} inconnue : ce fichier vient d'une version plus récente "
            f"de Spirale (version connue ici : {target}) ; mettez Spirale à jour pour l'ouvrir"
        )
    while version < target:
        step = MIGRATIONS.get((doc_type, version))
        if step is None:
            raise SpiraleError(
                f"version du schéma {version} non prise en charge pour ce type de document "
                f"(version actuelle : {target})"
            )
        data = step(data)
        version += 1
        data["schema_version"] = version
    return data
