"""Analyses the reports print: year on year, group statistics, areas, lost points, self-score gap. Pure."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from ..config import Band
from ..contract import APPRAISED, DECIMALS, DEDUCTION, PRINTED_DECIMALS, SURVEY, TOLERANCE
from ..ingest.scoring import code_sort_key, competition_rank
from . import fmt

TIED_NAMES = 3  # a superlative names up to this many tied units, then says how many more share the value


def first_with_ties(frame: pd.DataFrame, col: str, n: int) -> pd.DataFrame:
    """The first n rows of a frame sorted on col, and every later row that prints the same value on col as the
    n-th: a cut-off never drops a row the reader sees equal to one it keeps (1.1.2 and 3.1.1 at 0,22)."""
    if len(frame) <= n:
        return frame
    edge = fmt.rounded(frame[col].iloc[n - 1], PRINTED_DECIMALS)
    rest = frame.iloc[n:]
    tied = [fmt.rounded(v, PRINTED_DECIMALS) == edge for v in rest[col]]
    return pd.concat([frame.iloc[:n], rest[tied]])


def tied_units(g: pd.DataFrame, col: str, value: float) -> str:
    """Every unit of g whose col ties with value (exactly, as ranks see it), by code: 'A', 'A và B', or the first
    TIED_NAMES and 'và N đơn vị khác cùng mức'."""
    tied = g[g[col].round(DECIMALS) == round(float(value), DECIMALS)].sort_values("ma_don_vi")
    return fmt.liet_ke(tied["ten_don_vi"], TIED_NAMES)


def comparability(tong_hop: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Per group: its units this year and last year, and whether places can be compared.

    Places compare only when the group holds the same units both years: after a merger (18
    departments become 14) a rank is out of another field, so only points are compared.
    """
    rows = []
    for nhom, g in tong_hop.groupby("nhom", sort=False):
        before = set() if previous is None else set(previous.loc[previous["nhom"] == nhom, "ma_don_vi"])
        now = set(g["ma_don_vi"])
        rows.append({"nhom": nhom, "so_don_vi": len(now), "so_don_vi_truoc": len(before),
                     "so_sanh_duoc": bool(before) and before == now,
                     "moi": len(now - before) if before else 0, "khong_con": len(before - now)})
    return pd.DataFrame(rows, columns=["nhom", "so_don_vi", "so_don_vi_truoc", "so_sanh_duoc", "moi", "khong_con"])


def group_order(tong_hop: pd.DataFrame) -> dict[str, int]:
    """Each group's place in report order: groups as they first appear (framework order)."""
    return {g: i for i, g in enumerate(dict.fromkeys(tong_hop["nhom"]))}


def share_of_maximum(rows: pd.DataFrame) -> pd.Series:
    """diem as % of diem_toi_da; missing where nothing applies (a maximum of 0)."""
    return (rows["diem"] / rows["diem_toi_da"] * 100).where(rows["diem_toi_da"] > 0)


def points_lost(leaves: pd.DataFrame) -> pd.Series:
    """Per leaf: maximum − points (never below 0), or for a deduction the points deducted; rounded as printed."""
    deduction = leaves["loai"] == DEDUCTION
    return (leaves["diem_toi_da"] - leaves["diem"]).clip(lower=0).where(~deduction, leaves["diem"].abs()).round(
        DECIMALS)


