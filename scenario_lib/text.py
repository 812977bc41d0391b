"""French text helpers shared by search, the bank and exporters."""

import re
import unicodedata
from datetime import date

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def fold(text: str) -> str:
    """Lower-case, accent-free, apostrophe- and space-normalised form used for searching."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).replace("œ", "oe").replace("Œ", "OE"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def normalise_space(text: str) -> str:
    """Collapse white space and unify apostrophes: the only normalisation allowed when comparing official texts."""
    return " ".join(text.translate(_APOSTROPHES).split())


def sentence(text: str) -> str:
    """`text` starting with a capital letter, for a clause that becomes a sentence of its own (after a full stop)."""
    return text[:1].upper() + text[1:]


def safe_filename(title: str, max_length: int = 80, default: str = "document") -> str:
    """A file name derived from a title that is valid and harmless on Linux, macOS and Windows.

    Keeps French letters readable (accents folded to ASCII), drops path separators, dots at the ends,
    emoji and control characters, and avoids Windows' reserved device names.
    """
    ascii_title = unicodedata.normalize("NFKD", title.replace("œ", "oe").replace("Œ", "OE"))
    ascii_title = "".join(ch for ch in ascii_title if not unicodedata.combining(ch))
    ascii_title = ascii_title.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()
    slug = slug[:max_length].rstrip("-") or default
    if slug.split(".")[0].upper() in _WINDOWS_RESERVED:
        slug = f"{slug}-doc"
    return slug


def french_number(value: float) -> str:
    """1.5 → « 1,5 », 2.0 → « 2 », 1/3 → « 0,33 », 1260 → « 1 260 » (narrow no-break space): CLDR's French."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.##", locale="fr_FR")


def french_date(value: date) -> str:
    """1 September 2025 → « 1er septembre 2025 » (CLDR month names; French writes the first day « 1er »)."""
    from babel.dates import format_date

    text = format_date(value, format="d MMMM y", locale="fr_FR")
    return f"1er{text[1:]}" if value.day == 1 else text


def french_hours(value: float | int | str) -> str:
    """1.5 → « 1,5 h », 2.0 → « 2 h » (no-break space): the way French timetables write durations."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{french_number(number)}\u00a0h"


def parse_french_number(text: str) -> float:
    """« 1,5 », « 1.5 », « 1 260 » → a float; ValueError (for the caller's French message) on anything else."""
    from babel.numbers import NumberFormatError, parse_decimal

    cleaned = str(text).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(".", ",")
    try:
        return float(parse_decimal(cleaned, locale="fr_FR", strict=False))
    except NumberFormatError:
        raise ValueError(text) from None
