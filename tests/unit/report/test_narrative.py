"""Assessment sentences (pipeline/report/narrative.py) from small hand-made tables. Every expected
sentence is written by hand; the arithmetic behind each number is in a comment."""
from types import SimpleNamespace

import pandas as pd

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
                    "điểm so với năm 2022. Cao nhất là Sở A (96,29%), thấp nhất là Sở C (80,50%); chênh lệch 15,79 "
                    "điểm. Có 2 đơn vị xếp loại Xuất sắc, 1 đơn vị xếp loại Tốt.")


def test_group_overview_names_every_unit_tied_at_the_top():
    group = units(("so-b", "Sở B", 96.29, 1, NAN, NAN), ("so-a", "Sở A", 96.29, 1, NAN, NAN),
                  ("so-c", "Sở C", 80.5, 3, NAN, NAN))
    # mean (96.29 + 96.29 + 80.5) / 3 = 91.026…; stats names one of the two best units only.
    text = narrative.group_overview("Sở, ban, ngành tỉnh", stats(3, 91.026667, 96.29, "Sở A", 80.5, "Sở C"),
                                    bands(2, 1, 0, 0, 0), None, group)
    assert ("Cao nhất là Sở A và Sở B (cùng đạt 96,29%), thấp nhất là Sở C (80,50%); chênh lệch 15,79 điểm."
            in text)


def test_group_overview_names_every_unit_tied_at_the_bottom_despite_float_noise():
    # 70 + 0.1 + 0.2 is 70.30000000000001: the same index as 70.3 for ranks, so the same for sentences.
    group = units(("xa-a", "Xã A", 92.0, 1, NAN, NAN), ("xa-b", "Xã B", 70 + 0.1 + 0.2, 2, NAN, NAN),
                  ("xa-c", "Xã C", 70.3, 2, NAN, NAN), ("xa-d", "Xã D", 70.3, 2, NAN, NAN))
    text = narrative.group_overview("UBND cấp xã", stats(4, 75.725, 92.0, "Xã A", 70.3, "Xã B"),
                                    bands(1, 0, 3, 0, 0), None, group)
    # 92 - 70.3 = 21.7 between best and worst.
    assert ("Cao nhất là Xã A (92,00%), thấp nhất là Xã B, Xã C và Xã D (cùng đạt 70,30%); chênh lệch 21,70 điểm."
            in text)


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
                    "2022. Cao nhất là A (90,00%), thấp nhất là B (70,00%); chênh lệch 20,00 điểm.")
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
    """(ma, noi_dung, so_don_vi_mat, so_don_vi, tong_diem_mat, co_quan_tham_dinh), most points lost first."""
    return pd.DataFrame(rows, columns=["ma", "noi_dung", "so_don_vi_mat", "so_don_vi", "tong_diem_mat",
                                       "co_quan_tham_dinh"])


LOST = lost(("1.1.2", "Ban hành kế hoạch", 2, 3, 1.5, "Sở Nội vụ"), ("2.1.1", "Hài lòng", 3, 3, 0.75, "Sở Tư pháp"),
            ("1.1.1", "Báo cáo", 1, 3, 0.25, "Sở Nội vụ"))


def test_top_lost():
    assert narrative.top_lost(LOST, n=2) == (
        "Các tiêu chí bị mất điểm nhiều nhất: tiêu chí 1.1.2 “Ban hành kế hoạch” (2/3 đơn vị bị mất điểm, tổng 1,5 "
        "điểm); tiêu chí 2.1.1 “Hài lòng” (3/3 đơn vị bị mất điểm, tổng 0,75 điểm).")
    assert narrative.top_lost(LOST.iloc[:0]) == "Không có tiêu chí nào bị mất điểm."


# ---------------------------------------------------------------- self_score_gap


def gap(*rows) -> pd.DataFrame:
    """(ten_don_vi, tu_danh_gia, tham_dinh, chenh_lech, so_tieu_chi_cham_cao), largest gap first."""
    return pd.DataFrame(rows, columns=["ten_don_vi", "tu_danh_gia", "tham_dinh", "chenh_lech", "so_tieu_chi_cham_cao"])


