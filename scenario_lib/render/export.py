"""One entry point for every format: `export(doc, fmt, path)`; also what the batch runner loops over.

Files are written through `atomic_output`, so a failed export never leaves a half-written file nor overwrites
a good one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..document import Document
from ..errors import SpiraleError
from ..files import atomic_output
from ..text import safe_filename
from .formats import NAMES, format_choices  # noqa: F401 - format_choices re-exported
from .html import DEFAULT_TEMPLATE, render_html

FORMATS = NAMES  # format → French label (`render.formats`, the one place)


def _pdf(doc: Document, path: Path, template: str, context: dict) -> None:
    from .pdf import html_to_pdf

    path.write_bytes(html_to_pdf(render_html(doc, template, **context)))


def _html(doc: Document, path: Path, template: str, context: dict) -> None:
    path.write_text(render_html(doc, template, **context), encoding="utf-8")


def _office(doc: Document, path: Path, template: str, context: dict) -> None:
    from .office import html_to_office

    html_to_office(render_html(doc, template, **context), path.suffix[1:], path)


def _markdown(doc: Document, path: Path, template: str, context: dict) -> None:
    from .office import html_to_markdown

    path.write_text(html_to_markdown(render_html(doc, template, **context)), encoding="utf-8")


def _xlsx(doc: Document, path: Path, template: str, context: dict) -> None:
    from .xlsx import write_xlsx

    write_xlsx(doc, path, **context)


WRITERS: dict[str, Callable[[Document, Path, str, dict], None]] = {
    "pdf": _pdf,
    "html": _html,
    "odt": _office,
    "docx": _office,
    "md": _markdown,
    "xlsx": _xlsx,
}


def check_format(fmt: str) -> str:
    name = fmt.lower().lstrip(".")
    if name not in FORMATS:
        raise SpiraleError(f"format d'export inconnu : « {fmt} » (formats possibles : {', '.join(FORMATS)})")
    return name


def default_filename(doc: Document, fmt: str, template: str = DEFAULT_TEMPLATE) -> str:
    """Readable, portable name from the title: « vente-conseil-salon-de-l-habitat-grille.pdf »."""
    suffix = "" if template == DEFAULT_TEMPLATE or fmt == "xlsx" else f"-{safe_filename(template)}"
    return f"{safe_filename(doc.title)}{suffix}.{fmt}"


def target_path(doc: Document, fmt: str, path: str | Path, template: str = DEFAULT_TEMPLATE) -> Path:
    """A folder (existing, or named without extension) receives a name built from the title."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        return path / default_filename(doc, fmt, template)
    if path.suffix.lower() != f".{fmt}":
        raise SpiraleError(f"le fichier « {path.name} » n'a pas l'extension attendue pour le format {fmt} (.{fmt})")
    return path


def export(doc: Document, fmt: str, path: str | Path, template: str = DEFAULT_TEMPLATE, **context) -> Path:
    """Write `doc` as `fmt` (one of FORMATS) to `path` (a file, or a folder) and return the file written.

    `template` picks `templates/<doc_type>/<template>.html.j2` (« fiche », « grille »…); `context` reaches
    the template (établissement, classe, date, eleves=[…]).
    """
    fmt = check_format(fmt)
    target = target_path(doc, fmt, path, template)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpiraleError(f"impossible de créer le dossier « {target.parent} » : {exc.strerror}") from None
    with atomic_output(target) as partial:
        WRITERS[fmt](doc, partial, template, context)
    return target


def export_many(
    docs: Iterable[Document], fmt: str, folder: str | Path, template: str = DEFAULT_TEMPLATE, **context
) -> list[Path]:
    """Export a batch into one folder in this process (engines stay warm); equal titles get « -2 », « -3 »."""
    fmt, folder = check_format(fmt), Path(folder)
    written: list[Path] = []
    taken: set[str] = set()
    for doc in docs:
        name = default_filename(doc, fmt, template)
        stem, count = name[: -len(fmt) - 1], 1
        while name in taken:
            count += 1
            name = f"{stem}-{count}.{fmt}"
        taken.add(name)
        written.append(export(doc, fmt, folder / name, template, **context))
    return written
