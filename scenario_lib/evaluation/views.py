"""What the teacher looks at: the class heat map per year, the pupil page, the evolution plot, the bilans.

Figures come from `ClassRecord` only (pandas); HTML goes through the Jinja templates of `templates/evaluation/`
(every text escaped), PNG through matplotlib's Agg backend (no display needed), PDF through the existing
HTML → PDF path (`scenario_lib.render.pdf`).
"""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup

from ..files import atomic_output
from ..pfmp.tracking import COLOURS
from ..text import safe_filename
from .grid import YEAR_LABELS, YEARS
from .record import ClassRecord, PupilRecord


def _colour(level):
    return COLOURS.get(level if isinstance(level, str) else None, COLOURS[None])


def _template(name: str):
    from ..render.environment import environment

    return environment().get_template(f"evaluation/{name}.html.j2")


def heatmap_html(record: ClassRecord, year: str) -> Markup:
    """Pupils × competences of the year's levels, coloured, competence titles in tooltips."""
    table = record.year_table(year)
    columns = [(c, record.referential.competence(c).title) for c in table.columns]
    rows = [(name, [(v, _colour(v)) for v in row]) for name, row in zip(table.index, table.itertuples(index=False))]
    return Markup(_template("_carte").render(columns=columns, rows=rows, legend=_legend(record)))


def _legend(record: ClassRecord) -> list[tuple[str, str, str]]:
    return [(code, record.label[code], _colour(code)) for code in record.rank]


def class_counts(record: ClassRecord, year: str) -> dict:
    """Figures shown above the heat map: pupils, pupil × competence pairs evaluated, validated."""
    lv = record.levels[record.levels["annee"] == year]
    return {
        "eleves": len(record.pupils),
        "evaluees": len(lv),
        "validees": int((lv["rang"] >= record.rank[record.rules.validation]).sum()),
        "situations": sum(1 for e in record.evaluations if e.year == year),
        "seuil": record.label[record.rules.validation],
    }


def dashboard_page(record: ClassRecord, grade: str, year: str) -> str:
    doc = SimpleNamespace(title=f"Suivi des compétences — {grade} — {YEAR_LABELS[year]}", doc_type="evaluation")
    return _template("tableau_de_bord").render(
        doc=doc,
        ref=record.referential,
        doc_label="Suivi de classe",
        counts=class_counts(record, year),
        heatmap=heatmap_html(record, year),
        year_label=YEAR_LABELS[year],
    )


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)  # no display: notebooks, servers, batch kernels
    import matplotlib.pyplot as plt

    return plt


def heatmap_png(record: ClassRecord, year: str) -> bytes:
    """The heat map as a PNG (same colours as the HTML table), for a slide or the class council."""
    plt = _pyplot()
    from matplotlib.colors import ListedColormap

    table = record.year_table(year)
    codes = list(record.rank)  # N, D, A, E
    values = table.apply(lambda col: col.map(lambda v: codes.index(v) if isinstance(v, str) else float("nan")))
    cmap = ListedColormap([_colour(c) for c in codes]).with_extremes(bad="#ffffff")
    fig, ax = plt.subplots(figsize=(1.2 + 0.55 * len(table.columns), 1.0 + 0.3 * max(1, len(table))))
    ax.imshow(values.to_numpy(dtype=float), cmap=cmap, vmin=-0.5, vmax=len(codes) - 0.5, aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=90)
    ax.set_yticks(range(len(table)), table.index)
    for (i, j), v in (
        (ij, table.iat[ij]) for ij in ((i, j) for i in range(len(table)) for j in range(len(table.columns)))
    ):
        if isinstance(v, str):
            ax.text(j, i, v, ha="center", va="center", fontsize=8)
    ax.set_title(f"Niveaux par compétence — {YEAR_LABELS[year]}")
    return _png(fig)


