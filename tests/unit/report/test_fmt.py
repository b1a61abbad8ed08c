"""Vietnamese numbers, dates and phrases (pipeline/report/fmt.py). Every expected string is written by hand."""
import datetime as dt
import math
import random
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from conftest import vn_change, vn_number, vn_percent, vn_places, vn_points, vn_signed
from pipeline.report import fmt

NAN = float("nan")

# (value, decimals, printed): decimal comma, a dot between thousands.
NUMBERS = [
    (1234.5, 2, "1.234,50"),
    (86.98, 2, "86,98"),
    (0, 2, "0,00"),
    (0.0, 2, "0,00"),
    (-1234.5, 2, "-1.234,50"),
    (-0.5, 2, "-0,50"),
    (-0.0, 2, "0,00"),  # a deduction of nothing is stored as -0.0
    (-0.004, 2, "0,00"),  # rounds to zero: no sign
    (1234567.891, 2, "1.234.567,89"),
    (999.999, 2, "1.000,00"),  # 999.999 rounds up to 1000.00
    (1234.56, 1, "1.234,6"),
    (1234, 0, "1.234"),
    (100, 0, "100"),
    (0.1 + 0.2, 2, "0,30"),  # 0.30000000000000004
]


@pytest.mark.parametrize("value, decimals, printed", NUMBERS)
def test_so(value, decimals, printed):
    assert fmt.so(value, decimals) == printed


@pytest.mark.parametrize("value, decimals, printed", NUMBERS)
def test_the_tests_own_formatter_agrees_with_the_same_hand_values(value, decimals, printed):
    # tests/conftest.vn_number computes the end-to-end tests' expected text; it must be right too.
    assert vn_number(value, decimals) == printed


@pytest.mark.parametrize("missing", [None, NAN])
def test_so_of_a_missing_value_is_a_dash(missing):
    assert fmt.so(missing) == "–"


@pytest.mark.parametrize("value, printed", [
    (2.5, "2,5"), (3.0, "3"), (0.25, "0,25"), (0, "0"), (0.75, "0,75"), (10.0, "10"),
    (1234.5, "1.234,5"),
    (0.1 + 0.2, "0,3"),  # float noise of summed cells is not printed
    (2.999, "3"),  # two decimals at most: 3.00 → "3"
    (-1.5, "-1,5"),
    (-0.0, "0"),
])
def test_diem_drops_trailing_zeros(value, printed):
    assert fmt.diem(value) == printed
    assert vn_points(value) == printed


@pytest.mark.parametrize("missing", [None, NAN])
def test_diem_of_a_missing_value_is_a_dash(missing):
    assert fmt.diem(missing) == "–"


def test_phan_tram():
    assert fmt.phan_tram(84.65) == "84,65%"
    assert fmt.phan_tram(100) == "100,00%"
    assert fmt.phan_tram(0) == "0,00%"
    # A unit new this year has no index last year: a dash, not "–%".
    assert fmt.phan_tram(NAN) == "–" and fmt.phan_tram(None) == "–"


def test_so_nguyen():
    assert fmt.so_nguyen(1234) == "1.234" and fmt.so_nguyen(63) == "63" and fmt.so_nguyen(0) == "0"


