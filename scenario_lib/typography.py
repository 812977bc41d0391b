"""French typography for Spirale's own text and teachers' text, so a sheet can be pasted as it is.

`typeset` is the one function every output applies (Jinja `finalize`, spreadsheet cells, command-line echo).
Official wordings (referential titles, descriptors, expected results, criteria, PFMP booklet texts) are
pasted into official documents word for word: they are `Official` strings, which `typeset` returns unchanged.
The referential model marks every string it holds `Official`, so they stay untouched without any care from
the caller, as long as they are not rebuilt by string operations (use `official()` again then).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from markupsafe import escape

NBSP = "\u00a0"  # before « : », inside « », between a number and its unit
NNBSP = "\u202f"  # narrow: before « ; ! ? »
_SPACES = f" {NBSP}{NNBSP}"


class Official(str):
    """A wording of an official text: never typeset, never reworded.

    It also carries `__html__`, so Jinja's `~` and `join` keep it escaped but untouched (the result becomes
    markup that `finalize` leaves alone) instead of silently turning it into ordinary, typeset text.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return str(escape(str(self)))


def official(text: str) -> Official:
    """Marks a string as an official wording (idempotent)."""
    return text if isinstance(text, Official) else Official(text)


# Spans no rule may change: addresses, e-mails, HTML entities (template text is HTML source).
_PROTECTED = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|&#?\w+;", re.IGNORECASE)
_LETTER = r"A-Za-zÀ-ÖØ-öø-ÿœŒ"
_UNITS = r"h|min|s|%|€|semaines?|jours?|heures?|ans|mois|élèves|pages?|Ko|Mo|Mio|km|kg"
_NUMBER = r"(?<![\w.,])\d+(?:,\d+)?"  # a number that is not the end of a code (T1.01, 4B.2.1)
# Order matters for idempotence: rules that add spaces come before the rules that look at spaces.
_RULES: tuple[tuple[re.Pattern, str], ...] = (
    # l'élève → l’élève (only between letters: 'quotes' and codes are left alone)
    (re.compile(rf"(?<=[{_LETTER}])'(?=[{_LETTER}])"), "’"),
    # « 1.5 h » → « 1,5 h »: a decimal point before a unit, outside a code (T1.01, 4B.2.1, v2.0.1)
    (re.compile(rf"(?<![\w.,])(\d+)\.(\d+)(?![\d.])(?=[{_SPACES}]?(?:{_UNITS})(?!\w))"), r"\1,\2"),
    # guillemets hold no-break spaces inside
    (re.compile(rf"«[{_SPACES}]*"), "«" + NBSP),
    (re.compile(rf"[{_SPACES}]*»"), NBSP + "»"),
    # a number and its unit: « 7,5 h », « 12 % », « 3 semaines » (no space added inside 10h30)
    (re.compile(rf"({_NUMBER})[{_SPACES}]*([%€])"), r"\1" + NBSP + r"\2"),
    (re.compile(rf"({_NUMBER})[{_SPACES}]+({_UNITS})(?!\w)"), r"\1" + NBSP + r"\2"),
    # spaces before ; ! ? become narrow no-break, before : a no-break space
    (re.compile(rf"[{_SPACES}]+([;!?])"), NNBSP + r"\1"),
    (re.compile(rf"[{_SPACES}]+:"), NBSP + ":"),
    # missing space after a word: « Attention! » → « Attention ! » (only when a space or the end follows)
    (re.compile(r"(?<=[\w»)])([;!?]+)(?=\s|$)"), NNBSP + r"\1"),
    (re.compile(rf"(?<=[{_LETTER}»)]):(?=\s|$)"), NBSP + ":"),
)


def _plain(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=8)
def _changeable(official: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """(head, wording) of the official wordings typesetting would change: the only ones worth looking for."""
    return tuple((t[:12], t) for t in sorted(official, key=len, reverse=True) if _plain(t) != t)


def _protected_spans(text: str, official: frozenset[str]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PROTECTED.finditer(text)]
    for head, wording in _changeable(official):
        if head in text:  # cheap test first: most texts quote no official wording
            start = text.find(wording)
            while start >= 0:
                spans.append((start, start + len(wording)))
                start = text.find(wording, start + len(wording))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def typeset(text: str, official: Collection[str] = frozenset()) -> str:
    """French typography on Spirale's or a teacher's text; `Official` text comes back unchanged.

    Only spaces become no-break spaces (some are added), straight apostrophes between letters become ’ and
    a decimal point before a unit becomes a comma; addresses, e-mails, codes, times and dates are kept, and
    so is any of the `official` wordings (a referential's `official_texts`) quoted inside the text.
    """
    if not text or isinstance(text, Official) or not isinstance(text, str) or _plain(text) == text:
        return text
    parts, last = [], 0
    for start, end in _protected_spans(text, frozenset(official)):
        parts += [_plain(text[last:start]), text[start:end]]
        last = end
    parts.append(_plain(text[last:]))
    return "".join(parts)
