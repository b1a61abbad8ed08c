"""Bad input (contract §11): every problem in one pass, exact lines, exit 2, nothing written, raw untouched."""
from pathlib import Path

import pytest

from conftest import FRAMEWORK, SHEET_HEADER, SHEET_ROWS, UNITS, make_year, run_cli, tree_snapshot, write_sheet
from pipeline.__main__ import main


def replace_row(code, new, rows=SHEET_ROWS):
    return [new if r[0] == code else r for r in rows]


def fw_replace(code, new):
    return [new if r[0] == code else r for r in FRAMEWORK]


# Scoring sheets have a title (rows 1-2), a blank row, the header on row 4, data from row 5:
# 1 → 5, 1.1 → 6, 1.1.1 → 7, 1.1.2 → 8, 1.1.3 → 9, 2 → 10, 2.1.1 → 11, 9.1 → 12, 9.2 → 13.
CASES = {
    "score_above_max": (
        dict(sheets={"so-a": replace_row("1.1.2", ("1.1.2", "TCTP", 2, 2, 3, None, None)), "so-b": SHEET_ROWS}),
        ["cham-diem/so-a.xlsx:Sheet1!E8: SCORE_ABOVE_MAX: điểm 3 lớn hơn điểm tối đa 2"]),
    "score_negative": (
        dict(sheets={"so-a": replace_row("1.1.2", ("1.1.2", "TCTP", 2, -1, 1, None, None)), "so-b": SHEET_ROWS}),
        ["cham-diem/so-a.xlsx:Sheet1!D8: SCORE_NEGATIVE: điểm -1 nhỏ hơn 0"]),
    "not_a_number": (
        dict(sheets={"so-a": replace_row("1.1.1", ("1.1.1", "TCTP", 1, 1, "một", None, None)), "so-b": SHEET_ROWS}),
        ["cham-diem/so-a.xlsx:Sheet1!E7: NOT_A_NUMBER: 'một' không phải là số"]),
    "unknown_code_with_score": (
        dict(sheets={"so-a": SHEET_ROWS + [("1.1.9", "Lạ", 1, 1, 1, None, None)], "so-b": SHEET_ROWS}),
        ["cham-diem/so-a.xlsx:Sheet1!A14: UNKNOWN_CODE_WITH_SCORE: dòng có điểm nhưng mã '1.1.9' không có "
         "trong bộ tiêu chí"]),
    "duplicate_code": (
        dict(sheets={"so-a": SHEET_ROWS + [("1.1.1.", "Lặp", 1, 1, 1, None, None)], "so-b": SHEET_ROWS}),
        ["cham-diem/so-a.xlsx:Sheet1!A14: DUPLICATE_CODE: mã 1.1.1 xuất hiện hai lần (dòng 7 và 14)"]),
    "criterion_missing": (
        dict(sheets={"so-a": [r for r in SHEET_ROWS if r[0] != "1.1.3"], "so-b": SHEET_ROWS}),
        ["cham-diem/so-a.xlsx:Sheet1: CRITERION_MISSING: thiếu dòng của tiêu chí 1.1.3"]),
    "sheet_missing": (
        dict(units=UNITS + [("so-c", "Sở C", "so", None)], sheets={"so-a": SHEET_ROWS, "so-b": SHEET_ROWS}, survey=[("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-b", 3),
                                                                   ("so-c", 3)]),
        ["cham-diem/so-c.xlsx: SHEET_MISSING: thiếu bảng chấm điểm của đơn vị so-c"]),
    "sheet_extra": (
        dict(sheets={"so-a": SHEET_ROWS, "so-b": SHEET_ROWS, "so-z": SHEET_ROWS}),
        ["cham-diem/so-z.xlsx: SHEET_EXTRA: không có đơn vị 'so-z' trong don-vi.xlsx; đổi tên tệp hoặc bổ sung đơn vị"]),
    "survey_above_max": (
        dict(survey=[("ma_don_vi", "2.1.1"), ("so-a", "4,5"), ("so-b", 3)]),
        ["dieu-tra-xhh.xlsx:Sheet1!B2: SURVEY_ABOVE_MAX: điểm điều tra 4,5 lớn hơn điểm tối đa 4 của tiêu chí 2.1.1"]),
    "survey_unit_missing_and_unknown": (
        dict(survey=[("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-x", 3)]),
        ["dieu-tra-xhh.xlsx:Sheet1: SURVEY_UNIT_MISSING: thiếu dòng điều tra XHH của so-b",
         "dieu-tra-xhh.xlsx:Sheet1!A3: UNKNOWN_UNIT: đơn vị 'so-x' không có trong don-vi.xlsx"]),
    "survey_value_missing": (
        dict(survey=[("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-b", None)]),
        ["dieu-tra-xhh.xlsx:Sheet1!B3: SURVEY_VALUE_MISSING: thiếu điểm điều tra tiêu chí 2.1.1 của so-b"]),
    "framework_sum": (
        dict(framework=fw_replace("1.1", ("1.1", "Tiêu chí 1.1", 5, None, "Sở Nội vụ", None))),
        ["bo-tieu-chi.xlsx:so!C3: MAX_SUM_MISMATCH: điểm tối đa của 1.1 là 5, tổng các mục con là 6"]),
    "framework_group_total": (
        dict(framework=fw_replace("2.1.1", ("2.1.1", "Hài lòng", 4, "XHH", "", None))[:5] + [
            ("2", "Lĩnh vực 2", 3, None, "", None), ("2.1", "TC", 3, None, "", None),
            ("2.1.1", "Hài lòng", 3, "XHH", "", None)] + FRAMEWORK[8:],
             survey=[("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-b", 3)]),
        ["bo-tieu-chi.xlsx:so: GROUP_TOTAL: tổng điểm tối đa các lĩnh vực của nhóm so là 9, phải bằng 10"]),
    "framework_method_and_orphan": (
        dict(framework=fw_replace("1.1.1", ("1.1.1", "TCTP", 1, "Tự chấm", "", None)) + [
            ("3.1", "Mồ côi", 0, "TĐ", "", None)]),
        ["bo-tieu-chi.xlsx:so!D4: BAD_METHOD: phương thức của tiêu chí 1.1.1 phải là TĐ hoặc XHH",
         "bo-tieu-chi.xlsx:so!A13: ORPHAN_CODE: mã 3.1 không có mục cha 3"]),
    "units": (
        dict(units=[("so-a", "Sở A", "so", None), ("so-a", "Sở A lặp", "so", None), ("Sở B", "Sở B", "so", None),
                    ("so-c", "Sở C", "phong", "so-x")], sheets={"so-a": SHEET_ROWS}),
        ["don-vi.xlsx:Sheet1!A3: DUPLICATE_UNIT: mã đơn vị so-a trùng với dòng 2",
         "don-vi.xlsx:Sheet1!A4: BAD_UNIT_ID: mã đơn vị 'Sở B' phải là chữ không dấu, số và gạch nối "
         "(vd. so-tu-phap)",
         "don-vi.xlsx:Sheet1!C5: UNKNOWN_GROUP: nhóm 'phong' không có trong bo-tieu-chi.xlsx (có: so)",
         "don-vi.xlsx:Sheet1!D5: UNKNOWN_PARENT: đơn vị cấp trên 'so-x' không có trong danh sách"]),
    "corrections": (
        dict(corrections="ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\n"
                         "so-x,1.1.1,tham_dinh,1,a,b\n"
                         "so-a,1.1.1,diem,1,a,b\n"
                         "so-a,1.1.7,tham_dinh,1,a,b\n"
                         "so-a,1.1.2,tham_dinh,\"2,5\",a,b\n"
                         "so-a,2.1.1,tham_dinh,1,a,b\n"),
        ["hieu-chinh.csv:hieu-chinh!A2: UNKNOWN_UNIT: đơn vị 'so-x' không có trong don-vi.xlsx",
         "hieu-chinh.csv:hieu-chinh!C3: BAD_COLUMN: cot 'diem' phải là một trong tu_danh_gia, tham_dinh, xhh",
         "hieu-chinh.csv:hieu-chinh!B4: UNKNOWN_CODE: tiêu chí '1.1.7' không phải tiêu chí lá của nhóm so",
         "hieu-chinh.csv:hieu-chinh!D5: SCORE_ABOVE_MAX: giá trị 2,5 ngoài khoảng 0 … 2",
         "hieu-chinh.csv:hieu-chinh!C6: BAD_COLUMN: tiêu chí 2.1.1 có phương thức XHH, không sửa được cột tham_dinh"]),
    "dataset": (
        dict(dataset="year: 2023\nprovince: Vĩnh Long\n"),
        ["dataset.yml: DATASET_INVALID: thiếu khóa 'agency'"]),
}


