"""Assessment sentences (pipeline/report/narrative.py) from small hand-made tables. Every expected
sentence is written by hand; the arithmetic behind each number is in a comment."""
import datetime as dt
from types import SimpleNamespace

import pandas as pd

from pipeline.config import Document, Milestone, Process
from pipeline.report import narrative

NAN = float("nan")
BAND_NAMES = ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def units(*rows) -> pd.DataFrame:
    """Units of one group: (ma_don_vi, ten_don_vi, chi_so, xep_hang, tang_diem, tang_bac)."""
    return pd.DataFrame(rows, columns=["ma_don_vi", "ten_don_vi", "chi_so", "xep_hang", "tang_diem", "tang_bac"])


def stats(n, mean, best, best_name, worst, worst_name, mean_before=NAN) -> pd.Series:
    return pd.Series({"so_don_vi": n, "trung_binh": mean, "cao_nhat": best, "don_vi_cao_nhat": best_name,
                      "thap_nhat": worst, "don_vi_thap_nhat": worst_name, "trung_binh_truoc": mean_before})


def bands(*counts) -> pd.Series:
    return pd.Series(dict(zip(BAND_NAMES, counts)))


# ---------------------------------------------------------------- unit_result


def test_unit_result_with_rank_and_changes():
    row = pd.Series({"ten_don_vi": "Sở Tư pháp", "chi_so": 84.65, "xep_hang": 3, "tang_diem": 0.72, "tang_bac": 12})
    assert narrative.unit_result(row, 20) == "Sở Tư pháp đạt 84,65%, xếp thứ 3/20, tăng 0,72 điểm, tăng 12 bậc"


def test_unit_result_no_change_and_unknown_change():
    same = pd.Series({"ten_don_vi": "Sở A", "chi_so": 80.0, "xep_hang": 2, "tang_diem": 0.0, "tang_bac": 0})
    assert narrative.unit_result(same) == "Sở A đạt 80,00%, không đổi, giữ nguyên thứ hạng"
    new = pd.Series({"ten_don_vi": "Sở *Mới*", "chi_so": 80.0, "xep_hang": 2, "tang_diem": NAN, "tang_bac": NAN})
    assert narrative.unit_result(new) == "Sở \\*Mới\\* đạt 80,00%"  # Markdown in a name is escaped


# ---------------------------------------------------------------- group_overview


def test_group_overview_one_best_and_one_worst():
    text = narrative.group_overview("Sở, ban, ngành tỉnh", stats(3, 90.0, 96.29, "Sở A", 80.5, "Sở C", 88.0),
                                    bands(2, 1, 0, 0, 0), 2022)
    # 90 - 88 = 2 points up; 96.29 - 80.5 = 15.79 between best and worst.
    assert text == ("Chỉ số CCHC trung bình của 3 đơn vị thuộc nhóm Sở, ban, ngành tỉnh đạt **90,00%**, tăng 2,00 "
                    "điểm so với năm 2022; dẫn đầu là Sở A (96,29%), thấp nhất là Sở C (80,50%); chênh lệch giữa đơn "
                    "vị cao nhất và thấp nhất là 15,79 điểm phần trăm. Có 2 đơn vị xếp loại Xuất sắc, 1 đơn vị xếp "
                    "loại Tốt.")


def test_group_overview_names_every_unit_tied_at_the_top():
    group = units(("so-b", "Sở B", 96.29, 1, NAN, NAN), ("so-a", "Sở A", 96.29, 1, NAN, NAN),
                  ("so-c", "Sở C", 80.5, 3, NAN, NAN))
    # mean (96.29 + 96.29 + 80.5) / 3 = 91.026…; stats names one of the two best units only.
    text = narrative.group_overview("Sở, ban, ngành tỉnh", stats(3, 91.026667, 96.29, "Sở A", 80.5, "Sở C"),
                                    bands(2, 1, 0, 0, 0), None, group)
    assert ("; Sở A và Sở B đồng hạng nhất (cùng đạt 96,29%), thấp nhất là Sở C (80,50%); chênh lệch giữa đơn vị "
            "cao nhất và thấp nhất là 15,79 điểm phần trăm." in text)


def test_group_overview_names_every_unit_tied_at_the_bottom_despite_float_noise():
    # 70 + 0.1 + 0.2 is 70.30000000000001: the same index as 70.3 for ranks, so the same for sentences.
    group = units(("xa-a", "Xã A", 92.0, 1, NAN, NAN), ("xa-b", "Xã B", 70 + 0.1 + 0.2, 2, NAN, NAN),
                  ("xa-c", "Xã C", 70.3, 2, NAN, NAN), ("xa-d", "Xã D", 70.3, 2, NAN, NAN))
    text = narrative.group_overview("UBND cấp xã", stats(4, 75.725, 92.0, "Xã A", 70.3, "Xã B"),
                                    bands(1, 0, 3, 0, 0), None, group)
    # 92 - 70.3 = 21.7 between best and worst.
    assert ("; dẫn đầu là Xã A (92,00%), Xã B, Xã C và Xã D cùng xếp cuối (cùng đạt 70,30%); chênh lệch giữa đơn "
            "vị cao nhất và thấp nhất là 21,70 điểm phần trăm." in text)


def test_group_overview_of_a_single_unit():
    text = narrative.group_overview("Ban quản lý", stats(1, 80.0, 80.0, "Ban Quản lý các khu công nghiệp", 80.0,
                                                         "Ban Quản lý các khu công nghiệp"), bands(0, 1, 0, 0, 0),
                                    None)
    assert text == ("Chỉ số CCHC trung bình của 1 đơn vị thuộc nhóm Ban quản lý đạt **80,00%**. Nhóm chỉ có một đơn "
                    "vị là Ban Quản lý các khu công nghiệp. Có 1 đơn vị xếp loại Tốt.")


