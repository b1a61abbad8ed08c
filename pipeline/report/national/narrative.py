"""Sentences of the national report (like Báo cáo 196/BC-SNV). Pure: tables in, strings out.

Written as a Sở Nội vụ specialist writes: ties named ("đồng hạng"), survey (XHH) and appraised (TĐ)
points kept apart, criteria by their text, tasks addressed to an agency, the report's own agency doing
its part itself.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from ...contract import APPRAISED, NO_CHANGE, SURVEY
from .. import fmt
from ..narrative import _t


def _has(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x is not pd.NA



def _group_range(group: str) -> str:
    return {"A": " (từ 90% trở lên)", "B": " (từ 80% đến dưới 90%)", "C": " (từ 70% đến dưới 80%)"}.get(
        group, " (dưới 70%)")


NBSP = "\u00a0"


def unbroken(name: str) -> str:
    """A proper name whose words stay on one line ('tỉnh Vĩnh Long' never breaks as 'tỉnh / Vĩnh Long')."""
    return NBSP.join(str(name).split())


def report_title(year: int, province: str) -> str:
    """The national report's title under 'BÁO CÁO': the year and the province's name bound to their words."""
    return (f"Phân tích kết quả Chỉ số cải cách hành chính năm{NBSP}{year} của "
            f"{unbroken('tỉnh ' + str(province))}")


def short_date(d: dt.date) -> str:
    """'31/10/2024' as a deadline is written in a table."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def tie_note(others: int) -> str:
    """' (đồng hạng với 2 tỉnh, thành phố khác)' when a rank is shared, else ''."""
    return f" (đồng hạng với {others} tỉnh, thành phố khác)" if others > 0 else ""


def region_rank(h) -> str:
    """'xếp thứ 6/13 (năm 2022: 8/13, tăng 2 bậc)'; across the 2025 merger the earlier rank is given apart."""
    text = f"xếp thứ {h.region_rank}/{h.region_size}"
    if h.previous_region_rank is None:
        return text
    if h.comparable_region_rank:
        return text + (f" (năm {h.previous_year}: {h.previous_region_rank}/{h.previous_region_size}, "
                       f"{fmt.thay_doi_bac(h.region_places_gained)})")
    return text + (f" (năm {h.previous_year} xếp thứ {h.previous_region_rank}/{h.previous_region_size} trong vùng "
                   "trước sắp xếp; không so sánh trực tiếp được)")


def national_headline(h, province_word: str = "tỉnh") -> str:
    """'Năm 2022, Chỉ số CCHC của tỉnh Vĩnh Long đạt 83,54%, xếp thứ 46/63, tăng 0,72 điểm và tăng 12 bậc …'"""
    text = (f"Năm {h.year}, Chỉ số CCHC (PAR INDEX) của {province_word} {_t(h.province)} đạt "
            f"**{fmt.phan_tram(h.index)}**, xếp thứ **{h.rank}/{h.n_provinces}** tỉnh, thành phố trực thuộc Trung ương")
    if h.tied_with:
        text += f" (đồng hạng với {fmt.liet_ke(_t(p) for p in h.tied_with)})"
    if h.previous_year is not None:
        text += f"; so với năm {h.previous_year} ({fmt.phan_tram(h.previous_index)}, "
        text += f"xếp thứ {h.previous_rank}/{h.previous_n}), {fmt.thay_doi(h.change_points)}"
        if h.comparable_rank:
            text += f" và {fmt.thay_doi_bac(h.places_gained)}"
        else:
            text += (f"; thứ hạng không so sánh trực tiếp được do số tỉnh, thành phố thay đổi "
                     f"({h.previous_n} → {h.n_provinces})")
    text += (f". Trong vùng {_t(h.region)}, {province_word} {region_rank(h)}. "
             f"Kết quả thuộc nhóm {h.group}{_group_range(h.group)}")
    diff = h.index - h.national_mean
    if abs(diff) < NO_CHANGE:  # would print as "cao hơn … 0,00 điểm"
        return text + f"; bằng trung bình cả nước ({fmt.phan_tram(h.national_mean)})."
    text += (f"; {'cao hơn' if diff >= 0 else 'thấp hơn'} trung bình cả nước ({fmt.phan_tram(h.national_mean)}) "
             f"{fmt.so(abs(diff))} điểm.")
    return text


def merger_note(province: str, merged_from: tuple[str, ...], year: int, first_year: int) -> str:
    """Said under the trend when the province itself was formed by a merger this year."""
    if not merged_from:
        return ""
    others = [p for p in merged_from if p != province]
    former = f"tỉnh {_t(province)} (cũ)" if province in merged_from else "các tỉnh trước sắp xếp"
    return (f"Tỉnh {_t(province)} năm {year} được hình thành trên cơ sở hợp nhất các tỉnh "
            f"{fmt.liet_ke(_t(p) for p in merged_from)}; số liệu các năm {first_year}–{year - 1} là của {former}, "
            f"không gồm {fmt.liet_ke(_t(p) for p in others)}." if others else
            f"Số liệu các năm {first_year}–{year - 1} là của {former}.")


