"""`make check`: validate a year's inputs without building reports, and write a return list per unit and
per agency whose files have problems (OUTPUT_DIR/<YEAR>/tra-lai/<ma>.xlsx), plus one summary line each."""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from .. import contract
from ..config import Settings
from ..errors import InputError, Problem, sort_key
from ..files import recover_dir, staging_dir, swap_dir
from ..ingest.framework import read_framework
from ..ingest.units import read_units
from ..ingest.year import read_inputs
from ..text import slug

GENERAL = "dau-vao-chung"  # problems of the province's own files (framework, units, survey, corrections)
# What a clerk should find in the cell instead, by problem code; others: the message says it.
EXPECTED = {
    "SCORE_ABOVE_MAX": "một số từ 0 đến điểm tối đa của tiêu chí",
    "SCORE_NEGATIVE": "một số không âm",
    "NOT_A_NUMBER": "một số (vd. 1,5), KAD, hoặc để trống",
    "CRITERION_MISSING": "đủ các dòng của bộ tiêu chí: dùng lại biểu mẫu gốc, không xoá dòng",
    "DUPLICATE_CODE": "mỗi tiêu chí một dòng",
    "UNKNOWN_CODE_WITH_SCORE": "điểm chỉ ghi ở dòng có mã tiêu chí của bộ tiêu chí",
    "HEADER_NOT_FOUND": "trang tính đầu tiên là trang “Chấm điểm” của biểu mẫu, giữ nguyên dòng tiêu đề",
    "COLUMN_MISSING": "giữ nguyên các cột của biểu mẫu",
    "APPRAISAL_CONFLICT": "ô điểm thẩm định trong bảng của đơn vị để trống hoặc bằng điểm của cơ quan thẩm định",
    "FORMULA_NOT_COMPUTED": "mở tệp bằng Excel rồi lưu lại",
    "SHEET_MISSING": "tệp cham-diem/<mã đơn vị>.xlsx của đơn vị",
    "UNKNOWN_UNIT": "mã đơn vị có trong don-vi.xlsx",
    "UNKNOWN_CODE": "mã tiêu chí thẩm định của nhóm đơn vị",
    "NOT_THIS_AGENCY": "chỉ các tiêu chí do cơ quan thẩm định",
    "APPRAISAL_MISSING": "điểm thẩm định của tiêu chí",
    "PARENT_SUM_MISMATCH": "tổng các tiêu chí con",
    "MULTIPLE_SCORING_SHEETS": "chỉ một trang chấm điểm đang hiển thị: xoá hoặc ẩn các trang nháp",
    "BAD_CHARACTER": "văn bản thường: gõ lại ô, hoặc dán dạng văn bản thuần",
    "TEXT_TOO_LONG": "nội dung ngắn hơn (tóm tắt; tài liệu dài gửi kèm)",
    "EMPTY_FILE": "tệp Excel có nội dung: chép lại tệp từ bản gốc",
}
LEVELS = {"error": "Lỗi", "warning": "Cảnh báo"}


@dataclass(frozen=True)
class Addressee:
    """Who a problem goes back to: a unit (its sheet), an agency (its workbook), or the province's own files."""

    ma: str
    kind: str  # "don-vi", "co-quan-tham-dinh", "chung"


def addressee(problem: Problem) -> Addressee:
    folder, _, name = problem.file.partition("/")
    if folder == contract.SHEETS_DIR and name:
        return Addressee(Path(name).stem, "don-vi")
    if folder == contract.APPRAISALS_DIR and name:
        return Addressee(Path(name).stem, "co-quan-tham-dinh")
    return Addressee(GENERAL, "chung")


def expected(problem: Problem) -> str:
    return EXPECTED.get(problem.code, "xem nội dung lỗi")


