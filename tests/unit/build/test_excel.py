"""The Excel sheets' layout (build/excel.py): a header row tall enough for its wrapped labels, code columns as
wide as their longest code. Written in memory, read back with openpyxl."""
from __future__ import annotations

import io
import math

import pandas as pd
import xlsxwriter
from openpyxl import load_workbook

from pipeline.build.excel import write_sheets

LONG_CODE = "ban-quan-ly-cac-khu-cong-nghiep-tinh-vl"  # 39 characters


def sheet(columns, frame):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    write_sheets(book, [("Thử", "Bảng thử", frame, columns)])
    book.close()
    return load_workbook(io.BytesIO(buffer.getvalue()))["Thử"]


def test_a_header_of_long_labels_is_tall_enough():
    label = "Số nội dung tối thiểu cần khắc phục"
    ws = sheet([("xep_hang", "Hạng", "int", 7), ("so_tieu_chi", label, "int", 12)],
               pd.DataFrame({"xep_hang": [1], "so_tieu_chi": [3]}))
    # A 12-character column cannot hold 35 characters in fewer than ceil(35 / 12) = 3 lines of 15 pt (the old
    # fixed 32 pt showed two); nor does it need more lines than the label has words.
    height = ws.row_dimensions[3].height
    assert height >= math.ceil(len(label) / 12) * 15 > 32
    assert height <= len(label.split()) * 15 + 3


def test_a_header_of_short_labels_stays_one_line():
    ws = sheet([("xep_hang", "Hạng", "int", 7), ("ma", "LV", "text", 5)], pd.DataFrame({"xep_hang": [1], "ma": ["1"]}))
    assert 15 <= ws.row_dimensions[3].height < 30


def test_code_columns_fit_their_longest_code():
    frame = pd.DataFrame({"ma_don_vi": ["so-y-te", LONG_CODE], "ten_don_vi": ["Sở Y tế", "Ban Quản lý"],
                          "ma": ["1.1.1", None]})
    ws = sheet([("ma_don_vi", "Mã đơn vị", "text", 22), ("ten_don_vi", "Đơn vị", "text", 30), ("ma", "Mã", "text", 9)],
               frame)
    assert ws.column_dimensions["A"].width >= len(LONG_CODE) + 1
    assert ws.column_dimensions["B"].width < 31  # a name column keeps its width (and wraps)
    assert ws.column_dimensions["C"].width < 10  # short codes keep the given width
    assert ws["A5"].value == LONG_CODE
