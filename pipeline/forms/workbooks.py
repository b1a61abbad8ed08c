"""The form workbooks themselves (XlsxWriter): a unit's scoring form and an agency's appraisal workbook.

Each formula is written with its computed value, so a form returned without being opened in Excel still
reads (contract §12: "a formula saved without its computed value is an error")."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..contract import FORM_HELP_SHEET, FORM_SHEET, METHOD_NAMES
from ..files import fixed_zip
from . import layout
from .layout import (AGENCY_COLUMNS, AGENCY_HEADER_ROW, AGENCY_LABELS, AGENCY_WIDTHS, FIRST_ROW, HEADER_ROW,
                     NOT_APPLICABLE_MARK, SUMMARY_ROW, UNIT_COLUMNS, UNIT_LABELS, UNIT_WIDTHS, FormRow, number_vi)

POINTS = "[$-42A]0.00"  # Vietnamese locale: 2,25 where the reader's settings allow
DEDUCTION_LABEL = "Điểm trừ"  # the method column of a deduction row (the maximum's formula leaves them out)
HELP_WIDTH = 80  # characters: one column that fits A4 portrait
GREY, INPUT, SURVEY_FILL, NA_FILL, HEAD = "#D9D9D9", "#FFF2CC", "#DDEBF7", "#EDEDED", "#E2EFDA"


@dataclass(frozen=True)
class FormText:
    """What every form of the year prints beyond the framework."""

    year: int
    province: str
    agency: str  # the issuing agency (Sở Nội vụ)
    send_to: str
    deadline: dt.date | None
    rounds: int
    step: float
    group_names: dict[str, str] = field(default_factory=dict)

    def deadline_text(self) -> str:
        return (f"{self.deadline:%d/%m/%Y}" if self.deadline
                else "theo văn bản hướng dẫn của " + self.agency)


def _book(buffer: io.BytesIO, year: int, title: str) -> xlsxwriter.Workbook:
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    # A fixed creation date: the same inputs give the same bytes.
    book.set_properties({"title": title, "author": "par-index", "created": dt.datetime(year, 1, 1)})
    return book


def _formats(book: xlsxwriter.Workbook) -> dict[str, object]:
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter", "border": 1}
    f = {
        "title": book.add_format({"font_name": "Times New Roman", "bold": True, "font_size": 13, "align": "center"}),
        "line": book.add_format({"font_name": "Times New Roman", "font_size": 11}),
        "bold": book.add_format({"font_name": "Times New Roman", "font_size": 11, "bold": True}),
        "head": book.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": HEAD}),
        "sum_label": book.add_format({**base, "bold": True}),
        "sum_value": book.add_format({**base, "bold": True, "num_format": POINTS}),
    }
    for level, bold in (("area", True), ("parent", True), ("leaf", False)):
        f[f"code_{level}"] = book.add_format({**base, "bold": bold, "align": "center"})
        f[f"text_{level}"] = book.add_format({**base, "bold": bold, "text_wrap": True})
        f[f"num_{level}"] = book.add_format({**base, "bold": bold, "num_format": POINTS, "align": "center"})
    f["small"] = book.add_format({**base, "align": "center", "text_wrap": True, "font_size": 10})
    f["input_num"] = book.add_format({**base, "num_format": POINTS, "align": "center", "locked": False,
                                      "bg_color": INPUT})
    f["input_text"] = book.add_format({**base, "text_wrap": True, "locked": False, "bg_color": INPUT,
                                       "num_format": "@"})
    f["locked_num"] = book.add_format({**base, "num_format": POINTS, "align": "center", "bg_color": GREY})
    f["locked_text"] = book.add_format({**base, "text_wrap": True, "bg_color": GREY})
    f["survey"] = book.add_format({**base, "align": "center", "bg_color": SURVEY_FILL, "font_size": 9})
    f["na"] = book.add_format({**base, "align": "center", "bg_color": NA_FILL, "italic": True})
    f["help"] = book.add_format({"font_name": "Times New Roman", "font_size": 12, "text_wrap": True,
                                 "valign": "top"})
    f["help_bold"] = book.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True,
                                      "text_wrap": True, "valign": "top"})
    return f


def _print_setup(ws, header_row: int, landscape: bool = True) -> None:
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(header_row)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&CTrang &P/&N")


def _protect(ws) -> None:
    # No password: the lock keeps the framework from being typed over, not a unit from its own file.
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True, "autofilter": True, "sort": False})


def unit_form(text: FormText, rows: list[FormRow], group_max: float, ma_don_vi: str, ten_don_vi: str,
              nhom: str, not_applicable: frozenset[str] = frozenset()) -> bytes:
    """One unit's self-assessment form (xlsx bytes): identity and framework locked, inputs for self-score,
    evidence and explanation; parents and totals as formulas with their values."""
    buffer = io.BytesIO()
    book = _book(buffer, text.year, f"Bảng tự đánh giá Chỉ số CCHC năm {text.year}: {ten_don_vi}")
    f = _formats(book)
    ws = book.add_worksheet(FORM_SHEET)
    columns = [c for c in UNIT_COLUMNS if text.rounds == 2 or c != "appraisal2"]
    col = {name: i for i, name in enumerate(columns)}
    for name, i in col.items():
        ws.set_column(i, i, UNIT_WIDTHS[name])
    last = len(columns) - 1

    # Identity (locked, like everything not an input).
    ws.merge_range(0, 0, 0, last, f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {text.year}",
                   f["title"])
    ws.merge_range(1, 0, 1, last, f"Đơn vị: {ten_don_vi}", f["title"])
    ws.write(2, 0, f"Mã đơn vị: {ma_don_vi}; nhóm: {text.group_names.get(nhom, nhom)} ({nhom})", f["line"])
    ws.write(3, 0, f"Hạn gửi: {text.deadline_text()}; nơi nhận: {text.send_to}", f["line"])

    # The table: framework rows, then the four totals above it refer to them.
    ws.set_row(HEADER_ROW, 32)
    for name, i in col.items():
        ws.write(HEADER_ROW, i, UNIT_LABELS[name], f["head"])
    row_of = {r.ma: FIRST_ROW + i for i, r in enumerate(rows)}
    scores: dict[str, float | str | None] = {ma: NOT_APPLICABLE_MARK for ma in not_applicable}
    sums = layout.parent_sums(rows, scores)
    self_col = col["self"]
    for row in rows:
        r = row_of[row.ma]
        level = "leaf" if row.la else ("area" if row.cap == 1 else "parent")
        ws.write_string(r, col["code"], row.ma, f[f"code_{level}"])
        ws.write_string(r, col["text"], row.noi_dung, f[f"text_{level}"])
        ws.write_number(r, col["max"], row.diem_toi_da, f[f"num_{level}"])
        method = (DEDUCTION_LABEL if row.deduction else METHOD_NAMES.get(row.phuong_thuc, "")) if row.la else ""
        ws.write_string(r, col["method"], method, f["small"])
        ws.write_string(r, col["agency"], row.co_quan_tham_dinh if row.la else "", f["small"])
        lines = layout.text_lines(row.noi_dung, UNIT_WIDTHS["text"])
        if lines > 1:
            ws.set_row(r, 15 * lines)
        appraisal_cols = [col["appraisal"]] + ([col["appraisal2"]] if "appraisal2" in col else [])
        if not row.la:
            if row.deduction:
                ws.write_blank(r, self_col, None, f[f"num_{level}"])
            else:
                cells = ",".join(xl_rowcol_to_cell(row_of[c], self_col) for c in row.children)
                ws.write_formula(r, self_col, f"=SUM({cells})", f[f"num_{level}"], sums[row.ma])
            for c in (col["evidence"], col["explanation"], *appraisal_cols):
                ws.write_blank(r, c, None, f[f"num_{level}"])
        elif row.ma in not_applicable:
            ws.write_string(r, self_col, NOT_APPLICABLE_MARK, f["na"])
            ws.write_string(r, col["appraisal"], NOT_APPLICABLE_MARK, f["na"])
            for c in (col["evidence"], col["explanation"], *appraisal_cols[1:]):
                ws.write_blank(r, c, None, f["na"])
        elif row.survey:
            for c in (self_col, col["evidence"], col["explanation"], *appraisal_cols):
                ws.write_blank(r, c, None, f["survey"])
        else:
            ws.write_blank(r, self_col, None, f["input_num"])
            ws.write_blank(r, col["evidence"], None, f["input_text"])
            ws.write_blank(r, col["explanation"], None, f["input_text"])
            for c in appraisal_cols:
                ws.write_blank(r, c, None, f["locked_num"])
            ref = xl_rowcol_to_cell(r, self_col)
            ws.data_validation(r, self_col, r, self_col, {
                "validate": "custom", "value": layout.validation_formula(ref, row.diem_toi_da, text.step),
                "ignore_blank": True, "input_title": f"Tiêu chí {row.ma}"[:32],
                "input_message": layout.input_message(row.diem_toi_da, text.step)[:255],
                "error_title": "Điểm không hợp lệ", "error_message": layout.error_message(row.diem_toi_da, text.step)[:255]})

    # Totals above the table (outside it: the reader ignores rows above the header).
    first, end = FIRST_ROW, FIRST_ROW + len(rows) - 1
    rng = lambda c: f"{xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(end, c)}"  # noqa: E731
    areas = [r for r in rows if r.cap == 1 and not r.deduction]
    deductions = [r for r in rows if r.la and r.deduction]
    maximum, before, minus, total = layout.unit_totals(rows, scores, group_max)
    label_col, value_col = col["text"], col["max"]
    formulas = [
        ("Tổng điểm tối đa áp dụng với đơn vị",
         f'={group_max:g}-SUMIFS({rng(col["max"])},{rng(self_col)},"{NOT_APPLICABLE_MARK}",'
         f'{rng(col["method"])},"<>{DEDUCTION_LABEL}")', maximum),
        ("Tổng điểm tự đánh giá các lĩnh vực",
         "=" + ("+".join(xl_rowcol_to_cell(row_of[a.ma], self_col) for a in areas) or "0"), before),
        ("Điểm trừ (tự đánh giá)",
         "=" + (f"SUM({','.join(xl_rowcol_to_cell(row_of[d.ma], self_col) for d in deductions)})" if deductions
                else "0"), minus),
        ("Tổng điểm tự đánh giá sau điểm trừ",
         f"={xl_rowcol_to_cell(SUMMARY_ROW + 1, value_col)}-{xl_rowcol_to_cell(SUMMARY_ROW + 2, value_col)}", total),
    ]
    for i, (label, formula, value) in enumerate(formulas):
        ws.write_string(SUMMARY_ROW + i, label_col, label, f["sum_label"])
        ws.write_formula(SUMMARY_ROW + i, value_col, formula, f["sum_value"], value)

    ws.freeze_panes(FIRST_ROW, 2)
    _print_setup(ws, HEADER_ROW)
    ws.print_area(0, 0, end, last)
    _protect(ws)
    _help_sheet(book, f, text, unit_help(text, ten_don_vi))
    ws.activate()
    book.close()
    return buffer.getvalue()


def unit_help(text: FormText, ten_don_vi: str) -> list[tuple[str, bool]]:
    """The instructions sheet of a unit's form: (line, bold)."""
    return [
        (f"HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC NĂM {text.year}", True),
        (f"Đơn vị: {ten_don_vi}", True),
        (f"Hạn gửi: {text.deadline_text()}. Nơi nhận: {text.send_to}.", True),
        ("1. Chấm điểm trên trang tính “Chấm điểm”. Chỉ các ô màu vàng được nhập: Điểm tự đánh giá, "
         "Tài liệu kiểm chứng (số, ký hiệu văn bản hoặc đường dẫn) và Giải trình.", False),
        (f"2. Điểm tự đánh giá là số từ 0 đến điểm tối đa của tiêu chí, theo bước {number_vi(text.step)} "
         "điểm; dùng dấu phẩy thập phân theo cài đặt của máy (vd. 0,5). Ô để trống là chưa chấm.", False),
        (f"3. Tiêu chí ghi sẵn “{NOT_APPLICABLE_MARK}” (màu xám nhạt) không áp dụng với đơn vị và không tính "
         f"vào điểm tối đa. Tiêu chí khác không áp dụng: ghi {NOT_APPLICABLE_MARK} và giải trình lý do.", False),
        ("4. Các dòng lĩnh vực, tiêu chí và các dòng tổng ở đầu bảng tự tính; không sửa. Tiêu chí “Điều tra XHH” "
         "(màu xanh) lấy điểm từ điều tra xã hội học, đơn vị không chấm.", False),
        ("5. Điểm trừ: ghi số điểm bị trừ (số dương) nếu đơn vị thuộc trường hợp bị trừ điểm; không thì để trống.",
         False),
        ("6. Cột Điểm thẩm định do cơ quan thẩm định ghi; đơn vị không ghi vào các cột này.", False),
        ("7. Không đổi tên tệp, không thêm, xoá hay đổi thứ tự dòng, cột và trang tính. Lưu dưới dạng Excel "
         "(.xlsx) và gửi lại đúng tệp này.", False),
    ]


