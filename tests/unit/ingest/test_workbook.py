"""Workbooks → rows of cells, with the file-level problems: missing, too large, too many rows, corrupt;
the first visible sheet of a scoring workbook and its formulas saved without a value."""
import re

from conftest import rewrite_part, write_book, write_workbook
from pipeline.ingest import workbook
from pipeline.ingest.workbook import (
    Sheet,
    cell,
    read_first_sheet,
    read_first_visible,
    read_sheets,
    simple_table,
    uncomputed_formulas,
)


def lines(problems) -> list[str]:
    return [str(p) for p in problems]


def test_every_sheet_or_only_the_first_with_empty_cells_as_empty_strings(tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", {"so": [("ma", None, 1.5)], "xa": [("x",)]})
    sheets, problems = read_sheets(path, "book.xlsx")
    assert problems == [] and [s.name for s in sheets] == ["so", "xa"]
    assert sheets[0].rows == [["ma", "", 1.5]]
    first, _ = read_first_sheet(path, "book.xlsx")
    assert [s.name for s in first] == ["so"]


def test_one_table_files_read_their_first_visible_sheet(tmp_path):
    """don-vi.xlsx, dieu-tra-xhh.xlsx and the national files: a hidden old draft in front is not read."""
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "don-vi.xlsx", {"cu": [("ma_don_vi",), ("so-cu",)],
                                                    "moi": [("ma_don_vi",), ("so-moi",)]})
    book = load_workbook(path)
    book["cu"].sheet_state = "hidden"
    book.save(path)
    sheets, problems = read_first_sheet(path, "don-vi.xlsx")
    assert problems == [] and [(s.name, s.rows[1]) for s in sheets] == [("moi", ["so-moi"])]


def test_file_missing(tmp_path):
    assert lines(read_sheets(tmp_path / "none.xlsx", "don-vi.xlsx")[1]) == [
        "don-vi.xlsx: FILE_MISSING: không tìm thấy tệp"]


def test_file_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_INPUT_BYTES", 1_000_000)
    path = tmp_path / "so-a.xlsx"
    path.write_bytes(b"\0" * 2_500_000)
    # 2,500,000 bytes // 1,000,000 = 2 MB, over the 1 MB limit; the file is not even opened.
    assert lines(read_sheets(path, "cham-diem/so-a.xlsx")[1]) == [
        "cham-diem/so-a.xlsx: FILE_TOO_LARGE: tệp 2 MB vượt giới hạn 1 MB"]


def test_too_many_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_SHEET_ROWS", 10)
    path = write_workbook(tmp_path / "so-a.xlsx", {"Sheet1": [(i,) for i in range(12)]})
    assert lines(read_sheets(path, "cham-diem/so-a.xlsx")[1]) == [
        "cham-diem/so-a.xlsx:Sheet1: TOO_MANY_ROWS: trang tính có 12 dòng, vượt giới hạn 10"]


def test_corrupt_file(tmp_path):
    path = tmp_path / "so-a.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    sheets, problems = read_sheets(path, "cham-diem/so-a.xlsx")
    # The part in brackets is the library's own explanation.
    assert sheets == [] and len(problems) == 1
    assert str(problems[0]).startswith("cham-diem/so-a.xlsx: CORRUPT_FILE: không mở được tệp Excel: tệp hỏng hoặc "
                                       "không phải .xlsx/.xls (")
    assert str(problems[0]).endswith(")")


def test_simple_table_finds_its_header_below_a_title_with_names_folded():
    sheet = Sheet("Sheet1", [["DANH SÁCH ĐƠN VỊ", "", ""], ["", "", ""], ["Ma_don_vi ", "TEN_DON_VI", "nhom"],
                             ["so-a", "Sở A", "so"]])
    cols, header, problems = simple_table(sheet, "don-vi.xlsx", ("ma_don_vi", "ten_don_vi", "nhom"),
                                          ("don_vi_cap_tren",))
    assert (cols, header, problems) == ({"ma_don_vi": 0, "ten_don_vi": 1, "nhom": 2}, 2, [])


def test_simple_table_names_the_missing_columns():
    sheet = Sheet("Sheet1", [["ma_don_vi", "ten"], ["so-a", "Sở A"]])
    _, header, problems = simple_table(sheet, "don-vi.xlsx", ("ma_don_vi", "ten_don_vi", "nhom"))
    assert header == -1
    assert lines(problems) == ["don-vi.xlsx:Sheet1: COLUMN_MISSING: thiếu cột ten_don_vi, nhom ở dòng tiêu đề"]


def test_cell_of_a_short_row_or_an_absent_column_is_none():
    row = ["a", "", 2.0]
    assert (cell(row, 0), cell(row, 1), cell(row, 2), cell(row, 5), cell(row, None)) == ("a", None, 2.0, None, None)


# ---------------------------------------------------------------- the first visible sheet, formulas without values


def test_the_first_visible_sheet_is_read_and_the_others_only_peeked_at(tmp_path):
    path = write_book(tmp_path / "so-a.xlsx", {"Cũ": ("hidden", [("STT",), (1,), (2,)]),
                                              "Ẩn hẳn": ("veryHidden", [("x",)]),
                                              "Điểm": ("visible", [("STT", 5)]),
                                              "Sau": ("visible", [("y",)])})
    sheet, others, problems = read_first_visible(path, "cham-diem/so-a.xlsx", peek_rows=2)
    assert problems == [] and (sheet.name, sheet.rows, sheet.uncomputed) == ("Điểm", [["STT", 5.0]], frozenset())
    # Hidden, very hidden and later visible sheets: only their first peek_rows rows, for the caller to look at.
    assert [(h.name, h.rows, h.hidden) for h in others] == [
        ("Cũ", [["STT"], [1.0]], True), ("Ẩn hẳn", [["x"]], True), ("Sau", [["y"]], False)]
    assert read_first_visible(path, "cham-diem/so-a.xlsx")[1] == []  # not even that when not asked


