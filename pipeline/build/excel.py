"""The Excel outputs: the summary of all units and the national annex. Byte-deterministic."""
from __future__ import annotations

import datetime as dt
import io
import math
import textwrap

import numpy as np
import pandas as pd
import xlsxwriter

from ..config import Settings
from ..files import normalise_zip
from ..report import context, fmt, next_band, tables, year_data
from ..report.national import context as national_context
from ..report.national import tables as national_tables
from ..report.national import narrative as national_narrative


def new_workbook(settings: Settings, kind: str, title: str) -> tuple[xlsxwriter.Workbook, io.BytesIO, dt.datetime]:
    """An in-memory workbook dated like its report (dataset.yml), never by the clock."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    created = dt.datetime.combine(settings.dataset.report_date(kind), dt.time())
    ds = settings.dataset
    book.set_properties({"title": title, "author": ds.agency, "company": ds.parent_agency, "created": created})
    return book, buffer, created


def summary_workbook(settings: Settings) -> bytes:
    """tong-hop-<YEAR>.xlsx: a ranked sheet per group, areas, appraised lost points, survey items, and two sheets
    to filter: every unit × area (% of the unit's maximum) and every unit × criterion (points, notes). Column
    labels are the report tables' (report/tables.py)."""
    ctx = context.units_report(settings)
    book, buffer, created = new_workbook(settings, "units", f"Tổng hợp Chỉ số CCHC năm {settings.year}")
    t = year_data.year_tables(settings)
    upward = next_band.all_units(t.tong_hop, t.diem, settings.dataset.bands).set_index("ma_don_vi")
    upward["diem_can_them"] = upward["diem_can_them"].where(upward["muc_tiep_theo"] != "")  # top band: blank
    sheets = [(g.name, f"Kết quả Chỉ số CCHC năm {settings.year}: {g.name}",
               g.units.join(upward[["muc_tiep_theo", "diem_can_them", "so_tieu_chi"]], on="ma_don_vi"),
               columns(tables.summary_ranked(ctx.previous_year, g.has_parents))) for g in ctx.groups]
    areas = pd.concat([g.areas.assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Lĩnh vực", f"Điểm bình quân theo lĩnh vực năm {settings.year}", areas,
                   columns(tables.SUMMARY_AREAS)))
    lost = pd.concat([context.appraised_lost(g).assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Thẩm định - điểm bị mất", f"Tiêu chí thẩm định bị mất điểm năm {settings.year}", lost,
                   columns(tables.SUMMARY_LOST)))
    survey = pd.concat([g.survey.assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Điều tra XHH", f"Kết quả các nội dung điều tra xã hội học năm {settings.year}", survey,
                   columns(tables.SUMMARY_SURVEY)))
    matrix, area_columns = context.unit_area_matrix(ctx, t)
    sheets.append(("Đơn vị x lĩnh vực", f"Tỷ lệ điểm đạt theo lĩnh vực của từng đơn vị năm {settings.year} (% điểm "
                   "tối đa của lĩnh vực đối với đơn vị) và điểm bị trừ", matrix,
                   columns(tables.summary_unit_areas(area_columns))))
    sheets.append(("Đơn vị x tiêu chí", f"Điểm từng tiêu chí thành phần của từng đơn vị năm {settings.year}",
                   context.unit_criterion_table(ctx, t), columns(tables.SUMMARY_UNIT_CRITERIA)))
    write_sheets(book, sheets)
    book.close()
    return normalise_zip(buffer.getvalue(), created)


# How a report table's kind of column is stored (numbers rounded as printed, write_sheets), and each column's
# width in characters: the layout of the workbooks, whose labels come from the report tables.
STORED = {"text": "text", "so": "so", "diem": "so", "pct": "so", "dau": "so", "so_len": "so_len", "int": "int",
          "bac": "int"}
WIDTHS = {"xep_hang": 7, "ma_don_vi": 20, "ten_don_vi": 34, "ten_cap_tren": 24, "ten_nhom": 22, "ma": 8,
          "ten": 40, "noi_dung": 48, "co_quan_tham_dinh": 22, "co_quan_chu_tri": 30, "don_vi_thap_nhat": 30,
          "don_vi_cao_nhat": 30, "xep_loai": 12, "muc_tiep_theo": 12, "so_tieu_chi": 12, "diem_can_them": 11,
          "phuong_thuc": 5, "ap_dung": 8, "ghi_chu": 40, "nhiem_vu": 60, "chi_tieu": 30, "phoi_hop": 26, "thoi_han": 11,
          "ten_linh_vuc": 30, "tinh": 24, "tinh_cao_nhat": 24, "ty_le_trung_binh": 12, "mat_binh_quan": 11, "ty_le_don_vi_mat": 11,
          "chi_so_truoc": 11}
WIDTH_OF_KIND = {"text": 14, "so": 10, "so_len": 11, "int": 9}


def columns(cols: list) -> list["Column"]:
    """A report table's columns (report.layout.Col: key, label, kind) as a sheet's: its labels, stored by kind."""
    out = []
    for c in cols:
        kind = STORED[c.kind]
        out.append((c.key, c.label, kind, WIDTHS.get(c.key, WIDTH_OF_KIND[kind])))
    return out


Column = tuple[str, str, str, int]  # key, label, kind (text | so | so_len | int), width
SHEET_NAME_LENGTH = 31  # Excel's limit
# The header row's height follows its labels: a column `width` characters wide (Excel's unit: the width of a
# digit of the 11 pt Calibri body, 7 px, plus 5 px) holds about width − 2.5 characters of bold text beside the
# filter button (16 px) and the cell's padding, counting 7 px a character (Vietnamese lower case in bold Calibri
# runs 5 to 7 px, capitals 7 to 8: a line too many is blank space, a line too few is a clipped label). One
# line is 15 pt, Excel's own row height for 11 pt text.
HEADER_RESERVED = 2.5
LINE_PT = 15
ROW_PADDING_PT = 3
# Columns of codes (units, criteria): as wide as their longest code, which are up to 38 characters
# ("ban-quan-ly-cac-khu-cong-nghiep-va-che-xuat"), never cut by the next column.
CODE_COLUMNS = frozenset({"ma_don_vi", "ma"})
CODE_PADDING = 2


def header_lines(label: str, width: float) -> int:
    """How many lines Excel wraps a header label into in a column `width` characters wide (at spaces; a word
    longer than a line breaks where it must)."""
    capacity = max(1, math.floor(width - HEADER_RESERVED))
    return max(1, len(textwrap.wrap(label, capacity)))


def header_height(columns: list[Column]) -> float:
    """The header row's height in points: its longest wrapped label, whole."""
    return max(header_lines(label, width) for _, label, _, width in columns) * LINE_PT + ROW_PADDING_PT


def column_width(key: str, width: int, frame: pd.DataFrame) -> int:
    """A column's width: as given, or for a column of codes as wide as its longest code."""
    if key not in CODE_COLUMNS or key not in frame:
        return width
    return max([width, *(len(v) + CODE_PADDING for v in frame[key] if isinstance(v, str))])


def sheet_names(names: list[str]) -> list[str]:
    """Sheet names within Excel's 31 characters, cut at a word (never mid-word), without a trailing comma,
    and unique ("… (2)" when two shortened names meet)."""
    out: list[str] = []
    for name in names:
        short = name
        if len(short) > SHEET_NAME_LENGTH:
            # Whole phrases first ("UBND các huyện, thị xã, thành phố" → "UBND các huyện, thị xã"), then words.
            for separator in (", ", " "):
                parts, short = name.split(separator), ""
                for part in parts:
                    longer = f"{short}{separator}{part}" if short else part
                    if len(longer) > SHEET_NAME_LENGTH:
                        break
                    short = longer
                if short:
                    break
            short = (short or name[:SHEET_NAME_LENGTH]).rstrip(",;- ")
        candidate, k = short, 2
        while candidate.lower() in {o.lower() for o in out}:
            suffix = f" ({k})"
            candidate = short[:SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
            k += 1
        out.append(candidate)
    return out


def write_sheets(book, sheets: list[tuple[str, str, pd.DataFrame, list[Column]]]) -> None:
    """One formatted sheet per (name, heading, frame, columns): header row, numbers stored rounded half-up to two
    decimals (points needed: up) and shown as "1.234,50" in a Vietnamese Excel (the format's separators follow the locale),
    frozen header and first columns, filters, widths (codes whole: column_width); a header row tall enough for
    its wrapped labels (header_height); printed A4 landscape, one page wide, header repeated."""
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                            "border": 1, "bg_color": "#DDE7F0"})
    two = book.add_format({"num_format": "#,##0.00", "border": 1})
    whole = book.add_format({"num_format": "#,##0", "border": 1})
    text = book.add_format({"border": 1})
    title = book.add_format({"bold": True, "font_size": 13})
    formats = {"so": two, "so_len": two, "int": whole, "text": text}
    # Stored as printed (contract §10): half-up from the exact value (fmt.value); a threshold to reach
    # ("so_len", points needed) rounded up, so that adding it reaches the band.
    rounding = {"so": (2, "half_up"), "so_len": (2, "up"), "int": (0, "half_up")}

    def sheet(name: str, heading: str, frame: pd.DataFrame, columns: list[Column]) -> None:
        ws = book.add_worksheet(name)
        ws.write(0, 0, heading, title)
        columns = [(key, label, kind, column_width(key, width, frame)) for key, label, kind, width in columns]
        for c, (_, label, _, width) in enumerate(columns):
            ws.write(2, c, label, head)
            ws.set_column(c, c, width)
        writers = [(ws.write_string if kind == "text" else ws.write_number, formats[kind]) for _, _, kind, _ in columns]
        cells = [column_cells(frame, key, kind, rounding.get(kind)) for key, _, kind, _ in columns]
        for r, row in enumerate(zip(*cells), start=3):  # row by row: shared strings numbered in reading order
            for c, (value, (write, style)) in enumerate(zip(row, writers)):
                if value is None:
                    ws.write_blank(r, c, None, style)
                else:
                    write(r, c, value, style)
        ws.set_row(2, header_height(columns))
        ws.freeze_panes(3, 2)
        ws.autofilter(2, 0, 2 + len(frame), len(columns) - 1)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.repeat_rows(2)
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        ws.set_footer("&CTrang &P/&N")

    for (_, heading, frame, columns), name in zip(sheets, sheet_names([s[0] for s in sheets])):
        sheet(name, heading, frame, columns)


