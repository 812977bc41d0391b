"""Small real banks for the batch tests: scenarios saved through the bank, plus hand-broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenario_lib.bank import Bank
from scenario_lib.batch.job import DEFAULT_NOTEBOOK
from scenario_lib.scenario.model import Scenario, parse_scenario


def scenario(n: int, level: str = "terminale") -> Scenario:
    return parse_scenario(
        dict(
            title=f"Situation {n} : vente conseil en boutique",
            level=level,
            context={
                "name": f"Boutique Atlantique {n}",
                "sector": "prêt-à-porter",
                "market": "B to C",
                "channel": "face-à-face",
                "product": "vêtements de sport",
                "target": "particuliers",
            },
            mission="Accueillir, conseiller et vendre à un client en magasin.",
            tasks=[
                {"title": "Préparer la vente", "duration_hours": 2},
                {"title": "Conduire l'entretien de vente", "duration_hours": 3},
            ],
            competences=["1.1", "2.1"],
        )
    )


def make_bank(folder: Path, count: int, level: str = "terminale") -> tuple[Bank, list[str]]:
    bank = Bank(folder)
    ids = [bank.save(scenario(n, level)).id for n in range(count)]
    return bank, ids


def break_file(folder: Path, name: str = "situation-cassee.yaml") -> Path:
    """A file a teacher broke by hand: the YAML is cut in the middle of a list."""
    path = folder / name
    path.write_text("doc_type: scenario\ntitle: Situation cassée\ncompetences: [1.1, 2.1\n", encoding="utf-8")
    return path


def notebook_copy(folder: Path, render_cell_prefix: str = "", layout_suffix: str = "") -> Path:
    """A teacher's customised copy of the rendering notebook (code added to the layout or render cell)."""
    nb = json.loads(DEFAULT_NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if "mise-en-page" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = source + "\n" + layout_suffix
        elif "render_documents(" in source and "records =" in source:
            cell["source"] = render_cell_prefix + "\n" + source
    path = folder / "ma-copie.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


class Helpers:
    """Exposed as a fixture: with --import-mode=importlib, test modules cannot import conftest."""

    scenario = staticmethod(scenario)
    make_bank = staticmethod(make_bank)
    break_file = staticmethod(break_file)
    notebook_copy = staticmethod(notebook_copy)


@pytest.fixture
def helpers() -> type[Helpers]:
    return Helpers
