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