def test_group_overview_when_every_unit_has_the_same_index():
    text = narrative.group_overview("UBND cấp huyện", stats(2, 85.0, 85.0, "Huyện A", 85.0, "Huyện B", 85.0),
                                    bands(0, 2, 0, 0, 0), 2022)
    assert text == ("Chỉ số CCHC trung bình của 2 đơn vị thuộc nhóm UBND cấp huyện đạt **85,00%**, không đổi so với "
                    "năm 2022. Tất cả 2 đơn vị cùng đạt 85,00%. Có 2 đơn vị xếp loại Tốt.")


def test_group_overview_decrease_and_no_previous_mean():
    down = narrative.group_overview("X", stats(2, 80.0, 90.0, "A", 70.0, "B", 81.25), bands(0, 0, 0, 0, 0), 2022)
    # 80 - 81.25 = -1.25; no unit in any band: no "Có …" sentence.
    assert down == ("Chỉ số CCHC trung bình của 2 đơn vị thuộc nhóm X đạt **80,00%**, giảm 1,25 điểm so với năm "
                    "2022; dẫn đầu là A (90,00%), thấp nhất là B (70,00%); chênh lệch giữa đơn vị cao nhất và thấp "
                    "nhất là 20,00 điểm phần trăm.")
    first_year = narrative.group_overview("X", stats(2, 80.0, 90.0, "A", 70.0, "B"), bands(0, 0, 0, 0, 0), 2022)
    assert "so với năm" not in first_year


# ---------------------------------------------------------------- movers


def test_movers_up_and_down():
    group = units(("a", "Sở A", 90.0, 1, 1.5, 2), ("b", "Sở B", 85.0, 2, 0.5, 0), ("c", "Sở C", 80.0, 3, -0.25, -2),
                  ("d", "Sở D", 70.0, 4, NAN, NAN))
    # 2 of the 3 units with last year's index gained points (d is new).
    assert narrative.movers(group, 2022) == (
        "So với năm 2022, 2/3 đơn vị tăng điểm; tăng nhiều nhất: Sở A đạt 90,00%, tăng 1,50 điểm, tăng 2 bậc; "
        "Sở B đạt 85,00%, tăng 0,50 điểm, giữ nguyên thứ hạng. Giảm nhiều nhất: Sở C đạt 80,00%, giảm 0,25 điểm, "
        "giảm 2 bậc.")


def test_movers_names_units_tied_at_the_cut():
    group = units(("b", "Sở B", 90.0, 1, 1.0, 0), ("a", "Sở A", 89.0, 2, 1.0, 0), ("c", "Sở C", 80.0, 3, 0.5, 0))
    # n = 1, but Sở A and Sở B both gained 1 point: both are named, by code.
    assert narrative.movers(group, 2022, n=1) == (
        "So với năm 2022, 3/3 đơn vị tăng điểm; tăng nhiều nhất: Sở A đạt 89,00%, tăng 1,00 điểm, giữ nguyên thứ "
        "hạng; Sở B đạt 90,00%, tăng 1,00 điểm, giữ nguyên thứ hạng.")


def test_movers_only_losses_no_change_or_no_previous_year():
    losses = units(("a", "Sở A", 80.0, 1, -1.0, 0), ("b", "Sở B", 70.0, 2, -2.0, 0))
    assert narrative.movers(losses, 2022) == ("Giảm nhiều nhất: Sở B đạt 70,00%, giảm 2,00 điểm, giữ nguyên thứ hạng; "
                                              "Sở A đạt 80,00%, giảm 1,00 điểm, giữ nguyên thứ hạng.")
    assert narrative.movers(units(("a", "Sở A", 80.0, 1, 0.0, 0)), 2022) == ""
    assert narrative.movers(losses, None) == ""
    assert narrative.movers(units(("a", "Sở A", 80.0, 1, NAN, NAN)), 2022) == ""


def comparable(so_sanh_duoc, before, now=14) -> pd.Series:
    return pd.Series({"so_sanh_duoc": so_sanh_duoc, "so_don_vi_truoc": before, "so_don_vi": now})


def test_comparability_says_why_places_are_not_compared():
    assert narrative.comparability("Sở, ban, ngành tỉnh", comparable(False, 18), 2025, 2024) == (
        "Năm 2024 nhóm Sở, ban, ngành tỉnh có 18 đơn vị, năm 2025 có 14 đơn vị (do sắp xếp, hợp nhất hoặc thay đổi "
        "đơn vị được đánh giá), nên báo cáo chỉ so sánh điểm số, không so sánh thứ hạng giữa hai năm.")
    assert narrative.comparability("UBND cấp xã", comparable(False, 0), 2025, 2024) == (
        "Năm 2024 chưa đánh giá nhóm UBND cấp xã, nên chưa so sánh với năm trước.")
    assert narrative.comparability("X", comparable(True, 14), 2025, 2024) == ""
    assert narrative.comparability("X", comparable(False, 18), 2025, None) == ""


# ---------------------------------------------------------------- weakest_areas


def areas(*rows) -> pd.DataFrame:
    """(ma, ten, ty_le_trung_binh, don_vi_thap_nhat, ty_le_thap_nhat)."""
    return pd.DataFrame(rows, columns=["ma", "ten", "ty_le_trung_binh", "don_vi_thap_nhat", "ty_le_thap_nhat"])


AREAS = areas(("1", "Công tác chỉ đạo", 95.0, "Sở C", 70.0), ("2", "Cải cách TTHC", 85.0, "Sở B", 60.0),
              ("3", "Tổ chức bộ máy", 90.0, "Sở A", 80.0), ("4", "Công chức", 80.0, "Sở D", 50.0))


