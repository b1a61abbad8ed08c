"""Charts of the national report."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .. import fmt
from ..charts import ACCENT, WIDTH, Chart, comma, comparison_bars, plt


def trend(years: Sequence[int], index: Sequence[float], ranks: Sequence[int], totals: Sequence[int],
          title: str, caption: str) -> Chart:
    """Index (bars) and rank (line, inverted axis) over the years (national report)."""
    fig, ax = plt.subplots(figsize=(WIDTH, 2.8))
    x = np.arange(len(years))
    ax.bar(x, index, 0.5, color=ACCENT)
    for xi, v in zip(x, index):
        ax.text(xi, v + 0.3, fmt.so(v), ha="center", fontsize=8)
    ax.set_ylim(max(0, min(index) - 10), 100)
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_ylabel("Chỉ số (%)")
    ax.yaxis.set_major_formatter(comma)
    ax2 = ax.twinx()
    ax2.plot(x, ranks, color="#c0392b", marker="o")
    for xi, r, t in zip(x, ranks, totals):
        ax2.annotate(f"{r}/{t}", (xi, r), textcoords="offset points", xytext=(12, 4), color="#c0392b", fontsize=8)
    ax2.set_ylim(max(totals) + 1, 0)
    ax2.set_ylabel("Thứ hạng (1 = cao nhất)", color="#c0392b")
    ax2.spines["right"].set_visible(True)
    ax.set_title(title, loc="left")
    return Chart(fig, caption)


def national_areas(areas: pd.DataFrame, title: str, caption: str) -> Chart:
    """The province's % per national area against the national mean and the best province."""
    return comparison_bars(areas, ("Tỉnh", "Trung bình cả nước", "Cao nhất cả nước"), title, caption)
