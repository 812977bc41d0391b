"""The report files a teacher opens after a batch: French statuses, safe CSV cells, escaped HTML."""

from __future__ import annotations

import csv

from scenario_lib.batch.report import BatchReport, ItemResult
from scenario_lib.batch.status import Status


def read_csv(folder) -> list[dict]:  # noqa: ANN001
    with open(folder / "rapport.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_csv_and_html_report(tmp_path):
    report = BatchReport(
        tmp_path,
        items=[
            ItemResult(
                "abc123", Status.OK, title="Vente <conseil>", duration=0.25, output=str(tmp_path / "abc123.pdf")
            ),
            ItemResult(
                "cassee.yaml",
                Status.FAILED,
                error="fichier « cassee.yaml » : YAML invalide",
                diagnostic=str(tmp_path / ".diagnostic" / "cassee.yaml.ipynb"),
            ),
            ItemResult("def456", Status.SKIPPED, output=str(tmp_path / "def456.pdf")),
        ],
    )
    report.write()

    rows = read_csv(tmp_path)
    assert [r["statut"] for r in rows] == ["réussi", "échec", "à jour"]  # French labels, not the enum's codes
    assert rows[0]["durée (s)"] == "0,25" and rows[1]["erreur"].startswith("fichier « cassee.yaml »")

    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "Vente &lt;conseil&gt;" in html and "<conseil>" not in html
    assert 'href="abc123.pdf"' in html and 'href=".diagnostic/cassee.yaml.ipynb"' in html
    assert html.index("cassee.yaml") < html.index("abc123")  # failures first
    assert '<tr class="ko">' in html and html.count('<tr class="ok">') == 2
    assert report.exit_code == 1 and "1 en échec" in report.summary()
    assert BatchReport(tmp_path, items=report.items[::2]).exit_code == 0


def test_hostile_titles_reach_the_report_inert(tmp_path):
    titles = [
        '=HYPERLINK("http://x.example","clic")',
        "+1+1",
        "@SUM(1)",
        "-2+3",
        "Vente\x00\x1b nulle",
        "<script>alert(1)</script>",
    ]
    items = [ItemResult(f"doc{n}", Status.OK, title=title) for n, title in enumerate(titles)]
    items.append(
        ItemResult(
            "javascript:alert(1).yaml",
            Status.FAILED,
            error="<b>cassé</b>",
            diagnostic=str(tmp_path / ".diagnostic" / "javascript:alert(1).yaml.ipynb"),
        )
    )
    BatchReport(tmp_path, items=items).write()

    rows = {r["document"]: r for r in read_csv(tmp_path)}
    assert [rows[f"doc{n}"]["titre"] for n in range(4)] == ["'" + t for t in titles[:4]]
    assert rows["doc4"]["titre"] == "Vente nulle"
    raw = (tmp_path / "rapport.csv").read_bytes()
    assert b"\x00" not in raw and b"\x1b" not in raw

    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>cassé</b>" not in html and "&lt;b&gt;cassé&lt;/b&gt;" in html
    assert 'href="javascript:' not in html and 'href=".diagnostic/javascript%3Aalert%281%29.yaml.ipynb"' in html


def test_statuses_are_an_enum_with_french_labels_only_for_display():
    assert {s.label for s in Status} == {"réussi", "échec", "à jour", "interrompu"}
    assert all(s.value.isascii() for s in Status)  # the codes travelling as JSON are not display text
    assert Status("ok") is Status.OK and not Status.FAILED.settled_well and Status.SKIPPED.settled_well
    report = BatchReport(__import__("pathlib").Path("."), items=[ItemResult("a", Status.INTERRUPTED)], interrupted=True)
    assert report.exit_code == 130 and "1 interrompu(s)" in report.summary() and report.failed