def test_weakest_areas():
    assert narrative.weakest_areas(AREAS) == (
        "Lĩnh vực đạt tỷ lệ cao nhất là Công tác chỉ đạo (95,00%). Các lĩnh vực còn hạn chế: Công chức (bình quân "
        "80,00% điểm tối đa, thấp nhất là Sở D với 50,00%); Cải cách TTHC (bình quân 85,00% điểm tối đa, thấp nhất "
        "là Sở B với 60,00%); Tổ chức bộ máy (bình quân 90,00% điểm tối đa, thấp nhất là Sở A với 80,00%).")
    assert narrative.weakest_areas(AREAS.iloc[:0]) == ""


def test_weakest_areas_names_every_area_tied_at_the_top():
    tied = areas(("1", "Công tác chỉ đạo", 95.0, "Sở C", 70.0), ("2", "Cải cách TTHC", 80.0, "Sở B", 60.0),
                 ("3", "Tổ chức bộ máy", 95.0, "Sở A", 80.0))
    assert narrative.weakest_areas(tied, n=1) == (
        "Các lĩnh vực đạt tỷ lệ cao nhất là Công tác chỉ đạo và Tổ chức bộ máy (cùng đạt 95,00%). Các lĩnh vực còn "
        "hạn chế: Cải cách TTHC (bình quân 80,00% điểm tối đa, thấp nhất là Sở B với 60,00%).")


# ---------------------------------------------------------------- top_lost


def lost(*rows) -> pd.DataFrame:
    """(ma, noi_dung, phuong_thuc, so_don_vi_mat, so_don_vi, tong_diem_mat, co_quan_tham_dinh), most lost first;
    the per-unit columns follow from them."""
    d = pd.DataFrame(rows, columns=["ma", "noi_dung", "phuong_thuc", "so_don_vi_mat", "so_don_vi", "tong_diem_mat",
                                    "co_quan_tham_dinh"])
    return d.assign(mat_binh_quan=d["tong_diem_mat"] / d["so_don_vi"],
                    ty_le_don_vi_mat=d["so_don_vi_mat"] / d["so_don_vi"] * 100)


LOST = lost(("1.1.2", "Ban hành kế hoạch", "TĐ", 2, 3, 1.5, "Sở Nội vụ"),
            ("2.1.1", "Hài lòng", "XHH", 3, 3, 0.75, "Sở Nội vụ"),
            ("3.1.1", "Công khai thủ tục", "TĐ", 2, 3, 0.6, "Văn phòng UBND tỉnh"),
            ("1.1.1", "Báo cáo", "TĐ", 1, 3, 0.25, "Sở Nội vụ"))


def test_top_lost_names_appraised_criteria_only_with_losses_per_unit():
    # Survey item 2.1.1 is left out; 1.5 / 3 units = 0,5 and 0.6 / 3 = 0,2 points per unit.
    assert narrative.top_lost(LOST, n=2) == (
        "Trong phần thẩm định, các tiêu chí thành phần bị mất nhiều điểm nhất là: “Ban hành kế hoạch” (2/3 đơn vị bị "
        "mất điểm, tổng 1,5 điểm, bình quân 0,5 điểm/đơn vị áp dụng); “Công khai thủ tục” (2/3 đơn vị bị mất "
        "điểm, tổng 0,6 điểm, bình quân 0,2 điểm/đơn vị áp dụng). Đây là các nội dung đơn vị có thể khắc phục trực tiếp bằng việc thực hiện đầy đủ nhiệm vụ và "
        "cung cấp tài liệu kiểm chứng.")
    assert narrative.top_lost(LOST.iloc[1:2]) == "Không có tiêu chí thẩm định nào bị mất điểm."


def methods(td_rate, xhh_rate=None) -> pd.DataFrame:
    rows = [{"phuong_thuc": "TĐ", "diem_toi_da": 70.0, "diem_trung_binh": 0.7 * td_rate, "ty_le_trung_binh": td_rate,
             "ty_le_thap_nhat": td_rate - 10, "ty_le_cao_nhat": td_rate + 5}]
    if xhh_rate is not None:
        rows.append({"phuong_thuc": "XHH", "diem_toi_da": 30.0, "diem_trung_binh": 0.3 * xhh_rate,
                     "ty_le_trung_binh": xhh_rate, "ty_le_thap_nhat": xhh_rate - 12, "ty_le_cao_nhat": xhh_rate + 4})
    return pd.DataFrame(rows)


SURVEY = pd.DataFrame({"ma": ["8.1.1", "8.2.1"], "noi_dung": ["Hài lòng về TTHC", "Tiếp cận thông tin"],
                       "ty_le_trung_binh": [72.5, 80.0], "so_don_vi_mat": [3, 2], "so_don_vi": [3, 3]})


def test_survey_overview_against_the_appraised_part():
    # XHH: 0.3 × 80 = 24 points of 30; lowest 80 - 12 = 68, best 80 + 4 = 84; TĐ at 90%.
    assert narrative.survey_overview("Sở, ban, ngành tỉnh", methods(90.0, 80.0), SURVEY, n=1) == (
        "Nhóm Sở, ban, ngành tỉnh: phần điều tra XHH (tối đa 30 điểm) bình quân đạt 24,00 điểm (80,00%), thấp hơn "
        "phần thẩm định (90,00%); đơn vị thấp nhất đạt 68,00%, cao nhất 84,00%. Các nội dung được đánh giá thấp "
        "nhất: “Hài lòng về TTHC” (bình quân 72,50% điểm tối đa, 3/3 đơn vị chưa đạt tối đa).")
    assert "bằng phần thẩm định;" in narrative.survey_overview("X", methods(80.0, 80.0), SURVEY.iloc[:0])
    assert narrative.survey_overview("X", methods(90.0), SURVEY) == "Nhóm X không có tiêu chí điều tra xã hội học."


# ---------------------------------------------------------------- self_score_gap


