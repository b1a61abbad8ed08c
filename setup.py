"""Packages found, not listed: pyproject.toml holds everything else.

Only what setuptools' declarative `packages.find` cannot say lives here: the report notebooks sit at the
top of the repository (notebooks/) and are installed inside the package (pipeline/notebooks/), so
`pip install .` works outside the repository. tools/ (the sample generator) is not shipped.
"""
from setuptools import find_namespace_packages, setup

setup(packages=[*find_namespace_packages(include=["pipeline", "pipeline.*"], exclude=["*.__pycache__"]),
                "pipeline.notebooks"],
      package_dir={"pipeline.notebooks": "notebooks"})
