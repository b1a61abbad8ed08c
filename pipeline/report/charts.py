"""matplotlib charts with Vietnamese labels, as inline SVG (deterministic, sharp in print)."""
from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path
from typing import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ..config import Band  # noqa: E402
from ..contract import BLOCK_MIME, CHARTS_KEPT_ENV  # noqa: E402
from ..files import digest, json_bytes, kept_bytes, tree_digest  # noqa: E402
from . import fmt  # noqa: E402
from .keys import content_key  # noqa: E402

WIDTH = 6.6  # inches: the text width of an A4 page with 2 cm margins
BAND_COLOURS = ["#1a7f37", "#4c9f38", "#d4a017", "#e07b24", "#c0392b", "#7f1d1d"]
ACCENT = "#1f4e79"

plt.rcParams.update({
    "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"],  # SVGs: 'DejaVu Sans', sans-serif (a viewer
    # without DejaVu Sans, which ships with matplotlib and covers Vietnamese, falls back to its own sans-serif)
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "par-index",  # fixed ids: the same chart gives the same bytes
    "svg.fonttype": "none",  # real text: small files; Typst finds DejaVu Sans in matplotlib's font folder
})

comma = FuncFormatter(lambda x, _: fmt.so(x, 0) if float(x).is_integer() else fmt.so(x, 1))


class Chart:
    """A finished figure: inline SVG with a caption in notebooks and HTML reports; the same SVG, in its
    structured representation (render.document), for the PDF and, drawn as an image by the Word writer, for
    Word. One drawing per chart: a 200-dpi PNG from matplotlib cost twice the SVG, once per unit report."""

    def __init__(self, fig: plt.Figure, caption: str, fixed: bool = False):
        """fixed: the figure's own margins hold every label (subplots_adjust), so nothing is measured: the file
        is the figure as sized, which is what a unit report's chart needs to stay cheap (one per unit)."""
        # A constrained layout keeps long labels inside the text width, so the chart prints at its true size
        # (8 pt stays 8 pt); it runs at draw time, so run it once here, before measuring.
        if fig.get_layout_engine() is not None:
            fig.get_layout_engine().execute(fig)
            fig.set_layout_engine("none")  # positions fixed: saving the SVG does not lay it out again
        # The tight box measured here, not by bbox_inches="tight", which would draw the figure twice.
        box = None if fixed else fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches=box, metadata={"Date": None})
        svg = buffer.getvalue()
        self.svg = svg[svg.index("<svg"):]  # drop the XML prolog: it is inline HTML
        plt.close(fig)
        self.caption = caption

    @classmethod
    def drawn(cls, svg: str, caption: str) -> "Chart":
        """A chart drawn before (`kept`)."""
        chart = cls.__new__(cls)
        chart.svg, chart.caption = svg, caption
        return chart

    def __repr__(self) -> str:
        # The text/plain form is saved in notebooks too: no memory address, or runs would differ.
        return f"<Chart: {self.caption}>"

    def _repr_html_(self) -> str:
        return f'<figure class="bieu-do">{self.svg}<figcaption>{fmt.esc(self.caption)}</figcaption></figure>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self._repr_html_(),
                BLOCK_MIME: {"type": "figure", "svg": self.svg, "caption": self.caption}}


def kept(draw):
    """A chart function whose drawing is kept: while the build runs a report (CHARTS_KEPT_ENV names a folder), the
    chart's SVG is saved under the key of everything that makes it (the function, the package's code, matplotlib's
    and numpy's versions, every argument) and taken from there when the same chart is asked for again
    (files.kept_bytes). For the charts of the reports on many units, a second or more of the units report's
    build: a correction of one commune redraws the charts it changes, not all ten. Outside the build (an analyst's
    notebook) it draws.

    The functions kept are handed only what they draw (the public chart function selects it): the units shown,
    the columns printed, a histogram's counts. A correction that moves a commune's rank but not its index, or a
    unit outside the 15 best and 15 worst shown, leaves the picture, and so the key, as it was: after issue, half
    of the charts of the reports it re-issues."""
    @wraps(draw)
    def drawing(*args, **kwargs) -> Chart:
        folder = os.environ.get(CHARTS_KEPT_ENV)
        if not folder:
            return draw(*args, **kwargs)

        def drawn() -> bytes:
            chart = draw(*args, **kwargs)
            return json_bytes({"svg": chart.svg, "caption": chart.caption})

        key = f"{content_key((draw.__qualname__, _drawing_code(), args, kwargs))}.json"
        saved = json.loads(kept_bytes(Path(folder), key, drawn))
        return Chart.drawn(saved["svg"], saved["caption"])
    return drawing