def gap(*rows) -> pd.DataFrame:
    """(ten_don_vi, tu_danh_gia, tham_dinh, chenh_lech, so_tieu_chi_cham_cao), largest gap first."""
    return pd.DataFrame(rows, columns=["ten_don_vi", "tu_danh_gia", "tham_dinh", "chenh_lech", "so_tieu_chi_cham_cao"])


def test_self_score_gap_one_largest():
    g = gap(("Sở A", 90.0, 87.5, 2.5, 3), ("Sở B", 85.0, 84.0, 1.0, 1), ("Sở C", 80.0, 80.0, 0.0, 0))
    # 2 of 3 over-scored, by (2.5 + 1) / 2 = 1.75 points on average.
    assert narrative.self_score_gap(g) == (
        "2/3 đơn vị tự chấm điểm cao hơn kết quả thẩm định, bình quân mỗi đơn vị này cao hơn 1,75 điểm. Chênh lệch lớn nhất là Sở A: tự "
        "chấm 90 điểm, thẩm định 87,5 điểm (chênh 2,5 điểm ở 3 tiêu chí).")


def test_self_score_gap_names_every_unit_tied_for_the_largest():
    g = gap(("Sở A", 90.0, 88.0, 2.0, 3), ("Sở B", 85.0, 83.0, 2.0, 2), ("Sở C", 80.0, 79.0, 1.0, 1))
    # (2 + 2 + 1) / 3 = 1.666… → 1,67 points on average.
    assert narrative.self_score_gap(g) == (
        "3/3 đơn vị tự chấm điểm cao hơn kết quả thẩm định, bình quân mỗi đơn vị này cao hơn 1,67 điểm. Chênh lệch lớn nhất là Sở A và "
        "Sở B, cùng chênh 2 điểm (Sở A: tự chấm 90 điểm, thẩm định 88 điểm, ở 3 tiêu chí; Sở B: tự chấm 85 điểm, "
        "thẩm định 83 điểm, ở 2 tiêu chí).")


def test_self_score_gap_none_over():
    assert narrative.self_score_gap(gap(("Sở A", 80.0, 80.0, 0.0, 0), ("Sở B", 79.0, 80.0, -1.0, 0))) == (
        "Không có đơn vị nào tự chấm cao hơn kết quả thẩm định.")


# ---------------------------------------------------------------- strengths, weaknesses, recommendations


def group(name="Sở, ban, ngành tỉnh", areas_=AREAS, lost_=LOST, units_=None, survey=SURVEY, methods_=None,
          code="so"):
    return SimpleNamespace(name=name, code=code, areas=areas_, lost=lost_, survey=survey,
                           methods=methods_ if methods_ is not None else methods(90.0, 80.0),
                           units=units_ if units_ is not None else units(
                               ("a", "Sở A", 90.0, 1, NAN, NAN), ("b", "Sở B", 80.0, 2, NAN, NAN)))


def test_strengths_and_weaknesses_keep_appraised_and_survey_apart():
    band_table = pd.DataFrame([[1, 1, 1, 0, 0]], columns=BAND_NAMES)
    strengths, weaknesses = narrative.strengths_and_weaknesses(
        [group()], None, band_table, gap(("Sở A", 90.0, 88.0, 2.0, 3), ("Sở B", 80.0, 80.0, 0.0, 0)))
    # Xuất sắc + Tốt = 2 of 3 units: 66.66…% → 66,67%.
    assert strengths == ["2/3 cơ quan, đơn vị, địa phương (66,67%) xếp loại Xuất sắc hoặc Tốt.",
                         "Nhóm Sở, ban, ngành tỉnh: lĩnh vực Công tác chỉ đạo đạt bình quân 95,00% điểm tối đa."]
    assert weaknesses == [
        "Nhóm Sở, ban, ngành tỉnh: lĩnh vực Công chức chỉ đạt bình quân 80,00% điểm tối đa.",
        "Nhóm Sở, ban, ngành tỉnh, phần thẩm định: tiêu chí bị mất điểm nhiều nhất là “Ban hành kế hoạch” (2/3 đơn "
        "vị bị mất điểm, tổng 1,5 điểm, bình quân 0,5 điểm/đơn vị áp dụng).",
        "Nhóm Sở, ban, ngành tỉnh, phần điều tra XHH: nội dung “Hài lòng về TTHC” chỉ đạt bình quân 72,50% điểm tối "
        "đa.",
        "1/2 đơn vị tự đánh giá cao hơn kết quả thẩm định, cho thấy việc tự chấm điểm và chuẩn bị tài liệu kiểm "
        "chứng chưa sát thực tế."]


def test_strengths_and_weaknesses_name_every_tied_area():
    tied = areas(("1", "Công tác chỉ đạo", 95.0, "Sở C", 70.0), ("2", "Cải cách TTHC", 80.0, "Sở B", 60.0),
                 ("3", "Tổ chức bộ máy", 95.0, "Sở A", 80.0), ("4", "Công chức", 80.0, "Sở D", 50.0))
    band_table = pd.DataFrame([[0, 2, 0, 0, 0]], columns=BAND_NAMES)
    strengths, weaknesses = narrative.strengths_and_weaknesses(
        [group(areas_=tied, lost_=LOST.iloc[:0], survey=SURVEY.iloc[:0])], None, band_table,
        gap(("Sở A", 1.0, 1.0, 0.0, 0)))
    assert strengths[1] == ("Nhóm Sở, ban, ngành tỉnh: các lĩnh vực Công tác chỉ đạo và Tổ chức bộ máy cùng đạt "
                            "bình quân 95,00% điểm tối đa.")
    assert weaknesses == ["Nhóm Sở, ban, ngành tỉnh: các lĩnh vực Cải cách TTHC và Công chức cùng chỉ đạt bình quân "
                          "80,00% điểm tối đa."]


