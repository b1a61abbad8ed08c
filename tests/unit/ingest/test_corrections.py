"""hieu-chinh.csv (contract §7): read, applied to the leaves, every change recorded; one test per Problem code.
A CSV opens in Excel as one sheet named after the file, so problems point at that sheet's cells:
the header is line 1, corrections from line 2 (file lines: blank lines count); columns A ma_don_vi, B ma, C cot,
D gia_tri, E ly_do, F van_ban. Fields are separated by ',' or, in a file saved by a Vietnamese Excel, by ';'."""
import unicodedata

import pandas as pd

from pipeline.contract import DIEM, SCHEMAS
from pipeline.ingest.corrections import apply_corrections, read_corrections

HEADER = "ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\n"
UNIT_GROUPS = {"so-a": "so"}


def leaves() -> pd.DataFrame:
    rows = [  # ma_don_vi, ma, phuong_thuc, ap_dung, diem_toi_da, tu_danh_gia, tham_dinh, xhh, diem, nguon, loai
        ("so-a", "1.1.1", "TĐ", True, 1.0, 1.0, 0.5, None, 0.5, "cham-diem/so-a.xlsx:Sheet1!E7", ""),
        ("so-a", "1.1.2", "TĐ", False, 2.0, None, None, None, 0.0, "cham-diem/so-a.xlsx:Sheet1!D8", ""),
        ("so-a", "2.1.1", "XHH", True, 4.0, None, None, 3.0, 3.0, "dieu-tra-xhh.xlsx:Sheet1!B2", ""),
        ("so-a", "9.1", "TĐ", True, 1.0, None, 0.0, None, -0.0, "cham-diem/so-a.xlsx:Sheet1!E12", "diem_tru"),
    ]
    d = pd.DataFrame([(*r, "", "") for r in rows], columns=SCHEMAS[DIEM])
    return d.set_index(["ma_don_vi", "ma"], drop=False)


def apply(tmp_path, text):
    path = tmp_path / "hieu-chinh.csv"
    path.write_text(text, encoding="utf-8")
    corrections, problems = read_corrections(path)
    assert problems == []
    diem, changes, problems = apply_corrections(leaves(), corrections, UNIT_GROUPS)
    return diem, changes, [str(p) for p in problems]


def test_no_file_means_no_corrections(tmp_path):
    assert read_corrections(tmp_path / "hieu-chinh.csv") == ([], [])


def test_values_replaced_with_their_source_and_recorded(tmp_path):
    diem, changes, problems = apply(tmp_path, HEADER
                                    + "so-a,1.1.1,tham_dinh,1,Giải trình được chấp nhận,QĐ 12/QĐ-SNV\n"
                                    + "so-a,1.1.1.,tu_danh_gia,0.75,Đơn vị sửa,CV 4/SNV\n"
                                    + "so-a,2.1.1,xhh,\"3,5\",Tính lại,CV 5/SNV\n")
    assert problems == []
    d = diem.loc["so-a"]
    # Appraisal 0.5 → 1: the points and the source follow.
    assert (d.loc["1.1.1", "tham_dinh"], d.loc["1.1.1", "diem"]) == (1.0, 1.0)
    assert d.loc["1.1.1", "nguon"] == "hieu-chinh.csv:dòng 2 (QĐ 12/QĐ-SNV)"
    # A self-score is for comparison only: points and source stay (the code "1.1.1." is read as 1.1.1).
    assert d.loc["1.1.1", "tu_danh_gia"] == 0.75
    # Survey 3 → 3.5 (a quoted decimal comma).
    assert (d.loc["2.1.1", "xhh"], d.loc["2.1.1", "diem"], d.loc["2.1.1", "nguon"]) == (
        3.5, 3.5, "hieu-chinh.csv:dòng 4 (CV 5/SNV)")
    assert changes[["ma", "cot", "gia_tri_cu", "gia_tri_moi", "nguon_cu", "dong"]].values.tolist() == [
        ["1.1.1", "tham_dinh", 0.5, 1.0, "cham-diem/so-a.xlsx:Sheet1!E7", 2],
        ["1.1.1", "tu_danh_gia", 1.0, 0.75, "hieu-chinh.csv:dòng 2 (QĐ 12/QĐ-SNV)", 3],
        ["2.1.1", "xhh", 3.0, 3.5, "dieu-tra-xhh.xlsx:Sheet1!B2", 4],
    ]


