"""What every document Spirale stores and renders has in common.

The bank, the renderers and the batch runner only know this base and the registry of `doctypes.py`, so a
new document type (a plan, a progression, a PFMP booklet) is one model class plus one `register(...)`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from .doctypes import DOCUMENT_TYPES, document_type
from .errors import SpiraleError
from .validation import (
    InvalidDocumentError,
    control_problem,
    french_problems,
    reject_controls,
    reject_html,
    reject_line_controls,
)

if TYPE_CHECKING:
    from .referential.model import Referential

Text = Annotated[
    str, Field(min_length=1, max_length=5000), AfterValidator(reject_html), AfterValidator(reject_controls)
]
ShortText = Annotated[
    str, Field(min_length=1, max_length=300), AfterValidator(reject_html), AfterValidator(reject_line_controls)
]
OptionalText = Annotated[str, Field(max_length=20000), AfterValidator(reject_html), AfterValidator(reject_controls)]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"  # a document id, also a file-name part: lower-case ASCII only

__all__ = [
    "DOCUMENT_TYPES",
    "Document",
    "Part",
    "Referentials",
    "context_referential",
    "document_class",
    "document_label",
    "parse_document",
]


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Part(BaseModel):
    """A piece of a document (task, phase, lever…): strict keys, French validation messages.

    Frozen: a change is a new object (`model_copy(update=…)` or a method returning one), so a document the bank
    or a widget holds never changes under another holder's feet. List fields are tuples (written as YAML lists).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(Part):
    """Base of stored documents: identity, revision counter and authors for the bank."""

    doc_type: str
    schema_version: int = 1
    id: str = Field(default_factory=new_id, pattern=ID_PATTERN)
    revision: int = Field(default=0, ge=0)
    title: ShortText
    authors: tuple[ShortText, ...] = ()
    updated: datetime = Field(default_factory=now)

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: object) -> object:
        """No invisible control character in any text of a stored document, whatever the field's type."""
        problem = control_problem(data) if isinstance(data, dict) else None
        if problem and isinstance(data, dict):
            raise InvalidDocumentError([problem], document_label(str(data.get("doc_type", ""))) or "document")
        return data

    def facets(self) -> dict:
        """Values the bank filters on; subclasses add level, blocks, competences, context."""
        return {"level": "", "blocks": [], "competences": [], "context": ""}

    def search_text(self) -> str:
        """All the human text of the document, for free-text search in the bank."""
        return self.model_dump_json()


MISSING_REFERENTIAL = (
    "référentiel « {name} » non fourni à la vérification : les codes ne peuvent pas être "
    "contrôlés (le document doit être lu par la banque, un formulaire ou une proposition, "
    "qui chargent le référentiel)"
)


def context_referential(info: ValidationInfo, name: str) -> Referential:
    """The referential the edge loaded and passed in the validation context: validators never read files.

    Without one, a French error (never a silent skip); a mismatch (a document of another referential) too.
    """
    context = info.context if isinstance(info.context, dict) else {}
    problem = context.get("referential_problem")
    if problem:
        raise ValueError(problem)
    ref = context.get("referential")
    if ref is None:
        raise ValueError(MISSING_REFERENTIAL.format(name=name))
    if ref.id != name and not PurePath(name).is_absolute():  # a teacher's folder is stored as its path
        raise ValueError(f"document du référentiel « {name} » vérifié avec le référentiel « {ref.id} »")
    return ref


class Referentials:
    """The referentials one edge needs (a bank listing, a form, the proposer), each loaded once by name."""

    def __init__(self, *loaded: Referential):
        self._loaded: dict[str, Referential] = {ref.id: ref for ref in loaded}

    def get(self, name: str) -> Referential:
        if name not in self._loaded:
            from .referential import registry

            self._loaded[name] = registry.load_referential(name)
        return self._loaded[name]

    def context(self, cls: type[BaseModel], data: dict) -> dict[str, Any]:
        """Validation context for `data` of model `cls`: its referential, or why it cannot be loaded."""
        field = cls.model_fields.get("referential")
        if field is None:
            return {}
        name = data.get("referential", field.default)
        if not isinstance(name, str):
            return {}  # pydantic reports the field's type; no code can be checked
        try:
            return {"referential": self.get(name)}
        except SpiraleError as exc:
            return {"referential_problem": str(exc)}


def document_class(doc_type: str) -> type[Document]:
    return document_type(doc_type).model_class()


def document_label(doc_type: str) -> str:
    known = DOCUMENT_TYPES.get(doc_type)
    return known.label if known else doc_type


def parse_document(data: dict, expected: str | None = None, referentials: Referentials | None = None) -> Document:
    """Build the right model from plain data (a YAML file, a form), errors in French.

    This is an edge: it loads the document's referential (once per `referentials`, shared by a bank listing)
    and hands it to the validators through pydantic's validation context.
    """
    if not isinstance(data, dict):
        raise InvalidDocumentError([("", "un dictionnaire « clé: valeur » est attendu")])
    doc_type = data.get("doc_type", expected or "scenario")
    if expected and doc_type != expected:
        raise InvalidDocumentError([("type de document", f"« {expected} » attendu, trouvé « {doc_type} »")])
    cls = document_class(str(doc_type))
    context = (referentials or Referentials()).context(cls, data)
    try:
        return cls.model_validate(data, context=context)
    except ValidationError as exc:
        raise InvalidDocumentError(french_problems(exc), document_label(str(doc_type))) from None
