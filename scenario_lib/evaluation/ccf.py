"""CCF evaluation sheets of E31, E32, E33: one per pupil, and the class summary, as bank documents.

A sheet freezes, on the day it is built, what the jury needs: the official competences of the unit, the
scale and its descriptors, the situation used, the pupil's evidences from the record (class evaluations and
PFMP, `ClassRecord`), and room for the jury's levels, comment and signatures. Being a document type, it is
saved in the bank, exported in every format, and a whole class goes through the batch runner.
Whatever the official texts do not fix (which scale, how many evidences, the jury's lines) is read from
`data/spirale/ccf.yaml` (« propre à Spirale »), editable by the team.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from ..document import Document, OptionalText, Part, ShortText
from ..errors import SpiraleError
from ..paths import data_dir
from ..pfmp.pupils import Pupil
from ..sheets import Sheet
from .exams import ExamScope, exam_scope

CCF_FILE = "ccf.yaml"
YEAR_LABELS = {"premiere": "Première", "terminale": "Terminale"}
EVIDENCE_YEARS = {"seconde": "Seconde", **YEAR_LABELS}


@dataclass(frozen=True)
class CcfRules:
    """Spirale's own choices for the sheets (`data/spirale/ccf.yaml`)."""

    scale: str
    evidences_per_competence: int
    jury: tuple[str, ...]
    source: str


@lru_cache(maxsize=4)
def _rules(path: str) -> CcfRules:
    from ..yamlfiles import read_yaml_file

    name = Path(path).name
    data = read_yaml_file(path)
    if not isinstance(data, dict):
        raise SpiraleError(f"« {name} » : un dictionnaire « clé: valeur » est attendu")
    scale = str(data.get("echelle", "maitrise"))
    if scale not in ("maitrise", "positionnement"):
        raise SpiraleError(f"« {name} », « echelle » : « {scale} » inconnue (attendu : maitrise, positionnement)")
    count = data.get("preuves_par_competence", 4)
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 20:
        raise SpiraleError(f"« {name} », « preuves_par_competence » : un nombre entier de 0 à 20 est attendu")
    jury = data.get("jury", [])
    if not isinstance(jury, list) or not all(isinstance(j, str) and j.strip() for j in jury):
        raise SpiraleError(f"« {name} », « jury » : une liste de qualités (texte) est attendue")
    return CcfRules(scale, count, tuple(jury), str(path))


def ccf_rules() -> CcfRules:
    return _rules(os.environ.get("SPIRALE_CCF") or str(data_dir() / "spirale" / CCF_FILE))


class CcfEvidence(Part):
    """One evidence of the pupil's record for one competence: a class situation or a PFMP period."""

    competence: str
    source: Literal["situation", "pfmp"]
    origin: ShortText  # the situation's title, or « PFMP 2 »
    year: str
    when: date | None = None
    level: str  # positionnement code (N, D, A, E)

    @property
    def text(self) -> str:
        """« Salon de l'habitat (Première, 12 mars 2026) : A » — one evidence as the jury reads it."""
        from ..text import french_date

        when = f", {french_date(self.when)}" if self.when else ""
        return f"{self.origin} ({EVIDENCE_YEARS.get(self.year, self.year)}{when}) : {self.level}"


def _check_exam(referential: str, exam: str, year: str) -> ExamScope:
    from ..planning.exams import ccf_refusal
    from ..referential import load_referential

    ref = load_referential(referential)
    if year not in YEAR_LABELS and year != "seconde":
        raise ValueError(f"année « {year} » inconnue (attendu : premiere, terminale)")
    reason = ccf_refusal(ref, exam, year)
    if reason:
        raise ValueError(reason)
    return exam_scope(ref, exam)


class CcfSheet(Document):
    """The CCF evaluation sheet of one pupil for one épreuve."""

    doc_type: Literal["ccf"] = "ccf"
    referential: str = "bacpro-mcv-b"
    exam: str
    year: str  # « premiere » or « terminale »: Seconde refused with the guide's sentence
    pupil: Pupil
    situation_id: str = ""
    situation_title: ShortText
    session_date: date | None = None
    evidences: list[CcfEvidence] = []
    levels: dict[str, str] = {}  # competence → level of the CCF scale, given by the jury
    comment: OptionalText = ""

    @model_validator(mode="after")
    def _valid(self) -> CcfSheet:
        from ..referential import load_referential

        scope = _check_exam(self.referential, self.exam, self.year)
        ref = load_referential(self.referential)
        for ev in self.evidences:
            if ev.competence not in scope.competences:
                raise ValueError(
                    f"« preuves » : la compétence {ev.competence} n'est pas évaluée à l'épreuve {scope.short_code}"
                )
        allowed = {s.code for s in ref.scale(ccf_rules().scale)}
        for code, level in self.levels.items():
            if code not in scope.competences:
                raise ValueError(f"« niveaux » : la compétence {code} n'est pas évaluée à l'épreuve {scope.short_code}")
            if level not in allowed:
                raise ValueError(
                    f"« niveaux » : niveau « {level} » inconnu pour {code} (attendu : {', '.join(sorted(allowed))})"
                )
        return self

    @property
    def competences(self) -> list[str]:
        return list(self.scope.competences)

    @property
    def scope(self) -> ExamScope:
        from ..referential import load_referential

        return exam_scope(load_referential(self.referential), self.exam)

    def view(self) -> CcfView:
        return ccf_view(self)

    def facets(self) -> dict:
        return {
            "level": self.year,
            "blocks": list(self.scope.blocks),
            "competences": self.competences,
            "context": self.pupil.grade,
            "referential": self.referential,
        }


