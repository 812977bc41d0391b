"""Schema 0 (the 2025 prototype's French keys, durations in minutes) is upgraded on load, without rewriting."""

import pytest

from scenario_lib.bank.migrations import current_version, migrate
from scenario_lib.errors import SpiraleError

V0 = """\
# exporté du carnet prototype (2025)
titre: Conseiller un client au rayon fromage
niveau: 1re
auteur: Mme Leroy
entreprise:
  nom: Fromagerie du Marché
  secteur: commerce alimentaire
  marche: B to C
  canal: face-à-face
  produit: fromages affinés
  cible: clientèle du marché
mission: Conseiller et vendre des fromages le samedi matin.
competences: "1.2, 2.4"
taches:
  - intitule: Découvrir le besoin du client
    duree: 90
    tache_rap: T1.04
  - intitule: Mesurer la satisfaction
    duree: 45
    modalite: individuel
"""


def test_version_0_file_is_migrated_on_load(bank):
    path = bank.folder / "ancien.yaml"
    path.write_text(V0, encoding="utf-8")
    assert bank.problems == []
    [entry] = bank.list()
    doc = bank.get(entry.id)
    assert doc.schema_version == current_version("scenario")
    assert (doc.title, doc.level, doc.authors, doc.competences) == (
        "Conseiller un client au rayon fromage",
        "premiere",
        ("Mme Leroy",),
        ("1.2", "2.4"),
    )
    assert [t.duration_hours for t in doc.tasks] == [1.5, 0.75]
    assert doc.tasks[0].rap_task == "T1.04" and doc.tasks[1].modality.value == "individuel"
    assert doc.context.name == "Fromagerie du Marché" and doc.context.market.value == "B to C"
    assert path.read_text(encoding="utf-8") == V0  # reading never rewrites a colleague's file
    assert bank.list()[0].id == entry.id  # the derived id is stable between loads


def test_saving_a_migrated_document_writes_the_current_schema(bank):
    (bank.folder / "ancien.yaml").write_text(V0, encoding="utf-8")
    doc = bank.get(bank.list()[0].id)
    saved = bank.save(doc)
    assert saved.revision == 1 and not (bank.folder / "ancien.yaml").exists()
    text = bank.entry(doc.id).path.read_text(encoding="utf-8")
    assert "schema_version: 1" in text and "duration_hours: 1.5" in text and "duree" not in text
    assert [e.revision for e in bank.history(doc.id)] == [0]  # the v0 original stays recoverable


def test_migration_errors_are_named(bank):
    (bank.folder / "v0-faux.yaml").write_text(V0.replace("niveau: 1re", "niveau: CAP"), encoding="utf-8")
    [problem] = bank.problems
    assert problem.file == "v0-faux.yaml" and "CAP" in problem.reason


@pytest.mark.parametrize("version", [-1, "deux", True])
def test_invalid_schema_version(version):
    with pytest.raises(SpiraleError, match="version du schéma invalide"):
        migrate({"doc_type": "scenario", "schema_version": version})


def test_current_data_passes_unchanged(scenario_data):
    data = scenario_data(schema_version=1, id="deja-v1")
    assert migrate(dict(data)) == data
