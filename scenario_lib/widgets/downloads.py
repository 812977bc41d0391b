"""Download links that work in Voilà: the file travels inside the page as a data: URI (no file server needed).

Voilà only serves files matching `file_allowlist` below the notebook's folder; a data: URI works wherever the
page is shown (local Voilà, JupyterHub service, behind a proxy) and never exposes the bank folder.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import zipfile
from pathlib import Path

from ..render.formats import mime_type


def download_link(path: str | Path, label: str | None = None) -> str:
    """An `<a download>` tag carrying the file; `label` defaults to the file name."""
    path = Path(path)
    mime = mime_type(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    size = path.stat().st_size
    text = html.escape(label or path.name)
    return (
        f'<a class="spirale-telechargement" download="{html.escape(path.name)}" '
        f'href="data:{mime};base64,{payload}" style="font-weight:bold">⬇ {text}</a> '
        f"<span>({size / 1024:.0f} Ko)</span>"
    )


def make_zip(files: list[Path], archive: Path) -> Path:
    """One archive for a whole set of exports (flat: each file under its own name)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in files:
            z.write(path, path.name)
    return archive
