"""Pack analyses (pipeline/report/packs.py) on small hand-made tables."""
from __future__ import annotations

import pandas as pd

from pipeline.report import packs


def test_agency_file_names_are_ascii_and_unique():
    codes = packs.agency_codes(["Sở Tư pháp", "Sở Tư Pháp", "Văn phòng UBND tỉnh", "Sở Nội vụ"])
    assert codes == {"Sở Nội vụ": "so-noi-vu", "Sở Tư Pháp": "so-tu-phap", "Sở Tư pháp": "so-tu-phap-2",
                     "Văn phòng UBND tỉnh": "van-phong-ubnd-tinh"}


def test_communes_ranked_in_their_district_ties_share_the_best_rank():
    th = pd.DataFrame([("xa-a", "Xã A", "xa", 80.0, 3, "h1"), ("xa-b", "Xã B", "xa", 90.0, 1, "h1"),
                       ("xa-c", "Xã C", "xa", 80.0, 3, "h1"), ("xa-d", "Xã D", "xa", 85.0, 2, "h2")],
                      columns=["ma_don_vi", "ten_don_vi", "nhom", "chi_so", "xep_hang", "don_vi_cap_tren"])
    previous = pd.DataFrame({"ma_don_vi": ["xa-a"], "chi_so": [78.5]})
    d = packs.district_communes(th, previous, "h1")
    assert d[["ma_don_vi", "xep_hang_huyen", "hang_tinh"]].values.tolist() == [
        ["xa-b", 1, "1/4"], ["xa-a", 2, "3/4"], ["xa-c", 2, "3/4"]]
    assert d.set_index("ma_don_vi").loc["xa-a", "tang_diem"] == 1.5  # 80 − 78,5
    assert d.set_index("ma_don_vi")["tang_diem"].isna().tolist() == [True, False, True]


def test_most_often_keeps_ties_with_the_last():
    criteria = pd.DataFrame({"ma": ["1.1", "1.2", "1.3", "1.4"], "loai_muc": ["TĐ"] * 4,
                             "so_don_vi_mat": [5, 3, 3, 3], "tong_mat": [2.0, 1.5, 1.5, 1.0]})
    # n = 2: 1.1 (5 units), then 1.2 and 1.3 tie (3 units, 1,5 points); 1.4 has fewer points
    assert packs.most_often(criteria, "TĐ", 2)["ma"].tolist() == ["1.1", "1.2", "1.3"]


def test_agency_detail_lists_units_under_each_criterion():
    losses = pd.DataFrame({
        "ma_don_vi": ["so-a", "so-b", "so-a", "so-b"], "ten_don_vi": ["Sở A", "Sở B", "Sở A", "Sở B"],
        "nhom": ["so"] * 4, "ma": ["2.1.1", "2.1.1", "2.1.2", "2.1.2"], "noi_dung": ["X", "X", "Y", "Y"],
        "co_quan_tham_dinh": ["Sở Tư pháp"] * 4, "loai_muc": ["TĐ"] * 4, "thu_tu": [1, 1, 2, 2],
        "diem": [1.0, 0.5, 2.0, 2.0], "diem_toi_da": [2.0, 2.0, 2.0, 2.0], "mat": [1.0, 1.5, 0.0, 0.0]})
    d = packs.agency_detail(losses, "Sở Tư pháp", "TĐ")
    # Every row names its criterion: no blank cells under it.
    assert d[["tieu_chi", "ten_don_vi", "dat", "mat"]].values.tolist() == [["2.1.1. X", "Sở B", "0,5/2", 1.5],
                                                                          ["2.1.1. X", "Sở A", "1/2", 1.0]]
    assert [c.key for c in packs.detail_columns(d, packs.AGENCY_DETAIL)] == ["tieu_chi", "ten_don_vi", "dat", "mat",
                                                                              "ghi_chu"]


def test_agency_detail_names_a_communes_district():
    th = pd.DataFrame({"ma_don_vi": ["h", "x"], "ten_don_vi": ["UBND huyện Long Hồ", "UBND xã A"],
                       "nhom": ["huyen", "xa"], "don_vi_cap_tren": ["", "h"]})
    diem = pd.DataFrame({"ma_don_vi": ["x"], "ma": ["1.1"], "ap_dung": [True], "loai": [""],
                         "phuong_thuc": ["TĐ"], "diem": [0.5], "diem_toi_da": [1.0], "ghi_chu": ["Chậm"]})
    fw = pd.DataFrame({"nhom": ["xa"], "ma": ["1.1"], "noi_dung": ["Kế hoạch"], "co_quan_tham_dinh": ["Sở Nội vụ"],
                       "thu_tu": [1]})
    d = packs.agency_detail(packs.leaf_losses(diem, fw, th), "Sở Nội vụ", "TĐ")
    assert d[["tieu_chi", "ten_don_vi", "cap_huyen"]].values.tolist() == [["1.1. Kế hoạch", "UBND xã A",
                                                                          "Huyện Long Hồ"]]
    assert "cap_huyen" in [c.key for c in packs.detail_columns(d, packs.AGENCY_DETAIL)]
