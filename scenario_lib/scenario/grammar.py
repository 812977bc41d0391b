"""French sentences built from structured data, and a scanner for the faults string-gluing produces.

Templates of Spirale's data use `str.format` attribute access on `NounPhrase` objects, so articles and
contractions agree with the noun: `{cible.des}` gives « des particuliers », « du client », « de la clientèle »,
« de l'équipe »; `{entreprise.de}` gives « de Bureau Plus » or « d'Habitat Conseil ». A capitalised attribute
(`{cible.Les}`, `{produit.Le}`) capitalises the result for the start of a sentence.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

VOWELS = "aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ"
GENDERS = ("m", "f")
NUMBERS = ("s", "p")


@dataclass(frozen=True)
class NounPhrase:
    """A noun phrase without its article (« véhicules neufs »), or a proper name (« Bureau Plus »).

    `elision`: the phrase elides a preceding « le / la / de » (« l'équipe », « d'Habitat »); None means
    « before a vowel » (an h muet must be flagged in the data, since most h in trade names are aspirated).
    """

    text: str
    gender: str = "m"
    number: str = "s"
    proper: bool = False
    elision: bool | None = None

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    @property
    def elides(self) -> bool:
        return self.elision if self.elision is not None else bool(self.text) and self.text[0] in VOWELS

    @property
    def plural(self) -> bool:
        return self.number == "p"

    # --- articles and contractions ------------------------------------------------------------------------
    @property
    def texte(self) -> str:
        return self.text

    @property
    def le(self) -> str:
        """Definite article: « les clients », « le client », « la clientèle », « l'équipe »."""
        if self.proper:
            return self.text
        if self.plural:
            return f"les {self.text}"
        if self.elides:
            return f"l'{self.text}"
        return f"{'la' if self.gender == 'f' else 'le'} {self.text}"

    la = les = le

    @property
    def de(self) -> str:
        """De + definite article: « des clients », « du client », « de la clientèle », « de l'équipe »;
        a proper name: « de Bureau Plus », « d'Habitat Conseil »."""
        if self.proper:
            return f"d'{self.text}" if self.elides else f"de {self.text}"
        if self.plural:
            return f"des {self.text}"
        if self.elides:
            return f"de l'{self.text}"
        return f"de la {self.text}" if self.gender == "f" else f"du {self.text}"

    des = du = de

    @property
    def a(self) -> str:
        """À + definite article: « aux clients », « au client », « à la clientèle », « à l'équipe »."""
        if self.proper:
            return f"à {self.text}"
        if self.plural:
            return f"aux {self.text}"
        if self.elides:
            return f"à l'{self.text}"
        return f"à la {self.text}" if self.gender == "f" else f"au {self.text}"

    aux = au = a

    @property
    def un(self) -> str:
        """Indefinite article: « des clients », « un client », « une entreprise »."""
        if self.proper:
            return self.text
        if self.plural:
            return f"des {self.text}"
        return f"{'une' if self.gender == 'f' else 'un'} {self.text}"

    une = un

    @property
    def ce(self) -> str:
        """Demonstrative: « ces clients », « ce client », « cet artisan », « cette clientèle »."""
        if self.proper:
            return self.text
        if self.plural:
            return f"ces {self.text}"
        if self.gender == "f":
            return f"cette {self.text}"
        return f"cet {self.text}" if self.elides else f"ce {self.text}"

    cette = ces = ce

    def __getattr__(self, name: str) -> str:
        """`Le`, `Des`, `Aux`…: the lower-case form with a capital letter (start of a sentence)."""
        if name[:1].isupper() and name.lower() in _FORMS:
            value = getattr(self, name.lower())
            return value[:1].upper() + value[1:]
        raise AttributeError(name)


_FORMS = {"texte", "le", "la", "les", "de", "des", "du", "a", "aux", "au", "un", "une", "ce", "cette", "ces"}
PLACEHOLDER_FORMS = frozenset(_FORMS | {f.capitalize() for f in _FORMS})


