from pathlib import Path

import pandas as pd
import openpyxl

from conftest import (FRAMEWORK, FRAMEWORK_HEADER, SHEET_HEADER, SHEET_ROWS, TITLE, rewrite_part, write_book, write_sheet,
                      write_workbook)
from pipeline.ingest.framework import read_framework
from pipeline.ingest.sheets import criteria_of, find_header, read_scoring_sheet


def criteria(tmp_path: Path):
    framework, problems = read_framework(write_workbook(tmp_path / "fw.xlsx", {"so": [FRAMEWORK_HEADER, *FRAMEWORK]}),
                                         {"so": 10})
    assert problems == []
    return criteria_of(framework)["so"]


def read(tmp_path, rows=SHEET_ROWS, **kw):
    path = write_sheet(tmp_path / "so-thu.xlsx", rows, **kw)
    return read_scoring_sheet(path, "cham-diem/so-thu.xlsx", "so-thu", criteria(tmp_path))


def test_decimal_comma_and_second_appraisal(tmp_path):
    records, errors, warnings = read(tmp_path)
    assert errors == [] and warnings == []
    # 1.1.2: TĐ1 "1,5" (decimal comma); 1.1.3: TĐ2 2.5 replaces TĐ1 2; an empty deduction row is 0;
    # survey rows wait for the survey. Header on row 4 → data from row 5.
    assert {r["ma"]: r["tham_dinh"] for r in records} == {"1.1.1": 1.0, "1.1.2": 1.5, "1.1.3": 2.5, "2.1.1": None,
                                                          "9.1": 0.0, "9.2": 1.0}
    diem = pd.DataFrame(records).set_index("ma")
    assert diem.loc["1.1.3", "nguon"] == "cham-diem/so-thu.xlsx:Sheet1!F9"
    assert diem.loc["1.1.2", "nguon"] == "cham-diem/so-thu.xlsx:Sheet1!E8"
    assert diem.loc["9.2", "diem"] == -1.0 and diem.loc["1.1.2", "ghi_chu"] == "Thiếu TLKC"


def test_header_found_by_labels_in_any_order_and_spelling(tmp_path):
    header = ("Ghi chú", "TĐ2", "ĐIỂM TỰ CHẤM", "Mã tiêu chí", "Lĩnh vực / Tiêu chí", "Điểm\ntối đa", "td1")
    rows = [(r[6], r[5], r[3], r[0], r[1], r[2], r[4]) for r in SHEET_ROWS]
    records, errors, _ = read(tmp_path, rows, header=header, title=("A", "B", "C", "D", "E"))
    assert errors == []
    assert {r["ma"]: r["tham_dinh"] for r in records}["1.1.3"] == 2.5