@pytest.mark.parametrize("day, printed", [
    # Decree 30/2020: a leading zero for days 1-9 and for months 1-2, none otherwise.
    (dt.date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
    (dt.date(2024, 3, 13), "ngày 13 tháng 3 năm 2024"),
    (dt.date(2024, 1, 10), "ngày 10 tháng 01 năm 2024"),
    (dt.date(2023, 12, 9), "ngày 09 tháng 12 năm 2023"),
    (dt.date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
    (dt.date(2024, 11, 30), "ngày 30 tháng 11 năm 2024"),
])
def test_ngay(day, printed):
    assert fmt.ngay(day) == printed


@pytest.mark.parametrize("day, printed", [(dt.date(2023, 6, 2), "02/6/2023"), (dt.date(2024, 2, 15), "15/02/2024"),
                                          (dt.date(2023, 12, 25), "25/12/2023")])
def test_ngay_so(day, printed):
    assert fmt.ngay_so(day) == printed


CHANGES = [
    (0.72, "tăng 0,72 điểm"),
    (-1.5, "giảm 1,50 điểm"),
    (83.54 - 80.63, "tăng 2,91 điểm"),  # 2.9100000000000108
    (1234.5, "tăng 1.234,50 điểm"),
    (0.006, "tăng 0,01 điểm"),  # prints as 0,01: a change
    (0.0, "không đổi"),
    (0.004, "không đổi"),  # below half a hundredth it would print as 0,00
    (-0.004, "không đổi"),
    (NAN, "chưa có số liệu năm trước"),
    (None, "chưa có số liệu năm trước"),
]


@pytest.mark.parametrize("delta, printed", CHANGES)
def test_thay_doi(delta, printed):
    assert fmt.thay_doi(delta) == printed


def test_thay_doi_with_another_unit():
    assert fmt.thay_doi(-2, "điểm phần trăm") == "giảm 2,00 điểm phần trăm"


PLACES = [
    (12, "tăng 12 bậc"), (12.0, "tăng 12 bậc"), (-3, "giảm 3 bậc"), (1, "tăng 1 bậc"),
    (0, "giữ nguyên thứ hạng"), (NAN, "chưa có thứ hạng năm trước"), (None, "chưa có thứ hạng năm trước"),
]


@pytest.mark.parametrize("places, printed", PLACES)
def test_thay_doi_bac(places, printed):
    assert fmt.thay_doi_bac(places) == printed


SIGNED = [
    (0.72, "+0,72"), (-1.5, "\u22121,50"), (1234.5, "+1.234,50"), (0, "–"), (0.004, "–"), (-0.004, "–"),
    (NAN, ""), (None, ""),
]


@pytest.mark.parametrize("delta, printed", SIGNED)
def test_dau(delta, printed):
    assert fmt.dau(delta) == printed


def test_the_tests_own_phrases_agree_with_the_same_hand_values():
    # The end-to-end tests' expected text comes from these helpers of tests/conftest.py (known values only).
    def known(table):
        return [(x, text) for x, text in table if x is not None and not math.isnan(x)]

    assert all(vn_change(x) == text for x, text in known(CHANGES))
    assert all(vn_places(int(x)) == text for x, text in known(PLACES))
    assert all(vn_signed(x) == text for x, text in known(SIGNED))
    assert (vn_percent(84.65), vn_percent(100), vn_percent(0)) == ("84,65%", "100,00%", "0,00%")


def test_dau_with_no_decimals():
    assert fmt.dau(2.0, 0) == "+2" and fmt.dau(-0.4, 0) == "–"


@pytest.mark.parametrize("places, printed", [(3, "↑3"), (3.0, "↑3"), (-2, "↓2"), (0, "–"), (NAN, ""), (None, "")])
def test_dau_bac(places, printed):
    assert fmt.dau_bac(places) == printed


@pytest.mark.parametrize("text, escaped", [
    ("Sở Tư pháp", "Sở Tư pháp"),
    ("a*b_c", "a\\*b\\_c"),  # no stray emphasis
    ("[liên kết](http://x)", "\\[liên kết\\](http\\://x)"),
    ("xem http://evil.example/x", "xem http\\://evil.example/x"),  # a bare address is not autolinked
    ("#1 | 2 ~ `3`", "\\#1 \\| 2 \\~ \\`3\\`"),
    ("C:\\tmp", "C:\\\\tmp"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),  # no HTML
    ("A & B", "A &amp; B"),
    ('"trích dẫn"', '"trích dẫn"'),  # quotes are harmless in Markdown text
    (None, ""),
    (12, "12"),
])
def test_md(text, escaped):
    assert fmt.md(text) == escaped


def test_esc():
    assert fmt.esc('<a href="x">B & C</a>') == "&lt;a href=&quot;x&quot;&gt;B &amp; C&lt;/a&gt;"
    assert fmt.esc(None) == "" and fmt.esc(math.pi).startswith("3.14")


def _rounded_by_fractions(x: float, decimals: int, mode: str) -> Decimal:
    """The rounding rule written out on exact fractions (contract §10), independently of fmt's Decimal path:
    the shortest decimal that reads back as the float, float noise below 1e-9 removed, then half-up away
    from zero, or toward +∞ ("up") or −∞ ("down")."""
    shortest = Fraction(Decimal(repr(float(x))))
    q = Fraction(round(shortest * 10**9), 10**9) * 10**decimals
    if mode == "half_up":
        n = math.floor(abs(q) + Fraction(1, 2))
        n = -n if q < 0 else n
    else:
        n = math.ceil(q) if mode == "up" else math.floor(q)
    return Decimal(n).scaleb(-decimals)


def test_rounding_of_floats_agrees_with_exact_fractions():
    """fmt.rounded's fast path for floats gives the rule's result for halves, noisy sums, negatives and numpy
    floats (the values a report prints)."""
    rng = random.Random(7)
    values = ([rng.uniform(-1000, 1000) for _ in range(3000)] + [k / 1000 for k in range(-3000, 3000)]
              + [k / 8 + 1e-13 for k in range(-200, 200)] + [sum([0.1] * k) for k in range(60)]
              + [8.975, -8.975, 2.465, -0.004, 0.0, -0.0, 1e11 + 0.005])
    values += [np.float64(v) for v in values[:200]]
    for value in values:
        for decimals in (0, 2, 3):
            for mode in ("half_up", "up", "down"):
                assert str(fmt.rounded(value, decimals, mode)) == str(_rounded_by_fractions(value, decimals, mode)), \
                    (value, decimals, mode)