@lru_cache(maxsize=1)
def _drawing_code() -> str:
    """The package's Python code and the drawing libraries' versions: a change to any may change a chart."""
    return digest(tree_digest(Path(__file__).resolve().parents[1], {".py"}), matplotlib.__version__, np.__version__)


def band_colour(name: str, bands: Sequence[Band]) -> str:
    names = [b.name for b in bands]
    return BAND_COLOURS[names.index(name) % len(BAND_COLOURS)] if name in names else "#888888"


# A group of more units than this is charted by its best and worst halves of this many.
CHART_UNITS = 30


def ranked_bars(units: pd.DataFrame, bands: Sequence[Band], title: str, caption: str, limit: int = CHART_UNITS
                ) -> Chart:
    """Index of each unit, best on top, coloured by band; long groups show the top and bottom."""
    d = units.sort_values(["chi_so", "ma_don_vi"], ascending=[False, True])[list(RANKED_BARS)]
    if len(d) > limit:
        half = limit // 2
        gap = pd.DataFrame([{"ten_don_vi": "…", "chi_so": np.nan, "xep_loai": ""}])
        d = pd.concat([d.head(half), gap, d.tail(half)], ignore_index=True)
    return _ranked_bars(d.reset_index(drop=True), float(units["chi_so"].mean()), bands, title, caption)


RANKED_BARS = ("ten_don_vi", "chi_so", "xep_loai")  # what a ranked chart prints of each unit shown


@kept
def _ranked_bars(d: pd.DataFrame, mean: float, bands: Sequence[Band], title: str, caption: str) -> Chart:
    """The ranked chart of the units shown (`d`, in order; a gap row between the best and the worst), the line
    of the mean of all of them."""
    fig, ax = plt.subplots(figsize=(WIDTH, 0.6 + 0.2 * len(d)), layout="constrained")
    y = np.arange(len(d))[::-1]
    ax.barh(y, d["chi_so"].fillna(0), color=[band_colour(b, bands) for b in d["xep_loai"]], height=0.7)
    ax.set_yticks(y, d["ten_don_vi"])
    # The axis starts just below the lowest unit: on 0–100 a few points of difference would not show.
    low = axis_floor(d["chi_so"])
    ax.set_xlim(low, 101)
    for yi, value in zip(y, d["chi_so"]):
        if not np.isnan(value):
            ax.text(value + 0.15, yi, fmt.so(value), va="center", fontsize=7)
    for band in bands:
        if low < band.min < 100:
            ax.axvline(band.min, color="#999999", lw=0.6, ls="--")
    ax.axvline(mean, color="#333333", lw=0.8)
    ax.text(mean, len(d) - 0.3, f" Bình quân {fmt.so(mean)}", fontsize=7, va="bottom", ha="left")
    ax.xaxis.set_major_formatter(comma)
    ax.set_xlabel("Chỉ số CCHC (%)")
    ax.set_title(title, loc="left", pad=14)
    present = [b for b in bands if b.name in set(d["xep_loai"])]
    handles = [plt.Rectangle((0, 0), 1, 1, color=band_colour(b.name, bands)) for b in present]
    # Below the axis: inside it, a legend covered the bars and the band lines of the best units.
    ax.legend(handles, [b.name for b in present], loc="upper center", bbox_to_anchor=(0.5, -0.9 / (0.6 + 0.2 * len(d))),
              ncols=len(present), fontsize=7, frameon=False)
    return Chart(fig, caption)


def axis_floor(values: pd.Series, step: float = 5.0, margin: float = 2.0) -> float:
    """Where a % axis starts: a round number a little below the lowest value (never below 0)."""
    lowest = float(np.nanmin(values)) if len(values) and not np.all(np.isnan(values)) else 0.0
    return max(0.0, ((lowest - margin) // step) * step)


@kept
def area_heatmap(matrix: pd.DataFrame, area_names: dict[str, str], title: str, caption: str) -> Chart:
    """Units (rows) × areas (columns), cell = % of the area's maximum, value printed."""
    fig, ax = plt.subplots(figsize=(WIDTH, 1.2 + 0.26 * len(matrix)), layout="constrained")
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="RdYlGn", vmin=40, vmax=100, aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [f"LV{c}" for c in matrix.columns])
    ax.set_yticks(range(matrix.shape[0]), matrix.index)
    ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False, length=0)
    for (i, j), v in np.ndenumerate(values):
        if not np.isnan(v):
            ax.text(j, i, fmt.so(v, 0), ha="center", va="center", fontsize=8, color="black")
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, format=comma)
    bar.set_label("% điểm tối đa của lĩnh vực")
    ax.set_title(title, loc="left", pad=22)
    legend = "; ".join(f"LV{k}: {v}" for k, v in area_names.items())
    return Chart(fig, f"{caption} {legend}.")


