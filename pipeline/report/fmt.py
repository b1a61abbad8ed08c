"""Vietnamese numbers, dates and phrases: "86,98", "1.234", "ngày 13 tháng 3 năm 2024", "tăng 12 bậc".

One rounding rule for every printed figure (contract §10): decimal half-up at the printed precision,
from the exact value, as Excel's ROUND and a checker by hand do (8,975 → 8,98), never Python's round()
or %-formatting of a binary float (which print 8.975 as 8.97). A threshold to reach is rounded up
(`so_len`). `exact` is the value a float stands for; `mean` and `share` compute figures exactly.
"""
from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable




NO_CHANGE_MARK = "–"  # an unchanged value in a table of changes
# A binary float stands for the exact decimal within this: sums of quarter and hundredth points carry
# float noise around 1e-13, and no figure of a report (sums of hundredths, their ratios and means, with
# denominators far below 10^8) lies within it of a half cent without being on it.
SNAP = Decimal("1e-9")
_MODES = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, numbers.Real) and not isinstance(x, (int, Fraction, Decimal))
                         and math.isnan(float(x))) or (isinstance(x, Decimal) and x.is_nan())


def exact(x: object) -> Fraction:
    """The exact value a number stands for: a Fraction or Decimal as it is, an int, a float (or numpy
    number) as the shortest decimal that reads back as it, within SNAP (float noise of sums removed)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, Decimal)) and not isinstance(x, bool):
        return Fraction(x)
    value = Decimal(repr(float(x)))
    if value.as_tuple().exponent < SNAP.as_tuple().exponent:
        value = value.quantize(SNAP, rounding=ROUND_HALF_EVEN)
    return Fraction(value)


# Below this magnitude a float's shortest decimal has at most 17 significant digits before the point plus the
# SNAP places after: well within Decimal's default 28 digits, so quantize is exact (no InvalidOperation).
_FAST_LIMIT = 1e12
_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(0, 10)}


def rounded(x: object, decimals: int = 2, mode: str = "half_up") -> Decimal:
    """x at `decimals` decimals, exactly: half-up away from zero (8.975 → 8.98, −8.975 → −8.98), or
    `mode` "up" (toward +∞: a threshold to reach) or "down" (toward −∞: a bound not to overstate)."""
    if isinstance(x, float) and decimals in _QUANTA and abs(x) < _FAST_LIMIT:  # numpy's float64 too
        # The common case, ten times faster than through Fraction: the same exact decimal (`exact`), rounded by
        # Decimal's own modes (ROUND_HALF_UP is away from zero, as below); a zero is unsigned, as below.
        value = Decimal(repr(float(x)))
        if value.as_tuple().exponent < SNAP.as_tuple().exponent:
            value = value.quantize(SNAP, rounding=ROUND_HALF_EVEN)
        result = value.quantize(_QUANTA[decimals], rounding=_MODES[mode])
        return result.copy_abs() if not result else result
    q = exact(x) * 10 ** decimals
    if mode == "half_up":
        n = math.floor(abs(q) + Fraction(1, 2))
        n = -n if q < 0 else n
    else:
        n = math.ceil(q) if mode == "up" else math.floor(q)
    return Decimal(n).scaleb(-decimals)


def value(x: object, decimals: int = 2, mode: str = "half_up") -> float:
    """x rounded as printed, as a float (an Excel cell, a distribution CSV): float(Decimal('8.98'))."""
    return float(rounded(x, decimals, mode))


def mean(values: Iterable[object]) -> Fraction:
    """The exact mean of figures (each taken as `exact`); NaN values are skipped, as pandas does."""
    items = [exact(v) for v in values if not _missing(v)]
    return sum(items, Fraction(0)) / len(items) if items else Fraction(0)


def share(points: object, maximum: object) -> Fraction:
    """points as an exact % of maximum (maximum > 0)."""
    return exact(points) / exact(maximum) * 100


def so(x: object, decimals: int = 2, mode: str = "half_up") -> str:
    """A number with a decimal comma and dots for thousands: 1234.5 → '1.234,50', rounded half-up from the
    exact value (8.975 → '8,98'); `mode` "up" for a threshold to reach (`so_len`)."""
    if _missing(x):
        return "–"
    text = f"{rounded(x, decimals, mode):,.{decimals}f}"  # 1,234.50 (Decimal formatting: no binary rounding)
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0.0 (a deduction of nothing) or -0.001 prints as 0,00, not -0,00
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def so_len(x: object, decimals: int = 2) -> str:
    """A threshold to reach, rounded up at the printed precision: 2.465 points needed → '2,47' (2,46 would
    fall short)."""
    return so(x, decimals, "up")


def diem(x: object, mode: str = "half_up") -> str:
    """Points as a clerk writes them: no trailing zeros, decimal comma (2.5 → '2,5', 3.0 → '3')."""
    if _missing(x):
        return "–"
    text = so(x, 2, mode)
    return text.rstrip("0").rstrip(",") if "," in text else text


def phan_tram(x: object, mode: str = "half_up") -> str:
    """'84,65%'; '–' when missing (a unit new this year has no index of last year)."""
    text = so(x, 2, mode)
    return text if text == "–" else f"{text}%"


def so_nguyen(n: int) -> str:
    return so(n, 0)


def la_ma(n: int) -> str:
    """Roman numerals, as appendices are numbered: 1 → 'I', 14 → 'XIV'."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


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
    if _missing(delta):
        return "chưa có số liệu năm trước"
    if rounded(delta) == 0:  # prints as 0,00
        return "không đổi"
    return f"{'tăng' if delta > 0 else 'giảm'} {so(abs(exact(delta)))} {unit}"


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
    if _missing(delta):
        return ""
    if rounded(delta, decimals) == 0:
        return NO_CHANGE_MARK
    return ("+" if delta > 0 else "−") + so(abs(exact(delta)), decimals)


