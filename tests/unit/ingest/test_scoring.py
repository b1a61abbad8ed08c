import pandas as pd

from pipeline.config import Band
from pipeline.ingest.scoring import area_totals, assign_band, code_sort_key, competition_rank, unit_totals

BANDS = (Band("Xuất sắc", 90), Band("Tốt", 80), Band("Khá", 70), Band("Trung bình", 50), Band("Yếu", 0))


def test_competition_rank_ties_share_best_rank():
    # 0.1 + 0.2 is 0.30000000000000004: float noise must not split the tie.
    assert competition_rank(pd.Series([90.0, 85.5, 85.5, 70.0, 0.1 + 0.2 + 85.2])).tolist() == [1, 2, 2, 5, 2]


def test_competition_rank_one_two_two_four():
    assert competition_rank(pd.Series([90.0, 85.0, 85.0, 80.0])).tolist() == [1, 2, 2, 4]
    assert competition_rank(pd.Series([70.0, 70.0, 70.0])).tolist() == [1, 1, 1]
    assert competition_rank(pd.Series([0.3, 0.1 + 0.2])).tolist() == [1, 1]  # 0.30000000000000004 ties with 0.3
    # A difference in the sixth decimal is real: no tie.
    assert competition_rank(pd.Series([80.000001, 80.0])).tolist() == [1, 2]


def test_competition_rank_gives_no_rank_to_a_missing_value():
    ranks = competition_rank(pd.Series([80.0, float("nan"), 90.0]))
    assert ranks.iloc[0] == 2 and pd.isna(ranks.iloc[1]) and ranks.iloc[2] == 1


def test_assign_band_at_each_minimum_and_below_it():
    values = pd.Series([90.0, 80.0, 70.0, 50.0, 0.0, 69.999, 90 - 1e-9])
    # 90 - 1e-9 is float noise under the 6 decimals kept: it reaches 90.
    assert assign_band(values, BANDS).tolist() == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu", "Trung bình",
                                                   "Xuất sắc"]


def test_code_sort_key_orders_codes_naturally_with_letters_last():
    codes = ["1.10", "D.1", "2", "1.9", "1", "10", "1.1.2"]
    assert sorted(codes, key=code_sort_key) == ["1", "1.1.2", "1.9", "1.10", "2", "10", "D.1"]


def test_assign_band_minimum_is_inclusive():
    assert assign_band(pd.Series([90.0, 89.99, 80.0, 50.0, 49.99, 0.0]), BANDS).tolist() == [
        "Xuất sắc", "Tốt", "Tốt", "Trung bình", "Yếu", "Yếu"]


def leaf(unit, ma, method, max_points, tham_dinh=None, xhh=None, tu=None, loai="", ap_dung=True):
    diem = -tham_dinh if loai == "diem_tru" else (xhh if method == "XHH" else tham_dinh)
    return {"ma_don_vi": unit, "ma": ma, "phuong_thuc": method, "ap_dung": ap_dung, "diem_toi_da": max_points,
            "tu_danh_gia": tu, "tham_dinh": tham_dinh, "xhh": xhh, "diem": diem if ap_dung else 0.0, "loai": loai}


def test_unit_totals_by_hand():
    diem = pd.DataFrame([
        leaf("a", "1.1", "TĐ", 2, tham_dinh=1.5, tu=2),
        leaf("a", "1.2", "TĐ", 3, tham_dinh=3, tu=3),
        leaf("a", "2.1", "XHH", 5, xhh=4.25),
        leaf("a", "9.1", "TĐ", 1, tham_dinh=0.5, loai="diem_tru"),
        leaf("b", "1.1", "TĐ", 2, tham_dinh=2, tu=2),
        leaf("b", "1.2", "TĐ", 3, ap_dung=False),  # not applicable: b is scored out of 7
        leaf("b", "2.1", "XHH", 5, xhh=3.6),
        leaf("b", "9.1", "TĐ", 1, tham_dinh=0.0, loai="diem_tru"),
    ])
    units = pd.DataFrame({"ma_don_vi": ["a", "b"], "ten_don_vi": ["A", "B"], "nhom": ["so", "so"],
                          "don_vi_cap_tren": ["", ""]})
    t = unit_totals(diem, units, BANDS, ["so"]).set_index("ma_don_vi")
    # a: 1.5 + 3 (TĐ) + 4.25 (XHH) - 0.5 (trừ) = 8.25 of 10 → 82.5%
    assert t.loc["a", "tham_dinh"] == 4.5 and t.loc["a", "tu_danh_gia"] == 5.0 and t.loc["a", "diem_tru"] == 0.5
    assert t.loc["a", "tong_diem"] == 8.25 and t.loc["a", "chi_so"] == 82.5 and t.loc["a", "xep_loai"] == "Tốt"
    # b: 2 + 3.6 = 5.6 of 7 (2 + 5) → 80%
    assert t.loc["b", "diem_toi_da"] == 7.0 and t.loc["b", "tong_diem"] == 5.6
    assert abs(t.loc["b", "chi_so"] - 80.0) < 1e-9 and t.loc["b", "xep_loai"] == "Tốt"
    assert t["xep_hang"].to_dict() == {"a": 1, "b": 2}
    areas = area_totals(diem).set_index(["ma_don_vi", "ma"])
    assert areas.loc[("a", "1"), "diem"] == 4.5 and areas.loc[("a", "9"), "diem"] == -0.5
    assert areas.loc[("b", "1"), "diem_toi_da"] == 2.0


def test_ties_share_a_rank_within_each_group_only():
    diem = pd.DataFrame([leaf("a", "1.1", "TĐ", 4, tham_dinh=3), leaf("b", "1.1", "TĐ", 4, tham_dinh=3),
                         leaf("c", "1.1", "TĐ", 4, tham_dinh=2), leaf("x", "1.1", "TĐ", 4, tham_dinh=1)])
    units = pd.DataFrame({"ma_don_vi": ["a", "b", "c", "x"], "ten_don_vi": list("ABCX"), "nhom": ["so"] * 3 + ["xa"],
                          "don_vi_cap_tren": [""] * 4})
    t = unit_totals(diem, units, BANDS, ["so", "xa"])
    # so: 3/4 = 75%, 75%, 2/4 = 50% → ranks 1, 1, 3; xa: its only unit is first (25%).
    assert t[["ma_don_vi", "chi_so", "xep_hang"]].values.tolist() == [["a", 75.0, 1], ["b", 75.0, 1], ["c", 50.0, 3],
                                                                      ["x", 25.0, 1]]