def test_a_deduction_corrected_to_one_subtracts_one(tmp_path):
    diem, _, problems = apply(tmp_path, HEADER + "so-a,9.1,tham_dinh,1,Vi phạm,KL 3\n")
    assert problems == [] and diem.loc[("so-a", "9.1"), "diem"] == -1.0


def test_a_deduction_may_be_written_minus_one(tmp_path):
    # As in the sheets (README: "Deductions may be written as 1 or -1"); before, SCORE_NEGATIVE.
    diem, changes, problems = apply(tmp_path, HEADER + "so-a,9.1,tham_dinh,-1,Vi phạm,KL 3\n")
    assert problems == [] and diem.loc[("so-a", "9.1"), ["tham_dinh", "diem"]].tolist() == [1.0, -1.0]
    assert changes["gia_tri_moi"].tolist() == [1.0]
    _, _, problems = apply(tmp_path, HEADER + 'so-a,9.1,tham_dinh,"-1,5",Vi phạm,KL 3\n')
    assert problems == ["hieu-chinh.csv:hieu-chinh!D2: SCORE_ABOVE_MAX: giá trị 1,5 ngoài khoảng 0 … 1"]


def test_bom_and_columns_in_another_order(tmp_path):
    path = tmp_path / "hieu-chinh.csv"
    path.write_bytes("\ufeffcot,ma_don_vi,ma,gia_tri,ly_do,van_ban\ntham_dinh,so-a,1.1.1,1,a,b\n"
                     "tham_dinh,so-x,1.1.1,1,a,b\n".encode("utf-8"))
    corrections, problems = read_corrections(path)
    assert problems == [] and [c["dong"] for c in corrections] == [2, 3]
    _, _, problems = apply_corrections(leaves(), corrections, UNIT_GROUPS)
    # ma_don_vi is column B here.
    assert [str(p) for p in problems] == [
        "hieu-chinh.csv:hieu-chinh!B3: UNKNOWN_UNIT: đơn vị 'so-x' không có trong don-vi.xlsx"]


def test_a_blank_line_does_not_shift_the_line_number(tmp_path):
    path = tmp_path / "hieu-chinh.csv"
    path.write_text(HEADER + "\nso-a,1.1.1,tham_dinh,1,a,b\n\n\nso-x,1.1.1,tham_dinh,1,a,b\n", encoding="utf-8")
    corrections, _ = read_corrections(path)
    assert [c["dong"] for c in corrections] == [3, 6]  # file lines, blank lines counted
    _, _, problems = apply_corrections(leaves(), corrections, UNIT_GROUPS)
    assert [str(p) for p in problems] == [
        "hieu-chinh.csv:hieu-chinh!A6: UNKNOWN_UNIT: đơn vị 'so-x' không có trong don-vi.xlsx"]


def test_a_reason_over_two_lines_keeps_the_next_line_numbers(tmp_path):
    path = tmp_path / "hieu-chinh.csv"
    path.write_text(HEADER + 'so-a,1.1.1,tham_dinh,1,"Phúc tra,\nchấp nhận",b\nso-a,2.1.1,xhh,3,a,b\n',
                    encoding="utf-8")
    corrections, problems = read_corrections(path)
    # A quoted field may hold a line break: the correction is on the line where it starts, its reason (printed
    # inline) on one line.
    assert problems == [] and [(c["dong"], c["ly_do"]) for c in corrections] == [(2, "Phúc tra, chấp nhận"),
                                                                                  (4, "a")]


def read_problems(tmp_path, text: str, encoding: str = "utf-8") -> tuple[list[dict], list[str]]:
    path = tmp_path / "hieu-chinh.csv"
    path.write_bytes(text.encode(encoding))
    corrections, problems = read_corrections(path)
    return corrections, [str(p) for p in problems]


