"""PDF bytes depend only on the page and its date, whatever font-subsetting path WeasyPrint takes."""
from __future__ import annotations

import datetime as dt
import os
import types

import pytest

from pipeline.render import pdf as render

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thử</title>
<meta name="author" content="Sở Nội vụ"><meta name="dcterms.created" content="2024-03-13">
<meta name="dcterms.modified" content="2024-03-13"></head>
<body><h1>BÁO CÁO</h1><p>Kết quả Chỉ số cải cách hành chính năm 2023: 83,54%.</p></body></html>"""


@pytest.fixture
def fonttools_subsetting(monkeypatch):
    """Force the path taken on machines without libharfbuzz-subset0 and count its calls."""
    import weasyprint.pdf.fonts as fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    calls = []
    original = fonts.Font._fonttools_subset

    def spy(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(fonts.Font, "_fonttools_subset", spy)
    return calls


def _pdf_at(monkeypatch, now: float) -> bytes:
    """The page's PDF as written when the clock reads `now` (fontTools reads the time from here)."""
    import fontTools.misc.timeTools as time_tools

    monkeypatch.setattr(time_tools, "time", types.SimpleNamespace(time=lambda: now))
    return render.to_pdf(PAGE, dt.date(2024, 3, 13))


def test_pdf_is_identical_at_two_times_with_fonttools_subsetting(fonttools_subsetting, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _pdf_at(monkeypatch, 1_700_000_000.0)
    second = _pdf_at(monkeypatch, 1_800_000_000.0)
    assert fonttools_subsetting, "the fontTools subsetting path was not taken"
    assert first == second
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored after writing


def test_source_date_epoch_is_the_report_date_at_midnight_utc(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    with render.source_date_epoch(dt.date(2024, 3, 13)):
        # 2024-03-13 is 19,795 days after 1970-01-01: 19,795 × 86,400 s.
        assert os.environ["SOURCE_DATE_EPOCH"] == str(19_795 * 86_400)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1"
