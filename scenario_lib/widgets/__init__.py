"""The atelier: the ipywidgets app teachers use through Voilà (forms, lists, buttons; no code visible)."""

from .atelier import Atelier, default_tabs
from .base import AtelierState, Tab

__all__ = ["Atelier", "AtelierState", "Tab", "default_tabs"]
