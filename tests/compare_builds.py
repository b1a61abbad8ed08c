"""Compare two builds of the same year file by file (a script, not a test).

    .venv/bin/python tests/compare_builds.py OLD_OUTPUT_DIR NEW_OUTPUT_DIR --year 2023

Each tree's own absolute folders (which executed notebooks record as parameters) are replaced
by a placeholder before comparing. Prints every file that differs or exists on one side only,
then a count; exits 1 when anything differs.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

# The data folder a build was made from: every executed notebook records it as a parameter.
DATA_DIR = re.compile(rb'data_dir = \\"([^"\\]+)\\"')


def normalised(path: Path, root: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        data = data.replace(str(root.resolve().parent).encode(), b"<OUTPUT_DIR>")
        match = DATA_DIR.search(data)
        if match:
            data = data.replace(match.group(1), b"<DATA_DIR>")
    return data


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(normalised(p, root)).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--year", type=int, default=2023)
    args = parser.parse_args()
    old, new = files(args.old / str(args.year)), files(args.new / str(args.year))
    differ = sorted(p for p in old.keys() & new.keys() if old[p] != new[p])
    only_old, only_new = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    for p in differ:
        print(f"differs   {p}")
    for p in only_old:
        print(f"only old  {p}")
    for p in only_new:
        print(f"only new  {p}")
    same = len(old.keys() & new.keys()) - len(differ)
    print(f"{same} identical, {len(differ)} different, {len(only_old)} only in old, {len(only_new)} only in new")
    return 1 if differ or only_old or only_new else 0


if __name__ == "__main__":
    sys.exit(main())
