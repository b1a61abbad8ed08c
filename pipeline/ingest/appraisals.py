"""tham-dinh/<agency>.xlsx → the appraising agencies' scores, by unit and criterion (contract §12).

An agency's workbook (written by `make forms`, layout in docs/data-contract.md) has a sheet per group and a
row per unit and criterion: `Mã đơn vị`, `Mã tiêu chí`, `Điểm thẩm định lần 1`, optionally `Điểm thẩm định
lần 2` and notes. A filled score there is the unit's appraisal for that criterion; the unit's own sheet may
leave the appraisal blank or carry the same value (another value is APPRAISAL_CONFLICT, sheets.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..contract import APPRAISALS_DIR, APPRAISED, DEDUCTION, MAX_APPRAISAL_ROWS, TOLERANCE
from ..errors import Problem
from ..text import MAX_TEXT, inline, slug, too_long
from .cells import cell_ref, is_not_applicable, normalise_code, parse_points, show
from .sheets import header_label
from .workbook import cell, read_sheets

LABELS: dict[str, set[str]] = {
    "unit": {"ma don vi"},
    "code": {"ma tieu chi", "ma", "stt"},
    "appraisal": {"diem tham dinh lan 1", "diem tham dinh", "td1"},
    "appraisal2": {"diem tham dinh lan 2", "td2"},
    "note": {"ghi chu lan 1", "ghi chu"},
    "note2": {"ghi chu lan 2"},
}
SCAN_ROWS = 40


@dataclass(frozen=True)
class AgencyScore:
    """An agency's appraisal of one unit's criterion: points (the second round's when filled), or not
    applicable; where it was read."""

    points: float | None
    not_applicable: bool
    where: str  # file:sheet!cell
    note: str = ""


def agency_slugs(framework: pd.DataFrame) -> dict[str, str]:
    """File name (without .xlsx) of each appraising agency's workbook → the agency as the framework spells it."""
    names = sorted({a for a in framework["co_quan_tham_dinh"] if a})
    return {slug(a, "co-quan"): a for a in names}


def find_columns(rows: list[list[object]]) -> tuple[int, dict[str, int]]:
    """The header row of an agency sheet and each meaning's column; (-1, {}) when absent."""
    for r, row in enumerate(rows[:SCAN_ROWS]):
        cols: dict[str, int] = {}
        for c, value in enumerate(row):
            label = header_label(value)
            for meaning, spellings in LABELS.items():
                if label in spellings and meaning not in cols:
                    cols[meaning] = c
        if {"unit", "code", "appraisal"} <= set(cols):
            return r, cols
    return -1, {}


def read_appraisals(raw_dir: Path, framework: pd.DataFrame, unit_groups: dict[str, str]
                    ) -> tuple[dict[tuple[str, str], AgencyScore], list[Problem]]:
    """Every agency workbook under raw/<YEAR>/tham-dinh/: scores by (ma_don_vi, ma), and every problem."""
    folder = raw_dir / APPRAISALS_DIR
    if not folder.is_dir():
        return {}, []
    agencies = agency_slugs(framework)
    criteria = {(r.nhom, r.ma): r for r in framework.itertuples(index=False)}
    scores: dict[tuple[str, str], AgencyScore] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.xlsx")):
        if path.name.startswith(("~$", ".")):
            continue
        rel = f"{APPRAISALS_DIR}/{path.name}"
        agency = agencies.get(path.stem)
        if agency is None:
            problems.append(Problem(rel, "", "", "UNKNOWN_AGENCY",
                                    f"tên tệp '{path.stem}' không ứng với cơ quan thẩm định nào của bộ tiêu chí "
                                    f"(có: {', '.join(sorted(agencies))})"))
            continue
        sheets, found = read_sheets(path, rel, MAX_APPRAISAL_ROWS)
        problems += found
        read_any = False
        for sheet in sheets:
            header, cols = find_columns(sheet.rows)
            if header < 0:
                continue
            read_any = True
            problems += _read_sheet(sheet, rel, header, cols, agency, criteria, unit_groups, scores)
        if sheets and not read_any:
            problems.append(Problem(rel, "", "", "HEADER_NOT_FOUND",
                                    "không trang tính nào có dòng tiêu đề Mã đơn vị, Mã tiêu chí, Điểm thẩm định"))
    return scores, problems


def _read_sheet(sheet, rel: str, header: int, cols: dict[str, int], agency: str, criteria: dict,
                unit_groups: dict[str, str], scores: dict[tuple[str, str], AgencyScore]) -> list[Problem]:
    problems: list[Problem] = []

    def bad(r: int, meaning: str, code: str, message: str) -> None:
        problems.append(Problem(rel, sheet.name, cell_ref(r, cols[meaning]), code, message))

    for r in range(header + 1, len(sheet.rows)):
        row = sheet.rows[r]
        ma_don_vi = str(cell(row, cols["unit"]) or "").strip()
        ma = normalise_code(cell(row, cols["code"]))
        values = {m: cell(row, cols.get(m)) for m in ("appraisal", "appraisal2")}
        if not ma_don_vi and not ma:
            continue
        if ma_don_vi not in unit_groups:
            bad(r, "unit", "UNKNOWN_UNIT", f"không có đơn vị '{ma_don_vi}' trong don-vi.xlsx")
            continue
        criterion = criteria.get((unit_groups[ma_don_vi], ma))
        if criterion is None or not criterion.la or criterion.phuong_thuc != APPRAISED:
            bad(r, "code", "UNKNOWN_CODE", f"mã '{ma}' không phải tiêu chí thẩm định của nhóm "
                                           f"{unit_groups[ma_don_vi]} trong bộ tiêu chí")
            continue
        if criterion.co_quan_tham_dinh != agency:
            bad(r, "code", "NOT_THIS_AGENCY", f"tiêu chí {ma} do {criterion.co_quan_tham_dinh or '(không ghi)'} "
                                              f"thẩm định, không phải {agency}")
            continue
        if (ma_don_vi, ma) in scores:
            bad(r, "code", "DUPLICATE_CODE", f"đơn vị {ma_don_vi}, tiêu chí {ma} đã có ở "
                                             f"{scores[(ma_don_vi, ma)].where}")
            continue
        found: dict[str, tuple[float | None, bool]] = {}
        for meaning in ("appraisal", "appraisal2"):
            if meaning not in cols:
                continue
            value = values[meaning]
            if is_not_applicable(value):
                found[meaning] = (None, True)
                continue
            points, reason = parse_points(value)
            if reason:
                bad(r, meaning, "NOT_A_NUMBER", reason)
                continue
            if points is None:
                continue
            if criterion.loai == DEDUCTION:
                points = abs(points)
            elif points < 0:
                bad(r, meaning, "SCORE_NEGATIVE", f"điểm {show(points)} nhỏ hơn 0")
                continue
            if points > float(criterion.diem_toi_da) + TOLERANCE:
                bad(r, meaning, "SCORE_ABOVE_MAX",
                    f"điểm {show(points)} lớn hơn điểm tối đa {show(float(criterion.diem_toi_da))}")
                continue
            found[meaning] = (points, False)
        # The second round replaces the first only when filled (contract §5).
        meaning = "appraisal2" if "appraisal2" in found else "appraisal" if "appraisal" in found else None
        if meaning is None:
            continue  # not appraised yet: the unit's sheet decides
        points, mark = found[meaning]
        note_meaning = "note2" if meaning == "appraisal2" else "note"
        note = inline(cell(row, cols.get(note_meaning)) or "")
        if too_long(note, MAX_TEXT):
            bad(r, note_meaning, "TEXT_TOO_LONG", too_long(note, MAX_TEXT))
            continue
        scores[(ma_don_vi, ma)] = AgencyScore(points, mark, f"{rel}:{sheet.name}!{cell_ref(r, cols[meaning])}", note)
    return problems
