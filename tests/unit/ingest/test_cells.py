import datetime as dt

import pytest

from pipeline.ingest.cells import cell_ref, fold, is_not_applicable, normalise_code, parse_points


@pytest.mark.parametrize("raw, code", [
    ("1.1.", "1.1"), (" 1. 2 ", "1.2"), ("II", "2"), ("viii", "8"), ("IX", "9"), (1.0, "1"), (2.3, "2.3"),
    (3, "3"), ("d.1", "D.1"), ("D", "D"), ("01.02", "1.2"), ("", ""), (None, ""), ("Người lập biểu", ""),
    ("TỔNG CỘNG", ""),
])
def test_normalise_code(raw, code):
    assert normalise_code(raw) == code


@pytest.mark.parametrize("raw, value", [
    ("0,5", 0.5), ("2,75", 2.75), (" 3 ", 3.0), ("3.", 3.0), (1.25, 1.25), (2, 2.0), ("-1", -1.0), (",5", 0.5),
    (None, None), ("", None), ("  ", None),
])
def test_parse_points_accepts(raw, value):
    assert parse_points(raw) == (value, "")


@pytest.mark.parametrize("raw", ["abc", "1,5 điểm", "1/2", True, dt.datetime(2023, 5, 1), float("nan")])
def test_parse_points_rejects_with_reason(raw):
    value, reason = parse_points(raw)
    assert value is None and reason


def test_fold_ignores_case_accents_and_spaces():
    assert fold("  Điểm  THẨM định\nlần 2 ") == "diem tham dinh lan 2"
    assert is_not_applicable("Không áp dụng") and is_not_applicable("kad") and not is_not_applicable("0")


def test_cell_ref():
    assert cell_ref(0, 0) == "A1" and cell_ref(13, 4) == "E14" and cell_ref(0, 27) == "AB1"