def _help_sheet(book: xlsxwriter.Workbook, f: dict, text: FormText, lines: list[tuple[str, bool]]) -> None:
    ws = book.add_worksheet(FORM_HELP_SHEET)
    ws.set_column(0, 0, HELP_WIDTH)
    for i, (line, bold) in enumerate(lines):
        ws.write_string(i, 0, line, f["help_bold" if bold else "help"])
        if layout.text_lines(line, HELP_WIDTH) > 1:
            ws.set_row(i, 17 * layout.text_lines(line, HELP_WIDTH))
    _print_setup(ws, 0, landscape=False)
    ws.repeat_rows(0, 0)
    _protect(ws)


# A group's form is written once with these in place of the unit's code and name, then copied per unit with
# them replaced (XlsxWriter takes ~15 ms a form; a copy ~2 ms): the bytes are those unit_form would write.
CODE_MARK, NAME_MARK = "@@MA_DON_VI@@", "@@TEN_DON_VI@@"
PERSONAL_PARTS = ("xl/sharedStrings.xml", "docProps/core.xml")


def form_template(text: FormText, rows: list[FormRow], group_max: float, nhom: str,
                  not_applicable: frozenset[str] = frozenset()) -> list[tuple[str, bytes]]:
    """The zip entries of a group's form with the unit's code and name left as marks."""
    data = unit_form(text, rows, group_max, CODE_MARK, NAME_MARK, nhom, not_applicable)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info.filename, z.read(info.filename)) for info in z.infolist()]


