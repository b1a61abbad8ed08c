"""The pins agree everywhere: environment.yml mirrors requirements.txt and requirements-dev.txt (the
mission asks that one mirror the other), pyproject declares the runtime pins, the .in files are locked."""
import re
import tomllib

import yaml

from conftest import ROOT


def pins_of(lines):
    return {m[1].lower().replace("_", "-"): m[2] for line in lines if (m := re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)", line))}


def pins(name: str) -> dict[str, str]:
    return pins_of((ROOT / name).read_text().splitlines())


def test_environment_yml_mirrors_runtime_and_development_pins():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert not set(runtime) & set(dev)  # each package pinned once
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins_of(pip) == runtime | dev
    for direct in ("pandas", "openpyxl", "papermill", "nbconvert", "matplotlib", "jupyter", "typst", "python-docx"):
        assert direct in runtime
    assert {"pytest", "hypothesis", "pypdf"} <= set(dev) and "pytest" not in runtime


def test_direct_requirements_are_pinned_in_the_locks_and_declared_by_the_package():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    direct, direct_dev = pins("requirements.in"), pins("requirements-dev.in")
    assert {k: runtime.get(k) for k in direct} == direct
    assert {k: dev.get(k) for k in direct_dev} == direct_dev
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert pins_of(project["dependencies"]) == direct
    assert pins_of(project["optional-dependencies"]["test"]) == direct_dev
