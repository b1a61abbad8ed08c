"""Vietnamese numbers, dates and phrases: "86,98", "1.234", "ngày 13 tháng 3 năm 2024", "tăng 12 bậc"."""
from __future__ import annotations

import datetime as dt
import html
import math
import re

from ..contract import NO_CHANGE


NO_CHANGE_MARK = "–"  # an unchanged value in a table of changes


def so(x: float | None, decimals: int = 2) -> str:
    """A number with a decimal comma and dots for thousands: 1234.5 → '1.234,50'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"  # 1,234.50
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0.0 (a deduction of nothing) or -0.001 prints as 0,00, not -0,00
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def diem(x: float | None) -> str:
    """Points as a clerk writes them: no trailing zeros, decimal comma (2.5 → '2,5', 3.0 → '3')."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return so(float(text), len(text.split(".")[1]) if "." in text else 0)


def phan_tram(x: float | None) -> str:
    """'84,65%'; '–' when missing (a unit new this year has no index of last year)."""
    text = so(x)
    return text if text == "–" else f"{text}%"


def so_nguyen(n: int) -> str:
    return so(n, 0)


def ngay(d: dt.date) -> str:
    """'ngày 13 tháng 3 năm 2024' (Decree 30/2020: no leading zero for days 10+ and months 3+)."""
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def ngay_so(d: dt.date) -> str:
    """'02/6/2023', as a document is cited ("Quyết định số 1190/QĐ-UBND ngày 02/6/2023"): the same
    leading zeros as `ngay` (day below 10, month below 3)."""
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{day}/{month}/{d.year}"


def thay_doi(delta: float | None, unit: str = "điểm") -> str:
    """'tăng 0,72 điểm' / 'giảm 1,5 điểm' / 'không đổi'."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return "chưa có số liệu năm trước"
    if abs(delta) < NO_CHANGE:
        return "không đổi"
    return f"{'tăng' if delta > 0 else 'giảm'} {so(abs(delta))} {unit}"


def thay_doi_bac(places: float | None) -> str:
    """Places gained (positive) or lost: 'tăng 12 bậc', 'giảm 3 bậc', 'giữ nguyên thứ hạng'."""
    if places is None or (isinstance(places, float) and math.isnan(places)):
        return "chưa có thứ hạng năm trước"
    places = int(places)
    if places == 0:
        return "giữ nguyên thứ hạng"
    return f"{'tăng' if places > 0 else 'giảm'} {abs(places)} bậc"


def dau(delta: float | None, decimals: int = 2) -> str:
    """A signed change for tables: '+0,72', '−1,50'; '–' for no change (as official tables print it),
    '' where there is nothing to compare with (a unit new this year)."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return ""
    if round(delta, decimals) == 0:
        return NO_CHANGE_MARK
    return ("+" if delta > 0 else "−") + so(abs(delta), decimals)


def dau_bac(places: float | None) -> str:
    """Places in tables: '↑3', '↓2'; '–' unchanged; '' not compared (new unit, or group not comparable)."""
    if places is None or (isinstance(places, float) and math.isnan(places)):
        return ""
    places = int(places)
    return NO_CHANGE_MARK if places == 0 else (f"↑{places}" if places > 0 else f"↓{-places}")


def ten_ngan(name: object) -> str:
    """A unit's name in a table whose group already says "UBND": 'UBND xã Tân Hòa' → 'xã Tân Hòa'."""
    text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else str(name)
    return text[5:] if text.startswith("UBND ") and len(text) > 5 else text


def esc(text: object) -> str:
    """Text from input files is untrusted: escape it before it goes into HTML."""
    return html.escape("" if text is None else str(text))


def md(text: object) -> str:
    """Untrusted text for a Markdown sentence: HTML escaped, Markdown punctuation backslashed, and the
    colon of "http://" too, so that a bare address stays text instead of becoming a link."""
    escaped = html.escape("" if text is None else str(text), quote=False)
    return re.sub(r"([\\`*_\[\]#|~]|:(?=//))", r"\\\1", escaped)
