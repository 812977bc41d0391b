"""Per-pupil summary sheet (best and latest level per competence), rendered with the shared templates."""

from __future__ import annotations

from pathlib import Path

from ..files import atomic_output
from ..text import safe_filename
from .tracking import ClassResults


def pupil_summaries(results: ClassResults) -> dict[str, dict[str, dict]]:
    """Pupil name → competence code → {meilleur, dernier, motif} (motif empty when Averti is reached)."""
    todo = {(r.eleve, r.competence): r.motif for r in results.to_do().itertuples()}
    out: dict[str, dict[str, dict]] = {}
    for rec in results.summary().itertuples():
        out.setdefault(rec.eleve, {})[rec.competence] = {
            "meilleur": rec.meilleur if isinstance(rec.meilleur, str) else "",
            "dernier": rec.dernier if isinstance(rec.dernier, str) else "",
            "motif": todo.get((rec.eleve, rec.competence), ""),
        }
    return out


def write_pupil_summaries(results: ClassResults, out_dir: str | Path, etablissement: str = "") -> list[Path]:
    """One PDF per pupil; written to a temporary name then renamed (never a half-written PDF)."""
    from ..render.html import render_html
    from ..render.pdf import html_to_pdf

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    latest = {}
    for booklet in sorted(results.booklets, key=lambda b: b.year):
        latest[booklet.pupil.full_name] = booklet
    paths = []
    for pupil, summary in pupil_summaries(results).items():
        booklet = latest[pupil]
        doc = booklet.model_copy(update={"title": f"Synthèse PFMP — {pupil}"})
        periods, attitudes = results.pupil_attitudes(pupil)
        html = render_html(
            doc,
            "synthese",
            summary=summary,
            etablissement=etablissement,
            attitude_periods=periods,
            attitudes=attitudes,
            level_labels=results.label,
        )
        target = out / f"synthese-{safe_filename(pupil)}.pdf"
        with atomic_output(target) as tmp:
            tmp.write_bytes(html_to_pdf(html))
        paths.append(target)
    return paths
