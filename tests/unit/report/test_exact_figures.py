"""Exact figures (issue 22): every printed number is the decimal half-up rounding of the exact value, every
threshold to reach is rounded up. The oracle is Python's `decimal` on values built from quarter points and
odd maxima, or hand arithmetic in comments; never the code under test's own formula."""
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.report import fmt

CENT = Decimal("0.01")


def oracle(q: Fraction, rounding=ROUND_HALF_UP) -> str:
    """q printed with a decimal comma at two decimals, by the decimal module (28 significant digits are
    plenty: every value here is below 10^4 and a half cent, if it is one, is exact)."""
    d = (Decimal(q.numerator) / Decimal(q.denominator)).quantize(CENT, rounding=rounding)
    text = f"{abs(d):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if d < 0 else "") + text


# ---------------------------------------------------------------- the cases of the issue, by hand

@pytest.mark.parametrize("value, printed", [
    (8.975, "8,98"), (15.865, "15,87"), (18.365, "18,37"), (61.675, "61,68"), (84.475, "84,48"),
    (77.125, "77,13"),  # each a mean ending in 5 at the third decimal: half-up, as Excel's ROUND
    (-8.975, "-8,98"),  # away from zero, as Excel
    (0.005, "0,01"), (0.004999, "0,00"),
])
def test_means_ending_in_5_print_half_up(value, printed):
    assert fmt.so(value) == printed


def test_a_mean_computed_in_floats_still_prints_half_up():
    # (8.5 + 9.45) / 2 = 8.975 exactly; in binary floats the sum and division give 8.974999999999998 or so.
    values = [8.5, 9.45]
    assert fmt.so(sum(values) / len(values)) == "8,98"
    # 61.675 as the mean of 4 indexes: 60 + 61.25 + 62.7 + 62.75 = 246.7; / 4 = 61.675.
    assert fmt.so(sum([60, 61.25, 62.7, 62.75]) / 4) == "61,68"
    assert fmt.so(fmt.mean([60, 61.25, 62.7, 62.75])) == "61,68"


def test_threshold_rounds_up():
    # Ban Dân tộc 2023: 90 % of 96,25 = 86,625; 86,625 − 84,16 = 2,465 → 2,47 (2,46 leaves 86,62 = 89,99 %).
    assert fmt.so_len(86.625 - 84.16) == "2,47"
    assert fmt.so_len(86.625) == "86,63"
    assert fmt.so_len(2.46) == "2,46"  # a whole cent stays
    assert fmt.so_len(2.0) == "2,00"


def test_points_strip_zeros_after_half_up():
    assert fmt.diem(0.125) == "0,13" and fmt.diem(2.995) == "3" and fmt.diem(1.005) == "1,01"


def test_value_for_excel_is_the_printed_figure():
    assert fmt.value(8.975) == 8.98 and fmt.value(2.465, mode="up") == 2.47 and fmt.value(99.5, 0) == 100.0


# ---------------------------------------------------------------- property tests with a decimal oracle

quarters = st.integers(min_value=0, max_value=400).map(lambda n: Fraction(n, 4))  # 0 … 100 in quarter points
hundredths = st.integers(min_value=0, max_value=10_000).map(lambda n: Fraction(n, 100))
# Odd maxima: a group's 100 less not-applicable criteria in quarters (96,25, 84,75, 91,5, …).
maxima = st.integers(min_value=200, max_value=400).map(lambda n: Fraction(n, 4))


@settings(max_examples=400, deadline=None)
@given(st.one_of(quarters, hundredths, st.integers(-100_000, 100_000).map(lambda n: Fraction(n, 1000))))
def test_every_printed_value_is_half_up_of_the_exact_value(q):
    assert fmt.so(float(q)) == oracle(q)
    assert fmt.so(q) == oracle(q)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(hundredths, maxima), min_size=1, max_size=25))
def test_means_of_indexes_print_half_up(units):
    # Each unit: points (hundredths: survey points carry two decimals) out of its own maximum.
    units = [(min(p, m), m) for p, m in units]
    exact_mean = sum(p / m * 100 for p, m in units) / len(units)
    floats = [float(p) / float(m) * 100 for p, m in units]  # the processed table's chi_so
    assert fmt.so(fmt.mean([fmt.share(float(p), float(m)) for p, m in units])) == oracle(exact_mean)
    assert fmt.so(float(exact_mean)) == oracle(exact_mean)
    assert fmt.so(sum(floats) / len(floats)) == oracle(exact_mean)


@settings(max_examples=300, deadline=None)
@given(st.lists(quarters, min_size=1, max_size=40))
def test_means_of_points_print_half_up(points):
    exact_mean = sum(points) / len(points)
    assert fmt.so(sum(float(p) for p in points) / len(points)) == oracle(exact_mean)
    assert fmt.diem(fmt.mean(float(p) for p in points)).rstrip(",") == oracle(exact_mean).rstrip("0").rstrip(",")


@settings(max_examples=400, deadline=None)
@given(hundredths, maxima, st.sampled_from([50, 70, 72.5, 80, 90]))
def test_points_needed_reach_the_band_and_a_cent_less_does_not(total, maximum, band_min):
    total = min(total, maximum)
    target = Fraction(str(band_min)) * maximum / 100
    if total >= target:
        return
    printed = fmt.so_len(float(target) - float(total))
    needed = Fraction(Decimal(printed.replace(".", "").replace(",", ".")))
    assert printed == oracle(target - total, ROUND_CEILING)
    assert (total + needed) / maximum * 100 >= Fraction(str(band_min))
    assert (total + needed - Fraction(1, 100)) / maximum * 100 < Fraction(str(band_min))
