"""The province's national PAR INDEX: ranks, headline, trend, areas, lost points and tasks. Pure.

Nothing here assumes 63 provinces, 8 areas or one framework: provinces are what a year's rows
hold, areas are what linh-vuc.xlsx lists (lv_1 … lv_N), so the 2025 reform (34 provinces,
another area list) reads the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from ...contract import (
    APPRAISED,
    DECIMALS,
    NATIONAL_DIR,
    NATIONAL_SUM_TOLERANCE,
    TOLERANCE,
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
    tied_with: tuple[str, ...] = ()  # provinces sharing the national rank ("đồng hạng")
    previous_region_rank: int | None = None
    previous_region_size: int | None = None

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

    @property
    def comparable_region_rank(self) -> bool:
        """The region's rank compares only among the same number of provinces in the region (not across 2025)."""
        return self.comparable_rank and self.previous_region_size == self.region_size

    @property
    def region_places_gained(self) -> int | None:
        return self.previous_region_rank - self.region_rank if self.comparable_region_rank else None


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
    tied = now[(now["xep_hang"] == me["xep_hang"]) & (now["tinh"] != province)]["tinh"]
    return Headline(year, province, float(me["chi_so"]), int(me["xep_hang"]), len(now), str(me["vung"]),
                    int(me["hang_vung"]), int(me["so_tinh_vung"]), national_group(float(me["chi_so"])),
                    float(now["chi_so"].mean()), prev_year if has_prev else None,
                    float(prev.loc[province, "chi_so"]) if has_prev else None,
                    int(prev.loc[province, "xep_hang"]) if has_prev else None,
                    len(prev) if has_prev else None, tuple(sorted(tied)),
                    int(prev.loc[province, "hang_vung"]) if has_prev else None,
                    int(prev.loc[province, "so_tinh_vung"]) if has_prev else None)


def area_columns(frame: pd.DataFrame) -> list[str]:
    """lv_1 … lv_N of chi-so-cac-tinh.xlsx, in order."""
    return sorted((c for c in frame.columns if str(c).startswith("lv_")), key=lambda c: int(c[3:]))


def areas_held(row: pd.Series) -> int | None:
    """How many of this year's areas (lv_1 … lv_N) a province's row of some year holds: None when they do not
    add up to its index, so that year had other areas (8 under 876/QĐ-BNV where the sample's 2025 has 7)."""
    filled = [float(row[c]) for c in area_columns(row.to_frame().T) if pd.notna(row[c])]
    if abs(sum(filled) - float(row["chi_so"])) > NATIONAL_SUM_TOLERANCE + TOLERANCE:
        return None
    return len(filled)


def trend(provinces: pd.DataFrame, province: str) -> pd.DataFrame:
    """Index and rank of the province in every year of the file, with the number of provinces ranked and
    of this year's areas the year held (None: other areas) (both change with the 2025 reform)."""
    rows = []
    for year in sorted(provinces["nam"].unique()):
        r = ranked(provinces, int(year))
        me = r[r["tinh"] == province]
        if len(me):
            rows.append({"nam": int(year), "chi_so": float(me["chi_so"].iloc[0]),
                         "xep_hang": int(me["xep_hang"].iloc[0]), "so_tinh": len(r),
                         "trung_binh": float(r["chi_so"].mean()), "so_linh_vuc": areas_held(me.iloc[0])})
    return pd.DataFrame(rows).astype({"so_linh_vuc": "Int64"}) if rows else pd.DataFrame(rows)


def trend_segments(trend: pd.DataFrame, new_framework_years: Sequence[int] = ()) -> list[pd.DataFrame]:
    """Runs of consecutive years whose ranks may be joined by a line: a new run starts when the number of
    provinces or of areas changes, or in a year dataset.yml marks as a new framework. A rank out of 63 is
    never joined to one out of 34."""
    runs: list[list[int]] = []
    previous = None
    for i, row in enumerate(trend.itertuples()):
        key = (row.so_tinh, None if pd.isna(row.so_linh_vuc) else int(row.so_linh_vuc))
        if previous is None or key != previous or row.nam in new_framework_years:
            runs.append([])
        runs[-1].append(i)
        previous = key
    return [trend.iloc[idx].reset_index(drop=True) for idx in runs]


