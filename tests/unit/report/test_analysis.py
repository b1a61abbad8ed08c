"""Analyses of the units report and the unit reports (pipeline/report/analysis.py) on small hand-made tables;
expected values computed by hand in the comments."""
import math

import pandas as pd

from pipeline.report import analysis


def tong_hop(*rows) -> pd.DataFrame:
    """(ma_don_vi, ten_don_vi, nhom, chi_so, xep_hang, don_vi_cap_tren)."""
    return pd.DataFrame(rows, columns=["ma_don_vi", "ten_don_vi", "nhom", "chi_so", "xep_hang", "don_vi_cap_tren"])


NOW = tong_hop(("so-a", "Sở A", "so", 90.0, 1, ""), ("so-b", "Sở B", "so", 85.0, 2, ""),
               ("xa-a", "Xã A", "xa", 80.0, 1, "h1"), ("xa-b", "Xã B", "xa", 80.0, 1, "h1"),
               ("xa-c", "Xã C", "xa", 70.0, 3, "h2"))


def test_comparability_and_places_only_for_the_same_units():
    before = tong_hop(("so-a", "Sở A", "so", 88.0, 2, ""), ("so-b", "Sở B", "so", 89.0, 1, ""),
                      ("so-c", "Sở C", "so", 70.0, 3, ""),  # merged away: departments 3 → 2
                      ("xa-a", "Xã A", "xa", 80.0, 2, "h1"), ("xa-b", "Xã B", "xa", 81.0, 1, "h1"),
                      ("xa-c", "Xã C", "xa", 60.0, 3, "h2"))
    table = analysis.comparability(NOW, before).set_index("nhom")
    assert table.loc["so", ["so_don_vi", "so_don_vi_truoc", "so_sanh_duoc", "khong_con"]].tolist() == [2, 3, False, 1]
    assert bool(table.loc["xa", "so_sanh_duoc"]) is True
    out = analysis.year_on_year(NOW, before).set_index("ma_don_vi")
    assert math.isnan(out.loc["so-a", "tang_bac"])  # rank 2 → 1 out of another field: not compared
    assert out.loc["so-a", "tang_diem"] == 2.0  # points still compared: 90 - 88
    assert out.loc["xa-a", "tang_bac"] == 1  # 2 → 1 among the same communes
    assert analysis.comparability(NOW, None)["so_sanh_duoc"].tolist() == [False, False]


def diem(*rows) -> pd.DataFrame:
    """(ma_don_vi, ma, phuong_thuc, ap_dung, diem_toi_da, diem)."""
    d = pd.DataFrame(rows, columns=["ma_don_vi", "ma", "phuong_thuc", "ap_dung", "diem_toi_da", "diem"])
    return d.assign(loai="")


DIEM = diem(("so-a", "1.1", "TĐ", True, 6.0, 6.0), ("so-a", "8.1", "XHH", True, 4.0, 3.0),
            ("so-b", "1.1", "TĐ", True, 6.0, 4.5), ("so-b", "8.1", "XHH", True, 4.0, 2.0),
            ("so-b", "1.2", "TĐ", False, 2.0, 0.0))  # not applicable to Sở B: counts nowhere


def test_method_results_keep_appraised_and_survey_apart():
    out = analysis.method_results(DIEM, NOW).set_index("phuong_thuc")
    # TĐ: A 6/6 = 100%, B 4.5/6 = 75% → mean 87.5%; XHH: A 3/4 = 75%, B 2/4 = 50% → 62.5%.
    assert out.loc["TĐ", ["diem_toi_da", "diem_trung_binh", "ty_le_trung_binh", "ty_le_thap_nhat"]].tolist() == [
        6.0, 5.25, 87.5, 75.0]
    assert out.loc["XHH", ["diem_trung_binh", "ty_le_trung_binh", "ty_le_cao_nhat"]].tolist() == [2.5, 62.5, 75.0]
    assert list(out.index) == ["TĐ", "XHH"]


def test_survey_items_weakest_first():
    d = pd.concat([DIEM, diem(("so-a", "8.2", "XHH", True, 2.0, 2.0), ("so-b", "8.2", "XHH", True, 2.0, 1.9))])
    framework = pd.DataFrame({"nhom": ["so", "so"], "ma": ["8.1", "8.2"], "noi_dung": ["Hài lòng", "Tiếp cận"]})
    out = analysis.survey_items(d, framework, NOW)
    # 8.1: (75 + 50) / 2 = 62.5%, both short; 8.2: (100 + 95) / 2 = 97.5%, one short.
    assert out["ma"].tolist() == ["8.1", "8.2"]
    assert out[["ty_le_trung_binh", "so_don_vi_mat"]].values.tolist() == [[62.5, 2], [97.5, 1]]
    assert out["don_vi_thap_nhat"].tolist() == ["Sở B", "Sở B"]


def test_recoverable_puts_deductions_with_appraised_points_and_survey_apart():
    lost = pd.DataFrame({"ma": ["1.1", "8.1", "1.2"], "noi_dung": ["A", "B", "C"], "phuong_thuc": ["TĐ", "XHH", "TĐ"],
                         "loai": ["", "", ""], "mat": [0.5, 2.0, 0.5], "co_quan_tham_dinh": ["X", "Y", "Z"],
                         "ghi_chu": ["", "", ""], "thu_tu": [3, 9, 2]})
    deductions = pd.DataFrame({"ma": ["D.1"], "noi_dung": ["Chậm"], "loai": ["diem_tru"], "diem": [-1.0],
                               "tham_dinh": [1.0], "co_quan_tham_dinh": ["Sở Nội vụ"], "ghi_chu": [""],
                               "thu_tu": [20]})
    out = analysis.recoverable(lost, deductions)
    # The 1-point deduction first, then the two 0.5 appraised items in framework order (1.2 before 1.1).
    assert out["ma"].tolist() == ["D.1", "1.2", "1.1"] and out["mat"].tolist() == [1.0, 0.5, 0.5]
    assert analysis.survey_lost(lost)["ma"].tolist() == ["8.1"]
    assert analysis.recoverable(lost.iloc[1:2], deductions.iloc[:0]).empty


def test_rank_within_parent_with_ties():
    out = analysis.rank_within_parent(NOW)
    # h1: A and B tie at 80 → 1, 1 of 2; h2: C alone; departments have no parent.
    ranks = out[["hang_trong_huyen", "so_don_vi_huyen"]]
    assert ranks.loc["xa-a"].tolist() == [1, 2] and ranks.loc["xa-b"].tolist() == [1, 2]
    assert ranks.loc["xa-c"].tolist() == [1, 1] and "so-a" not in out.index
    assert analysis.rank_within_parent(NOW[NOW["nhom"] == "so"]).empty


def test_not_applicable_and_appraised_maximum():
    leaves = DIEM[DIEM["ma_don_vi"] == "so-b"]
    assert analysis.not_applicable(leaves) == (1, 2.0)
    assert analysis.appraised_maximum(leaves) == 6.0  # the 2-point leaf does not apply
