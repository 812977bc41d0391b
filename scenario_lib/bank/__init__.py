"""The shared bank of documents: one human-readable YAML file per document in a (synced) folder.

`Bank(folder)` saves with revisions and conflict copies, lists with filters, keeps a trash and a history,
reports broken files in French, and imports/exports zip archives. `Drafts` keeps what an editor typed but did
not save yet; `field_differences` / `Bank.merge` settle a conflict field by field.
"""

from .archive import ImportCollisionError, ImportReport
from .conflicts import diff_documents
from .drafts import Draft, Drafts
from .files import BankFileError, document_filename, document_fingerprint
from .loading import Problem
from .location import default_bank_dir, open_bank, sample_bank_dir
from .merge import FieldDifference, field_differences, merge_documents
from .store import Bank, ConflictError, DocumentNotFoundError, Entry, deleted_at

__all__ = [
    "Bank",
    "BankFileError",
    "ConflictError",
    "DocumentNotFoundError",
    "Draft",
    "Drafts",
    "Entry",
    "FieldDifference",
    "ImportCollisionError",
    "ImportReport",
    "Problem",
    "default_bank_dir",
    "deleted_at",
    "diff_documents",
    "document_filename",
    "document_fingerprint",
    "field_differences",
    "merge_documents",
    "open_bank",
    "sample_bank_dir",
]