def previous_year(provinces: pd.DataFrame, year: int) -> int | None:
    earlier = sorted(int(y) for y in provinces["nam"].unique() if y < year)
    return earlier[-1] if earlier else None


def areas_comparable(provinces: pd.DataFrame, year: int, province: str, n_areas: int,
                     framework_changed: bool = False) -> bool:
    """Last year's areas are this year's when the province's row of last year holds the same number of areas
    and dataset.yml does not say the framework changed."""
    before = previous_year(provinces, year)
    if before is None or framework_changed:
        return False
    row = provinces[(provinces["nam"] == before) & (provinces["tinh"] == province)]
    return len(row) == 1 and areas_held(row.iloc[0]) == n_areas


def area_results(provinces: pd.DataFrame, areas: pd.DataFrame, year: int, province: str,
                 comparable: bool = False) -> pd.DataFrame:
    """Each area: the province's points against the maximum, national mean, best province(s) (ties all
    named), its rank and how many share it; with comparable (last year had the same areas) the change
    in points and, among the same number of provinces, in places (positive: places gained)."""
    now = provinces[provinces["nam"] == year]
    before = previous_year(provinces, year)
    then = provinces[provinces["nam"] == before] if comparable and before is not None else None
    rows = []
    for i, area in enumerate(areas.itertuples(), start=1):
        col = f"lv_{i}"
        values = now[["tinh", col]].dropna()
        mine = float(values.loc[values["tinh"] == province, col].iloc[0])
        ranks = competition_rank(values[col])
        top = float(values[col].max())
        best = sorted(values.loc[ranks == 1, "tinh"])
        rank = int(ranks[values["tinh"] == province].iloc[0])
        mean = float(values[col].mean())
        row = {"ma": area.ma, "ten": area.ten, "diem_toi_da": float(area.diem_toi_da), "diem": mine,
               "ty_le": mine / area.diem_toi_da * 100 if area.diem_toi_da else float("nan"),
               "trung_binh": mean, "cao_nhat": top, "chenh_lech": round(mine - mean, DECIMALS),
               "ty_le_trung_binh": mean / area.diem_toi_da * 100, "ty_le_cao_nhat": top / area.diem_toi_da * 100,
               "tinh_cao_nhat": ", ".join(best), "so_tinh_cao_nhat": len(best),
               "xep_hang": rank, "dong_hang": int((ranks == rank).sum()), "so_tinh": len(values),
               "diem_truoc": float("nan"), "thay_doi": float("nan"), "xep_hang_truoc": float("nan"),
               "bac": float("nan")}
        if then is not None:
            old = then[["tinh", col]].dropna()
            row["diem_truoc"] = float(old.loc[old["tinh"] == province, col].iloc[0])
            row["thay_doi"] = round(mine - row["diem_truoc"], DECIMALS)
            if len(old) == len(values):  # places compare only among the same number of provinces
                row["xep_hang_truoc"] = int(competition_rank(old[col])[old["tinh"] == province].iloc[0])
                row["bac"] = row["xep_hang_truoc"] - rank
        rows.append(row)
    return pd.DataFrame(rows)


def region_table(provinces: pd.DataFrame, year: int, province: str) -> pd.DataFrame:
    """The provinces of the province's region: index, national rank, rank in the region and, when last year
    ranked as many provinces nationally and in the region, the change in points and places (positive:
    places gained); `la_tinh` marks the province itself."""
    now = ranked(provinces, year)
    region = now.loc[now["tinh"] == province, "vung"].iloc[0]
    d = now[now["vung"] == region].copy()
    before = previous_year(provinces, year)
    d["chi_so_truoc"] = d["thay_doi"] = d["bac"] = d["bac_vung"] = float("nan")
    if before is not None:
        prev = ranked(provinces, before)
        prev_region = prev[prev["vung"] == region].set_index("tinh")
        if len(prev) == len(now) and len(prev_region) == len(d):
            d["chi_so_truoc"] = d["tinh"].map(prev_region["chi_so"])
            d["thay_doi"] = (d["chi_so"] - d["chi_so_truoc"]).round(DECIMALS)
            d["bac"] = d["tinh"].map(prev_region["xep_hang"]) - d["xep_hang"]
            d["bac_vung"] = d["tinh"].map(prev_region["hang_vung"]) - d["hang_vung"]
    d["la_tinh"] = d["tinh"] == province
    columns = ["tinh", "chi_so", "xep_hang", "hang_vung", "so_tinh_vung", "chi_so_truoc", "thay_doi", "bac",
               "bac_vung", "la_tinh"]
    return d.sort_values(["hang_vung", "tinh"])[columns].reset_index(drop=True)


