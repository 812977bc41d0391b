import re

from scenario_lib.paths import ROOT
from scenario_lib.referential.sources import SOURCE_TITLES, source_label


def test_file_names_become_document_titles_and_sections_stay():
    label = source_label("002_4ac2386eed93d8fc.txt § 3. c) La co-intervention")
    assert (
        label
        == "Guide régional Grand Est — cahier des charges global de la formation MCV option B § 3. c) La co-intervention"
    )
    both = source_label("000_b3dbce32afd449d9.txt § Bloc 1 ; 002_4ac2386eed93d8fc.txt § 3. b)")
    assert "Fiche RNCP 32259" in both and "Guide régional" in both and ".txt" not in both
    assert source_label("Arrêté du 21 novembre 2018") == "Arrêté du 21 novembre 2018"


def test_every_file_cited_in_the_data_has_a_title():
    cited = set()
    for path in (ROOT / "data").rglob("*"):
        if path.suffix in {".yaml", ".csv"}:
            cited |= set(re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", path.read_text(encoding="utf-8")))
    assert cited and cited <= set(SOURCE_TITLES)
