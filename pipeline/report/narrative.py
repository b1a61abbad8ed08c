"""Assessment sentences driven by the numbers, in Vietnamese. Pure: tables in, strings out."""
from __future__ import annotations

import math

import pandas as pd

from ..contract import DECIMALS, TOLERANCE
from . import fmt


def _t(text: object) -> str:
    """Text from input files goes into Markdown escaped: no HTML, no stray emphasis."""
    return fmt.md(text)


def _has(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def _same(a: float, b: float) -> bool:
    """A tie as ranks see it (rounded to DECIMALS: float noise is no difference, contract §9)."""
    return round(float(a), DECIMALS) == round(float(b), DECIMALS)


def _tied(values: pd.Series, value: float) -> pd.Series:
    """Which values tie with value (see _same)."""
    return values.round(DECIMALS) == round(float(value), DECIMALS)


def _and(names) -> str:
    """'Sở A', 'Sở A và Sở B', 'Sở A, Sở B và Sở C'."""
    names = list(names)
    return names[-1] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def _with_ties(d: pd.DataFrame, col: str, n: int) -> pd.DataFrame:
    """The first n rows of a sorted frame, and the rows after them tied with the n-th on col."""
    if len(d) <= n:
        return d
    rest = d.iloc[n:]
    return pd.concat([d.iloc[:n], rest[_tied(rest[col], d[col].iloc[n - 1])]])


def _holders(units: pd.DataFrame | None, value: float, name: str) -> str:
    """'Sở A (96,29%)', or every unit on that index: 'Sở A và Sở B (cùng đạt 96,29%)'."""
    tied = [] if units is None else units[_tied(units["chi_so"], value)].sort_values("ma_don_vi")["ten_don_vi"]
    names = [_t(n) for n in tied] or [_t(name)]
    return f"{_and(names)} ({'cùng đạt ' if len(names) > 1 else ''}{fmt.phan_tram(value)})"


def unit_result(row: pd.Series, group_size: int | None = None) -> str:
    """'Sở Tư pháp đạt 84,65%, tăng 0,72 điểm, tăng 12 bậc' (change parts only when known)."""
    text = f"{_t(row['ten_don_vi'])} đạt {fmt.phan_tram(row['chi_so'])}"
    if group_size:
        text += f", xếp thứ {int(row['xep_hang'])}/{group_size}"
    if _has(row.get("tang_diem")):
        text += f", {fmt.thay_doi(row['tang_diem'])}"
    if _has(row.get("tang_bac")):
        text += f", {fmt.thay_doi_bac(row['tang_bac'])}"
    return text


def group_overview(name: str, stats: pd.Series, bands: pd.Series, previous_year: int | None,
                   units: pd.DataFrame | None = None) -> str:
    """Mean, best, worst and band counts of one group. Given the group's units (tong_hop rows), every unit
    tied for the best or the worst index is named; without them, the one stats names."""
    text = (f"Chỉ số CCHC trung bình của {stats['so_don_vi']} đơn vị thuộc nhóm {_t(name)} đạt "
            f"**{fmt.phan_tram(stats['trung_binh'])}**")
    if previous_year and _has(stats.get("trung_binh_truoc")):
        text += f", {fmt.thay_doi(stats['trung_binh'] - stats['trung_binh_truoc'])} so với năm {previous_year}"
    if _same(stats["cao_nhat"], stats["thap_nhat"]):  # one unit, or every unit on one index
        text += (f". Nhóm chỉ có một đơn vị là {_t(stats['don_vi_cao_nhat'])}." if stats["so_don_vi"] == 1 else
                 f". Tất cả {stats['so_don_vi']} đơn vị cùng đạt {fmt.phan_tram(stats['cao_nhat'])}.")
    else:
        text += (f". Cao nhất là {_holders(units, stats['cao_nhat'], stats['don_vi_cao_nhat'])}, thấp nhất là "
                 f"{_holders(units, stats['thap_nhat'], stats['don_vi_thap_nhat'])}; chênh lệch "
                 f"{fmt.so(stats['cao_nhat'] - stats['thap_nhat'])} điểm.")
    parts = [f"{n} đơn vị xếp loại {_t(band)}" for band, n in bands.items() if n > 0]
    if parts:
        text += " Có " + ", ".join(parts) + "."
    return text


def movers(units: pd.DataFrame, previous_year: int | None, n: int = 3) -> str:
    """The units that gained and lost most against last year."""
    d = units.dropna(subset=["tang_diem"])
    if d.empty or not previous_year:
        return ""
    # A unit tied with the n-th is named too: the cut is by points, not by code.
    up = _with_ties(d[d["tang_diem"] > 0].sort_values(["tang_diem", "ma_don_vi"], ascending=[False, True]),
                    "tang_diem", n)
    down = _with_ties(d[d["tang_diem"] < 0].sort_values(["tang_diem", "ma_don_vi"]), "tang_diem", n)
    text = []
    if len(up):
        text.append(f"So với năm {previous_year}, {int((d['tang_diem'] > 0).sum())}/{len(d)} đơn vị tăng điểm; "
                    "tăng nhiều nhất: " + "; ".join(unit_result(r) for _, r in up.iterrows()) + ".")
    if len(down):
        text.append("Giảm nhiều nhất: " + "; ".join(unit_result(r) for _, r in down.iterrows()) + ".")
    return " ".join(text)


def weakest_areas(areas: pd.DataFrame, n: int = 3) -> str:
    if areas.empty:
        return ""
    weak = areas.sort_values(["ty_le_trung_binh", "ma"]).head(n)
    by_rate = areas.sort_values(["ty_le_trung_binh", "ma"], ascending=[False, True])
    strong = by_rate[_tied(by_rate["ty_le_trung_binh"], by_rate["ty_le_trung_binh"].iloc[0])]
    items = "; ".join(f"{_t(r['ten'])} (bình quân {fmt.phan_tram(r['ty_le_trung_binh'])} điểm tối đa, thấp nhất là "
                      f"{_t(r['don_vi_thap_nhat'])} với {fmt.phan_tram(r['ty_le_thap_nhat'])})" for _, r in weak.iterrows())
    best = fmt.phan_tram(strong["ty_le_trung_binh"].iloc[0])
    return ((f"Lĩnh vực đạt tỷ lệ cao nhất là {_t(strong['ten'].iloc[0])} ({best}). " if len(strong) == 1 else
             f"Các lĩnh vực đạt tỷ lệ cao nhất là {_and(map(_t, strong['ten']))} (cùng đạt {best}). ")
            + f"Các lĩnh vực còn hạn chế: {items}.")


def top_lost(lost: pd.DataFrame, n: int = 3) -> str:
    if lost.empty:
        return "Không có tiêu chí nào bị mất điểm."
    items = "; ".join(f"tiêu chí {_t(r['ma'])} “{_t(r['noi_dung'])}” ({r['so_don_vi_mat']}/{r['so_don_vi']} đơn vị bị mất "
                      f"điểm, tổng {fmt.diem(r['tong_diem_mat'])} điểm)" for _, r in lost.head(n).iterrows())
    return f"Các tiêu chí bị mất điểm nhiều nhất: {items}."


def self_score_gap(gap: pd.DataFrame) -> str:
    over = gap[gap["chenh_lech"] > 0]
    if over.empty:
        return "Không có đơn vị nào tự chấm cao hơn kết quả thẩm định."
    worst = over.iloc[0]
    tied = over[_tied(over["chenh_lech"], worst["chenh_lech"])]
    text = (f"{len(over)}/{len(gap)} đơn vị tự chấm điểm cao hơn kết quả thẩm định, bình quân "
            f"{fmt.diem(over['chenh_lech'].mean())} điểm. ")
    if len(tied) > 1:
        return text + (f"Chênh lệch lớn nhất là {_and(map(_t, tied['ten_don_vi']))}, cùng chênh "
                       f"{fmt.diem(worst['chenh_lech'])} điểm ("
                       + "; ".join(f"{_t(r['ten_don_vi'])}: tự chấm {fmt.diem(r['tu_danh_gia'])} điểm, thẩm định "
                                   f"{fmt.diem(r['tham_dinh'])} điểm, ở {r['so_tieu_chi_cham_cao']} tiêu chí"
                                   for _, r in tied.iterrows()) + ").")
    return text + (f"Chênh lệch lớn nhất là {_t(worst['ten_don_vi'])}: tự chấm "
                   f"{fmt.diem(worst['tu_danh_gia'])} điểm, thẩm định {fmt.diem(worst['tham_dinh'])} điểm "
                   f"(chênh {fmt.diem(worst['chenh_lech'])} điểm ở {worst['so_tieu_chi_cham_cao']} tiêu chí).")


def strengths_and_weaknesses(groups: list, stats: pd.DataFrame, bands: pd.DataFrame, gap: pd.DataFrame
                             ) -> tuple[list[str], list[str]]:
    """Bullet points of the general assessment, each backed by a number of this year."""
    strengths, weaknesses = [], []
    total = int(bands.to_numpy().sum())
    top_two = bands.iloc[:, :2].to_numpy().sum() if bands.shape[1] >= 2 else 0
    strengths.append(f"{int(top_two)}/{total} đơn vị ({fmt.so(top_two / total * 100 if total else 0, 1)}%) xếp loại "
                     f"{' hoặc '.join(map(_t, bands.columns[:2]))}.")
    for g in groups:
        if not g.areas.empty:
            by_rate = g.areas.sort_values(["ty_le_trung_binh", "ma"])
            rates = by_rate["ty_le_trung_binh"]
            best = by_rate[_tied(rates, rates.max())]
            worst = by_rate[_tied(rates, rates.min())]
            strengths.append(f"Nhóm {_t(g.name)}: " + (
                f"lĩnh vực {_t(best['ten'].iloc[0])} đạt" if len(best) == 1 else
                f"các lĩnh vực {_and(map(_t, best['ten']))} cùng đạt")
                + f" bình quân {fmt.phan_tram(rates.max())} điểm tối đa.")
            weaknesses.append(f"Nhóm {_t(g.name)}: " + (
                f"lĩnh vực {_t(worst['ten'].iloc[0])} chỉ đạt" if len(worst) == 1 else
                f"các lĩnh vực {_and(map(_t, worst['ten']))} cùng chỉ đạt")
                + f" bình quân {fmt.phan_tram(rates.min())} điểm tối đa.")
        if not g.lost.empty:
            r = g.lost.iloc[0]
            weaknesses.append(f"Nhóm {_t(g.name)}: tiêu chí {_t(r['ma'])} “{_t(r['noi_dung'])}” bị mất điểm ở "
                              f"{r['so_don_vi_mat']}/{r['so_don_vi']} đơn vị.")
    over = gap[gap["chenh_lech"] > 0]
    if len(over):
        weaknesses.append(f"{len(over)} đơn vị tự đánh giá cao hơn kết quả thẩm định, cho thấy việc tự chấm "
                          "và chuẩn bị tài liệu kiểm chứng chưa sát thực tế.")
    return strengths, weaknesses


def recommendations(groups: list) -> list[str]:
    """Who should do what next year, from the weakest areas and the criteria most lost."""
    out = []
    for g in groups:
        if g.lost.empty:
            continue
        by_agency = g.lost.groupby("co_quan_tham_dinh", sort=False)["tong_diem_mat"].sum().sort_values(ascending=False)
        agency, points = by_agency.index[0], by_agency.iloc[0]
        criteria = ", ".join(g.lost[g.lost["co_quan_tham_dinh"] == agency]["ma"].head(3))
        out.append(f"{_t(agency)} hướng dẫn, đôn đốc {_t(g.name)} khắc phục các tiêu chí {_t(criteria)} "
                   f"(nhóm này mất tổng cộng {fmt.diem(points)} điểm ở các tiêu chí do {_t(agency)} thẩm định).")
        # The last three by rank; units tied with the third from last are last too (1, 2, 3, 3, 3 → all 3s).
        cut = g.units["xep_hang"].sort_values().iloc[-min(3, len(g.units))] if len(g.units) else 0
        weak_units = g.units[g.units["xep_hang"] >= cut]
        if len(weak_units):
            names = ", ".join(weak_units.sort_values("xep_hang")["ten_don_vi"])
            out.append(f"Các đơn vị xếp cuối nhóm {_t(g.name)} ({_t(names)}) xây dựng kế hoạch khắc phục hạn chế, "
                       "báo cáo Sở Nội vụ trong quý I.")
    out.append("Các cơ quan, đơn vị nghiêm túc tự đánh giá, chấm điểm sát thực tế, cung cấp đầy đủ tài liệu kiểm "
               "chứng; Sở Nội vụ tổng hợp, theo dõi việc khắc phục các tiêu chí bị mất điểm.")
    return out


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def corrections_applied(changes: pd.DataFrame) -> str:
    """The sentence above the appendix of corrections: how many, for how many units, on whose documents."""
    units = changes["ma_don_vi"].nunique()
    documents = sorted({str(v) for v in changes["van_ban"] if isinstance(v, str) and v})
    text = (f"Kết quả nêu trong báo cáo đã bao gồm {len(changes)} điều chỉnh điểm của {units} cơ quan, đơn vị "
            "sau thẩm định")
    return text + (f", theo {_and([_t(d) for d in documents])}:" if documents else ":")


# ---------------------------------------------------------------- one unit


def unit_summary(r) -> str:
    """The opening sentence of a unit's report."""
    u = r.unit
    text = (f"Năm {r.year}, {_t(u['ten_don_vi'])} đạt {fmt.so(u['tong_diem'])}/{fmt.diem(u['diem_toi_da'])} điểm, "
            f"Chỉ số CCHC {fmt.phan_tram(u['chi_so'])}, xếp thứ {int(u['xep_hang'])}/{r.group_size} "
            f"trong nhóm {_t(r.group_name)}, xếp loại {_t(u['xep_loai'])}.")
    if r.previous_year and _has(u.get("chi_so_truoc")):
        text += (f" So với năm {r.previous_year} ({fmt.phan_tram(u['chi_so_truoc'])}), Chỉ số "
                 f"{fmt.thay_doi(u['tang_diem'])}")
        text += f", {fmt.thay_doi_bac(u['tang_bac'])}." if _has(u.get("tang_bac")) else "."
    return text


def unit_areas(areas: pd.DataFrame) -> str:
    """Which areas are below the group's mean, weakest first."""
    below = areas[areas["ty_le"] < areas["ty_le_trung_binh"] - TOLERANCE].sort_values(["ty_le", "ma"])
    if below.empty:
        return "Tất cả các lĩnh vực đều đạt tỷ lệ điểm bằng hoặc cao hơn bình quân của nhóm."
    parts = [f"{_t(r['noi_dung'])} ({fmt.phan_tram(r['ty_le'])}, bình quân nhóm {fmt.phan_tram(r['ty_le_trung_binh'])})"
             for _, r in below.iterrows()]
    return f"Có {len(below)} lĩnh vực thấp hơn bình quân của nhóm: " + "; ".join(parts) + "."


def unit_lost(lost: pd.DataFrame, deductions: pd.DataFrame) -> str:
    if lost.empty and deductions.empty:
        return "Đơn vị đạt điểm tối đa ở tất cả các tiêu chí thành phần và không bị trừ điểm."
    text = (f"Đơn vị bị mất {fmt.diem(lost['mat'].sum())} điểm ở {len(lost)} tiêu chí thành phần"
            if len(lost) else "Đơn vị không bị mất điểm ở tiêu chí thành phần nào")
    if len(deductions):
        text += f" và bị trừ {fmt.diem(deductions['diem'].abs().sum())} điểm"
    return text + "."


def unit_self_gap(gap: pd.DataFrame) -> str:
    if gap.empty:
        return "Điểm tự đánh giá của đơn vị trùng với kết quả thẩm định ở tất cả các tiêu chí."
    over = gap[gap["chenh_lech"] > 0]
    text = f"Có {len(gap)} tiêu chí thành phần điểm tự đánh giá khác kết quả thẩm định"
    if len(over):
        text += f"; đơn vị tự chấm cao hơn ở {len(over)} tiêu chí, tổng cộng {fmt.diem(over['chenh_lech'].sum())} điểm"
    return text + ". Đề nghị đơn vị nghiên cứu kỹ hướng dẫn và bổ sung đầy đủ tài liệu kiểm chứng khi tự đánh giá."


def unit_priorities(recoverable: pd.DataFrame, lost: pd.DataFrame) -> str:
    """The criteria with the most points to win back, as a numbered list, and what to do."""
    if recoverable.empty:
        return "Đơn vị không có tiêu chí nào cần khắc phục."
    items = "\n".join(
        f"{i}. {_t(r['ma'])} {_t(r['noi_dung'])}: {fmt.diem(r['mat'])} điểm "
        f"({'điều tra XHH' if r['phuong_thuc'] == 'XHH' else 'thẩm định'}; {_t(r['co_quan_tham_dinh'])})"
        for i, (_, r) in enumerate(recoverable.iterrows(), start=1))
    return (f"Tổng số điểm có thể cải thiện là {fmt.diem(lost['mat'].sum())} điểm; {len(recoverable)} tiêu chí "
            f"sau đây chiếm {fmt.diem(recoverable['mat'].sum())} điểm:\n\n{items}\n\n"
            "Đề nghị đơn vị xây dựng kế hoạch khắc phục trong năm tới, ưu tiên các tiêu chí thẩm định "
            "(bổ sung tài liệu kiểm chứng đầy đủ, đúng thời hạn).")
