"""A realistic Première MCV-B situation (prospection for a salon) built with the real `Scenario` model."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_lib.render import export
from scenario_lib.scenario.model import Scenario, parse_scenario

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "render"

LONG_DESCRIPTION = (
    "Les élèves analysent le fichier clients de l'entreprise, repèrent les artisans qui n'ont pas commandé "
    "depuis dix-huit mois et préparent une relance téléphonique personnalisée. " * 6
)


def scenario_data(**changes) -> dict:
    data = dict(
        title="Prospection au salon de l'habitat « Maisons & Jardins » — œuvre collective 🎯",
        level="premiere",
        archetype="prospection terrain",
        authors=["Mme Lefèvre (vente)", "M. N'Diaye (français)"],
        context=dict(
            name="Menuiseries Atlantique",
            sector="Menuiserie extérieure",
            market="B to B",
            channel="omnicanal",
            product="Fenêtres PVC et aluminium sur mesure",
            target="Artisans poseurs et maîtres d'œuvre de Loire-Atlantique",
            size="PME (45 salariés)",
            description="Entreprise familiale de Saint-Herblain ; l'équipe commerciale prépare le salon "
            "de l'habitat de Nantes (stand de 24 m²).",
        ),
        mission="Vous êtes assistant(e) commercial(e). Préparez puis conduisez la prospection des artisans "
        "visitant le stand, et évaluez-en les résultats pour la direction commerciale.",
        tasks=[
            dict(
                title="Analyser le marché et la concurrence",
                duration_hours=2,
                modality="groupe",
                channel="à distance",
                rap_task="T4B.01",
                description=LONG_DESCRIPTION,
            ),
            dict(
                title="Construire le fichier prospects",
                duration_hours=1.5,
                modality="individuel",
                channel="à distance",
                rap_task="T4B.02",
            ),
            dict(
                title="Conduire l'entretien de prospection sur le stand",
                duration_hours=3,
                modality="groupe",
                channel="face-à-face",
                rap_task="T4B.03",
            ),
            dict(
                title="Conclure la vente et prendre congé",
                duration_hours=2,
                modality="individuel",
                channel="face-à-face",
                rap_task="T1.05",
            ),
            dict(
                title="Évaluer l'opération et rendre compte",
                duration_hours=1,
                modality="classe entière",
                channel="omnicanal",
                rap_task="T4B.06",
            ),
        ],
        competences=["1.2", "4B.1", "4B.2", "4B.3", "4B.4", "3.1"],
        sub_competences=["4B.3.1", "4B.3.2", "4B.3.6", "4B.3.7", "1.2.1"],
        resources=[
            "Fichier clients (extrait CRM, 320 lignes)",
            "Plan du salon et planning du stand",
            "Catalogue 2025 et grille tarifaire",
        ],
        productions=[
            "Fichier prospects qualifié",
            "Plan de prospection et argumentaire",
            "Compte rendu chiffré de l'opération",
        ],
        evaluation_criteria=[
            "Le fichier prospects est exploitable (champs complets, doublons supprimés).",
            "L'argumentation s'appuie sur les caractéristiques techniques du produit.",
        ],
        tools=["Tableur", "CRM (Zoho)", "Canva"],
        levers=[
            dict(code="L1", title="Objection prix", text="Le prospect compare avec un concurrent 20 % moins cher.")
        ],
        notes="Prévoir la salle 112 pour les jeux de rôle.\nBinôme avec le professeur de français : oral.",
    )
    data.update(changes)
    return data


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return parse_scenario(dict(**scenario_data()))


@pytest.fixture(scope="session")
def big_scenario(ref) -> Scenario:
    """Every MCV competence and sub-competence, and long task texts: the pagination stress case."""
    tasks = [
        dict(
            title=f"Étape {i} : « relance » des prospects",
            duration_hours=1,
            rap_task="T4B.03",
            description=LONG_DESCRIPTION,
        )
        for i in range(1, 5)
    ]
    return parse_scenario(
        dict(
            **scenario_data(
                title="Scénario long : toutes les compétences",
                tasks=tasks,
                competences=[c.code for c in ref.competences],
                sub_competences=[s.code for c in ref.competences for s in c.sub_competences],
            )
        )
    )


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    """`exported(doc, fmt)`: the file of a session-wide document in `fmt`, written once and shared."""
    files = {}

    def get(doc, fmt):
        if (id(doc), fmt) not in files:
            files[id(doc), fmt] = export(doc, fmt, tmp_path_factory.mktemp(fmt))
        return files[id(doc), fmt]

    return get


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
