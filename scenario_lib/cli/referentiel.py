"""`scenario-lib referentiel`: the referential as a readable tree, search, Moodle export/import."""

from __future__ import annotations

import argparse
import textwrap

from ..errors import SpiraleError
from ..referential import available_referentials, load_referential
from ..referential.model import Referential
from . import options


def parents() -> list[argparse.ArgumentParser]:
    return [options.referential()]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--liste", action="store_true", help="lister les référentiels disponibles")
    parser.add_argument("--chercher", metavar="TEXTE", help="chercher sans tenir compte des accents ni des majuscules")
    parser.add_argument("--sous-competences", action="store_true", help="afficher aussi les sous-compétences")
    parser.add_argument("--exporter-moodle", metavar="FICHIER.csv", help="exporter au format CSV de Moodle")
    parser.add_argument("--importer-moodle", metavar="FICHIER.csv", help="importer un CSV de Moodle et l'afficher")


def tree_lines(ref: Referential, sub_competences: bool = False) -> list[str]:
    lines = [f"{ref.title}", f"{ref.code} — niveau {ref.level}" if ref.level else ref.code, ""]
    for block in ref.teaching_blocks:
        lines.append(block.label)
        for comp in ref.competences_of(block.code):
            lines.append(f"  {comp.code}  {comp.title}")
            if sub_competences:
                for sub in comp.sub_competences:
                    lines.extend(
                        textwrap.wrap(
                            f"{sub.code}  {sub.title}", 100, initial_indent="      ", subsequent_indent="        "
                        )
                    )
        lines.append("")
    return lines


def run(args: argparse.Namespace) -> int:
    if args.liste:
        broken = 0
        for name, folder in available_referentials().items():
            try:
                ref = load_referential(folder)
            except SpiraleError as exc:  # one broken teacher folder must not hide the others
                broken += 1
                print(f"{name:<28} illisible ({folder}) : {exc}")
                continue
            print(f"{name:<28} {ref.short_title} ({ref.code})")
        return 1 if broken else 0
    if args.importer_moodle:
        from ..referential.moodle import framework_lines, import_moodle_csv

        ref = import_moodle_csv(args.importer_moodle)
        if ref.moodle is not None and ref.moodle.depth > 3:
            print(f"{ref.short_title} ({ref.code}) : {ref.moodle.depth} niveaux sous le cadre\n")
            print("\n".join(framework_lines(ref.moodle)))
            print(
                "\nDans Spirale : niveau 1 → blocs, niveau 2 → compétences, niveaux 3 et plus → sous-compétences "
                "de leur compétence (intitulé précédé du chemin « … › … ») ; l'arbre complet est gardé "
                "pour l'export vers Moodle."
            )
            return 0
        print("\n".join(tree_lines(ref, sub_competences=True)))
        return 0
    ref = load_referential(args.referentiel)
    if args.exporter_moodle:
        from ..referential.moodle import export_moodle_csv

        count = export_moodle_csv(ref, args.exporter_moodle)
        print(f"{count} lignes écrites dans {args.exporter_moodle}")
        return 0
    if args.chercher:
        hits = ref.search(args.chercher)
        if not hits:
            print(f"Aucun résultat pour « {args.chercher} ».")
            return 0
        for hit in hits:
            print(f"[{hit.kind}] {hit.code}  {hit.text}")
        print(f"\n{len(hits)} résultat(s).")
        return 0
    print("\n".join(tree_lines(ref, args.sous_competences)))
    return 0