def trend_break_note(segments: list[pd.DataFrame]) -> str:
    """Why the rank line is broken: the number of provinces or the framework changed."""
    notes = []
    for before, after in zip(segments, segments[1:]):
        a, b = before.to_dict("records")[-1], after.to_dict("records")[0]
        why = []
        if a["so_tinh"] != b["so_tinh"]:
            why.append(f"số tỉnh, thành phố được xếp hạng thay đổi ({int(a['so_tinh'])} → {int(b['so_tinh'])})")
        if not _has(a["so_linh_vuc"]) or not _has(b["so_linh_vuc"]) or a["so_linh_vuc"] != b["so_linh_vuc"]:
            why.append("bộ tiêu chí đánh giá thay đổi")
        notes.append(f"Từ năm {int(b['nam'])}, {fmt.liet_ke(why) or 'bộ tiêu chí đánh giá thay đổi'}: thứ hạng năm "
                     f"{int(b['nam'])} không nối với thứ hạng năm {int(a['nam'])} trên biểu đồ.")
    return " ".join(notes)


def region_summary(h, region: pd.DataFrame) -> str:
    """The region's leader(s) and where the province stands."""
    top = region[region["hang_vung"] == 1]
    leaders = fmt.liet_ke(f"{_t(r['tinh'])} ({fmt.phan_tram(r['chi_so'])}, xếp thứ {r['xep_hang']}/{h.n_provinces} cả "
                   f"nước)" for _, r in top.iterrows())
    text = (f"Vùng {_t(h.region)} có {len(region)} tỉnh, thành phố; dẫn đầu vùng là {leaders}"
            + (" (đồng hạng)" if len(top) > 1 else "") + f". Tỉnh {_t(h.province)} {region_rank(h)} trong vùng")
    mates = region[(region["hang_vung"] == h.region_rank) & (region["tinh"] != h.province)]
    if len(mates):
        text += f", đồng hạng với {fmt.liet_ke(_t(p) for p in mates['tinh'])}"
    above = region[region["hang_vung"] < h.region_rank]
    if len(above) and not len(top[top["tinh"] == h.province]):
        text += f"; thấp hơn tỉnh dẫn đầu vùng {fmt.so(top['chi_so'].iloc[0] - h.index)} điểm"
    return text + "."


def national_areas(areas: pd.DataFrame) -> str:
    above = areas[areas["diem"] >= areas["trung_binh"]]
    below = areas[areas["diem"] < areas["trung_binh"]].sort_values("xep_hang", ascending=False)
    text = f"{len(above)}/{len(areas)} lĩnh vực đạt bằng hoặc cao hơn trung bình cả nước."
    if len(below):
        text += " Thấp hơn trung bình cả nước: " + "; ".join(
            f"{_t(r['ten'])} (đạt {fmt.diem(r['diem'])}/{fmt.diem(r['diem_toi_da'])} điểm, trung bình "
            f"{fmt.so(r['trung_binh'])}, xếp thứ {r['xep_hang']}/{r['so_tinh']})" for _, r in below.iterrows()) + "."
    return text


def area_comparison_intro(comparable: bool, year: int, previous_year: int | None) -> str:
    if previous_year is None:
        return "Chưa có số liệu năm trước để so sánh theo lĩnh vực."
    if comparable:
        return f"So với năm {previous_year}, kết quả từng lĩnh vực như sau:"
    return (f"Năm {year}, bộ lĩnh vực đánh giá thay đổi so với năm {previous_year} nên không so sánh điểm và thứ "
            f"hạng từng lĩnh vực với năm {previous_year}; kết quả từng lĩnh vực như sau:")


def area_line(r: pd.Series, previous_year: int | None) -> str:
    """'Cải cách thủ tục hành chính: đạt 11,68/13,5 điểm (86,52%), xếp thứ 30/63; so với năm 2022 tăng
    0,51 điểm, tăng 12 bậc; thấp hơn trung bình cả nước 0,04 điểm.'"""
    text = (f"{_t(r['ten'])}: đạt {fmt.diem(r['diem'])}/{fmt.diem(r['diem_toi_da'])} điểm "
            f"({fmt.phan_tram(r['ty_le'])}), xếp thứ {r['xep_hang']}/{r['so_tinh']}{tie_note(r['dong_hang'] - 1)}")
    if _has(r["thay_doi"]):
        text += f"; so với năm {previous_year} {fmt.thay_doi(r['thay_doi'])}"
        if _has(r["bac"]):
            text += f", {fmt.thay_doi_bac(r['bac'])}"
    gap = r["chenh_lech"]
    if abs(gap) < NO_CHANGE:
        return text + "; bằng trung bình cả nước."
    return text + f"; {'cao hơn' if gap > 0 else 'thấp hơn'} trung bình cả nước {fmt.so(abs(gap))} điểm."


