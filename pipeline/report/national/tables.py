"""Columns of the national report's tables (key, printed label, format)."""
from __future__ import annotations

from ..layout import Col

NATIONAL_TREND = [  # context.national_trend_table
    Col("nam", "Năm", fn=str), Col("chi_so", "Chỉ số (%)", "so"), Col("hang", "Xếp hạng", css="lien"),
    Col("trung_binh", "Trung bình cả nước (%)", "so"),
]
NATIONAL_AREAS = [  # context.national_area_table
    Col("ma", "LV"), Col("ten", "Lĩnh vực", css="ten"), Col("diem_toi_da", "Điểm tối đa", "diem"),
    Col("diem", "Điểm đạt", "diem"), Col("ty_le", "Tỷ lệ (%)", "so"), Col("trung_binh", "Trung bình cả nước", "so"),
    Col("cao_nhat", "Cao nhất", "diem"), Col("tinh_cao_nhat", "Tỉnh cao nhất"), Col("hang", "Xếp hạng", css="lien"),
]
NATIONAL_METHODS = [  # context.national_method_table
    Col("ten", "Phương thức"), Col("diem_toi_da", "Điểm tối đa", "diem"), Col("diem_dat", "Điểm đạt", "diem"),
    Col("diem_mat", "Điểm bị mất", "diem"), Col("ty_le", "Tỷ lệ đạt (%)", "so"),
]
NATIONAL_BY_AGENCY = [  # NationalReport.by_agency
    Col("co_quan_chu_tri", "Cơ quan chủ trì", css="ten"), Col("so_tieu_chi", "Số tiêu chí mất điểm", "int"),
    Col("diem_mat", "Tổng điểm bị mất", "diem"),
]
