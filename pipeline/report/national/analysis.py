"""The province's national PAR INDEX: ranks, headline, trend, areas, lost points and tasks. Pure.

Nothing here assumes 63 provinces, 8 areas or one framework: provinces are what a year's rows
hold, areas are what linh-vuc.xlsx lists (lv_1 … lv_N), so the 2025 reform (34 provinces,
another area list) reads the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...contract import (
    APPRAISED,
    DECIMALS,
    NATIONAL_DIR,
    NATIONAL_GROUPS,
    NATIONAL_PROVINCES_FILE,
    SURVEY,
)
from ...errors import InputError, Problem
from ...ingest.scoring import code_sort_key, competition_rank


def national_group(index: float) -> str:
    for name, low in NATIONAL_GROUPS:
        if index >= low:
            return name
    return "dưới C"


def ranked(provinces: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's provinces with national rank (ties share, 1, 2, 2, 4) and rank in their region."""
    d = provinces[provinces["nam"] == year].copy()
    d["xep_hang"] = competition_rank(d["chi_so"])
    d["hang_vung"] = d.groupby("vung")["chi_so"].transform(competition_rank)
    d["so_tinh_vung"] = d.groupby("vung")["tinh"].transform("size")
    return d.sort_values(["xep_hang", "tinh"]).reset_index(drop=True)


@dataclass(frozen=True)
class Headline:
    year: int
    province: str
    index: float
    rank: int
    n_provinces: int
    region: str
    region_rank: int
    region_size: int
    group: str
    national_mean: float
    previous_year: int | None
    previous_index: float | None
    previous_rank: int | None
    previous_n: int | None

    @property
    def change_points(self) -> float | None:
        return None if self.previous_index is None else self.index - self.previous_index

    @property
    def comparable_rank(self) -> bool:
        """Places gained mean something only among the same number of provinces (not across the 2025 merger)."""
        return self.previous_rank is not None and self.previous_n == self.n_provinces

    @property
    def places_gained(self) -> int | None:
        return self.previous_rank - self.rank if self.comparable_rank else None


def headline(provinces: pd.DataFrame, year: int, province: str) -> Headline:
    now = ranked(provinces, year)
    if province not in set(now["tinh"]):
        raise InputError([Problem(f"{NATIONAL_DIR}/{NATIONAL_PROVINCES_FILE}", "", "", "PROVINCE_MISSING",
                                  f"không có dòng nào của tỉnh '{province}' (dataset.yml: province) năm {year}")])
    me = now.set_index("tinh").loc[province]
    earlier = sorted(y for y in provinces["nam"].unique() if y < year)
    prev_year = int(earlier[-1]) if earlier else None
    prev = ranked(provinces, prev_year).set_index("tinh") if prev_year else None
    has_prev = prev is not None and province in prev.index
    return Headline(year, province, float(me["chi_so"]), int(me["xep_hang"]), len(now), str(me["vung"]),
                    int(me["hang_vung"]), int(me["so_tinh_vung"]), national_group(float(me["chi_so"])),
                    float(now["chi_so"].mean()), prev_year if has_prev else None,
                    float(prev.loc[province, "chi_so"]) if has_prev else None,
                    int(prev.loc[province, "xep_hang"]) if has_prev else None,
                    len(prev) if has_prev else None)


def trend(provinces: pd.DataFrame, province: str) -> pd.DataFrame:
    """Index and rank of the province in every year of the file (number of provinces may change)."""
    rows = []
    for year in sorted(provinces["nam"].unique()):
        r = ranked(provinces, int(year))
        me = r[r["tinh"] == province]
        if len(me):
            rows.append({"nam": int(year), "chi_so": float(me["chi_so"].iloc[0]),
                         "xep_hang": int(me["xep_hang"].iloc[0]), "so_tinh": len(r),
                         "trung_binh": float(r["chi_so"].mean())})
    return pd.DataFrame(rows)


