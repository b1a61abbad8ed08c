"""Sentences of the national report (like Báo cáo 196/BC-SNV). Pure: tables in, strings out."""
from __future__ import annotations

import pandas as pd

from ...contract import APPRAISED, NO_CHANGE, SURVEY
from .. import fmt
from ..narrative import _t


def national_headline(h, province_word: str = "tỉnh") -> str:
    """'Năm 2022, Chỉ số CCHC của tỉnh Vĩnh Long đạt 83,54%, xếp thứ 46/63, tăng 2,91 điểm và tăng 12 bậc …'"""
    text = (f"Năm {h.year}, Chỉ số CCHC (PAR INDEX) của {province_word} {_t(h.province)} đạt "
            f"**{fmt.phan_tram(h.index)}**, xếp thứ **{h.rank}/{h.n_provinces}** tỉnh, thành phố trực thuộc Trung ương")
    if h.previous_year is not None:
        text += f"; so với năm {h.previous_year} ({fmt.phan_tram(h.previous_index)}, "
        text += f"xếp thứ {h.previous_rank}/{h.previous_n}), {fmt.thay_doi(h.change_points)}"
        if h.comparable_rank:
            text += f" và {fmt.thay_doi_bac(h.places_gained)}"
        else:
            text += (f"; thứ hạng không so sánh trực tiếp được do số tỉnh, thành phố thay đổi "
                     f"({h.previous_n} → {h.n_provinces})")
    text += (f". Trong vùng {_t(h.region)}, {province_word} xếp thứ {h.region_rank}/{h.region_size}. "
             f"Kết quả thuộc nhóm {h.group}")
    text += (" (từ 90% trở lên)" if h.group == "A" else " (từ 80% đến dưới 90%)" if h.group == "B"
             else " (từ 70% đến dưới 80%)" if h.group == "C" else " (dưới 70%)")
    diff = h.index - h.national_mean
    if abs(diff) < NO_CHANGE:  # would print as "cao hơn … 0,00 điểm"
        return text + f"; bằng trung bình cả nước ({fmt.phan_tram(h.national_mean)})."
    text += (f"; {'cao hơn' if diff >= 0 else 'thấp hơn'} trung bình cả nước ({fmt.phan_tram(h.national_mean)}) "
             f"{fmt.so(abs(diff))} điểm.")
    return text


def national_areas(areas: pd.DataFrame) -> str:
    above = areas[areas["diem"] >= areas["trung_binh"]]
    below = areas[areas["diem"] < areas["trung_binh"]].sort_values("xep_hang", ascending=False)
    text = f"{len(above)}/{len(areas)} lĩnh vực đạt bằng hoặc cao hơn trung bình cả nước."
    if len(below):
        text += " Thấp hơn trung bình cả nước: " + "; ".join(
            f"{_t(r['ten'])} (đạt {fmt.diem(r['diem'])}/{fmt.diem(r['diem_toi_da'])} điểm, trung bình "
            f"{fmt.so(r['trung_binh'])}, xếp thứ {r['xep_hang']}/{r['so_tinh']})" for _, r in below.iterrows()) + "."
    return text


def lost_item(r: pd.Series) -> str:
    """'đạt 0,92/1 điểm, bị trừ 0,08 điểm'"""
    return f"đạt {fmt.diem(r['diem_dat'])}/{fmt.diem(r['diem_toi_da'])} điểm, bị trừ {fmt.diem(r['diem_mat'])} điểm"


def agency_lost(agency: str, items: pd.DataFrame) -> str:
    return (f"{_t(agency)} chủ trì {len(items)} tiêu chí, tiêu chí thành phần bị mất điểm, tổng cộng "
            f"{fmt.diem(items['diem_mat'].sum())} điểm:\n\n"
            + "\n".join(f"- {_t(r['ma'])} {_t(r['noi_dung'])}: {lost_item(r)}"
                        + (" (điều tra XHH)" if r["phuong_thuc"] == SURVEY else "") for _, r in items.iterrows()))


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


def agency_tasks(agency: str, items: pd.DataFrame, year: int) -> str:
    return (f"**{_t(agency)}** (có thể cải thiện {fmt.diem(items['diem_mat'].sum())} điểm): chủ trì khắc phục "
            + "; ".join(f"{_t(r['ma'])} {_t(r['noi_dung'])} ({fmt.diem(r['diem_mat'])} điểm)"
                        for _, r in items.iterrows())
            + f"; báo cáo kết quả về Sở Nội vụ trước khi Bộ Nội vụ đánh giá Chỉ số CCHC năm {year + 1}.")
