"""dieu-tra-xhh.xlsx → survey points (contract §6): one test per rule and Problem code.
Header on row 1 (column A ma_don_vi, then one column per XHH code), units from row 2."""
from conftest import write_workbook
from pipeline.ingest.survey import read_survey

GROUPS = {"so-a": "so", "so-b": "so"}
MAXIMA = {"so": {"2.1.1": 4.0}}


def read(tmp_path, rows, unit_groups=GROUPS, survey_max=MAXIMA):
    path = write_workbook(tmp_path / "dieu-tra-xhh.xlsx", {"Sheet1": rows})
    points, errors, warnings = read_survey(path, unit_groups, survey_max)
    return points, [str(p) for p in errors], [str(p) for p in warnings]


def test_points_with_decimal_comma_a_title_row_and_a_code_with_a_trailing_dot(tmp_path):
    points, errors, warnings = read(tmp_path, [("KẾT QUẢ ĐIỀU TRA XHH",), ("ma_don_vi", "2.1.1."), ("so-a", "3,5"),
                                               ("so-b", 4)])
    assert errors == [] and warnings == []
    assert points == {("so-a", "2.1.1"): (3.5, "dieu-tra-xhh.xlsx:Sheet1!B3"),
                      ("so-b", "2.1.1"): (4.0, "dieu-tra-xhh.xlsx:Sheet1!B4")}


def test_a_group_without_survey_criteria_needs_no_row(tmp_path):
    _, errors, _ = read(tmp_path, [("ma_don_vi", "2.1.1"), ("so-a", 3)], {"so-a": "so", "huyen-a": "huyen"})
    assert errors == []


def test_column_missing(tmp_path):
    _, errors, _ = read(tmp_path, [("don_vi", "2.1.1"), ("so-a", 3)])
    assert errors == ["dieu-tra-xhh.xlsx:Sheet1: COLUMN_MISSING: thiếu cột ma_don_vi ở dòng tiêu đề"]


def test_unit_id_missing(tmp_path):
    _, errors, _ = read(tmp_path, [("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-b", 3), (None, 2)])
    assert errors == ["dieu-tra-xhh.xlsx:Sheet1!A4: UNIT_ID_MISSING: dòng có điểm nhưng thiếu ma_don_vi"]


def test_duplicate_unit(tmp_path):
    _, errors, _ = read(tmp_path, [("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-b", 3), ("so-a", 2)])
    assert errors == ["dieu-tra-xhh.xlsx:Sheet1!A4: DUPLICATE_UNIT: đơn vị so-a trùng với dòng 2"]


def test_value_of_another_groups_criterion_is_a_warning(tmp_path):
    unit_groups = {"so-a": "so", "xa-a": "xa"}
    survey_max = {"so": {"2.1.1": 4.0}, "xa": {"2.1.2": 3.0}}
    points, errors, warnings = read(tmp_path, [("ma_don_vi", "2.1.1", "2.1.2"), ("so-a", 3, None), ("xa-a", 1, 2)],
                                    unit_groups, survey_max)
    assert errors == []
    assert warnings == ["dieu-tra-xhh.xlsx:Sheet1!B3: SURVEY_NOT_IN_GROUP: nhóm của xa-a không có tiêu chí XHH "
                        "2.1.1; giá trị bị bỏ qua"]
    assert points == {("so-a", "2.1.1"): (3.0, "dieu-tra-xhh.xlsx:Sheet1!B2"),
                      ("xa-a", "2.1.2"): (2.0, "dieu-tra-xhh.xlsx:Sheet1!C3")}


def test_column_of_no_survey_criterion(tmp_path):
    _, errors, _ = read(tmp_path, [("ma_don_vi", "2.1.1", "3.1"), ("so-a", 3, 1), ("so-b", 3, None)])
    assert errors == ["dieu-tra-xhh.xlsx:Sheet1!C2: UNKNOWN_CODE_WITH_SCORE: cột 3.1 không phải tiêu chí XHH nào "
                      "trong bộ tiêu chí"]


def test_not_a_number(tmp_path):
    _, errors, _ = read(tmp_path, [("ma_don_vi", "2.1.1"), ("so-a", "cao"), ("so-b", 3)])
    assert errors == ["dieu-tra-xhh.xlsx:Sheet1!B2: NOT_A_NUMBER: 'cao' không phải là số"]


def test_negative(tmp_path):
    _, errors, _ = read(tmp_path, [("ma_don_vi", "2.1.1"), ("so-a", -1), ("so-b", 3)])
    assert errors == ["dieu-tra-xhh.xlsx:Sheet1!B2: SCORE_NEGATIVE: điểm -1 nhỏ hơn 0"]


def test_survey_column_missing(tmp_path):
    _, errors, _ = read(tmp_path, [("ma_don_vi", "2.1.2"), ("so-a", None), ("so-b", None)],
                        survey_max={"so": {"2.1.1": 4.0, "2.1.2": 1.0}})
    assert "dieu-tra-xhh.xlsx:Sheet1: SURVEY_COLUMN_MISSING: thiếu cột tiêu chí XHH 2.1.1" in errors
