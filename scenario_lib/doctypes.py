"""The registry of document types: everything Spirale needs to know about a type, in one descriptor.

Like papermill's engine registry or nbconvert's exporters, every list that depends on the document types (the
bank's loader, the export formats, the XLSX builders, what a progression can place and in which slot, which
atelier tab edits what) is derived from `DOCUMENT_TYPES`. Adding a type is one model class, one template
folder (`templates/<name>/fiche.html.j2`) and one `register(DocumentType(...))`.

Models and builders are named as "module:attribute" strings and imported on first use, so that the registry
can be read (by the bank, the CLI) without importing pandas, openpyxl or the planners.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from .errors import SpiraleError

HTML_FORMATS = ("pdf", "html", "odt", "docx", "md")


def _resolve(target: Any) -> Any:
    """A "module:attribute" string imported now, or the object itself (a type registered from a script)."""
    if not isinstance(target, str):
        return target
    module, _, attribute = target.partition(":")
    return getattr(import_module(module), attribute)


@dataclass(frozen=True)
class DocumentType:
    name: str  # the `doc_type` stored in every file of this type
    model: Any  # "module:Class" of the pydantic model (or the class)
    label: str  # French, shown to teachers
    sheets: Any = ""  # "module:function(doc, **context) -> list[Sheet]" (or the function): the XLSX export
    xlsx_writer: Any = ""  # "module:function(doc, path, **context) -> Path": a type with its own workbook
    slot: Callable[[Any], str] | None = None  # where a progression places it; None: not placeable
    editor: str = ""  # key of the atelier tab that opens it (`Tab.key`)
    # "module:function(doc, ref) -> dict": more variables for its templates (a progression's views), computed by
    # the planner that owns them, so that neither the model nor the renderer imports the other
    template_context: Any = ""

    @property
    def formats(self) -> tuple[str, ...]:
        return HTML_FORMATS + (("xlsx",) if self.sheets or self.xlsx_writer else ())

    @property
    def placeable(self) -> bool:
        return self.slot is not None

    def model_class(self) -> type:
        return _resolve(self.model)

    def sheet_builder(self) -> Callable[..., list]:
        return _resolve(self.sheets)

    def writer(self) -> Callable[..., Any]:
        return _resolve(self.xlsx_writer)

    def context(self, doc: Any, ref: Any) -> dict:
        return _resolve(self.template_context)(doc, ref) if self.template_context else {}


DOCUMENT_TYPES: dict[str, DocumentType] = {}


def register(doc_type: DocumentType) -> DocumentType:
    """Add (or replace, for a school's own model) a document type."""
    DOCUMENT_TYPES[doc_type.name] = doc_type
    return doc_type


def unregister(name: str) -> None:
    DOCUMENT_TYPES.pop(name, None)


def document_type(name: str) -> DocumentType:
    try:
        return DOCUMENT_TYPES[name]
    except KeyError:
        raise SpiraleError(f"type de document inconnu : « {name} » (connus : {', '.join(DOCUMENT_TYPES)})") from None


def placeable_types() -> tuple[str, ...]:
    return tuple(t.name for t in DOCUMENT_TYPES.values() if t.placeable)


def edited_by(editor: str) -> tuple[str, ...]:
    return tuple(t.name for t in DOCUMENT_TYPES.values() if t.editor == editor)


def _cointervention_slot(doc) -> str:
    return "cointervention-francais" if doc.discipline == "francais" else "cointervention-maths"


register(
    DocumentType(
        "scenario",
        "scenario_lib.scenario.model:Scenario",
        "Scénario",
        sheets="scenario_lib.render.xlsx:scenario_sheets",
        slot=lambda doc: "professionnel",
        editor="composer",
        template_context="scenario_lib.scenario.pedagogy:scenario_context",
    )
)
register(
    DocumentType(
        "cointervention",
        "scenario_lib.planning.cointervention:CoInterventionPlan",
        "Plan de co-intervention",
        sheets="scenario_lib.planning.cointervention:cointervention_sheets",
        slot=_cointervention_slot,
        editor="cointervention",
    )
)
register(
    DocumentType(
        "projet",
        "scenario_lib.planning.projet:ProjectPlan",
        "Plan de chef-d'œuvre / projet",
        sheets="scenario_lib.planning.projet:project_sheets",
        slot=lambda doc: "chef-oeuvre",
        editor="projet",
    )
)
register(
    DocumentType(
        "progression",
        "scenario_lib.planning.progression:Progression",
        "Progression",
        sheets="scenario_lib.planning.progression_xlsx:progression_sheets",
        editor="progression",
        template_context="scenario_lib.planning.progression_views:template_context",
    )
)
register(
    DocumentType(
        "livret_pfmp",
        "scenario_lib.pfmp.booklet:Booklet",
        "Livret PFMP",
        xlsx_writer="scenario_lib.pfmp.workbook:export_booklet_xlsx",
    )
)
register(
    DocumentType(
        "evaluation",
        "scenario_lib.evaluation.grid:Evaluation",
        "Évaluation d'une situation",
        xlsx_writer="scenario_lib.evaluation.workbook:export_evaluation_xlsx",
        editor="evaluation",
    )
)
register(
    DocumentType(
        "ccf",
        "scenario_lib.evaluation.ccf:CcfSheet",
        "Fiche d'évaluation CCF",
        sheets="scenario_lib.evaluation.ccf:ccf_sheets",
    )
)
register(
    DocumentType(
        "titre",
        "scenario_lib.evaluation.titre:TitreRecord",
        "Dossier titre professionnel",
        template_context="scenario_lib.evaluation.titre:template_context",
    )
)
register(
    DocumentType(
        "ccf_synthese",
        "scenario_lib.evaluation.ccf:CcfSummary",
        "Synthèse CCF de la classe",
        sheets="scenario_lib.evaluation.ccf:summary_sheets",
    )
)