def test_self_score_gap_one_largest():
    g = gap(("Sở A", 90.0, 87.5, 2.5, 3), ("Sở B", 85.0, 84.0, 1.0, 1), ("Sở C", 80.0, 80.0, 0.0, 0))
    # 2 of 3 over-scored, by (2.5 + 1) / 2 = 1.75 points on average.
    assert narrative.self_score_gap(g) == (
        "2/3 đơn vị tự chấm điểm cao hơn kết quả thẩm định, bình quân 1,75 điểm. Chênh lệch lớn nhất là Sở A: tự "
        "chấm 90 điểm, thẩm định 87,5 điểm (chênh 2,5 điểm ở 3 tiêu chí).")


def test_self_score_gap_names_every_unit_tied_for_the_largest():
    g = gap(("Sở A", 90.0, 88.0, 2.0, 3), ("Sở B", 85.0, 83.0, 2.0, 2), ("Sở C", 80.0, 79.0, 1.0, 1))
    # (2 + 2 + 1) / 3 = 1.666… → 1,67 points on average.
    assert narrative.self_score_gap(g) == (
        "3/3 đơn vị tự chấm điểm cao hơn kết quả thẩm định, bình quân 1,67 điểm. Chênh lệch lớn nhất là Sở A và "
        "Sở B, cùng chênh 2 điểm (Sở A: tự chấm 90 điểm, thẩm định 88 điểm, ở 3 tiêu chí; Sở B: tự chấm 85 điểm, "
        "thẩm định 83 điểm, ở 2 tiêu chí).")


def test_self_score_gap_none_over():
    assert narrative.self_score_gap(gap(("Sở A", 80.0, 80.0, 0.0, 0), ("Sở B", 79.0, 80.0, -1.0, 0))) == (
        "Không có đơn vị nào tự chấm cao hơn kết quả thẩm định.")


# ---------------------------------------------------------------- strengths, weaknesses, recommendations


def group(name="Sở, ban, ngành tỉnh", areas_=AREAS, lost_=LOST, units_=None):
    return SimpleNamespace(name=name, areas=areas_, lost=lost_, units=units_ if units_ is not None else units(
        ("a", "Sở A", 90.0, 1, NAN, NAN), ("b", "Sở B", 80.0, 2, NAN, NAN)))


def test_strengths_and_weaknesses():
    band_table = pd.DataFrame([[1, 1, 1, 0, 0]], columns=BAND_NAMES)
    strengths, weaknesses = narrative.strengths_and_weaknesses(
        [group()], None, band_table, gap(("Sở A", 90.0, 88.0, 2.0, 3), ("Sở B", 80.0, 80.0, 0.0, 0)))
    # Xuất sắc + Tốt = 2 of 3 units: 66.66…% → 66,7%.
    assert strengths == ["2/3 đơn vị (66,7%) xếp loại Xuất sắc hoặc Tốt.",
                         "Nhóm Sở, ban, ngành tỉnh: lĩnh vực Công tác chỉ đạo đạt bình quân 95,00% điểm tối đa."]
    assert weaknesses == [
        "Nhóm Sở, ban, ngành tỉnh: lĩnh vực Công chức chỉ đạt bình quân 80,00% điểm tối đa.",
        "Nhóm Sở, ban, ngành tỉnh: tiêu chí 1.1.2 “Ban hành kế hoạch” bị mất điểm ở 2/3 đơn vị.",
        "1 đơn vị tự đánh giá cao hơn kết quả thẩm định, cho thấy việc tự chấm và chuẩn bị tài liệu kiểm chứng "
        "chưa sát thực tế."]


def test_strengths_and_weaknesses_name_every_tied_area():
    tied = areas(("1", "Công tác chỉ đạo", 95.0, "Sở C", 70.0), ("2", "Cải cách TTHC", 80.0, "Sở B", 60.0),
                 ("3", "Tổ chức bộ máy", 95.0, "Sở A", 80.0), ("4", "Công chức", 80.0, "Sở D", 50.0))
    band_table = pd.DataFrame([[0, 2, 0, 0, 0]], columns=BAND_NAMES)
    strengths, weaknesses = narrative.strengths_and_weaknesses([group(areas_=tied, lost_=LOST.iloc[:0])], None,
                                                               band_table, gap(("Sở A", 1.0, 1.0, 0.0, 0)))
    assert strengths[1] == ("Nhóm Sở, ban, ngành tỉnh: các lĩnh vực Công tác chỉ đạo và Tổ chức bộ máy cùng đạt "
                            "bình quân 95,00% điểm tối đa.")
    assert weaknesses == ["Nhóm Sở, ban, ngành tỉnh: các lĩnh vực Cải cách TTHC và Công chức cùng chỉ đạt bình quân "
                          "80,00% điểm tối đa."]


