"""Reading PDFs back for tests: pypdf for structure, poppler's pdftotext for the text layer.

pypdf 7 decodes WeasyPrint's embedded CMap encodings wrongly (letters spaced out, « — » garbled), while
poppler reads them exactly; poppler-utils is already required for the PNG visual check.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_pages_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")[:-1]


def flat(text: str) -> str:
    """Undo line wrapping and hyphenation (WeasyPrint breaks words with U+2010) to search whole sentences."""
    return " ".join(text.replace("\u2010\n", "").replace("-\n", "-").split())


def squash(text: str) -> str:
    """No white space at all: PDF line breaks may fall after « / » or inside a phrase."""
    return "".join(flat(text).split())
