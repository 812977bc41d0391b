"""What the commands print for a person: French typography, readable whatever the terminal's encoding.

Machine output (`--json`) and stored files shown as they are (`banque montrer`) are printed with plain `print`.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Collection

from ..typography import NBSP, NNBSP, typeset


def echo(*lines: str, official: Collection[str] = frozenset()) -> None:
    """Prints each line typeset; the `official` wordings quoted in it (`ref.official_texts`) are kept as is."""
    emit(*(typeset(line, official) for line in lines))


def wrap(
    text: str, width: int, indent: str = "", subsequent: str | None = None, official: Collection[str] = frozenset()
) -> list[str]:
    """Typeset first, then wrap: an official wording is recognised whole, and no line starts with « : »
    (textwrap breaks only at ASCII spaces, never at the no-break ones). Print the lines with `emit`."""
    return textwrap.wrap(
        typeset(text, official),
        width,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
    )


def emit(*lines: str) -> None:
    """Prints lines already typeset. A terminal or file whose encoding lacks the narrow no-break space
    (Windows' cp1252) gets a no-break space, or a plain space, rather than an encoding error."""
    text = "\n".join(lines)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    for space, fallback in ((NNBSP, NBSP), (NBSP, " ")):
        try:
            space.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            text = text.replace(space, fallback)
    print(text)
