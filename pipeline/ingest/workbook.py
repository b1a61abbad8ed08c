"""Turn a workbook into plain rows of cell values (calamine: fast, reads formulas' cached values)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import python_calamine as calamine

from ..contract import MAX_INPUT_BYTES, MAX_SHEET_ROWS
from ..errors import Problem
from .cells import fold


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rows[r][c] is cell (r, c), 0-based from A1; '' for empty


def read_sheets(path: Path, rel: str, first_only: bool = False) -> tuple[list[Sheet], list[Problem]]:
    """Every sheet (or only the first) of a workbook; a Problem instead when it can't be read."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return [], [Problem(rel, "", "", "FILE_MISSING", "không tìm thấy tệp")]
    if size > MAX_INPUT_BYTES:
        return [], [Problem(rel, "", "", "FILE_TOO_LARGE",
                            f"tệp {size // 1_000_000} MB vượt giới hạn {MAX_INPUT_BYTES // 1_000_000} MB")]
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        names = book.sheet_names[:1] if first_only else book.sheet_names
        sheets = []
        for name in names:
            ws = book.get_sheet_by_name(name)
            if ws.height > MAX_SHEET_ROWS:
                return [], [Problem(rel, name, "", "TOO_MANY_ROWS",
                                    f"trang tính có {ws.height} dòng, vượt giới hạn {MAX_SHEET_ROWS}")]
            sheets.append(Sheet(name, ws.to_python(skip_empty_area=False)))
    except Exception as exc:  # calamine raises several types for broken zips and XML
        detail = " ".join(str(exc).split())[:80]
        return [], [Problem(rel, "", "", "CORRUPT_FILE",
                            f"không mở được tệp Excel: tệp hỏng hoặc không phải .xlsx/.xls ({detail})")]
    if not sheets:
        return [], [Problem(rel, "", "", "CORRUPT_FILE", "tệp không có trang tính nào")]
    return sheets, []


def header_index(row: list[object], wanted: dict[str, set[str]]) -> dict[str, int]:
    """Map each meaning to the first column whose folded label is one of its spellings."""
    found: dict[str, int] = {}
    for col, value in enumerate(row):
        label = fold(value) if isinstance(value, str) else ""
        for meaning, spellings in wanted.items():
            if label in spellings and meaning not in found:
                found[meaning] = col
    return found


def simple_table(sheet: Sheet, rel: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
                 scan_rows: int = 10) -> tuple[dict[str, int], int, list[Problem]]:
    """Find the header row of a machine-made table (columns named exactly as in the contract).

    Returns the column of each name, the header's row index and problems. Names are
    matched folded, so 'Ma_don_vi ' still counts; the first row holding every required
    name wins.
    """
    wanted = {name: {fold(name)} for name in required + optional}
    for r, row in enumerate(sheet.rows[:scan_rows]):
        cols = header_index(row, wanted)
        if all(name in cols for name in required):
            return cols, r, []
    best = max((header_index(row, wanted) for row in sheet.rows[:scan_rows]), key=len, default={})
    missing = [name for name in required if name not in best]
    return {}, -1, [Problem(rel, sheet.name, "", "COLUMN_MISSING",
                            f"thiếu cột {', '.join(missing)} ở dòng tiêu đề")]


def cell(row: list[object], col: int | None) -> object:
    """The value at col, or None when the column is absent or the row is short."""
    if col is None or col >= len(row):
        return None
    value = row[col]
    return None if value == "" else value
