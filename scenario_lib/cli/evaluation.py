"""`scenario-lib evaluer`: evaluate a situation with a class, follow the pupils, propose, pupil data on request.

Pupil data stays in `<banque>/evaluations/<classe>/`, `<banque>/pfmp/<classe>/` and the folders the teacher names.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from ..bank import default_bank_dir
from ..errors import SpiraleError
from ..referential import DEFAULT, load_referential


def _date(text: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"date illisible « {text} » (attendu JJ/MM/AAAA)")


def configure(parser: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--banque", help=f"dossier de la banque (défaut : {default_bank_dir()})")
    common.add_argument("--referentiel", default=DEFAULT)
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = sub.add_parser("creer", parents=[common], help="créer la grille d'une situation pour une classe")
    p.add_argument(
        "situation",
        nargs="?",
        default="",
        help="identifiant de la situation dans la banque (ou --progression et --placement)",
    )
    p.add_argument("--progression", default="", help="identifiant de la progression de la classe")
    p.add_argument(
        "--placement",
        type=int,
        default=None,
        help="numéro de la situation placée (sans ce numéro, la liste des situations placées s'affiche)",
    )
    p.add_argument("--classe", required=True, help="liste de la classe (CSV ou XLSX : nom, prénom, classe…)")
    p.add_argument("--date", type=_date, default=None, help="date de l'évaluation (JJ/MM/AAAA, défaut : aujourd'hui)")
    p.add_argument("--annee", choices=["seconde", "premiere", "terminale"], help="défaut : niveau de la situation")
    p.add_argument("--attitudes", default="", help="attitudes évaluées (codes séparés par des virgules, ex. AP01,AP06)")
    p = sub.add_parser("exporter", parents=[common], help="écrire la grille à remplir (XLSX)")
    p.add_argument("id", help="identifiant de l'évaluation")
    p.add_argument("--sortie", default=".", help="dossier de sortie")
    p = sub.add_parser("importer", parents=[common], help="importer une grille remplie (tout ou rien)")
    p.add_argument("id")
    p.add_argument("fichier")
    for name, text in (
        ("suivi", "carte de chaleur de la classe (HTML, PNG) et classeur de la classe (XLSX)"),
        ("bilans", "bilans PDF des élèves (par année et pour le cycle)"),
        ("proposer", "proposer des situations sur les compétences les plus faibles de la classe"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("--classe", required=True, help="nom de la classe (ex. 1MCVB) ou sa liste (CSV/XLSX)")
        p.add_argument("--annee", choices=["seconde", "premiere", "terminale"], default="premiere")
        p.add_argument("--sortie", default=".", help="dossier de sortie")
        if name == "proposer":
            p.add_argument("-n", type=int, default=3, help="nombre de propositions")
            p.add_argument("--cibles", type=int, default=2, help="compétences les plus faibles à cibler")
            p.add_argument("--graine", type=int, default=None)
            p.add_argument("--enregistrer", action="store_true", help="enregistrer les propositions dans la banque")
    for name, text in (
        ("exporter-eleve", "toutes les données d'un élève dans une archive zip"),
        ("effacer-eleve", "effacer un élève partout (évaluations, livrets, historique, corbeille)"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("--classe", required=True, help="nom de la classe ou sa liste")
        p.add_argument("--nom", required=True)
        p.add_argument("--prenom", required=True)
        p.add_argument("--sortie", default=".", help="dossier de l'archive")
        if name == "effacer-eleve":
            p.add_argument("--oui", action="store_true", help="confirmer l'effacement (définitif)")
    p = sub.add_parser("titre", parents=[common], help="titre professionnel : mises en situation et préparation")
    p.add_argument(
        "quoi",
        choices=["criteres", "saisir", "preparation"],
        metavar="QUOI",
        help="criteres (les critères de performance), saisir (une mise en situation), "
        "preparation (prêt pour chaque partie de l'examen ?)",
    )
    p.add_argument("--groupe", default="", help="nom du groupe de stagiaires")
    p.add_argument("--stagiaire", default="", help="nom du stagiaire (preparation : tous les stagiaires sans ce nom)")
    p.add_argument("--mise-en-situation", default="Mise en situation", help="intitulé de la mise en situation")
    p.add_argument("--date", type=_date, default=None, help="date de la mise en situation (JJ/MM/AAAA)")
    p.add_argument("--acquis", default="", help="critères acquis, ex. CP1-1,CP1-2 (ou CP1 pour tous ses critères)")
    p.add_argument("--non-acquis", default="", help="critères observés mais pas encore acquis, ex. CP3-2")
    p.add_argument("--commentaire", default="")
    p.add_argument("--competence", default="", help="criteres : une seule compétence (ex. CP3)")
    p.add_argument("--sortie", default="", help="preparation : dossier où écrire le PDF de chaque stagiaire")
    p = sub.add_parser("archiver", parents=[common], help="archiver une classe en fin de cycle puis la retirer")
    p.add_argument("--classe", required=True)
    p.add_argument("--sortie", default=".", help="dossier de l'archive")
    p.add_argument("--oui", action="store_true", help="confirmer le retrait de la classe de la banque active")


def _grade(value: str) -> str:
    """`--classe` names the class, or gives its list (its single class is then used)."""
    if Path(value).suffix.lower() in (".csv", ".xlsx", ".txt") and Path(value).is_file():
        from ..pfmp import read_class_list
        from ..pfmp.store import grade_of

        return grade_of(read_class_list(value))
    return value


def _pupil(record, last: str, first: str):
    from ..text import fold

    wanted = (fold(last), fold(first))
    found = [p for p in record.pupils.values() if (fold(p.last_name), fold(p.first_name)) == wanted]
    if not found:
        raise SpiraleError(f"aucun élève « {last} {first} » dans le suivi de cette classe")
    return found[0]


def run(args: argparse.Namespace) -> int:
    from .. import evaluation as evaluation_api
    from ..bank import open_bank

    ref = load_referential(args.referentiel)
    bank = open_bank(args.banque)
    folder = bank.folder
    if args.action == "titre":
        return _titre(args, folder)
    if args.action == "creer":
        from ..pfmp import read_class_list
        from ..services import evaluation as flows

        attitudes = [a.strip() for a in args.attitudes.split(",") if a.strip()]
        if args.progression:
            choices = flows.placement_choices(bank, args.progression)
            if args.placement is None:
                print("Situations placées dans la progression (relancez avec --placement N) :")
                for label, index in choices:
                    print(f"  {index} : {label}")
                return 2
            ev = flows.create_from_placement(
                folder, args.progression, args.placement, read_class_list(args.classe), ref, args.date, attitudes
            )
        elif args.situation:
            ev = evaluation_api.create_evaluation(
                folder, args.situation, read_class_list(args.classe), ref, args.date, args.annee, attitudes
            )
        else:
            raise SpiraleError("indiquez la situation, ou la progression (--progression) et le placement (--placement)")
        where = f" ({ev.placement_label})" if ev.week else ""
        print(
            f"Grille créée : « {ev.situation_title} »{where}, classe {ev.grade}, {len(ev.rows)} élèves × "
            f"{len(ev.columns)} sous-compétences. Identifiant : {ev.id}"
        )
        return 0
    if args.action == "exporter":
        from ..evaluation.workbook import write_evaluation_workbook
        from ..text import safe_filename

        ev = evaluation_api.find_evaluation(folder, args.id)
        path = write_evaluation_workbook(ev, Path(args.sortie) / f"grille-{safe_filename(ev.grade)}-{ev.id}.xlsx", ref)
        print(f"Grille à remplir : {path}")
        return 0
    if args.action == "importer":
        from ..evaluation.workbook import import_evaluation_workbook

        ev = import_evaluation_workbook(folder, args.id, args.fichier, ref)
        filled, total = evaluation_api.filled_count(ev)
        print(f"Grille importée : {filled} niveaux saisis sur {total} (révision {ev.revision}).")
        return 0
    if args.action == "archiver":
        from ..evaluation.privacy import archive_class
        from ..text import safe_filename

        if not args.oui:
            print(
                f"Archiver la classe {args.classe} la retire de la banque active (l'archive zip la garde) : "
                "relancez avec --oui pour confirmer."
            )
            return 2  # as « effacer-eleve »: nothing done without --oui

        path = archive_class(folder, args.classe, Path(args.sortie) / f"archive-{safe_filename(args.classe)}.zip")
        print(f"Classe {args.classe} archivée dans {path} et retirée de la banque active.")
        return 0
    grade = _grade(args.classe)
    record = evaluation_api.class_record(folder, grade, ref)
    out = Path(args.sortie)
    if args.action == "suivi":
        from ..evaluation import views
        from ..files import atomic_output, atomic_write

        out.mkdir(parents=True, exist_ok=True)
        atomic_write(out / f"suivi-{args.annee}.html", views.dashboard_page(record, grade, args.annee))
        with atomic_output(out / f"suivi-{args.annee}.png") as tmp:
            tmp.write_bytes(views.heatmap_png(record, args.annee))
        views.write_class_xlsx(record, out / "suivi-classe.xlsx", grade)
        counts = views.class_counts(record, args.annee)
        print(
            f"Suivi écrit dans {out} : {counts['eleves']} élèves, {counts['validees']} compétences validées sur "
            f"{counts['evaluees']} évaluées."
        )
        return 0
    if args.action == "bilans":
        from ..evaluation.views import write_bilan_pdf

        paths = [write_bilan_pdf(record.pupil(k), out, y) for k in record.pupil_keys() for y in (args.annee, None)]
        print(f"{len(paths)} bilan(s) PDF dans {out}")
        return 0
    if args.action == "proposer":
        from ..evaluation.proposals import propose_for_class

        proposals, _targets, text = propose_for_class(record, args.annee, args.n, args.cibles, args.graine)
        print(text)
        for i, p in enumerate(proposals, 1):
            print(f"{i}. {p.scenario.title}")
            if args.enregistrer:
                bank.save(p.scenario)
        if args.enregistrer:
            print(f"{len(proposals)} situation(s) enregistrée(s) dans la banque.")
        return 0
    pupil = _pupil(record, args.nom, args.prenom)
    if args.action == "exporter-eleve":
        from ..evaluation.privacy import export_pupil
        from ..text import safe_filename

        path = export_pupil(folder, grade, pupil.key, out / f"donnees-{safe_filename(pupil.full_name)}.zip", ref)
        print(f"Données de {pupil.full_name} : {path}")
        return 0
    from ..evaluation.privacy import erase_pupil

    if not args.oui:
        print(f"Effacement définitif de {pupil.full_name} : relancez avec --oui pour confirmer.")
        return 2
    print(f"{pupil.full_name} effacé(e) : {erase_pupil(folder, pupil).summary()}.")
    return 0


def _titre(args: argparse.Namespace, folder) -> int:
    """`evaluer titre criteres|saisir|preparation` (the TP's referential, whatever --referentiel says)."""
    from ..evaluation.titre import criteria_of, readiness
    from ..services import evaluation as flows

    tp = load_referential(args.referentiel if args.referentiel.startswith("tp-") else "tp-conseiller-commercial")
    if args.quoi == "criteres":
        for comp in tp.competences:
            if comp.criteria and args.competence.upper() in ("", comp.code):
                print(f"{comp.code} {comp.title}")
                for cid, text in criteria_of(tp, comp.code):
                    print(f"  {cid} : {text}")
        return 0
    if args.quoi == "saisir":
        if not args.stagiaire:
            raise SpiraleError("indiquez le stagiaire (--stagiaire)")
        results = {cid: False for cid in flows.parse_criteria(args.non_acquis, tp)}
        results.update({cid: True for cid in flows.parse_criteria(args.acquis, tp)})
        record = flows.record_session(
            folder,
            args.groupe,
            args.stagiaire,
            args.mise_en_situation,
            args.date or date.today(),
            results,
            args.commentaire,
        )
        met = sum(results.values())
        print(
            f"« {args.mise_en_situation} » enregistrée pour {record.trainee} ({record.group}) : {met} critère(s) "
            f"acquis, {len(results) - met} non acquis ; {len(record.sessions)} mise(s) en situation au dossier."
        )
        return 0
    if not args.groupe.strip():
        raise SpiraleError("indiquez le groupe (--groupe)")
    records = (
        [flows.titre_record(folder, args.groupe, args.stagiaire)]
        if args.stagiaire
        else flows.titre_records(folder, args.groupe)
    )
    if not records or not any(r.sessions for r in records):
        raise SpiraleError(f"aucune mise en situation enregistrée pour « {args.stagiaire or args.groupe} »")
    for record in records:
        print(f"{record.trainee} ({len(record.sessions)} mise(s) en situation)")
        for part in readiness(tp, record):
            print("\n".join("  " + line for line in part.lines()))
        if args.sortie:
            print(f"  PDF : {flows.titre_readiness_pdf(record, args.sortie)}")
    return 0
