"""Packs for those who follow units up: one per district (its communes ranked, their weakest areas,
the criteria they lost most often) and one per appraising agency (per criterion it appraises, the units
that lost points there and how many). Analyses are pure; `district_pack` and `agency_pack` gather one
pack from the processed tables (read once per version of them through `year_data`).

A pack is an appendix of the units report ("Phụ lục … kèm theo Báo cáo số …"), like a unit's result
when dataset.yml sets no numbering series. Survey (XHH) criteria are kept apart from appraised (TĐ)
ones everywhere: an agency appraises TĐ criteria; it only leads the survey ones.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ..config import Dataset, Settings
from ..errors import UnknownUnit
from ..text import slug
from ..contract import AGENCY_PACK, APPRAISED, DECIMALS, DEDUCTION, DISTRICT_PACK, SURVEY, UNIT_REPORT
from ..ingest.scoring import code_sort_key, competition_rank
from . import fmt, layout
from .analysis import points_lost, share_of_maximum
from .keys import PAGE_FIELDS, DatasetView, dataset_view
from .year_data import cached_by_tables, year_tables
from .layout import Col

TOP_CRITERIA = 10  # criteria lost most often in a district pack (ties with the last one kept)


def agency_codes(names: list[str]) -> dict[str, str]:
    """Agency name → its file name, unique (a second name with the same ASCII form gets -2, in name order)."""
    out, used = {}, set()
    for name in sorted(set(names)):
        base = code = slug(name, "co-quan")
        n = 1
        while code in used:
            n += 1
            code = f"{base}-{n}"
        out[name] = code
        used.add(code)
    return out


# What a pack prints of dataset.yml: an appendix of the units report, its header comes with its identity.
PACK_FIELDS = PAGE_FIELDS


def pack_identity(dataset: Dataset, numeral: str) -> layout.Identity:
    """An appendix of the units report, numbered in its list (`appendices`)."""
    return layout.appendix_identity(dataset, numeral)


def district_pack_title(year: int, district: str) -> str:
    return f"Kết quả Chỉ số cải cách hành chính năm {year} của các đơn vị cấp xã thuộc {district}"


def agency_pack_title(year: int, agency: str) -> str:
    return f"Các đơn vị bị mất điểm ở các tiêu chí do {agency} thẩm định, Chỉ số cải cách hành chính năm {year}"


CORRECTIONS_TITLE = "Các điều chỉnh kết quả đã áp dụng"
UNITS_TITLE = "Kết quả Chỉ số cải cách hành chính năm {year} của từng cơ quan, đơn vị, địa phương"


@dataclass(frozen=True)
class Appendix:
    """One appendix of the units report as its list names it: "Phụ lục II. <title>"."""

    numeral: str  # "II"
    title: str
    kind: str  # "corrections" (printed in the report), DISTRICT_PACK, AGENCY_PACK, or UNIT_REPORT (one per unit)
    code: str = ""  # the district's ma_don_vi or the agency's file name
    count: int = 1  # documents under it: the units' results are one appendix in as many parts as units


def appendices(settings: Settings) -> tuple[Appendix, ...]:
    """The appendices of the units report, in their order: a pack per district, a pack per appraising agency, in a
    year without a series of notices the units' results, and the corrections applied (when any, printed in the
    report itself, last so that a first correction renumbers nothing else). The one numbering of the document set: the report lists these, each pack and
    unit appendix prints its own number from here."""
    items = list(_packs_of_tables(settings))
    if settings.dataset.unit_notices is None:
        items.append((UNITS_TITLE.format(year=settings.year), UNIT_REPORT, "", len(year_tables(settings).tong_hop)))
    if len(year_tables(settings).changes):  # last: a first correction renumbers no pack
        items.append((CORRECTIONS_TITLE, "corrections", "", 1))
    return tuple(Appendix(fmt.la_ma(i), title, kind, code, count)
                 for i, (title, kind, code, count) in enumerate(items, start=1))


@cached_by_tables(lambda settings: (settings,))
def _packs_of_tables(settings: Settings) -> tuple[tuple[str, str, str, int], ...]:
    """The packs as appendices (title, kind, code, count): computed once per version of the tables."""
    items: list[tuple[str, str, str, int]] = []
    items += [(district_pack_title(settings.year, d["ten_don_vi"]), DISTRICT_PACK, d["ma_don_vi"], 1)
              for _, d in districts(settings).iterrows()]
    items += [(agency_pack_title(settings.year, a["co_quan"]), AGENCY_PACK, a["ma"], 1)
              for _, a in agencies(settings).iterrows()]
    return tuple(items)


def appendix_numeral(settings: Settings, kind: str, code: str = "") -> str:
    """The number of one appendix in the units report's list ("" when it has none)."""
    return next((a.numeral for a in appendices(settings) if a.kind == kind and a.code == code), "")