def comparabilities(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["nhom", "so_don_vi", "so_don_vi_truoc", "so_sanh_duoc"])


def test_causes_objective_and_subjective():
    objective, subjective = narrative.causes(
        [group()], gap(("Sở A", 90.0, 88.0, 2.0, 3), ("Sở B", 80.0, 77.0, 3.0, 1)),
        comparabilities(("so", 14, 18, False)), 2024)
    assert objective == [
        "Phần điều tra xã hội học phản ánh cảm nhận của người dân, tổ chức và cán bộ, công chức, không phụ thuộc trực "
        "tiếp vào hồ sơ của đơn vị và thường đạt tỷ lệ thấp hơn phần thẩm định (Sở, ban, ngành tỉnh 80,00% so với "
        "90,00%).",
        "Nhóm Sở, ban, ngành tỉnh thay đổi số đơn vị so với năm 2024 (18 → 14) do sắp xếp tổ chức bộ máy, ảnh hưởng "
        "đến việc triển khai nhiệm vụ và lưu trữ hồ sơ."]
    # Over-scored by (2 + 3) / 2 = 2.5 points on average; 2 of 3 units (66.7%) lost 1.1.2 and 3.1.1.
    assert subjective == [
        "Việc tự đánh giá, chấm điểm ở 2 đơn vị chưa sát với hướng dẫn của bộ tiêu chí (tự chấm cao hơn kết quả "
        "thẩm định bình quân 2,5 điểm).",
        "Nhóm Sở, ban, ngành tỉnh: 2 tiêu chí thẩm định bị mất điểm ở từ một nửa số đơn vị trở lên, nhiều nhất là "
        "tiêu chí “Ban hành kế hoạch” (2/3 đơn vị bị mất điểm, tổng 1,5 điểm, bình quân 0,5 điểm/đơn vị áp dụng); người đứng đầu một số đơn "
        "vị chưa quan tâm đúng mức đến việc thực hiện và lưu trữ tài liệu kiểm chứng."]


def test_causes_without_a_survey_gap_or_a_last_year():
    objective, subjective = narrative.causes([group(methods_=methods(80.0, 85.0), lost_=LOST.iloc[3:])],
                                             gap(("Sở A", 1.0, 1.0, 0.0, 0)), comparabilities(), None)
    assert objective == []
    assert subjective == ["Một số đơn vị chưa quan tâm đúng mức đến việc cung cấp đầy đủ tài liệu kiểm chứng."]


BANDS = [SimpleNamespace(name=n) for n in BAND_NAMES]


def test_recommendations_name_every_unit_criticised():
    rows = [(c, f"UBND xã {c.upper()}", 75.0 - i, i + 1, NAN, NAN) for i, c in enumerate("abcdefgh")]
    out = narrative.recommendations([group(units_=units(*rows).assign(xep_loai="Khá"))], BANDS, "Sở Nội vụ")
    assert ("UBND xã A, UBND xã B, UBND xã C, UBND xã D, UBND xã E, UBND xã F, UBND xã G và UBND xã H) giải trình"
            in out[0])


def test_recommendations_are_addressed():
    five = units(("a", "Sở A", 95.0, 1, NAN, NAN), ("b", "Sở B", 90.0, 2, NAN, NAN), ("c", "Sở C", 85.0, 3, NAN, NAN),
                 ("d", "Sở D", 75.0, 4, NAN, NAN), ("e", "Sở E", 65.0, 5, NAN, NAN))
    out = narrative.recommendations([group(units_=five.assign(xep_loai=["Xuất sắc", "Xuất sắc", "Tốt", "Khá",
                                                                         "Trung bình"]))], BANDS, "Sở Nội vụ",
                                    dt.date(2024, 3, 12))
    # Criticised: the units rated Khá or lower only (Sở C is Tốt); the plan is due in the quarter after March.
    assert out[0] == (
        "Đề nghị UBND tỉnh: khen thưởng các cơ quan, đơn vị xếp loại Xuất sắc (Sở, ban, ngành tỉnh: Sở A và Sở B); "
        "phê bình và yêu cầu người đứng đầu các đơn vị xếp loại Khá trở xuống (Sở, ban, ngành tỉnh: Sở D và Sở E) "
        "giải trình, xây dựng kế hoạch khắc phục hạn chế trong quý II năm 2024; đưa kết quả Chỉ số CCHC vào đánh "
        "giá, xếp loại mức độ hoàn thành nhiệm vụ của tập thể, người đứng đầu cơ quan, đơn vị.")
    # The report's author speaks for itself; the others are asked; criteria by name, survey items apart.
    assert out[1] == ("Sở Nội vụ sẽ chủ động hướng dẫn, kiểm tra việc khắc phục các tiêu chí do Sở Nội vụ thẩm định "
                      "bị mất điểm nhiều nhất: “Ban hành kế hoạch” (Sở, ban, ngành tỉnh); “Báo cáo” (Sở, ban, ngành "
                      "tỉnh).")
    assert out[2] == ("Đề nghị Văn phòng UBND tỉnh hướng dẫn, đôn đốc các đơn vị khắc phục các tiêu chí do Văn phòng "
                      "UBND tỉnh thẩm định bị mất điểm nhiều nhất: “Công khai thủ tục” (Sở, ban, ngành tỉnh).")
    assert out[3].startswith("Đề nghị các cơ quan, đơn vị, địa phương: tự đánh giá") and out[3].endswith(
        "được đánh giá thấp nhất: “Hài lòng về TTHC” (Sở, ban, ngành tỉnh).")
    assert out[4].startswith("Sở Nội vụ sẽ theo dõi") and len(out) == 5


