"""PFMP (work placements): class lists, per-pupil positioning booklets, filled-grid import and tracking.

Pupil data never leaves the teacher's folder: booklets and results live inside the bank folder
(`<banque>/pfmp/<classe>/`), nothing is sent anywhere.
"""

from .booklet import Booklet, BookletRow, build_booklets
from .pupils import Pupil, read_class_list, write_class_list_template
from .store import class_bank, class_results, generate_booklets, import_results
from .tracking import ClassResults, GridImport, import_filled_workbooks
from .workbook import read_filled_workbook, write_booklet_workbook

__all__ = [
    "Booklet",
    "BookletRow",
    "ClassResults",
    "GridImport",
    "Pupil",
    "build_booklets",
    "class_bank",
    "class_results",
    "generate_booklets",
    "import_filled_workbooks",
    "import_results",
    "read_class_list",
    "read_filled_workbook",
    "write_booklet_workbook",
    "write_class_list_template",
]
