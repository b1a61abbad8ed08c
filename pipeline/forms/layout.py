"""Where things go on a form: rows of the framework, columns, formulas and their cached values (pure)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..contract import APPRAISED, DEDUCTION, FORM_STEPS, SURVEY

# Columns of a unit's form (0-based), and their header labels: spellings the scoring-sheet reader knows
# (contract §5), so a returned form is an ordinary cham-diem/ sheet.
UNIT_COLUMNS = ("code", "text", "max", "method", "agency", "self", "evidence", "explanation", "appraisal",
                "appraisal2")
UNIT_LABELS = {"code": "Mã tiêu chí", "text": "Nội dung", "max": "Điểm tối đa", "method": "Phương thức",
               "agency": "Cơ quan thẩm định", "self": "Điểm tự đánh giá", "evidence": "Tài liệu kiểm chứng",
               "explanation": "Giải trình", "appraisal": "Điểm thẩm định lần 1", "appraisal2": "Điểm thẩm định lần 2"}
UNIT_WIDTHS = {"code": 8, "text": 52, "max": 8, "method": 10, "agency": 16, "self": 10, "evidence": 28,
               "explanation": 28, "appraisal": 10, "appraisal2": 10}
# The rows above the table: title, unit, code and group, deadline; then four totals; then the header.
SUMMARY_ROW = 5  # first of the four total rows (0-based)
HEADER_ROW = 10
FIRST_ROW = HEADER_ROW + 1

# An agency's appraisal workbook: one sheet per group, one row per unit and criterion it appraises.
AGENCY_COLUMNS = ("unit", "unit_name", "code", "text", "max", "self", "evidence", "explanation", "appraisal",
                  "note", "appraisal2", "note2")
AGENCY_LABELS = {"unit": "Mã đơn vị", "unit_name": "Tên đơn vị", "code": "Mã tiêu chí", "text": "Nội dung",
                 "max": "Điểm tối đa", "self": "Điểm tự đánh giá", "evidence": "Tài liệu kiểm chứng",
                 "explanation": "Giải trình", "appraisal": "Điểm thẩm định lần 1", "note": "Ghi chú lần 1",
                 "appraisal2": "Điểm thẩm định lần 2", "note2": "Ghi chú lần 2"}
AGENCY_WIDTHS = {"unit": 18, "unit_name": 24, "code": 8, "text": 44, "max": 8, "self": 10, "evidence": 24,
                 "explanation": 24, "appraisal": 11, "note": 20, "appraisal2": 11, "note2": 20}
AGENCY_HEADER_ROW = 4
NOT_APPLICABLE_MARK = "KAD"


@dataclass(frozen=True)
class FormRow:
    """One framework row as a form prints it."""

    ma: str
    noi_dung: str
    diem_toi_da: float
    phuong_thuc: str
    co_quan_tham_dinh: str
    deduction: bool
    la: bool
    cap: int
    children: tuple[str, ...]

    @property
    def scored_by_unit(self) -> bool:
        """A leaf the unit scores itself: appraised (TĐ), deductions included."""
        return self.la and self.phuong_thuc == APPRAISED

    @property
    def survey(self) -> bool:
        return self.la and self.phuong_thuc == SURVEY


def form_rows(group: pd.DataFrame) -> list[FormRow]:
    """The framework rows of one group, in framework order, with each parent's direct children."""
    children: dict[str, list[str]] = {}
    for ma, parent in zip(group["ma"], group["ma_cha"]):
        if parent:
            children.setdefault(parent, []).append(ma)
    return [FormRow(r.ma, r.noi_dung, float(r.diem_toi_da or 0.0), r.phuong_thuc or "", r.co_quan_tham_dinh or "",
                    r.loai == DEDUCTION, bool(r.la), int(r.cap), tuple(children.get(r.ma, ())))
            for r in group.sort_values("thu_tu").itertuples(index=False)]


def score_step(maxima: list[float], chosen: float | None = None) -> float:
    """The step of a score: dataset.yml's, else the largest usual step of which every maximum is a multiple."""
    if chosen:
        return chosen
    for step in FORM_STEPS:
        if all(abs(m / step - round(m / step)) < 1e-9 for m in maxima):
            return step
    return FORM_STEPS[-1]


def number_vi(x: float) -> str:
    """2.25 → '2,25'; 3.0 → '3' (Vietnamese decimal comma, for messages)."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def validation_formula(ref: str, maximum: float | str, step: float) -> str:
    """Excel custom validation: a number from 0 to the maximum (a number, or the cell holding it) in whole
    steps, or KAD (not applicable)."""
    top = f"{maximum:g}" if isinstance(maximum, (int, float)) else maximum
    return (f'=OR(AND(ISNUMBER({ref}),{ref}>=0,{ref}<={top},'
            f'ABS({ref}/{step:g}-ROUND({ref}/{step:g},0))<0.000001),{ref}="{NOT_APPLICABLE_MARK}")')


def input_message(maximum: float | None, step: float) -> str:
    """The note Excel shows on a score cell (at most 255 characters); maximum None: the row's own."""
    top = number_vi(maximum) if maximum is not None else "điểm tối đa của dòng"
    example = number_vi(min(maximum, step * 2)) if maximum is not None else number_vi(step * 2)
    return (f"Nhập số từ 0 đến {top}, theo bước {number_vi(step)} (vd. {example})."
            f" Để trống nếu chưa chấm; ghi {NOT_APPLICABLE_MARK} nếu tiêu chí không áp dụng với đơn vị.")


def error_message(maximum: float | None, step: float) -> str:
    top = number_vi(maximum) if maximum is not None else "điểm tối đa của dòng"
    return (f"Điểm phải là số từ 0 đến {top} và là bội của {number_vi(step)}, "
            f"hoặc {NOT_APPLICABLE_MARK} (không áp dụng).")


def parent_sums(rows: list[FormRow], scores: dict[str, float | str | None]) -> dict[str, float]:
    """Cached value of each non-deduction parent: the sum of its direct children (text such as KAD and
    survey leaves count 0, as Excel's SUM does)."""
    by_code = {r.ma: r for r in rows}
    sums: dict[str, float] = {}
    for row in sorted(rows, key=lambda r: -r.cap):
        if row.la or row.deduction:
            continue
        total = 0.0
        for child in row.children:
            c = by_code[child]
            value = sums.get(child, 0.0) if not c.la else scores.get(child)
            total += value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
        sums[row.ma] = round(total, 6)
    return sums


def unit_totals(rows: list[FormRow], scores: dict[str, float | str | None], group_max: float
                ) -> tuple[float, float, float, float]:
    """The four totals above the table: maximum that applies, self-score before deductions, deductions,
    self-score (cached values of their formulas)."""
    sums = parent_sums(rows, scores)
    areas = [r for r in rows if r.cap == 1 and not r.deduction]
    # (a deduction's maximum is not part of the unit's maximum, KAD or not: contract §3)
    not_applicable = sum(r.diem_toi_da for r in rows if r.la and not r.deduction and is_mark(scores.get(r.ma)))
    before = round(sum(sums.get(r.ma, 0.0) for r in areas), 6)
    deductions = round(sum(v for r in rows if r.la and r.deduction
                           for v in [scores.get(r.ma)] if isinstance(v, (int, float))), 6)
    return round(group_max - not_applicable, 6), before, deductions, round(before - deductions, 6)


def is_mark(value: object) -> bool:
    return isinstance(value, str) and value.strip().upper() == NOT_APPLICABLE_MARK


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (row heights are not computed by Excel
    on opening)."""
    return max(1, math.ceil(len(text) * 1.1 / max(width, 1.0)))

