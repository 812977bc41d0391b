"""An executed notebook as a printable page through Spirale's lean nbconvert template (outputs only).

Used for the diagnostics of a failed batch item and for a teacher's notebook-as-report; nbconvert's own
templates inline ≈ 280 KB of JupyterLab CSS and show the code, which a printed report does not want.
"""

from __future__ import annotations

from ..paths import template_dirs

TEMPLATE = "spirale"


def notebook_to_html(notebook: str) -> str:
    """`notebook` is the JSON text of a notebook (as papermill writes it)."""
    from .chunk import import_papermill

    import_papermill()  # same fast nbformat import as the chunks
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE, extra_template_basedirs=[str(folder / "nbconvert") for folder in template_dirs()]
    )
    body, _ = exporter.from_notebook_node(nbformat.reads(notebook, as_version=4))
    return body
