"""Write and read the processed tables (contract §9) in a fixed column order, atomically."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd

from ..config import refuse_if_context_only
from ..contract import SCHEMAS, TEXT_COLUMNS
from ..files import recover_dir, staging_dir, swap_dir


# A text cell that a spreadsheet would run as a formula when the CSV is opened (=, +, -, @, and tab or carriage
# return before them): written with an apostrophe in front, as Excel itself shows text that looks like a number.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defused(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _restored(value: object) -> object:
    return value[1:] if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START) \
        else value


def write_csv_bytes(frame: pd.DataFrame, name: str) -> bytes:
    """The exact bytes of a processed CSV: contract columns in order, '.' decimals, LF; a text that would run as
    a formula in a spreadsheet starts with an apostrophe (read_table takes it off again)."""
    frame = frame[SCHEMAS[name]]
    texts = [c for c in frame.columns if frame[c].dtype == object]
    if texts and any(frame[c].map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).any() for c in texts):
        frame = frame.assign(**{c: frame[c].map(_defused) for c in texts})
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_tables(directory: Path, frames: dict[str, pd.DataFrame], parquet: bool = True,
                 extra_files: dict[str, bytes] | None = None) -> list[Path]:
    """Write every table as CSV (+ Parquet) into directory, all or nothing.

    The whole folder is built beside the target and swapped in with two renames, so a run that
    is interrupted, even killed, leaves the last good tables, all of one build, in place.
    extra_files (e.g. the stamp of the inputs) go into the same swap.
    """
    recover_dir(directory)
    staging = staging_dir(directory)
    try:
        written = []
        for name, frame in sorted(frames.items()):
            (staging / f"{name}.csv").write_bytes(write_csv_bytes(frame, name))
            written.append(f"{name}.csv")
            if parquet:
                frame[SCHEMAS[name]].to_parquet(staging / f"{name}.parquet", index=False)
                written.append(f"{name}.parquet")
        for name, data in (extra_files or {}).items():
            (staging / name).write_bytes(data)
        os.chmod(staging, 0o755)
        swap_dir(staging, directory)
        return [directory / f for f in written]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """A processed table, from Parquet when present (faster, typed), else CSV."""
    refuse_if_context_only(f"the processed table {name}")
    parquet = directory / f"{name}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet)
    csv = directory / f"{name}.csv"
    if not csv.exists():
        raise FileNotFoundError(f"{csv} not found: run `make data YEAR=...` first")
    dtypes = {c: str for c in SCHEMAS[name] if c in TEXT_COLUMNS}
    frame = pd.read_csv(csv, dtype=dtypes, keep_default_na=False, na_values={
        c: [""] for c in SCHEMAS[name] if c not in dtypes})
    return frame.assign(**{c: frame[c].map(_restored) for c in frame.columns if frame[c].dtype == object})
