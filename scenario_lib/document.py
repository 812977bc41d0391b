"""What every document Spirale stores and renders has in common.

The bank, the renderers and the batch runner only know this base and the registry of `doctypes.py`, so a
new document type (a plan, a progression, a PFMP booklet) is one model class plus one `register(...)`.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .doctypes import DOCUMENT_TYPES, document_type
from .validation import (InvalidDocumentError, control_problem, french_problems, reject_controls, reject_html,
                         reject_line_controls)

Text = Annotated[str, Field(min_length=1, max_length=5000), AfterValidator(reject_html), AfterValidator(reject_controls)]
ShortText = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(reject_html),
                      AfterValidator(reject_line_controls)]
OptionalText = Annotated[str, Field(max_length=20000), AfterValidator(reject_html), AfterValidator(reject_controls)]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"  # a document id, also a file-name part: lower-case ASCII only

__all__ = ["DOCUMENT_TYPES", "Document", "Part", "document_class", "document_label", "parse_document"]


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class Part(BaseModel):
    """A piece of a document (task, phase, lever…): strict keys, French validation messages."""

    model_config = ConfigDict(extra="forbid")


class Document(Part):
    """Base of stored documents: identity, revision counter and authors for the bank."""

    doc_type: str
    schema_version: int = 1
    id: str = Field(default_factory=new_id, pattern=ID_PATTERN)
    revision: int = Field(default=0, ge=0)
    title: ShortText
    authors: list[ShortText] = []
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


def document_class(doc_type: str) -> type[Document]:
    return document_type(doc_type).model_class()


def document_label(doc_type: str) -> str:
    known = DOCUMENT_TYPES.get(doc_type)
    return known.label if known else doc_type


def parse_document(data: dict, expected: str | None = None) -> Document:
    """Build the right model from plain data (a YAML file, a form), errors in French."""
    if not isinstance(data, dict):
        raise InvalidDocumentError([("", "un dictionnaire « clé: valeur » est attendu")])
    doc_type = data.get("doc_type", expected or "scenario")
    if expected and doc_type != expected:
        raise InvalidDocumentError([("type de document", f"« {expected} » attendu, trouvé « {doc_type} »")])
    cls = document_class(str(doc_type))
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise InvalidDocumentError(french_problems(exc), document_label(str(doc_type))) from None
