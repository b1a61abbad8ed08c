"""Pure judges of single cells: labels, criterion codes, points (contract §5)."""
from __future__ import annotations

import math
import re

from ..text import fold  # noqa: F401 (the rule lives in pipeline.text; ingest compares labels with it)

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
NOT_APPLICABLE = {"kad", "khong ap dung"}


def roman_to_int(text: str) -> int | None:
    """'IV' → 4; None when the text is not a Roman numeral up to 89."""
    if not text or not re.fullmatch(r"L?X{0,3}(IX|IV|V?I{0,3})", text) or text == "":
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = ROMAN[ch]
        total += -value if nxt != " " and ROMAN[nxt] > value else value
    return total or None


def number_text(value: float) -> str:
    """Shortest form of a number read as a code: 1.0 → '1', 2.3 → '2.3'."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def normalise_code(value: object) -> str:
    """Criterion code in canonical form: '1.1.' → '1.1', 'II' → '2', 1.0 → '1', 'd.1' → 'D.1'.

    Returns '' for empty cells and for text that cannot be a code; the caller decides
    whether such a row matters (it does only when it carries scores).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, (int, float)):
        return number_text(value)
    text = re.sub(r"\s+", "", str(value)).strip(".").upper()
    if not text:
        return ""
    roman = roman_to_int(text)
    if roman is not None:
        return str(roman)
    parts = text.split(".")
    if all(re.fullmatch(r"\d+|[A-Z]", p) for p in parts):
        # "01.2" and "1.02" are the same code as "1.2".
        return ".".join(p if p.isalpha() else str(int(p)) for p in parts)
    return ""


def parent_code(code: str) -> str:
    """'1.2.3' → '1.2'; '' for an area."""
    return code.rpartition(".")[0]


def is_not_applicable(value: object) -> bool:
    return isinstance(value, str) and fold(value) in NOT_APPLICABLE


def parse_points(value: object) -> tuple[float | None, str]:
    """A points cell → (value, '') or (None, reason). Empty is (None, '').

    Accepts numbers, formulas' cached values and text with a decimal comma ('2,75')
    or a trailing dot ('3.').
    """
    if value is None or value == "":
        return None, ""
    if isinstance(value, bool):
        return None, f"'{value}' không phải là số"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None, "ô không chứa số hợp lệ"
        return float(value), ""
    if hasattr(value, "isoformat"):  # a date cell: Excel turned "1.5" into 1 May
        return None, f"ô kiểu ngày tháng ({value}) thay vì điểm số"
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None, ""
    if re.fullmatch(r"[+-]?\d+([.,]\d*)?|[+-]?[.,]\d+", text):
        return float(text.replace(",", ".").rstrip(".") or "0"), ""
    shown = str(value).strip()
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return None, f"'{shown}' không phải là số"


def column_letter(index: int) -> str:
    """0 → 'A', 27 → 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → 'E14'."""
    return f"{column_letter(col)}{row + 1}"


def show(x: float) -> str:
    """A number inside a problem message, Vietnamese style: 2.75 → '2,75'."""
    return f"{x:g}".replace(".", ",")
