"""requirements.txt and environment.yml pin the same packages (the mission asks that one mirror the other)."""
import re

import yaml

from conftest import ROOT


def pins_of(lines):
    return {m[1].lower().replace("_", "-"): m[2] for line in lines if (m := re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)", line))}


def test_environment_yml_mirrors_requirements():
    requirements = pins_of((ROOT / "requirements.txt").read_text().splitlines())
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins_of(pip) == requirements
    for direct in ("pandas", "openpyxl", "papermill", "nbconvert", "matplotlib", "jupyter", "typst", "python-docx"):
        assert direct in requirements


def test_direct_requirements_are_pinned_in_the_lock():
    direct = pins_of((ROOT / "requirements.in").read_text().splitlines())
    locked = pins_of((ROOT / "requirements.txt").read_text().splitlines())
    assert {k: locked.get(k) for k in direct} == direct