def run(data_dir: Path, capsys) -> tuple[int, list[str]]:
    status = main(["data", "--year", "2023", "--data-dir", str(data_dir), "--output-dir", str(data_dir / "out")])
    err = capsys.readouterr().err
    return status, [line for line in err.splitlines() if ": " in line and not line.startswith("cảnh báo")]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_is_reported_exactly(tmp_path, capsys, case):
    changes, expected = CASES[case]
    make_year(tmp_path, **changes)
    before = tree_snapshot(tmp_path / "raw")
    status, lines = run(tmp_path, capsys)
    assert status == 2
    for line in expected:
        assert line in lines
    assert not (tmp_path / "processed").exists()  # nothing written
    assert tree_snapshot(tmp_path / "raw") == before  # raw never touched


def test_problems_in_two_files_are_reported_together_and_last_good_tables_stay(tmp_path, capsys):
    raw = make_year(tmp_path)
    assert run(tmp_path, capsys)[0] == 0
    good = tree_snapshot(tmp_path / "processed")
    write_sheet(raw / "cham-diem" / "so-a.xlsx", replace_row("1.1.2", ("1.1.2", "TCTP", 2, 2, 3, None, None)))
    write_sheet(raw / "cham-diem" / "so-b.xlsx", replace_row("1.1.1", ("1.1.1", "TCTP", 1, "x", 1, None, None)))
    (raw / "cham-diem" / "so-c.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    status, lines = run(tmp_path, capsys)
    assert status == 2
    assert lines[:3] == [
        "cham-diem/so-a.xlsx:Sheet1!E8: SCORE_ABOVE_MAX: điểm 3 lớn hơn điểm tối đa 2",
        "cham-diem/so-b.xlsx:Sheet1!D7: NOT_A_NUMBER: 'x' không phải là số",
        "cham-diem/so-c.xlsx: SHEET_EXTRA: không có đơn vị 'so-c' trong don-vi.xlsx; đổi tên tệp hoặc bổ sung đơn vị"]
    assert tree_snapshot(tmp_path / "processed") == good


def test_corrupt_sheet_and_missing_file(tmp_path, capsys):
    raw = make_year(tmp_path)
    (raw / "cham-diem" / "so-b.xlsx").write_bytes(b"this is not an xlsx file")
    (raw / "don-vi.xlsx").unlink()
    status, lines = run(tmp_path, capsys)
    assert status == 2
    assert "don-vi.xlsx: FILE_MISSING: không tìm thấy tệp" in lines
    # Without the unit list the sheets can't be checked one by one; the corrupt file shows up once they can.
    write_units = make_year(tmp_path / "again")
    (write_units / "cham-diem" / "so-b.xlsx").write_bytes(b"this is not an xlsx file")
    status, lines = run(tmp_path / "again", capsys)
    assert status == 2
    assert len(lines) == 1 and lines[0].startswith(
        "cham-diem/so-b.xlsx: CORRUPT_FILE: không mở được tệp Excel: tệp hỏng hoặc không phải .xlsx/.xls")


@pytest.mark.slow  # starts the command line or a kernel
def test_real_exit_status_and_stderr_of_the_command(tmp_path):
    make_year(tmp_path, sheets={"so-a": replace_row("1.1.2", ("1.1.2", "TCTP", 2, 2, 3, None, None)),
                                "so-b": SHEET_ROWS})
    result = run_cli("data", "--year", "2023", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "cham-diem/so-a.xlsx:Sheet1!E8: SCORE_ABOVE_MAX: điểm 3 lớn hơn điểm tối đa 2"
    assert not (tmp_path / "processed").exists()


def test_header_problems(tmp_path, capsys):
    raw = make_year(tmp_path)
    write_sheet(raw / "cham-diem" / "so-a.xlsx", header=("Cột 1", "Cột 2", "Cột 3"))
    write_sheet(raw / "cham-diem" / "so-b.xlsx", header=SHEET_HEADER[:4])
    status, lines = run(tmp_path, capsys)
    assert status == 2
    assert lines == [
        "cham-diem/so-a.xlsx:Sheet1: HEADER_NOT_FOUND: không tìm thấy dòng tiêu đề (cần các cột STT/Mã, "
        "Điểm tự đánh giá, Điểm thẩm định)",
        "cham-diem/so-b.xlsx:Sheet1: COLUMN_MISSING: thiếu cột Điểm thẩm định"]
