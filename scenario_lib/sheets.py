"""Tables as planners build them for spreadsheets: plain data, so planners need not import the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]
    intro: list[tuple[str, str]] = field(default_factory=list)  # « libellé : valeur » lines above the table
    choices: list[str] = field(default_factory=list)  # drop-down offered in every cell right of `fixed`
    fixed: int = 1  # leading columns that identify a row (no drop-down)
    free: int = 0  # trailing columns of free text (no drop-down), e.g. « Observations »
    widths: list[int] = field(default_factory=list)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) in `rows`, 0-based → RRGGBB
