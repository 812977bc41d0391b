"""Bank: save/get/list/duplicate/delete/restore/history on real files."""

import pytest
import yaml

from scenario_lib.bank import Bank, ConflictError, DocumentNotFoundError
from scenario_lib.bank.files import document_filename
from scenario_lib.errors import SpiraleError
from scenario_lib.validation import InvalidDocumentError


def test_save_then_get_round_trips_and_bumps_revision(bank, make_scenario):
    doc = make_scenario()
    stored = bank.save(doc)
    assert stored.revision == 1 and doc.revision == 0
    again = bank.get(doc.id)
    assert again == stored
    path = bank.entry(doc.id).path
    assert path.name == document_filename(doc.title, doc.id) and path.parent == bank.folder
    on_disk = yaml.safe_load(path.read_text("utf-8"))
    assert list(on_disk)[:6] == ["doc_type", "schema_version", "id", "revision", "title", "authors"]
    assert on_disk["revision"] == 1 and on_disk["authors"] == ["Mme Leroy", "M. Haddad"]


def test_keys_keep_a_stable_order_between_saves(bank, make_scenario):
    first = bank.save(make_scenario())
    text1 = bank.entry(first.id).path.read_text()
    second = bank.save(first)
    text2 = bank.entry(first.id).path.read_text()
    keys = lambda t: [line.split(":")[0] for line in t.splitlines() if line and line[0].isalpha()]  # noqa: E731
    assert keys(text1) == keys(text2)
    assert second.revision == 2


def test_get_returns_a_private_copy(bank, make_scenario):
    stored = bank.save(make_scenario())
    copy = bank.get(stored.id)
    copy = copy.model_copy(update={"title": "Modifié sans enregistrer"})
    assert bank.get(stored.id).title == stored.title


def test_save_revalidates_fields_changed_by_model_copy(bank, make_scenario):
    doc = bank.save(make_scenario())
    doc = doc.model_copy(update={"competences": ["9.9"]})
    with pytest.raises(InvalidDocumentError, match="9.9"):
        bank.save(doc)
    assert bank.get(doc.id).competences == ("1.2", "2.4")


def test_get_unknown_id_is_a_french_error(bank):
    with pytest.raises(DocumentNotFoundError, match="aucun document d'identifiant « nope-123 »"):
        bank.get("nope-123")


def test_title_change_renames_the_file_and_keeps_one_document(bank, make_scenario):
    doc = bank.save(make_scenario())
    old_path = bank.entry(doc.id).path
    doc = doc.model_copy(update={"title": "Nouveau titre de la situation"})
    bank.save(doc)
    new_path = bank.entry(doc.id).path
    assert not old_path.exists() and new_path.name.startswith("nouveau-titre-de-la-situation--")
    assert [e.id for e in bank.list()] == [doc.id]


def test_previous_revision_is_recoverable(bank, make_scenario):
    doc = bank.save(make_scenario())
    doc = doc.model_copy(update={"mission": "Une mission reformulée par le binôme."})
    bank.save(doc)
    history = bank.history(doc.id)
    assert [e.revision for e in history] == [1]
    old = bank.revision(doc.id, 1)
    assert old.mission.startswith("Accueillir les clients")
    assert bank.revision(doc.id, 2).mission == "Une mission reformulée par le binôme."
    with pytest.raises(SpiraleError, match="révision 7"):
        bank.revision(doc.id, 7)


def test_stale_save_raises_conflict_and_keeps_refused_version(bank, make_scenario):
    mine = bank.save(make_scenario())
    theirs = bank.get(mine.id)
    theirs = theirs.model_copy(update={"mission": "Version de la collègue."})
    bank.save(theirs)
    mine = mine.model_copy(update={"mission": "Ma version."})
    with pytest.raises(ConflictError) as err:
        bank.save(mine)
    assert "révision 2 sur le disque" in str(err.value) and "révision 1" in str(err.value)
    assert bank.get(mine.id).mission == "Version de la collègue."
    copies = bank.conflicts(mine.id)
    assert len(copies) == 1 and copies[0].path == err.value.copy and ".conflit-" in copies[0].path.name
    assert bank.diff(mine.id, copies[0]) == ["mission : « Version de la collègue. » → « Ma version. »"]
    assert [e.id for e in bank.list()] == [mine.id]  # the copy is not listed as a document
    bank.resolve(copies[0])
    assert bank.conflicts(mine.id) == []