# ---------------------------------------------------------------- pure analyses


def leaf_losses(diem: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Every applicable leaf of every unit with its unit, group, text, agency and the points lost (maximum −
    points) or deducted (mat); loai_muc: "TĐ", "XHH" or "diem_tru"."""
    names = tong_hop.set_index("ma_don_vi")["ten_don_vi"]
    parents = tong_hop["don_vi_cap_tren"].fillna("") if "don_vi_cap_tren" in tong_hop else pd.Series("", tong_hop.index)
    units = tong_hop[["ma_don_vi", "ten_don_vi", "nhom"]].assign(
        ten_cap_tren=[fmt.ten_bang(names.get(p, p)) if p else "" for p in parents])
    d = diem[diem["ap_dung"]].merge(units, on="ma_don_vi")
    d = d.merge(framework[["nhom", "ma", "noi_dung", "co_quan_tham_dinh", "thu_tu"]], on=["nhom", "ma"], how="left")
    deduction = d["loai"] == DEDUCTION
    mat = points_lost(d)
    kind = np.where(deduction, DEDUCTION, np.where(d["phuong_thuc"] == SURVEY, SURVEY, APPRAISED))
    return d.assign(mat=mat, loai_muc=kind, co_quan_tham_dinh=d["co_quan_tham_dinh"].fillna("").str.strip())


def criteria_lost(losses: pd.DataFrame) -> pd.DataFrame:
    """Per criterion (group, code): units where it applies, units that lost points, points lost in all,
    mean % of the maximum achieved; framework order."""
    d = losses.assign(_mat=losses["mat"] > 0, _dat=(losses["diem"] / losses["diem_toi_da"] * 100)
                      .where(losses["diem_toi_da"] > 0))
    out = d.groupby(["nhom", "ma"], sort=False).agg(
        noi_dung=("noi_dung", "first"), loai_muc=("loai_muc", "first"), co_quan_tham_dinh=("co_quan_tham_dinh", "first"),
        diem_toi_da=("diem_toi_da", "first"), thu_tu=("thu_tu", "first"), so_don_vi=("ma_don_vi", "size"),
        so_don_vi_mat=("_mat", "sum"), tong_mat=("mat", "sum"), ty_le_dat=("_dat", "mean")).reset_index()
    out["so_don_vi_mat"] = out["so_don_vi_mat"].astype("int64")
    out["tong_mat"] = out["tong_mat"].round(DECIMALS)
    return out.sort_values(["thu_tu", "ma"]).reset_index(drop=True)


def most_often(criteria: pd.DataFrame, kind: str, n: int = TOP_CRITERIA, by: str = "so_don_vi_mat") -> pd.DataFrame:
    """The criteria of one kind lost by the most units, then the most points, then framework order (by
    "so_don_vi_mat"), or lost the most points, then by the most units (by "tong_mat"); the first n and those
    tied with the n-th on both (points as printed)."""
    d = criteria[(criteria["loai_muc"] == kind) & (criteria["so_don_vi_mat"] > 0)]
    keys = ["so_don_vi_mat", "tong_mat"] if by == "so_don_vi_mat" else ["tong_mat", "so_don_vi_mat"]
    d = d.assign(_k=d["ma"].map(code_sort_key)).sort_values([*keys, "_k"],
                                                          ascending=[False, False, True]).drop(columns="_k")
    if len(d) > n:
        last = d.iloc[n - 1]
        edge = fmt.rounded(last["tong_mat"])
        tied = (d["so_don_vi_mat"] == last["so_don_vi_mat"]) & d["tong_mat"].map(lambda v: fmt.rounded(v) == edge)
        d = d[(np.arange(len(d)) < n) | tied.to_numpy()]
    return d.reset_index(drop=True)


def area_shares(diem_linh_vuc: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Per unit and area: the area's name and % of its applicable maximum achieved (deductions apart)."""
    areas = framework[(framework["cap"] == 1) & (framework["loai"] != DEDUCTION)][["nhom", "ma", "noi_dung", "thu_tu"]]
    d = diem_linh_vuc.merge(tong_hop[["ma_don_vi", "nhom"]], on="ma_don_vi").merge(areas, on=["nhom", "ma"])
    return d.assign(ty_le=share_of_maximum(d))


def district_communes(tong_hop: pd.DataFrame, previous: pd.DataFrame | None, parent: str) -> pd.DataFrame:
    """The units under one parent, ranked among themselves (ties share the best rank), with their rank in the
    province's group, last year's index and the change."""
    d = tong_hop[tong_hop["don_vi_cap_tren"].fillna("") == parent].copy()
    sizes = tong_hop.groupby("nhom").size()
    d["xep_hang_huyen"] = competition_rank(d["chi_so"]) if len(d) else pd.Series(dtype="int64")
    d["so_don_vi_nhom"] = d["nhom"].map(sizes)
    d["hang_tinh"] = [f"{int(r)}/{int(n)}" for r, n in zip(d["xep_hang"], d["so_don_vi_nhom"])]
    before = previous.set_index("ma_don_vi")["chi_so"] if previous is not None and len(previous) else pd.Series(
        dtype="float64")
    d["chi_so_truoc"] = d["ma_don_vi"].map(before)
    d["tang_diem"] = d["chi_so"] - d["chi_so_truoc"]
    d = d.sort_values(["xep_hang_huyen", "ma_don_vi"]).reset_index(drop=True)
    # Only what the pack prints (its context is its key).
    return d.reindex(columns=["ma_don_vi", "ten_don_vi", "nhom", "xep_hang_huyen", "tham_dinh", "xhh", "diem_tru",
                              "chi_so", "xep_loai", "hang_tinh", "tang_diem"])


def district_areas(shares: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Per area of the communes' group: the district's mean % against the province group's mean %."""
    group = shares[shares["nhom"].isin(set(communes["nhom"]))]
    mine = group[group["ma_don_vi"].isin(set(communes["ma_don_vi"]))]
    out = mine.groupby(["ma"], sort=False).agg(noi_dung=("noi_dung", "first"), thu_tu=("thu_tu", "first"),
                                               ty_le=("ty_le", "mean")).reset_index()
    out["ty_le_tinh"] = out["ma"].map(group.groupby("ma")["ty_le"].mean())
    # The difference of what is printed (each rounded half-up), exact in cents.
    out["chenh_lech"] = [float(fmt.rounded(a) - fmt.rounded(b)) for a, b in zip(out["ty_le"], out["ty_le_tinh"])]
    return out.sort_values("thu_tu").drop(columns="thu_tu").reset_index(drop=True)


def weakest_areas(shares: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Each commune's weakest area (lowest %; tied areas together), communes in district rank order."""
    rows = []
    for _, c in communes.iterrows():
        s = shares[(shares["ma_don_vi"] == c["ma_don_vi"]) & shares["ty_le"].notna()].sort_values("thu_tu")
        if s.empty:
            continue
        low = s["ty_le"].round(DECIMALS).min()
        names = s[s["ty_le"].round(DECIMALS) == low]["noi_dung"]
        rows.append({"xep_hang_huyen": c["xep_hang_huyen"], "ten_don_vi": c["ten_don_vi"],
                     "linh_vuc_thap_nhat": "; ".join(names), "ty_le": float(low)})
    return pd.DataFrame(rows, columns=["xep_hang_huyen", "ten_don_vi", "linh_vuc_thap_nhat", "ty_le"])


def agency_detail(losses: pd.DataFrame, agency: str, kind: str) -> pd.DataFrame:
    """Every unit that lost points on a criterion of one kind the agency appraises: framework order, then the
    most points lost, then the unit's code; every row names its criterion (no blank cells under it) and a
    commune's district (`cap_huyen`)."""
    d = losses[(losses["co_quan_tham_dinh"] == agency) & (losses["loai_muc"] == kind) & (losses["mat"] > 0)]
    d = d.sort_values(["thu_tu", "mat", "ma_don_vi"], ascending=[True, False, True]).reset_index(drop=True)
    parents = d["ten_cap_tren"].fillna("") if "ten_cap_tren" in d else pd.Series("", d.index)
    d = d.assign(tieu_chi=[f"{m}. {t}" for m, t in zip(d["ma"], d["noi_dung"].fillna(""))], cap_huyen=parents,
                 dat=[f"{fmt.diem(a)}/{fmt.diem(b)}" for a, b in zip(d["diem"].abs() if kind == DEDUCTION
                                                                       else d["diem"], d["diem_toi_da"])])
    # Only what the pack prints (its context is its key): a unit's rank moving elsewhere is no change.
    return d.reindex(columns=["ma_don_vi", "nhom", "ma", "tieu_chi", "ten_don_vi", "cap_huyen", "dat", "mat",
                              "ghi_chu"])


def detail_columns(detail: pd.DataFrame, columns: list) -> list:
    """AGENCY_DETAIL or AGENCY_DEDUCTIONS with the district column only where some unit has one (communes)."""
    with_parent = len(detail) and (detail["cap_huyen"].fillna("") != "").any()
    return [c for c in columns if c.key != "cap_huyen" or with_parent]


# ---------------------------------------------------------------- packs


@dataclass(frozen=True)
class _Base:
    losses: pd.DataFrame
    criteria: pd.DataFrame
    shares: pd.DataFrame
    previous: pd.DataFrame | None


@cached_by_tables(lambda settings: (settings, settings.previous))
def _base(settings: Settings) -> _Base:
    t = year_tables(settings)
    prev = settings.previous
    previous = year_tables(prev).tong_hop if prev is not None and prev.has_units and \
        (prev.processed_dir).is_dir() else None
    losses = leaf_losses(t.diem, t.framework, t.tong_hop)
    return _Base(losses, criteria_lost(losses), area_shares(t.diem_linh_vuc, t.framework, t.tong_hop), previous)


def districts(settings: Settings) -> pd.DataFrame:
    """The parents that have units under them this year (districts before 2025): ma_don_vi, ten_don_vi,
    so_don_vi; in the order of the units list (group, rank)."""
    th = year_tables(settings).tong_hop
    parents = th["don_vi_cap_tren"].fillna("")
    counts = parents[parents != ""].value_counts()
    names = th.set_index("ma_don_vi")["ten_don_vi"]
    codes = [m for m in th["ma_don_vi"] if m in counts.index] + sorted(set(counts.index) - set(th["ma_don_vi"]))
    return pd.DataFrame({"ma_don_vi": codes, "ten_don_vi": [names.get(m, m) for m in codes],
                         "so_don_vi": [int(counts[m]) for m in codes]})


def agencies(settings: Settings) -> pd.DataFrame:
    """The appraising agencies named on the framework's leaves: co_quan, ma (file name), in name order."""
    f = year_tables(settings).framework
    names = sorted({str(n).strip() for n in f[f["la"]]["co_quan_tham_dinh"].dropna() if str(n).strip()})
    codes = agency_codes(names)
    return pd.DataFrame({"co_quan": names, "ma": [codes[n] for n in names]})


@dataclass(frozen=True)
class DistrictPack:
    PRINTS: ClassVar[frozenset] = PACK_FIELDS | {"bands"}

    dataset: DatasetView
    identity: layout.Identity  # an appendix of the units report
    year: int
    previous_year: int | None
    ma_don_vi: str
    ten_don_vi: str
    group_name: str  # the communes' group
    communes: pd.DataFrame  # DISTRICT_RANKED
    areas: pd.DataFrame  # DISTRICT_AREAS
    weakest: pd.DataFrame  # WEAKEST
    lost: pd.DataFrame  # appraised criteria lost most often (LOST_OFTEN)
    lost_survey: pd.DataFrame  # survey criteria (LOST_OFTEN), apart
    deductions: pd.DataFrame  # communes deducted (DEDUCTED)
    band_counts: pd.DataFrame  # xep_loai, so_don_vi in dataset.yml order


def district_pack(settings: Settings, ma_don_vi: str) -> DistrictPack:
    """One district's pack: its communes ranked, their weakest areas, the criteria they lost most often."""
    t, base = year_tables(settings), _base(settings)
    names = t.tong_hop.set_index("ma_don_vi")["ten_don_vi"]
    communes = district_communes(t.tong_hop, base.previous, ma_don_vi)
    if communes.empty:
        raise UnknownUnit(f"không có đơn vị nào trực thuộc '{ma_don_vi}' trong năm {settings.year}")
    mine = base.losses[base.losses["ma_don_vi"].isin(set(communes["ma_don_vi"]))]
    criteria = criteria_lost(mine)
    deducted = mine[(mine["loai_muc"] == DEDUCTION) & (mine["mat"] > 0)].sort_values(["thu_tu", "ma_don_vi"])
    bands = [b.name for b in settings.dataset.bands]
    counts = pd.DataFrame({"xep_loai": bands, "so_don_vi": [int((communes["xep_loai"] == b).sum()) for b in bands]})
    nhom = communes["nhom"].iloc[0]
    ds = settings.dataset
    return DistrictPack(dataset_view(ds, DistrictPack.PRINTS), pack_identity(ds, appendix_numeral(settings, DISTRICT_PACK, ma_don_vi)), settings.year, settings.previous.year if base.previous is not None else None,
                        ma_don_vi, str(names.get(ma_don_vi, ma_don_vi)), settings.dataset.group_name(nhom), communes,
                        district_areas(base.shares, communes), weakest_areas(base.shares, communes),
                        most_often(criteria, APPRAISED), most_often(criteria, SURVEY, 5, by="tong_mat"),
                        deducted[["noi_dung", "ten_don_vi", "mat", "ghi_chu"]].reset_index(drop=True), counts)


@dataclass(frozen=True)
class AgencyGroup:
    code: str
    name: str
    criteria: pd.DataFrame  # appraised criteria of the agency in this group (AGENCY_CRITERIA)
    detail: pd.DataFrame  # units that lost points, per criterion (AGENCY_DETAIL)
    survey: pd.DataFrame  # survey criteria it leads (AGENCY_SURVEY)
    deductions: pd.DataFrame  # deductions it appraises, units deducted (AGENCY_DETAIL)


@dataclass(frozen=True)
class AgencyPack:
    PRINTS: ClassVar[frozenset] = PACK_FIELDS

    dataset: DatasetView
    identity: layout.Identity  # an appendix of the units report
    year: int
    co_quan: str
    ma: str
    groups: list[AgencyGroup]


def agency_pack(settings: Settings, ma: str) -> AgencyPack:
    """One appraising agency's pack (ma: its file name from `agencies`): per group, per criterion it appraises,
    the units that lost points there and how many; the survey criteria it leads and deductions apart."""
    listed = agencies(settings).set_index("ma")["co_quan"]
    if ma not in listed.index:
        raise UnknownUnit(f"không có cơ quan thẩm định '{ma}' trong Bộ tiêu chí năm {settings.year}")
    agency = listed[ma]
    base = _base(settings)
    groups = []
    th = year_tables(settings).tong_hop
    for code in dict.fromkeys(th["nhom"]):
        losses = base.losses[base.losses["nhom"] == code]
        criteria = base.criteria[(base.criteria["nhom"] == code) & (base.criteria["co_quan_tham_dinh"] == agency)]
        if criteria.empty:
            continue
        groups.append(AgencyGroup(
            code, settings.dataset.group_name(code), criteria[criteria["loai_muc"] == APPRAISED].reset_index(drop=True),
            agency_detail(losses, agency, APPRAISED), criteria[criteria["loai_muc"] == SURVEY].reset_index(drop=True),
            agency_detail(losses, agency, DEDUCTION)))
    ds = settings.dataset
    return AgencyPack(dataset_view(ds, AgencyPack.PRINTS), pack_identity(ds, appendix_numeral(settings, AGENCY_PACK, ma)), settings.year, agency, ma, groups)


# ---------------------------------------------------------------- sentences


_t = fmt.md  # text from input files, escaped for Markdown (one rule: fmt.md)


def _names(values) -> str:
    return fmt.liet_ke(_t(v) for v in values)


def district_summary(p: DistrictPack) -> str:
    c = p.communes
    best = c[c["chi_so"].round(DECIMALS) == c["chi_so"].round(DECIMALS).max()]
    worst = c[c["chi_so"].round(DECIMALS) == c["chi_so"].round(DECIMALS).min()]
    bands = ", ".join(f"{fmt.so_nguyen(n)} {_t(b)}" for b, n in zip(p.band_counts["xep_loai"], p.band_counts["so_don_vi"])
                      if n)
    text = (f"Năm {p.year}, {fmt.so_nguyen(len(c))} đơn vị cấp xã trên địa bàn {_t(fmt.ten_ngan(p.ten_don_vi))} có Chỉ số CCHC bình quân "
            f"{fmt.phan_tram(c['chi_so'].mean())}; cao nhất là {_names(best['ten_don_vi'])} "
            f"({fmt.phan_tram(best['chi_so'].iloc[0])}{', đồng hạng' if len(best) > 1 else ''}), thấp nhất là "
            f"{_names(worst['ten_don_vi'])} ({fmt.phan_tram(worst['chi_so'].iloc[0])}"
            f"{', đồng hạng' if len(worst) > 1 else ''}). Xếp loại: {bands}.")
    known = c["tang_diem"].notna()
    if p.previous_year and known.any():
        printed = [fmt.rounded(v) for v in c.loc[known, "tang_diem"]]  # a change that prints as 0,00 is none
        up, down = sum(v > 0 for v in printed), sum(v < 0 for v in printed)
        text += (f" So với năm {p.previous_year}, {fmt.so_nguyen(up)} đơn vị tăng chỉ số, {fmt.so_nguyen(down)} đơn vị "
                 "giảm.")
    return text


def district_area_text(p: DistrictPack) -> str:
    a = p.areas.dropna(subset=["ty_le"]).sort_values(["ty_le", "ma"])
    if a.empty:
        return ""
    # Against the province: the areas below its mean, largest shortfall first (a low area can still be above it).
    below = a[a["chenh_lech"] < 0].sort_values(["chenh_lech", "ma"])
    if below.empty:
        return (f"Tất cả {fmt.so_nguyen(len(a))} lĩnh vực của các xã trong huyện đều đạt tỷ lệ bình quân bằng hoặc "
                "cao hơn bình quân của nhóm toàn tỉnh.")
    items = "; ".join(f"{_t(r['noi_dung'])} ({fmt.so(r['ty_le'])}%, thấp hơn bình quân toàn tỉnh "
                      f"{fmt.so(-r['chenh_lech'])} điểm phần trăm)" for _, r in below.iterrows())
    return (f"Có {fmt.so_nguyen(len(below))}/{fmt.so_nguyen(len(a))} lĩnh vực thấp hơn bình quân của nhóm toàn tỉnh: "
            f"{items}.")


def district_lost_text(p: DistrictPack) -> str:
    if p.lost.empty:
        return "Không có tiêu chí thẩm định nào bị mất điểm."
    # Every criterion lost by as many units as the first is named: a tie is stated, not hidden by the order.
    first = p.lost[p.lost["so_don_vi_mat"] == p.lost["so_don_vi_mat"].iloc[0]]
    items = "; ".join(f"“{_t(r['noi_dung'])}” ({fmt.so_nguyen(r['so_don_vi_mat'])}/{fmt.so_nguyen(r['so_don_vi'])} "
                      f"đơn vị, tổng {fmt.diem(r['tong_mat'])} điểm; {_t(r['co_quan_tham_dinh'])} thẩm định)"
                      for _, r in first.iterrows())
    text = (f"Tiêu chí thẩm định bị mất điểm ở nhiều đơn vị nhất là {items}." if len(first) == 1 else
            f"Các tiêu chí thẩm định bị mất điểm ở nhiều đơn vị nhất (cùng số đơn vị) là {items}.")
    if len(p.deductions):
        text += (f" Có {fmt.so_nguyen(p.deductions['ten_don_vi'].nunique())} đơn vị bị trừ điểm "
                 f"({fmt.diem(p.deductions['mat'].sum())} điểm).")
    return text


def district_survey_text(p: DistrictPack) -> str:
    if p.lost_survey.empty:
        return ""
    first = p.lost_survey.iloc[0]
    return (f"Ở phần điều tra xã hội học, tiêu chí có tổng số điểm bị mất lớn nhất là “{_t(first['noi_dung'])}” "
            f"({fmt.so_nguyen(first['so_don_vi_mat'])}/{fmt.so_nguyen(first['so_don_vi'])} đơn vị chưa đạt tối đa, tổng "
            f"{fmt.diem(first['tong_mat'])} điểm); điểm các tiêu chí này do người dân, tổ chức, cán bộ, công chức đánh "
            "giá, không thuộc khả năng tự khắc phục trực tiếp của đơn vị.")


def agency_summary(p: AgencyPack) -> str:
    if not p.groups:
        return f"Năm {p.year}, {_t(p.co_quan)} không thẩm định tiêu chí nào trong Bộ tiêu chí."
    parts = []
    for g in p.groups:
        lost_units = g.detail["ma_don_vi"].nunique()
        some = int((g.criteria["so_don_vi_mat"] > 0).sum())
        parts.append(f"nhóm {_t(g.name)}: {fmt.so_nguyen(len(g.criteria))} tiêu chí thành phần thẩm định, "
                     f"{fmt.so_nguyen(some)} tiêu chí có đơn vị bị mất điểm, {fmt.so_nguyen(lost_units)} đơn vị bị mất "
                     f"điểm ít nhất một tiêu chí (tổng {fmt.diem(g.detail['mat'].sum())} điểm)")
    return (f"Năm {p.year}, {_t(p.co_quan)} thẩm định: " + "; ".join(parts) + f". Đề nghị {_t(p.co_quan)} căn cứ các "
            "đơn vị và số điểm bị mất ở từng tiêu chí để hướng dẫn, đôn đốc các đơn vị khắc phục.")


def agency_group_text(g: AgencyGroup) -> str:
    none = g.criteria[g.criteria["so_don_vi_mat"] == 0]
    text = ""
    lost = g.criteria[g.criteria["so_don_vi_mat"] > 0]
    if len(lost):
        # Every criterion lost by as many units as the most: a tie is named, not settled by the order.
        top = lost[lost["so_don_vi_mat"] == lost["so_don_vi_mat"].max()]
        items = "; ".join(f"“{_t(r['noi_dung'])}” ({fmt.so_nguyen(r['so_don_vi_mat'])}/{fmt.so_nguyen(r['so_don_vi'])} "
                          "đơn vị)" for _, r in top.iterrows())
        text = (f"Tiêu chí có nhiều đơn vị bị mất điểm nhất là {items}." if len(top) == 1 else
                f"Các tiêu chí có nhiều đơn vị bị mất điểm nhất (cùng số đơn vị) là {items}.")
    if len(none):
        text += f" {fmt.so_nguyen(len(none))} tiêu chí không có đơn vị nào bị mất điểm."
    return text.strip()


# ---------------------------------------------------------------- tables

DISTRICT_RANKED = [  # DistrictPack.communes
    Col("xep_hang_huyen", "Hạng trong huyện", "int"), Col("ten_don_vi", "Đơn vị", css="ten"),
    Col("tham_dinh", "Thẩm định", "so"), Col("xhh", "Điều tra XHH", "so"), Col("diem_tru", "Điểm trừ", "so"),
    Col("chi_so", "Chỉ số (%)", "so"), Col("xep_loai", "Xếp loại", css="lien"),
    Col("hang_tinh", "Hạng trong nhóm toàn tỉnh", css="lien"),
]
YEAR_CHANGE = [Col("tang_diem", "± điểm", "dau")]
DISTRICT_AREAS = [  # DistrictPack.areas
    Col("ma", "LV"), Col("noi_dung", "Lĩnh vực", css="ten"), Col("ty_le", "Bình quân các xã (%)", "so"),
    Col("ty_le_tinh", "Bình quân toàn tỉnh (%)", "so"), Col("chenh_lech", "Chênh lệch", "dau"),
]
WEAKEST = [  # DistrictPack.weakest
    Col("xep_hang_huyen", "Hạng", "int"), Col("ten_don_vi", "Đơn vị", css="ten"),
    Col("linh_vuc_thap_nhat", "Lĩnh vực thấp nhất", css="ten"), Col("ty_le", "Tỷ lệ đạt (%)", "so"),
]
LOST_OFTEN = [  # DistrictPack.lost, .lost_survey
    Col("noi_dung", "Tiêu chí thành phần", css="ten"), Col("co_quan_tham_dinh", "Cơ quan thẩm định"),
    Col("so_don_vi_mat", "Số đơn vị mất điểm", "int"), Col("so_don_vi", "Số đơn vị áp dụng", "int"),
    Col("tong_mat", "Tổng điểm mất", "so"),
]
DEDUCTED = [  # DistrictPack.deductions
    Col("noi_dung", "Nội dung bị trừ điểm", css="ten"), Col("ten_don_vi", "Đơn vị", css="ten"),
    Col("mat", "Điểm trừ", "so"), Col("ghi_chu", "Ghi chú"),
]
AGENCY_CRITERIA = [  # AgencyGroup.criteria
    Col("noi_dung", "Tiêu chí thành phần", css="ten"), Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("so_don_vi", "Số đơn vị áp dụng", "int"), Col("so_don_vi_mat", "Số đơn vị mất điểm", "int"),
    Col("tong_mat", "Tổng điểm mất", "so"),
]
AGENCY_DETAIL = [  # AgencyGroup.detail, .deductions (detail_columns)
    Col("tieu_chi", "Tiêu chí thành phần", css="ten"), Col("ten_don_vi", "Đơn vị", css="ten"),
    Col("cap_huyen", "Cấp huyện"),
    Col("dat", "Đạt/Tối đa", css="lien"), Col("mat", "Bị mất", "so"), Col("ghi_chu", "Ghi chú thẩm định"),
]
AGENCY_DEDUCTIONS = [  # AgencyGroup.deductions (detail_columns)
    Col("tieu_chi", "Nội dung bị trừ điểm", css="ten"), Col("ten_don_vi", "Đơn vị", css="ten"),
    Col("cap_huyen", "Cấp huyện"),
    Col("mat", "Điểm trừ", "so"), Col("ghi_chu", "Ghi chú"),
]
AGENCY_SURVEY = [  # AgencyGroup.survey
    Col("noi_dung", "Tiêu chí điều tra XHH", css="ten"), Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("so_don_vi_mat", "Số đơn vị chưa đạt tối đa", "int"), Col("ty_le_dat", "Tỷ lệ đạt bình quân (%)", "so"),
]
