"""bo-tieu-chi.xlsx → the criteria tree of each group (contract §3): one test per rule and Problem code.

The sheet's header is on row 1, so FRAMEWORK's rows are on rows 2-12:
1 → 2, 1.1 → 3, 1.1.1 → 4, 1.1.2 → 5, 1.1.3 → 6, 2 → 7, 2.1 → 8, 2.1.1 → 9, 9 → 10, 9.1 → 11, 9.2 → 12.
Columns: A ma, B noi_dung, C diem_toi_da, D phuong_thuc, E co_quan_tham_dinh, F loai.
"""
from conftest import FRAMEWORK, FRAMEWORK_HEADER, write_workbook
from pipeline.ingest.framework import groups, read_framework


def read(tmp_path, rows=FRAMEWORK, header=FRAMEWORK_HEADER, group_max=None, sheets=None):
    path = write_workbook(tmp_path / "bo-tieu-chi.xlsx", sheets or {"so": [header, *rows]})
    framework, problems = read_framework(path, group_max if group_max is not None else {"so": 10})
    return framework, [str(p) for p in problems]


def replace(code, new, rows=FRAMEWORK):
    return [new if r[0] == code else r for r in rows]


def test_tree_levels_leaves_methods_and_deductions(tmp_path):
    framework, problems = read(tmp_path)
    assert problems == []
    f = framework.set_index("ma")
    assert list(f.index) == ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "2", "2.1", "2.1.1", "9", "9.1", "9.2"]
    assert f.loc["1.1.2", ["cap", "ma_cha", "linh_vuc", "la", "phuong_thuc"]].tolist() == [3, "1.1", "1", True, "TĐ"]
    assert f.loc["1.1", ["cap", "la", "phuong_thuc"]].tolist() == [2, False, ""]
    assert f.loc["2.1.1", "phuong_thuc"] == "XHH"
    # Deduction leaves are found by appraisal, whatever their phuong_thuc cell says (here: empty).
    assert f.loc["9.1", ["loai", "phuong_thuc"]].tolist() == ["diem_tru", "TĐ"]
    assert groups(framework) == ["so"]


def test_blank_parent_maximum_is_the_sum_of_its_children_and_spellings_are_folded(tmp_path):
    rows = replace("1.1", ("1.1", "Tiêu chí 1.1", None, None, "Sở Nội vụ", None))
    rows = replace("1.1.1", ("1.1.1", "TCTP", 1, "td", "Sở Nội vụ", None), rows)
    rows = replace("2.1.1", ("2.1.1", "Hài lòng", 4, " Xhh ", "Sở Nội vụ", None), rows)
    rows = replace("9.2", ("9.2", "Chậm", 1, None, "Sở Nội vụ", "Điểm trừ"), rows)
    framework, problems = read(tmp_path, rows)
    assert problems == []
    f = framework.set_index("ma")
    assert f.loc["1.1", "diem_toi_da"] == 6.0  # 1 + 2 + 3
    assert (f.loc["1.1.1", "phuong_thuc"], f.loc["2.1.1", "phuong_thuc"], f.loc["9.2", "loai"]) == (
        "TĐ", "XHH", "diem_tru")


def test_roman_area_codes_and_group_maximum_from_dataset(tmp_path):
    rows = [("I", "Lĩnh vực 1", 90, None, "", None), ("1.1", "TC", 90, None, "", None),
            ("1.1.1", "TCTP", 90, "TĐ", "", None)]
    framework, problems = read(tmp_path, sheets={"xa": [FRAMEWORK_HEADER, *rows]}, group_max={"xa": 90})
    assert problems == [] and framework["ma"].tolist() == ["1", "1.1", "1.1.1"]


def test_bad_code(tmp_path):
    _, problems = read(tmp_path, FRAMEWORK + [("abc", "Lạ", 1, "TĐ", "", None)])
    assert "bo-tieu-chi.xlsx:so!A13: BAD_CODE: mã tiêu chí 'abc' không hợp lệ" in problems


