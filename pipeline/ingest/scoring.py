"""Totals, index %, ranks and bands of units (contract §9). Pure functions."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from ..config import Band
from ..contract import APPRAISED, DECIMALS, DEDUCTION, DIEM_LINH_VUC, SCHEMAS, SURVEY, TONG_HOP

TONG_HOP_COLUMNS = SCHEMAS[TONG_HOP]
LINH_VUC_COLUMNS = SCHEMAS[DIEM_LINH_VUC]


def competition_rank(values: pd.Series) -> pd.Series:
    """Rank highest first; ties share the best rank: 1, 2, 2, 4 (contract §9). The one ranking rule
    of the package: units in a group, provinces, areas. Missing values get no rank (NaN)."""
    # Round first so float noise from summing 0.25-point cells cannot split a tie.
    ranks = values.round(DECIMALS).rank(method="min", ascending=False)
    return ranks.astype("int64") if ranks.notna().all() else ranks


def assign_band(chi_so: pd.Series, bands: Sequence[Band]) -> pd.Series:
    """Name of the highest band whose inclusive minimum the index reaches."""
    xep_loai = pd.Series("", index=chi_so.index, dtype="object")
    for band in reversed(bands):  # lowest first; higher bands overwrite
        xep_loai[chi_so.round(DECIMALS) >= band.min] = band.name
    return xep_loai


def unit_totals(diem: pd.DataFrame, units: pd.DataFrame, bands: Sequence[Band], group_order: list[str]) -> pd.DataFrame:
    """One row per unit: points, index %, rank in group, band (contract §9 definitions)."""
    leaves = diem[diem["ap_dung"]]
    is_deduction = leaves["loai"] == DEDUCTION
    appraised = leaves[(leaves["phuong_thuc"] == APPRAISED) & ~is_deduction]
    by_unit = pd.DataFrame({
        "diem_toi_da": leaves[~is_deduction].groupby("ma_don_vi")["diem_toi_da"].sum(),
        "tu_danh_gia": appraised.groupby("ma_don_vi")["tu_danh_gia"].sum(),
        "tham_dinh": appraised.groupby("ma_don_vi")["tham_dinh"].sum(),
        "xhh": leaves[leaves["phuong_thuc"] == SURVEY].groupby("ma_don_vi")["xhh"].sum(),
        "diem_tru": leaves[is_deduction].groupby("ma_don_vi")["tham_dinh"].sum(),
    })
    totals = units.set_index("ma_don_vi").join(by_unit, how="left")
    sums = ["diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh", "diem_tru"]
    totals[sums] = totals[sums].astype("float64").fillna(0.0).round(DECIMALS)
    totals["tong_diem"] = (totals["tham_dinh"] + totals["xhh"] - totals["diem_tru"]).round(DECIMALS)
    totals["chi_so"] = (totals["tong_diem"] / totals["diem_toi_da"] * 100).where(totals["diem_toi_da"] > 0, 0.0)
    totals["xep_hang"] = totals.groupby("nhom")["chi_so"].transform(competition_rank).astype("int64")
    totals["xep_loai"] = assign_band(totals["chi_so"], bands)
    totals = totals.reset_index()
    order = {g: i for i, g in enumerate(group_order)}
    totals = totals.sort_values(["nhom", "xep_hang", "ma_don_vi"], key=lambda s: s.map(order) if s.name == "nhom" else s)
    return totals[TONG_HOP_COLUMNS].reset_index(drop=True)


def area_totals(diem: pd.DataFrame) -> pd.DataFrame:
    """One row per unit and area: applicable maximum and points (deduction areas negative)."""
    leaves = diem[diem["ap_dung"]].assign(linh_vuc=lambda d: d["ma"].str.split(".").str[0])
    areas = leaves.groupby(["ma_don_vi", "linh_vuc"], sort=False).agg(
        diem_toi_da=("diem_toi_da", "sum"), diem=("diem", "sum")).reset_index()
    areas = areas.rename(columns={"linh_vuc": "ma"})
    areas[["diem_toi_da", "diem"]] = areas[["diem_toi_da", "diem"]].round(DECIMALS)
    return areas.sort_values(["ma_don_vi", "ma"], key=_natural_key).reset_index(drop=True)[LINH_VUC_COLUMNS]


def _natural_key(s: pd.Series) -> pd.Series:
    if s.name != "ma":
        return s
    return s.map(code_sort_key)


def code_sort_key(code: str) -> tuple:
    """'1.10' after '1.9'; letter codes (deductions 'D') after numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(code).split("."))
