"""Workbooks → rows of cells, with the file-level problems: missing, too large, too many rows, corrupt."""
from conftest import write_workbook
from pipeline.ingest import workbook
from pipeline.ingest.workbook import Sheet, cell, read_sheets, simple_table


def lines(problems) -> list[str]:
    return [str(p) for p in problems]


def test_every_sheet_or_only_the_first_with_empty_cells_as_empty_strings(tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", {"so": [("ma", None, 1.5)], "xa": [("x",)]})
    sheets, problems = read_sheets(path, "book.xlsx")
    assert problems == [] and [s.name for s in sheets] == ["so", "xa"]
    assert sheets[0].rows == [["ma", "", 1.5]]
    first, _ = read_sheets(path, "book.xlsx", first_only=True)
    assert [s.name for s in first] == ["so"]


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
