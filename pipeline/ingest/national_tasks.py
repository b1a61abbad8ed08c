"""quoc-gia/nhiem-vu.csv (or .xlsx): the province's own catalogue of national tasks (contract §12), optional.

One row per criterion code of chi-tiet-tinh.xlsx: `ma`, `nhiem_vu` (the task), and optionally `chi_tieu` (a
measurable target), `co_quan_chu_tri` (the lead agency the province assigns) and `co_quan_phoi_hop` (the
coordinating agencies). A row given for a criterion with components applies to each of its components that has
no row of its own. Every problem is collected, naming the file, sheet and cell: a missing column, a blank code
or task, a code that is malformed, repeated, or not one of chi-tiet-tinh.xlsx, a file given twice (CSV and
workbook). The CSV is UTF-8 (a BOM allowed), comma- or semicolon-separated (Excel under Vietnamese settings).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..contract import MAX_INPUT_BYTES, NATIONAL_DIR, NATIONAL_TASK_COLUMNS, NATIONAL_TASKS_FILES
from ..errors import Problem
from ..files import refuse_reading
from .cells import cell_ref, normalise_code
from ..text import MAX_TEXT, too_long
from .workbook import Sheet, cell, clean_texts, read_first_sheet, simple_table

REQUIRED = ("ma", "nhiem_vu")
OPTIONAL = tuple(c for c in NATIONAL_TASK_COLUMNS if c not in REQUIRED)


def catalogue_path(raw_dir: Path) -> list[Path]:
    """The catalogue files present under raw_dir/quoc-gia/ (none, one, or both spellings)."""
    return [raw_dir / NATIONAL_DIR / name for name in NATIONAL_TASKS_FILES if (raw_dir / NATIONAL_DIR / name).exists()]


def empty_catalogue() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in NATIONAL_TASK_COLUMNS})


def read_catalogue(raw_dir: Path, codes: set[str] | None) -> tuple[pd.DataFrame, list[Problem]]:
    """The catalogue's rows (empty frame without one) and every problem found.

    codes: the criterion codes of chi-tiet-tinh.xlsx, or None when that file could not be read (then codes are
    not checked against it: its own problems say why)."""
    paths = catalogue_path(raw_dir)
    if not paths:
        return empty_catalogue(), []
    if len(paths) > 1:
        rels = [f"{NATIONAL_DIR}/{p.name}" for p in paths]
        return empty_catalogue(), [Problem(rels[1], "", "", "DUPLICATE_FILE",
                                           f"danh mục nhiệm vụ có hai tệp ({' và '.join(rels)}): giữ một tệp")]
    path = paths[0]
    rel = f"{NATIONAL_DIR}/{path.name}"
    if path.suffix == ".csv":
        sheet, problems = _csv_sheet(path, rel)
    else:
        sheets, problems = read_first_sheet(path, rel)
        sheet = sheets[0] if sheets else None
    if sheet is None:
        return empty_catalogue(), problems
    cols, header, table_problems = simple_table(sheet, rel, REQUIRED, OPTIONAL)
    problems = problems + table_problems  # after the cells whose characters can't be printed (removed, so the
    if table_problems:                    # rows are still checked in the same pass)
        return empty_catalogue(), problems
    sheet_name = sheet.name  # a CSV's is its file name, as Excel shows it
    rows, seen = [], {}
    for r in range(header + 1, len(sheet.rows)):
        values = {name: cell(sheet.rows[r], c) for name, c in cols.items()}
        if all(v is None or not str(v).strip() for v in values.values()):
            continue

        def bad(column: str, code: str, message: str) -> None:
            problems.append(Problem(rel, sheet_name, cell_ref(r, cols[column]), code, message))

        raw = values["ma"]
        code = normalise_code(raw)
        task = _text(values["nhiem_vu"])
        if raw is None or not str(raw).strip():
            bad("ma", "VALUE_MISSING", "thiếu mã tiêu chí (ma)")
        elif not code:
            bad("ma", "BAD_CODE", f"mã tiêu chí '{raw}' không hợp lệ (ví dụ hợp lệ: 1.2, 1.2.3)")
        elif code in seen:
            bad("ma", "DUPLICATE_CODE", f"mã {code} trùng với dòng {seen[code] + 1}; mỗi tiêu chí một dòng")
        elif codes is not None and code not in codes:
            bad("ma", "UNKNOWN_CODE", f"không có tiêu chí {code} trong chi-tiet-tinh.xlsx")
        if not task:
            bad("nhiem_vu", "VALUE_MISSING", f"thiếu nhiệm vụ (nhiem_vu) của tiêu chí {code or raw or ''}".rstrip())
        for column in ("nhiem_vu", *OPTIONAL):
            if column in cols and too_long(_text(values.get(column)), MAX_TEXT):
                bad(column, "TEXT_TOO_LONG", too_long(_text(values.get(column)), MAX_TEXT))
        if code and code not in seen:
            seen[code] = r
            rows.append({"ma": code, "nhiem_vu": task, **{c: _text(values.get(c)) for c in OPTIONAL}})
    if problems:
        return empty_catalogue(), problems
    return pd.DataFrame(rows, columns=list(NATIONAL_TASK_COLUMNS)), []


def _text(value: object) -> str:
    """A cell as one line of text: runs of spaces and line breaks become one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _csv_sheet(path: Path, rel: str) -> tuple[Sheet | None, list[Problem]]:
    """The CSV as a sheet of text cells (row r is the file's line r + 1, as Excel shows it)."""
    refused = refuse_reading(path, MAX_INPUT_BYTES)
    if refused:
        return None, [Problem(rel, "", "", *refused)]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(rel, "", "", "CORRUPT_FILE", "tệp phải lưu dạng UTF-8")]
    first = text.lstrip("\r\n").partition("\n")[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[object]] = []
    start = 1  # the file line the next record starts on
    for values in reader:
        while len(rows) < start - 1:  # after a quoted field spanning lines: rows stay the file's lines
            rows.append([])
        rows.append([v.strip() for v in values])
        start = reader.line_num + 1
    return Sheet(path.stem, rows), clean_texts(rows, rel, path.stem)  # NFC, no control characters