def test_recommendations():
    out = narrative.recommendations([group(units_=units(
        ("a", "Sở A", 95.0, 1, NAN, NAN), ("b", "Sở B", 90.0, 2, NAN, NAN), ("c", "Sở C", 85.0, 3, NAN, NAN),
        ("d", "Sở D", 80.0, 4, NAN, NAN), ("e", "Sở E", 75.0, 5, NAN, NAN)))])
    # Sở Nội vụ appraises 1.1.2 and 1.1.1: 1.5 + 0.25 = 1.75 points lost, more than Sở Tư pháp's 0.75.
    assert out[0] == ("Sở Nội vụ hướng dẫn, đôn đốc Sở, ban, ngành tỉnh khắc phục các tiêu chí 1.1.2, 1.1.1 (nhóm "
                      "này mất tổng cộng 1,75 điểm ở các tiêu chí do Sở Nội vụ thẩm định).")
    # The last three of five ranks: 3, 4, 5.
    assert out[1] == ("Các đơn vị xếp cuối nhóm Sở, ban, ngành tỉnh (Sở C, Sở D, Sở E) xây dựng kế hoạch khắc phục "
                      "hạn chế, báo cáo Sở Nội vụ trong quý I.")
    assert out[2].startswith("Các cơ quan, đơn vị nghiêm túc tự đánh giá") and len(out) == 3
    assert narrative.recommendations([group(lost_=LOST.iloc[:0])]) == out[2:]


def test_recommendations_name_every_unit_tied_at_the_bottom():
    tied = units(*[(c, f"Xã {c.upper()}", 90.0 - i, i + 1, NAN, NAN) for i, c in enumerate("abcd")],
                 *[(c, f"Xã {c.upper()}", 70.0, 5, NAN, NAN) for c in "efgh"])
    # Ranks 1, 2, 3, 4, 5, 5, 5, 5: the four units sharing rank 5 are all last (the cut used to drop them all).
    out = narrative.recommendations([group("UBND cấp xã", units_=tied)])
    assert out[1] == ("Các đơn vị xếp cuối nhóm UBND cấp xã (Xã E, Xã F, Xã G, Xã H) xây dựng kế hoạch khắc phục "
                      "hạn chế, báo cáo Sở Nội vụ trong quý I.")


def test_recommendations_for_a_group_of_one_unit():
    out = narrative.recommendations([group("Ban quản lý", units_=units(("bql", "Ban Quản lý", 80.0, 1, NAN, NAN)))])
    assert out[1] == ("Các đơn vị xếp cuối nhóm Ban quản lý (Ban Quản lý) xây dựng kế hoạch khắc phục hạn chế, báo "
                      "cáo Sở Nội vụ trong quý I.")


def test_bullets():
    assert narrative.bullets(["Một.", "Hai."]) == "- Một.\n- Hai."


# ---------------------------------------------------------------- one unit's report


def unit_report(previous_year=2022, **unit):
    row = {"ten_don_vi": "Sở Tư pháp", "tong_diem": 84.65, "diem_toi_da": 100.0, "chi_so": 84.65, "xep_hang": 3,
           "xep_loai": "Tốt", "chi_so_truoc": 83.93, "tang_diem": 0.72, "tang_bac": 2}
    return SimpleNamespace(year=2023, unit=pd.Series({**row, **unit}), group_size=20,
                           group_name="Sở, ban, ngành tỉnh", previous_year=previous_year)


def test_unit_summary():
    # 84.65 - 83.93 = 0.72 points.
    assert narrative.unit_summary(unit_report()) == (
        "Năm 2023, Sở Tư pháp đạt 84,65/100 điểm, Chỉ số CCHC 84,65%, xếp thứ 3/20 trong nhóm Sở, ban, ngành tỉnh, "
        "xếp loại Tốt. So với năm 2022 (83,93%), Chỉ số tăng 0,72 điểm, tăng 2 bậc.")