def personal_form(template: list[tuple[str, bytes]], ma_don_vi: str, ten_don_vi: str, when: dt.datetime) -> bytes:
    """One unit's form from its group's template: the marks replaced by its code and name (XML-escaped)."""
    code, name = escape(ma_don_vi).encode("utf-8"), escape(ten_don_vi).encode("utf-8")
    entries = [(part, data.replace(CODE_MARK.encode(), code).replace(NAME_MARK.encode(), name)
                if part in PERSONAL_PARTS else data) for part, data in template]
    return fixed_zip(entries, when, level=1)


@dataclass(frozen=True)
class AgencyLine:
    """One unit and criterion of an agency's workbook, with what the unit returned (if it has)."""

    ma_don_vi: str
    ten_don_vi: str
    row: FormRow
    tu_danh_gia: float | str | None = None
    tai_lieu: str = ""
    giai_trinh: str = ""


def agency_workbook(text: FormText, agency: str, groups: dict[str, list[AgencyLine]]) -> bytes:
    """One appraising agency's workbook: a sheet per group, a row per unit and criterion it appraises, with
    the unit's self-score, evidence and explanation once its sheet is in; inputs for the appraisal and note."""
    buffer = io.BytesIO()
    book = _book(buffer, text.year, f"Bảng thẩm định Chỉ số CCHC năm {text.year}: {agency}")
    f = _formats(book)
    columns = [c for c in AGENCY_COLUMNS if text.rounds == 2 or c not in ("appraisal2", "note2")]
    col = {name: i for i, name in enumerate(columns)}
    for nhom, lines in groups.items():
        ws = book.add_worksheet(nhom)
        for name, i in col.items():
            ws.set_column(i, i, AGENCY_WIDTHS[name])
        last = len(columns) - 1
        ws.merge_range(0, 0, 0, last, f"BẢNG THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {text.year}", f["title"])
        ws.merge_range(1, 0, 1, last, f"Cơ quan thẩm định: {agency}", f["title"])
        ws.write(2, 0, f"Nhóm: {text.group_names.get(nhom, nhom)} ({nhom}); hạn gửi kết quả: {text.deadline_text()}; "
                       f"nơi nhận: {text.send_to}", f["line"])
        ws.set_row(AGENCY_HEADER_ROW, 32)
        for name, i in col.items():
            ws.write(AGENCY_HEADER_ROW, i, AGENCY_LABELS[name], f["head"])
        for k, line in enumerate(lines):
            r = AGENCY_HEADER_ROW + 1 + k
            ws.write_string(r, col["unit"], line.ma_don_vi, f["locked_text"])
            ws.write_string(r, col["unit_name"], line.ten_don_vi, f["locked_text"])
            ws.write_string(r, col["code"], line.row.ma, f["locked_text"])
            ws.write_string(r, col["text"], line.row.noi_dung, f["locked_text"])
            ws.write_number(r, col["max"], line.row.diem_toi_da, f["locked_num"])
            if isinstance(line.tu_danh_gia, (int, float)):
                ws.write_number(r, col["self"], line.tu_danh_gia, f["locked_num"])
            else:
                ws.write_string(r, col["self"], line.tu_danh_gia or "", f["locked_num"])
            ws.write_string(r, col["evidence"], line.tai_lieu, f["locked_text"])
            ws.write_string(r, col["explanation"], line.giai_trinh, f["locked_text"])
            lines_needed = max(layout.text_lines(line.row.noi_dung, AGENCY_WIDTHS["text"]),
                               layout.text_lines(line.tai_lieu, AGENCY_WIDTHS["evidence"]),
                               layout.text_lines(line.giai_trinh, AGENCY_WIDTHS["explanation"]))
            if lines_needed > 1:
                ws.set_row(r, 15 * min(lines_needed, 10))
            for score, note in (("appraisal", "note"), ("appraisal2", "note2")):
                if score not in col:
                    continue
                ws.write_blank(r, col[score], None, f["input_num"])
                ws.write_blank(r, col[note], None, f["input_text"])
        end = AGENCY_HEADER_ROW + max(len(lines), 1)
        # One rule per score column, relative to its first row: the maximum is read from the row's own
        # "Điểm tối đa" cell (tens of thousands of rows would otherwise carry a rule each).
        first = AGENCY_HEADER_ROW + 1
        for score in ("appraisal", "appraisal2"):
            if score in col and lines:
                ref = xl_rowcol_to_cell(first, col[score])
                maximum = xl_rowcol_to_cell(first, col["max"], col_abs=True)
                ws.data_validation(first, col[score], end, col[score], {
                    "validate": "custom", "value": layout.validation_formula(ref, maximum, text.step),
                    "ignore_blank": True, "input_title": AGENCY_LABELS[score][:32],
                    "input_message": layout.input_message(None, text.step)[:255],
                    "error_title": "Điểm không hợp lệ", "error_message": layout.error_message(None, text.step)[:255]})
        ws.autofilter(AGENCY_HEADER_ROW, 0, end, last)
        ws.freeze_panes(AGENCY_HEADER_ROW + 1, 3)
        _print_setup(ws, AGENCY_HEADER_ROW)
        _protect(ws)
    _help_sheet(book, f, text, agency_help(text, agency))
    book.worksheets()[0].activate()
    book.close()
    return buffer.getvalue()