def area_lines(areas: pd.DataFrame, previous_year: int | None) -> str:
    return "\n".join(f"- {area_line(r, previous_year)}" for _, r in areas.iterrows())


def lost_item(r: pd.Series) -> str:
    """'đạt 0,92/1 điểm, bị trừ 0,08 điểm'"""
    return f"đạt {fmt.diem(r['diem_dat'])}/{fmt.diem(r['diem_toi_da'])} điểm, bị trừ {fmt.diem(r['diem_mat'])} điểm"


def criterion_label(r: pd.Series) -> str:
    """A criterion by its text, with the criterion it belongs to: 'Tỷ lệ hồ sơ … (tiêu chí Thực hiện …)'.
    Plain text (tables escape it themselves)."""
    parent = r.get("tieu_chi", "")
    return str(r["noi_dung"]) + (f" (tiêu chí {parent})" if parent and parent != r["noi_dung"] else "")


def criterion_name(r: pd.Series) -> str:
    """criterion_label for a Markdown sentence."""
    return _t(criterion_label(r))


def _split(items: pd.DataFrame) -> str:
    """'thẩm định 0,97 điểm; điều tra XHH 0,5 điểm' (the parts present)."""
    parts = [(name, items.loc[items["phuong_thuc"] == m, "diem_mat"].sum()) for m, name in
             ((APPRAISED, "thẩm định"), (SURVEY, "điều tra XHH"))]
    return "; ".join(f"{name} {fmt.diem(v)} điểm" for name, v in parts if v > 0)


def agency_lost(agency: str, items: pd.DataFrame) -> str:
    """One agency's lost criteria, grouped by area; areas and criteria in the order given (analysis.sorted_lost)."""
    text = (f"{_t(agency)} chủ trì {len(items)} tiêu chí, tiêu chí thành phần bị mất điểm, tổng cộng "
            f"{fmt.diem(items['diem_mat'].sum())} điểm ({_split(items)}).")
    for area in dict.fromkeys(items["linh_vuc"]):
        part = items[items["linh_vuc"] == area]
        text += (f"\n\nLĩnh vực {_t(part['ten_linh_vuc'].iloc[0])} (bị trừ {fmt.diem(part['diem_mat'].sum())} "
                 f"điểm):\n\n" + "\n".join(f"- {criterion_name(r)}: {lost_item(r)}"
                                           + (" (điều tra XHH)" if r["phuong_thuc"] == SURVEY else "")
                                           for _, r in part.iterrows()))
    return text


def national_methods(methods: pd.DataFrame) -> str:
    parts = {r["phuong_thuc"]: r for _, r in methods.iterrows()}
    if APPRAISED not in parts or SURVEY not in parts:
        return ""
    td, xhh = parts[APPRAISED], parts[SURVEY]
    weaker = "các nội dung thẩm định" if td["ty_le"] < xhh["ty_le"] else "các nội dung điều tra xã hội học"
    return (f"Các nội dung do Bộ Nội vụ thẩm định đạt {fmt.diem(td['diem_dat'])}/{fmt.diem(td['diem_toi_da'])} điểm "
            f"({fmt.phan_tram(td['ty_le'])}); các nội dung điều tra xã hội học đạt "
            f"{fmt.diem(xhh['diem_dat'])}/{fmt.diem(xhh['diem_toi_da'])} điểm ({fmt.phan_tram(xhh['ty_le'])}). "
            + ("Tỷ lệ điểm đạt của hai nhóm nội dung bằng nhau." if abs(td["ty_le"] - xhh["ty_le"]) < NO_CHANGE
               else f"Tỉnh mất nhiều điểm hơn (theo tỷ lệ) ở {weaker}."))


# ---------------------------------------------------------------- general assessment


def _rates(methods: pd.DataFrame) -> dict[str, float]:
    return {r["phuong_thuc"]: float(r["ty_le"]) for _, r in methods.iterrows()}