def test_no_visible_sheet(tmp_path):
    path = write_book(tmp_path / "so-a.xlsx", {"Sheet1": ("visible", [("STT",)])})
    # Excel can't save such a file; another program can.
    rewrite_part(path, "xl/workbook.xml", lambda xml: xml.replace(b'state="visible"', b'state="hidden"'))
    assert lines(read_first_visible(path, "cham-diem/so-a.xlsx")[2]) == [
        "cham-diem/so-a.xlsx: NO_VISIBLE_SHEET: tệp không có trang tính nào đang hiển thị; bỏ ẩn trang tính chấm "
        "điểm"]


def test_formulas_saved_without_a_value_are_found(tmp_path):
    # The visible sheet is the second part of the file (sheet2.xml), its name needs XML escaping.
    path = write_book(tmp_path / "so-a.xlsx", {
        "Cũ": ("hidden", [(1, "=A1")]),
        "Điểm & TĐ": ("visible", [(1, "=A1*2", "=A1", '=""', "=A1+1"), (2, "=A2")])})
    sheet, _, _ = read_first_visible(path, "cham-diem/so-a.xlsx")
    # calamine reads a formula without a value as empty (here: past the end of the row).
    assert sheet.rows == [[1.0], [2.0]]
    assert sheet.uncomputed == {"B1", "C1", "D1", "E1", "B2"}

    def computed(xml: bytes) -> bytes:  # what Excel saves: values, an empty text result, shared formulas
        xml = xml.replace(b'<c r="B1"><f>A1*2</f><v></v></c>', b'<c r="B1"><f>A1*2</f><v>2</v></c>')
        xml = xml.replace(b'<c r="D1"><f>""</f><v></v></c>', b'<c r="D1" t="str"><f>""</f><v></v></c>')
        xml = xml.replace(b'<c r="E1"><f>A1+1</f><v></v></c>', b'<c r="E1"><f t="shared" ref="E1:E2" si="0">A1+1</f>'
                                                             b'<v>2</v></c>')
        xml = xml.replace(b'<c r="B2"><f>A2</f><v></v></c>', b'<c r="B2"><f t="shared" si="0"/></c>')
        assert xml.count(b"<f") == 5
        return xml

    rewrite_part(path, "xl/worksheets/sheet2.xml", computed)
    sheet, _, _ = read_first_visible(path, "cham-diem/so-a.xlsx")
    assert sheet.rows[0][:2] == [1.0, 2.0] and sheet.uncomputed == {"C1", "B2"}
    assert uncomputed_formulas(path, "Cũ") == {"B1"}  # the hidden sheet's part, found by name
    assert uncomputed_formulas(path, "Không có") == frozenset()


def test_formulas_of_a_workbook_whose_parts_carry_a_namespace_prefix(tmp_path):
    path = write_book(tmp_path / "so-a.xlsx", {"Sheet1": ("visible", [(1, "=A1", "=A1")])})

    def prefixed(xml: bytes) -> bytes:  # as some .NET exporters write it
        xml = xml.replace(b'<c r="C1"><f>A1</f><v></v></c>', b'<c r="C1"><f>A1</f><v>1</v></c>')
        return re.sub(rb"<(/?)(worksheet|sheetData|row|c|f|v)\b", rb"<\1x:\2", xml).replace(
            b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=")

    rewrite_part(path, "xl/worksheets/sheet1.xml", prefixed)
    assert uncomputed_formulas(path, "Sheet1") == {"B1"}


def test_an_xls_or_a_missing_part_has_no_formula_to_report(tmp_path):
    path = tmp_path / "so-a.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary workbook")
    assert uncomputed_formulas(path, "Sheet1") == frozenset()


def test_a_cell_far_to_the_right_is_refused_before_the_sheet_is_expanded(tmp_path):
    """One stray value at XFD4999 (a 10 KB file) would make a dense grid of 80 million cells."""
    import resource

    from openpyxl import Workbook

    path = tmp_path / "so-a.xlsx"
    book = Workbook()
    book.active["A1"] = "STT"
    book.active["XFD4999"] = 1
    book.save(path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sheets, problems = read_sheets(path, "cham-diem/so-a.xlsx")
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert sheets == [] and [str(p) for p in problems] == [
        "cham-diem/so-a.xlsx:Sheet: TOO_MANY_COLUMNS: trang tính có 16384 cột, vượt giới hạn 200; xoá các ô thừa ở "
        "bên phải bảng"]
    assert grown_mib < 200  # the whole grid would take gigabytes


def test_borders_drawn_far_below_a_table_are_not_rows(tmp_path):
    # Formatted empty cells (a clerk drew borders down to row 6000) are in the XML but hold nothing: the guard
    # measures them for memory, the row limit counts rows with values, as before.
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    book = Workbook()
    book.active.append(("STT", "Điểm"))
    book.active.append((1, 2.5))
    book.active["B6000"].border = Border(bottom=Side(style="thin"))
    path = tmp_path / "so-a.xlsx"
    book.save(path)
    sheets, problems = read_sheets(path, "cham-diem/so-a.xlsx")
    assert problems == [] and sheets[0].rows[:2] == [["STT", "Điểm"], [1.0, 2.5]]
