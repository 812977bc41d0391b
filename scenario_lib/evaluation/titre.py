"""Titre professionnel: mises en situation evaluated against the REAC's performance criteria, one record per
trainee, and how ready the trainee is for each part of the exam.

The exam's parts and the competences each one evaluates are read from the RE (`modalites_examen.yaml`,
rubrics « … — <modalité> — Compétences évaluées », competences named by their titles); the criteria from
`criteres.csv`. When a criterion or a CP counts as acquired is Spirale's own rule (`data/spirale/titre.yaml`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from ..document import Document, OptionalText, Part, ShortText
from ..errors import SpiraleError
from ..paths import data_dir
from ..referential.model import Referential

TITRE_FILE = "titre.yaml"
EVALUATED = "Compétences évaluées"
NOT_APPLICABLE = "sans objet"
WHOLE_TITLE = "Titre professionnel"


@dataclass(frozen=True)
class TitreRules:
    criterion: str  # « dernier » or « une_fois »
    competence: str  # « tous » or « majorite »


@lru_cache(maxsize=4)
def _rules(path: str) -> TitreRules:
    from ..yamlfiles import read_yaml_file

    name = Path(path).name
    data = read_yaml_file(path)
    if not isinstance(data, dict):
        raise SpiraleError(f"« {name} » : un dictionnaire « clé: valeur » est attendu")
    criterion, competence = str(data.get("critere_acquis", "dernier")), str(data.get("cp_acquise", "tous"))
    if criterion not in ("dernier", "une_fois"):
        raise SpiraleError(f"« {name} », « critere_acquis » : « {criterion} » inconnu (attendu : dernier, une_fois)")
    if competence not in ("tous", "majorite"):
        raise SpiraleError(f"« {name} », « cp_acquise » : « {competence} » inconnu (attendu : tous, majorite)")
    return TitreRules(criterion, competence)


def titre_rules() -> TitreRules:
    return _rules(os.environ.get("SPIRALE_TITRE") or str(data_dir() / "spirale" / TITRE_FILE))


# --- the exam's parts, from the RE ------------------------------------------------------------------------
@dataclass(frozen=True)
class ExamPart:
    exam: str  # « Titre professionnel » or « CCP Prospecter un secteur de vente »
    modality: str  # « Mise en situation professionnelle », « Entretien technique »…
    competences: tuple[str, ...]  # CP codes, in referential order
    source: str


def exam_parts(ref: Referential) -> list[ExamPart]:
    """Every modality that evaluates competences, for the whole titre and for each CCP (« Sans objet » left out)."""
    parts = []
    for row in ref.exam_modalities:
        pieces = [p.strip() for p in row.heading.split(" — ")]
        if len(pieces) < 3 or pieces[-1] != EVALUATED:
            continue
        if row.text.strip().rstrip(".").lower() == NOT_APPLICABLE:
            continue
        exam = pieces[0] if pieces[0].startswith("CCP") else WHOLE_TITLE
        text = " ".join(row.text.split())
        codes = tuple(c.code for c in ref.competences if c.code.startswith("CP") and " ".join(c.title.split()) in text)
        if not codes:
            raise SpiraleError(f"« modalites_examen » : aucune compétence reconnue dans « {row.heading} »")
        parts.append(ExamPart(exam, pieces[-2], codes, row.source))
    return parts


def criteria_of(ref: Referential, competence: str) -> list[tuple[str, str]]:
    """(id, text) of a CP's performance criteria; id « CP3-2 » = the 2nd criterion of CP3 in the REAC's order."""
    return [(f"{competence}-{i}", text) for i, text in enumerate(ref.competence(competence).criteria, start=1)]


# --- evaluations ------------------------------------------------------------------------------------------
class MiseEnSituation(Part):
    """One mise en situation of one trainee: each criterion observed is met (True) or not yet (False)."""

    title: ShortText
    when: date
    results: dict[str, bool]
    comment: OptionalText = ""


class TitreRecord(Document):
    """A trainee's record (document type « titre »): every mise en situation evaluated against the REAC's
    criteria. Stored with the group's pupil data (`<banque>/evaluations/<groupe>/`), never in the main bank."""

    doc_type: Literal["titre"] = "titre"
    title: ShortText = ""  # filled from the trainee's name
    referential: str = "tp-conseiller-commercial"
    trainee: ShortText
    group: ShortText = "Groupe"
    sessions: tuple[MiseEnSituation, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _default_title(cls, data):
        if isinstance(data, dict) and not data.get("title") and data.get("trainee"):
            data = {**data, "title": f"Titre professionnel — {data['trainee']}"}
        return data

    def facets(self) -> dict:
        return {"level": "", "blocks": [], "competences": [], "context": self.group, "referential": self.referential}

    def with_session(self, session: MiseEnSituation) -> TitreRecord:
        """The record with `session` added; one of the same title and date is the same mise en situation
        (several CPs entered one after the other, or a correction): its results are merged, the new ones win."""
        same = [s for s in self.sessions if (s.title, s.when) == (session.title, session.when)]
        if same:
            session = session.model_copy(
                update={
                    "results": {**same[0].results, **session.results},
                    "comment": session.comment or same[0].comment,
                }
            )
        kept = [s for s in self.sessions if (s.title, s.when) != (session.title, session.when)]
        return TitreRecord.model_validate(
            {**self.model_dump(), "sessions": [*(s.model_dump() for s in kept), session.model_dump()]}
        )

    @model_validator(mode="after")
    def _criteria_exist(self) -> TitreRecord:
        from ..referential import load_referential

        ref = load_referential(self.referential)
        known = {cid for c in ref.competences if c.criteria for cid, _ in criteria_of(ref, c.code)}
        for session in self.sessions:
            for cid in session.results:
                if cid not in known:
                    raise ValueError(f"« {session.title} » : critère inconnu « {cid} » (attendu par exemple CP3-2)")
        return self


@dataclass
class CompetenceState:
    code: str
    title: str
    acquired: list[str] = field(default_factory=list)  # criterion ids
    missing: list[tuple[str, str]] = field(default_factory=list)  # (id, text) not acquired yet
    total: int = 0

    @property
    def is_acquired(self) -> bool:
        if titre_rules().competence == "majorite":
            return len(self.acquired) * 2 > self.total
        return not self.missing and self.total > 0


def competence_states(ref: Referential, record: TitreRecord) -> dict[str, CompetenceState]:
    rules = titre_rules()
    sessions = sorted(record.sessions, key=lambda s: s.when)
    states = {}
    for comp in ref.competences:
        if not comp.criteria:
            continue
        state = CompetenceState(comp.code, comp.title, total=len(comp.criteria))
        for cid, text in criteria_of(ref, comp.code):
            seen = [s.results[cid] for s in sessions if cid in s.results]
            ok = (seen[-1] if seen else False) if rules.criterion == "dernier" else any(seen)
            (state.acquired.append(cid) if ok else state.missing.append((cid, text)))
        states[comp.code] = state
    return states


@dataclass
class PartReadiness:
    part: ExamPart
    states: list[CompetenceState]

    @property
    def ready(self) -> bool:
        return all(s.is_acquired for s in self.states)

    def lines(self) -> list[str]:
        """French, per CP: acquired, or which criteria are still missing."""
        head = f"{self.part.exam} — {self.part.modality} : " + ("prêt" if self.ready else "pas prêt")
        out = [head]
        for s in self.states:
            if s.is_acquired:
                out.append(f"  {s.code} {s.title} : acquise ({len(s.acquired)} critère(s) sur {s.total})")
            else:
                out.append(f"  {s.code} {s.title} : à travailler — {len(s.missing)} critère(s) non acquis :")
                out += [f"    • {text}" for _, text in s.missing]
        return out


def readiness(ref: Referential, record: TitreRecord) -> list[PartReadiness]:
    """Each part of the exam (titre and CCPs) with the state of each CP it evaluates."""
    states = competence_states(ref, record)
    return [PartReadiness(part, [states[c] for c in part.competences if c in states]) for part in exam_parts(ref)]


def template_context(doc: TitreRecord, ref) -> dict:
    """The readiness the PDF of a trainee shows (computed here, so the renderer imports no planner)."""
    from ..referential import load_referential

    tp = load_referential(doc.referential)
    return {"parts": readiness(tp, doc), "states": list(competence_states(tp, doc).values())}
