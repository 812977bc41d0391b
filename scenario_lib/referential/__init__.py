"""Official referentials: data folder → validated immutable model, search, pandas views, Moodle CSV."""

from .loader import load_folder
from .model import Referential
from .registry import DEFAULT, available_referentials, load_referential

__all__ = ["DEFAULT", "Referential", "available_referentials", "load_folder", "load_referential"]