def return_list(title: str, year: int, items: list[tuple[str, Problem]]) -> bytes:
    """One addressee's return list (xlsx): file, sheet, cell, level, code, what is wrong, what is expected."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties({"title": title, "author": "par-index", "created": dt.datetime(year, 1, 1)})
    ws = book.add_worksheet("Tra lai")
    bold = book.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 13})
    head = book.add_format({"bold": True, "border": 1, "text_wrap": True, "bg_color": "#E2EFDA",
                            "font_name": "Times New Roman"})
    body = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_name": "Times New Roman"})
    ws.write(0, 0, title, bold)
    ws.write(1, 0, f"Năm đánh giá {year}: sửa các ô dưới đây rồi gửi lại tệp.")
    labels = ("Tệp", "Trang tính", "Ô", "Mức độ", "Mã lỗi", "Nội dung", "Yêu cầu")
    widths = (28, 14, 7, 9, 22, 60, 40)
    for c, (label, width) in enumerate(zip(labels, widths)):
        ws.set_column(c, c, width)
        ws.write(3, c, label, head)
    for r, (level, p) in enumerate(items, start=4):
        for c, value in enumerate((p.file, p.sheet, p.cell, LEVELS[level], p.code, p.message, expected(p))):
            ws.write_string(r, c, value, body)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(3)
    book.close()
    return buffer.getvalue()


def collect(settings: Settings, workers: int | None = None) -> tuple[list[Problem], list[Problem]]:
    """Every error and warning of the year's inputs, nothing written."""
    try:
        processed, _ = read_inputs(settings.raw_dir, settings.year, workers)
    except InputError as exc:
        return exc.problems, list(getattr(exc, "warnings", []))
    return [], list(processed.warnings) if processed else []


def check_year(settings: Settings, workers: int | None = None) -> tuple[list[str], int]:
    """Write tra-lai/ (swapped in whole) and return the summary lines and the number of errors."""
    errors, warnings = collect(settings, workers)
    by_whom: dict[Addressee, list[tuple[str, Problem]]] = {}
    for level, found in (("error", errors), ("warning", warnings)):
        for p in found:
            by_whom.setdefault(addressee(p), []).append((level, p))
    names = _names(settings)
    final = settings.report_dir / contract.RETURNS_DIR
    recover_dir(final)
    staging = staging_dir(final)
    summary, rows = [], []
    try:
        order = {"don-vi": 0, "co-quan-tham-dinh": 1, "chung": 2}
        for who in sorted(set(names) | set(by_whom), key=lambda a: (order[a.kind], a.ma)):
            items = sorted(by_whom.get(who, []), key=lambda item: (item[0] != "error", sort_key(item[1])))
            n_err = sum(1 for level, _ in items if level == "error")
            n_warn = len(items) - n_err
            name = names.get(who, "các tệp chung của Sở Nội vụ" if who.kind == "chung" else who.ma)
            tep = ""
            if items:
                tep = return_file(who)
                (staging / tep).parent.mkdir(parents=True, exist_ok=True)
                (staging / tep).write_bytes(return_list(f"DANH SÁCH TRẢ LẠI: {name}", settings.year, items))
                summary.append(f"{who.ma} ({name}): {n_err} lỗi, {n_warn} cảnh báo → "
                               f"{settings.report_dir / contract.RETURNS_DIR / tep}")
            else:
                summary.append(f"{who.ma} ({name}): đạt")
            rows.append([who.kind, who.ma, name, n_err, n_warn, f"{contract.RETURNS_DIR}/{tep}" if tep else ""])
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["loai", "ma", "ten", "loi", "canh_bao", "tep"])
        w.writerows(rows)
        (staging / contract.RETURNS_SUMMARY).write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
        swap_dir(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return summary, len(errors)


def return_file(who: Addressee) -> str:
    """Under tra-lai/: a unit's list by its code, an agency's under tham-dinh/ (an agency and a unit may share
    a code: Sở Tư pháp is both)."""
    return f"{contract.APPRAISALS_DIR}/{who.ma}.xlsx" if who.kind == "co-quan-tham-dinh" else f"{who.ma}.xlsx"


def _names(settings: Settings) -> dict[Addressee, str]:
    """Printed names of the units and appraising agencies (as far as don-vi.xlsx and the framework read)."""
    framework, _ = read_framework(settings.raw_dir / contract.FRAMEWORK_FILE)
    units, _ = read_units(settings.raw_dir / contract.UNITS_FILE, sorted(set(framework.get("nhom", []))))
    names = {Addressee(ma, "don-vi"): ten for ma, ten in zip(units["ma_don_vi"], units["ten_don_vi"])}
    if (settings.raw_dir / contract.APPRAISALS_DIR).is_dir() and len(framework):
        for agency in sorted({a for a in framework["co_quan_tham_dinh"] if a}):
            s = slug(agency, "co-quan")
            if (settings.raw_dir / contract.APPRAISALS_DIR / f"{s}.xlsx").exists():
                names[Addressee(s, "co-quan-tham-dinh")] = agency
    return names
