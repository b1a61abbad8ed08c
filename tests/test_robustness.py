"""Hostile input, end to end: text from input files can't inject HTML into any report.
(The reader's side of hostile input is fast and lives in tests/unit/ingest/test_robustness.py.)"""
from __future__ import annotations

from conftest import SHEET_ROWS, UNITS, make_year, run_cli


def test_text_from_inputs_is_escaped_in_every_report(tmp_path):
    hostile = '<script>alert("x")</script> **đậm** [liên kết](http://x)'
    units = [("so-a", f"Sở A {hostile}", "so", None), *UNITS[1:]]
    rows = [r if r[0] != "1.1.2" else (*r[:6], "Ghi chú <img src=x onerror=alert(1)>") for r in SHEET_ROWS]
    data = tmp_path / "data"
    make_year(data, units=units, sheets={"so-a": rows, "so-b": SHEET_ROWS})
    result = run_cli("report", "--year", "2023", "--data-dir", str(data), "--output-dir", str(tmp_path / "out"),
                     "--workers", "1")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "out" / "2023").rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page.name
    unit_page = (tmp_path / "out" / "2023" / "don-vi" / "so" / "so-a.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in unit_page and "&lt;img src=x onerror=alert(1)&gt;" in unit_page
