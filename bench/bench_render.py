"""Median time per sheet for each export path, one warm process (what the batch runner gets).

Run: .venv/bin/python bench/bench_render.py [--n 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenario_lib.render import export, render_html  # noqa: E402
from scenario_lib.render.pdf import html_to_pdf, warm_up  # noqa: E402
from scenario_lib.scenario.model import parse_scenario  # noqa: E402
from tests.render.conftest import scenario_data  # noqa: E402


def median_ms(action, n: int) -> float:
    action()  # first call compiles templates / loads fonts
    times = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=15)
    n = parser.parse_args().n
    doc = parse_scenario(dict(**scenario_data()))
    html = render_html(doc)
    start = time.perf_counter()
    warm_up()
    print(f"WeasyPrint warm-up (import + fonts): {(time.perf_counter() - start) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        rows = [
            ("HTML (Jinja)", lambda: render_html(doc)),
            ("PDF fiche, HTML→PDF only", lambda: html_to_pdf(html)),
            ("PDF fiche, export()", lambda: export(doc, "pdf", out)),
            ("PDF grille (1 élève), export()", lambda: export(doc, "pdf", out, template="grille", eleves=["A"])),
            ("DOCX, export()", lambda: export(doc, "docx", out)),
            ("ODT, export()", lambda: export(doc, "odt", out)),
            ("Markdown, export()", lambda: export(doc, "md", out)),
            ("XLSX, export()", lambda: export(doc, "xlsx", out)),
        ]
        pages = len(__import__("pypdf").PdfReader(export(doc, "pdf", out)).pages)
        print(f"fiche: {pages} pages A4; median of {n} runs")
        for label, action in rows:
            ms = median_ms(action, n)
            extra = f"  ({ms / pages:.0f} ms/page)" if label.startswith("PDF fiche") else ""
            print(f"{label:<34} {ms:7.0f} ms{extra}")


if __name__ == "__main__":
    main()
