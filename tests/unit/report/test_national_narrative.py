"""Sentences of the national report: expected texts written by hand."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.report.national import narrative
from pipeline.report.national.analysis import Headline


def headline(**changes) -> Headline:
    # Vĩnh Long 2022 (Báo cáo 196/BC-SNV, press): 83,54%, 46/63, up 12 places and 0,72 points on 2021 (82,82%,
    # 58/63), 8/13 in the Mekong Delta; 2021's regional rank (11/13) is made up here.
    values = dict(year=2022, province="Vĩnh Long", index=83.54, rank=46, n_provinces=63,
                  region="Đồng bằng sông Cửu Long", region_rank=8, region_size=13, group="B", national_mean=84.79,
                  previous_year=2021, previous_index=82.82, previous_rank=58, previous_n=63,
                  previous_region_rank=11, previous_region_size=13)
    return Headline(**{**values, **changes})


def test_national_headline():
    # 83.54 - 82.82 = 0.72 points; 58 - 46 = 12 places; region 11 - 8 = 3 places; 84.79 - 83.54 = 1.25 below.
    assert narrative.national_headline(headline()) == (
        "Năm 2022, Chỉ số CCHC (PAR INDEX) của tỉnh Vĩnh Long đạt **83,54%**, xếp thứ **46/63** tỉnh, thành phố "
        "trực thuộc Trung ương; so với năm 2021 (82,82%, xếp thứ 58/63), tăng 0,72 điểm và tăng 12 bậc. Trong vùng "
        "Đồng bằng sông Cửu Long, tỉnh xếp thứ 8/13 (năm 2021: 11/13, tăng 3 bậc). Kết quả thuộc nhóm B (từ 80% "
        "đến dưới 90%); thấp hơn trung bình cả nước (84,79%) 1,25 điểm.")


def test_national_headline_names_the_provinces_sharing_the_rank():
    text = narrative.national_headline(headline(tied_with=("Bạc Liêu", "Cà Mau")))
    assert "xếp thứ **46/63** tỉnh, thành phố trực thuộc Trung ương (đồng hạng với Bạc Liêu và Cà Mau);" in text


def test_national_headline_after_the_merger_and_above_the_mean():
    h = headline(year=2025, index=91.0, rank=5, n_provinces=34, region_rank=1, region_size=5, group="A",
                 national_mean=88.5, previous_year=2024, previous_index=91.0, previous_rank=20, previous_n=63,
                 previous_region_rank=4, previous_region_size=13)
    # 91 - 88.5 = 2.5 above the mean; same index as last year.
    assert narrative.national_headline(h) == (
        "Năm 2025, Chỉ số CCHC (PAR INDEX) của tỉnh Vĩnh Long đạt **91,00%**, xếp thứ **5/34** tỉnh, thành phố "
        "trực thuộc Trung ương; so với năm 2024 (91,00%, xếp thứ 20/63), không đổi; thứ hạng không so sánh trực "
        "tiếp được do số tỉnh, thành phố thay đổi (63 → 34). Trong vùng Đồng bằng sông Cửu Long, tỉnh xếp thứ 1/5 "
        "(năm 2024 xếp thứ 4/13 trong vùng trước sắp xếp; không so sánh trực tiếp được). "
        "Kết quả thuộc nhóm A (từ 90% trở lên); cao hơn trung bình cả nước (88,50%) 2,50 điểm.")


def test_national_headline_at_the_mean_without_a_previous_year():
    h = headline(index=65.0, group="dưới C", national_mean=65.0, previous_year=None, previous_index=None,
                 previous_rank=None, previous_n=None, previous_region_rank=None, previous_region_size=None)
    assert narrative.national_headline(h) == (
        "Năm 2022, Chỉ số CCHC (PAR INDEX) của tỉnh Vĩnh Long đạt **65,00%**, xếp thứ **46/63** tỉnh, thành phố "
        "trực thuộc Trung ương. Trong vùng Đồng bằng sông Cửu Long, tỉnh xếp thứ 8/13. Kết quả thuộc nhóm dưới C "
        "(dưới 70%); bằng trung bình cả nước (65,00%).")


def test_national_areas():
    table = pd.DataFrame({"ten": ["Chỉ đạo", "TTHC", "Bộ máy"], "diem": [9.0, 7.5, 6.0], "diem_toi_da": [10.0, 10, 10],
                          "trung_binh": [8.5, 8.0, 6.0], "xep_hang": [10, 50, 30], "so_tinh": [63, 63, 63]})
    # Chỉ đạo above the mean, Bộ máy equal to it: 2 of 3; TTHC below.
    assert narrative.national_areas(table) == (
        "2/3 lĩnh vực đạt bằng hoặc cao hơn trung bình cả nước. Thấp hơn trung bình cả nước: TTHC (đạt 7,5/10 điểm, "
        "trung bình 8,00, xếp thứ 50/63).")
    assert narrative.national_areas(table.iloc[:1]) == "1/1 lĩnh vực đạt bằng hoặc cao hơn trung bình cả nước."


NATIONAL_LOST = pd.DataFrame({"ma": ["1.2.1", "1.1.1", "3.1.1"], "noi_dung": ["Kiểm tra", "Kế hoạch", "Hài lòng"],
                              "tieu_chi": ["Công tác kiểm tra", "Kế hoạch CCHC", "Sự hài lòng"],
                              "linh_vuc": ["1", "1", "3"], "ten_linh_vuc": ["Chỉ đạo", "Chỉ đạo", "TTHC"],
                              "diem_dat": [0.92, 1.95, 1.5], "diem_toi_da": [1.0, 2.0, 2.0],
                              "diem_mat": [0.08, 0.05, 0.5], "phuong_thuc": ["TĐ", "TĐ", "XHH"]})


def test_lost_item_and_agency_lost_grouped_by_area():
    assert narrative.lost_item(NATIONAL_LOST.iloc[0]) == "đạt 0,92/1 điểm, bị trừ 0,08 điểm"
    # 0.08 + 0.05 + 0.5 = 0.63 points: appraised 0.08 + 0.05 = 0.13, survey 0.5. Areas in the order given.
    assert narrative.agency_lost("Sở Nội vụ", NATIONAL_LOST) == (
        "Sở Nội vụ chủ trì 3 tiêu chí, tiêu chí thành phần bị mất điểm, tổng cộng 0,63 điểm (thẩm định 0,13 điểm; "
        "điều tra XHH 0,5 điểm).\n\n"
        "Lĩnh vực Chỉ đạo (bị trừ 0,13 điểm):\n\n"
        "- Kiểm tra (tiêu chí Công tác kiểm tra): đạt 0,92/1 điểm, bị trừ 0,08 điểm\n"
        "- Kế hoạch (tiêu chí Kế hoạch CCHC): đạt 1,95/2 điểm, bị trừ 0,05 điểm\n\n"
        "Lĩnh vực TTHC (bị trừ 0,5 điểm):\n\n"
        "- Hài lòng (tiêu chí Sự hài lòng): đạt 1,5/2 điểm, bị trừ 0,5 điểm (điều tra XHH)")


def test_tasks_are_addressed_to_the_agency_and_the_own_agency_does_its_part():
    other = narrative.agency_task_intro("Sở Tư pháp", NATIONAL_LOST.iloc[:2], own=False)
    assert other == "Sở Tư pháp chủ trì khắc phục 2 nội dung (có thể cải thiện 0,13 điểm; thẩm định 0,13 điểm):"
    own = narrative.agency_task_intro("Sở Nội vụ", NATIONAL_LOST, own=True)
    assert own.startswith("Sở Nội vụ (cơ quan thường trực về cải cách hành chính) trực tiếp khắc phục 3 nội dung")
    assert "báo cáo" not in own and "về Sở Nội vụ" not in own
    # Below 0.1: 0.08 and 0.05 (0.13 in all); the own agency's line says "Sở", not a report to itself.
    small = NATIONAL_LOST.iloc[:2]
    assert narrative.small_items_line("Sở Nội vụ", small, 0.1, own=True) == (
        "Ngoài ra, 2 nội dung bị trừ dưới 0,1 điểm (tổng cộng 0,13 điểm): Sở rà soát, bổ sung tài liệu kiểm chứng "
        "của 2 nội dung thẩm định (“Kiểm tra” và “Kế hoạch”) để đạt điểm tối đa.")
    # A survey item below the threshold is kept up by service and information, not by evidence documents.
    assert narrative.small_items_line("Sở Nội vụ", NATIONAL_LOST.iloc[[0, 2]], 0.6, own=True) == (
        "Ngoài ra, 2 nội dung bị trừ dưới 0,6 điểm (tổng cộng 0,58 điểm): Sở rà soát, bổ sung tài liệu kiểm chứng "
        "của 1 nội dung thẩm định (“Kiểm tra”) để đạt điểm tối đa; với 1 nội dung điều tra xã hội học "
        "(“Hài lòng”), tiếp tục nâng chất lượng phục vụ và thông tin đến người dân, tổ chức.")
    assert narrative.small_items_line("Sở Tư pháp", small.iloc[:0], 0.1, own=False) == ""


def test_task_actions_follow_the_criterion():
    rows = pd.DataFrame({"noi_dung": ["Tỷ lệ hồ sơ giải quyết đúng hạn", "Ban hành kế hoạch", "Sự hài lòng"],
                         "phuong_thuc": ["TĐ", "TĐ", "XHH"], "ghi_chu": ["", "Ban hành chậm 10 ngày", None]})
    assert [narrative.task_action(r) for _, r in rows.iterrows()] == [
        "Nâng tỷ lệ hồ sơ giải quyết đúng hạn lên mức tối đa; rà soát, cập nhật số liệu trên hệ thống đầy đủ, kịp "
        "thời trước kỳ đánh giá.",
        "Bộ Nội vụ nhận xét: Ban hành chậm 10 ngày. Theo dõi tiến độ từng nhiệm vụ (“ban hành kế hoạch”) hằng "
        "quý, hoàn thành đúng thời hạn; lưu đủ văn bản làm tài liệu kiểm chứng.",
        "Nâng chất lượng phục vụ tại Bộ phận Một cửa các cấp (thái độ, tác phong của công chức, thời gian giải "
        "quyết); lấy ý kiến người dân, tổ chức sau mỗi giao dịch và xử lý ngay các góp ý."]


def test_tasks_intro_names_the_deadline():
    text = narrative.tasks_intro("UBND tỉnh Vĩnh Long", dt.date(2024, 10, 31), 2024)
    assert "hoàn thành trước ngày 31 tháng 10 năm 2024" in text
    # Nothing about how the tables below are laid out ("Mỗi cơ quan một bảng …").
    assert "bảng" not in text.lower() and "ở cuối" not in text
    assert narrative.short_date(dt.date(2024, 3, 5)) == "05/03/2024"


def area(**changes) -> dict:
    values = dict(ten="Cải cách thủ tục hành chính", diem=11.68, diem_toi_da=13.5, ty_le=86.52, xep_hang=30,
                  so_tinh=63, dong_hang=1, thay_doi=0.51, bac=12.0, chenh_lech=-0.04)
    return pd.Series({**values, **changes})


def test_area_line_change_in_points_and_places_ties_and_gap():
    assert narrative.area_line(area(), 2022) == (
        "Cải cách thủ tục hành chính: đạt 11,68/13,5 điểm (86,52%), xếp thứ 30/63; so với năm 2022 tăng 0,51 "
        "điểm, tăng 12 bậc; thấp hơn trung bình cả nước 0,04 điểm.")
    # Shared with two others (3 at the rank); no change known (framework changed); at the mean.
    assert narrative.area_line(area(dong_hang=3, thay_doi=float("nan"), bac=float("nan"), chenh_lech=0.001),
                               2024) == ("Cải cách thủ tục hành chính: đạt 11,68/13,5 điểm (86,52%), xếp thứ 30/63 "
                                         "(đồng hạng với 2 tỉnh, thành phố khác); bằng trung bình cả nước.")
    # Points known but not places (another number of provinces).
    assert "so với năm 2024 giảm 0,52 điểm;" in narrative.area_line(area(thay_doi=-0.52, bac=float("nan")), 2024)


def test_trend_notes_name_the_break_and_the_merger():
    segments = [pd.DataFrame({"nam": [2023, 2024], "so_tinh": [63, 63], "so_linh_vuc": pd.array([pd.NA, pd.NA],
                                                                                                dtype="Int64")}),
                pd.DataFrame({"nam": [2025], "so_tinh": [34], "so_linh_vuc": pd.array([7], dtype="Int64")})]
    assert narrative.trend_break_note(segments) == (
        "Từ năm 2025, số tỉnh, thành phố được xếp hạng thay đổi (63 → 34) và bộ tiêu chí đánh giá thay đổi: thứ "
        "hạng năm 2025 không nối với thứ hạng năm 2024 trên biểu đồ.")
    assert narrative.trend_break_note(segments[:1]) == ""
    assert narrative.merger_note("Vĩnh Long", ("Vĩnh Long", "Bến Tre", "Trà Vinh"), 2025, 2021) == (
        "Tỉnh Vĩnh Long năm 2025 được hình thành trên cơ sở hợp nhất các tỉnh Vĩnh Long, Bến Tre và Trà Vinh; số "
        "liệu các năm 2021–2024 là của tỉnh Vĩnh Long (cũ), không gồm Bến Tre và Trà Vinh.")
    assert narrative.merger_note("Vĩnh Long", (), 2025, 2021) == ""


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


AREAS = pd.DataFrame({"ma": ["1", "2"], "ten": ["Chỉ đạo", "TTHC"], "chenh_lech": [1.29, -0.58], "xep_hang": [7, 28],
                      "so_tinh": [34, 34], "bac": [float("nan")] * 2, "thay_doi": [float("nan")] * 2})


def test_strengths_of_a_year_whose_index_fell_lead_with_what_was_strong():
    # 2025 against 2024: 88.15 after 88.20, down 0.05; 34 provinces after 63 (places not comparable).
    h = headline(year=2025, index=88.15, rank=19, n_provinces=34, region_rank=3, region_size=5, national_mean=88.4,
                 previous_year=2024, previous_index=88.2, previous_rank=38, previous_n=63, previous_region_rank=7,
                 previous_region_size=13)
    out = narrative.strengths(h, AREAS, methods(86.66, 90.89))
    assert out[0].startswith("1/2 lĩnh vực đạt cao hơn trung bình cả nước, nổi bật là Chỉ đạo (cao hơn 1,29 điểm")
    assert out[1] == "Các nội dung điều tra xã hội học đạt tỷ lệ cao hơn (90,89% so với 86,66%)."
    assert out[-1] == "Chỉ số CCHC duy trì ở nhóm B (từ 80% đến dưới 90%)."
    assert not any("nhóm B" in s for s in out[:-1])
    # A year whose index rose leads with the rise.
    assert narrative.strengths(headline(), AREAS, methods(86.66, 90.89))[0].startswith(
        "Chỉ số CCHC tiếp tục được cải thiện, tăng 0,72 điểm so với năm 2021, tăng 12 bậc")


def test_objective_causes_of_a_year_with_the_same_framework():
    # 2023: 86.28% after 83.54% (+2.74), 35/63 after 46/63; the mean rose from 84.79% to 86.98% (+2.19) and
    # stays above the province's index; the survey part (40 points at 80%) lost 8 points.
    h = headline(year=2023, index=86.28, rank=35, national_mean=86.98, previous_year=2022, previous_index=83.54,
                 previous_rank=46)
    m = methods(90.0, 80.0).assign(diem_mat=[6.0, 8.0])
    out = narrative.objective_causes(h, m, True, (), 84.79)
    assert out == [
        "Mặt bằng chung cả nước tiếp tục được nâng lên: trung bình Chỉ số CCHC cả nước năm 2023 đạt 86,98%, tăng "
        "2,19 điểm so với năm 2022 (84,79%), nên dù tăng 2,74 điểm, Chỉ số của tỉnh vẫn thấp hơn trung bình cả "
        "nước.",
        "Các nội dung điều tra xã hội học (40/100 điểm) do Bộ Nội vụ khảo sát trực tiếp người dân, tổ chức và cán "
        "bộ, công chức; kết quả phụ thuộc vào cảm nhận, đánh giá của người được khảo sát, không cải thiện được "
        "bằng việc bổ sung tài liệu kiểm chứng như các nội dung thẩm định (năm 2023 đạt 80,00%, bị trừ 8 điểm)."]
    # Points gained but no place gained: the other provinces' progress explains the rank.
    same_rank = headline(year=2023, index=86.28, rank=46, national_mean=85.0, previous_year=2022,
                         previous_index=83.54, previous_rank=46)
    assert narrative.objective_causes(same_rank, m.iloc[:1], True, (), 84.0) == [
        "Mặt bằng chung cả nước tiếp tục được nâng lên: trung bình Chỉ số CCHC cả nước năm 2023 đạt 85,00%, tăng "
        "1,00 điểm so với năm 2022 (84,00%), nên dù tăng điểm, thứ hạng của tỉnh chưa được nâng lên."]
    # The mean fell: no such cause.
    assert narrative.objective_causes(h, m.iloc[:1], True, (), 87.5) == []


def test_the_title_never_breaks_inside_the_province_name():
    title = narrative.report_title(2023, "Vĩnh Long")
    assert title.endswith("năm\u00a02023 của tỉnh\u00a0Vĩnh\u00a0Long")
    assert title.replace("\u00a0", " ") == "Phân tích kết quả Chỉ số cải cách hành chính năm 2023 của tỉnh Vĩnh Long"


def test_weaknesses_of_a_year_whose_index_fell_say_so():
    # 88.15 after 88.20: down 0.05; 34 provinces after 63, so no places compared.
    h = headline(year=2025, index=88.15, rank=19, n_provinces=34, national_mean=88.4, previous_year=2024,
                 previous_index=88.2, previous_rank=38, previous_n=63)
    out = narrative.weaknesses(h, AREAS.iloc[:1], methods(86.66, 90.89), NATIONAL_LOST.iloc[:0])
    assert out[1] == "Chỉ số CCHC giảm 0,05 điểm so với năm 2024."
    # Among the same 63 provinces: the places lost in the same line (46 → 50: down 4).
    h = headline(index=83.0, rank=50, previous_index=83.54, previous_rank=46)
    assert "Chỉ số CCHC giảm 0,54 điểm so với năm 2021, giảm 4 bậc." in narrative.weaknesses(
        h, AREAS.iloc[:1], methods(86.66, 90.89), NATIONAL_LOST.iloc[:0])