def dau_bac(places: float | None) -> str:
    """Places in tables: '↑3', '↓2'; '–' unchanged; '' not compared (new unit, or group not comparable)."""
    if places is None or (isinstance(places, float) and math.isnan(places)):
        return ""
    places = int(places)
    return NO_CHANGE_MARK if places == 0 else (f"↑{places}" if places > 0 else f"↓{-places}")


def liet_ke(names: Iterable[object], limit: int | None = None) -> str:
    """Names joined as a sentence says them: 'A', 'A và B', 'A, B và C'; beyond `limit` names, the first
    `limit` and how many more share the value: 'A, B, C và 41 đơn vị khác cùng mức'."""
    names = [str(n) for n in names]
    if not names:
        return ""
    if limit is not None and len(names) > limit:
        return f"{', '.join(names[:limit])} và {so_nguyen(len(names) - limit)} đơn vị khác cùng mức"
    return names[-1] if len(names) <= 1 else ", ".join(names[:-1]) + " và " + names[-1]


def bullets(items: Iterable[str]) -> str:
    """A Markdown list, one item a line (rendered with the dash official texts use)."""
    return "\n".join(f"- {item}" for item in items)


def ten_ngan(name: object) -> str:
    """A unit's name in a table whose group already says "UBND": 'UBND xã Tân Hòa' → 'xã Tân Hòa'."""
    text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else str(name)
    return text[5:] if text.startswith("UBND ") and len(text) > 5 else text


def ten_bang(name: object) -> str:
    """A unit's name in a table cell whose group already says "UBND": 'UBND xã Tân Hòa' → 'Xã Tân Hòa', capitalised
    as a cell starts (the text mid-sentence says 'xã Tân Hòa', `ten_ngan`)."""
    text = ten_ngan(name)
    return text[:1].upper() + text[1:]


# Words that start a place's name in a title ("tỉnh Vĩnh Long"): kept on one line with the capitalised words after.
PLACE_WORDS = ("tỉnh", "huyện", "quận", "xã", "phường", "thị trấn", "thị xã", "thành phố")
NBSP = "\u00a0"


# A name given whole (the recipient's) is kept on one line up to this length: about two thirds of a title's line
# at 14 pt bold, so that a longer one can still share its line with the words before it.
BOUND_NAME = 40


def giu_ten(title: str, names: tuple[str, ...] = ()) -> str:
    """A title whose proper names never break across lines: the spaces inside a run of capitalised words ("Công
    Thương", "Vĩnh Long"), inside a place word ("thị xã"), after it before a name ("tỉnh Vĩnh Long") and after
    "UBND" before it ("UBND xã Thuận An") become non-breaking; so do those of each of `names` (a recipient's name
    with words in lower case, "Sở Kế hoạch và Đầu tư") up to BOUND_NAME characters."""
    for whole in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        if len(whole) <= BOUND_NAME:
            title = title.replace(whole, whole.replace(" ", NBSP))
    words = title.split(" ")
    out = words[:1]

    def name(word: str) -> bool:  # "Vĩnh", not "UBND" or "CCHC", which are no names
        return word[:1].isupper() and not word.isupper()

    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        before = f"{words[i - 2]} {prev}" if i >= 2 else ""
        after = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        council = prev == "UBND" and (word in PLACE_WORDS or after in PLACE_WORDS)  # "UBND xã Thuận An"
        if council or f"{prev} {word}" in PLACE_WORDS or (name(word) and (name(prev) or prev in PLACE_WORDS
                                                                           or before in PLACE_WORDS)):
            out[-1] = f"{out[-1]}{NBSP}{word}"
        else:
            out.append(word)
    return " ".join(out)


def esc(text: object) -> str:
    """Text from input files is untrusted: escape it before it goes into HTML."""
    return html.escape("" if text is None else str(text))


def md(text: object) -> str:
    """Untrusted text for a Markdown sentence: HTML escaped, Markdown punctuation backslashed, and the
    colon of "http://" too, so that a bare address stays text instead of becoming a link."""
    escaped = html.escape("" if text is None else str(text), quote=False)
    return re.sub(r"([\\`*_\[\]#|~]|:(?=//))", r"\\\1", escaped)
