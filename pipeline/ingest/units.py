"""don-vi.xlsx → the units being assessed (contract §4)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..contract import DATASET_FILE, SCHEMAS, UNITS, UNITS_FILE
from ..errors import Problem
from ..text import MAX_NAME, inline, same_text, too_long
from .cells import cell_ref
from .workbook import cell, read_first_sheet, simple_table

UNIT_COLUMNS = SCHEMAS[UNITS]
UNIT_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")  # group codes (framework.py): lower case only
# A unit's code is an ASCII id (contract §4), capitals allowed; it names the unit's sheet and its reports'
# files, so two codes that differ only in case (so-a, SO-A) would be one file on Windows and macOS: refused.
UNIT_CODE = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")


def read_units(path: Path, groups: list[str], rel: str = UNITS_FILE) -> tuple[pd.DataFrame, list[Problem]]:
    """Units with their group and parent, checked against the framework's groups."""
    sheets, text_problems = read_first_sheet(path, rel)
    if not sheets:
        return pd.DataFrame(columns=UNIT_COLUMNS), text_problems
    sheet = sheets[0]
    cols, header_row, problems = simple_table(sheet, rel, ("ma_don_vi", "ten_don_vi", "nhom"), ("don_vi_cap_tren",))
    if problems:
        return pd.DataFrame(columns=UNIT_COLUMNS), text_problems + problems
    problems = text_problems

    def bad(r: int, c: int, code: str, message: str) -> None:
        problems.append(Problem(rel, sheet.name, cell_ref(r, c), code, message))

    units: list[dict] = []
    seen: dict[str, int] = {}
    folded: dict[str, tuple[str, int]] = {}  # lower-cased code → (code, row)
    parent_cells: list[tuple[int, str]] = []
    names: dict[tuple[str, str, str], tuple[str, int]] = {}  # (group, parent, name as compared) → (code, row)
    for r in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if all(v == "" for v in row):
            continue
        ma = str(cell(row, cols["ma_don_vi"]) or "").strip()
        if not UNIT_CODE.fullmatch(ma):
            bad(r, cols["ma_don_vi"], "BAD_UNIT_ID",
                f"mã đơn vị '{ma}' phải là chữ không dấu, số và gạch nối (vd. so-tu-phap)")
            continue
        if ma in seen:
            bad(r, cols["ma_don_vi"], "DUPLICATE_UNIT", f"mã đơn vị {ma} trùng với dòng {seen[ma] + 1}")
            continue
        if ma.lower() in folded:
            other = folded[ma.lower()]
            bad(r, cols["ma_don_vi"], "UNIT_ID_CASE_CLASH",
                f"mã đơn vị {ma} chỉ khác {other[0]} (dòng {other[1] + 1}) ở chữ hoa, chữ thường: trên Windows hai mã "
                "này là cùng một tệp; đặt mã khác hẳn")
            continue
        seen[ma] = r
        folded[ma.lower()] = (ma, r)
        nhom = str(cell(row, cols["nhom"]) or "").strip()
        if nhom not in groups:
            bad(r, cols["nhom"], "UNKNOWN_GROUP",
                f"nhóm '{nhom}' không có trong bo-tieu-chi.xlsx (có: {', '.join(groups)})")
        ten = inline(cell(row, cols["ten_don_vi"]) or "")
        parent = str(cell(row, cols.get("don_vi_cap_tren")) or "").strip()
        if not ten:
            bad(r, cols["ten_don_vi"], "NAME_MISSING", f"đơn vị {ma} thiếu tên")
        elif too_long(ten, MAX_NAME):
            bad(r, cols["ten_don_vi"], "NAME_TOO_LONG", f"tên đơn vị {ma} {too_long(ten, MAX_NAME)}")
        elif (nhom, parent, same_text(ten)) in names:
            other_ma, other_r = names[(nhom, parent, same_text(ten))]
            bad(r, cols["ten_don_vi"], "DUPLICATE_NAME",
                f"tên '{ten}' của đơn vị {ma} trùng tên đơn vị {other_ma} (dòng {other_r + 1}) cùng nhóm"
                + (f", cùng đơn vị cấp trên {parent}" if parent else "") + ": báo cáo không phân biệt được hai đơn vị")
        else:
            names[(nhom, parent, same_text(ten))] = (ma, r)
        if parent:
            parent_cells.append((r, parent))
        units.append({"ma_don_vi": ma, "ten_don_vi": ten, "nhom": nhom, "don_vi_cap_tren": parent})
    for r, parent in parent_cells:
        if parent not in seen:
            bad(r, cols["don_vi_cap_tren"], "UNKNOWN_PARENT", f"đơn vị cấp trên '{parent}' không có trong danh sách")
    if not units:
        problems.append(Problem(rel, sheet.name, "", "NO_UNITS", "không có đơn vị nào"))
    return pd.DataFrame(units, columns=UNIT_COLUMNS), problems


def unit_codes(path: Path) -> set[str]:
    """The unit codes of a don-vi.xlsx, without judging it (an earlier year's: its own run judged it);
    empty when it can't be read."""
    sheets, _ = read_first_sheet(path, UNITS_FILE)
    if not sheets:
        return set()
    cols, header_row, problems = simple_table(sheets[0], UNITS_FILE, ("ma_don_vi",))
    if problems:
        return set()
    return {str(v).strip() for row in sheets[0].rows[header_row + 1:]
            if (v := cell(row, cols["ma_don_vi"])) is not None and str(v).strip()}


def code_changes_against_units(changes: dict[str, str], current: set[str], earlier: set[str] | None
                               ) -> list[Problem]:
    """`unit_code_changes` against the units: each new code is a unit of this year, each old code a unit of an
    earlier year under raw/ (not checked when none is there: earlier=None)."""
    problems = []
    for old, new in sorted(changes.items()):
        if new not in current:
            problems.append(Problem(DATASET_FILE, "", "", "UNKNOWN_UNIT",
                                    f"unit_code_changes: {old}: {new}: mã mới {new} không có trong {UNITS_FILE} năm nay"))
        if earlier is not None and old not in earlier:
            problems.append(Problem(DATASET_FILE, "", "", "UNKNOWN_UNIT",
                                    f"unit_code_changes: {old}: {new}: mã cũ {old} không có trong {UNITS_FILE} của "
                                    "các năm trước"))
    return problems