def test_explicit_expected_revision(bank, make_scenario):
    doc = bank.save(make_scenario())
    with pytest.raises(ConflictError):
        bank.save(doc, expected_revision=0)
    assert bank.save(doc, expected_revision=1).revision == 2


def test_list_filters(bank, make_scenario):
    a = bank.save(
        make_scenario(
            title="Réclamation au magasin de vélos",
            level="premiere",
            competences=["2.3", "3.1"],
            authors=["Mme Émilie Durand"],
        )
    )
    b = bank.save(
        make_scenario(
            title="Prospection téléphonique",
            level="terminale",
            competences=["4B.3"],
            context={
                "name": "Mutuelle de l'Ouest",
                "sector": "assurance",
                "market": "B to C",
                "channel": "à distance",
                "product": "santé",
                "target": "jeunes",
            },
        )
    )
    c = bank.save(make_scenario())
    ids = lambda entries: [e.id for e in entries]  # noqa: E731
    assert ids(bank.list()) == [c.id, b.id, a.id]  # sorted by title, accents ignored
    assert ids(bank.list(level="premiere")) == [a.id]
    assert ids(bank.list(block="4B")) == [b.id]
    assert ids(bank.list(block="2")) == [c.id, a.id]
    assert ids(bank.list(competence="3.1")) == [a.id]
    assert ids(bank.list(context="mutuelle")) == [b.id]
    assert ids(bank.list(author="emilie")) == [a.id]
    assert ids(bank.list(text="RECLAMATION velos")) == [a.id]
    assert ids(bank.list(text="pains speciaux", level="seconde")) == [c.id]
    assert ids(bank.list(doc_type="progression")) == []
    entry = bank.list(level="premiere")[0]
    assert (entry.title, entry.level, entry.blocks, entry.competences, entry.revision) == (
        "Réclamation au magasin de vélos",
        "premiere",
        ("2", "3"),
        ("2.3", "3.1"),
        1,
    )
    assert entry.context == "Boulangerie Au Bon Pain" and entry.authors == ("Mme Émilie Durand",)


def test_listing_sees_files_changed_by_another_process(bank, make_scenario):
    doc = bank.save(make_scenario())
    assert len(bank.list()) == 1
    other = Bank(bank.folder)
    other_doc = other.get(doc.id)
    other_doc = other_doc.model_copy(update={"title": "Titre changé par la collègue"})
    other.save(other_doc)
    assert [e.title for e in bank.list()] == ["Titre changé par la collègue"]


def test_duplicate_gets_new_id_and_keeps_source(bank, make_scenario):
    doc = bank.save(make_scenario())
    dup = bank.duplicate(doc.id)
    assert dup.id != doc.id and dup.revision == 1 and dup.title == f"{doc.title} (copie)"
    assert dup.tasks == doc.tasks
    assert len(bank.list()) == 2


def test_delete_moves_to_trash_and_restore_brings_back(bank, make_scenario):
    doc = bank.save(make_scenario())
    trashed = bank.delete(doc.id)
    assert trashed.parent.name == ".corbeille" and trashed.exists()
    assert bank.list() == [] and doc.id not in bank
    assert [e.id for e in bank.trash()] == [doc.id]
    restored = bank.restore(doc.id)
    assert restored == bank.get(doc.id) and bank.trash() == []
    with pytest.raises(SpiraleError, match="déjà dans la banque"):
        bank.restore(doc.id)
    with pytest.raises(DocumentNotFoundError, match="corbeille"):
        bank.restore("absent-id")