def evolution_png(pupil: PupilRecord) -> bytes:
    """One point per evidence, one line per competence, over time (rank axis labelled with the scale)."""
    plt = _pyplot()
    ev = pupil.evidences
    fig, ax = plt.subplots(figsize=(8, 4))
    for comp, group in ev.groupby("competence", sort=False):
        group = group.sort_values("date")
        ax.plot(group["date"], group["rang"], marker="o", label=comp)
    codes = list(pupil.record.rank)
    ax.set_yticks([pupil.record.rank[c] for c in codes], [pupil.record.label[c] for c in codes])
    ax.set_ylim(0.5, max(pupil.record.rank.values()) + 0.5)
    ax.set_title(f"Évolution — {pupil.pupil.full_name}")
    import matplotlib.dates as mdates

    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m/%Y"))  # French dates, never « 2025-01 »
    dates = pupil.evidences["date"]
    if len(dates) and dates.min() == dates.max():  # one day only: a month either side, not two years
        import pandas as pd

        day = pd.Timestamp(dates.min())
        ax.set_xlim(day - pd.Timedelta(days=30), day + pd.Timedelta(days=30))
    if not ev.empty:
        ax.legend(fontsize=7, ncol=3, loc="lower right")
    fig.autofmt_xdate()
    return _png(fig)


def _png_uri(data: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def pupil_context(pupil: PupilRecord, year: str | None = None, with_plot: bool = True) -> dict:
    """What the pupil page and the bilans show: the spiral, the evidences, validated competences."""
    ref = pupil.record.referential
    spiral = pupil.spiral()
    years = [year] if year else list(YEARS)
    evidences = pupil.evidences
    if year:
        evidences = evidences[evidences["annee"] == year]
    rows = [
        {
            "code": code,
            "title": ref.competence(code).title,
            "levels": [(spiral.at[code, y], _colour(spiral.at[code, y])) for y in years],
        }
        for code in spiral.index
    ]
    done, total = pupil.validated()
    label = pupil.record.code_of_rank
    proofs = [
        {
            "date": r.date,
            "annee": YEAR_LABELS[r.annee],
            "origine": r.origine,
            "source": "Situation" if r.source == "situation" else "PFMP",
            "competence": r.competence,
            "niveau": label[int(r.rang)],
        }
        for r in evidences.itertuples()
    ]
    return {
        "pupil": pupil.pupil,
        "years": [YEAR_LABELS[y] for y in years],
        "rows": rows,
        "proofs": proofs,
        "validated": done,
        "total": total,
        "seuil": pupil.record.label[pupil.record.rules.validation],
        "plot": _png_uri(evolution_png(pupil)) if with_plot else "",
        "legend": _legend(pupil.record),
    }


def pupil_page(pupil: PupilRecord, year: str | None = None, with_plot: bool = True) -> str:
    scope = YEAR_LABELS[year] if year else "cycle"
    doc = SimpleNamespace(title=f"Bilan — {pupil.pupil.full_name} — {scope}", doc_type="evaluation")
    return _template("bilan").render(
        doc=doc,
        ref=pupil.record.referential,
        doc_label="Bilan de l'élève",
        scope=scope,
        **pupil_context(pupil, year, with_plot),
    )


def write_bilan_pdf(pupil: PupilRecord, out_dir: str | Path, year: str | None = None) -> Path:
    """The pupil's « bilan » for one year (or the whole cycle) as a PDF, written atomically."""
    from ..render.pdf import html_to_pdf

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"bilan-{safe_filename(pupil.pupil.full_name)}-{year or 'cycle'}.pdf"
    with atomic_output(target) as tmp:
        tmp.write_bytes(html_to_pdf(pupil_page(pupil, year)))
    return target


def write_class_xlsx(record: ClassRecord, path: str | Path, grade: str) -> Path:
    """One sheet per year (pupils × competences), one sheet of every evidence: the class council's file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from ..cells import safe_row

    wb = Workbook()
    wb.remove(wb.active)
    for year in YEARS:
        table = record.year_table(year)
        sheet = wb.create_sheet(YEAR_LABELS[year])
        sheet.append(safe_row([f"Élève — {grade}", *table.columns]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for name, row in zip(table.index, table.itertuples(index=False)):
            sheet.append(safe_row([name, *[v or "" for v in row]]))
            for cell, v in zip(sheet[sheet.max_row][1:], row):
                if isinstance(v, str):
                    cell.fill = PatternFill("solid", fgColor=_colour(v).lstrip("#"))
        sheet.column_dimensions["A"].width = 28
    proofs = wb.create_sheet("Preuves")
    proofs.append(["Élève", "Année", "Date", "Origine", "Source", "Compétence", "Code", "Niveau"])
    for r in record.evidences.sort_values(["nom", "date"]).itertuples():
        proofs.append(
            safe_row(
                [
                    r.nom,
                    YEAR_LABELS[r.annee],
                    r.date,
                    r.origine,
                    "Situation" if r.source == "situation" else "PFMP",
                    r.competence,
                    r.code,
                    r.niveau,
                ]
            )
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path