def test_an_unquoted_decimal_comma_is_a_line_with_one_field_too_many(tmp_path):
    corrections, problems = read_problems(
        tmp_path, HEADER + "so-tu-phap,1.1.2,tham_dinh,2,25,Phúc tra,Công văn 312/SNV-CCHC\n")
    # Before: read as 2 points with ly_do "25" and van_ban "Phúc tra". Now nothing is applied.
    assert corrections == []
    assert problems == [
        'hieu-chinh.csv:hieu-chinh!D2: FIELD_COUNT_MISMATCH: dòng 2 có 7 trường nhưng dòng tiêu đề có 6: số thập '
        'phân có dấu phẩy phải đặt trong ngoặc kép, viết "2,25"']


def test_an_unquoted_decimal_comma_that_keeps_the_field_count(tmp_path):
    # van_ban left out: "2,25" splits into gia_tri 2 and ly_do 25, and the line still has six fields.
    corrections, problems = read_problems(tmp_path, HEADER + "so-a,9.1,tham_dinh,-0,5,Phúc tra\n")
    assert corrections == []
    assert problems == [
        "hieu-chinh.csv:hieu-chinh!D2: UNQUOTED_DECIMAL: ly_do '5' chỉ là chữ số: số thập phân có dấu phẩy phải đặt "
        'trong ngoặc kép, viết "-0,5"']


def test_lines_with_more_or_fewer_fields_than_the_header(tmp_path):
    corrections, problems = read_problems(tmp_path, HEADER
                                          + "so-a,1.1.1,tham_dinh,1,Phúc tra, chấp nhận,CV 5\n"
                                          + "so-a,1.1.1,tham_dinh,1\n"
                                          + ",,,,,\n"  # a row of separators only, as Excel leaves: skipped
                                          + "so-a,1.1.1,tham_dinh,1,a,b\n")
    # Every bad line is named; the good one is still read, with its own line number.
    assert [c["dong"] for c in corrections] == [5]
    assert problems == [
        "hieu-chinh.csv:hieu-chinh!A2: FIELD_COUNT_MISMATCH: dòng 2 có 7 trường nhưng dòng tiêu đề có 6: giá trị "
        "chứa dấu ',' phải đặt trong ngoặc kép",
        "hieu-chinh.csv:hieu-chinh!A3: FIELD_COUNT_MISMATCH: dòng 3 có 4 trường nhưng dòng tiêu đề có 6: mỗi dòng "
        "phải đủ các cột ma_don_vi, ma, cot, gia_tri, ly_do, van_ban"]


def test_semicolon_file_saved_by_a_vietnamese_excel(tmp_path):
    # "CSV UTF-8" under Vietnamese regional settings: BOM, ';' between fields, CRLF, decimal commas unquoted,
    # commas inside a text unquoted, a ';' inside a text quoted.
    text = ("\ufeffma_don_vi;ma;cot;gia_tri;ly_do;van_ban\r\n"
            "so-a;2.1.1;xhh;3,5;Nhập sai, tính lại;Công văn 325/SNV-CCHC\r\n"
            '\r\nso-a;1.1.1;tham_dinh;0,75;"Phúc tra; chấp nhận";CV 312\r\n'
            "so-a;1.1.1;tham_dinh;1\r\n")
    corrections, problems = read_problems(tmp_path, text)
    assert problems == [
        "hieu-chinh.csv:hieu-chinh!A5: FIELD_COUNT_MISMATCH: dòng 5 có 4 trường nhưng dòng tiêu đề có 6: mỗi dòng "
        "phải đủ các cột ma_don_vi, ma, cot, gia_tri, ly_do, van_ban"]
    diem, changes, problems = apply_corrections(leaves(), corrections, UNIT_GROUPS)
    assert problems == []
    assert changes[["ma", "gia_tri_moi", "ly_do", "dong"]].values.tolist() == [
        ["2.1.1", 3.5, "Nhập sai, tính lại", 2], ["1.1.1", 0.75, "Phúc tra; chấp nhận", 4]]
    assert diem.loc[("so-a", "1.1.1"), "nguon"] == "hieu-chinh.csv:dòng 4 (CV 312)"


