import csv
import random

import pytest

FIRST = ["Léa", "Noé", "Inès", "Zoé", "Chloé", "Éloïse", "Maël", "Anaïs", "Jules", "Hugo"]
LAST = ["Martin", "Durand", "Lefèvre", "N'Diaye", "Girard", "Moreau", "Bézier", "Nguyen", "Œillet", "Roux"]


def write_class_list(path, count, grade="1MCVB", seed=0, delimiter=";"):
    rnd = random.Random(seed)
    names = [(LAST[i % 10] + ("" if i < 10 else f"-{i // 10}"), FIRST[(i * 7 + 3) % 10]) for i in range(count)]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=delimiter)
        out.writerow(["nom", "prénom", "classe", "entreprise", "tuteur", "début", "fin"])
        for last, first in names:
            out.writerow(
                [
                    last,
                    first,
                    grade,
                    rnd.choice(["Garage du Centre", "Optique Plus", "Mutuelle Est"]),
                    "M. Roux",
                    "05/01/2026",
                    "30/01/2026",
                ]
            )
    return path


@pytest.fixture
def class_list(tmp_path):
    return write_class_list(tmp_path / "classe.csv", 3)