def test_recommendations_name_a_criterion_once_for_every_group():
    rated = units(("a", "Sở A", 85.0, 1, NAN, NAN)).assign(xep_loai="Tốt")
    two = [group(units_=rated), group("UBND cấp xã", code="xa", units_=rated)]
    out = narrative.recommendations(two, BANDS, "Sở Nội vụ")
    assert "“Công khai thủ tục” (cả 2 nhóm)" in out[2]
    assert out[3].endswith("“Hài lòng về TTHC” (Sở, ban, ngành tỉnh, UBND cấp xã).")


def test_recommendations_criticise_nobody_rated_good():
    tied = units(*[(c, f"Xã {c.upper()}", 90.0 - i, i + 1, NAN, NAN) for i, c in enumerate("abcd")],
                 *[(c, f"Xã {c.upper()}", 70.0, 5, NAN, NAN) for c in "efgh"]).assign(xep_loai="Tốt")
    out = narrative.recommendations([group("UBND cấp xã", units_=tied)], BANDS, "Sở Nội vụ")
    assert "phê bình" not in out[0]


def test_recommendations_for_a_group_too_small_to_have_a_bottom():
    out = narrative.recommendations([group("Ban quản lý", lost_=LOST.iloc[:0], survey=SURVEY.iloc[:0],
                                           units_=units(("bql", "Ban Quản lý", 80.0, 1, NAN, NAN)).assign(
                                               xep_loai="Tốt"))], BANDS, "Sở Nội vụ")
    assert out[0] == ("Đề nghị UBND tỉnh: đưa kết quả Chỉ số CCHC vào đánh giá, xếp loại mức độ hoàn thành nhiệm vụ "
                      "của tập thể, người đứng đầu cơ quan, đơn vị.")
    assert len(out) == 3 and "điều tra XHH" not in out[1]


def test_bullets():
    assert narrative.bullets(["Một.", "Hai."]) == "- Một.\n- Hai."


# ---------------------------------------------------------------- one unit's report


def unit_report(previous_year=2022, tied_with=(), parent=("", None, None, ()), not_applicable=(0, 0.0),
                not_applicable_names=(), **unit):
    row = {"ten_don_vi": "Sở Tư pháp", "tong_diem": 84.65, "diem_toi_da": 100.0, "chi_so": 84.65, "xep_hang": 3,
           "xep_loai": "Tốt", "chi_so_truoc": 83.93, "tang_diem": 0.72, "tang_bac": 2, "tu_danh_gia": 66.5}
    return SimpleNamespace(year=2023, unit=pd.Series({**row, **unit}), group_size=20,
                           group_name="Sở, ban, ngành tỉnh", previous_year=previous_year, tied_with=tied_with,
                           parent_name=parent[0], parent_rank=parent[1], parent_size=parent[2],
                           parent_tied_with=parent[3],
                           not_applicable=not_applicable, appraised_max=70.0,
                           not_applicable_names=not_applicable_names)


def test_unit_summary():
    # 84.65 - 83.93 = 0.72 points.
    assert narrative.unit_summary(unit_report()) == (
        "Năm 2023, Sở Tư pháp đạt 84,65/100 điểm, Chỉ số CCHC 84,65%, xếp thứ 3/20 trong nhóm Sở, ban, ngành tỉnh, "
        "xếp loại Tốt. So với năm 2022 (83,93%), Chỉ số tăng 0,72 điểm, tăng 2 bậc.")


def test_unit_summary_states_ties_and_a_communes_district():
    text = narrative.unit_summary(unit_report(previous_year=None, tied_with=("Sở Y tế",), ten_don_vi="UBND xã A",
                                              parent=("UBND huyện Long Hồ", 2, 15, ("UBND xã B",))))
    assert text == ("Năm 2023, UBND xã A đạt 84,65/100 điểm, Chỉ số CCHC 84,65%, xếp thứ 3/20 trong nhóm Sở, ban, "
                    "ngành tỉnh (đồng hạng với Sở Y tế), xếp loại Tốt. Trên địa bàn huyện Long Hồ, đơn vị xếp thứ "
                    "2/15 đơn vị cấp xã (đồng hạng với UBND xã B).")


def test_unit_summary_without_places_or_previous_year():
    # Scored out of 92.5 (not applicable criteria): 80.5 / 92.5 = 87.03%; it changed group, so no places.
    moved = unit_report(tong_diem=80.5, diem_toi_da=92.5, chi_so=87.027027, chi_so_truoc=87.027027, tang_diem=0.0,
                        tang_bac=NAN)
    assert narrative.unit_summary(moved) == (
        "Năm 2023, Sở Tư pháp đạt 80,50/92,5 điểm, Chỉ số CCHC 87,03%, xếp thứ 3/20 trong nhóm Sở, ban, ngành tỉnh, "
        "xếp loại Tốt. So với năm 2022 (87,03%), Chỉ số không đổi.")
    assert narrative.unit_summary(unit_report(previous_year=None)).endswith("xếp loại Tốt.")
    assert narrative.unit_summary(unit_report(chi_so_truoc=NAN)).endswith("xếp loại Tốt.")  # new unit


def test_unit_scale_explains_not_applicable_criteria_and_the_self_score():
    self_score = ("Điểm tự đánh giá (66,50 điểm) chỉ gồm các tiêu chí thẩm định, tối đa 70,00 điểm; các tiêu chí "
                  "điều tra xã hội học do kết quả điều tra xác định, đơn vị không tự chấm.")
    assert narrative.unit_scale(unit_report()) == self_score
    # 100 - 3.75 = 96.25 points apply.
    assert narrative.unit_scale(unit_report(diem_toi_da=96.25, not_applicable=(2, 3.75))) == (
        "Điểm tối đa của đơn vị là 96,25 điểm (không phải 100) vì 2 tiêu chí thành phần với tổng 3,75 điểm không áp "
        "dụng đối với đơn vị; Chỉ số CCHC được tính trên điểm tối đa này. " + self_score)
    # Named, not only counted.
    named = unit_report(diem_toi_da=96.25, not_applicable=(2, 3.75),
                        not_applicable_names=("3.2.2. Xin lỗi người dân", "6.3.1. Tự chủ tài chính"))
    assert narrative.unit_scale(named).startswith(
        "Điểm tối đa của đơn vị là 96,25 điểm (không phải 100) vì 2 tiêu chí thành phần (3.2.2. Xin lỗi người dân; "
        "6.3.1. Tự chủ tài chính) với tổng 3,75 điểm không áp dụng")


