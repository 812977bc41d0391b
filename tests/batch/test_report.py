"""The report files a teacher opens after a batch."""

from __future__ import annotations

import csv

from scenario_lib.batch.kernel import FAILED, OK
from scenario_lib.batch.report import SKIPPED, BatchReport, ItemResult


def test_csv_and_html_report(tmp_path):
    report = BatchReport(tmp_path, items=[
        ItemResult("abc123", OK, title="Vente <conseil>", duration=0.25, output=str(tmp_path / "abc123.pdf")),
        ItemResult("cassee.yaml", FAILED, error="fichier « cassee.yaml » : YAML invalide",
                   diagnostic=str(tmp_path / ".diagnostic" / "cassee.yaml.ipynb")),
        ItemResult("def456", SKIPPED, output=str(tmp_path / "def456.pdf")),
    ])
    report.write()

    with open(tmp_path / "rapport.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [r["statut"] for r in rows] == [OK, FAILED, SKIPPED]
    assert rows[0]["durée (s)"] == "0,25" and rows[1]["erreur"].startswith("fichier « cassee.yaml »")

    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Vente &lt;conseil&gt;" in html and "<conseil>" not in html
    assert 'href="abc123.pdf"' in html and 'href=".diagnostic/cassee.yaml.ipynb"' in html
    assert html.index("cassee.yaml") < html.index("abc123")  # failures first
    assert report.exit_code == 1 and "1 en échec" in report.summary()
    assert BatchReport(tmp_path, items=report.items[::2]).exit_code == 0
