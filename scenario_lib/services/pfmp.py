"""PFMP of one class: booklets (XLSX for tutors, optional PDF by the batch runner), filled grids back,
results to the exam. The PFMP tab and `scenario-lib pfmp` call these; `pfmp/` itself never runs a batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .documents import get_documents


def read_class(path: str | Path) -> tuple[list, str]:
    """The pupils of a class list and the class's name; a list mixing classes is refused now, not later."""
    from ..pfmp import read_class_list
    from ..pfmp.store import grade_of

    pupils = read_class_list(path)
    return pupils, grade_of(pupils)


@dataclass
class Booklets:
    paths: list[Path]  # the editable XLSX booklets
    report: object | None = None  # the batch report of the PDF, when asked
    grade: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is None or not self.report.failed

    def message(self) -> str:
        text = f"{len(self.paths)} livret(s) généré(s) pour la classe {self.grade}."
        return text + (f" PDF : {self.report.outcome()}." if self.report is not None else "")


def generate_booklets(
    bank,
    pupils: list,
    year: str,
    ref,
    out_dir: str | Path,
    scenario_ids=(),
    pdf: bool = False,
    pdf_dir: str | Path | None = None,
    parameters: dict | None = None,
    progress: bool = True,
    on_progress=None,
) -> Booklets:
    """One stored booklet per pupil and its XLSX copy in `out_dir`; with `pdf`, their PDF in `pdf_dir`
    (default `out_dir/pdf`) through the batch runner, one failure never stopping the others."""
    from ..pfmp import generate_booklets as generate
    from ..pfmp.store import grade_of

    grade = grade_of(pupils)
    scenarios = get_documents(bank, scenario_ids, "scenario")
    paths = generate(pupils, year, ref, bank.folder, out_dir, scenarios)
    result = Booklets(paths, grade=grade)
    if pdf:
        result.report = render_booklets(
            bank.folder,
            grade,
            [p.stem for p in paths],
            pdf_dir or Path(out_dir) / "pdf",
            parameters=parameters or {},
            progress=progress,
            on_progress=on_progress,
        )
    return result


def render_booklets(
    bank_folder: str | Path, grade: str, ids: list[str], out_dir: str | Path, on_progress=None, **options
):
    """PDF of the given booklets through the batch runner (one kernel per chunk, failures isolated)."""
    from ..batch import BatchJob, run_batch
    from ..pfmp import class_bank

    return run_batch(
        BatchJob(
            ids=tuple(ids),
            bank=class_bank(bank_folder, grade).folder,
            fmt="pdf",
            out_dir=out_dir,
            force=True,
            **options,
        ),
        on_progress=on_progress,
    )


def import_grids(bank, files, pupils: list, ref) -> list:
    """The filled grids' levels stored in the class's booklets (every file checked first: all or nothing)."""
    from ..errors import SpiraleError
    from ..pfmp import import_results

    if not files:
        raise SpiraleError("choisissez d'abord les grilles remplies (XLSX) à importer")
    return import_results(files, pupils, ref, bank.folder)


def class_results(bank, grade: str, ref):
    from ..pfmp import class_results as results

    return results(bank.folder, grade, ref)


def follow_up(bank, grade: str, ref, out_dir: str | Path, etablissement: str = "") -> tuple:
    """The class dashboard page and one PDF summary per pupil, written in `out_dir`."""
    from ..files import atomic_write
    from ..pfmp.summary import write_pupil_summaries

    results = class_results(bank, grade, ref)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dashboard = out / "tableau-de-bord.html"
    atomic_write(dashboard, results.dashboard_page(grade))
    return results, dashboard, write_pupil_summaries(results, out / "syntheses", etablissement)
