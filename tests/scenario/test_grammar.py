"""Articles and contractions agree with the noun; the fault scanner catches what string-gluing produces."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_lib.scenario.grammar import NounPhrase, fill, french_faults, placeholders


@pytest.mark.parametrize(
    "phrase, le, de, a, un",
    [
        (NounPhrase("clients", "m", "p"), "les clients", "des clients", "aux clients", "des clients"),
        (NounPhrase("client", "m", "s"), "le client", "du client", "au client", "un client"),
        (NounPhrase("clientèle", "f", "s"), "la clientèle", "de la clientèle", "à la clientèle", "une clientèle"),
        (NounPhrase("équipe", "f", "s"), "l'équipe", "de l'équipe", "à l'équipe", "une équipe"),
        (NounPhrase("hôtel", "m", "s", elision=True), "l'hôtel", "de l'hôtel", "à l'hôtel", "un hôtel"),
        (NounPhrase("Bureau Plus", proper=True), "Bureau Plus", "de Bureau Plus", "à Bureau Plus", "Bureau Plus"),
        (
            NounPhrase("Habitat Conseil", proper=True, elision=True),
            "Habitat Conseil",
            "d'Habitat Conseil",
            "à Habitat Conseil",
            "Habitat Conseil",
        ),
        (
            NounPhrase("Imprim'Express", proper=True),
            "Imprim'Express",
            "d'Imprim'Express",
            "à Imprim'Express",
            "Imprim'Express",
        ),
    ],
)
def test_articles_agree(phrase, le, de, a, un):
    assert (phrase.le, phrase.de, phrase.a, phrase.un) == (le, de, a, un)
    assert phrase.des == phrase.du == de and phrase.aux == phrase.au == a


def test_templates_use_attribute_access_and_capitals():
    values = dict(
        entreprise=NounPhrase("Habitat Conseil", proper=True, elision=True),
        cible=NounPhrase("familles", "f", "p"),
        produit=NounPhrase("bien", "m", "s"),
        secteur="immobilier",
    )
    text = fill(
        "{cible.Les} clientes {entreprise.de} ({secteur}) s'intéressent {produit.au}  vendu {cible.aux}.", **values
    )
    assert text == "Les familles clientes d'Habitat Conseil (immobilier) s'intéressent au bien vendu aux familles."
    assert placeholders("{cible.des} et {secteur}") == [("cible", "des"), ("secteur", "")]


@pytest.mark.parametrize(
    "text",
    [
        "Il livre aux commerces et les entrepôts.",
        "Un client de Habitat Conseil.",
        "Il parle de les offres.",
        "Il répond à le client.",
        "Il parle de le produit.",
        "Il reçoit de des clients.",
        "Une tâche de 1.5 h.",
        "Fin de phrase. puis la suite.",
        "Deux  espaces.",
        "Texte ( mal espacé).",
        "Il part« sans fermer.",
        "Un résultat attendu,",
        "Il parle de une offre.",
        "Score : score 24.49.",
        "Il va à aux clients.",
    ],
)
def test_known_faults_are_found(text):
    assert french_faults(text)


@pytest.mark.parametrize(
    "text",
    [
        "Un client d'Habitat Conseil s'intéresse aux biens immobiliers des particuliers.",
        "Vous présentez l'offre (catalogue, tarifs) au client, puis vous rendez compte à la responsable.",
        "Une tâche de 1,5 h. Puis « la suite ».",
        "Le(s) service(s) associé(s) est (sont) fourni(s)",
        "Le onze du mois, le yaourt est livré.",
    ],
)
def test_correct_french_passes(text):
    assert french_faults(text) == []


WORDS = st.sampled_from(["client", "clientèle", "équipe", "artisans", "hôtel", "familles", "produit", "offres"])


@given(
    WORDS,
    st.sampled_from("mf"),
    st.sampled_from("sp"),
    st.sampled_from(["le", "de", "a", "un", "ce", "Le", "Des", "Aux"]),
)
def test_no_form_produces_a_known_fault(word, gender, number, form):
    phrase = NounPhrase(word, gender, number, elision=True if word == "hôtel" else None)
    assert french_faults(f"Vous parlez {getattr(phrase, form)} et de l'offre.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Identifie le rôle du nouvel interlocuteur avant de le rencontrer.",
        "Il prend soin de les informer.",
        "Mesurer la satisfaction des visiteurs et le résultat de l'opération.",
    ],
)
def test_pronouns_and_separate_nouns_are_not_faults(text):
    assert french_faults(text) == []


def test_a_noun_in_er_after_de_le_is_still_a_fault():
    assert french_faults("Il ouvre la fiche de le dossier.")
