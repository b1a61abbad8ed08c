"""The Excel outputs: the summary of all units and the national annex. Byte-deterministic."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import xlsxwriter

from ..config import Settings
from ..files import normalise_zip
from ..report import context, fmt, next_band, year_data
from ..report.national import context as national_context
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
    to filter: every unit × area (% of the unit's maximum) and every unit × criterion (points, notes)."""
    ctx = context.units_report(settings)
    book, buffer, created = new_workbook(settings, "units", f"Tổng hợp Chỉ số CCHC năm {settings.year}")
    ranked = [("xep_hang", "Hạng", "int", 7), ("ma_don_vi", "Mã đơn vị", "text", 22), ("ten_don_vi", "Đơn vị", "text", 36)]
    ranked_tail = [("diem_toi_da", "Điểm tối đa", "so", 9), ("tu_danh_gia", "Tự đánh giá", "so", 10),
                   ("tham_dinh", "Thẩm định", "so", 10), ("xhh", "Điều tra XHH", "so", 10),
                   ("diem_tru", "Điểm trừ", "so", 9), ("tong_diem", "Tổng điểm", "so", 10),
                   ("chi_so", "Chỉ số (%)", "so", 10), ("xep_loai", "Xếp loại", "text", 12)]
    if ctx.previous_year:
        ranked_tail += [("chi_so_truoc", f"Chỉ số {ctx.previous_year} (%)", "so", 11),
                        ("tang_diem", "± điểm", "so", 9), ("tang_bac", "± bậc", "int", 8)]
    # The way to the next band: points needed and the fewest appraised criteria or deductions covering them.
    ranked_tail += [("muc_tiep_theo", "Mức xếp loại tiếp theo", "text", 12),
                    ("diem_can_them", "Điểm cần thêm để lên mức", "so_len", 11),
                    ("so_tieu_chi", "Số nội dung tối thiểu cần khắc phục", "int", 12)]
    t = year_data.year_tables(settings)
    upward = next_band.all_units(t.tong_hop, t.diem, settings.dataset.bands).set_index("ma_don_vi")
    upward["diem_can_them"] = upward["diem_can_them"].where(upward["muc_tiep_theo"] != "")  # top band: blank
    parent = [("ten_cap_tren", "Đơn vị cấp huyện", "text", 26)]
    sheets = [(g.name, f"Kết quả Chỉ số CCHC năm {settings.year}: {g.name}",
               g.units.join(upward[["muc_tiep_theo", "diem_can_them", "so_tieu_chi"]], on="ma_don_vi"),
               ranked + (parent if g.has_parents else []) + ranked_tail) for g in ctx.groups]
    areas = pd.concat([g.areas.assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Lĩnh vực", f"Điểm bình quân theo lĩnh vực năm {settings.year}", areas, [
        ("ten_nhom", "Nhóm", "text", 22), ("ma", "LV", "text", 5), ("ten", "Lĩnh vực", "text", 40),
        ("diem_toi_da", "Điểm tối đa", "so", 9), ("diem_trung_binh", "Điểm bình quân/đơn vị", "so", 10),
        ("ty_le_trung_binh", "Bình quân tỷ lệ đạt của các đơn vị (%)", "so", 12), ("ty_le_thap_nhat", "Tỷ lệ thấp nhất (%)", "so", 10),
        ("don_vi_thap_nhat", "Đơn vị thấp nhất", "text", 30), ("ty_le_cao_nhat", "Tỷ lệ cao nhất (%)", "so", 10),
        ("don_vi_cao_nhat", "Đơn vị cao nhất", "text", 30)]))
    lost = pd.concat([context.appraised_lost(g).assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Thẩm định - điểm bị mất", f"Tiêu chí thẩm định bị mất điểm năm {settings.year}", lost, [
        ("ten_nhom", "Nhóm", "text", 22), ("ma", "Mã", "text", 9), ("noi_dung", "Tiêu chí thành phần", "text", 50),
        ("co_quan_tham_dinh", "Cơ quan thẩm định", "text", 22), ("so_don_vi_mat", "Số đơn vị mất điểm", "int", 10),
        ("so_don_vi", "Số đơn vị áp dụng", "int", 10), ("ty_le_don_vi_mat", "Tỷ lệ đơn vị mất điểm (%)", "so", 11),
        ("mat_binh_quan", "Điểm mất bình quân/đơn vị áp dụng", "so", 11), ("tong_diem_mat", "Tổng điểm mất", "so", 10)]))
    survey = pd.concat([g.survey.assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Điều tra XHH", f"Kết quả các nội dung điều tra xã hội học năm {settings.year}", survey, [
        ("ten_nhom", "Nhóm", "text", 22), ("ma", "Mã", "text", 9), ("noi_dung", "Nội dung điều tra", "text", 50),
        ("diem_toi_da", "Điểm tối đa", "so", 9), ("diem_trung_binh", "Điểm bình quân/đơn vị", "so", 10),
        ("ty_le_trung_binh", "Bình quân tỷ lệ đạt của các đơn vị (%)", "so", 12), ("so_don_vi_mat", "Số đơn vị chưa đạt tối đa", "int", 11),
        ("don_vi_thap_nhat", "Đơn vị thấp nhất", "text", 30), ("ty_le_thap_nhat", "Tỷ lệ thấp nhất (%)", "so", 10)]))
    matrix, area_columns = context.unit_area_matrix(ctx, t)
    sheets.append(("Đơn vị x lĩnh vực", f"Tỷ lệ điểm đạt theo lĩnh vực của từng đơn vị năm {settings.year} (% điểm "
                   "tối đa của lĩnh vực đối với đơn vị)", matrix, [
        ("ten_nhom", "Nhóm", "text", 22), ("ma_don_vi", "Mã đơn vị", "text", 20), ("ten_don_vi", "Đơn vị", "text", 32),
        ("ten_cap_tren", "Đơn vị cấp huyện", "text", 24), ("xep_hang", "Hạng", "int", 7),
        ("chi_so", "Chỉ số (%)", "so", 10)] + [(key, label, "so", 9) for key, label in area_columns]))
    sheets.append(("Đơn vị x tiêu chí", f"Điểm từng tiêu chí thành phần của từng đơn vị năm {settings.year}",
                   context.unit_criterion_table(ctx, t), [
        ("ten_nhom", "Nhóm", "text", 20), ("ma_don_vi", "Mã đơn vị", "text", 20), ("ten_don_vi", "Đơn vị", "text", 30),
        ("ten_cap_tren", "Đơn vị cấp huyện", "text", 22), ("ma", "Mã", "text", 8),
        ("noi_dung", "Tiêu chí thành phần", "text", 44), ("phuong_thuc", "PT", "text", 5),
        ("co_quan_tham_dinh", "Cơ quan thẩm định", "text", 22), ("ap_dung", "Áp dụng", "text", 8),
        ("diem_toi_da", "Điểm tối đa", "so", 9), ("tu_danh_gia", "Tự đánh giá", "so", 9),
        ("tham_dinh", "Thẩm định", "so", 9), ("xhh", "Điều tra XHH", "so", 9), ("diem", "Điểm đạt", "so", 9),
        ("mat", "Điểm bị mất", "so", 9), ("ghi_chu", "Ghi chú thẩm định", "text", 40)]))
    write_sheets(book, sheets)
    book.close()
    return normalise_zip(buffer.getvalue(), created)


