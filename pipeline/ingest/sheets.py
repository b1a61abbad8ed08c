"""One unit's scoring sheet → one row per leaf criterion, with provenance (contract §5)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..contract import APPRAISED, DEDUCTION, DIEM, NO_CHANGE, SCHEMAS, SURVEY, TOLERANCE
from ..errors import Problem
from ..text import MAX_TEXT, inline, too_long
from .cells import cell_ref, fold, is_not_applicable, normalise_code, parse_points, show
from .workbook import Sheet, cell, read_first_visible

# Known spellings of each column, folded (contract §5 table).
HEADER_LABELS: dict[str, set[str]] = {
    "code": {"stt", "ma", "ma tieu chi"},
    "text": {"noi dung", "linh vuc/tieu chi", "tieu chi"},
    "max": {"diem toi da"},
    "self": {"diem tu danh gia", "diem tu cham", "dtc"},
    "appraisal": {"diem tham dinh", "diem tham dinh lan 1", "td1"},
    "appraisal2": {"diem tham dinh lan 2", "td2"},
    "explanation": {"giai trinh"},
    "evidence": {"tai lieu kiem chung", "tlkc"},
    "note": {"ghi chu"},
}
REQUIRED = ("code", "self", "appraisal")
HEADER_SCAN_ROWS = 40
SCORE_COLUMNS = ("self", "appraisal", "appraisal2")
UNCOMPUTED = "ô chứa công thức chưa được tính; mở tệp bằng Excel và lưu lại"
DIEM_COLUMNS = SCHEMAS[DIEM]


@dataclass(frozen=True)
class Criterion:
    """What a sheet reader needs to know of one framework row."""

    ma: str
    diem_toi_da: float
    la: bool
    phuong_thuc: str
    loai: str


def header_label(value: object) -> str:
    return re.sub(r"\s*/\s*", "/", fold(value)).strip(" .:*") if isinstance(value, str) else ""


def find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]]:
    """The header row (found by its labels, not its position) and each meaning's column.

    Returns (-1, best partial match) when no row has all required labels.
    """
    best: tuple[int, dict[str, int]] = (-1, {})
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cols: dict[str, int] = {}
        for c, value in enumerate(row):
            label = header_label(value)
            for meaning, spellings in HEADER_LABELS.items():
                if label in spellings and meaning not in cols:
                    cols[meaning] = c
        if all(m in cols for m in REQUIRED):
            return r, cols
        if len(cols) > len(best[1]):
            best = (-1, cols)
    return best


def is_column_numbering(row: list[object]) -> bool:
    """The '(1) (2) (3) …' row some templates put under the header."""
    values = [str(v).strip().strip("()") for v in row if v != ""]
    numbers = [int(float(v)) for v in values if re.fullmatch(r"\d+(\.0)?", v)]
    return len(values) >= 3 and len(numbers) == len(values) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def read_scoring_sheet(path: Path, rel: str, ma_don_vi: str, criteria: dict[str, Criterion],
                       appraised: dict | None = None) -> tuple[list[dict], list[Problem], list[Problem]]:
    """Leaf rows of one unit (framework order), errors and warnings.

    The sheet read is the first visible one (contract §5 "the first sheet": what Excel shows on
    opening); a hidden sheet holding a scoring table is named in a warning, never read. When another
    visible sheet holds a scoring table too (a draft beside the real one), which of them is the unit's
    cannot be told from the file: the file is refused, naming them (docs/data-contract.md §12).
    appraised: the agencies' appraisals of this unit by criterion (appraisals.AgencyScore, contract §12).
    """
    sheet, others, text_errors = read_first_visible(path, rel, peek_rows=HEADER_SCAN_ROWS)
    if sheet is None:
        return [], text_errors, []
    tables = [o for o in others if find_header(o.rows)[0] >= 0]
    shown = [o.name for o in tables if not o.hidden]
    if shown and find_header(sheet.rows)[0] >= 0:
        names = ", ".join(f"'{n}'" for n in [sheet.name, *shown])
        return [], [Problem(rel, "", "", "MULTIPLE_SCORING_SHEETS",
                            f"tệp có {len(shown) + 1} trang tính đang hiển thị cùng chứa bảng chấm điểm ({names}): "
                            "không biết trang nào là bảng của đơn vị; xoá hoặc ẩn các trang nháp, chỉ để hiển thị "
                            "một trang chấm điểm")], []
    records, errors, warnings = parse_scoring_sheet(sheet, rel, ma_don_vi, criteria, appraised or {})
    if text_errors:
        records, errors = [], text_errors + errors
    ignored = [Problem(rel, h.name, "", "HIDDEN_SHEET_IGNORED",
                       f"trang tính bị ẩn có bảng chấm điểm nhưng không được đọc; điểm lấy từ trang tính "
                       f"'{sheet.name}' (trang tính hiển thị đầu tiên)")
               for h in tables if h.hidden]
    return records, errors, ignored + warnings


def parse_scoring_sheet(sheet: Sheet, rel: str, ma_don_vi: str, criteria: dict[str, Criterion],
                        appraised: dict | None = None) -> tuple[list[dict], list[Problem], list[Problem]]:
    errors: list[Problem] = []
    warnings: list[Problem] = []
    header_row, cols = find_header(sheet.rows)
    if header_row < 0:
        if "code" not in cols:
            errors.append(Problem(rel, sheet.name, "", "HEADER_NOT_FOUND",
                                  "không tìm thấy dòng tiêu đề (cần các cột STT/Mã, Điểm tự đánh giá, Điểm thẩm định)"))
        else:
            missing = {"self": "Điểm tự đánh giá", "appraisal": "Điểm thẩm định"}
            names = [label for m, label in missing.items() if m not in cols]
            errors.append(Problem(rel, sheet.name, "", "COLUMN_MISSING", f"thiếu cột {', '.join(names)}"))
        return [], errors, warnings

    def where(r: int, meaning: str) -> str:
        return cell_ref(r, cols[meaning])

    def err(r: int, meaning: str, code: str, message: str) -> None:
        errors.append(Problem(rel, sheet.name, where(r, meaning), code, message))

    def warn(r: int, meaning: str, code: str, message: str) -> None:
        warnings.append(Problem(rel, sheet.name, where(r, meaning), code, message))

    seen: dict[str, int] = {}
    leaf_rows: dict[str, dict] = {}
    typed_parent: list[tuple[int, str, str, float]] = []  # row, code, column meaning, typed value
    start = header_row + 1
    if start < len(sheet.rows) and is_column_numbering(sheet.rows[start]):
        start += 1
    for r in range(start, len(sheet.rows)):
        row = sheet.rows[r]
        raw_code = cell(row, cols["code"])
        ma = normalise_code(raw_code)
        values = {m: cell(row, cols.get(m)) for m in SCORE_COLUMNS}
        criterion = criteria.get(ma)
        if criterion is None:
            if any(parse_points(v)[0] is not None or is_not_applicable(v) for v in values.values()):
                err(r, "code", "UNKNOWN_CODE_WITH_SCORE",
                    f"dòng có điểm nhưng mã '{raw_code if raw_code is not None else ''}' không có trong bộ tiêu chí")
            continue
        if ma in seen:
            err(r, "code", "DUPLICATE_CODE", f"mã {ma} xuất hiện hai lần (dòng {seen[ma] + 1} và {r + 1})")
            continue
        seen[ma] = r
        if not criterion.la:
            for m in SCORE_COLUMNS:
                points, _ = parse_points(values[m])
                if points is not None:
                    typed_parent.append((r, ma, m, points))
            continue
        leaf_rows[ma] = read_leaf(r, row, criterion, values, cols, err, warn, sheet.uncomputed,
                                  ma in (appraised or {}))

    # Every appraised leaf must have its row; survey and deduction rows may be left out.
    for ma, criterion in criteria.items():
        if criterion.la and ma not in leaf_rows and criterion.phuong_thuc == APPRAISED and criterion.loai != DEDUCTION:
            errors.append(Problem(rel, sheet.name, "", "CRITERION_MISSING", f"thiếu dòng của tiêu chí {ma}"))
    errors += agency_conflicts(leaf_rows, appraised or {}, rel, sheet.name)
    if errors:
        return [], errors, warnings

    # Parent rows may hold typed sums; the leaves decide, a disagreement is only a warning.
    field = {"self": "tu_danh_gia", "appraisal": "tham_dinh_1", "appraisal2": "tham_dinh_2"}
    for r, ma, meaning, typed in typed_parent:
        prefix = ma + "."
        leaves = [v for k, v in leaf_rows.items() if k.startswith(prefix)
                  and criteria[k].phuong_thuc == APPRAISED and criteria[k].loai != DEDUCTION]
        if meaning == "appraisal2":
            parts = [(v["tham_dinh_2"] if v["tham_dinh_2"] is not None else v["tham_dinh_1"]) for v in leaves]
        else:
            parts = [v[field[meaning]] for v in leaves]
        total = sum(p or 0.0 for p in parts)
        if abs(typed - total) > NO_CHANGE:
            warn(r, meaning, "PARENT_SUM_MISMATCH",
                 f"dòng {ma} ghi {show(typed)} nhưng tổng các tiêu chí con là {show(total)}; dùng tổng các tiêu chí con")

    records = []
    for ma, criterion in criteria.items():
        if not criterion.la:
            continue
        leaf = leaf_rows.get(ma)
        record = leaf_record(ma_don_vi, criterion, leaf, rel, sheet.name)
        if appraised and ma in appraised:
            record = with_agency_score(record, criterion, appraised[ma])
        records.append(record)
    return records, errors, warnings


def sheet_appraisal(leaf: dict) -> tuple[float | str | None, str]:
    """What a unit's sheet says of a leaf's appraisal: points (TĐ2 when filled), 'KAD', or None; and its cell."""
    if leaf["appraisal_mark"]:
        return "KAD", leaf["appraisal_mark"]
    if leaf["tham_dinh_2"] is not None:
        return leaf["tham_dinh_2"], leaf["cells"]["appraisal2"]
    if leaf["tham_dinh_1"] is not None:
        return leaf["tham_dinh_1"], leaf["cells"]["appraisal"]
    return None, ""


def agency_conflicts(leaf_rows: dict[str, dict], appraised: dict, rel: str, sheet: str) -> list[Problem]:
    """APPRAISAL_CONFLICT where a unit's sheet carries an appraisal other than its agency's (contract §12)."""
    problems = []
    for ma, score in appraised.items():
        leaf = leaf_rows.get(ma)
        if leaf is None:
            continue
        own, where = sheet_appraisal(leaf)
        theirs = "KAD" if score.not_applicable else score.points
        if own is None:
            continue
        same = own == theirs if isinstance(own, str) or isinstance(theirs, str) else abs(own - theirs) <= TOLERANCE
        if not same:
            problems.append(Problem(rel, sheet, where, "APPRAISAL_CONFLICT",
                                    f"điểm thẩm định tiêu chí {ma} ghi {own if isinstance(own, str) else show(own)} "
                                    f"nhưng bảng thẩm định của cơ quan ({score.where}) ghi "
                                    f"{theirs if isinstance(theirs, str) else show(theirs)}; bảng của cơ quan thẩm "
                                    "định là nguồn chính thức: xoá hoặc sửa một trong hai ô"))
    return problems


def with_agency_score(record: dict, criterion: Criterion, score) -> dict:
    """A leaf's diem.csv row with its appraisal taken from the agency's workbook (contract §12)."""
    record = dict(record)
    if score.not_applicable:
        record.update(ap_dung=False, tu_danh_gia=None, tham_dinh=None, diem=0.0, nguon=score.where)
        return record
    record.update(ap_dung=True, tham_dinh=score.points, nguon=score.where,
                  diem=-score.points if criterion.loai == DEDUCTION else score.points)
    if score.note and not record.get("ghi_chu"):
        record["ghi_chu"] = score.note
    return record


def read_leaf(r: int, row: list[object], criterion: Criterion, values: dict[str, object], cols: dict[str, int],
              err, warn, uncomputed: frozenset[str] = frozenset(), appraised_elsewhere: bool = False) -> dict:
    """Judge the score cells of one leaf row (uncomputed: cells whose formula has no cached value;
    appraised_elsewhere: an agency's workbook holds this leaf's appraisal)."""
    leaf = {"row": r, "ap_dung": True, "tu_danh_gia": None, "tham_dinh_1": None, "tham_dinh_2": None,
            "cells": {m: cell_ref(r, cols[m]) for m in SCORE_COLUMNS if m in cols},
            "giai_trinh": _text(cell(row, cols.get("explanation"))),
            "ghi_chu": _text(cell(row, cols.get("note"))),
            "tai_lieu": _text(cell(row, cols.get("evidence"))),
            # the cell of an appraisal written KAD, for APPRAISAL_CONFLICT
            "appraisal_mark": next((cell_ref(r, cols[m]) for m in ("appraisal2", "appraisal")
                                    if m in cols and is_not_applicable(values[m])), "")}
    for meaning, key in (("explanation", "giai_trinh"), ("note", "ghi_chu"), ("evidence", "tai_lieu")):
        if too_long(leaf[key], MAX_TEXT):
            err(r, meaning, "TEXT_TOO_LONG", too_long(leaf[key], MAX_TEXT))
            leaf[key] = ""
    if any(is_not_applicable(values[m]) for m in ("self", "appraisal")):
        leaf["ap_dung"] = False
        return leaf
    if criterion.phuong_thuc == SURVEY:
        if any(parse_points(v)[0] is not None for v in values.values()):
            warn(r, "self", "SURVEY_ROW_SCORED",
                 f"tiêu chí {criterion.ma} lấy điểm từ điều tra XHH; điểm ghi trong bảng bị bỏ qua")
        return leaf
    if "max" in cols:
        typed_max, _ = parse_points(cell(row, cols["max"]))
        if typed_max is not None and abs(typed_max - criterion.diem_toi_da) > TOLERANCE:
            warn(r, "max", "MAX_MISMATCH",
                 f"điểm tối đa ghi {show(typed_max)}, bộ tiêu chí quy định {show(criterion.diem_toi_da)}")
    unread = False  # a score cell holds a formula with no value: its points are unknown, not 0
    for meaning, key in (("self", "tu_danh_gia"), ("appraisal", "tham_dinh_1"), ("appraisal2", "tham_dinh_2")):
        if meaning not in cols:
            continue
        if values[meaning] is None and leaf["cells"][meaning] in uncomputed:
            err(r, meaning, "FORMULA_NOT_COMPUTED", UNCOMPUTED)
            unread = True
            continue
        points, reason = parse_points(values[meaning])
        if reason:
            err(r, meaning, "NOT_A_NUMBER", reason)
            continue
        if points is None:
            continue
        if criterion.loai == DEDUCTION:
            points = abs(points)  # sheets write deductions as 1 or as -1
        elif points < 0:
            err(r, meaning, "SCORE_NEGATIVE", f"điểm {show(points)} nhỏ hơn 0")
            continue
        if points > criterion.diem_toi_da + TOLERANCE:
            err(r, meaning, "SCORE_ABOVE_MAX",
                f"điểm {show(points)} lớn hơn điểm tối đa {show(criterion.diem_toi_da)}")
            continue
        leaf[key] = points
    if (not unread and not appraised_elsewhere and criterion.loai != DEDUCTION and leaf["tham_dinh_1"] is None
            and leaf["tham_dinh_2"] is None and leaf["tu_danh_gia"] is not None):
        warn(r, "appraisal", "APPRAISAL_MISSING",
             f"tiêu chí {criterion.ma} có điểm tự đánh giá nhưng chưa có điểm thẩm định; tính 0 điểm")
    return leaf


def leaf_record(ma_don_vi: str, criterion: Criterion, leaf: dict | None, rel: str, sheet: str) -> dict:
    """The diem.csv row of one leaf (contract §9); survey points are filled in later."""
    record = {"ma_don_vi": ma_don_vi, "ma": criterion.ma, "phuong_thuc": criterion.phuong_thuc,
              "ap_dung": True, "diem_toi_da": criterion.diem_toi_da, "tu_danh_gia": None, "tham_dinh": None,
              "xhh": None, "diem": 0.0, "nguon": "", "loai": criterion.loai, "giai_trinh": "", "ghi_chu": ""}
    if leaf is None:  # a survey or deduction row the sheet left out
        return record
    record.update(ap_dung=leaf["ap_dung"], giai_trinh=leaf["giai_trinh"], ghi_chu=leaf["ghi_chu"],
                  tai_lieu=leaf["tai_lieu"])  # (tai_lieu: for the appraisal workbooks, not a diem.csv column)
    if not leaf["ap_dung"] or criterion.phuong_thuc == SURVEY:
        record["nguon"] = f"{rel}:{sheet}!{leaf['cells']['self']}" if not leaf["ap_dung"] else ""
        return record
    second = leaf["tham_dinh_2"] is not None  # TĐ2 replaces TĐ1 only when filled (contract §5)
    tham_dinh = leaf["tham_dinh_2"] if second else leaf["tham_dinh_1"]
    record["tu_danh_gia"] = leaf["tu_danh_gia"]
    record["tham_dinh"] = tham_dinh if tham_dinh is not None else 0.0
    record["nguon"] = f"{rel}:{sheet}!{leaf['cells']['appraisal2' if second else 'appraisal']}"
    record["diem"] = -record["tham_dinh"] if criterion.loai == DEDUCTION else record["tham_dinh"]
    return record


def _text(value: object) -> str:
    return "" if value is None else inline(value)



def criteria_of(framework: pd.DataFrame) -> dict[str, dict[str, Criterion]]:
    """Per group, the Criterion of every code, in framework order."""
    out: dict[str, dict[str, Criterion]] = {}
    for row in framework.itertuples(index=False):
        out.setdefault(row.nhom, {})[row.ma] = Criterion(row.ma, float(row.diem_toi_da or 0.0), bool(row.la),
                                                          row.phuong_thuc, row.loai)
    return out
