"""Bundled folders are found in a checkout and inside an installed wheel (importlib.resources)."""

import tomllib
from pathlib import Path

import scenario_lib
from scenario_lib import paths

ROOT = Path(__file__).resolve().parents[1]


def test_checkout_folders_are_used_when_the_package_carries_none():
    assert paths.data_dir() == ROOT / "data"
    assert paths.templates_dir() == ROOT / "templates"
    assert (paths.notebooks_dir() / "atelier.ipynb").is_file()


def test_an_installed_copy_inside_the_package_wins(tmp_path, monkeypatch):
    # Lay out the package as the wheel does: scenario_lib/_data beside scenario_lib/__init__.py.
    package = tmp_path / "scenario_lib"
    (package / "_data" / "referentiels").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    monkeypatch.setattr(paths, "files", lambda name: package)
    assert paths.data_dir() == package / "_data"
    assert paths.templates_dir() == ROOT / "templates"  # not carried in this fake install: the checkout's


def test_the_wheel_carries_every_bundled_folder_under_the_name_paths_expects():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included == {name: f"scenario_lib/_{name}" for name in ("data", "templates", "notebooks")}
    assert all((ROOT / name).is_dir() for name in included)
    assert Path(scenario_lib.__file__).parent.name == "scenario_lib"


def test_environment_variables_point_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("SPIRALE_DATA", str(tmp_path))
    monkeypatch.setenv("SPIRALE_TEMPLATES", str(tmp_path / "ecole"))
    assert paths.data_dir() == tmp_path
    assert paths.template_dirs() == [tmp_path / "ecole", ROOT / "templates"]