class CcfSummaryRow(Part):
    pupil: Pupil
    sheet_id: str = ""
    levels: dict[str, str] = {}
    evidences: int = 0
    comment: OptionalText = ""


class CcfSummary(Document):
    """The class summary of one épreuve: one line per pupil, the jury's level per competence."""

    doc_type: Literal["ccf_synthese"] = "ccf_synthese"
    referential: str = "bacpro-mcv-b"
    exam: str
    year: str
    grade: ShortText
    situation_title: ShortText
    session_date: date | None = None
    rows: list[CcfSummaryRow] = []

    @model_validator(mode="after")
    def _valid(self) -> CcfSummary:
        _check_exam(self.referential, self.exam, self.year)
        return self

    @property
    def scope(self) -> ExamScope:
        from ..referential import load_referential

        return exam_scope(load_referential(self.referential), self.exam)

    @property
    def competences(self) -> list[str]:
        return list(self.scope.competences)

    def view(self) -> CcfView:
        return ccf_view(self)

    def facets(self) -> dict:
        return {
            "level": self.year,
            "blocks": list(self.scope.blocks),
            "competences": self.competences,
            "context": self.grade,
            "referential": self.referential,
        }


# --- building -------------------------------------------------------------------------------------------
def sheet_id(exam: str, year: str, pupil: Pupil) -> str:
    return f"ccf-{exam.lower()}-{year}-{pupil.key}"


def pupil_evidences(record, pupil_key: str, scope: ExamScope, before: date | None, count: int) -> list[CcfEvidence]:
    """The latest `count` evidences per competence of the épreuve, strictly before the CCF day."""
    frame = record.pupil(pupil_key).evidences
    out = []
    for code in scope.competences:
        rows = frame[frame["competence"] == code]
        if before is not None:
            rows = rows[[d is not None and d < before for d in rows["date"]]]
        for row in list(rows.itertuples(index=False))[-count:] if count else []:
            out.append(
                CcfEvidence(
                    competence=code,
                    source=row.source,
                    origin=row.origine,
                    year=row.annee,
                    when=row.date,
                    level=record.code_of_rank[int(row.rang)],
                )
            )
    return out


def build_ccf_sheets(
    record,
    exam: str,
    year: str,
    situation_title: str,
    situation_id: str = "",
    session_date: date | None = None,
    pupils: list[Pupil] | None = None,
) -> list[CcfSheet]:
    """One sheet per pupil of the class record (or of `pupils`), evidences frozen from the record."""
    ref = record.referential
    scope = exam_scope(ref, exam)
    count = ccf_rules().evidences_per_competence
    chosen = pupils if pupils is not None else [record.pupils[k] for k in record.pupil_keys()]
    sheets = []
    for pupil in chosen:
        evidences = pupil_evidences(record, pupil.key, scope, session_date, count) if pupil.key in record.pupils else []
        sheets.append(
            CcfSheet(
                id=sheet_id(scope.short_code, year, pupil),
                referential=ref.id,
                exam=scope.short_code,
                year=year,
                pupil=pupil,
                situation_id=situation_id,
                situation_title=situation_title,
                session_date=session_date,
                evidences=evidences,
                title=f"CCF {scope.short_code} — {pupil.full_name}",
            )
        )
    return sheets


def class_summary(sheets: list[CcfSheet], grade: str = "") -> CcfSummary:
    """The class summary of sheets of one épreuve (their jury levels as they are now)."""
    if not sheets:
        raise SpiraleError("aucune fiche CCF pour faire la synthèse de la classe")
    first = sheets[0]
    if any((s.exam, s.year, s.referential) != (first.exam, first.year, first.referential) for s in sheets):
        raise SpiraleError("la synthèse d'une classe porte sur une seule épreuve et une seule année")
    grade = grade or first.pupil.grade
    rows = [
        CcfSummaryRow(
            pupil=s.pupil, sheet_id=s.id, levels=dict(s.levels), evidences=len(s.evidences), comment=s.comment
        )
        for s in sorted(sheets, key=lambda s: s.pupil.full_name)
    ]
    return CcfSummary(
        id=f"ccf-{first.exam.lower()}-{first.year}-synthese",
        referential=first.referential,
        exam=first.exam,
        year=first.year,
        grade=grade,
        situation_title=first.situation_title,
        session_date=first.session_date,
        rows=rows,
        title=f"CCF {first.exam} — synthèse de la classe {grade}",
    )


# --- what templates and spreadsheets show ---------------------------------------------------------------
@dataclass
class CcfView:
    scope: ExamScope
    year_label: str
    competences: list  # referential Competence objects of the épreuve
    levels: list  # ScaleLevel of the CCF scale
    jury: tuple[str, ...]
    evidences: dict[str, list[CcfEvidence]]  # competence → evidences (sheet only)
    rules_note: str


