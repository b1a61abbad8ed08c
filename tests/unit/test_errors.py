"""Problems print as `file[:sheet[!cell]]: CODE: message` and are listed in reading order (contract §11)."""
from pipeline.errors import InputError, Problem


def test_printed_line_leaves_out_what_is_empty():
    assert str(Problem("cham-diem/so-a.xlsx", "Sheet1", "E14", "SCORE_ABOVE_MAX", "điểm 3,5 lớn hơn điểm tối đa 3")) \
        == "cham-diem/so-a.xlsx:Sheet1!E14: SCORE_ABOVE_MAX: điểm 3,5 lớn hơn điểm tối đa 3"
    assert str(Problem("dieu-tra-xhh.xlsx", "Sheet1", "", "X", "m")) == "dieu-tra-xhh.xlsx:Sheet1: X: m"
    assert str(Problem("dataset.yml", "", "", "X", "m")) == "dataset.yml: X: m"


def test_problems_sorted_by_file_sheet_then_cells_in_reading_order_without_duplicates():
    e14 = Problem("a.xlsx", "Sheet1", "E14", "B", "m")
    e9 = Problem("a.xlsx", "Sheet1", "E9", "B", "m")
    aa9 = Problem("a.xlsx", "Sheet1", "AA9", "A", "m")
    whole = Problem("a.xlsx", "Sheet1", "", "Z", "m")
    other = Problem("0.xlsx", "", "", "Z", "m")
    error = InputError([e14, aa9, e9, whole, other, e14])
    # Row 9 before row 14 (text order would put E14 first), E before AA on the same row.
    assert error.problems == [other, whole, e9, aa9, e14]
    assert error.report().splitlines()[2] == "a.xlsx:Sheet1!E9: B: m"
    # The message lists every problem (a notebook calling load() shows them all).
    assert str(error) == "5 lỗi trong dữ liệu đầu vào:\n" + error.report()
