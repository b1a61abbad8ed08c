"""Report page → A4 PDF (WeasyPrint), byte-identical for the same page and date."""
from __future__ import annotations

import atexit
import datetime as dt
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .html import TEMPLATES

FONTS_CSS = TEMPLATES / "pdf" / "fonts.css"


@lru_cache(maxsize=1)
def _pdf_css() -> tuple[CSS, FontConfiguration]:
    """The fonts of templates/pdf/fonts.css, resolved against matplotlib's font folder."""
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    fonts_config = FontConfiguration()  # @font-face only works with the same configuration at write time
    # Let it go before interpreter shutdown: its __del__ needs modules that are gone by then.
    atexit.register(_pdf_css.cache_clear)
    css = CSS(string=FONTS_CSS.read_text(encoding="utf-8"), base_url=fonts.as_uri() + "/", font_config=fonts_config)
    return css, fonts_config


def to_pdf(page: str, date: dt.date) -> bytes:
    """A4 PDF of a report page; metadata (title, author, dates) comes from the page's head.

    date fixes the timestamps that font subsetting writes into the embedded fonts.
    """
    css, fonts_config = _pdf_css()
    with source_date_epoch(date):
        return HTML(string=page, base_url=str(TEMPLATES)).write_pdf(stylesheets=[css], font_config=fonts_config,
                                                                    pdf_identifier=b"par-index")


@contextmanager
def source_date_epoch(date: dt.date):
    """Set SOURCE_DATE_EPOCH to the report's date while the PDF is written.

    Without libharfbuzz-subset, WeasyPrint subsets fonts with fontTools, which stamps the current
    time into each font's head table unless this variable is set (reproducible-builds.org).
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(date.year, date.month, date.day,
                                                          tzinfo=dt.timezone.utc).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