def lost_points(detail: pd.DataFrame) -> pd.DataFrame:
    """Leaves (criteria or components without children) below their maximum: points lost."""
    leaves = detail[detail["la"]].copy()
    leaves["diem_mat"] = (leaves["diem_toi_da"] - leaves["diem_dat"]).clip(lower=0).round(DECIMALS)
    lost = leaves[leaves["diem_mat"] > 0]
    texts = detail.set_index("ma")["noi_dung"]
    lost = lost.assign(linh_vuc=lost["ma"].str.split(".").str[0],
                       ten_linh_vuc=lambda d: d["linh_vuc"].map(texts),
                       tieu_chi=lambda d: [texts.get(m.rsplit(".", 1)[0], "") if m.count(".") >= 2 else ""
                                           for m in d["ma"]])
    return lost.sort_values("ma", key=lambda s: s.map(code_sort_key)).reset_index(drop=True)


def sorted_lost(lost: pd.DataFrame) -> pd.DataFrame:
    """Lost criteria for the agencies' lists: agencies by points lost, then inside each agency its areas by
    the points it lost there, then criteria by points lost (ties: by code)."""
    if lost.empty:
        return lost
    d = lost.assign(_k=lost["ma"].map(code_sort_key))
    agency_total = d.groupby("co_quan_chu_tri")["diem_mat"].transform("sum").round(DECIMALS)
    area_total = d.groupby(["co_quan_chu_tri", "linh_vuc"])["diem_mat"].transform("sum").round(DECIMALS)
    d = d.assign(_a=-agency_total, _l=-area_total, _lk=d["linh_vuc"].map(code_sort_key), _m=-d["diem_mat"])
    return d.sort_values(["_a", "co_quan_chu_tri", "_l", "_lk", "_m", "_k"]).drop(
        columns=["_k", "_a", "_l", "_lk", "_m"]).reset_index(drop=True)


def lost_by_agency(lost: pd.DataFrame) -> pd.DataFrame:
    """Per leading agency: criteria lost and total points, appraised (TĐ) and survey (XHH) apart, most first."""
    columns = ["co_quan_chu_tri", "so_tieu_chi", "diem_mat", "mat_tham_dinh", "mat_xhh"]
    if lost.empty:
        return pd.DataFrame(columns=columns)
    d = lost.assign(mat_tham_dinh=lost["diem_mat"].where(lost["phuong_thuc"] == APPRAISED, 0.0),
                    mat_xhh=lost["diem_mat"].where(lost["phuong_thuc"] == SURVEY, 0.0))
    g = d.groupby("co_quan_chu_tri").agg(so_tieu_chi=("ma", "size"), diem_mat=("diem_mat", "sum"),
                                         mat_tham_dinh=("mat_tham_dinh", "sum"), mat_xhh=("mat_xhh", "sum"))
    g = g.round(DECIMALS).reset_index()
    return g.sort_values(["diem_mat", "co_quan_chu_tri"], ascending=[False, True]).reset_index(drop=True)[columns]


def by_method(detail: pd.DataFrame) -> pd.DataFrame:
    """Appraised (TĐ) against survey (XHH) parts: maximum, points, lost, rate."""
    leaves = detail[detail["la"] & detail["phuong_thuc"].isin([APPRAISED, SURVEY])]
    g = leaves.groupby("phuong_thuc").agg(diem_toi_da=("diem_toi_da", "sum"), diem_dat=("diem_dat", "sum"))
    g["diem_mat"] = g["diem_toi_da"] - g["diem_dat"]
    g["ty_le"] = g["diem_dat"] / g["diem_toi_da"] * 100
    return g.reindex([m for m in (APPRAISED, SURVEY) if m in g.index]).reset_index()


