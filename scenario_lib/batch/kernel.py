"""Code the parameterised notebook runs inside its kernel: render a list of bank documents, one result each.

One kernel renders a whole chunk, so every document is isolated by its own try/except and its result is
appended (one JSON line, flushed) as soon as it is known: if the kernel dies on document k, the runner still
knows which documents were done and which one was being rendered (the « start » line without an « end »).
"""

from __future__ import annotations

import errno
import json
import sys
import time
import traceback
from pathlib import Path

from .status import Status

# What a teacher can act on, by the system's error number (Python's own text is English: « No space left… »).
OS_REASONS = {
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "support en lecture seule",
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.EIO: "erreur de lecture ou d'écriture du support (clé ou disque débranché ?)",
}
FULL = (errno.ENOSPC, errno.EDQUOT)


def output_path(out_dir: str | Path, doc_id: str, fmt: str, template: str = "fiche") -> Path:
    """One file per document and layout, named by id: stable across title changes, so resuming can find it.

    Layout options (établissement, CSS) are not part of the name: after changing them, re-render with force.
    """
    suffix = "" if template == "fiche" else f"-{template}"
    return Path(out_dir) / f"{doc_id}{suffix}.{fmt}"


def select_entries(bank, level: str = ""):  # noqa: ANN001, ANN201 - a Bank, its entries
    """The bank's entries of one level, or all of them: the one selection rule of notebook and runner."""
    return bank.list(level=level) if level else bank.list()


def select_ids(bank: str, level: str = "") -> list[str]:
    from ..bank import Bank

    return [entry.id for entry in select_entries(Bank(bank, create=False), level)]


def os_cause(exc: BaseException) -> OSError | None:
    """The system error behind `exc`, even when a French wrapper (`FileProblem`) replaced it `from None`."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in OS_REASONS:
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def french_reason(exc: BaseException) -> str:
    """Spirale errors already speak French; a full disk says so; anything else is named as unexpected."""
    from ..errors import SpiraleError

    cause = os_cause(exc)
    if cause is not None:
        where = getattr(exc, "file", "") or cause.filename or ""
        hint = " ; libérez de la place puis relancez la même commande" if cause.errno in FULL else ""
        return f"{OS_REASONS[cause.errno]}{f' : « {where} »' if where else ''}{hint}"
    if isinstance(exc, SpiraleError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"fichier illisible ou impossible à écrire ({exc.strerror or exc}) : {exc.filename or ''}"
    return f"erreur inattendue ({type(exc).__name__}) : {exc}"


def layout(css: str, context: dict | None) -> dict:
    """Template context of the notebook's layout cell: header fields plus the teacher's CSS override."""
    return {**(context or {}), **({"css_override": css} if css.strip() else {})}


class _Results:
    """Append-only JSON lines; a no-op when the notebook is run by hand without a results file."""

    def __init__(self, path: str):
        self.handle = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115 - closed in close()

    def write(self, **record) -> None:
        if self.handle:
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.handle.flush()

    def close(self) -> None:
        if self.handle:
            self.handle.close()


def load_document(bank: str, item: str):  # noqa: ANN201 - a Document
    """`item` is a document id, or the path of a bank file (what the runner sends: no scan of the whole bank)."""
    from ..bank import Bank
    from ..bank.loading import load_file

    path = Path(item)
    if path.suffix.lower() in {".yaml", ".yml"}:
        return load_file(path if path.is_absolute() else Path(bank) / path)
    return Bank(bank, create=False).get(item)


def render_documents(
    bank: str,
    documents: list[str],
    fmt: str = "pdf",
    out_dir: str = "rendus",
    template: str = "fiche",
    css: str = "",
    context: dict | None = None,
    results_path: str = "",
) -> list[dict]:
    """Render every document, never stopping at a bad one; returns (and streams to `results_path`) one record each."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results, records = _Results(results_path), []
    try:
        for item in documents:
            results.write(event="start", item=item)
            started = time.perf_counter()
            record = {"event": "end", "item": item, "id": "", "title": "", "output": "", "error": ""}
            try:
                doc = load_document(bank, item)
                record.update(id=doc.id, title=doc.title)
                from ..render import export  # writes through a temp file: never half a PDF under the final name

                target = export(doc, fmt, output_path(out, doc.id, fmt, template), template, **layout(css, context))
                record.update(status=Status.OK.value, output=str(target))
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the others
                record.update(status=Status.FAILED.value, error=french_reason(exc))
                print(f"« {item} » : {record['error']}", file=sys.stderr)
                traceback.print_exc()
            record["duration"] = round(time.perf_counter() - started, 3)
            results.write(**record)
            records.append(record)
    finally:
        results.close()
    return records


def preview(
    records: list[dict],
    bank: str = "",
    template: str = "fiche",
    css: str = "",
    context: dict | None = None,
    sheets: int = 0,
):  # noqa: ANN201 - an IPython display object
    """What a teacher sees after a run by hand: one line per document, then the first `sheets` sheets as laid out."""
    from html import escape

    from IPython.display import HTML

    from ..render import render_html

    rows = "".join(
        f"<tr><td>{escape(r['id'] or r['item'])}</td><td>{escape(r['title'])}</td>"
        f"<td>{escape(Status(r['status']).label)}</td>"
        f"<td>{escape(r['output'] or r['error'])}</td></tr>"
        for r in records
    )
    parts = [
        f"<table class='spirale-resultats'><tr><th>Document</th><th>Titre</th><th>Statut</th>"
        f"<th>Fichier ou erreur</th></tr>{rows}</table>"
    ]
    if sheets:
        for record in [r for r in records if r["status"] == Status.OK.value][:sheets]:
            page = render_html(load_document(bank, record["item"]), template, **layout(css, context))
            # An iframe keeps the sheet's print CSS from leaking into the notebook (and the reverse).
            parts.append(
                f"<iframe class='spirale-fiche' srcdoc=\"{escape(page)}\" "
                "style='width:21cm;height:29.7cm;border:1px solid #ccc'></iframe>"
            )
    return HTML("\n".join(parts))
