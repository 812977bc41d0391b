"""Evaluating pupils in class and following them over three years (class grids, pupil records, bilans).

Models (`grid.py`): `Evaluation` (document type « evaluation »: pupils × the situation's sub-competences,
levels of the `positionnement` scale, attitudes, comments, date), `PupilRow`; fast-entry functions that return
a new frozen grid. Records (`record.py`): `ClassRecord` merges class evaluations and PFMP booklets into
evidences and levels per pupil × competence × year by the rules of `data/spirale/regles_evaluation.yaml`;
`PupilRecord` is one pupil's view. Storage (`store.py`): `<banque>/evaluations/<classe>/`.
"""

from .grid import (
    YEAR_LABELS,
    YEARS,
    Evaluation,
    PupilRow,
    copy_previous,
    evaluation_of_scenario,
    filled_count,
    grid_columns,
    new_evaluation,
    parse_level,
    set_column,
    set_comment,
    set_level,
)
from .record import ClassRecord, PupilRecord, Rules, load_rules
from .store import (
    class_folder,
    class_record,
    classes,
    create_evaluation,
    evaluation_bank,
    evaluations,
    find_evaluation,
    previous_evaluation,
    save_evaluation,
)

__all__ = [
    "YEARS",
    "YEAR_LABELS",
    "ClassRecord",
    "Evaluation",
    "PupilRecord",
    "PupilRow",
    "Rules",
    "class_folder",
    "class_record",
    "classes",
    "copy_previous",
    "create_evaluation",
    "evaluation_bank",
    "evaluation_of_scenario",
    "evaluations",
    "filled_count",
    "find_evaluation",
    "grid_columns",
    "load_rules",
    "new_evaluation",
    "parse_level",
    "previous_evaluation",
    "save_evaluation",
    "set_column",
    "set_comment",
    "set_level",
]
