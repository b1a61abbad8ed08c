"""don-vi.xlsx → the units (contract §4). Header on row 1, units from row 2; columns A ma_don_vi,
B ten_don_vi, C nhom, D don_vi_cap_tren."""
import pytest

from conftest import DATASET, make_year, write_workbook
from pipeline.errors import InputError
from pipeline.ingest.units import read_units
from pipeline.ingest.year import read_year

HEADER = ("ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren")


def read(tmp_path, rows, header=HEADER, groups=("so", "huyen", "xa")):
    path = write_workbook(tmp_path / "don-vi.xlsx", {"Sheet1": [header, *rows]})
    units, problems = read_units(path, list(groups))
    return units, [str(p) for p in problems]


def test_units_with_parents_blank_rows_skipped_and_spaces_trimmed(tmp_path):
    units, problems = read(tmp_path, [("huyen-a ", " Huyện A", "huyen", None), (None, None, None, None),
                                      ("xa_phu-binh", "Xã Phú Bình", "xa", "huyen-a")])
    assert problems == []
    assert units.values.tolist() == [["huyen-a", "Huyện A", "huyen", ""], ["xa_phu-binh", "Xã Phú Bình", "xa",
                                                                          "huyen-a"]]


def test_name_missing(tmp_path):
    _, problems = read(tmp_path, [("so-a", "Sở A", "so", None), ("so-b", None, "so", None)])
    assert problems == ["don-vi.xlsx:Sheet1!B3: NAME_MISSING: đơn vị so-b thiếu tên"]


def test_no_units(tmp_path):
    _, problems = read(tmp_path, [])
    assert problems == ["don-vi.xlsx:Sheet1: NO_UNITS: không có đơn vị nào"]


def test_bad_unit_ids(tmp_path):
    _, problems = read(tmp_path, [("so--a", "Sở A", "so", None), ("sở-b", "Sở B", "so", None)])
    assert problems == [
        "don-vi.xlsx:Sheet1!A2: BAD_UNIT_ID: mã đơn vị 'so--a' phải là chữ không dấu, số và gạch nối "
        "(vd. so-tu-phap)",
        "don-vi.xlsx:Sheet1!A3: BAD_UNIT_ID: mã đơn vị 'sở-b' phải là chữ không dấu, số và gạch nối "
        "(vd. so-tu-phap)",
        "don-vi.xlsx:Sheet1: NO_UNITS: không có đơn vị nào"]


def test_capitals_are_an_ascii_id_but_codes_that_differ_only_in_case_are_refused(tmp_path):
    # Contract §4: a stable ASCII id. So-B is one; so-a and SO-A would be one file on Windows.
    units, problems = read(tmp_path, [("so-a", "Sở A", "so", None), ("So-B", "Sở B", "so", None),
                                      ("SO-A", "Sở A hoa", "so", None)])
    assert problems == [
        "don-vi.xlsx:Sheet1!A4: UNIT_ID_CASE_CLASH: mã đơn vị SO-A chỉ khác so-a (dòng 2) ở chữ hoa, chữ thường: "
        "trên Windows hai mã này là cùng một tệp; đặt mã khác hẳn"]
    assert list(units["ma_don_vi"]) == ["so-a", "So-B"]


def test_column_missing(tmp_path):
    _, problems = read(tmp_path, [("so-a", "Sở A", "so")], header=("ma_don_vi", "ten_don_vi", "nhom_don_vi"))
    assert problems == ["don-vi.xlsx:Sheet1: COLUMN_MISSING: thiếu cột nhom ở dòng tiêu đề"]


def test_unit_code_changes_name_codes_unknown_this_year_or_in_earlier_years(tmp_path):
    # Issue 25: a typo in a code of unit_code_changes passed: the unit then "had no result last year".
    make_year(tmp_path, year=2022, dataset=DATASET.replace("year: 2023", "year: 2022"))
    raw = make_year(tmp_path, dataset=DATASET + "unit_code_changes: {so-c: so-a, so-b: so-x}\n")
    with pytest.raises(InputError) as error:
        read_year(raw)
    assert [str(p) for p in error.value.problems] == [
        "dataset.yml: UNKNOWN_UNIT: unit_code_changes: so-b: so-x: mã mới so-x không có trong don-vi.xlsx năm nay",
        "dataset.yml: UNKNOWN_UNIT: unit_code_changes: so-c: so-a: mã cũ so-c không có trong don-vi.xlsx của các "
        "năm trước"]


def test_unit_code_changes_of_a_first_year_check_only_the_new_codes(tmp_path):
    raw = make_year(tmp_path, dataset=DATASET + "unit_code_changes: {so-old: so-a}\n")
    assert read_year(raw).dataset.unit_code_changes == {"so-old": "so-a"}


def test_a_zero_byte_units_file_is_one_clear_problem_not_a_sheet_extra_per_unit(tmp_path):
    # Issue 25: an empty don-vi.xlsx listed every scoring sheet as SHEET_EXTRA before the real error.
    raw = make_year(tmp_path)
    (raw / "don-vi.xlsx").write_bytes(b"")
    with pytest.raises(InputError) as error:
        read_year(raw)
    assert [str(p) for p in error.value.problems] == [
        "don-vi.xlsx: EMPTY_FILE: tệp rỗng (0 byte): chép lại tệp từ bản gốc"]
