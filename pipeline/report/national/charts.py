"""Charts of the national report."""
from __future__ import annotations

import textwrap
from typing import Sequence

import numpy as np
import pandas as pd

from .. import fmt
from ..charts import WIDTH, Chart, kept, plt

BAR = "#9dc3e6"  # light bars: the dark labels above them stay readable
RANK_COLOURS = ["#1f4e79", "#c0392b", "#2e7d32", "#7b1fa2"]
UP, DOWN = "#2e7d32", "#c0392b"


@kept
def trend(trend: pd.DataFrame, segments: Sequence[pd.DataFrame], title: str, caption: str) -> Chart:
    """Index (bars, upper panel) and rank (lower panel, 1 on top) over the years. Each segment (a run of
    years with the same number of provinces and areas, analysis.trend_segments) is its own line: a rank
    out of 63 is never joined to one out of 34; a dashed rule marks each break. `Chart.plotted` keeps the
    (year, rank, provinces) of every line drawn, for tests."""
    years = trend["nam"].tolist()
    x = {y: i for i, y in enumerate(years)}
    fig, (top, low) = plt.subplots(2, 1, figsize=(WIDTH, 4.2), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    bars = top.bar(range(len(years)), trend["chi_so"], 0.55, color=BAR)
    for bar, v in zip(bars, trend["chi_so"]):
        top.text(bar.get_x() + bar.get_width() / 2, v - 0.8, fmt.so(v), ha="center", va="top", fontsize=8)
    top.plot(range(len(years)), trend["trung_binh"], color="#555555", linestyle="none", marker="_", markersize=22,
             markeredgewidth=1.5, label="Trung bình cả nước")
    top.set_ylim(max(0, min(trend["chi_so"].min(), trend["trung_binh"].min()) - 8), 100)
    top.set_ylabel("Chỉ số (%)")
    top.legend(loc="upper left", fontsize=7.5, frameon=False)
    top.set_title(title, loc="left")
    plotted = []
    for k, seg in enumerate(segments):
        xs = [x[y] for y in seg["nam"]]
        colour = RANK_COLOURS[k % len(RANK_COLOURS)]
        low.plot(xs, seg["xep_hang"], color=colour, marker="o",
                 label=f"Xếp hạng trong {seg['so_tinh'].iloc[0]} tỉnh, thành phố")
        for xi, r, n in zip(xs, seg["xep_hang"], seg["so_tinh"]):
            low.annotate(f"{r}/{n}", (xi, r), textcoords="offset points", xytext=(0, 7), ha="center",
                         color=colour, fontsize=8)
        plotted.append([(int(y), int(r), int(n)) for y, r, n in zip(seg["nam"], seg["xep_hang"], seg["so_tinh"])])
        if k:
            for ax in (top, low):
                ax.axvline(xs[0] - 0.5, color="#888888", linestyle="--", linewidth=0.8)
    worst = int(trend["xep_hang"].max())
    low.set_ylim(worst + max(4, worst * 0.15), -max(4, worst * 0.15))
    low.set_ylabel("Thứ hạng")
    low.set_xticks(range(len(years)), [str(y) for y in years])
    low.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=7.5, frameon=False, ncol=2)
    chart = Chart(fig, caption)
    chart.plotted = plotted
    return chart


@kept
def area_deviation(areas: pd.DataFrame, title: str, caption: str) -> Chart:
    """The province's points minus the national mean per area (green above, red below), labels outside."""
    d = areas.iloc[::-1]
    fig, ax = plt.subplots(figsize=(WIDTH, 0.8 + 0.42 * len(d)))
    y = np.arange(len(d))
    values = d["chenh_lech"].to_numpy(dtype=float)
    ax.barh(y, values, 0.6, color=[UP if v >= 0 else DOWN for v in values])
    span = max(abs(values).max(), 0.1)
    for yi, v in zip(y, values):
        ax.text(v + (0.02 if v >= 0 else -0.02) * span * 5, yi, fmt.dau(v), va="center",
                ha="left" if v >= 0 else "right", fontsize=8)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(-span * 1.35, span * 1.35)
    ax.set_yticks(y, ["\n".join(textwrap.wrap(t, 38)) for t in d["ten"]])
    ax.set_xlabel("Điểm của tỉnh trừ điểm trung bình cả nước")
    # A tick at 0,25 is labelled 0,25 (one decimal would print it 0,3 half-up: a value it is not).
    ax.xaxis.set_major_formatter(plt.FuncFormatter(
        lambda v, _: fmt.so(v, 1) if fmt.rounded(v, 1) == fmt.rounded(v, 2) else fmt.so(v, 2)))
    ax.set_title(title, loc="left")
    return Chart(fig, caption)
