"""The unit chart: its figure is reused from unit to unit, and what it draws is still each unit's own."""
import re

import numpy as np
import pandas as pd
import pytest

from pipeline.config import Band
from pipeline.report import charts

LABELS = ("Đơn vị", "Bình quân nhóm", "Cao nhất nhóm")


def areas(unit: list[float], mean: list[float], best: list[float], codes=None) -> pd.DataFrame:
    return pd.DataFrame({"ma": codes or list(range(1, len(unit) + 1)), "ty_le": unit,
                         "ty_le_trung_binh": mean, "ty_le_cao_nhat": best})


A = areas([70.0, np.nan, 88.4, 99.6], [75.0, 80.0, 85.0, 90.0], [85.0, 90.0, 95.0, 100.0])
B = areas([40.0, 55.0, 61.0, 72.0], [50.0, 60.0, 70.0, 80.0], [60.0, 70.0, 80.0, 90.0])


def svg_of(frame: pd.DataFrame, title: str) -> str:
    return charts.comparison_bars(frame, LABELS, title, "Hình 1.").svg


@pytest.fixture
def fresh():
    charts._bars.cache_clear()
    yield
    charts._bars.cache_clear()


def test_a_reused_figure_draws_what_a_new_one_draws(fresh):
    first_a = svg_of(A, "Sở A")
    svg_of(B, "Sở B")  # the same four areas: the figure of A is filled in again
    assert charts._bars.cache_info().currsize == 1
    assert svg_of(A, "Sở A") == first_a
    charts._bars.cache_clear()
    first_b = svg_of(B, "Sở B")
    assert svg_of(A, "Sở A") != first_b and svg_of(B, "Sở B") == first_b


def test_each_unit_gets_its_own_values_axis_and_title(fresh):
    svg_of(B, "Sở B")
    svg = svg_of(A, "Sở A")
    printed = re.findall(r">([^<>]+)</text>", svg)
    # The unit's values over its bars (none for the missing area), not B's; its title; the axis from 60.
    assert {"70", "88", "100"} <= set(printed) and not {"40", "55", "61", "72"} & set(printed)
    assert "Sở A" in printed and "Sở B" not in printed
    assert "60" in printed and "40" not in printed


def test_other_areas_get_their_own_figure(fresh):
    svg_of(A, "Sở A")
    three = svg_of(areas([90.0] * 3, [80.0] * 3, [95.0] * 3, codes=[1, 2, 5]), "UBND xã C")
    assert charts._bars.cache_info().currsize == 2
    ticks = re.findall(r">(LV\d)</text>", three)
    assert ticks == ["LV1", "LV2", "LV5"]


def test_the_distribution_marks_the_band_of_its_lowest_unit(monkeypatch):
    """Issue 26: a lowest unit at 75,5 is rated Khá (from 70): the line at 70 is drawn, like those at 80 and 90."""
    from pipeline.config import Band

    monkeypatch.setattr(charts, "Chart", lambda fig, caption, **kw: fig)
    units = pd.DataFrame({"nhom": ["so"] * 4, "chi_so": [75.5, 81.0, 88.0, 96.0]})
    bands = (Band("Xuất sắc", 90), Band("Tốt", 80), Band("Khá", 70), Band("Trung bình", 50), Band("Yếu", 0))
    fig = charts.index_distribution(units, {"so": "Sở"}, bands, "Hình 1.")
    lines = sorted(line.get_xdata()[0] for line in fig.axes[0].lines)
    assert lines == [70, 80, 90] and fig.axes[0].get_xlim()[0] < 70


# ------------------------------------------------------------------ charts kept by their inputs (charts.kept)

BANDS = (Band("Xuất sắc", 90), Band("Tốt", 80), Band("Khá", 70), Band("Trung bình", 50), Band("Yếu", 0))
UNITS = pd.DataFrame({"ma_don_vi": list("abcdefgh"), "ten_don_vi": [f"Sở {c.upper()}" for c in "abcdefgh"],
                      "chi_so": [91.5, 84.25, 78.0, 88.0, 72.5, 95.0, 81.0, 69.0],
                      "xep_loai": ["Xuất sắc", "Tốt", "Khá", "Tốt", "Khá", "Xuất sắc", "Tốt", "Trung bình"]})


def ranked(units: pd.DataFrame, bands) -> charts.Chart:
    return charts.ranked_bars(units, bands, "Chỉ số CCHC", "Hình 2.")


@pytest.fixture
def kept_in(tmp_path, monkeypatch):
    monkeypatch.setenv(charts.CHARTS_KEPT_ENV, str(tmp_path / "bieu-do"))
    return tmp_path / "bieu-do"


def test_a_kept_chart_is_drawn_once_for_the_same_inputs(kept_in, monkeypatch):
    first = ranked(UNITS, BANDS)
    assert len(list(kept_in.iterdir())) == 1
    monkeypatch.setattr(charts.plt, "subplots", lambda *a, **k: pytest.fail("drawn again"))
    again = ranked(UNITS.copy(), BANDS)  # equal inputs, other objects
    assert (again.svg, again.caption) == (first.svg, first.caption)


def test_a_kept_chart_is_the_chart_drawn_anew(kept_in, monkeypatch):
    ranked(UNITS, BANDS)
    kept = ranked(UNITS, BANDS)
    monkeypatch.delenv(charts.CHARTS_KEPT_ENV)
    assert kept.svg == ranked(UNITS, BANDS).svg
    assert len(list(kept_in.iterdir())) == 1  # outside the build nothing is kept