def strengths(h, areas: pd.DataFrame, methods: pd.DataFrame) -> list[str]:
    """Ưu điểm, from the numbers: the index and rank, the areas above the national mean or improved.

    In a year whose index rose, the rise leads; in one whose index fell or stood still, what was actually
    strong leads (areas above the mean, places gained, the stronger method) and the group the index stays in
    comes last: "thuộc nhóm B" is no strength of a year that lost points."""
    out = []
    rose = h.change_points is not None and h.change_points >= NO_CHANGE
    if rose:
        rise = f"Chỉ số CCHC tiếp tục được cải thiện, {fmt.thay_doi(h.change_points)} so với năm {h.previous_year}"
        if h.comparable_rank and h.places_gained and h.places_gained > 0:
            rise += f", {fmt.thay_doi_bac(h.places_gained)}"
        out.append(rise + f"; kết quả thuộc nhóm {h.group}{_group_range(h.group)}.")
    if h.comparable_region_rank and h.region_places_gained and h.region_places_gained > 0:
        out.append(f"Thứ hạng trong vùng {_t(h.region)} {fmt.thay_doi_bac(h.region_places_gained)} "
                   f"(từ {h.previous_region_rank}/{h.previous_region_size} lên {h.region_rank}/{h.region_size}).")
    above = areas[areas["chenh_lech"] >= NO_CHANGE].sort_values("chenh_lech", ascending=False)
    if len(above):
        out.append(f"{len(above)}/{len(areas)} lĩnh vực đạt cao hơn trung bình cả nước, nổi bật là "
                   + fmt.liet_ke(f"{_t(r['ten'])} (cao hơn {fmt.so(r['chenh_lech'])} điểm, xếp thứ "
                          f"{r['xep_hang']}/{r['so_tinh']})" for _, r in above.head(2).iterrows()) + ".")
    if "bac" in areas and areas["bac"].notna().any():
        up = areas[areas["bac"] > 0].sort_values(["bac", "ma"], ascending=[False, True])
        if len(up):
            out.append("Lĩnh vực tăng nhiều bậc nhất: " + fmt.liet_ke(
                f"{_t(r['ten'])} ({fmt.thay_doi(r['thay_doi'])}, {fmt.thay_doi_bac(r['bac'])})"
                for _, r in up.head(2).iterrows()) + ".")
    rates = _rates(methods)
    for m, name in ((APPRAISED, "thẩm định"), (SURVEY, "điều tra xã hội học")):
        other = SURVEY if m == APPRAISED else APPRAISED
        if m in rates and other in rates and rates[m] - rates[other] >= NO_CHANGE:
            out.append(f"Các nội dung {name} đạt tỷ lệ cao hơn ({fmt.phan_tram(rates[m])} so với "
                       f"{fmt.phan_tram(rates[other])}).")
    if not rose and h.group in ("A", "B"):
        kept = "duy trì ở" if h.change_points is not None else "thuộc"
        out.append(f"Chỉ số CCHC {kept} nhóm {h.group}{_group_range(h.group)}.")
    return out


def weaknesses(h, areas: pd.DataFrame, methods: pd.DataFrame, lost: pd.DataFrame) -> list[str]:
    """Hạn chế, from the numbers: below the mean, areas below the mean or fallen, where most points were lost."""
    out = []
    if h.national_mean - h.index >= NO_CHANGE:
        out.append(f"Chỉ số CCHC còn thấp hơn trung bình cả nước {fmt.so(h.national_mean - h.index)} điểm; "
                   f"tỉnh xếp thứ {h.rank}/{h.n_provinces}, ở nửa dưới bảng xếp hạng." if h.rank > h.n_provinces / 2
                   else f"Chỉ số CCHC còn thấp hơn trung bình cả nước {fmt.so(h.national_mean - h.index)} điểm.")
    fell = h.change_points is not None and h.change_points <= -NO_CHANGE
    lost_places = h.comparable_rank and h.places_gained is not None and h.places_gained < 0
    if fell:
        out.append(f"Chỉ số CCHC {fmt.thay_doi(h.change_points)} so với năm {h.previous_year}"
                   + (f", {fmt.thay_doi_bac(h.places_gained)}" if lost_places else "") + ".")
    elif lost_places:
        out.append(f"Thứ hạng {fmt.thay_doi_bac(h.places_gained)} so với năm {h.previous_year}.")
    below = areas[areas["chenh_lech"] <= -NO_CHANGE].sort_values("chenh_lech")
    if len(below):
        out.append(f"{len(below)}/{len(areas)} lĩnh vực thấp hơn trung bình cả nước: " + fmt.liet_ke(
            f"{_t(r['ten'])} (thấp hơn {fmt.so(-r['chenh_lech'])} điểm, xếp thứ {r['xep_hang']}/{r['so_tinh']})"
            for _, r in below.iterrows()) + ".")
    if "bac" in areas and areas["thay_doi"].notna().any():
        down = areas[areas["thay_doi"] <= -NO_CHANGE].sort_values(["thay_doi", "ma"])
        if len(down):
            out.append("Lĩnh vực giảm điểm so với năm trước: " + fmt.liet_ke(
                f"{_t(r['ten'])} ({fmt.thay_doi(r['thay_doi'])}"
                + (f", {fmt.thay_doi_bac(r['bac'])}" if _has(r["bac"]) else "") + ")" for _, r in down.iterrows())
                + ".")
    if len(lost):
        top = lost.sort_values(["diem_mat", "ma"], ascending=[False, True]).head(3)
        out.append(f"Tổng số điểm bị trừ là {fmt.diem(lost['diem_mat'].sum())} điểm ở {len(lost)} tiêu chí, tiêu "
                   "chí thành phần; bị trừ nhiều nhất ở " + fmt.liet_ke(
                       f"“{_t(r['noi_dung'])}” ({fmt.diem(r['diem_mat'])} điểm"
                       + (", điều tra XHH" if r["phuong_thuc"] == SURVEY else "") + ")" for _, r in top.iterrows())
                   + ".")
    return out