def test_saving_over_an_unreadable_file_keeps_it_aside(bank, make_scenario):
    doc = make_scenario()
    target = bank.folder / document_filename(doc.title, doc.id)
    target.write_text("title: [cassé par une édition à la main\n", encoding="utf-8")
    bank.save(doc)
    kept = [p for p in bank.folder.iterdir() if ".conflit-" in p.name]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith("title: [cassé")
    assert bank.get(doc.id).revision == 1


def test_sync_tool_duplicate_is_shown_as_a_conflict(bank, make_scenario):
    doc = bank.save(make_scenario())
    path = bank.entry(doc.id).path
    older = path.read_text()
    doc = doc.model_copy(update={"notes": "ajout"})
    bank.save(doc)
    # Nextcloud names its own conflict files like this: same id inside, another name.
    (bank.folder / f"{path.stem} (conflicted copy 2026-11-23 101200).yaml").write_text(older)
    assert bank.get(doc.id).revision == 2
    assert [e.revision for e in bank.conflicts(doc.id)] == [1]
    assert len(bank.list()) == 1


def test_missing_folder_without_create(tmp_path):
    with pytest.raises(SpiraleError, match="introuvable"):
        Bank(tmp_path / "absent", create=False)


def test_get_sees_a_file_edited_in_place_by_hand(bank, make_scenario):
    doc = bank.save(make_scenario())
    path = bank.entry(doc.id).path
    assert bank.get(doc.id).level == "seconde"
    text = path.read_text(encoding="utf-8").replace("level: seconde", "level: premiere")
    with open(path, "w", encoding="utf-8") as handle:  # in place, as an editor would: the folder is unchanged
        handle.write(text + "\n")
    assert bank.get(doc.id).level == "premiere"


def test_documents_returns_the_filtered_documents(bank, make_scenario):
    a = bank.save(make_scenario(title="A", level="premiere"))
    bank.save(make_scenario(title="B"))
    assert bank.documents(level="premiere") == [a]


# --- issue 14: what the bank writes it reads back; no write through a link -------------------------------


def test_a_document_too_big_to_read_back_is_refused_before_writing(bank, make_scenario):
    from scenario_lib.bank.files import BankFileError

    doc = bank.save(make_scenario(title="Grand document"))
    before = sorted(p.name for p in bank.folder.rglob("*"))
    doc = doc.model_copy(
        update={"resources": [f"ressource {i} " + "x" * 280 for i in range(4000)]}
    )  # 1,1 Mio once written
    with pytest.raises(BankFileError) as info:
        bank.save(doc)
    message = str(info.value)
    assert "trop volumineux" in message and "maximum 1 Mio" in message and "Rien n'a été enregistré" in message
    assert "Mio une fois enregistré" in message
    assert sorted(p.name for p in bank.folder.rglob("*")) == before
    assert bank.get(doc.id).resources == () and bank.get(doc.id).revision == 1
    with pytest.raises(BankFileError, match="trop volumineux"):
        bank.save(make_scenario(title="Nouveau trop grand", resources=doc.resources))
    assert [e.title for e in bank.list()] == ["Grand document"]


def test_a_document_just_under_the_limit_is_saved_and_read_back(bank, make_scenario):
    from scenario_lib.bank.files import MAX_FILE_BYTES

    doc = bank.save(make_scenario(resources=["x" * 290] * 3300))
    assert 0.9 * MAX_FILE_BYTES < bank.entry(doc.id).path.stat().st_size <= MAX_FILE_BYTES
    assert bank.problems == [] and len(bank.get(doc.id).resources) == 3300