def index_distribution(tong_hop: pd.DataFrame, group_names: dict[str, str], bands: Sequence[Band],
                       caption: str) -> Chart:
    """Histogram of index values per group, band thresholds marked."""
    lowest = tong_hop["chi_so"].min()
    low = max(0, (lowest // 5) * 5 - 5)
    # The band the lowest unit falls in has its line too (a lowest unit at 75 is Khá: the line at 70 is shown).
    floor = max((b.min for b in bands if 0 < b.min <= lowest), default=None)
    if floor is not None:
        low = max(0, min(low, floor - 5))
    bins = np.arange(low, 101, 2.5)
    counts = [np.histogram(g["chi_so"].to_numpy(), bins)[0] for _, g in tong_hop.groupby("nhom", sort=False)]
    labels = [group_names.get(n, n) for n in dict.fromkeys(tong_hop["nhom"])]
    return _index_distribution(bins, counts, labels, bands, caption)


@kept
def _index_distribution(bins: np.ndarray, counts: list[np.ndarray], labels: list[str], bands: Sequence[Band],
                        caption: str) -> Chart:
    """The histogram of `counts` (units per bin, one array per group, stacked)."""
    fig, ax = plt.subplots(figsize=(WIDTH, 2.8), layout="constrained")
    low = bins[0]
    # Each bin's count drawn as its weight at the bin's left edge: the bars of a histogram of the values.
    ax.hist([bins[:-1]] * len(counts), bins=bins, weights=counts, stacked=True, label=labels,
            color=["#1f4e79", "#6fa8dc", "#c9daf8", "#999999"][:len(counts)], edgecolor="white", linewidth=0.5)
    for band in bands:
        if low < band.min < 100:
            ax.axvline(band.min, color="#555555", lw=0.7, ls="--")
            ax.text(band.min + 0.3, ax.get_ylim()[1] * 0.95, band.name, fontsize=7, va="top")
    ax.set_xlim(low, 100)
    ax.xaxis.set_major_formatter(comma)
    ax.set_xlabel("Chỉ số CCHC (%)")
    ax.set_ylabel("Số đơn vị")
    # Below the axis, so it never covers a band's label or the bars.
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=len(counts), frameon=False)
    ax.set_title("Phân bố Chỉ số CCHC của các đơn vị", loc="left")
    return Chart(fig, caption)


def year_on_year_changes(units: pd.DataFrame, title: str, caption: str, limit: int = CHART_UNITS) -> Chart:
    """Change of each unit's index against last year, in percentage points."""
    d = units.dropna(subset=["tang_diem"]).sort_values(["tang_diem", "ma_don_vi"], ascending=[False, True])
    if len(d) > limit:
        d = pd.concat([d.head(limit // 2), d.tail(limit // 2)])
    return _year_on_year_changes(d[["ten_don_vi", "tang_diem"]].reset_index(drop=True), title, caption)


@kept
def _year_on_year_changes(d: pd.DataFrame, title: str, caption: str) -> Chart:
    """The changes of the units shown (`d`, in order)."""
    fig, ax = plt.subplots(figsize=(WIDTH, 0.6 + 0.2 * max(len(d), 1)), layout="constrained")
    y = np.arange(len(d))[::-1]
    colours = ["#1a7f37" if v >= 0 else "#c0392b" for v in d["tang_diem"]]
    ax.barh(y, d["tang_diem"], color=colours, height=0.7)
    ax.set_yticks(y, d["ten_don_vi"])
    ax.axvline(0, color="#333333", lw=0.8)
    for yi, v in zip(y, d["tang_diem"]):
        ax.text(v + (0.1 if v >= 0 else -0.1), yi, fmt.dau(v), va="center", ha="left" if v >= 0 else "right",
                fontsize=7)
    span = max(1.0, float(np.nanmax(np.abs(d["tang_diem"]))) if len(d) else 1.0) * 1.25
    ax.set_xlim(-span, span)
    ax.xaxis.set_major_formatter(comma)
    ax.set_xlabel("Thay đổi Chỉ số so với năm trước (điểm phần trăm)")
    ax.set_title(title, loc="left")
    return Chart(fig, caption)


COMPARED = ("ty_le", "ty_le_trung_binh", "ty_le_cao_nhat")  # the three bars of an area, left to right


@dataclass
class _Bars:
    """A comparison chart's figure with its artists, filled in again for each unit (see comparison_bars)."""

    fig: Figure
    ax: plt.Axes
    bars: list  # one BarContainer per column of COMPARED
    values: list[plt.Text]  # the printed value above each of the first column's bars


@lru_cache(maxsize=8)
def _bars(areas: tuple[str, ...], labels: tuple[str, str, str]) -> _Bars:
    # A Figure, not pyplot's: nothing registers it, so it lives as long as this cache.
    fig = Figure(figsize=(WIDTH, 2.9))
    # Short labels (LV1 … LV8): fixed margins hold them, no layout pass or measuring.
    fig.subplots_adjust(left=0.085, right=0.99, top=0.9, bottom=0.2)
    ax = fig.add_subplot()
    x = np.arange(len(areas))
    bars = [ax.bar(x + offset, np.zeros(len(areas)), 0.27, label=label, color=colour)
            for offset, label, colour in zip((-0.27, 0, 0.27), labels, (ACCENT, "#9fc5e8", "#b7b7b7"))]
    values = [ax.text(xi - 0.27, 0, "", ha="center", fontsize=6.5) for xi in x]
    ax.set_xticks(x, [f"LV{m}" for m in areas])
    ax.yaxis.set_major_formatter(comma)
    ax.set_ylabel("% điểm tối đa")
    ax.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    return _Bars(fig, ax, bars, values)


def comparison_bars(areas: pd.DataFrame, labels: tuple[str, str, str], title: str, caption: str) -> Chart:
    """Per area, % of the maximum: this unit or province, the mean and the best of its peers.

    One chart in every unit report: the figure, its axes, ticks and legend are built once per process for
    each set of areas and only the bars, values, axis range and title are set for each unit (building
    it was half the chart's cost). The SVG is the same as from a new figure: tests/unit/report/test_charts.py.
    """
    d = areas.reset_index(drop=True)
    b = _bars(tuple(str(m) for m in d["ma"]), tuple(labels))
    for container, column in zip(b.bars, COMPARED):
        for rect, value in zip(container, d[column]):
            rect.set_height(value)
    for text, value in zip(b.values, d["ty_le"]):
        text.set_visible(not np.isnan(value))
        text.set_y(0 if np.isnan(value) else value + 0.4)
        text.set_text("" if np.isnan(value) else fmt.so(value, 0))
    # Near the data: on a 0–100 axis the differences of a few points that matter would not show.
    b.ax.set_ylim(axis_floor(pd.concat([d[c] for c in COMPARED]), step=10, margin=5), 103)
    # y given: the title is not moved clear of top tick labels (there are none), which measured the whole
    # axes at every save.
    b.ax.set_title(title, loc="left", y=1.0)
    return Chart(b.fig, caption, fixed=True)


def areas_vs_group(unit_areas: pd.DataFrame, title: str, caption: str) -> Chart:
    """One unit's % per area against the group's mean and best (per-unit report)."""
    return comparison_bars(unit_areas, ("Đơn vị", "Bình quân nhóm", "Cao nhất nhóm"), title, caption)


def unit_history(h, bands: Sequence[Band], caption: str) -> Chart:
    """A unit's history (history.UnitHistory): its index per year, a bar per year coloured by that year's band,
    this year's band minima dashed; a merged year shows each predecessor."""
    d = h.scored.reset_index(drop=True)
    labels = [str(n) if (d["nam"] == n).sum() == 1 else f"{n}\n{t}" for n, t in zip(d["nam"], d["ten_don_vi"])]
    fig, ax = plt.subplots(figsize=(WIDTH, 2.3))
    x = np.arange(len(d))
    ax.bar(x, d["chi_so"], 0.55, color=[band_colour(b, bands) for b in d["xep_loai"]])
    for xi, v in zip(x, d["chi_so"]):
        ax.text(xi, v + 0.4, fmt.so(v), ha="center", va="bottom", fontsize=7.5)
    low = max(0.0, (float(d["chi_so"].min()) // 10) * 10 - 10) if len(d) else 0.0
    ax.set_ylim(low, 102)
    for band in bands:
        if low < band.min < 100:
            ax.axhline(band.min, color="#999999", lw=0.6, ls="--")
            ax.text(len(d) - 0.45, band.min, band.name, fontsize=6.5, va="bottom", ha="right", color="#555555")
    ax.set_xticks(x, labels)
    ax.yaxis.set_major_formatter(comma)
    ax.set_ylabel("Chỉ số CCHC (%)")
    ax.set_title(f"{h.ten_don_vi}: Chỉ số CCHC qua các năm", loc="left")
    return Chart(fig, caption)
