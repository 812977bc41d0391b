"""Install files agree: conda's environment.yml ↔ pyproject.toml, and the two documented make commands exist."""

import re
import subprocess
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# pip name → conda-forge packages that provide it, when the names differ (explicit, one reason per line).
CONDA_EQUIVALENTS = {
    "pypandoc-binary": ["pypandoc", "pandoc"],  # the pip wheel bundles pandoc; conda-forge splits the two
    "dask[distributed]": ["dask", "distributed"],  # an extra on PyPI, a package of its own on conda-forge
}


def normalise(name: str) -> str:
    """PEP 503 name, extras kept (sorted) because they can stand for separate conda packages."""
    match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*", name)
    assert match, name
    base = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    extras = match.group(2)
    if extras:
        base += "[" + ",".join(sorted(e.strip().lower() for e in extras[1:-1].split(","))) + "]"
    return base


def split(requirement: str) -> tuple[str, str]:
    """'PyYAML>=6.0' → ('pyyaml', '>=6.0')."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._\-]*(?:\[[^\]]*\])?)\s*(.*)", requirement)
    return normalise(match.group(1)), re.sub(r"\s+", "", match.group(2).split("#")[0].split(";")[0])


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    return dict(split(r) for r in requirements)


def environment(path: Path = ROOT / "environment.yml") -> tuple[dict[str, str], dict[str, str]]:
    """(conda dependencies, pip section) of environment.yml, as name → version specifier."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    conda, pip = {}, {}
    for entry in data["dependencies"]:
        if isinstance(entry, dict):
            pip.update(split(r) for r in entry.get("pip", []))
        else:
            name, spec = split(entry.replace("=", "==", 1) if re.search(r"[^<>=!]=[^=]", entry) else entry)
            conda[name] = spec
    return conda, pip


def test_split_and_normalise():
    assert split("PyYAML>=6.0") == ("pyyaml", ">=6.0")
    assert split("dask[distributed]>=2024.8") == ("dask[distributed]", ">=2024.8")
    assert split("python_docx >= 1.1  # comment") == ("python-docx", ">=1.1")


def disagreements(requirements: dict[str, str], conda: dict[str, str], pip: dict[str, str]):
    """(missing packages, different minimum versions) between pyproject and environment.yml."""
    missing, wrong_version = [], []
    for name, spec in requirements.items():
        if name in pip:
            found = [pip[name]]
        elif name in conda and name not in CONDA_EQUIVALENTS:
            found = [conda[name]]
        else:
            names = CONDA_EQUIVALENTS.get(name, [name])
            if not all(n in conda for n in names):
                missing.append(f"{name} (conda-forge : {' + '.join(names)}, ou section pip)")
            continue  # a split package may carry its own version numbers
        if spec not in found:
            wrong_version.append(f"{name}: pyproject {spec!r}, environment.yml {found[0]!r}")
    return missing, wrong_version


def test_environment_lists_every_dependency_of_pyproject():
    missing, wrong_version = disagreements(pyproject_requirements(), *environment())
    assert not missing, f"absent de environment.yml : {missing}"
    assert not wrong_version, f"versions différentes : {wrong_version}"


def test_a_drifting_environment_is_caught(tmp_path):
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    broken = re.sub(r"^\s*- pandas.*\n", "", text, flags=re.MULTILINE)
    broken = re.sub(r"^(\s*- pydantic)>=[\d.]+", r"\1>=1.10", broken, flags=re.MULTILINE)
    broken = re.sub(r"^\s*- distributed.*\n", "", broken, flags=re.MULTILINE)
    (tmp_path / "environment.yml").write_text(broken, encoding="utf-8")
    missing, wrong_version = disagreements(pyproject_requirements(), *environment(tmp_path / "environment.yml"))
    assert [m.split(" ")[0] for m in missing] == ["pandas", "dask[distributed]"]
    assert [w.split(":")[0] for w in wrong_version] == ["pydantic"]


def test_environment_has_no_extra_python_package():
    conda, pip = environment()
    expected = set(pyproject_requirements()) | {n for names in CONDA_EQUIVALENTS.values() for n in names}
    extra = (set(conda) | set(pip)) - expected - {"python", "pip"}
    assert not extra, f"dans environment.yml mais pas dans pyproject.toml : {sorted(extra)}"
    assert "python" in conda and conda["python"].startswith(">=3.11")


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", text, flags=re.MULTILINE))


def test_makefile_has_the_two_documented_commands():
    targets = makefile_targets()
    assert {"atelier", "test"} <= targets
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "atelier", "test"], capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert re.search(r"scenario-lib atelier", dry.stdout)
    assert re.search(r"-m pytest", dry.stdout)


def test_ci_runs_make_test():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert "make test" in commands
