"""PAR INDEX reporting pipeline of a provincial Sở Nội vụ.

For analysts: `from pipeline import load; d = load(2023)` gives the year's framework,
units and processed tables as tidy pandas frames.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import contract
from .config import VERSION, Settings
from .files import exclusive
from .ingest import build_if_stale, read_table

__version__ = VERSION
__all__ = ["Settings", "load", "YearData"]


@dataclass(frozen=True)
class YearData:
    """The processed tables of one year (contract §9), joined with names for reading."""

    year: int
    framework: pd.DataFrame  # bo-tieu-chi: every row of every group's criteria tree
    units: pd.DataFrame  # don-vi
    diem: pd.DataFrame  # one row per unit and leaf criterion, with the criterion's text and area
    tong_hop: pd.DataFrame  # one row per unit: totals, index, rank, band
    diem_linh_vuc: pd.DataFrame  # one row per unit and area, with the area's name and % of max
    changes: pd.DataFrame  # corrections applied from hieu-chinh.csv
    warnings: pd.DataFrame  # what the sheets got wrong without stopping the run


def load(year: int, data_dir: str | Path = "data", build: bool = True) -> YearData:
    """The processed tables of a year; builds them from raw/<year> first when missing or stale.

    A relative data_dir is looked for from the working directory upwards. Nothing is written outside an
    existing data folder: without raw/<year> or processed/<year>, FileNotFoundError names where it looked."""
    settings = Settings.locate(year, data_dir)
    if not settings.raw_dir.is_dir() and not settings.processed_dir.is_dir():
        where = Path(data_dir) if Path(data_dir).is_absolute() else Path.cwd() / data_dir
        raise FileNotFoundError(
            f"không có dữ liệu năm {year}: không thấy {settings.raw_dir.absolute()} hay {settings.processed_dir.name}/ "
            f"(đã tìm thư mục {data_dir} từ {where.parent} lên các thư mục cha); "
            f"truyền data_dir=… trỏ tới thư mục chứa raw/{year}")
    if build and settings.raw_dir.is_dir():
        with exclusive(settings.lock_file, f"đang có một lần chạy khác cho năm {year}; chờ lần đó xong…"):
            build_if_stale(settings)
    d = settings.processed_dir
    framework = read_table(d, contract.FRAMEWORK)
    units = read_table(d, contract.UNITS)
    tong_hop = read_table(d, contract.TONG_HOP)
    group_of = tong_hop.set_index("ma_don_vi")["nhom"]
    names = framework[["nhom", "ma", "noi_dung", "linh_vuc", "co_quan_tham_dinh"]]
    diem = read_table(d, contract.DIEM)
    diem = diem.assign(nhom=diem["ma_don_vi"].map(group_of)).merge(names, on=["nhom", "ma"], how="left")
    areas = read_table(d, contract.DIEM_LINH_VUC)
    areas = areas.assign(nhom=areas["ma_don_vi"].map(group_of)).merge(
        names.rename(columns={"noi_dung": "ten_linh_vuc"})[["nhom", "ma", "ten_linh_vuc"]], on=["nhom", "ma"],
        how="left")
    areas["ty_le"] = (areas["diem"] / areas["diem_toi_da"] * 100).where(areas["diem_toi_da"] > 0)
    return YearData(year, framework, units, diem, tong_hop, areas,
                    read_table(d, contract.CHANGES), read_table(d, contract.WARNINGS))