def test_reason_and_document_are_required(tmp_path):
    diem, changes, problems = apply(tmp_path, HEADER + "so-a,1.1.1,tham_dinh,1,,QĐ 12\n"
                                    + "so-a,2.1.1,xhh,3,Tính lại, \n"
                                    + "so-x,1.1.1,tham_dinh,1,,\n")
    # Each empty one is named by line and column, beside any other problem of the line; nothing is applied.
    assert problems == ["hieu-chinh.csv:hieu-chinh!E2: VALUE_MISSING: thiếu ly_do (lý do điều chỉnh)",
                        "hieu-chinh.csv:hieu-chinh!F3: VALUE_MISSING: thiếu van_ban (văn bản điều chỉnh)",
                        "hieu-chinh.csv:hieu-chinh!E4: VALUE_MISSING: thiếu ly_do (lý do điều chỉnh)",
                        "hieu-chinh.csv:hieu-chinh!F4: VALUE_MISSING: thiếu van_ban (văn bản điều chỉnh)",
                        "hieu-chinh.csv:hieu-chinh!A4: UNKNOWN_UNIT: đơn vị 'so-x' không có trong don-vi.xlsx"]
    assert changes.empty and diem.loc[("so-a", "1.1.1"), "tham_dinh"] == 0.5


def test_not_utf8(tmp_path):
    path = tmp_path / "hieu-chinh.csv"
    # Saved by an old Windows program as Windows-1258 (tone marks as combining characters).
    text = unicodedata.normalize("NFD", HEADER + "so-a,1.1.1,tham_dinh,1,Giải trình,QĐ\n")
    path.write_bytes(text.encode("cp1258"))
    assert [str(p) for p in read_corrections(path)[1]] == ["hieu-chinh.csv: CORRUPT_FILE: tệp phải lưu dạng UTF-8"]


def test_column_missing(tmp_path):
    path = tmp_path / "hieu-chinh.csv"
    path.write_text("ma_don_vi,ma,gia_tri,ly_do\nso-a,1.1.1,1,a\n", encoding="utf-8")
    assert [str(p) for p in read_corrections(path)[1]] == ["hieu-chinh.csv: COLUMN_MISSING: thiếu cột cot, van_ban"]


def test_not_a_number_or_no_value(tmp_path):
    _, _, problems = apply(tmp_path, HEADER + "so-a,1.1.1,tham_dinh,một,a,b\nso-a,1.1.1,tham_dinh,,a,b\n")
    assert problems == ["hieu-chinh.csv:hieu-chinh!D2: NOT_A_NUMBER: 'một' không phải là số",
                        "hieu-chinh.csv:hieu-chinh!D3: NOT_A_NUMBER: thiếu gia_tri"]


def test_not_applicable(tmp_path):
    _, _, problems = apply(tmp_path, HEADER + "so-a,1.1.2,tham_dinh,1,a,b\n")
    assert problems == ["hieu-chinh.csv:hieu-chinh!D2: NOT_APPLICABLE: tiêu chí 1.1.2 không áp dụng cho so-a"]


def test_out_of_range(tmp_path):
    _, _, problems = apply(tmp_path, HEADER + "so-a,1.1.1,tham_dinh,-0.5,a,b\nso-a,1.1.1,tham_dinh,1.25,a,b\n")
    assert problems == ["hieu-chinh.csv:hieu-chinh!D2: SCORE_NEGATIVE: giá trị -0,5 ngoài khoảng 0 … 1",
                        "hieu-chinh.csv:hieu-chinh!D3: SCORE_ABOVE_MAX: giá trị 1,25 ngoài khoảng 0 … 1"]


def test_maximum_itself_is_allowed(tmp_path):
    diem, _, problems = apply(tmp_path, HEADER + "so-a,2.1.1,xhh,4,a,b\n")
    assert problems == [] and diem.loc[("so-a", "2.1.1"), "diem"] == 4.0


def test_a_fifo_named_like_the_corrections_file_is_refused_without_hanging(tmp_path):
    import os

    from pipeline.ingest.corrections import read_corrections

    os.mkfifo(tmp_path / "hieu-chinh.csv")
    rows, problems = read_corrections(tmp_path / "hieu-chinh.csv")
    assert rows == [] and [str(p) for p in problems] == [
        "hieu-chinh.csv: NOT_A_FILE: không phải một tệp thông thường"]