def ccf_view(doc) -> CcfView:
    from ..referential import load_referential

    ref = load_referential(doc.referential)
    scope = doc.scope
    rules = ccf_rules()
    evidences: dict[str, list[CcfEvidence]] = {c: [] for c in scope.competences}
    for ev in getattr(doc, "evidences", []):
        evidences[ev.competence].append(ev)
    note = (
        "Structure de la fiche propre à Spirale (échelle, preuves citées, jury), modifiable dans "
        f"« {Path(rules.source).name} » : le cahier spécifique à chaque épreuve professionnelle annoncé par "
        "le guide régional n'est pas encore paru."
    )
    return CcfView(
        scope,
        YEAR_LABELS[doc.year],
        [ref.competence(c) for c in scope.competences],
        ref.scale(rules.scale),
        rules.jury,
        evidences,
        note,
    )


def _intro(doc, view: CcfView) -> list[tuple[str, str]]:
    from ..text import french_date

    exam = view.scope.exam
    return [
        ("Épreuve", f"{view.scope.short_code} {exam.title} ({exam.unit}, coefficient {exam.coefficient}, {exam.mode})"),
        ("Année", view.year_label),
        ("Situation", doc.situation_title),
        ("Date", french_date(doc.session_date) if doc.session_date else ""),
    ]


def ccf_sheets(doc: CcfSheet, **_context) -> list[Sheet]:
    view = ccf_view(doc)
    intro = [("Élève", doc.pupil.full_name), ("Classe", doc.pupil.grade), *_intro(doc, view)]
    rows = []
    for comp in view.competences:
        proofs = "\n".join(e.text for e in view.evidences[comp.code])
        rows.append([comp.code, comp.title, proofs, doc.levels.get(comp.code, ""), ""])
    grid = Sheet(
        "Fiche CCF",
        ["Code", "Compétence", "Preuves du suivi", "Niveau", "Observations du jury"],
        rows,
        intro=intro,
        choices=[lv.code for lv in view.levels],
        fixed=3,
        free=1,
        widths=[8, 50, 45, 10, 40],
    )
    return [grid, _scale_sheet(view)]


def summary_sheets(doc: CcfSummary, **_context) -> list[Sheet]:
    view = ccf_view(doc)
    codes = [c.code for c in view.competences]
    rows = [
        [row.pupil.full_name, *(row.levels.get(c, "") for c in codes), row.evidences, row.comment] for row in doc.rows
    ]
    table = Sheet(
        "Synthèse",
        ["Élève", *codes, "Preuves", "Observations"],
        rows,
        intro=[("Classe", doc.grade), *_intro(doc, view)],
        choices=[lv.code for lv in view.levels],
        fixed=1,
        free=2,
        widths=[30, *([8] * len(codes)), 9, 40],
    )
    return [table, _scale_sheet(view)]


def _scale_sheet(view: CcfView) -> Sheet:
    return Sheet(
        "Échelle",
        ["Niveau", "Intitulé", "Descripteurs"],
        [[lv.code, lv.label, lv.descriptor] for lv in view.levels],
        fixed=3,
        widths=[8, 22, 90],
    )


# --- a class in the bank, and through the batch ---------------------------------------------------------
def generate_ccf(
    bank_folder, grade: str, exam: str, year: str, situation_id: str, session_date: date | None, referential
) -> tuple[list[CcfSheet], CcfSummary]:
    """Build and store the sheets of a class (next to its evaluations) and the class summary.

    Sheets already stored keep what the jury wrote (levels, comment); their evidences are refreshed. All
    sheets are built and checked before the first is saved: a bad class never leaves half a set.
    """
    from ..bank import Bank
    from .store import class_record, evaluation_bank

    situation = Bank(bank_folder).get(situation_id)
    record = class_record(bank_folder, grade, referential)
    store = evaluation_bank(bank_folder, grade)
    sheets = build_ccf_sheets(record, exam, year, situation.title, situation.id, session_date)
    ready = []
    for sheet in sheets:
        existing = store.get(sheet.id) if sheet.id in store else None
        if existing is not None:
            sheet = sheet.model_copy(update={"levels": existing.levels, "comment": existing.comment})
        ready.append((sheet, existing.revision if existing else None))
    saved = [store.save(sheet, expected_revision=revision) for sheet, revision in ready]
    summary = class_summary(saved, grade)
    previous = store.get(summary.id) if summary.id in store else None
    summary = store.save(summary, expected_revision=previous.revision if previous else None)
    return saved, summary


def render_ccf(bank_folder, grade: str, ids: list[str], out_dir, fmt: str = "pdf", **options):
    """The sheets of a class through the batch runner (papermill, workers, report): one bad sheet never
    stops the others."""
    from ..batch.job import BatchJob
    from ..batch.runner import run_batch
    from .store import class_folder

    return run_batch(
        BatchJob(ids=tuple(ids), bank=class_folder(bank_folder, grade), fmt=fmt, out_dir=out_dir, **options)
    )