def placeholders(template: str) -> list[tuple[str, str]]:
    """(field, attribute) pairs of a template: « {cible.des} » → ("cible", "des"); plain « {secteur} » → ("secteur", "")."""
    found = []
    for _, field, _, _ in string.Formatter().parse(template):
        if field is None:
            continue
        name, _, attr = field.partition(".")
        found.append((name, attr))
    return found


def fill(template: str, **values) -> str:
    """The template filled, white space collapsed (YAML folded strings keep line breaks as spaces)."""
    return " ".join(template.format(**values).split())


# --- faults scanner -------------------------------------------------------------------------------------
_WORD = r"(?<![\w'’])"
# common nouns with an h muet: « de Habitat Conseil » must be « d'Habitat Conseil »
_H_MUET = r"h(?:abita|abit|ôtel|otel|eure|iver|istoire|ôpital|oraire|ébergement|uile|umain|ygiène|ypermarché|omme)\w*"
_ER_NOUNS = (
    r"(?:dossier|fichier|panier|quartier|chantier|atelier|courrier|premier|dernier|métier|papier|calendrier|"
    r"particulier|magasin|cahier|loyer|foyer|livre|centre|secteur|titre|nombre|ordre|membre|offre)"
)
_FAULTS: list[tuple[re.Pattern, str]] = [
    # « de le rencontrer », « à les informer »: a pronoun before an infinitive is correct
    (
        re.compile(_WORD + r"(?:de|à) (?:les|le)\b(?! (?!" + _ER_NOUNS + r"\b)\w+(?:er|ir|re)\b)", re.I),
        "contraction manquante « {0} » (des, du, aux, au)",
    ),
    (re.compile(_WORD + r"(?:de (?:des|du|d')|à (?:aux|au|à)\b)", re.I), "préposition en double « {0} »"),
    (
        re.compile(_WORD + r"(?:de|que|le|la|ce|ne|se) (?:[aeiouyéèêàâîôû]|" + _H_MUET + r")\w*", re.I),
        "élision manquante « {0} »",
    ),
    (re.compile(r" {2,}"), "espaces en double"),
    (re.compile(r"\( | \)"), "espace mal placée autour d'une parenthèse"),
    (re.compile(r"\w\((?!e?s?\))"), "espace manquante avant « ( »"),
    (re.compile(r"\d\.\d+ ?h\b"), "point décimal « {0} » (virgule attendue)"),
    (re.compile(r"(?<!\.)(?<!\betc)\.\s+[a-zà-ÿ]"), "minuscule après un point « {0} »"),
    (re.compile(r"\s[,.](?!\.)"), "espace avant la virgule ou le point « {0} »"),
    (re.compile(r"[,;]\s*$"), "ponctuation de liste en fin de texte « {0} »"),
    (re.compile(r"[,;]\s*[.;,]"), "ponctuation doublée « {0} »"),
    (re.compile(r"\b(?:score \d|None\b|True\b|False\b)"), "terme interne « {0} »"),
    (
        re.compile(r"\b(?:aux|au) [\wéèêàâîôûç'-]+(?: [\wéèêàâîôûç'-]+)? et (?:les|le|la) ", re.I),
        "article non contracté dans une coordination « {0} »",
    ),
]
# vowel-initial words that do not elide (« le onze », « le yaourt »)
_NO_ELISION = re.compile(r"^\w+ (?:onze|oui|ouate|yaourt|yoga|ouistiti)", re.I)


def french_faults(text: str) -> list[str]:
    """Known faults of generated French, one French message each (empty list: none found).

    Catches what gluing data into templates produces: missing contractions (« de les », « à le »), missing
    elisions (« de Habitat », « de une »), doubled prepositions, « aux commerces et les entrepôts », stray
    spaces, a decimal point in hours, a lower-case letter after a full stop, unbalanced « », list punctuation
    left at the end of an official text, internal terms shown to teachers.
    """
    faults = []
    for pattern, message in _FAULTS:
        for match in pattern.finditer(text):
            found = match.group(0).strip()
            if message.startswith("élision") and _NO_ELISION.match(found):
                continue
            faults.append(message.format(found))
    if text.count("«") != text.count("»"):
        faults.append("guillemets « » déséquilibrés")
    return faults
