"""The shared bank of documents: one human-readable YAML file per document in a (synced) folder.

`Bank(folder)` saves with revisions and conflict copies, lists with filters, keeps a trash and a history,
reports broken files in French, and imports/exports zip archives.
"""

from .archive import ImportCollisionError, ImportReport
from .conflicts import diff_documents
from .files import BankFileError, document_filename
from .loading import Problem
from .location import default_bank_dir, open_bank, sample_bank_dir
from .store import Bank, ConflictError, DocumentNotFoundError, Entry

__all__ = ["Bank", "BankFileError", "ConflictError", "DocumentNotFoundError", "Entry", "ImportCollisionError",
           "ImportReport", "Problem", "default_bank_dir", "diff_documents", "document_filename", "open_bank",
           "sample_bank_dir"]
