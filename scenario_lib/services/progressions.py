"""A class's progression over the cycle: create, place bank documents, complete with HiGHS, confirm, save.

`complete` only proposes (the bank's situations are handed to the planner as candidates); nothing is written
until `apply_completion`, which the CLI runs after « --enregistrer [--oui] » and the atelier after
« Ajouter à la banque et placer ».
"""

from __future__ import annotations

from ..doctypes import placeable_types
from .documents import get_document, level_label


def create_progression(referential: str, class_name: str, pfmp_rule: str = "", title: str = "", first_monday=None):
    """A new progression (not saved): default calendars, PFMP weeks of `pfmp_rule`."""
    from ..errors import SpiraleError
    from ..planning.progression import new_progression

    if not class_name.strip():
        raise SpiraleError("indiquez le nom de la classe")
    return new_progression(referential, class_name.strip(), pfmp_rule or "", title, first_monday)


def get_progression(bank, doc_id: str):
    return get_document(bank, doc_id, "progression")


def place(bank, progression, doc_id: str, year: str, week: int, slot: str | None = None):
    """The progression with a bank document (of a placeable type) put on a week; the placement is its last."""
    from ..errors import SpiraleError

    if not doc_id:
        raise SpiraleError("choisissez une situation de la banque")
    doc = bank.get(doc_id)
    if doc.doc_type not in placeable_types():
        raise SpiraleError(f"« {doc_id} » ne se place pas dans une progression (type « {doc.doc_type} »)")
    return progression.placed(doc, year, week, slot or None)


def placed_message(ref, placement) -> str:
    from ..planning.progression import SLOTS

    return (
        f"« {placement.title} » placée en {level_label(ref, placement.year)}, semaine {placement.week} "
        f"({SLOTS[placement.slot]})."
    )


def bank_candidates(bank, ref) -> list:
    """The bank's scenarios of that referential, as candidates of the completion."""
    from ..planning.completion import Candidate

    return [Candidate.of(doc) for doc in bank.documents(doc_type="scenario") if doc.referential == ref.id]


def complete(bank, progression, ref, seed: int | None = None, propose: bool = True):
    """The smallest set of situations (bank first, then the proposer's) completing the progression; not saved."""
    from ..planning.completion import complete as run

    candidates = bank_candidates(bank, ref) if bank is not None else []
    return run(progression, ref, seed=seed, candidates=candidates, propose=propose)


def apply_completion(completion, bank):
    """Save the completed progression, then the new situations it places; only after the teachers said yes.

    The progression goes first: it carries the revision check, so a refusal leaves no orphan situation.
    """
    saved = bank.save(completion.progression)
    for scenario in completion.proposals:
        bank.save(scenario)
    return saved


def completion_message(completion, saved) -> str:
    return (
        f"{len(completion.proposals)} situation(s) ajoutée(s) à la banque et {len(completion.added)} placée(s) ; "
        f"« {saved.title} » enregistrée (révision {saved.revision})."
    )


def placeable_entries(bank, ref) -> list:
    """Bank entries a progression of `ref` can place."""
    return [e for e in bank.list() if e.doc_type in placeable_types() and e.referential in ("", ref.id)]