def objective_causes(h, methods: pd.DataFrame, comparable: bool, merged_from: tuple[str, ...],
                     previous_mean: float | None = None) -> list[str]:
    """Nguyên nhân khách quan, only where the data shows them: a new framework, the merger, the survey's part
    of the index (points the province does not score itself), the other provinces' progress (the national
    mean rose while the province stayed below it or lost places). previous_mean: last year's national mean."""
    out = []
    if h.previous_year is not None and not comparable:
        out.append(f"Bộ tiêu chí đánh giá năm {h.year} thay đổi so với năm {h.previous_year} (lĩnh vực, tiêu chí "
                   "và thang điểm), các cơ quan, đơn vị cần thời gian để tiếp cận, triển khai yêu cầu mới.")
    if merged_from:
        out.append(f"Năm {h.year} tỉnh thực hiện sắp xếp, hợp nhất đơn vị hành chính ({fmt.liet_ke(_t(p) for p in merged_from)})"
                   " và kiện toàn các cơ quan chuyên môn, ảnh hưởng đến việc triển khai, theo dõi và lưu trữ tài liệu "
                   "kiểm chứng của một số nhiệm vụ.")
    rise = None if previous_mean is None or h.previous_year is None else h.national_mean - previous_mean
    if rise is not None and rise >= NO_CHANGE and h.comparable_rank:
        text = (f"Mặt bằng chung cả nước tiếp tục được nâng lên: trung bình Chỉ số CCHC cả nước năm {h.year} đạt "
                f"{fmt.phan_tram(h.national_mean)}, tăng {fmt.so(rise)} điểm so với năm {h.previous_year} "
                f"({fmt.phan_tram(previous_mean)})")
        if h.change_points is not None and h.change_points > 0 and (h.places_gained or 0) <= 0:
            out.append(text + ", nên dù tăng điểm, thứ hạng của tỉnh chưa được nâng lên.")
        elif h.national_mean - h.index >= NO_CHANGE:
            out.append(text + ", nên dù " + (f"{fmt.thay_doi(h.change_points)}, " if h.change_points is not None
                                             and h.change_points >= NO_CHANGE else "đã có cố gắng, ")
                       + "Chỉ số của tỉnh vẫn thấp hơn trung bình cả nước.")
    survey = methods[methods["phuong_thuc"] == SURVEY]
    if len(survey) and float(survey["diem_mat"].iloc[0]) >= NO_CHANGE:
        s = survey.iloc[0]
        out.append(f"Các nội dung điều tra xã hội học ({fmt.diem(s['diem_toi_da'])}/100 điểm) do Bộ Nội vụ khảo sát "
                   "trực tiếp người dân, tổ chức và cán bộ, công chức; kết quả phụ thuộc vào cảm nhận, đánh giá của "
                   "người được khảo sát, không cải thiện được bằng việc bổ sung tài liệu kiểm chứng như các nội dung thẩm "
                   f"định (năm "
                   f"{h.year} đạt {fmt.phan_tram(s['ty_le'])}, bị trừ {fmt.diem(s['diem_mat'])} điểm).")
    return out


def subjective_causes(by_agency: pd.DataFrame, own_agency: str, n: int = 3, repeated: int | None = None,
                      year: int | None = None) -> list[str]:
    """Nguyên nhân chủ quan: the agencies whose appraised criteria lost most, the own agency included, by name.
    repeated: how many criteria lost points in `year` and the year before too (None: not known); the standing
    agency's follow-up of last year's losses is faulted only with that count to show for it."""
    appraised = by_agency[by_agency["mat_tham_dinh"] > 0].sort_values(["mat_tham_dinh", "co_quan_chu_tri"],
                                                                      ascending=[False, True]).head(n)
    out = []
    if len(appraised):
        out.append("Một số cơ quan chủ trì chưa thực hiện đầy đủ, kịp thời hoặc chưa lưu đủ tài liệu kiểm chứng các "
                   "nhiệm vụ được giao, nhất là " + fmt.liet_ke(
                       f"{_t(r['co_quan_chu_tri'])} (bị trừ {fmt.diem(r['mat_tham_dinh'])} điểm thẩm định)"
                       for _, r in appraised.iterrows()) + ".")
    follow_up = (f"những nội dung bị trừ điểm từ năm trước ({repeated} nội dung bị trừ điểm cả hai năm {year - 1} và "
                 f"{year})" if repeated and year else "những nội dung bị trừ điểm")
    out.append("Công tác theo dõi, đôn đốc, kiểm tra việc thực hiện các tiêu chí, tiêu chí thành phần chưa thường "
               f"xuyên; {_t(own_agency)} với vai trò cơ quan thường trực chưa kịp thời tham mưu khắc phục {follow_up}.")
    out.append("Việc tuyên truyền về cải cách hành chính đến người dân, tổ chức chưa sâu rộng, ảnh hưởng đến kết quả "
               "đánh giá của người dân, tổ chức.")
    return out


