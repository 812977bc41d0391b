"""Which referentials exist: bundled ones, a teacher's own folders (SPIRALE_REFERENTIELS), a path; the cache."""

import os
import shutil
from pathlib import Path

import pytest

from scenario_lib.errors import ReferentialError
from scenario_lib.paths import data_dir
from scenario_lib.referential.registry import DEFAULT, available_referentials, load_referential

OWN = Path(__file__).resolve().parents[1] / "fixtures" / "referentiels" / "cap-essai-vente"


@pytest.fixture
def teacher_dir(tmp_path, monkeypatch):
    root = tmp_path / "mes-referentiels"
    shutil.copytree(OWN, root / "cap-essai-vente")
    (root / "pas-un-referentiel").mkdir()  # a folder without referentiel.yaml is ignored
    (root / "notes.txt").write_text("rien", encoding="utf-8")
    monkeypatch.setenv("SPIRALE_REFERENTIELS", str(root))
    return root


def test_bundled_referentials_are_listed():
    found = available_referentials()
    assert {"bacpro-mcv-b", "tp-conseiller-commercial"} <= set(found)
    assert found["bacpro-mcv-b"] == data_dir() / "referentiels" / "bacpro-mcv-b"
    assert DEFAULT in found


def test_default_is_mcv():
    assert load_referential().id == "bacpro-mcv-b"


def test_teacher_folder_via_environment(teacher_dir):
    found = available_referentials()
    assert found["cap-essai-vente"] == teacher_dir / "cap-essai-vente"
    assert "pas-un-referentiel" not in found
    ref = load_referential("cap-essai-vente")
    assert ref.code == "ESSAI-001"
    assert [c.code for c in ref.competences_of("N1")] == ["N1.1", "N1.2"]
    assert load_referential("bacpro-mcv-b").id == "bacpro-mcv-b"  # bundled ones still there


def test_several_teacher_folders(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(OWN, first / "essai-un")
    shutil.copytree(OWN, second / "essai-deux")
    monkeypatch.setenv("SPIRALE_REFERENTIELS", os.pathsep.join([str(first), str(second)]))
    assert {"essai-un", "essai-deux"} <= set(available_referentials())


def test_bundled_referential_wins_over_a_homonym(tmp_path, monkeypatch):
    shutil.copytree(OWN, tmp_path / "bacpro-mcv-b")
    monkeypatch.setenv("SPIRALE_REFERENTIELS", str(tmp_path))
    assert load_referential("bacpro-mcv-b").code == "RNCP32259"


def test_folder_by_path(tmp_path):
    folder = shutil.copytree(OWN, tmp_path / "ailleurs")
    assert load_referential(folder).code == "ESSAI-001"
    assert load_referential(str(folder)).code == "ESSAI-001"


def test_unknown_name_lists_what_exists(monkeypatch):
    monkeypatch.delenv("SPIRALE_REFERENTIELS", raising=False)
    with pytest.raises(ReferentialError) as info:
        load_referential("bts-ndrc")
    message = str(info.value)
    assert "« bts-ndrc » introuvable" in message
    assert "bacpro-mcv-b" in message and "tp-conseiller-commercial" in message


def test_cache_returns_same_object_until_a_file_changes(teacher_dir):
    folder = teacher_dir / "cap-essai-vente"
    first = load_referential("cap-essai-vente")
    assert load_referential(folder) is first
    path = folder / "competences.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Conclure la vente", "Conclure la commande"), encoding="utf-8"
    )
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))
    changed = load_referential("cap-essai-vente")
    assert changed is not first
    assert changed.competence("N1.2").title == "Conclure la commande"


def test_broken_teacher_folder_is_reported_not_returned(teacher_dir):
    path = teacher_dir / "cap-essai-vente" / "competences.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("N1.2,N1,", "N1.2,N7,"), encoding="utf-8")
    with pytest.raises(ReferentialError, match="competences.csv.*ligne 3.*bloc « N7 »"):
        load_referential("cap-essai-vente")


def test_cache_sees_a_deleted_table_and_a_file_synced_with_an_older_date(tmp_path):
    import os
    import shutil

    from scenario_lib.paths import data_dir

    folder = shutil.copytree(data_dir() / "referentiels" / "bacpro-mcv-b", tmp_path / "mcv")
    assert len(load_referential(folder).tools) > 0
    (folder / "outils_numeriques.csv").unlink()
    assert load_referential(folder).tools == ()
    attitudes = folder / "attitudes.csv"
    stat = attitudes.stat()
    attitudes.write_text(attitudes.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    os.utime(attitudes, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # what a sync tool does
    assert load_referential(folder).attitudes == ()


def test_an_id_wins_over_a_folder_of_the_same_name(tmp_path, monkeypatch):
    (tmp_path / "bacpro-mcv-b").mkdir()
    monkeypatch.chdir(tmp_path)
    assert load_referential("bacpro-mcv-b").code == "RNCP32259"