CATALOGUE_COLUMNS = {"nhiem_vu": "nhiem_vu_giao", "chi_tieu": "chi_tieu_giao", "co_quan_phoi_hop": "phoi_hop_giao"}


def assign_tasks(lost: pd.DataFrame, catalogue: pd.DataFrame, detail: pd.DataFrame) -> pd.DataFrame:
    """Lost criteria with what the province's task catalogue (quoc-gia/nhiem-vu.csv) gives for each: the row of
    the criterion's own code, else of its nearest parent that has one (`danh_muc` marks them); its lead agency,
    when given, replaces the ministry's for the tasks. `chu_tri_linh_vuc` is the lead of the criterion's area
    (the default coordinating agency)."""
    rows = {str(r["ma"]): r for _, r in catalogue.iterrows()} if catalogue is not None else {}

    def row_of(code: str):
        while code:
            if code in rows:
                return rows[code]
            code = code.rpartition(".")[0]
        return None

    found = [row_of(str(m)) for m in lost["ma"]]
    out = lost.assign(danh_muc=[f is not None for f in found],
                      **{new: [("" if f is None else str(f[old] or "")) for f in found]
                         for old, new in CATALOGUE_COLUMNS.items()})
    leads = [str(f["co_quan_chu_tri"] or "") if f is not None else "" for f in found]
    out["co_quan_chu_tri"] = [lead or own for lead, own in zip(leads, out["co_quan_chu_tri"])]
    area_leads = detail[detail["cap"] == 1].set_index("ma")["co_quan_chu_tri"]
    return out.assign(chu_tri_linh_vuc=out["linh_vuc"].map(area_leads).fillna(""))


def tasks(lost: pd.DataFrame, small_items: float = 0.0, own_agency: str = "") -> pd.DataFrame:
    """Next year's tasks: agencies by recoverable points, the report's own agency (it does its part itself)
    last; inside each, criteria by recoverable points (ties: by code). `nho` marks a criterion losing less
    than small_items points (summarised in one line) unless the task catalogue gives it a task (`danh_muc`);
    `tu_thuc_hien` the own agency's rows."""
    if lost.empty:
        return lost.assign(nho=pd.Series(dtype=bool), tu_thuc_hien=pd.Series(dtype=bool))
    order = lost_by_agency(lost)["co_quan_chu_tri"].tolist()
    order = [a for a in order if a != own_agency] + [a for a in order if a == own_agency]
    d = lost.assign(_a=lost["co_quan_chu_tri"].map({a: i for i, a in enumerate(order)}),
                    _k=lost["ma"].map(code_sort_key))
    d = d.sort_values(["_a", "diem_mat", "_k"], ascending=[True, False, True]).drop(columns=["_a", "_k"])
    listed = d["danh_muc"] if "danh_muc" in d else False
    return d.assign(nho=(d["diem_mat"] < small_items - 1e-9) & ~listed,
                    tu_thuc_hien=d["co_quan_chu_tri"] == own_agency).reset_index(drop=True)


def _same_text(a: object, b: object) -> bool:
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def repeated_losses(lost: pd.DataFrame, lost_before: pd.DataFrame) -> pd.DataFrame:
    """The criteria lost this year that were lost the year before too: the same code with the same text (a new
    framework's codes name other criteria, and match none). `diem_mat_truoc` is last year's loss; rows by this
    year's loss, most first (ties: by code)."""
    columns = [*lost.columns, "diem_mat_truoc"]
    if lost.empty or lost_before.empty:
        return pd.DataFrame(columns=columns)
    before = lost_before.set_index("ma")
    keep = [code in before.index and _same_text(text, before.at[code, "noi_dung"])
            for code, text in zip(lost["ma"], lost["noi_dung"])]
    d = lost[keep]
    d = d.assign(diem_mat_truoc=[float(before.at[c, "diem_mat"]) for c in d["ma"]], _k=d["ma"].map(code_sort_key))
    return d.sort_values(["diem_mat", "_k"], ascending=[False, True]).drop(columns="_k").reset_index(drop=True)