def repeated_intro(repeated: pd.DataFrame, n_lost: int, n_table: int, threshold: float, year: int) -> str:
    """What the criteria lost two years running come to, before their table."""
    before = year - 1
    if repeated.empty:
        return (f"Không có tiêu chí, tiêu chí thành phần nào bị trừ điểm trong cả hai năm {before} và {year} "
                "(cùng mã, cùng nội dung).")
    text = (f"Trong {n_lost} tiêu chí, tiêu chí thành phần bị trừ điểm năm {year}, có {len(repeated)} nội dung đã bị "
            f"trừ điểm năm {before}, tổng cộng {fmt.diem(repeated['diem_mat'].sum())} điểm năm {year} (thẩm định "
            f"{fmt.diem(repeated.loc[repeated['phuong_thuc'] != SURVEY, 'diem_mat'].sum())} điểm; điều tra xã hội học "
            f"{fmt.diem(repeated.loc[repeated['phuong_thuc'] == SURVEY, 'diem_mat'].sum())} điểm); đây là những tồn "
            "tại chưa được khắc phục dứt điểm.")
    if n_table:
        text += (f" {n_table} nội dung bị trừ từ {fmt.diem(threshold)} điểm trở lên trong cả hai năm cần được ưu tiên "
                 "khắc phục:")
    return text


def repeated_rest_line(rest: pd.DataFrame, threshold: float, year: int) -> str:
    """The criteria lost both years but less than the threshold in one of them, by name."""
    if rest.empty:
        return ""
    return (f"Ngoài ra, {len(rest)} nội dung bị trừ điểm cả hai năm {year - 1} và {year} nhưng có năm bị trừ dưới "
            f"{fmt.diem(threshold)} điểm: {fmt.liet_ke(f'“{_t(n)}”' for n in rest['noi_dung'])}.")


def repeated_weakness(repeated: pd.DataFrame | None, n_table: int, threshold: float, year: int) -> list[str]:
    """A Hạn chế line on the criteria lost two years running (none without last year's detail)."""
    if repeated is None or repeated.empty:
        return []
    top = repeated.head(1).iloc[0]
    text = (f"{len(repeated)} tiêu chí, tiêu chí thành phần bị trừ điểm hai năm liên tiếp ({year - 1} và {year})")
    if n_table:
        text += f", trong đó {n_table} nội dung bị trừ từ {fmt.diem(threshold)} điểm trở lên cả hai năm"
    return [text + f"; nhiều nhất là “{_t(top['noi_dung'])}” (năm {year - 1} bị trừ {fmt.diem(top['diem_mat_truoc'])} "
            f"điểm, năm {year} bị trừ {fmt.diem(top['diem_mat'])} điểm)."]


bullets = fmt.bullets  # the notebook's name for it


# ---------------------------------------------------------------- tasks


# Default tasks, by what a criterion is about (first match on its text wins). Survey (XHH) criteria are scored
# by what people, organisations and civil servants say when the Ministry asks them: their tasks are service,
# communication and satisfaction actions, never evidence documents, which cannot raise a survey score.
SURVEY_THEMES = (
    (("cung ứng dịch vụ",), "Nâng chất lượng các dịch vụ sự nghiệp công (y tế, giáo dục, …); lấy ý kiến người sử "
                            "dụng dịch vụ và khắc phục ngay những nội dung bị đánh giá thấp"),
    (("trực tuyến",), "Hướng dẫn, hỗ trợ người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến ngay tại Bộ phận "
                      "Một cửa; khắc phục lỗi, đơn giản hóa thao tác trên Cổng dịch vụ công"),
    (("tiếp cận thông tin", "chính sách", "tuyên truyền"),
     "Đẩy mạnh thông tin, tuyên truyền chính sách, pháp luật đến người dân, tổ chức qua Cổng thông tin điện tử, "
     "báo, đài, mạng xã hội và hệ thống truyền thanh cơ sở; trả lời kịp thời câu hỏi của người dân"),
    (("minh bạch", "giải trình"), "Công khai kịp thời thông tin chỉ đạo, điều hành, ngân sách, quy hoạch; tổ chức đối "
                                  "thoại và trả lời phản ánh của người dân, tổ chức đúng hạn"),
    (("hài lòng", "thủ tục"), "Nâng chất lượng phục vụ tại Bộ phận Một cửa các cấp (thái độ, tác phong của công "
                              "chức, thời gian giải quyết); lấy ý kiến người dân, tổ chức sau mỗi giao dịch và xử "
                              "lý ngay các góp ý"),
    (("tham mưu", "ý thức", "trách nhiệm", "công vụ", "cán bộ"),
     "Chấn chỉnh tinh thần, thái độ, trách nhiệm công vụ của cán bộ, công chức; thông tin kết quả khảo sát năm "
     "trước đến lãnh đạo các cơ quan để khắc phục những nội dung bị đánh giá thấp"),
    (("kinh tế", "chỉ tiêu", "đầu tư", "doanh nghiệp"),
     "Thông tin đầy đủ kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội đến người dân, doanh nghiệp; đối "
     "thoại doanh nghiệp, tháo gỡ kịp thời khó khăn, vướng mắc"),
)
SURVEY_DEFAULT = ("Nâng mức độ hài lòng của người dân, tổ chức về “{x}”: cải thiện chất lượng phục vụ, tăng cường "
                  "thông tin, tuyên truyền")