def test_duplicate_code(tmp_path):
    _, problems = read(tmp_path, FRAMEWORK + [("1.1.1.", "Lặp", 1, "TĐ", "", None)])
    assert problems == ["bo-tieu-chi.xlsx:so!A13: DUPLICATE_CODE: mã 1.1.1 trùng với dòng 4"]


def test_maximum_not_a_number(tmp_path):
    _, problems = read(tmp_path, replace("1.1.1", ("1.1.1", "TCTP", "một", "TĐ", "", None)))
    assert "bo-tieu-chi.xlsx:so!C4: NOT_A_NUMBER: 'một' không phải là số" in problems


def test_maximum_negative(tmp_path):
    _, problems = read(tmp_path, replace("1.1.1", ("1.1.1", "TCTP", -1, "TĐ", "", None)))
    assert "bo-tieu-chi.xlsx:so!C4: SCORE_NEGATIVE: điểm tối đa không được âm" in problems


def test_maximum_missing_on_a_leaf(tmp_path):
    _, problems = read(tmp_path, replace("1.1.1", ("1.1.1", "TCTP", None, "TĐ", "", None)))
    # 1.1 then says 6 but its children sum to 0 + 2 + 3 = 5.
    assert sorted(problems) == [
        "bo-tieu-chi.xlsx:so!C3: MAX_SUM_MISMATCH: điểm tối đa của 1.1 là 6, tổng các mục con là 5",
        "bo-tieu-chi.xlsx:so!C4: MAX_MISSING: tiêu chí 1.1.1 thiếu điểm tối đa"]


def test_bad_type(tmp_path):
    _, problems = read(tmp_path, replace("1.1.1", ("1.1.1", "TCTP", 1, "TĐ", "", "thuong")))
    assert problems == ["bo-tieu-chi.xlsx:so!F4: BAD_TYPE: loại 'thuong' không hợp lệ (để trống hoặc diem_tru)"]


def test_deduction_mixed_into_a_normal_area(tmp_path):
    _, problems = read(tmp_path, replace("1.1.3", ("1.1.3", "TCTP", 3, "TĐ", "", "diem_tru")))
    assert ("bo-tieu-chi.xlsx:so!A2: DEDUCTION_PLACEMENT: lĩnh vực 1 trộn tiêu chí điểm trừ với tiêu chí thường; "
            "điểm trừ phải thuộc lĩnh vực riêng") in problems


def test_empty_group(tmp_path):
    _, problems = read(tmp_path, sheets={"so": [FRAMEWORK_HEADER, *FRAMEWORK], "xa": [FRAMEWORK_HEADER]})
    assert problems == ["bo-tieu-chi.xlsx:xa: EMPTY_GROUP: nhóm xa không có tiêu chí nào"]


def test_column_missing(tmp_path):
    header = ("ma", "noi_dung", "diem_toi_da", "cach_cham", "co_quan_tham_dinh", "loai")
    _, problems = read(tmp_path, header=header)
    assert problems == ["bo-tieu-chi.xlsx:so: COLUMN_MISSING: thiếu cột phuong_thuc ở dòng tiêu đề"]


def test_a_group_code_that_would_name_folders_outside_the_output(tmp_path):
    # ".." would make don-vi/../<unit>.pdf; Excel forbids "/" in sheet names, not dots or diacritics.
    path = write_workbook(tmp_path / "bo-tieu-chi.xlsx", {"..": [FRAMEWORK_HEADER, *FRAMEWORK],
                                                          "Sở": [FRAMEWORK_HEADER, *FRAMEWORK]})
    _, problems = read_framework(path)
    assert [str(p) for p in problems if p.code == "BAD_GROUP_CODE"] == [
        f"bo-tieu-chi.xlsx:{name}: BAD_GROUP_CODE: tên trang tính '{name}' là mã nhóm: chỉ dùng chữ thường không "
        "dấu, số, '-' hoặc '_' (ví dụ so, huyen, xa)" for name in ("..", "Sở")]
