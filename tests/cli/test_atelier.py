import argparse

from scenario_lib.bank import sample_bank_dir
from scenario_lib.cli import atelier


def test_voila_is_asked_for_the_atelier_only_without_tracebacks_on_localhost():
    command = atelier.voila_command(9000, open_browser=False)
    assert str(atelier.NOTEBOOK) in command and atelier.NOTEBOOK.is_file()
    assert "--VoilaConfiguration.show_tracebacks=False" in command
    assert "--VoilaConfiguration.strip_sources=True" in command
    assert "--Voila.ip=127.0.0.1" in command and "--port=9000" in command and "--no-browser" in command
    assert "--no-browser" not in atelier.voila_command(9000)
    assert not any("base_url" in part for part in command)


def test_behind_a_hub_proxy_links_carry_the_prefix():
    command = atelier.voila_command(9000, prefix="/user/mme.durand/")
    assert "--Voila.base_url=/user/mme.durand/" in command and "--Voila.server_url=/" in command


def test_options_and_their_defaults():
    parser = argparse.ArgumentParser()
    atelier.configure(parser)
    args = parser.parse_args([])
    assert (args.port, args.ip, args.banque, args.pas_de_navigateur, args.prefixe_url) == (
        8866, "127.0.0.1", None, False, "/")
    args = parser.parse_args(["--port", "9001", "--banque", "/tmp/b", "--pas-de-navigateur"])
    assert (args.port, args.banque, args.pas_de_navigateur) == (9001, "/tmp/b", True)


def test_first_use_copies_the_sample_bank_to_the_users_bank(tmp_path, monkeypatch):
    monkeypatch.setenv("SPIRALE_BANQUE", str(tmp_path / "Spirale" / "banque"))
    folder = atelier.prepare_bank(None)
    assert folder == (tmp_path / "Spirale" / "banque").resolve()
    assert sorted(p.name for p in folder.glob("*.yaml")) == sorted(p.name for p in sample_bank_dir().glob("*.yaml"))
    (folder / next(folder.glob("*.yaml")).name).unlink()
    atelier.prepare_bank(None)  # an existing bank is never re-seeded nor overwritten
    assert len(list(folder.glob("*.yaml"))) == len(list(sample_bank_dir().glob("*.yaml"))) - 1


def test_an_explicit_bank_folder_is_created_empty(tmp_path):
    folder = atelier.prepare_bank(str(tmp_path / "autre"))
    assert folder.is_dir() and list(folder.glob("*.yaml")) == []