APPRAISED_THEMES = (
    (("tỷ lệ",), "Nâng {x} lên mức tối đa; rà soát, cập nhật số liệu trên hệ thống đầy đủ, kịp thời trước kỳ đánh "
                 "giá"),
    (("tuyên truyền",), "Thực hiện đầy đủ kế hoạch tuyên truyền cải cách hành chính, đa dạng hình thức; lưu sản phẩm "
                        "tuyên truyền làm tài liệu kiểm chứng"),
    (("báo cáo",), "Gửi đủ các báo cáo định kỳ, đột xuất về cải cách hành chính đúng thời hạn, đúng đề cương; lập sổ "
                   "theo dõi thời hạn từng báo cáo"),
    (("kiểm tra",), "Kiểm tra đủ số cơ quan, đơn vị theo kế hoạch; theo dõi, đôn đốc xử lý dứt điểm vấn đề phát hiện "
                    "qua kiểm tra, có kết luận kiểm tra"),
    (("an toàn thông tin", "chữ ký số", "hệ thống quản lý", "hệ thống thông tin", "điện tử"),
     "Triển khai đầy đủ nội dung “{x}” tại các cơ quan, đơn vị; kiểm tra mức độ sử dụng hằng quý, khắc phục ngay "
     "lỗi phát sinh"),
    (("văn bản",), "Thực hiện đúng, đủ quy trình “{x}” theo Luật Ban hành văn bản quy phạm pháp luật; lưu hồ sơ, "
                   "kết quả làm tài liệu kiểm chứng"),
    (("pháp luật",), "Thực hiện đầy đủ kế hoạch năm về “{x}”; lưu hồ sơ, kết quả thực hiện làm tài liệu kiểm chứng"),
    (("phản ánh", "kiến nghị"), "Xử lý đúng hạn mọi phản ánh, kiến nghị và công khai kết quả xử lý; theo dõi từng "
                                "phản ánh đến khi hoàn thành"),
    (("công khai", "cổng"), "Rà soát, công khai đầy đủ, kịp thời các thủ tục hành chính và thông tin phải công "
                            "khai; đối chiếu nội dung công khai trên Cổng dịch vụ công hằng tháng"),
    (("xin lỗi", "trễ hạn", "quá hạn"), "Theo dõi hằng ngày hồ sơ sắp đến hạn; gửi thư xin lỗi người dân, tổ chức "
                                        "đối với mọi hồ sơ trễ hạn, hẹn lại thời gian trả kết quả và lưu làm tài liệu "
                                        "kiểm chứng"),
    (("hồ sơ", "số hóa", "trực tuyến", "thanh toán"),
     "Hướng dẫn, hỗ trợ cơ quan, đơn vị thực hiện “{x}”; theo dõi số liệu trên Hệ thống thông tin giải quyết thủ "
     "tục hành chính hằng tháng"),
    (("tài chính", "tài sản", "ngân sách", "chi tiêu", "tự chủ", "tiết kiệm", "vốn", "giải ngân"),
     "Thực hiện đúng quy định, rà soát và công khai số liệu về “{x}” theo quý"),
    (("biên chế", "cơ cấu", "tổ chức", "quy chế", "phân cấp"),
     "Rà soát, khắc phục những điểm chưa đúng quy định ở nội dung “{x}”; ban hành, sửa đổi kịp thời văn bản còn "
     "thiếu hoặc chưa phù hợp"),
    (("công chức", "tuyển dụng", "vị trí việc làm", "đào tạo", "bồi dưỡng", "kỷ luật", "kỷ cương"),
     "Chấn chỉnh, thực hiện nghiêm nội dung “{x}”; tăng cường kiểm tra công vụ, xử lý nghiêm vi phạm"),
    (("kế hoạch",), "Theo dõi tiến độ từng nhiệm vụ (“{x}”) hằng quý, hoàn thành đúng thời hạn; lưu đủ văn bản làm tài "
                    "liệu kiểm chứng"),
    (("đầu tư", "doanh nghiệp", "kinh tế"), "Cải thiện “{x}”: tháo gỡ khó khăn cho doanh nghiệp, nhà đầu tư; theo "
                                            "dõi các chỉ tiêu định kỳ"),
)
APPRAISED_DEFAULT = "Rà soát nguyên nhân bị trừ điểm ở nội dung “{x}”, khắc phục và lưu đủ tài liệu kiểm chứng"


def _theme(text: str, themes, default: str) -> str:
    lower = text[:1].lower() + text[1:]
    folded = text.lower()
    for words, action in themes:
        if any(w in folded for w in words):
            return action.format(x=lower)
    return default.format(x=lower)


