"""Hypothesis strategies that damage real files the way editors, spreadsheets and attackers do."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

NASTY = [
    b"\x00",
    b"\x1b",
    b'"',
    b";",
    b",",
    b"\t",
    b"\n",
    b"\r\n",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x81",
    b"\xe9",
    b'=HYPERLINK("http://x")',
    b"../../etc/x",
    b"<b>",
    b"-",
    b"'",
    b"\xc3",
    "œ€".encode(),
]

# openpyxl and the loaders are slow-ish: no deadline, few examples, same examples in CI (tests/conftest.py).
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@st.composite
def mutated(draw, raw: bytes) -> bytes:
    """`raw` with one to four byte-level changes: replace, insert (often a nasty token), delete, cut."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "nasty"]))
        if kind == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "nasty":
            data[at:at] = draw(st.sampled_from(NASTY))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: equal snapshots mean nothing was written, even partly."""
    return (
        {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        if folder.exists()
        else {}
    )