def test_roman_areas_trailing_dots_numeric_codes_numbering_row_and_signature(tmp_path):
    rows = [("I", "Lĩnh vực 1", 6, None, None, None, None), (1.1, "Tiêu chí", 6, 6, 5.5, None, None),
            ("1.1.1.", "TCTP", 1, 1, 1, None, None), ("1.1.2.", "TCTP", 2, 2, 1.5, None, None),
            ("1.1.3", "TCTP", 3, 3, 3, None, None), (None, None, None, None, None, None, None),
            ("II", "Lĩnh vực 2", 4, None, None, None, None), ("9.2", "Chậm", 1, None, -0.5, None, None),
            (None, "Vĩnh Long, ngày 15 tháng 01 năm 2024", None, None, None, None, None),
            ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", None, None, None, None, None)]
    rows = [(f"({i})" for i in range(1, 8))] + rows
    records, errors, warnings = read(tmp_path, [tuple(r) for r in rows])
    assert errors == [] and warnings == []
    diem = {r["ma"]: r for r in records}
    assert diem["1.1.2"]["tham_dinh"] == 1.5 and diem["9.2"]["tham_dinh"] == 0.5  # "-0,5" deduction → 0.5


def test_not_applicable_leaf(tmp_path):
    rows = [r if r[0] != "1.1.2" else ("1.1.2", "TCTP", 2, "KAD", "Không áp dụng", None, None) for r in SHEET_ROWS]
    records, errors, _ = read(tmp_path, rows)
    assert errors == []
    leaf = {r["ma"]: r for r in records}["1.1.2"]
    assert leaf["ap_dung"] is False and leaf["diem"] == 0.0


def test_parent_sum_disagreement_is_a_warning(tmp_path):
    rows = [r if r[0] != "1.1" else ("1.1", "Tiêu chí", 6, 6, 6, None, None) for r in SHEET_ROWS]
    records, errors, warnings = read(tmp_path, rows)
    assert errors == [] and len(records) == 6
    # Leaves' TĐ1: 1 + 1.5 + 2 = 4.5, typed 6 → warning at E6 (row 6: header on 4, 1.1 is the second data row).
    assert [str(w) for w in warnings] == [
        "cham-diem/so-thu.xlsx:Sheet1!E6: PARENT_SUM_MISMATCH: dòng 1.1 ghi 6 nhưng tổng các tiêu chí con là 4,5; "
        "dùng tổng các tiêu chí con"]


def test_find_header_partial():
    row, cols = find_header([["x"], ["STT", "Nội dung", "Điểm tự đánh giá"]])
    assert row == -1 and set(cols) == {"code", "text", "self"}


# Rows of SHEET_ROWS: 1 → 5, 1.1 → 6, 1.1.1 → 7, 1.1.2 → 8, 1.1.3 → 9, 2 → 10, 2.1.1 → 11, 9.1 → 12, 9.2 → 13.
# Columns: A STT, B Nội dung, C Điểm tối đa, D tự đánh giá, E TĐ1, F TĐ2, G Ghi chú.


def replace(code, new, rows=SHEET_ROWS):
    return [new if r[0] == code else r for r in rows]


def test_typed_maximum_that_differs_from_the_framework_is_a_warning(tmp_path):
    _, errors, warnings = read(tmp_path, replace("1.1.2", ("1.1.2", "TCTP", "2,5", 2, "1,5", None, None)))
    assert errors == []
    assert [str(w) for w in warnings] == [
        "cham-diem/so-thu.xlsx:Sheet1!C8: MAX_MISMATCH: điểm tối đa ghi 2,5, bộ tiêu chí quy định 2"]


def test_points_typed_on_a_survey_row_are_ignored_with_a_warning(tmp_path):
    records, errors, warnings = read(tmp_path, replace("2.1.1", ("2.1.1", "Hài lòng", 4, 3, 3, None, None)))
    assert errors == [] and {r["ma"]: r for r in records}["2.1.1"]["tham_dinh"] is None
    assert [str(w) for w in warnings] == [
        "cham-diem/so-thu.xlsx:Sheet1!D11: SURVEY_ROW_SCORED: tiêu chí 2.1.1 lấy điểm từ điều tra XHH; điểm ghi "
        "trong bảng bị bỏ qua"]


def test_self_score_without_appraisal_counts_zero_with_a_warning(tmp_path):
    records, errors, warnings = read(tmp_path, replace("1.1.1", ("1.1.1", "TCTP", 1, 1, None, None, None)))
    assert errors == [] and {r["ma"]: r for r in records}["1.1.1"]["tham_dinh"] == 0.0
    assert [str(w) for w in warnings] == [
        "cham-diem/so-thu.xlsx:Sheet1!E7: APPRAISAL_MISSING: tiêu chí 1.1.1 có điểm tự đánh giá nhưng chưa có điểm "
        "thẩm định; tính 0 điểm"]


def test_second_appraisal_above_the_maximum(tmp_path):
    _, errors, _ = read(tmp_path, replace("1.1.1", ("1.1.1", "TCTP", 1, 1, 1, "1,5", None)))
    assert [str(e) for e in errors] == [
        "cham-diem/so-thu.xlsx:Sheet1!F7: SCORE_ABOVE_MAX: điểm 1,5 lớn hơn điểm tối đa 1"]


def test_not_applicable_written_in_the_appraisal_only(tmp_path):
    records, errors, _ = read(tmp_path, replace("1.1.2", ("1.1.2", "TCTP", 2, None, "kad", None, None)))
    leaf = {r["ma"]: r for r in records}["1.1.2"]
    assert errors == [] and leaf["ap_dung"] is False and leaf["nguon"] == "cham-diem/so-thu.xlsx:Sheet1!D8"


def test_survey_and_deduction_rows_may_be_left_out(tmp_path):
    records, errors, _ = read(tmp_path, [r for r in SHEET_ROWS if r[0] not in ("2.1.1", "9.1", "9.2")])
    assert errors == []
    assert {r["ma"]: (r["tham_dinh"], r["diem"]) for r in records if r["ma"] in ("9.1", "9.2")} == {
        "9.1": (None, 0.0), "9.2": (None, 0.0)}


def test_a_total_row_without_a_code_but_with_points_is_an_error(tmp_path):
    rows = SHEET_ROWS + [(None, "TỔNG ĐIỂM", 10, 6, 5, None, None)]
    _, errors, _ = read(tmp_path, rows)
    assert [str(e) for e in errors] == [
        "cham-diem/so-thu.xlsx:Sheet1!A14: UNKNOWN_CODE_WITH_SCORE: dòng có điểm nhưng mã '' không có trong bộ "
        "tiêu chí"]


# ---------------------------------------------------------------- hidden sheets, formulas without values


def laid_out(rows=SHEET_ROWS) -> list:
    """Rows of a scoring sheet as write_sheet lays them out: title, blank row, header on row 4, data."""
    return [*([t] for t in TITLE), (), SHEET_HEADER, *rows]


def read_book(tmp_path, sheets):
    path = write_book(tmp_path / "so-thu.xlsx", sheets)
    return read_scoring_sheet(path, "cham-diem/so-thu.xlsx", "so-thu", criteria(tmp_path))


def test_hidden_sheets_are_not_read_and_one_holding_a_scoring_table_is_named(tmp_path):
    old = replace("1.1.1", ("1.1.1", "TCTP", 1, 0, 0, None, None))
    records, errors, warnings = read_book(tmp_path, {
        "Bản cũ": ("hidden", laid_out(old)),  # an earlier version of the table, hidden before sending
        "Tra cứu": ("veryHidden", [("Xếp loại", "Điểm"), ("Xuất sắc", 90), ("Tốt", 80)]),  # a list: no warning
        "Sheet1": ("visible", laid_out())})
    # Before: the hidden first sheet was read (1.1.1 appraised 0, without a word).
    assert errors == [] and {r["ma"]: r["tham_dinh"] for r in records}["1.1.1"] == 1.0
    assert {r["ma"]: r["nguon"] for r in records}["1.1.1"] == "cham-diem/so-thu.xlsx:Sheet1!E7"
    assert [str(w) for w in warnings] == [
        "cham-diem/so-thu.xlsx:Bản cũ: HIDDEN_SHEET_IGNORED: trang tính bị ẩn có bảng chấm điểm nhưng không được "
        "đọc; điểm lấy từ trang tính 'Sheet1' (trang tính hiển thị đầu tiên)"]


def test_a_visible_draft_sheet_beside_the_real_one_refuses_the_file(tmp_path):
    # Issue 25: the first visible sheet is a draft (appraisal = maximum), the real sheet is second and active
    # (Excel opens on it). Before, the draft was read without a word; which one is the unit's is not knowable.
    draft = replace("1.1.2", ("1.1.2", "TCTP", 2, 2, 2, None, None))
    path = write_book(tmp_path / "so-thu.xlsx", {"Ban nhap": ("visible", laid_out(draft)),
                                                 "Sheet1": ("visible", laid_out())})
    wb = openpyxl.load_workbook(path)
    wb.active = 1
    wb.save(path)
    records, errors, warnings = read_scoring_sheet(path, "cham-diem/so-thu.xlsx", "so-thu", criteria(tmp_path))
    assert records == [] and warnings == []
    assert [str(e) for e in errors] == [
        "cham-diem/so-thu.xlsx: MULTIPLE_SCORING_SHEETS: tệp có 2 trang tính đang hiển thị cùng chứa bảng chấm điểm "
        "('Ban nhap', 'Sheet1'): không biết trang nào là bảng của đơn vị; xoá hoặc ẩn các trang nháp, chỉ để hiển "
        "thị một trang chấm điểm"]


def test_one_visible_scoring_sheet_with_hidden_drafts_and_visible_notes_is_read(tmp_path):
    draft = replace("1.1.2", ("1.1.2", "TCTP", 2, 2, 2, None, None))
    records, errors, warnings = read_book(tmp_path, {
        "Sheet1": ("visible", laid_out()),
        "Ban nhap": ("hidden", laid_out(draft)),
        "Ghi chú": ("visible", [("Người lập", "Nguyễn Văn A"), ("Điện thoại", "0270 3822 222")])})
    assert errors == [] and {r["ma"]: r["tham_dinh"] for r in records}["1.1.2"] == 1.5
    assert [w.code for w in warnings if w.code == "HIDDEN_SHEET_IGNORED"] == ["HIDDEN_SHEET_IGNORED"]


def test_a_score_cell_holding_a_formula_without_its_value_is_an_error(tmp_path):
    # A sheet filled by a program that writes formulas but does not compute them (openpyxl here).
    rows = replace("1.1", ("1.1", "Tiêu chí", 6, "=SUM(D7:D9)", "=SUM(E7:E9)", None, None))  # parents: recomputed
    rows = replace("1.1.1", ("1.1.1", "TCTP", 1, 1, "=D7*0.5", None, None), rows)
    rows = replace("1.1.2", ("1.1.2", "TCTP", 2, "=C8", "1,5", None, None), rows)  # a self-score
    rows = replace("1.1.3", ("1.1.3", "TCTP", 3, 3, 2, "=E9+0.5", None), rows)  # a second appraisal
    rows = replace("9.2", ("9.2", "Chậm nhiệm vụ", 1, None, "=-C13", None, None), rows)  # a deduction
    rows = replace("2.1.1", ("2.1.1", "Hài lòng", 4, None, "=C11", None, None), rows)  # survey rows are not read
    records, errors, warnings = read_book(tmp_path, {"Sheet1": ("visible", laid_out(rows))})
    # Before: these cells read as empty: 1.1.1 and 9.2 counted 0, 1.1.3 kept its TĐ1 2 and 1.1.2 had no
    # self-score, with only an APPRAISAL_MISSING warning on 1.1.1.
    message = "FORMULA_NOT_COMPUTED: ô chứa công thức chưa được tính; mở tệp bằng Excel và lưu lại"
    assert records == [] and [str(e) for e in errors] == [
        f"cham-diem/so-thu.xlsx:Sheet1!E7: {message}", f"cham-diem/so-thu.xlsx:Sheet1!D8: {message}",
        f"cham-diem/so-thu.xlsx:Sheet1!F9: {message}", f"cham-diem/so-thu.xlsx:Sheet1!E13: {message}"]
    assert warnings == []  # no APPRAISAL_MISSING for an appraisal that is there, only not computed


def test_a_formula_with_its_value_is_read(tmp_path):
    path = write_sheet(tmp_path / "so-thu.xlsx", replace("1.1.1", ("1.1.1", "TCTP", 1, "=C7", "=D7*0.5", None, None)))

    def computed(xml: bytes) -> bytes:  # what Excel writes on saving
        return (xml.replace(b"<f>C7</f><v></v>", b"<f>C7</f><v>1</v>")
                .replace(b"<f>D7*0.5</f><v></v>", b"<f>D7*0.5</f><v>0.5</v>"))

    rewrite_part(path, "xl/worksheets/sheet1.xml", computed)
    records, errors, warnings = read_scoring_sheet(path, "cham-diem/so-thu.xlsx", "so-thu", criteria(tmp_path))
    assert errors == [] and warnings == []
    assert {r["ma"]: (r["tu_danh_gia"], r["tham_dinh"]) for r in records}["1.1.1"] == (1.0, 0.5)