def task_action(r: pd.Series) -> str:
    """The default task for one lost criterion (plain text, for a table cell): by what the criterion is about
    and how it is scored (survey: service, communication, satisfaction; appraised: the action and its evidence),
    with the Ministry's appraisal note (`ghi_chu`) where the data has one, and for an appraised criterion that
    scored nothing, the evidence the Ministry must receive."""
    text = str(r["noi_dung"]).strip()
    if r["phuong_thuc"] == SURVEY:
        return _theme(text, SURVEY_THEMES, SURVEY_DEFAULT) + "."
    note = r.get("ghi_chu") if hasattr(r, "get") else None
    action = _theme(text, APPRAISED_THEMES, APPRAISED_DEFAULT)
    if isinstance(note, str) and note.strip():
        action = f"Bộ Nội vụ nhận xét: {note.strip().rstrip('.')}. {action}"
    got = r.get("diem_dat") if hasattr(r, "get") else None
    if _has(got) and float(got) <= 0:
        action += "; bảo đảm có đủ sản phẩm, tài liệu kiểm chứng gửi Bộ Nội vụ đúng hạn"
    return action + "."


def task_target(r: pd.Series, year: int) -> str:
    """A measurable target: the criterion's maximum, against what it scored this year."""
    return f"đạt {fmt.diem(r['diem_toi_da'])}/{fmt.diem(r['diem_toi_da'])} điểm (năm {year}: {fmt.diem(r['diem_dat'])})"


def task_cell(task: str, target: str) -> str:
    """The task and its target in one table cell: 'Task. Chỉ tiêu: target.' (each as given, one full stop)."""
    task, target = task.strip(), target.strip()
    head = task if task.endswith((".", "!", "?", "…")) else task + "."
    if not target:
        return head
    return f"{head} Chỉ tiêu: {target}" + ("" if target.endswith((".", "…")) else ".")


def task_partner(r: pd.Series, own_agency: str) -> str:
    """The default coordinating agency: the lead of the criterion's area when another agency leads the
    criterion itself (a survey criterion led by the Sở Nội vụ in the area of e-government: the agency leading
    that area), else the standing agency for reform (the Sở Nội vụ), else the agencies and localities."""
    lead, area_lead = str(r["co_quan_chu_tri"]), str(r.get("chu_tri_linh_vuc") or "")
    if area_lead and area_lead != lead:
        return area_lead
    if own_agency and own_agency != lead:
        return own_agency
    return "Các sở, ban, ngành, địa phương"


def tasks_intro(parent_agency: str, deadline: dt.date, next_year: int) -> str:
    return (f"Căn cứ các nội dung bị mất điểm, để cải thiện Chỉ số CCHC năm {next_year}, Sở Nội vụ tham mưu "
            f"{_t(parent_agency)} giao các cơ quan chủ trì thực hiện các nhiệm vụ sau, hoàn thành trước "
            f"{fmt.ngay(deadline)}; báo cáo kết quả về Sở Nội vụ để tổng hợp, báo cáo {_t(parent_agency)}.")


def agency_task_intro(agency: str, items: pd.DataFrame, own: bool) -> str:
    total = fmt.diem(items["diem_mat"].sum())
    if own:
        return (f"{_t(agency)} (cơ quan thường trực về cải cách hành chính) trực tiếp khắc phục {len(items)} nội dung "
                f"do Sở chủ trì (có thể cải thiện {total} điểm; {_split(items)}); đồng thời theo dõi, đôn đốc các cơ "
                "quan chủ trì và tổng hợp kết quả hằng quý:")
    return f"{_t(agency)} chủ trì khắc phục {len(items)} nội dung (có thể cải thiện {total} điểm; {_split(items)}):"


def small_items_line(agency: str, small: pd.DataFrame, threshold: float, own: bool) -> str:
    """One line for the criteria losing less than the threshold: appraised ones completed with their evidence,
    survey ones kept up by service and information (never evidence documents, which a survey does not read)."""
    if small.empty:
        return ""
    who = "Sở" if own else _t(agency)
    survey = small[small["phuong_thuc"] == SURVEY]
    appraised = small[small["phuong_thuc"] != SURVEY]

    def names(part: pd.DataFrame) -> str:
        return fmt.liet_ke(f"“{_t(n)}”" for n in part["noi_dung"])

    parts = []
    if len(appraised):
        parts.append(f"{who} rà soát, bổ sung tài liệu kiểm chứng của {len(appraised)} nội dung thẩm định "
                     f"({names(appraised)}) để đạt điểm tối đa")
    if len(survey):
        parts.append(f"{'với' if parts else who + ' với'} {len(survey)} nội dung điều tra xã hội học "
                     f"({names(survey)}), tiếp tục nâng chất lượng phục vụ và thông tin đến người dân, tổ chức")
    return (f"Ngoài ra, {len(small)} nội dung bị trừ dưới {fmt.diem(threshold)} điểm (tổng cộng "
            f"{fmt.diem(small['diem_mat'].sum())} điểm): " + "; ".join(parts) + ".")