Column = tuple[str, str, str, int]  # key, label, kind (text | so | so_len | int), width
SHEET_NAME_LENGTH = 31  # Excel's limit


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
    frozen header and first columns, filters, widths; printed A4 landscape, one page wide, header repeated."""
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
        for c, (_, label, _, width) in enumerate(columns):
            ws.write(2, c, label, head)
            ws.set_column(c, c, width)
        for r, row in enumerate(frame.to_dict("records"), start=3):
            for c, (key, _, kind, _) in enumerate(columns):
                value = row.get(key)
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    ws.write_blank(r, c, None, formats[kind])
                elif kind == "text":
                    ws.write_string(r, c, ("Có" if value else "Không") if isinstance(value, bool) else str(value), text)
                else:
                    ws.write_number(r, c, fmt.value(value, *rounding[kind]), formats[kind])
        ws.set_row(2, 32)
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


def national_annex(settings: Settings) -> bytes:
    """phu-luc-par-index-<YEAR>.xlsx: lost points by leading agency, the tasks, every lost criterion, areas, region."""
    r = national_context.national_report(settings)
    book, buffer, created = new_workbook(settings, "national", f"Phụ lục PAR INDEX năm {settings.year}")
    tasks = national_context.task_texts(r).assign(thoi_han=national_narrative.short_date(r.deadline))
    write_sheets(book, [
        ("Theo cơ quan", f"Điểm bị mất theo cơ quan chủ trì, PAR INDEX {settings.year}", r.by_agency, [
            ("co_quan_chu_tri", "Cơ quan chủ trì", "text", 34), ("so_tieu_chi", "Số tiêu chí mất điểm", "int", 12),
            ("diem_mat", "Tổng điểm bị mất", "so", 12), ("mat_tham_dinh", "Trong đó: thẩm định", "so", 12),
            ("mat_xhh", "Trong đó: điều tra XHH", "so", 12)]),
        ("Nhiệm vụ", f"Nhiệm vụ năm {settings.year + 1} theo cơ quan chủ trì", tasks, [
            ("co_quan_chu_tri", "Cơ quan chủ trì", "text", 26), ("ma", "Mã", "text", 8),
            ("noi_dung", "Nội dung bị trừ điểm", "text", 44), ("phuong_thuc", "PT", "text", 5),
            ("diem_mat", "Điểm bị trừ", "so", 10), ("nhiem_vu", "Nhiệm vụ", "text", 60),
            ("chi_tieu", "Chỉ tiêu", "text", 30), ("phoi_hop", "Cơ quan phối hợp", "text", 26),
            ("thoi_han", "Thời hạn", "text", 11)]),
        ("Chi tiết", f"Các tiêu chí bị mất điểm, PAR INDEX {settings.year}", r.lost, [
            ("co_quan_chu_tri", "Cơ quan chủ trì", "text", 28), ("ten_linh_vuc", "Lĩnh vực", "text", 30),
            ("ma", "Mã", "text", 9), ("noi_dung", "Nội dung", "text", 50), ("phuong_thuc", "PT", "text", 5),
            ("diem_toi_da", "Điểm tối đa", "so", 10), ("diem_dat", "Điểm đạt", "so", 10),
            ("diem_mat", "Điểm bị mất", "so", 10)]),
        ("Lĩnh vực", f"Điểm theo lĩnh vực, PAR INDEX {settings.year}", r.areas, [
            ("ma", "LV", "text", 5), ("ten", "Lĩnh vực", "text", 44), ("diem_toi_da", "Điểm tối đa", "so", 10),
            ("diem", "Điểm đạt", "so", 10), ("thay_doi", "Tăng, giảm (điểm)", "so", 10),
            ("xep_hang", "Xếp hạng", "int", 9), ("bac", "Tăng, giảm bậc", "int", 9),
            ("trung_binh", "Trung bình cả nước", "so", 11), ("cao_nhat", "Cao nhất", "so", 10),
            ("tinh_cao_nhat", "Tỉnh, thành phố cao nhất", "text", 24)]),
        ("Trong vùng", f"Các tỉnh, thành phố vùng {r.headline.region}, PAR INDEX {settings.year}", r.region, [
            ("hang_vung", "Xếp hạng trong vùng", "int", 10), ("tinh", "Tỉnh, thành phố", "text", 24),
            ("chi_so", "Chỉ số (%)", "so", 10), ("xep_hang", "Xếp hạng cả nước", "int", 10),
            ("thay_doi", "Tăng, giảm (điểm)", "so", 10), ("bac", "Tăng, giảm bậc cả nước", "int", 10),
            ("bac_vung", "Tăng, giảm bậc trong vùng", "int", 10)]),
    ])
    book.close()
    return normalise_zip(buffer.getvalue(), created)
