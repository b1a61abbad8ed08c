"""Sentences of the national report: expected texts written by hand."""
from __future__ import annotations

import pandas as pd

from pipeline.report.national import narrative
from pipeline.report.national.analysis import Headline


def headline(**changes) -> Headline:
    # Vĩnh Long 2022 (Báo cáo 196/BC-SNV): 83,54%, 46/63, 2021: 80,63%, 58/63.
    values = dict(year=2022, province="Vĩnh Long", index=83.54, rank=46, n_provinces=63,
                  region="Đồng bằng sông Cửu Long", region_rank=9, region_size=13, group="B", national_mean=84.79,
                  previous_year=2021, previous_index=80.63, previous_rank=58, previous_n=63)
    return Headline(**{**values, **changes})


def test_national_headline():
    # 83.54 - 80.63 = 2.91 points; 58 - 46 = 12 places; 84.79 - 83.54 = 1.25 below the mean.
    assert narrative.national_headline(headline()) == (
        "Năm 2022, Chỉ số CCHC (PAR INDEX) của tỉnh Vĩnh Long đạt **83,54%**, xếp thứ **46/63** tỉnh, thành phố "
        "trực thuộc Trung ương; so với năm 2021 (80,63%, xếp thứ 58/63), tăng 2,91 điểm và tăng 12 bậc. Trong vùng "
        "Đồng bằng sông Cửu Long, tỉnh xếp thứ 9/13. Kết quả thuộc nhóm B (từ 80% đến dưới 90%); thấp hơn trung bình "
        "cả nước (84,79%) 1,25 điểm.")


def test_national_headline_after_the_merger_and_above_the_mean():
    h = headline(year=2025, index=91.0, rank=5, n_provinces=34, region_rank=1, region_size=5, group="A",
                 national_mean=88.5, previous_year=2024, previous_index=91.0, previous_rank=20, previous_n=63)
    # 91 - 88.5 = 2.5 above the mean; same index as last year.
    assert narrative.national_headline(h) == (
        "Năm 2025, Chỉ số CCHC (PAR INDEX) của tỉnh Vĩnh Long đạt **91,00%**, xếp thứ **5/34** tỉnh, thành phố "
        "trực thuộc Trung ương; so với năm 2024 (91,00%, xếp thứ 20/63), không đổi; thứ hạng không so sánh trực "
        "tiếp được do số tỉnh, thành phố thay đổi (63 → 34). Trong vùng Đồng bằng sông Cửu Long, tỉnh xếp thứ 1/5. "
        "Kết quả thuộc nhóm A (từ 90% trở lên); cao hơn trung bình cả nước (88,50%) 2,50 điểm.")


def test_national_headline_at_the_mean_without_a_previous_year():
    h = headline(index=65.0, group="dưới C", national_mean=65.0, previous_year=None, previous_index=None,
                 previous_rank=None, previous_n=None)
    assert narrative.national_headline(h) == (
        "Năm 2022, Chỉ số CCHC (PAR INDEX) của tỉnh Vĩnh Long đạt **65,00%**, xếp thứ **46/63** tỉnh, thành phố "
        "trực thuộc Trung ương. Trong vùng Đồng bằng sông Cửu Long, tỉnh xếp thứ 9/13. Kết quả thuộc nhóm dưới C "
        "(dưới 70%); bằng trung bình cả nước (65,00%).")


def test_national_areas():
    table = pd.DataFrame({"ten": ["Chỉ đạo", "TTHC", "Bộ máy"], "diem": [9.0, 7.5, 6.0], "diem_toi_da": [10.0, 10, 10],
                          "trung_binh": [8.5, 8.0, 6.0], "xep_hang": [10, 50, 30], "so_tinh": [63, 63, 63]})
    # Chỉ đạo above the mean, Bộ máy equal to it: 2 of 3; TTHC below.
    assert narrative.national_areas(table) == (
        "2/3 lĩnh vực đạt bằng hoặc cao hơn trung bình cả nước. Thấp hơn trung bình cả nước: TTHC (đạt 7,5/10 điểm, "
        "trung bình 8,00, xếp thứ 50/63).")
    assert narrative.national_areas(table.iloc[:1]) == "1/1 lĩnh vực đạt bằng hoặc cao hơn trung bình cả nước."


NATIONAL_LOST = pd.DataFrame({"ma": ["1.2", "3.1.1"], "noi_dung": ["Kiểm tra", "Hài lòng"],
                              "diem_dat": [0.92, 1.5], "diem_toi_da": [1.0, 2.0], "diem_mat": [0.08, 0.5],
                              "phuong_thuc": ["TĐ", "XHH"]})


def test_lost_item_agency_lost_and_tasks():
    assert narrative.lost_item(NATIONAL_LOST.iloc[0]) == "đạt 0,92/1 điểm, bị trừ 0,08 điểm"
    # 0.08 + 0.5 = 0.58 points.
    assert narrative.agency_lost("Sở Nội vụ", NATIONAL_LOST) == (
        "Sở Nội vụ chủ trì 2 tiêu chí, tiêu chí thành phần bị mất điểm, tổng cộng 0,58 điểm:\n\n"
        "- 1.2 Kiểm tra: đạt 0,92/1 điểm, bị trừ 0,08 điểm\n"
        "- 3.1.1 Hài lòng: đạt 1,5/2 điểm, bị trừ 0,5 điểm (điều tra XHH)")
    assert narrative.agency_tasks("Sở Nội vụ", NATIONAL_LOST, 2023) == (
        "**Sở Nội vụ** (có thể cải thiện 0,58 điểm): chủ trì khắc phục 1.2 Kiểm tra (0,08 điểm); 3.1.1 Hài lòng "
        "(0,5 điểm); báo cáo kết quả về Sở Nội vụ trước khi Bộ Nội vụ đánh giá Chỉ số CCHC năm 2024.")


def methods(td_rate, xhh_rate) -> pd.DataFrame:
    return pd.DataFrame({"phuong_thuc": ["TĐ", "XHH"], "diem_dat": [td_rate * 0.6, xhh_rate * 0.4],
                         "diem_toi_da": [60.0, 40.0], "ty_le": [td_rate, xhh_rate]})


def test_national_methods():
    opening = ("Các nội dung do Bộ Nội vụ thẩm định đạt 54/60 điểm (90,00%); các nội dung điều tra xã hội học đạt "
               "{xhh}/40 điểm ({rate}). ")
    # TĐ 90% of 60 = 54; XHH 80% of 40 = 32: the survey part lost more, in proportion.
    assert narrative.national_methods(methods(90.0, 80.0)) == (
        opening.format(xhh="32", rate="80,00%") + "Tỉnh mất nhiều điểm hơn (theo tỷ lệ) ở các nội dung điều tra xã "
                                                  "hội học.")
    # XHH 95% of 40 = 38: now the appraised part lost more.
    assert narrative.national_methods(methods(90.0, 95.0)).endswith(
        "Tỉnh mất nhiều điểm hơn (theo tỷ lệ) ở các nội dung thẩm định.")
    # XHH 90% of 40 = 36: the same rate, neither part lost more.
    assert narrative.national_methods(methods(90.0, 90.0)) == (
        opening.format(xhh="36", rate="90,00%") + "Tỷ lệ điểm đạt của hai nhóm nội dung bằng nhau.")
    assert narrative.national_methods(methods(90.0, 80.0).iloc[:1]) == ""