def test_unit_summary_without_places_or_previous_year():
    # Scored out of 92.5 (not applicable criteria): 80.5 / 92.5 = 87.03%; it changed group, so no places.
    moved = unit_report(tong_diem=80.5, diem_toi_da=92.5, chi_so=87.027027, chi_so_truoc=87.027027, tang_diem=0.0,
                        tang_bac=NAN)
    assert narrative.unit_summary(moved) == (
        "Năm 2023, Sở Tư pháp đạt 80,50/92,5 điểm, Chỉ số CCHC 87,03%, xếp thứ 3/20 trong nhóm Sở, ban, ngành tỉnh, "
        "xếp loại Tốt. So với năm 2022 (87,03%), Chỉ số không đổi.")
    assert narrative.unit_summary(unit_report(previous_year=None)).endswith("xếp loại Tốt.")
    assert narrative.unit_summary(unit_report(chi_so_truoc=NAN)).endswith("xếp loại Tốt.")  # new unit


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


def test_unit_lost():
    lost_ = pd.DataFrame({"mat": [0.5, 0.25]})
    deductions = pd.DataFrame({"diem": [-1.0]})
    none = pd.DataFrame({"mat": []}), pd.DataFrame({"diem": []})
    # 0.5 + 0.25 = 0.75 points lost in 2 criteria; a deduction of 1 point.
    assert narrative.unit_lost(lost_, deductions) == ("Đơn vị bị mất 0,75 điểm ở 2 tiêu chí thành phần và bị trừ 1 "
                                                      "điểm.")
    assert narrative.unit_lost(lost_, none[1]) == "Đơn vị bị mất 0,75 điểm ở 2 tiêu chí thành phần."
    assert narrative.unit_lost(none[0], deductions) == ("Đơn vị không bị mất điểm ở tiêu chí thành phần nào và bị "
                                                        "trừ 1 điểm.")
    assert narrative.unit_lost(*none) == ("Đơn vị đạt điểm tối đa ở tất cả các tiêu chí thành phần và không bị trừ "
                                          "điểm.")


def test_unit_self_gap():
    advice = " Đề nghị đơn vị nghiên cứu kỹ hướng dẫn và bổ sung đầy đủ tài liệu kiểm chứng khi tự đánh giá."
    # Over-scored in two criteria: 0.5 + 0.25 = 0.75 points; under-scored in one.
    assert narrative.unit_self_gap(pd.DataFrame({"chenh_lech": [0.5, 0.25, -1.0]})) == (
        "Có 3 tiêu chí thành phần điểm tự đánh giá khác kết quả thẩm định; đơn vị tự chấm cao hơn ở 2 tiêu chí, tổng "
        "cộng 0,75 điểm." + advice)
    assert narrative.unit_self_gap(pd.DataFrame({"chenh_lech": [-1.0]})) == (
        "Có 1 tiêu chí thành phần điểm tự đánh giá khác kết quả thẩm định." + advice)
    assert narrative.unit_self_gap(pd.DataFrame({"chenh_lech": []})) == (
        "Điểm tự đánh giá của đơn vị trùng với kết quả thẩm định ở tất cả các tiêu chí.")


def test_unit_priorities():
    recoverable = pd.DataFrame({"ma": ["2.1.1", "1.1.2"], "noi_dung": ["Hài lòng", "Kế hoạch"], "mat": [1.5, 1.5],
                                "phuong_thuc": ["TĐ", "XHH"], "co_quan_tham_dinh": ["Sở Nội vụ", "Sở Tư pháp"]})
    lost_ = pd.DataFrame({"mat": [1.5, 1.5, 0.25]})
    # 1.5 + 1.5 + 0.25 = 3.25 points in all; the two listed hold 3.
    assert narrative.unit_priorities(recoverable, lost_) == (
        "Tổng số điểm có thể cải thiện là 3,25 điểm; 2 tiêu chí sau đây chiếm 3 điểm:\n\n"
        "1. 2.1.1 Hài lòng: 1,5 điểm (thẩm định; Sở Nội vụ)\n"
        "2. 1.1.2 Kế hoạch: 1,5 điểm (điều tra XHH; Sở Tư pháp)\n\n"
        "Đề nghị đơn vị xây dựng kế hoạch khắc phục trong năm tới, ưu tiên các tiêu chí thẩm định "
        "(bổ sung tài liệu kiểm chứng đầy đủ, đúng thời hạn).")
    assert narrative.unit_priorities(recoverable.iloc[:0], lost_.iloc[:0]) == (
        "Đơn vị không có tiêu chí nào cần khắc phục.")