def area_results(provinces: pd.DataFrame, areas: pd.DataFrame, year: int, province: str) -> pd.DataFrame:
    """Each area: the province's points against the maximum, national mean, best province; its rank."""
    now = provinces[provinces["nam"] == year]
    rows = []
    for i, area in enumerate(areas.itertuples(), start=1):
        col = f"lv_{i}"
        values = now[["tinh", col]].dropna()
        mine = float(values.loc[values["tinh"] == province, col].iloc[0])
        best = values.sort_values([col, "tinh"], ascending=[False, True]).iloc[0]
        rows.append({"ma": area.ma, "ten": area.ten, "diem_toi_da": float(area.diem_toi_da), "diem": mine,
                     "ty_le": mine / area.diem_toi_da * 100 if area.diem_toi_da else float("nan"),
                     "trung_binh": float(values[col].mean()), "cao_nhat": float(best[col]),
                     "ty_le_trung_binh": float(values[col].mean()) / area.diem_toi_da * 100,
                     "ty_le_cao_nhat": float(best[col]) / area.diem_toi_da * 100,
                     "tinh_cao_nhat": best["tinh"],
                     "xep_hang": int(competition_rank(values[col])[values["tinh"] == province].iloc[0]),
                     "so_tinh": len(values)})
    return pd.DataFrame(rows)


def lost_points(detail: pd.DataFrame) -> pd.DataFrame:
    """Leaves (criteria or components without children) below their maximum: points lost."""
    leaves = detail[detail["la"]].copy()
    leaves["diem_mat"] = (leaves["diem_toi_da"] - leaves["diem_dat"]).clip(lower=0).round(DECIMALS)
    lost = leaves[leaves["diem_mat"] > 0]
    area_names = detail[detail["cap"] == 1].set_index("ma")["noi_dung"]
    lost = lost.assign(linh_vuc=lost["ma"].str.split(".").str[0],
                       ten_linh_vuc=lambda d: d["linh_vuc"].map(area_names))
    return lost.sort_values("ma", key=lambda s: s.map(code_sort_key)).reset_index(drop=True)


def lost_by_agency(lost: pd.DataFrame) -> pd.DataFrame:
    """Per leading agency: criteria lost and total points, most points first."""
    if lost.empty:
        return pd.DataFrame(columns=["co_quan_chu_tri", "so_tieu_chi", "diem_mat"])
    g = lost.groupby("co_quan_chu_tri").agg(so_tieu_chi=("ma", "size"), diem_mat=("diem_mat", "sum")).reset_index()
    return g.sort_values(["diem_mat", "co_quan_chu_tri"], ascending=[False, True]).reset_index(drop=True)


def by_method(detail: pd.DataFrame) -> pd.DataFrame:
    """Appraised (TĐ) against survey (XHH) parts: maximum, points, lost, rate."""
    leaves = detail[detail["la"] & detail["phuong_thuc"].isin([APPRAISED, SURVEY])]
    g = leaves.groupby("phuong_thuc").agg(diem_toi_da=("diem_toi_da", "sum"), diem_dat=("diem_dat", "sum"))
    g["diem_mat"] = g["diem_toi_da"] - g["diem_dat"]
    g["ty_le"] = g["diem_dat"] / g["diem_toi_da"] * 100
    return g.reindex([m for m in (APPRAISED, SURVEY) if m in g.index]).reset_index()


def tasks(lost: pd.DataFrame) -> pd.DataFrame:
    """Next year's tasks: each agency's lost criteria, agencies and criteria by recoverable points."""
    if lost.empty:
        return lost
    order = lost_by_agency(lost)["co_quan_chu_tri"].tolist()
    d = lost.assign(_a=lost["co_quan_chu_tri"].map({a: i for i, a in enumerate(order)}),
                    _k=lost["ma"].map(code_sort_key))
    return d.sort_values(["_a", "diem_mat", "_k"], ascending=[True, False, True]).drop(columns=["_a", "_k"]
                                                                                       ).reset_index(drop=True)
