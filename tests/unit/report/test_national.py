"""The province's national ranks (pipeline/report/national.py) on a few hand-made provinces."""
import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.report.national import analysis as national

PROVINCES = pd.DataFrame(
    [(2023, "A", "Bắc", 90.0), (2023, "B", "Nam", 85.5), (2023, "Vĩnh Long", "Nam", 85.5), (2023, "D", "Nam", 70.0),
     (2022, "A", "Bắc", 80.0), (2022, "Vĩnh Long", "Nam", 84.0), (2022, "D", "Nam", 86.0), (2022, "B", "Nam", 70.0)],
    columns=["nam", "tinh", "vung", "chi_so"])


@pytest.mark.parametrize("index, group", [(90.0, "A"), (89.99, "B"), (80.0, "B"), (79.99, "C"), (70.0, "C"),
                                          (69.99, "dưới C")])
def test_national_group_minimums_are_inclusive(index, group):
    assert national.national_group(index) == group


def test_ranked_ties_share_the_best_rank_nationally_and_in_the_region():
    r = national.ranked(PROVINCES, 2023).set_index("tinh")
    # 90 > 85.5 = 85.5 > 70: ranks 1, 2, 2, 4. Region Nam: 85.5 = 85.5 > 70: 1, 1, 3.
    assert r["xep_hang"].to_dict() == {"A": 1, "B": 2, "Vĩnh Long": 2, "D": 4}
    assert r["hang_vung"].to_dict() == {"A": 1, "B": 1, "Vĩnh Long": 1, "D": 3}
    assert r["so_tinh_vung"].to_dict() == {"A": 1, "B": 3, "Vĩnh Long": 3, "D": 3}


def test_headline():
    h = national.headline(PROVINCES, 2023, "Vĩnh Long")
    # 2022: 86 > 84: Vĩnh Long 2nd; 2023: 2nd (tied): no place gained. Mean (90 + 85.5 + 85.5 + 70) / 4 = 82.75.
    assert (h.rank, h.n_provinces, h.region_rank, h.region_size, h.group) == (2, 4, 1, 3, "B")
    assert (h.previous_year, h.previous_rank, h.places_gained) == (2022, 2, 0)
    assert h.change_points == pytest.approx(1.5) and h.national_mean == pytest.approx(82.75)


def test_province_missing():
    with pytest.raises(InputError) as caught:
        national.headline(PROVINCES, 2023, "Cà Mau")
    assert caught.value.report() == ("quoc-gia/chi-so-cac-tinh.xlsx: PROVINCE_MISSING: không có dòng nào của tỉnh "
                                     "'Cà Mau' (dataset.yml: province) năm 2023")


# Three provinces, two years, two areas (maxima 10 and 20). lv_1 + lv_2 = chi_so.
AREA_ROWS = pd.DataFrame(
    [(2022, "A", "Bắc", 25.0, 9.0, 16.0), (2022, "Vĩnh Long", "Nam", 24.0, 8.0, 16.0), (2022, "C", "Nam", 27.0, 10.0, 17.0),
     (2023, "A", "Bắc", 28.0, 10.0, 18.0), (2023, "Vĩnh Long", "Nam", 29.0, 10.0, 19.0), (2023, "C", "Nam", 26.0, 8.0, 18.0)],
    columns=["nam", "tinh", "vung", "chi_so", "lv_1", "lv_2"])
AREAS = pd.DataFrame({"ma": ["1", "2"], "ten": ["Chỉ đạo", "TTHC"], "diem_toi_da": [10.0, 20.0]})


def test_area_results_name_every_best_province_and_the_change():
    a = national.area_results(AREA_ROWS, AREAS, 2023, "Vĩnh Long", comparable=True).set_index("ma")
    # Area 1, 2023: A 10, Vĩnh Long 10, C 8: A and Vĩnh Long share the best (rank 1, two at it).
    assert a.loc["1", "tinh_cao_nhat"] == "A, Vĩnh Long" and a.loc["1", "so_tinh_cao_nhat"] == 2
    assert (a.loc["1", "xep_hang"], a.loc["1", "dong_hang"]) == (1, 2)
    # 2022: C 10 > A 9 > Vĩnh Long 8: 3rd; now 1st: +2 places; 10 - 8 = +2 points. Mean (10 + 10 + 8) / 3.
    assert (a.loc["1", "thay_doi"], a.loc["1", "xep_hang_truoc"], a.loc["1", "bac"]) == (2.0, 3, 2)
    assert a.loc["1", "chenh_lech"] == pytest.approx(10 - 28 / 3)
    # Area 2: 19 > 18 = 18: alone at the top; 2022: 17 > 16 = 16: 2nd (tied): +1 place, +3 points.
    assert (a.loc["2", "tinh_cao_nhat"], a.loc["2", "xep_hang_truoc"], a.loc["2", "bac"], a.loc["2", "thay_doi"]) \
        == ("Vĩnh Long", 2, 1, 3.0)
    not_comparable = national.area_results(AREA_ROWS, AREAS, 2023, "Vĩnh Long", comparable=False)
    assert not_comparable[["diem_truoc", "thay_doi", "bac"]].isna().all().all()


