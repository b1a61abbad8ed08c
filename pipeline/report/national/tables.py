"""Columns of the national report's tables (key, printed label, format)."""
from __future__ import annotations

from dataclasses import replace

from ..layout import Col

NATIONAL_TREND = [  # context.national_trend_table
    Col("nam", "Năm", fn=str), Col("chi_so", "Chỉ số (%)", "so"), Col("hang", "Xếp hạng", css="lien"),
    Col("trung_binh", "Trung bình cả nước (%)", "so"), Col("chenh_lech", "Chênh lệch với trung bình", "dau"),
]
NATIONAL_AREAS = [  # context.national_area_table: the province's points, rank and change per area
    Col("ma", "TT"), Col("ten", "Lĩnh vực", css="ten"), Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("diem", "Điểm đạt", "so"), Col("ty_le", "Tỷ lệ (%)", "so"), Col("hang", "Xếp hạng", css="lien"),
]
NATIONAL_AREA_CHANGES = [  # shown only when last year had the same areas
    Col("thay_doi", "Tăng, giảm (điểm)", "dau"), Col("bac", "Tăng, giảm bậc", "bac"),
]
NATIONAL_AREAS_VS_COUNTRY = [  # context.national_area_table
    Col("ma", "TT"), Col("ten", "Lĩnh vực", css="ten"), Col("diem", "Điểm đạt", "so"),
    Col("trung_binh", "Trung bình cả nước", "so"), Col("chenh_lech", "Chênh lệch", "dau"),
    Col("cao_nhat", "Cao nhất", "so"), Col("tinh_cao_nhat", "Tỉnh, thành phố đạt cao nhất", css="ten"),
]
NATIONAL_REGION = [  # context.national_region_table
    Col("hang_vung", "Hạng trong vùng", "int"), Col("tinh", "Tỉnh, thành phố"),
    Col("chi_so", "Chỉ số (%)", "so"), Col("hang", "Xếp hạng cả nước", css="lien"),
]
NATIONAL_REGION_CHANGES = [  # shown only when last year ranked as many provinces
    Col("thay_doi", "Tăng, giảm (điểm)", "dau"), Col("bac", "Bậc cả nước", "bac"),
    Col("bac_vung", "Bậc trong vùng", "bac"),
]
NATIONAL_METHODS = [  # context.national_method_table
    Col("ten", "Phương thức"), Col("diem_toi_da", "Điểm tối đa", "so"), Col("diem_dat", "Điểm đạt", "so"),
    Col("diem_mat", "Điểm bị mất", "so"), Col("ty_le", "Tỷ lệ đạt (%)", "so"),
]
NATIONAL_BY_AGENCY = [  # NationalReport.by_agency
    Col("co_quan_chu_tri", "Cơ quan chủ trì", css="ten"), Col("so_tieu_chi", "Số nội dung", "int"),
    Col("diem_mat", "Điểm bị mất", "so"), Col("mat_tham_dinh", "Thẩm định", "so"),
    Col("mat_xhh", "Điều tra XHH", "so"),
]
NATIONAL_TASKS = [  # context.agency_task_table
    # The task and its target carry the most text: half the free width; the criterion and the agencies share the rest.
    Col("tt", "TT", "int"), Col("ten", "Nội dung bị trừ điểm", css="ten", share=26),
    Col("diem_mat", "Điểm bị trừ", "so"), Col("nhiem_vu", "Nhiệm vụ, chỉ tiêu", css="ten", share=50),
    Col("phoi_hop", "Cơ quan phối hợp", css="ten", share=24),
    Col("thoi_han", "Thời hạn", css="lien"),
]


# ---------------------------------------------------------------- the national annex (build/excel.py)
# Its sheets print the report tables' columns under the same labels; the columns only the workbook has are
# labelled here too (one home for printed labels; build/excel.py adds widths and storage).


def _col(columns: list[Col], name: str, **changes) -> Col:
    """A report table's column `name`, under another key or kind when the annex's frame names it so."""
    return replace(next(c for c in columns if c.key == name), **changes)


AGENCY = Col("co_quan_chu_tri", "Cơ quan chủ trì")
CODE = Col("ma", "Mã")
METHOD = Col("phuong_thuc", "PT")
ANNEX_BY_AGENCY = NATIONAL_BY_AGENCY
ANNEX_TASKS = [AGENCY, CODE, _col(NATIONAL_TASKS, "ten", key="noi_dung"), METHOD, _col(NATIONAL_TASKS, "diem_mat"),
               Col("nhiem_vu", "Nhiệm vụ"), Col("chi_tieu", "Chỉ tiêu"), _col(NATIONAL_TASKS, "phoi_hop"),
               _col(NATIONAL_TASKS, "thoi_han")]
ANNEX_LOST = [AGENCY, Col("ten_linh_vuc", "Lĩnh vực"), CODE, Col("noi_dung", "Nội dung"), METHOD,
              *(_col(NATIONAL_METHODS, k) for k in ("diem_toi_da", "diem_dat", "diem_mat"))]
ANNEX_AREAS = [_col(NATIONAL_AREAS, "ma"), _col(NATIONAL_AREAS, "ten"), _col(NATIONAL_AREAS, "diem_toi_da"),
               _col(NATIONAL_AREAS, "diem"), _col(NATIONAL_AREA_CHANGES, "thay_doi"),
               _col(NATIONAL_AREAS, "hang", key="xep_hang", kind="int"), _col(NATIONAL_AREA_CHANGES, "bac"),
               *(_col(NATIONAL_AREAS_VS_COUNTRY, k) for k in ("trung_binh", "cao_nhat", "tinh_cao_nhat"))]
ANNEX_REGION = [_col(NATIONAL_REGION, "hang_vung"), _col(NATIONAL_REGION, "tinh"), _col(NATIONAL_REGION, "chi_so"),
                _col(NATIONAL_REGION, "hang", key="xep_hang", kind="int"), *NATIONAL_REGION_CHANGES]


def repeated_columns(year: int, previous_year: int) -> list[Col]:
    """context.repeated_table: the criteria lost in both years, each year's loss under its year."""
    return [Col("tt", "TT", "int"), Col("ten", "Nội dung bị trừ điểm", css="ten"), Col("pt", "Phương thức"),
            Col("co_quan_chu_tri", "Cơ quan chủ trì", css="ten"),
            Col("diem_mat_truoc", f"Bị trừ năm {previous_year}", "so"), Col("diem_mat", f"Bị trừ năm {year}", "so")]
