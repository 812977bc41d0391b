"""`scenario-lib lot`: render many bank documents at once through the parameterised notebook (papermill)."""

from __future__ import annotations

import argparse
import sys

from ..errors import SpiraleError
from ..services.documents import all_formats
from . import options


def parents() -> list[argparse.ArgumentParser]:
    return [
        options.bank(),
        options.export_format(all_formats(), "pdf", checked=False),
        options.output(required=True),
        options.layout(),
    ]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="identifiants des documents à rendre")
    parser.add_argument("--niveau", default="", help="rendre les documents de ce niveau (seconde, premiere, terminale)")
    parser.add_argument("--tout", action="store_true", help="rendre toute la banque")
    parser.add_argument("--carnet", default=None, help="votre copie modifiée du carnet notebooks/rendu.ipynb")
    parser.add_argument("--forcer", action="store_true", help="tout refaire, même les fichiers déjà à jour")
    parser.add_argument(
        "--travailleurs",
        type=int,
        default=None,
        help="rendus en parallèle (par défaut et au plus : le nombre de cœurs)",
    )
    parser.add_argument("--delai", type=float, default=120.0, help="temps maximal par document, en secondes")
    parser.add_argument(
        "--dask",
        default=None,
        metavar="ADRESSE",
        help="répartir sur un cluster Dask (tcp://hote:8786) ou « local » pour un cluster local",
    )
    parser.add_argument("--silencieux", action="store_true", help="sans barre de progression")


def run(args: argparse.Namespace) -> int:
    chosen = [bool(args.ids), bool(args.niveau), args.tout]
    if sum(chosen) != 1:
        raise SpiraleError(
            "indiquez quoi rendre : des identifiants, ou --niveau NIVEAU, ou --tout (une seule de ces possibilités)"
        )
    if args.travailleurs is not None and args.travailleurs < 1:
        raise SpiraleError("--travailleurs doit être au moins 1")
    from ..batch.job import DEFAULT_NOTEBOOK, BatchJob
    from ..batch.runner import run_batch
    from ..batch.status import Status

    # Paths become absolute here, once: workers and kernels may run elsewhere (see BatchJob).
    job = BatchJob(
        ids=tuple(args.ids),
        level=args.niveau,
        bank=args.banque,
        fmt=args.format,
        out_dir=args.sortie,
        workers=args.travailleurs,
        force=args.forcer,
        engine="dask" if args.dask else "local",
        dask_address=args.dask,
        progress=not args.silencieux,
        template=args.modele,
        notebook=args.carnet or DEFAULT_NOTEBOOK,
        timeout=args.delai,
        parameters={"etablissement": args.etablissement, "classe": args.classe},
    )
    if job.capped_note:
        print(job.capped_note, file=sys.stderr)
    report = run_batch(job)
    print(report.summary())
    for item in report.failed:
        if item.status is not Status.INTERRUPTED:  # those are counted in the summary, not listed one by one
            print(f"  échec « {item.document} » : {item.error}", file=sys.stderr)
    if report.write_error:
        print(f"Erreur : {report.write_error}", file=sys.stderr)
    if report.interrupted:
        print("Interrompu : relancez la même commande pour reprendre.", file=sys.stderr)
    return report.exit_code