def test_unit_corrections():
    corrections = pd.DataFrame({"noi_dung_sua": ["Điểm điều tra XHH"], "tieu_chi": ["1.5.1. Đánh giá của CBCC"],
                                "gia_tri_cu": [1.64], "gia_tri_moi": [0.82], "ly_do": ["Nhập sai số liệu"],
                                "van_ban": ["Công văn số 325/SNV-CCHC"]})
    assert narrative.unit_corrections(corrections) == (
        "Kết quả trên đã bao gồm 1 điều chỉnh: điểm điều tra XHH tiêu chí 1.5.1. Đánh giá của CBCC từ "
        "1,64 thành 0,82 điểm (nhập sai số liệu, theo Công văn số 325/SNV-CCHC).")
    assert narrative.unit_corrections(corrections.iloc[:0]) == ""


def unit_areas(*rows) -> pd.DataFrame:
    """(ma, noi_dung, ty_le, ty_le_trung_binh)."""
    return pd.DataFrame(rows, columns=["ma", "noi_dung", "ty_le", "ty_le_trung_binh"])


def test_unit_areas():
    assert narrative.unit_areas(unit_areas(("1", "Chỉ đạo", 90.0, 85.0), ("2", "TTHC", 70.0, 80.0),
                                           ("3", "Bộ máy", 60.0, 75.5))) == (
        "Có 2 lĩnh vực thấp hơn bình quân của nhóm: Bộ máy (60,00%, bình quân nhóm 75,50%); TTHC (70,00%, bình "
        "quân nhóm 80,00%).")
    # Equal to the mean (within float noise) is not below it.
    assert narrative.unit_areas(unit_areas(("1", "Chỉ đạo", 0.1 + 0.2 + 80, 80.3))) == (
        "Tất cả các lĩnh vực đều đạt tỷ lệ điểm bằng hoặc cao hơn bình quân của nhóm.")


def test_unit_lost_keeps_appraised_and_survey_apart():
    lost_ = pd.DataFrame({"mat": [0.5, 0.25, 1.25], "phuong_thuc": ["TĐ", "TĐ", "XHH"]})
    deductions = pd.DataFrame({"diem": [-1.0]})
    none = pd.DataFrame({"mat": [], "phuong_thuc": []}), pd.DataFrame({"diem": []})
    # 0.5 + 0.25 = 0.75 points in 2 appraised criteria, 1.25 in 1 survey item; a deduction of 1 point.
    assert narrative.unit_lost(lost_, deductions) == ("Đơn vị bị mất 0,75 điểm ở 2 tiêu chí thẩm định và 1,25 điểm ở "
                                                      "1 nội dung điều tra XHH; bị trừ 1,00 điểm.")
    assert narrative.unit_lost(lost_.iloc[:2], none[1]) == "Đơn vị bị mất 0,75 điểm ở 2 tiêu chí thẩm định."
    assert narrative.unit_lost(none[0], deductions) == ("Đơn vị không bị mất điểm ở tiêu chí thành phần nào; bị trừ "
                                                        "1,00 điểm.")
    assert narrative.unit_lost(*none) == ("Đơn vị đạt điểm tối đa ở tất cả các tiêu chí thành phần và không bị trừ "
                                          "điểm.")


def test_unit_self_gap():
    advice = " Đề nghị đơn vị nghiên cứu kỹ hướng dẫn và bổ sung đầy đủ tài liệu kiểm chứng khi tự đánh giá."
    # Over-scored in two criteria: 0.5 + 0.25 = 0.75 points; under-scored in one.
    assert narrative.unit_self_gap(pd.DataFrame({"chenh_lech": [0.5, 0.25, -1.0]})) == (
        "Có 2 tiêu chí thành phần đơn vị tự chấm cao hơn kết quả thẩm định, tổng cộng 0,75 điểm; 1 tiêu chí đơn vị "
        "tự chấm thấp hơn kết quả thẩm định." + advice)
    assert narrative.unit_self_gap(pd.DataFrame({"chenh_lech": [-1.0]})) == (
        "Đơn vị không tự chấm cao hơn kết quả thẩm định; 1 tiêu chí đơn vị tự chấm thấp hơn kết quả thẩm định."
        + advice)
    assert narrative.unit_self_gap(pd.DataFrame({"chenh_lech": []})) == (
        "Điểm tự đánh giá của đơn vị trùng với kết quả thẩm định ở tất cả các tiêu chí.")


