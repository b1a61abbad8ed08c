"""dieu-tra-xhh.xlsx → survey points per unit and criterion (contract §6)."""
from __future__ import annotations

from pathlib import Path

from ..contract import SURVEY_FILE, TOLERANCE
from ..errors import Problem
from .cells import cell_ref, fold, normalise_code, parse_points, show
from .workbook import cell, read_first_sheet

SurveyPoints = dict[tuple[str, str], tuple[float, str]]  # (ma_don_vi, ma) → (points, nguon)


def read_survey(path: Path, unit_groups: dict[str, str], survey_max: dict[str, dict[str, float]],
                rel: str = SURVEY_FILE) -> tuple[SurveyPoints, list[Problem], list[Problem]]:
    """Survey points of every unit for its group's XHH leaves; errors and warnings.

    unit_groups maps ma_don_vi → nhom; survey_max maps nhom → {XHH code: max points}.
    """
    sheets, errors = read_first_sheet(path, rel)
    warnings: list[Problem] = []
    if not sheets:
        return {}, errors, warnings
    sheet = sheets[0]
    header_row = next((r for r, row in enumerate(sheet.rows[:10])
                       if any(isinstance(v, str) and fold(v) == "ma_don_vi" for v in row)), -1)
    if header_row < 0:
        return {}, errors + [Problem(rel, sheet.name, "", "COLUMN_MISSING", "thiếu cột ma_don_vi ở dòng tiêu đề")], \
            warnings
    header = sheet.rows[header_row]
    unit_col = next(c for c, v in enumerate(header) if isinstance(v, str) and fold(v) == "ma_don_vi")
    code_cols: dict[str, int] = {}
    all_xhh = {code for codes in survey_max.values() for code in codes}
    for c, value in enumerate(header):
        code = normalise_code(value) if c != unit_col else ""
        if code and code not in code_cols:
            code_cols[code] = c

    def err(r: int, c: int, code: str, message: str) -> None:
        errors.append(Problem(rel, sheet.name, cell_ref(r, c), code, message))

    points: SurveyPoints = {}
    seen: dict[str, int] = {}
    for r in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        unit = str(cell(row, unit_col) or "").strip()
        if not unit:
            if any(parse_points(v)[0] is not None for v in row):
                err(r, unit_col, "UNIT_ID_MISSING", "dòng có điểm nhưng thiếu ma_don_vi")
            continue
        if unit not in unit_groups:
            err(r, unit_col, "UNKNOWN_UNIT", f"đơn vị '{unit}' không có trong don-vi.xlsx")
            continue
        if unit in seen:
            err(r, unit_col, "DUPLICATE_UNIT", f"đơn vị {unit} trùng với dòng {seen[unit] + 1}")
            continue
        seen[unit] = r
        maxima = survey_max.get(unit_groups[unit], {})
        for code, c in code_cols.items():
            value = cell(row, c)
            if code not in maxima:
                if value is not None and code in all_xhh:
                    warnings.append(Problem(rel, sheet.name, cell_ref(r, c), "SURVEY_NOT_IN_GROUP",
                                            f"nhóm của {unit} không có tiêu chí XHH {code}; giá trị bị bỏ qua"))
                elif value is not None:
                    err(r, c, "UNKNOWN_CODE_WITH_SCORE", f"cột {code} không phải tiêu chí XHH nào trong bộ tiêu chí")
                continue
            value_points, reason = parse_points(value)
            if reason:
                err(r, c, "NOT_A_NUMBER", reason)
            elif value_points is None:
                err(r, c, "SURVEY_VALUE_MISSING", f"thiếu điểm điều tra tiêu chí {code} của {unit}")
            elif value_points < 0:
                err(r, c, "SCORE_NEGATIVE", f"điểm {show(value_points)} nhỏ hơn 0")
            elif value_points > maxima[code] + TOLERANCE:
                err(r, c, "SURVEY_ABOVE_MAX",
                    f"điểm điều tra {show(value_points)} lớn hơn điểm tối đa {show(maxima[code])} của tiêu chí {code}")
            else:
                points[(unit, code)] = (value_points, f"{rel}:{sheet.name}!{cell_ref(r, c)}")
    missing_cols = sorted({code for codes in survey_max.values() for code in codes} - set(code_cols))
    for code in missing_cols:
        groups = [g for g, codes in survey_max.items() if code in codes]
        if any(unit_groups[u] in groups for u in unit_groups):
            errors.append(Problem(rel, sheet.name, "", "SURVEY_COLUMN_MISSING", f"thiếu cột tiêu chí XHH {code}"))
    for unit, nhom in sorted(unit_groups.items()):
        if unit not in seen and survey_max.get(nhom):
            errors.append(Problem(rel, sheet.name, "", "SURVEY_UNIT_MISSING", f"thiếu dòng điều tra XHH của {unit}"))
    return points, errors, warnings
