"""Hostile and odd input: random sheets never crash the reader, and limits give clear errors.
(That text from input files can't inject HTML into reports is end-to-end: tests/test_robustness.py.)"""
from __future__ import annotations

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHEET_HEADER, SHEET_ROWS, make_year, run_cli, tree_snapshot, write_sheet
from pipeline import contract as config
from pipeline.errors import Problem
from pipeline.ingest.sheets import Criterion, parse_scoring_sheet
from pipeline.ingest.workbook import Sheet

CRITERIA = {"1.1.1": Criterion("1.1.1", 1.0, True, "TĐ", None), "1.1.2": Criterion("1.1.2", 2.0, True, "TĐ", None),
            "2.1.1": Criterion("2.1.1", 4.0, True, "XHH", None), "9.1": Criterion("9.1", 1.0, True, None, "diem_tru"),
            "1": Criterion("1", 3.0, False, None, None), "1.1": Criterion("1.1", 3.0, False, None, None)}

cells = st.one_of(
    st.none(), st.just(""), st.integers(-5, 200), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1", "1.1", "1.1.1", "1.1.2", "I", "II.", "2.1.1", "9.1", "1.1.1.", "x.y", "2,5", "3.", "-1",
                     "KAD", "không áp dụng", "Điểm tự đánh giá", "Điểm thẩm định", "STT", "Mã", "=SUM(A1:A3)",
                     "1,5,5", "１", "\u00a0", "<script>alert(1)</script>"]),
    st.text(max_size=12), st.booleans(), st.dates())


@pytest.mark.slow  # 300 random sheets
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(cells, max_size=9), max_size=14),
       header_at=st.integers(0, 6), shuffle=st.permutations(list(range(7))))
def test_random_sheets_give_a_result_or_clear_problems(rows, header_at, shuffle):
    """Whatever the cells, the reader returns leaf rows or named problems; it never raises."""
    header = [SHEET_HEADER[i] for i in shuffle]
    body = [[r[i] for i in shuffle] for r in SHEET_ROWS]
    sheet_rows = [list(r) for r in rows[:header_at]] + [header] + body + [list(r) for r in rows[header_at:]]
    leaves, errors, warnings = parse_scoring_sheet(Sheet("Sheet1", sheet_rows), "cham-diem/x.xlsx", "x", CRITERIA)
    for problem in errors + warnings:
        assert isinstance(problem, Problem) and problem.code.isupper() and problem.message
        assert problem.file == "cham-diem/x.xlsx"
    if not errors:
        assert {leaf["ma"] for leaf in leaves} <= set(CRITERIA)


@pytest.mark.slow  # starts the command line or a kernel
def test_file_too_large_and_too_many_rows(tmp_path, monkeypatch):
    data = tmp_path / "data"
    raw = make_year(data)
    big = raw / "cham-diem" / "so-a.xlsx"
    big.write_bytes(big.read_bytes() + b"\0" * (config.MAX_INPUT_BYTES + 1 - big.stat().st_size))
    rows = [(f"{i}", "x", 1, 1, 1, None, None) for i in range(config.MAX_SHEET_ROWS + 5)]
    write_sheet(raw / "cham-diem" / "so-b.xlsx", rows)
    before = tree_snapshot(raw)
    result = run_cli("data", "--year", "2023", "--data-dir", str(data))
    assert result.returncode == 2
    assert "cham-diem/so-a.xlsx: FILE_TOO_LARGE" in result.stderr
    assert "cham-diem/so-b.xlsx:Sheet1: TOO_MANY_ROWS" in result.stderr
    assert tree_snapshot(raw) == before and not (data / "processed").exists()