def test_unit_priorities_count_deductions_and_keep_survey_apart():
    own = pd.DataFrame({"ma": ["D.1", "1.1.2"], "noi_dung": ["Chậm báo cáo", "Kế hoạch"], "loai": ["diem_tru", ""],
                        "mat": [1.0, 0.5], "co_quan_tham_dinh": ["Sở Nội vụ", "Sở Tư pháp"]})
    survey = pd.DataFrame({"noi_dung": ["Hài lòng"], "mat": [1.25]})
    r = SimpleNamespace(unit=pd.Series({"diem_toi_da": 100.0, "tong_diem": 97.25}), recoverable=own,
                        survey_lost=survey)
    # 100 - 97.25 = 2.75 = 1 (deduction) + 0.5 (appraised) + 1.25 (survey).
    # The criteria and survey items are in the notice's tables: here only the three to start with, most points first.
    assert narrative.unit_priorities(r) == (
        "Tổng số điểm còn có thể cải thiện là 2,75 điểm (điểm tối đa 100 trừ tổng điểm 97,25), trong đó 1,50 điểm ở "
        "các tiêu chí thẩm định và điểm trừ, 1,25 điểm ở các tiêu chí điều tra xã hội học. Cần ưu tiên khắc phục "
        "trước các nội dung bị mất, bị trừ nhiều điểm nhất: Chậm báo cáo (1 điểm); Kế hoạch (0,5 điểm).")
    assert "Hài lòng" not in narrative.unit_priorities(r)
    full = SimpleNamespace(unit=pd.Series({"diem_toi_da": 96.25, "tong_diem": 96.25}), recoverable=own.iloc[:0],
                           survey_lost=survey.iloc[:0])
    assert narrative.unit_priorities(full) == "Đơn vị đạt điểm tối đa; không có tiêu chí nào cần khắc phục."


# ---------------------------------------------------------------- legal basis and process (dataset.yml `process`)

DECISION = Document("Quyết định", "1190/QĐ-UBND", dt.date(2023, 6, 2), "UBND tỉnh Vĩnh Long",
                    "về việc ban hành Bộ Chỉ số cải cách hành chính")


def test_legal_basis_cites_each_document_then_the_purpose():
    purpose = ("Sở Nội vụ báo cáo kết quả xác định Chỉ số cải cách hành chính năm 2023 của các cơ quan, đơn vị, địa "
               "phương trên địa bàn tỉnh, nhằm đánh giá khách quan kết quả thực hiện nhiệm vụ cải cách hành chính, "
               "chỉ ra những mặt còn hạn chế để từng cơ quan, đơn vị có giải pháp khắc phục, như sau:")
    assert narrative.legal_basis(Process(basis=(DECISION,)), "Sở Nội vụ", 2023) == (
        "Căn cứ Quyết định số 1190/QĐ-UBND ngày 02/6/2023 của UBND tỉnh Vĩnh Long về việc ban hành Bộ Chỉ số cải "
        "cách hành chính;\n\n" + purpose)
    assert narrative.legal_basis(Process(), "Sở Nội vụ", 2023) == purpose


def test_assessment_process_says_only_what_dataset_gives():
    full = Process(publication=DECISION, appraisal_body="Hội đồng thẩm định",
                   timeline=(Milestone(dt.date(2023, 12, 15), "các đơn vị hoàn thành tự đánh giá"),),
                   survey_respondents=3250, survey_method="phát phiếu trực tiếp")
    assert narrative.assessment_process(full, "Sở Nội vụ") == (
        "- 15/12/2023: các đơn vị hoàn thành tự đánh giá\n"
        "- Thẩm định: Hội đồng thẩm định thẩm định kết quả tự đánh giá và tài liệu kiểm chứng của các đơn vị; các "
        "nội dung đơn vị có giải trình được thẩm định lần 2.\n"
        "- Điều tra xã hội học: điểm các tiêu chí điều tra xã hội học (XHH) lấy từ kết quả điều tra với 3.250 phiếu "
        "khảo sát (phát phiếu trực tiếp); các đơn vị không tự chấm các tiêu chí này.\n\n"
        "Kết quả được công bố tại Quyết định số 1190/QĐ-UBND ngày 02/6/2023 của UBND tỉnh Vĩnh Long về việc ban "
        "hành Bộ Chỉ số cải cách hành chính.\n\n"
        "Sở Nội vụ tổng hợp, xếp hạng trong từng nhóm và xếp loại theo các ngưỡng sau:")
    bare = narrative.assessment_process(Process(), "Sở Nội vụ")
    assert bare.startswith("- Thẩm định: Các sở, ngành chủ trì lĩnh vực thẩm định") and "phiếu" not in bare
    assert "công bố" not in bare


def test_communes_overview_names_ties():
    communes = pd.DataFrame({"ten_don_vi": ["Huyện A", "Huyện B", "Huyện C"], "trung_binh": [89.5, 89.5, 83.6]})
    assert narrative.communes_overview(communes) == (
        "Bình quân Chỉ số CCHC của các đơn vị cấp xã theo từng đơn vị hành chính cấp huyện cao nhất ở Huyện A và "
        "Huyện B (89,50%), thấp nhất ở Huyện C (83,60%).")
    assert narrative.communes_overview(communes.iloc[:0]) == ""


def test_the_appendix_list_numbers_each_appendix_and_gives_the_notices_range():
    import datetime as dt

    from pipeline.report.packs import Appendix

    items = (Appendix("I", "Các điều chỉnh kết quả đã áp dụng", "corrections"),
             Appendix("II", "Gói huyện A", "district-pack", "huyen-a"),
             Appendix("III", "Kết quả của từng đơn vị", "unit-report", count=3))  # in any order given
    text = narrative.appendix_list(items, ("95/TB-SNV", "97/TB-SNV", 3), dt.date(2024, 3, 12), 2023)
    assert text.splitlines()[0] == "Kèm theo Báo cáo này:"
    assert "- Phụ lục I. Các điều chỉnh kết quả đã áp dụng (in kèm sau Báo cáo này);" in text
    assert "- Phụ lục II. Gói huyện A;" in text
    assert "- Phụ lục III. Kết quả của từng đơn vị (3 phụ lục, từ Phụ lục III.1 đến Phụ lục III.3);" in text
    assert text.endswith("từ số 95/TB-SNV đến số 97/TB-SNV ngày 12/3/2024.")
    assert narrative.appendix_list((), None) == ""


def test_roman_numerals():
    from pipeline.report import fmt

    assert [fmt.la_ma(n) for n in (1, 4, 9, 14, 40, 130)] == ["I", "IV", "IX", "XIV", "XL", "CXXX"]
