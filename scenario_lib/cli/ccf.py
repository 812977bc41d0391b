"""`scenario-lib ccf`: CCF sheets of a class (E31, E32, E33), their batch rendering, and whether a progression
is ready for its CCF situations."""

from __future__ import annotations

import argparse
import sys

from ..bank import default_bank_dir
from ..referential import DEFAULT, load_referential


def configure(parser: argparse.ArgumentParser) -> None:
    from .evaluation import _date

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--banque", help=f"dossier de la banque (défaut : {default_bank_dir()})")
    common.add_argument("--referentiel", default=DEFAULT)
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = sub.add_parser("fiches", parents=[common], help="créer les fiches CCF d'une classe et sa synthèse")
    p.add_argument("epreuve", help="sous-épreuve en CCF : E31, E32 ou E33")
    p.add_argument("--classe", required=True, help="nom de la classe (celui de ses évaluations)")
    p.add_argument("--situation", required=True, help="identifiant de la situation support dans la banque")
    p.add_argument("--annee", choices=["premiere", "terminale"], default="terminale")
    p.add_argument("--date", type=_date, default=None, help="date du CCF (JJ/MM/AAAA) : preuves antérieures")
    p = sub.add_parser("rendre", parents=[common], help="rendre par lot les fiches CCF d'une classe")
    p.add_argument("epreuve")
    p.add_argument("--classe", required=True)
    p.add_argument("--annee", choices=["premiere", "terminale"], default="terminale")
    p.add_argument("--format", default="pdf", help="pdf (par défaut), odt, docx, xlsx…")
    p.add_argument("--sortie", required=True, help="dossier des fichiers et du rapport")
    p.add_argument("--silencieux", action="store_true")
    p = sub.add_parser("preparation", parents=[common], help="la classe est-elle prête pour ses situations de CCF ?")
    p.add_argument("progression", help="identifiant de la progression dans la banque")


def run(args: argparse.Namespace) -> int:
    from ..bank import Bank

    bank_folder = args.banque or default_bank_dir()
    if args.action == "preparation":
        from ..planning.exams import exam_readiness

        prog = Bank(bank_folder).get(args.progression)
        ref = load_referential(prog.referential)
        for status in exam_readiness(prog, ref):
            print(f"{status.scope.short_code} {status.scope.exam.title} ({status.scope.mode}) : {status.status}")
            for problem in status.problems:
                print(f"  - {problem.label} : {problem}")
        return 0
    from ..evaluation.ccf import generate_ccf, render_ccf
    from ..evaluation.exams import exam_scope
    from ..evaluation.store import evaluation_bank

    ref = load_referential(args.referentiel)
    exam = exam_scope(ref, args.epreuve).short_code
    if args.action == "fiches":
        sheets, summary = generate_ccf(bank_folder, args.classe, exam, args.annee, args.situation, args.date, ref)
        print(f"{len(sheets)} fiche(s) CCF {exam} enregistrée(s) et la synthèse « {summary.title} ».")
        return 0
    prefix = f"ccf-{exam.lower()}-{args.annee}-"  # the sheets and the summary of `sheet_id`
    store = evaluation_bank(bank_folder, args.classe)
    ids = [e.id for e in store.list() if e.id.startswith(prefix)]
    # a sheet edited by hand into something invalid is not listed by the bank: name it, with the reason
    unreadable = [p for p in store.problems if prefix in p.file]
    for problem in unreadable:
        where = f"« {problem.field} » : " if problem.field else ""
        print(f"  échec « {problem.file} » (fiche illisible, non rendue) : {where}{problem.reason}", file=sys.stderr)
    if not ids:
        print(
            f"Aucune fiche CCF {exam} pour la classe « {args.classe} » : lancez d'abord « scenario-lib ccf fiches ».",
            file=sys.stderr,
        )
        return 1
    report = render_ccf(bank_folder, args.classe, ids, args.sortie, args.format, progress=not args.silencieux)
    print(report.summary() + (f" ; {len(unreadable)} fiche(s) illisible(s)" if unreadable else ""))
    for item in report.failed:
        print(f"  échec « {item.document} » : {item.error}", file=sys.stderr)
    return report.exit_code or (1 if unreadable else 0)
