"""quoc-gia/ → the national PAR INDEX tables (contract §8): any number of areas; every problem collected.
Each file: header on row 1, data from row 2."""
import pytest

from conftest import write_workbook
from pipeline.errors import InputError
from pipeline.ingest.national import read_national

AREAS = [("ma", "ten", "diem_toi_da"), ("1", "Chỉ đạo", 60), ("II", "Hài lòng", 40)]
PROVINCES = [("nam", "tinh", "vung", "chi_so", "lv_1", "lv_2"),
             (2023, "Vĩnh Long", "ĐBSCL", 85.5, 50.5, 35), (2023, "Cần Thơ", "ĐBSCL", 90, 55, 35),
             (2022, "Vĩnh Long", "ĐBSCL", 83.54, None, None)]
DETAIL = [("ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri"),
          ("1", "Chỉ đạo", 60, 50.5, None, "Sở Nội vụ"), ("1.1", "Kế hoạch", 60, 50.5, "TĐ", "Sở Nội vụ"),
          ("2", "Hài lòng", 40, 35, "XHH", "Sở Nội vụ")]


def write(raw, areas=AREAS, provinces=PROVINCES, detail=DETAIL):
    for name, rows in (("linh-vuc.xlsx", areas), ("chi-so-cac-tinh.xlsx", provinces), ("chi-tiet-tinh.xlsx", detail)):
        if rows is not None:
            write_workbook(raw / "quoc-gia" / name, {"Sheet1": rows})
    return raw


def problems(raw) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_national(raw)
    return [str(p) for p in caught.value.problems]


def test_areas_provinces_and_leaves(tmp_path):
    data = read_national(write(tmp_path))
    assert data.areas["ma"].tolist() == ["1", "2"]  # the Roman II is area 2
    assert data.provinces[["nam", "tinh", "chi_so", "lv_2"]].values.tolist()[:2] == [
        [2023, "Vĩnh Long", 85.5, 35.0], [2023, "Cần Thơ", 90.0, 35.0]]
    # 1 has a child (1.1); 1.1 and 2 have none.
    assert data.detail.set_index("ma")["la"].to_dict() == {"1": False, "1.1": True, "2": True}
    assert data.detail.set_index("ma")["phuong_thuc"].to_dict() == {"1": "", "1.1": "TĐ", "2": "XHH"}


def test_not_a_number(tmp_path):
    rows = PROVINCES[:2] + [(2023, "Cần Thơ", "ĐBSCL", "tám mươi", 55, 35)]
    assert problems(write(tmp_path, provinces=rows)) == [
        "quoc-gia/chi-so-cac-tinh.xlsx:Sheet1!D3: NOT_A_NUMBER: 'tám mươi' không phải là số"]


def test_value_missing(tmp_path):
    provinces = PROVINCES[:2] + [(2023, None, "ĐBSCL", 90, 55, 35)]
    detail = DETAIL[:2] + [("1.1", "Kế hoạch", 60, None, "TĐ", "Sở Nội vụ")]
    assert problems(write(tmp_path, provinces=provinces, detail=detail)) == [
        "quoc-gia/chi-so-cac-tinh.xlsx:Sheet1!B3: VALUE_MISSING: thiếu tinh",
        "quoc-gia/chi-tiet-tinh.xlsx:Sheet1!D3: VALUE_MISSING: thiếu diem_dat"]


def test_column_missing_and_file_missing_are_reported_together(tmp_path):
    detail = [DETAIL[0][:5], *(r[:5] for r in DETAIL[1:])]
    assert problems(write(tmp_path, areas=None, detail=detail)) == [
        "quoc-gia/chi-tiet-tinh.xlsx:Sheet1: COLUMN_MISSING: thiếu cột co_quan_chu_tri ở dòng tiêu đề",
        "quoc-gia/linh-vuc.xlsx: FILE_MISSING: không tìm thấy tệp"]
