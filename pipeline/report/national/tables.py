"""Columns of the national report's tables (key, printed label, format)."""
from __future__ import annotations

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


def repeated_columns(year: int, previous_year: int) -> list[Col]:
    """context.repeated_table: the criteria lost in both years, each year's loss under its year."""
    return [Col("tt", "TT", "int"), Col("ten", "Nội dung bị trừ điểm", css="ten"), Col("pt", "Phương thức"),
            Col("co_quan_chu_tri", "Cơ quan chủ trì", css="ten"),
            Col("diem_mat_truoc", f"Bị trừ năm {previous_year}", "so"), Col("diem_mat", f"Bị trừ năm {year}", "so")]