def test_any_input_changed_draws_another_chart(kept_in):
    first = ranked(UNITS, BANDS)
    moved = UNITS.assign(chi_so=[91.5, 84.25, 78.5, 88.0, 72.5, 95.0, 81.0, 69.0])
    assert ranked(moved, BANDS).svg != first.svg
    renamed = UNITS.assign(ten_don_vi=UNITS["ten_don_vi"].replace("Sở C", "Sở Cê"))
    assert "Sở Cê" in ranked(renamed, BANDS).svg
    assert len(list(kept_in.iterdir())) == 3


def test_an_edited_kept_chart_is_drawn_again(kept_in):
    first = ranked(UNITS, BANDS)
    (path,) = kept_in.iterdir()
    edited = path.read_bytes().replace("Sở A".encode(), "Sở X".encode())
    assert edited != path.read_bytes()
    path.write_bytes(edited)
    assert ranked(UNITS, BANDS).svg == first.svg
    assert "Sở X".encode() not in path.read_bytes()  # kept again, as drawn


def test_what_a_chart_does_not_draw_does_not_draw_it_again(kept_in, monkeypatch):
    """Issue 23: a unit's rank moved by a correction of another, a column the chart never prints, a unit
    between the best and the worst shown: the picture is the same, so the chart is taken as kept."""
    first = ranked(UNITS, BANDS)
    shown = charts.ranked_bars(UNITS, BANDS, "t", "c", limit=4)  # of 8 units: the 2 best and the 2 worst
    monkeypatch.setattr(charts.plt, "subplots", lambda *a, **k: pytest.fail("drawn again"))
    reranked = UNITS.assign(xep_hang=range(8, 0, -1), don_vi_cap_tren="huyen-a")
    assert ranked(reranked, BANDS).svg == first.svg
    # The middle ones may move, as long as the mean stays: b and g swap their indexes.
    swapped = UNITS.assign(chi_so=[91.5, 81.0, 78.0, 88.0, 72.5, 95.0, 84.25, 69.0])
    assert charts.ranked_bars(swapped, BANDS, "t", "c", limit=4).svg == shown.svg


def test_what_a_chart_draws_changed_draws_it_again(kept_in):
    shown = charts.ranked_bars(UNITS, BANDS, "t", "c", limit=4)
    # A middle unit moved: not shown, but the mean line moves with it.
    assert charts.ranked_bars(UNITS.assign(chi_so=UNITS["chi_so"].replace(84.25, 86.0)), BANDS, "t", "c",
                              limit=4).svg != shown.svg
    changes = UNITS.assign(tang_diem=[3.0, -1.0, 0.5, 2.0, -4.0, 1.0, 0.0, -2.5])
    first = charts.year_on_year_changes(changes, "t", "c", limit=4)
    inside = changes.assign(tang_diem=[3.0, -1.0, 0.25, 2.0, -4.0, 1.0, 0.0, -2.5])  # c: not among those shown
    assert charts.year_on_year_changes(inside, "t", "c", limit=4).svg == first.svg
    best = changes.assign(tang_diem=[3.5, -1.0, 0.5, 2.0, -4.0, 1.0, 0.0, -2.5])  # a: the best shown
    assert "+3,5" in charts.year_on_year_changes(best, "t", "c", limit=4).svg
    assert len(list(kept_in.iterdir())) == 4


def test_the_distribution_is_kept_while_its_bins_hold_the_same_units(kept_in):
    units = UNITS.assign(nhom=["so"] * 4 + ["huyen"] * 4)
    names = {"so": "Sở", "huyen": "Huyện"}
    first = charts.index_distribution(units, names, BANDS, "Hình 1.")
    within = units.assign(chi_so=units["chi_so"].replace(84.25, 83.0))  # 82,5–85: the same bin
    assert charts.index_distribution(within, names, BANDS, "Hình 1.").svg == first.svg
    across = units.assign(chi_so=units["chi_so"].replace(84.25, 86.0))
    assert charts.index_distribution(across, names, BANDS, "Hình 1.").svg != first.svg
    assert len(list(kept_in.iterdir())) == 2


def test_the_distribution_counts_what_a_histogram_of_the_values_counts(monkeypatch):
    """The bars drawn from each bin's count are the bars of a histogram of the values themselves."""
    monkeypatch.setattr(charts, "Chart", lambda fig, caption, **kw: fig)
    units = UNITS.assign(nhom=["so"] * 4 + ["huyen"] * 4, chi_so=[90.0, 84.25, 78.0, 100.0, 72.5, 95.0, 81.0, 69.0])
    fig = charts.index_distribution(units, {"so": "Sở", "huyen": "Huyện"}, BANDS, "Hình 1.")
    bars = [(p.get_x(), p.get_height()) for p in fig.axes[0].patches if p.get_height() > 0]
    drawn = pd.Series([h for _, h in bars], index=[x for x, _ in bars]).groupby(level=0).sum()
    # By hand: each value into its 2,5-wide bin, 100 into the last (97,5–100); the groups stacked.
    expected = units["chi_so"].map(lambda v: min(v // 2.5 * 2.5, 97.5)).value_counts()
    assert drawn.to_dict() == {float(k): float(v) for k, v in expected.items()}
