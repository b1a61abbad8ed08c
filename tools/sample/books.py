"""Small pieces every sample writer uses: a workbook with fixed metadata, points split in quarters."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

FIXED_CREATED = dt.datetime(2024, 1, 1)  # workbook metadata: no clock time in files


def split_points(total: float, weights: list[float], step: float = 0.25) -> list[float]:
    """Split total into parts proportional to weights, each a multiple of step; exact sum."""
    parts = [round(total * w / sum(weights) / step) * step for w in weights[:-1]]
    parts.append(round(total - sum(parts), 6))
    return parts


def new_book(path: Path) -> xlsxwriter.Workbook:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED_CREATED, "author": "Sở Nội vụ (dữ liệu mẫu)"})
    return book