def test_areas_comparable_only_with_the_same_areas():
    # 2022 holds lv_1 + lv_2 = chi_so: the same two areas.
    assert national.areas_comparable(AREA_ROWS, 2023, "Vĩnh Long", 2)
    assert not national.areas_comparable(AREA_ROWS, 2023, "Vĩnh Long", 2, framework_changed=True)
    assert not national.areas_comparable(AREA_ROWS, 2022, "Vĩnh Long", 2)  # no year before
    # Last year had a third area (24 = 8 + 16 only with lv_3 = 0 … here its index is 30: other areas).
    other = AREA_ROWS.copy()
    other.loc[(other["nam"] == 2022) & (other["tinh"] == "Vĩnh Long"), "chi_so"] = 30.0
    assert not national.areas_comparable(other, 2023, "Vĩnh Long", 2)


def test_region_table_ranks_and_changes():
    t = national.region_table(AREA_ROWS, 2023, "Vĩnh Long").set_index("tinh")
    # Region Nam 2023: Vĩnh Long 29 > C 26; 2022: C 27 > Vĩnh Long 24. National 2023: 29 > 28 > 26.
    assert t["hang_vung"].to_dict() == {"Vĩnh Long": 1, "C": 2}
    assert t["xep_hang"].to_dict() == {"Vĩnh Long": 1, "C": 3}
    assert t["bac_vung"].to_dict() == {"Vĩnh Long": 1, "C": -1}
    # National 2022: 27 > 25 > 24: Vĩnh Long 3rd → 1st (+2), C 1st → 3rd (−2); points +5 and −1.
    assert t["bac"].to_dict() == {"Vĩnh Long": 2, "C": -2} and t["thay_doi"].to_dict() == {"Vĩnh Long": 5.0, "C": -1.0}
    assert t["la_tinh"].to_dict() == {"Vĩnh Long": True, "C": False}
    # A region that lost a province (a merger): no change printed.
    merged = AREA_ROWS[~((AREA_ROWS["nam"] == 2023) & (AREA_ROWS["tinh"] == "C"))]
    assert national.region_table(merged, 2023, "Vĩnh Long")[["thay_doi", "bac", "bac_vung"]].isna().all().all()


def test_trend_segments_break_at_a_new_number_of_provinces_or_areas():
    trend = pd.DataFrame({"nam": [2021, 2022, 2023, 2024, 2025], "xep_hang": [58, 46, 35, 38, 19],
                          "so_tinh": [63, 63, 63, 63, 34], "so_linh_vuc": pd.array([8, 8, 8, 8, 7], dtype="Int64")})
    assert [s["nam"].tolist() for s in national.trend_segments(trend)] == [[2021, 2022, 2023, 2024], [2025]]
    # Unknown areas (other than this year's) against known: a break too; a year marked as a new framework: a break.
    odd = trend.assign(so_tinh=63, so_linh_vuc=pd.array([pd.NA, pd.NA, 8, 8, 8], dtype="Int64"))
    assert [s["nam"].tolist() for s in national.trend_segments(odd, [2024])] == [[2021, 2022], [2023], [2024, 2025]]


LOST = pd.DataFrame({"ma": ["1.1.1", "1.2.1", "2.1.1", "3.1.1", "3.1.2", "2.2.1"],
                     "co_quan_chu_tri": ["Sở Nội vụ", "Sở Nội vụ", "Sở Nội vụ", "Sở Tư pháp", "Sở Tư pháp", "Sở Nội vụ"],
                     "linh_vuc": ["1", "1", "2", "3", "3", "2"], "diem_mat": [0.05, 0.3, 0.2, 0.5, 0.25, 0.2],
                     "phuong_thuc": ["TĐ", "TĐ", "XHH", "TĐ", "TĐ", "TĐ"]})


def test_sorted_lost_agencies_then_areas_then_points():
    # Sở Nội vụ 0.05 + 0.3 + 0.2 + 0.2 = 0.75 and Sở Tư pháp 0.5 + 0.25 = 0.75: a tie, by name.
    # Inside Sở Nội vụ: area 2 (0.4) before area 1 (0.35); 2.1.1 and 2.2.1 tie at 0.2: by code.
    order = national.sorted_lost(LOST)["ma"].tolist()
    assert order == ["2.1.1", "2.2.1", "1.2.1", "1.1.1", "3.1.1", "3.1.2"]


def test_tasks_put_the_own_agency_last_and_mark_small_items():
    t = national.tasks(LOST, small_items=0.1, own_agency="Sở Nội vụ")
    assert t["ma"].tolist() == ["3.1.1", "3.1.2", "1.2.1", "2.1.1", "2.2.1", "1.1.1"]
    assert t.set_index("ma")["nho"].to_dict() == {"3.1.1": False, "3.1.2": False, "1.2.1": False, "2.1.1": False,
                                                  "2.2.1": False, "1.1.1": True}
    assert t["tu_thuc_hien"].tolist() == [False, False, True, True, True, True]
    by = national.lost_by_agency(LOST).set_index("co_quan_chu_tri")
    # Sở Nội vụ: appraised 0.05 + 0.3 + 0.2 = 0.55, survey 0.2.
    assert (by.loc["Sở Nội vụ", "mat_tham_dinh"], by.loc["Sở Nội vụ", "mat_xhh"]) == (0.55, 0.2)
