import contextlib

from scenario_lib.bank import sample_bank_dir
from scenario_lib.cli import atelier, build_parser


def test_voila_is_asked_for_the_atelier_only_without_tracebacks_on_localhost():
    command = atelier.voila_command(9000, open_browser=False)
    assert str(atelier.NOTEBOOK) in command and atelier.NOTEBOOK.is_file()
    assert "--VoilaConfiguration.show_tracebacks=False" in command
    assert "--VoilaConfiguration.strip_sources=True" in command
    assert "--Voila.ip=127.0.0.1" in command and "--port=9000" in command and "--no-browser" in command
    assert "--no-browser" not in atelier.voila_command(9000)
    assert not any("base_url" in part for part in command)
    assert command[1:3] == ["-m", "scenario_lib.server"] and "--template=spirale" in command


def test_kernels_are_bounded_preheated_and_culled():
    command = atelier.voila_command(9000, max_pages=3, preheated=2, close_delay=60, hosts="hub.lycee.fr, b.fr")
    assert "--SpiraleVoila.max_pages=3" in command
    assert "--preheat_kernel=True" in command and "--pool_size=2" in command
    assert "--VoilaKernelManager.fill_delay=0" in command  # the pool refilled as soon as a page takes a kernel
    assert "--MappingKernelManager.cull_idle_timeout=60" in command
    assert "--MappingKernelManager.cull_interval=15" in command
    assert "--MappingKernelManager.cull_connected=False" in command  # an open page is never culled
    assert [p for p in command if "allowed_hosts" in p] == [
        "--SpiraleVoila.allowed_hosts=hub.lycee.fr",
        "--SpiraleVoila.allowed_hosts=b.fr",
    ]
    assert not any("preheat" in part for part in atelier.voila_command(9000, preheated=0))
    assert not any("allowed_hosts" in part for part in atelier.voila_command(9000))


def test_behind_a_hub_proxy_links_carry_the_prefix():
    command = atelier.voila_command(9000, prefix="/user/mme.durand/")
    assert "--Voila.base_url=/user/mme.durand/" in command and "--Voila.server_url=/" in command


def test_options_and_their_defaults():
    parser = build_parser("atelier")
    args = parser.parse_args([])
    assert (args.port, args.ip, args.banque, args.pas_de_navigateur, args.prefixe_url) == (
        8866,
        "127.0.0.1",
        None,
        False,
        "/",
    )
    assert (args.hotes_autorises, args.pages_max, args.noyaux_prechauffes, args.delai_fermeture) == ("", 4, 2, 120)
    args = parser.parse_args(["--port", "9001", "--banque", "/tmp/b", "--pas-de-navigateur"])
    assert (args.port, args.banque, args.pas_de_navigateur) == (9001, "/tmp/b", True)


def test_bad_numbers_are_refused_in_french(capsys):
    parser = build_parser("atelier")
    for option, value, expected in (
        ("--pages-max", "0", "supérieur à 0"),
        ("--noyaux-prechauffes", "deux", "pas « deux »"),
    ):
        with contextlib.suppress(SystemExit):  # argparse exits after its French message
            parser.parse_args([option, value])
        assert expected in capsys.readouterr().err


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