def column_cells(frame: pd.DataFrame, key: str, kind: str, rounding: tuple[int, str] | None) -> list:
    """A column's cells as written (write_sheets): None for a blank, the text (a yes/no as "Có"/"Không"), or the
    number rounded as printed, each distinct value rounded once (a sheet of every unit × criterion repeats them)."""
    if key not in frame:
        return [None] * len(frame)
    values, missing = frame[key].tolist(), frame[key].isna().tolist()
    if kind == "text":
        return [None if blank else ("Có" if v else "Không") if isinstance(v, (bool, np.bool_)) else str(v)
                for v, blank in zip(values, missing)]
    rounded: dict = {}
    out = []
    for v, blank in zip(values, missing):
        if blank:
            out.append(None)
            continue
        # By type and value: 2.675 and Decimal("2.675") are equal keys of a dict, not the same exact value.
        number = rounded.get((type(v), v))
        if number is None:
            number = rounded[type(v), v] = fmt.value(v, *rounding)
        out.append(number)
    return out


def national_annex(settings: Settings) -> bytes:
    """phu-luc-par-index-<YEAR>.xlsx: lost points by leading agency, the tasks, every lost criterion, areas, region."""
    r = national_context.national_report(settings)
    book, buffer, created = new_workbook(settings, "national", f"Phụ lục PAR INDEX năm {settings.year}")
    tasks = national_context.task_texts(r).assign(thoi_han=national_narrative.short_date(r.deadline))
    write_sheets(book, [
        ("Theo cơ quan", f"Điểm bị mất theo cơ quan chủ trì, PAR INDEX {settings.year}", r.by_agency,
         columns(national_tables.ANNEX_BY_AGENCY)),
        ("Nhiệm vụ", f"Nhiệm vụ năm {settings.year + 1} theo cơ quan chủ trì", tasks,
         columns(national_tables.ANNEX_TASKS)),
        ("Chi tiết", f"Các tiêu chí bị mất điểm, PAR INDEX {settings.year}", r.lost, columns(national_tables.ANNEX_LOST)),
        ("Lĩnh vực", f"Điểm theo lĩnh vực, PAR INDEX {settings.year}", r.areas, columns(national_tables.ANNEX_AREAS)),
        ("Trong vùng", f"Các tỉnh, thành phố vùng {r.headline.region}, PAR INDEX {settings.year}", r.region,
         columns(national_tables.ANNEX_REGION)),
    ])
    book.close()
    return normalise_zip(buffer.getvalue(), created)
