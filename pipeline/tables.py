"""Write and read the processed tables (contract §9) in a fixed column order, atomically."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

# Table name → column order. Contract columns first; extra columns after them.
SCHEMAS: dict[str, list[str]] = {
    "diem": ["ma_don_vi", "ma", "phuong_thuc", "ap_dung", "diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh", "diem",
             "nguon", "loai", "giai_trinh", "ghi_chu"],
    "tong-hop-don-vi": ["ma_don_vi", "ten_don_vi", "nhom", "diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh",
                        "diem_tru", "tong_diem", "chi_so", "xep_hang", "xep_loai", "don_vi_cap_tren"],
    "diem-linh-vuc": ["ma_don_vi", "ma", "diem_toi_da", "diem"],
    "bo-tieu-chi": ["nhom", "ma", "noi_dung", "diem_toi_da", "phuong_thuc", "co_quan_tham_dinh", "loai", "cap",
                    "ma_cha", "linh_vuc", "la", "thu_tu"],
    "don-vi": ["ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren"],
    "hieu-chinh-da-ap-dung": ["ma_don_vi", "ma", "cot", "gia_tri_cu", "gia_tri_moi", "nguon_cu", "ly_do", "van_ban",
                              "dong"],
    "canh-bao": ["file", "sheet", "cell", "code", "message"],
}
DTYPES = {"ma": str, "ma_cha": str, "linh_vuc": str, "nguon": str, "loai": str, "giai_trinh": str, "ghi_chu": str,
          "don_vi_cap_tren": str, "xep_loai": str, "co_quan_tham_dinh": str, "phuong_thuc": str, "noi_dung": str,
          "ly_do": str, "van_ban": str, "nguon_cu": str, "sheet": str, "cell": str}


def write_csv_bytes(frame: pd.DataFrame, name: str) -> bytes:
    """The exact bytes of a processed CSV: contract columns in order, '.' decimals, LF."""
    return frame[SCHEMAS[name]].to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_tables(directory: Path, frames: dict[str, pd.DataFrame], parquet: bool = True,
                 extra_files: dict[str, bytes] | None = None) -> list[Path]:
    """Write every table as CSV (+ Parquet) into directory, all or nothing.

    The whole folder is built beside the target and swapped in with two renames, so a run that
    is interrupted, even killed, leaves the last good tables, all of one build, in place.
    extra_files (e.g. the stamp of the inputs) go into the same swap.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    recover_dir(directory)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.building-", dir=directory.parent))
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


def swap_dir(staging: Path, final: Path) -> None:
    """Replace final with staging; the old folder is deleted only once the new one is in place."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def recover_dir(final: Path) -> None:
    """After a kill between the two renames of swap_dir only .<name>.old is left: put it back.
    Half-built staging folders of killed runs are removed."""
    old = final.with_name(f".{final.name}.old")
    if not final.exists() and old.exists():
        os.replace(old, final)
    for stale in final.parent.glob(f".{final.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """A processed table, from Parquet when present (faster, typed), else CSV."""
    parquet = directory / f"{name}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet)
    csv = directory / f"{name}.csv"
    if not csv.exists():
        raise FileNotFoundError(f"{csv} not found: run `make data YEAR=...` first")
    dtypes = {c: t for c, t in DTYPES.items() if c in SCHEMAS[name]}
    return pd.read_csv(csv, dtype=dtypes, keep_default_na=False, na_values={
        c: [""] for c in SCHEMAS[name] if c not in dtypes})