@pytest.mark.parametrize("linked", [".revisions", ".revisions/ID", ".corbeille"])
def test_symlinked_bank_folders_receive_nothing(bank, make_scenario, tmp_path, linked):
    from scenario_lib.bank.files import BankFileError

    doc = bank.save(make_scenario())
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    link = bank.folder / linked.replace("ID", doc.id)
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    doc = doc.model_copy(update={"mission": "Nouvelle mission."})
    with pytest.raises(BankFileError, match="lien symbolique refusé"):
        if linked == ".corbeille":
            bank.delete(doc.id)
        else:
            bank.save(doc)
    assert list(outside.iterdir()) == []
    assert bank.get(doc.id).revision == 1 and doc.id in bank


def test_history_id_cannot_leave_the_bank(bank):
    with pytest.raises(SpiraleError, match="aucun document"):
        bank.history("../../etc")
    with pytest.raises(SpiraleError, match="aucun document"):
        bank.revision("../x", 1)


def test_the_bank_holds_an_absolute_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bank = Bank("banque1")
    assert bank.folder == tmp_path / "banque1" and bank.folder.is_absolute()
    monkeypatch.chdir("/")
    assert bank.folder.is_dir()


def test_a_hand_edit_without_revision_bump_is_a_conflict_not_an_overwrite(bank, make_scenario):
    """A colleague edits the YAML by hand (« modifiable à la main ») and keeps `revision`: detected by content."""
    from scenario_lib.bank import ConflictError

    saved = bank.save(make_scenario())
    doc, fingerprint = bank.read(saved.id)
    path = bank.entry(saved.id).path
    hand = path.read_text(encoding="utf-8").replace(saved.mission, "Mission corrigée à la main")
    path.write_text(hand, encoding="utf-8")
    doc = doc.model_copy(update={"notes": "Ajout depuis l'atelier"})
    with pytest.raises(ConflictError, match="modifié sur le disque") as refused:
        bank.save(doc, expected_fingerprint=fingerprint)
    assert path.read_text(encoding="utf-8") == hand  # the hand edit is untouched
    assert "Ajout depuis l'atelier" in refused.value.copy.read_text(encoding="utf-8")  # and ours is kept
    assert "Traceback" not in str(refused.value) and "Banque" in str(refused.value)
    # once read again, the hand-edited file is the base: saving is accepted
    again, fingerprint = bank.read(saved.id)
    assert again.mission == "Mission corrigée à la main"
    stored = bank.save(again, expected_fingerprint=fingerprint)
    assert stored.revision == saved.revision + 1


def test_the_fingerprint_of_a_save_is_the_file_written(bank, make_scenario):
    from scenario_lib.bank import document_fingerprint

    saved = bank.save(make_scenario())
    assert document_fingerprint(saved) == bank.fingerprint(saved.id)
    saved = saved.model_copy(update={"notes": "suite"})
    assert bank.save(saved, expected_fingerprint=document_fingerprint(saved.model_copy(update={"notes": ""})))


def test_restore_a_revision_and_a_given_trash_file(bank, make_scenario):
    saved = bank.save(make_scenario())
    second = bank.save(saved.model_copy(update={"mission": "Deuxième mission"}))
    back = bank.restore_revision(saved.id, 1)
    assert back.revision == second.revision + 1 and bank.get(saved.id).mission == make_scenario().mission
    assert bank.revision(saved.id, second.revision).mission == "Deuxième mission"
    bank.delete(saved.id)
    bank.restore(saved.id)
    with pytest.raises(SpiraleError, match="déjà dans la banque"):
        bank.restore(saved.id)
    older = bank.get(saved.id)
    bank.delete(saved.id)
    bank.save(
        older.model_copy(update={"revision": 0, "mission": "Troisième mission"})
    )  # a new document with the same id, deleted in its turn
    bank.delete(saved.id)
    from scenario_lib.bank import deleted_at

    entries = [e for e in bank.trash() if e.id == saved.id]
    assert len(entries) == 2 and all(deleted_at(e) is not None for e in entries)
    chosen = next(e for e in entries if e.revision == back.revision)
    assert bank.restore(saved.id, chosen).mission == make_scenario().mission
    assert [e.id for e in bank.trash()] == [saved.id]  # the other one still waits in the trash
