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


def test_cells_are_written_as_printed_whatever_the_column_holds():
    """Each value rounded half-up from its exact value, once per distinct value (column_cells): a float and a
    Decimal that compare equal are still rounded each as itself; numpy's booleans print as yes/no; blanks stay
    blank."""
    import decimal

    import numpy as np

    frame = pd.DataFrame({
        "diem": pd.Series([2.675, decimal.Decimal(2.675), 2.675, None, float("nan")], dtype=object),
        "ap_dung": pd.Series([np.True_, np.False_, True, None, False], dtype=object),
    })
    ws = sheet([("diem", "Điểm", "so", 10), ("ap_dung", "Áp dụng", "text", 8)], frame)
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_col=2)]
    # Decimal(2.675) is the binary float's exact value, 2.67499…: 2,67; the float stands for 2,675: 2,68.
    assert values == [[2.68, "Có"], [2.67, "Không"], [2.68, "Có"], [None, None], [None, "Không"]]
