"""bo-tieu-chi.xlsx → the criteria tree of each unit group (contract §3)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..contract import APPRAISED, DEDUCTION, DEFAULT_GROUP_MAX, FRAMEWORK, FRAMEWORK_FILE, METHODS, SCHEMAS, TOLERANCE
from ..errors import Problem
from ..text import MAX_NAME, MAX_TEXT, inline, too_long
from .cells import cell_ref, fold, normalise_code, parent_code, parse_points, show
from .units import UNIT_ID
from .workbook import Sheet, cell, read_sheets, simple_table

FRAMEWORK_COLUMNS = SCHEMAS[FRAMEWORK]


def read_framework(path: Path, group_max: dict[str, float] | None = None,
                   rel: str = FRAMEWORK_FILE) -> tuple[pd.DataFrame, list[Problem]]:
    """All groups' criteria, one row per code, in sheet order; plus every problem found."""
    sheets, problems = read_sheets(path, rel)
    frames = []
    for sheet in sheets:
        frame, found = parse_group(sheet, rel, (group_max or {}).get(sheet.name.strip(), DEFAULT_GROUP_MAX))
        problems += found
        frames.append(frame)
    framework = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FRAMEWORK_COLUMNS)
    return framework, problems


def parse_group(sheet: Sheet, rel: str, group_max: float) -> tuple[pd.DataFrame, list[Problem]]:
    """One sheet of the framework → rows of that group, checked (contract §3 rules)."""
    nhom = sheet.name.strip()
    cols, header_row, problems = simple_table(
        sheet, rel, ("ma", "noi_dung", "diem_toi_da", "phuong_thuc"), ("co_quan_tham_dinh", "loai"))
    if not UNIT_ID.fullmatch(nhom):  # the group code names folders and files of the outputs
        problems.append(Problem(rel, sheet.name, "", "BAD_GROUP_CODE",
                                f"tên trang tính '{sheet.name}' là mã nhóm: chỉ dùng chữ thường không dấu, số, "
                                "'-' hoặc '_' (ví dụ so, huyen, xa)"))
    if problems:
        return pd.DataFrame(columns=FRAMEWORK_COLUMNS), problems

    def bad(r: int, c: int, code: str, message: str) -> None:
        problems.append(Problem(rel, sheet.name, cell_ref(r, c), code, message))

    rows: list[dict] = []
    where: dict[str, tuple[int, int]] = {}  # code → (row, column of diem_toi_da), for messages
    for r in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        raw_code = cell(row, cols["ma"])
        if raw_code is None and all(v == "" for v in row):
            continue
        ma = normalise_code(raw_code)
        if not ma:
            bad(r, cols["ma"], "BAD_CODE", f"mã tiêu chí '{raw_code}' không hợp lệ")
            continue
        if ma in where:
            bad(r, cols["ma"], "DUPLICATE_CODE", f"mã {ma} trùng với dòng {where[ma][0] + 1}")
            continue
        max_points, reason = parse_points(cell(row, cols["diem_toi_da"]))
        if reason:
            bad(r, cols["diem_toi_da"], "NOT_A_NUMBER", reason)
        elif max_points is not None and max_points < 0:
            bad(r, cols["diem_toi_da"], "SCORE_NEGATIVE", "điểm tối đa không được âm")
        loai_text = fold(cell(row, cols.get("loai")) or "").replace(" ", "_")
        if loai_text not in ("", DEDUCTION):
            bad(r, cols["loai"], "BAD_TYPE", f"loại '{cell(row, cols['loai'])}' không hợp lệ (để trống hoặc diem_tru)")
        where[ma] = (r, cols["diem_toi_da"])
        noi_dung = inline(cell(row, cols["noi_dung"]) or "")
        agency = inline(cell(row, cols.get("co_quan_tham_dinh")) or "")
        if too_long(noi_dung, MAX_TEXT):
            bad(r, cols["noi_dung"], "TEXT_TOO_LONG", too_long(noi_dung, MAX_TEXT))
        if too_long(agency, MAX_NAME):
            bad(r, cols["co_quan_tham_dinh"], "NAME_TOO_LONG", too_long(agency, MAX_NAME))
        rows.append({
            "nhom": nhom, "ma": ma, "noi_dung": noi_dung,
            "diem_toi_da": max_points, "phuong_thuc_raw": cell(row, cols["phuong_thuc"]),
            "co_quan_tham_dinh": agency,
            "loai": loai_text, "thu_tu": len(rows),
        })
    if not rows:
        problems.append(Problem(rel, sheet.name, "", "EMPTY_GROUP", f"nhóm {nhom} không có tiêu chí nào"))
        return pd.DataFrame(columns=FRAMEWORK_COLUMNS), problems

    by_code = {row["ma"]: row for row in rows}
    children: dict[str, list[str]] = {}
    for row in rows:
        parent = parent_code(row["ma"])
        row["ma_cha"] = parent
        row["cap"] = row["ma"].count(".") + 1
        row["linh_vuc"] = row["ma"].split(".")[0]
        if parent and parent not in by_code:
            r, _ = where[row["ma"]]
            bad(r, cols["ma"], "ORPHAN_CODE", f"mã {row['ma']} không có mục cha {parent}")
        children.setdefault(parent, []).append(row["ma"])

    # Leaves: method and deduction placement. Parents: computed when blank, else checked.
    for row in rows:
        r, c = where[row["ma"]]
        row["la"] = row["ma"] not in children
        method = fold(row.pop("phuong_thuc_raw") or "")
        if row["la"]:
            if row["diem_toi_da"] is None:
                bad(r, c, "MAX_MISSING", f"tiêu chí {row['ma']} thiếu điểm tối đa")
            if row["loai"] == DEDUCTION:
                row["phuong_thuc"] = APPRAISED  # deductions are found by appraisal
            elif method in METHODS:
                row["phuong_thuc"] = METHODS[method]
            else:
                row["phuong_thuc"] = ""
                bad(r, cols["phuong_thuc"], "BAD_METHOD",
                    f"phương thức của tiêu chí {row['ma']} phải là TĐ hoặc XHH")
        else:
            row["phuong_thuc"] = ""
    for row in _bottom_up(rows):
        if row["la"]:
            continue
        total = sum(by_code[k]["diem_toi_da"] or 0.0 for k in children[row["ma"]])
        if row["diem_toi_da"] is None:
            row["diem_toi_da"] = total
        elif abs(row["diem_toi_da"] - total) > TOLERANCE:
            r, c = where[row["ma"]]
            bad(r, c, "MAX_SUM_MISMATCH",
                f"điểm tối đa của {row['ma']} là {show(row['diem_toi_da'])}, tổng các mục con là {show(total)}")
    for area in children.get("", []):
        leaves = [row for row in rows if row["linh_vuc"] == area and row["la"]]
        kinds = {row["loai"] == DEDUCTION for row in leaves}
        if len(kinds) > 1:
            r, _ = where[area]
            bad(r, cols["ma"], "DEDUCTION_PLACEMENT",
                f"lĩnh vực {area} trộn tiêu chí điểm trừ với tiêu chí thường; điểm trừ phải thuộc lĩnh vực riêng")
        if kinds == {True}:
            for row in rows:
                if row["linh_vuc"] == area:
                    row["loai"] = DEDUCTION
    total = sum(by_code[a]["diem_toi_da"] or 0.0 for a in children.get("", []) if by_code[a]["loai"] != DEDUCTION)
    if abs(total - group_max) > TOLERANCE:
        problems.append(Problem(rel, sheet.name, "", "GROUP_TOTAL",
                                f"tổng điểm tối đa các lĩnh vực của nhóm {nhom} là {show(total)}, phải bằng {show(group_max)}"))
    return pd.DataFrame(rows)[FRAMEWORK_COLUMNS], problems


def _bottom_up(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: -row["cap"])



def leaves(framework: pd.DataFrame) -> pd.DataFrame:
    return framework[framework["la"]]


def groups(framework: pd.DataFrame) -> list[str]:
    """Group codes in workbook order."""
    return list(dict.fromkeys(framework["nhom"]))