def year_on_year(tong_hop: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """tong_hop with last year's index and rank, and the change in points and places.

    tang_diem: change of chi_so in percentage points; tang_bac: places gained (rank last
    year − rank now, positive is better), only where the group is comparable (`comparability`).
    """
    out = tong_hop.copy()
    if previous is None or previous.empty:
        for col in ("chi_so_truoc", "xep_hang_truoc", "tang_diem", "tang_bac"):
            out[col] = float("nan")
        return out
    prev = previous[["ma_don_vi", "nhom", "chi_so", "xep_hang"]].rename(
        columns={"nhom": "nhom_truoc", "chi_so": "chi_so_truoc", "xep_hang": "xep_hang_truoc"})
    out = out.merge(prev, on="ma_don_vi", how="left")
    comparable = comparability(tong_hop, previous).set_index("nhom")["so_sanh_duoc"]
    same_field = (out["nhom"] == out["nhom_truoc"]) & out["nhom"].map(comparable).fillna(False).astype(bool)
    out["tang_diem"] = out["chi_so"] - out["chi_so_truoc"]
    out["tang_bac"] = (out["xep_hang_truoc"] - out["xep_hang"]).where(same_field)
    return out.drop(columns="nhom_truoc")


def group_stats(tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Per group: number of units, mean, highest and lowest index and who holds them."""
    rows = []
    for nhom, g in tong_hop.groupby("nhom", sort=False):
        best = g.sort_values(["chi_so", "ma_don_vi"], ascending=[False, True]).iloc[0]
        worst = g.sort_values(["chi_so", "ma_don_vi"], ascending=[True, True]).iloc[0]
        exact = [fmt.share(t, m) if m > 0 else fmt.exact(c)
                 for t, m, c in zip(g["tong_diem"], g["diem_toi_da"], g["chi_so"])] if "tong_diem" in g else g["chi_so"]
        rows.append({"nhom": nhom, "so_don_vi": len(g), "trung_binh": float(fmt.mean(exact)),
                     "cao_nhat": best["chi_so"], "don_vi_cao_nhat": best["ten_don_vi"],
                     "thap_nhat": worst["chi_so"], "don_vi_thap_nhat": worst["ten_don_vi"],
                     "trung_binh_truoc": g["chi_so_truoc"].mean() if "chi_so_truoc" in g else float("nan")})
    return pd.DataFrame(rows)


def band_counts(tong_hop: pd.DataFrame, bands: Sequence[Band]) -> pd.DataFrame:
    """Units per group and band, bands in dataset.yml order (highest first), zeros kept."""
    names = [b.name for b in bands]
    counts = pd.crosstab(tong_hop["nhom"], pd.Categorical(tong_hop["xep_loai"], categories=names), dropna=False)
    counts = counts.reindex(columns=names, fill_value=0)
    counts.columns = names
    order = list(dict.fromkeys(tong_hop["nhom"]))
    return counts.reindex(order).fillna(0).astype("int64")


def area_results(diem_linh_vuc: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Per group and area: maximum, mean % of maximum over units, lowest and highest unit."""
    units = tong_hop[["ma_don_vi", "ten_don_vi", "nhom"]]
    areas = framework[(framework["cap"] == 1) & (framework["loai"] != DEDUCTION)][["nhom", "ma", "noi_dung",
                                                                                  "diem_toi_da"]]
    d = diem_linh_vuc.drop(columns=["nhom", "ten_don_vi"], errors="ignore")  # as load() gives it, too
    d = d.merge(units, on="ma_don_vi").merge(areas.rename(columns={"diem_toi_da": "toi_da_nhom"}), on=["nhom", "ma"])
    d = d[d["diem_toi_da"] > 0].assign(ty_le=lambda x: x["diem"] / x["diem_toi_da"] * 100)
    rows = []
    for (nhom, ma), g in d.groupby(["nhom", "ma"], sort=False):
        lo = g.sort_values(["ty_le", "ma_don_vi"]).iloc[0]
        hi = g.sort_values(["ty_le", "ma_don_vi"], ascending=[False, True]).iloc[0]
        # Every unit tied at the lowest or highest share is named (Trà Ôn and TP Vĩnh Long at 80,56 %).
        rows.append({"nhom": nhom, "ma": ma, "ten": g["noi_dung"].iloc[0], "diem_toi_da": g["toi_da_nhom"].iloc[0],
                     "diem_trung_binh": float(fmt.mean(g["diem"])),
                     "ty_le_trung_binh": float(fmt.mean(map(fmt.share, g["diem"], g["diem_toi_da"]))),
                     "ty_le_thap_nhat": lo["ty_le"], "don_vi_thap_nhat": tied_units(g, "ty_le", lo["ty_le"]),
                     "ty_le_cao_nhat": hi["ty_le"], "don_vi_cao_nhat": tied_units(g, "ty_le", hi["ty_le"])})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values(["nhom", "ma"], key=_group_then_code(tong_hop)).reset_index(drop=True)


def area_matrix(diem_linh_vuc: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame,
                nhom: str) -> pd.DataFrame:
    """Units of one group (rows, ranked) × areas (columns): % of each area's applicable maximum."""
    units = tong_hop[tong_hop["nhom"] == nhom].sort_values(["xep_hang", "ma_don_vi"])
    areas = framework[(framework["nhom"] == nhom) & (framework["cap"] == 1) & (framework["loai"] != DEDUCTION)]
    d = diem_linh_vuc[diem_linh_vuc["ma_don_vi"].isin(units["ma_don_vi"]) & diem_linh_vuc["ma"].isin(areas["ma"])]
    d = d.assign(ty_le=share_of_maximum(d))
    matrix = d.pivot(index="ma_don_vi", columns="ma", values="ty_le")
    matrix = matrix.reindex(index=units["ma_don_vi"], columns=sorted(areas["ma"], key=code_sort_key))
    matrix.index = units["ten_don_vi"].tolist()
    return matrix


def lost_points(diem: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Per group and leaf criterion: points lost over all units, how many units lost some.

    Lost = maximum − points obtained, over units where the criterion applies; deductions
    are reported separately (they are not a maximum to reach).
    """
    groups = tong_hop[["ma_don_vi", "nhom"]]
    leaves = diem[diem["ap_dung"] & (diem["loai"] != DEDUCTION)].drop(columns="nhom", errors="ignore")  # load()'s
    leaves = leaves.merge(groups, on="ma_don_vi")
    leaves = leaves.assign(mat=points_lost(leaves))
    texts = framework[["nhom", "ma", "noi_dung", "phuong_thuc", "co_quan_tham_dinh", "diem_toi_da"]]
    agg = leaves.groupby(["nhom", "ma"], sort=False).agg(
        tong_diem_mat=("mat", "sum"), so_don_vi_mat=("mat", lambda s: int((s > 0).sum())),
        so_don_vi=("mat", "size"), toi_da=("diem_toi_da", "sum")).reset_index()
    agg["ty_le_mat"] = agg["tong_diem_mat"] / agg["toi_da"] * 100
    agg["mat_binh_quan"] = agg["tong_diem_mat"] / agg["so_don_vi"]  # per unit where it applies
    agg["ty_le_don_vi_mat"] = agg["so_don_vi_mat"] / agg["so_don_vi"] * 100
    out = agg.merge(texts, on=["nhom", "ma"], how="left")
    out = out[out["tong_diem_mat"] > 0]
    order = group_order(tong_hop)
    out = out.assign(_g=out["nhom"].map(order), _k=out["ma"].map(code_sort_key))
    # By the mean loss per unit where the criterion applies (what the tables print), then the total, then code.
    out = out.assign(_m=out["mat_binh_quan"].round(DECIMALS))
    return out.sort_values(["_g", "_m", "tong_diem_mat", "_k"], ascending=[True, False, False, True]).drop(
        columns=["_g", "_k", "_m"]).reset_index(drop=True)


def method_results(diem: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Per group and method (TĐ, XHH): the mean maximum and points per unit and the mean % of maximum.

    Survey and appraised points are kept apart: units answer for the appraised part, the
    survey measures how citizens and officials see them.
    """
    leaves = diem[diem["ap_dung"] & (diem["loai"] != DEDUCTION)].merge(tong_hop[["ma_don_vi", "nhom"]],
                                                                      on="ma_don_vi")
    per_unit = leaves.groupby(["nhom", "phuong_thuc", "ma_don_vi"], sort=False).agg(
        toi_da=("diem_toi_da", "sum"), dat=("diem", "sum")).reset_index()
    per_unit["ty_le"] = (per_unit["dat"] / per_unit["toi_da"] * 100).where(per_unit["toi_da"] > 0)
    out = per_unit.groupby(["nhom", "phuong_thuc"], sort=False).agg(
        diem_toi_da=("toi_da", "mean"), diem_trung_binh=("dat", "mean"), ty_le_trung_binh=("ty_le", "mean"),
        ty_le_thap_nhat=("ty_le", "min"), ty_le_cao_nhat=("ty_le", "max")).reset_index()
    order = group_order(tong_hop)
    out = out.assign(_g=out["nhom"].map(order), _m=(out["phuong_thuc"] != APPRAISED).astype(int))
    return out.sort_values(["_g", "_m"]).drop(columns=["_g", "_m"]).reset_index(drop=True)


def survey_items(diem: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Per group and survey (XHH) criterion: maximum, mean points, mean % of maximum, how many units
    fell short, the lowest unit; weakest first within each group."""
    units = tong_hop[["ma_don_vi", "ten_don_vi", "nhom"]]
    d = diem[diem["ap_dung"] & (diem["phuong_thuc"] == SURVEY)].merge(units, on="ma_don_vi")
    d = d[d["diem_toi_da"] > 0].assign(ty_le=lambda x: x["diem"] / x["diem_toi_da"] * 100)
    texts = framework[["nhom", "ma", "noi_dung"]]
    rows = []
    for (nhom, ma), g in d.groupby(["nhom", "ma"], sort=False):
        lo = g.sort_values(["ty_le", "ma_don_vi"]).iloc[0]
        rows.append({"nhom": nhom, "ma": ma, "diem_toi_da": g["diem_toi_da"].max(),
                     "diem_trung_binh": float(fmt.mean(g["diem"])),
                     "ty_le_trung_binh": float(fmt.mean(map(fmt.share, g["diem"], g["diem_toi_da"]))),
                     "so_don_vi": len(g), "so_don_vi_mat": int((g["diem"] < g["diem_toi_da"] - TOLERANCE).sum()),
                     "ty_le_thap_nhat": lo["ty_le"], "don_vi_thap_nhat": tied_units(g, "ty_le", lo["ty_le"])})
    columns = ["nhom", "ma", "noi_dung", "diem_toi_da", "diem_trung_binh", "ty_le_trung_binh", "so_don_vi",
               "so_don_vi_mat", "ty_le_thap_nhat", "don_vi_thap_nhat"]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows).merge(texts, on=["nhom", "ma"], how="left")
    order = group_order(tong_hop)
    out = out.assign(_g=out["nhom"].map(order), _k=out["ma"].map(code_sort_key), _r=out["ty_le_trung_binh"].round(DECIMALS))
    return out.sort_values(["_g", "_r", "_k"]).drop(columns=["_g", "_k", "_r"])[columns].reset_index(drop=True)


def self_vs_appraisal(tong_hop: pd.DataFrame, diem: pd.DataFrame) -> pd.DataFrame:
    """Per unit: self-score minus appraisal (points over-scored) and the criteria over-scored."""
    appraised = diem[diem["ap_dung"] & (diem["phuong_thuc"] == APPRAISED) & (diem["loai"] != DEDUCTION)]
    over = appraised[(appraised["tu_danh_gia"].fillna(0) - appraised["tham_dinh"].fillna(0)) > TOLERANCE]
    counts = over.groupby("ma_don_vi").size()
    out = tong_hop[["ma_don_vi", "ten_don_vi", "nhom", "tu_danh_gia", "tham_dinh", "xep_hang"]].copy()
    out["chenh_lech"] = (out["tu_danh_gia"] - out["tham_dinh"]).round(DECIMALS)
    out["so_tieu_chi_cham_cao"] = out["ma_don_vi"].map(counts).fillna(0).astype("int64")
    return out.sort_values(["chenh_lech", "ma_don_vi"], ascending=[False, True]).reset_index(drop=True)


def communes_by_district(tong_hop: pd.DataFrame, bands: Sequence[Band]) -> pd.DataFrame:
    """Units that have a parent, summarised per parent: count, mean, lowest, highest, per band."""
    child = tong_hop[tong_hop["don_vi_cap_tren"].fillna("") != ""]
    if child.empty:
        return pd.DataFrame()
    names = tong_hop.set_index("ma_don_vi")["ten_don_vi"]
    out = child.groupby("don_vi_cap_tren").agg(so_don_vi=("chi_so", "size"), trung_binh=("chi_so", "mean"),
                                               thap_nhat=("chi_so", "min"), cao_nhat=("chi_so", "max"))
    for band in bands:
        out[band.name] = child.groupby("don_vi_cap_tren")["xep_loai"].apply(lambda s, b=band.name: int((s == b).sum()))
    out.insert(0, "ten_don_vi", out.index.map(lambda m: names.get(m, m)))
    return out.sort_values(["trung_binh"], ascending=False).reset_index()


def criterion_across_units(diem: pd.DataFrame, tong_hop: pd.DataFrame, ma: str, nhom: str) -> pd.DataFrame:
    """One criterion in every unit of a group: self-score, appraisal, survey, points, note."""
    units = tong_hop[tong_hop["nhom"] == nhom][["ma_don_vi", "ten_don_vi", "xep_hang"]]
    rows = diem[(diem["ma"] == ma) & diem["ma_don_vi"].isin(units["ma_don_vi"])]
    cols = ["ma_don_vi", "ap_dung", "diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh", "diem", "ghi_chu", "nguon"]
    return units.merge(rows[cols], on="ma_don_vi").sort_values(["diem", "ma_don_vi"]).reset_index(drop=True)


def _group_then_code(tong_hop: pd.DataFrame):
    order = group_order(tong_hop)

    def key(s: pd.Series) -> pd.Series:
        return s.map(order) if s.name == "nhom" else s.map(code_sort_key)
    return key


# ---------------------------------------------------------------- one unit


def unit_areas(diem_linh_vuc: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Per unit and area: points, % of the applicable maximum, the group's mean and best %."""
    areas = framework[(framework["cap"] == 1) & (framework["loai"] != DEDUCTION)][["nhom", "ma", "noi_dung"]]
    d = diem_linh_vuc.merge(tong_hop[["ma_don_vi", "ten_don_vi", "nhom"]], on="ma_don_vi").merge(
        areas, on=["nhom", "ma"])
    d = d.assign(ty_le=share_of_maximum(d))
    by_area = d.groupby(["nhom", "ma"])["ty_le"]
    d["ty_le_trung_binh"] = by_area.transform("mean")
    d["ty_le_cao_nhat"] = by_area.transform("max")
    d["hang_linh_vuc"] = by_area.transform(competition_rank)
    shared = d.groupby(["nhom", "ma", "hang_linh_vuc"])["ma_don_vi"].transform("size") > 1
    d["hang_linh_vuc_in"] = [f"{int(h)} (đồng hạng)" if t else f"{int(h)}" if pd.notna(h) else ""
                             for h, t in zip(d["hang_linh_vuc"], shared)]
    return d.sort_values(["ma_don_vi", "ma"], key=lambda s: s.map(code_sort_key) if s.name == "ma" else s
                         ).reset_index(drop=True)


def leaves_with_text(diem: pd.DataFrame, framework: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """diem with each criterion's text, area, appraising agency and order in the framework."""
    text = framework[["nhom", "ma", "noi_dung", "co_quan_tham_dinh", "linh_vuc", "thu_tu"]]
    d = diem.merge(tong_hop[["ma_don_vi", "nhom"]], on="ma_don_vi").merge(text, on=["nhom", "ma"], how="left",
                                                                        suffixes=("", "_khung"))
    return d.sort_values(["ma_don_vi", "thu_tu"]).reset_index(drop=True)


def unit_lost_points(leaves: pd.DataFrame) -> pd.DataFrame:
    """Every applicable criterion of one unit scored below its maximum (deductions apart)."""
    d = leaves[leaves["ap_dung"] & (leaves["loai"] != DEDUCTION)]
    d = d.assign(mat=points_lost(d))
    return d[d["mat"] > 0].reset_index(drop=True)


def unit_deductions(leaves: pd.DataFrame) -> pd.DataFrame:
    d = leaves[(leaves["loai"] == DEDUCTION) & (leaves["diem"].abs() > 0)]
    return d.reset_index(drop=True)


def unit_self_gap(leaves: pd.DataFrame) -> pd.DataFrame:
    """Appraised criteria where the unit's self-score and the appraisal differ."""
    d = leaves[leaves["ap_dung"] & (leaves["phuong_thuc"] == APPRAISED) & (leaves["loai"] != DEDUCTION)]
    d = d.assign(chenh_lech=(d["tu_danh_gia"].fillna(0) - d["tham_dinh"].fillna(0)).round(DECIMALS))
    return d[d["chenh_lech"] != 0].reset_index(drop=True)


def recoverable(lost: pd.DataFrame, deductions: pd.DataFrame, by_unit: bool = False) -> pd.DataFrame:
    """What the unit can win back by its own work: appraised (TĐ) criteria below their maximum and the
    deductions, most points first (ties by framework order). Survey points are apart (`survey_lost`):
    they depend on how citizens and officials answer, not on the unit's documents.
    by_unit: several units' rows, ma_don_vi kept, by unit (each unit's slice is what its own rows give)."""
    columns = (["ma_don_vi"] if by_unit else []) + ["ma", "noi_dung", "loai", "mat", "co_quan_tham_dinh", "ghi_chu",
                                                    "thu_tu"]
    appraised = lost[lost["phuong_thuc"] == APPRAISED]
    taken = deductions.assign(mat=deductions["diem"].abs().round(DECIMALS)) if len(deductions) else None
    frames = [f[columns] for f in (appraised, taken) if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    order = (["ma_don_vi"] if by_unit else []) + ["mat", "thu_tu"]
    return out.sort_values(order, ascending=[True] * by_unit + [False, True]).reset_index(drop=True)


def survey_lost(lost: pd.DataFrame) -> pd.DataFrame:
    """The survey (XHH) criteria where the unit fell short, most points first."""
    out = lost[lost["phuong_thuc"] == SURVEY]
    return out.sort_values(["mat", "thu_tu"], ascending=[False, True]).reset_index(drop=True)


def not_applicable(leaves: pd.DataFrame) -> tuple[int, float]:
    """How many leaves do not apply to the unit, and the points they would have carried."""
    d = leaves[~leaves["ap_dung"] & (leaves["loai"] != DEDUCTION)]
    return len(d), float(d["diem_toi_da"].sum())


def not_applicable_names(leaves: pd.DataFrame) -> tuple[str, ...]:
    """The leaves that do not apply to the unit, named: "3.2.2. Xin lỗi người dân khi trễ hạn", framework order."""
    d = leaves[~leaves["ap_dung"] & (leaves["loai"] != DEDUCTION)]
    d = d.assign(_k=d["ma"].map(code_sort_key)).sort_values("_k")
    return tuple(f"{m}. {t}" for m, t in zip(d["ma"], d["noi_dung"].fillna("")))


def appraised_maximum(leaves: pd.DataFrame) -> float:
    """The maximum of the appraised (TĐ) leaves that apply: the scale of the unit's self-score."""
    d = leaves[leaves["ap_dung"] & (leaves["phuong_thuc"] == APPRAISED) & (leaves["loai"] != DEDUCTION)]
    return float(d["diem_toi_da"].sum())


def rank_within_parent(tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Each unit that has a parent (a commune's district): its rank among the parent's units of its group
    and how many they are (the same ranking rule as in the group)."""
    child = tong_hop[tong_hop["don_vi_cap_tren"].fillna("") != ""]
    if child.empty:
        return pd.DataFrame({"hang_trong_huyen": pd.Series(dtype="int64"), "so_don_vi_huyen": pd.Series(dtype="int64"),
                             "don_vi_cap_tren": pd.Series(dtype=object), "nhom": pd.Series(dtype=object),
                             "ten_don_vi": pd.Series(dtype=object)})
    keys = [child["nhom"], child["don_vi_cap_tren"]]
    return pd.DataFrame({"hang_trong_huyen": child.groupby(keys)["chi_so"].transform(competition_rank),
                         "so_don_vi_huyen": child.groupby(keys)["chi_so"].transform("size"),
                         "don_vi_cap_tren": child["don_vi_cap_tren"], "nhom": child["nhom"],
                         "ten_don_vi": child["ten_don_vi"]}).set_axis(child["ma_don_vi"])