def agency_help(text: FormText, agency: str) -> list[tuple[str, bool]]:
    second = ("Vòng 2 (sau khi đơn vị giải trình): ghi Điểm thẩm định lần 2 khi điểm thay đổi; điểm lần 2, khi có, "
              "thay điểm lần 1." if text.rounds == 2 else "")
    return [
        (f"HƯỚNG DẪN THẨM ĐỊNH CHỈ SỐ CCHC NĂM {text.year}", True),
        (f"Cơ quan thẩm định: {agency}", True),
        (f"Hạn gửi kết quả: {text.deadline_text()}. Nơi nhận: {text.send_to}.", True),
        ("1. Mỗi trang tính là một nhóm đơn vị; mỗi dòng là một tiêu chí do cơ quan thẩm định của một đơn vị. "
         "Cột Điểm tự đánh giá, Tài liệu kiểm chứng và Giải trình lấy từ bảng đơn vị đã gửi.", False),
        (f"2. Ghi Điểm thẩm định lần 1 (số từ 0 đến điểm tối đa, theo bước {number_vi(text.step)}) và Ghi chú. "
         f"Ghi {NOT_APPLICABLE_MARK} nếu tiêu chí không áp dụng với đơn vị. {second}", False),
        ("3. Điểm trừ: ghi số điểm bị trừ (số dương); không bị trừ thì ghi 0.", False),
        ("4. Điểm trong tệp này là điểm thẩm định chính thức của các tiêu chí trên; không ghi lại vào bảng của "
         "đơn vị. Không thêm, xoá dòng, không sửa các cột màu xám; có thể lọc, nhưng không sắp xếp lại.", False),
    ]
