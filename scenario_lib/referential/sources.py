"""Teachers read document titles, not the file names Spirale's data cite (« 000_b3dbce32afd449d9.txt § … »).

The data keep their exact `source` (which file, which section: it is how a transcription is checked); every
page shown to teachers goes through `source_label`.
"""

from __future__ import annotations

import re

# seed file → the title printed on the document itself
SOURCE_TITLES = {
    "000_b3dbce32afd449d9.txt": "Fiche RNCP 32259 du Bac Pro Métiers du commerce et de la vente",
    "001_8e57924e0707131b.txt": "Note n° 721/25-DGG/DIFO du 24 juin 2025 sur les objectifs des PFMP",
    "002_4ac2386eed93d8fc.txt": "Guide régional Grand Est — cahier des charges global de la formation MCV option B",
    "003_3d2a7c14c3cbbcd5.txt": "Livret de suivi des PFMP du Bac Pro MCV option B",
    "004_6504d9d3dec08ec8.txt": "REAC du titre professionnel Conseiller commercial",
}
_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def source_label(source: str) -> str:
    """« 002_4ac2386eed93d8fc.txt § 3. c) La co-intervention » → « Guide régional Grand Est — … § 3. c) … »."""
    return _FILE.sub(lambda m: SOURCE_TITLES.get(m.group(0), "document source de Spirale"), str(source or ""))
