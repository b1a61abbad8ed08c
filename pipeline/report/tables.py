"""What every report table prints: its columns (key, printed label, format), in one place.

Notebooks pass these to `layout.table(frame, tables.GROUP_LOST, caption=…)`; the frames come
from `context`. Column keys are the frames' columns (data contract names), labels are Vietnamese.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..config import Band
from . import fmt
from .analysis import first_with_ties
from .layout import Col

if TYPE_CHECKING:
    from .context import UnitReport


def band_columns(bands: Sequence[Band]) -> list[Col]:
    """One count column per band of dataset.yml, highest first."""
    return [Col(b.name, b.name, "int") for b in bands]


# ---------------------------------------------------------------- the units report (like 94/BC-SNV)

FRAMEWORK = [  # context.framework_table
    Col("nhom", "Nhóm"), Col("so_don_vi", "Số đơn vị", "int"), Col("linh_vuc", "Lĩnh vực", "int"),
    Col("tieu_chi", "Tiêu chí", "int"), Col("tctp", "Tiêu chí thành phần", "int"),
    Col("toi_da", "Điểm tối đa", "so"), Col("xhh", "Trong đó điểm XHH", "so"),
]


def group_result_columns(bands: Sequence[Band]) -> list[Col]:
    """context.group_results: mean, best and worst per group, then units per band."""
    return [Col("ten_nhom", "Nhóm"), Col("so_don_vi", "Số đơn vị", "int"), Col("trung_binh", "Bình quân (%)", "so"),
            Col("cao_nhat", "Cao nhất (%)", "so"), Col("thap_nhat", "Thấp nhất (%)", "so"), *band_columns(bands)]


RANKED = [  # Group.units
    Col("xep_hang", "Hạng", "int"), Col("ten_don_vi", "Đơn vị", fn=fmt.ten_bang, css="ten"),
    Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("tu_danh_gia", "Tự đánh giá", "so"), Col("tham_dinh", "Thẩm định", "so"), Col("xhh", "Điều tra XHH", "so"),
    Col("diem_tru", "Điểm trừ", "so"), Col("tong_diem", "Tổng điểm", "so"), Col("chi_so", "Chỉ số (%)", "so"),
    Col("xep_loai", "Xếp loại", css="lien"),
]
YEAR_ON_YEAR = [Col("tang_diem", "± điểm", "dau"), Col("tang_bac", "± bậc", "bac")]


PARENT = Col("ten_cap_tren", "Cấp huyện", fn=fmt.ten_bang, css="ten")


def ranked_columns(previous_year: int | None, has_parents: bool = False, same_maximum: bool = False) -> list[Col]:
    """The ranked table of a group: communes with their district (years with districts); the maximum only when
    units differ in it (not-applicable criteria; else the caption states it); the change since last year."""
    columns = RANKED[:2] + ([PARENT] if has_parents else []) + RANKED[2 + same_maximum:]
    return columns + (YEAR_ON_YEAR if previous_year else [])


GROUP_AREAS = [  # Group.areas
    Col("ma", "LV"), Col("ten", "Lĩnh vực"), Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("diem_trung_binh", "Điểm bình quân/đơn vị", "so"),
    Col("ty_le_trung_binh", "Bình quân tỷ lệ đạt (%)", "so"),
    Col("don_vi_thap_nhat", "Đơn vị thấp nhất"), Col("ty_le_thap_nhat", "Tỷ lệ thấp nhất (%)", "so"),
]
GROUP_LOST = [  # Group.lost, appraised (TĐ) rows
    Col("ma", "Mã"), Col("noi_dung", "Tiêu chí thành phần (thẩm định)", css="ten"),
    Col("co_quan_tham_dinh", "Cơ quan thẩm định"), Col("don_vi_mat", "Đơn vị mất điểm / áp dụng", css="lien"),
    Col("ty_le_don_vi_mat", "Tỷ lệ đơn vị mất điểm (%)", "so"), Col("mat_binh_quan", "Điểm mất bình quân/đơn vị áp dụng", "so"),
]
MOST_LOST = 10  # rows of the GROUP_LOST table, with the ties at the edge


def most_lost(appraised, n: int = MOST_LOST):
    """The rows GROUP_LOST prints: the n criteria lost most (mean per unit where it applies, the table's order)
    and every later one that prints the same mean as the n-th (a cut-off never splits a tie)."""
    return first_with_ties(appraised, "mat_binh_quan", n)


GROUP_METHODS = [  # context.method_table: appraised and survey parts of each group
    Col("ten_nhom", "Nhóm", css="ten"), Col("ten", "Phần"), Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("diem_trung_binh", "Điểm bình quân/đơn vị", "so"),
    Col("ty_le_trung_binh", "Bình quân tỷ lệ đạt (%)", "so"), Col("ty_le_thap_nhat", "Thấp nhất (%)", "so"),
    Col("ty_le_cao_nhat", "Cao nhất (%)", "so"),
]
SURVEY_ITEMS = [  # Group.survey
    Col("ma", "Mã"), Col("noi_dung", "Nội dung điều tra xã hội học", css="ten"), Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("diem_trung_binh", "Điểm bình quân/đơn vị", "so"),
    Col("ty_le_trung_binh", "Bình quân tỷ lệ đạt (%)", "so"),
    Col("so_don_vi_mat", "Số đơn vị chưa đạt tối đa", "int"), Col("don_vi_thap_nhat", "Đơn vị thấp nhất"),
]
SELF_GAP = [  # context.largest_self_gaps
    Col("ten_don_vi", "Đơn vị"), Col("ten_nhom", "Nhóm"), Col("tu_danh_gia", "Tự đánh giá", "so"),
    Col("tham_dinh", "Thẩm định", "so"), Col("chenh_lech", "Chênh lệch", "so"),
    Col("so_tieu_chi_cham_cao", "Số tiêu chí tự chấm cao", "int"),
]


def commune_columns(bands: Sequence[Band]) -> list[Col]:
    """UnitsReport.communes: communes summarised per district, then communes per band."""
    return [Col("ten_don_vi", "Đơn vị cấp huyện", fn=fmt.ten_bang), Col("so_don_vi", "Số xã", "int"),
            Col("trung_binh", "Bình quân (%)", "so"), Col("cao_nhat", "Cao nhất (%)", "so"),
            Col("thap_nhat", "Thấp nhất (%)", "so"), *band_columns(bands)]


CORRECTIONS = [  # context.applied_corrections
    Col("ten", "Đơn vị"), Col("tieu_chi", "Tiêu chí"), Col("noi_dung_sua", "Điểm được điều chỉnh"),
    Col("gia_tri_cu", "Trước điều chỉnh", "so"), Col("gia_tri_moi", "Sau điều chỉnh", "so"),
    Col("ly_do", "Lý do"), Col("van_ban", "Văn bản"),
]

# ---------------------------------------------------------------- one unit's report


def unit_result_rows(r: UnitReport) -> list[tuple[str, str]]:
    """The unit's result as label and printed value (a two-column table, `layout.key_values`)."""
    u = r.unit
    rows = [("Điểm tối đa", fmt.so(u["diem_toi_da"])),
            ("Điểm tự đánh giá (phần thẩm định)", f"{fmt.so(u['tu_danh_gia'])}/{fmt.so(r.appraised_max)}"),
            ("Điểm thẩm định", fmt.so(u["tham_dinh"])), ("Điểm điều tra XHH", fmt.so(u["xhh"])),
            ("Điểm trừ", fmt.so(u["diem_tru"])), ("Tổng điểm", fmt.so(u["tong_diem"])),
            ("Chỉ số CCHC", fmt.phan_tram(u["chi_so"])),
            ("Xếp hạng trong nhóm", f"{int(u['xep_hang'])}/{r.group_size} ({r.group_name})"
             + (" – đồng hạng" if r.tied_with else "")),
            ("Xếp loại", u["xep_loai"])]
    if r.parent_name and r.parent_rank:
        rows.insert(-1, (f"Xếp hạng trên địa bàn {fmt.ten_ngan(r.parent_name)}", f"{r.parent_rank}/{r.parent_size}"
                         + (" – đồng hạng" if r.parent_tied_with else "")))
    if r.previous_year:
        rows += [(f"Chỉ số năm {r.previous_year}", fmt.phan_tram(u.get("chi_so_truoc"))),
                 ("Thay đổi", f"{fmt.thay_doi(u.get('tang_diem'))}; {fmt.thay_doi_bac(u.get('tang_bac'))}")]
    return rows


UNIT_AREAS = [  # UnitReport.areas
    Col("ma", "LV"), Col("noi_dung", "Lĩnh vực", css="ten"), Col("diem_toi_da", "Điểm tối đa", "so"),
    Col("diem", "Điểm đạt", "so"), Col("ty_le", "Tỷ lệ (%)", "so"),
    Col("ty_le_trung_binh", "Bình quân nhóm (%)", "so"), Col("ty_le_cao_nhat", "Cao nhất nhóm (%)", "so"),
    Col("hang_linh_vuc_in", "Hạng trong nhóm", css="lien"),
]
UNIT_LOST = [  # context.unit_lost_by_method, appraised rows
    Col("ma", "Mã"), Col("noi_dung", "Tiêu chí thành phần", css="ten"), Col("diem_toi_da", "Tối đa", "so"),
    Col("diem", "Đạt", "so"), Col("mat", "Bị mất", "so"),
    Col("co_quan_tham_dinh", "Cơ quan thẩm định"), Col("ghi_chu", "Ghi chú thẩm định"),
]
UNIT_LOST_SELF = [  # context.unit_lost_with_self_score: a notice's one table of appraised criteria lost
    Col("ma", "Mã"), Col("noi_dung", "Tiêu chí thành phần", css="ten"), Col("diem_toi_da", "Tối đa", "so"),
    Col("tu_danh_gia", "Tự đánh giá", "so"), Col("diem", "Đạt", "so"), Col("mat", "Bị mất", "so"),
    Col("co_quan_tham_dinh", "Cơ quan thẩm định"), Col("nhan_xet", "Ghi chú thẩm định, giải trình của đơn vị"),
]
UNIT_SURVEY = [  # UnitReport.survey_lost
    Col("ma", "Mã"), Col("noi_dung", "Nội dung điều tra xã hội học", css="ten"), Col("diem_toi_da", "Tối đa", "so"),
    Col("diem", "Đạt", "so"), Col("mat", "Chưa đạt", "so"),
]
UNIT_DEDUCTIONS = [  # UnitReport.deductions
    Col("ma", "Mã"), Col("noi_dung", "Nội dung bị trừ điểm", css="ten"), Col("tham_dinh", "Điểm bị trừ", "so"),
    Col("co_quan_tham_dinh", "Cơ quan thẩm định"), Col("ghi_chu", "Ghi chú"),
]
UNIT_CORRECTIONS = [  # UnitReport.corrections
    Col("tieu_chi", "Tiêu chí", css="ten"), Col("noi_dung_sua", "Điểm được điều chỉnh"),
    Col("gia_tri_cu", "Trước", "so"), Col("gia_tri_moi", "Sau", "so"), Col("ly_do", "Lý do"), Col("van_ban", "Văn bản"),
]
UNIT_SELF_GAP = [  # UnitReport.self_gap
    Col("ma", "Mã"), Col("noi_dung", "Tiêu chí thành phần", css="ten"), Col("tu_danh_gia", "Tự đánh giá", "so"),
    Col("tham_dinh", "Thẩm định", "so"), Col("chenh_lech", "Chênh lệch", "dau"),
    Col("giai_trinh", "Giải trình của đơn vị"), Col("ghi_chu", "Ghi chú thẩm định"),
]


# ---------------------------------------------------------------- the Excel summary (build/excel.py)
# Its sheets print the report tables' columns under the same labels, and what only a workbook holds (codes,
# counts apart, the way to the next band) is labelled here too: one home for every printed column label.
# build/excel.py adds only the widths and how each kind is stored.

UNIT_CODE = Col("ma_don_vi", "Mã đơn vị")
GROUP_NAME = Col("ten_nhom", "Nhóm")
NEXT_BAND = [  # next_band.all_units: the points a unit needs for the band above, and the fewest items to fix
    Col("muc_tiep_theo", "Mức xếp loại tiếp theo"), Col("diem_can_them", "Điểm cần thêm để lên mức", "so_len"),
    Col("so_tieu_chi", "Số nội dung tối thiểu cần khắc phục", "int"),
]
HIGHEST_SHARE = [Col("ty_le_cao_nhat", "Tỷ lệ cao nhất (%)", "so"), Col("don_vi_cao_nhat", "Đơn vị cao nhất")]


def _col(columns: Sequence[Col], key: str) -> Col:
    return next(c for c in columns if c.key == key)


def summary_ranked(previous_year: int | None, has_parents: bool) -> list[Col]:
    """A group's sheet: the ranked table's columns (every unit's maximum), with the unit's code, last year's
    index and the way to the next band."""
    columns = ranked_columns(previous_year, has_parents)
    columns.insert(1, UNIT_CODE)
    if previous_year:
        columns.insert(columns.index(YEAR_ON_YEAR[0]), Col("chi_so_truoc", f"Chỉ số {previous_year} (%)", "so"))
    return columns + NEXT_BAND


SUMMARY_AREAS = [GROUP_NAME, *GROUP_AREAS, *HIGHEST_SHARE]
SUMMARY_LOST = [  # every appraised criterion lost, the counts apart
    GROUP_NAME, *GROUP_LOST[:3], Col("so_don_vi_mat", "Số đơn vị mất điểm", "int"),
    Col("so_don_vi", "Số đơn vị áp dụng", "int"), *GROUP_LOST[4:], Col("tong_diem_mat", "Tổng điểm mất", "so"),
]
SUMMARY_SURVEY = [GROUP_NAME, *SURVEY_ITEMS, _col(GROUP_AREAS, "ty_le_thap_nhat")]


def summary_unit_areas(area_columns: Sequence[tuple[str, str]]) -> list[Col]:
    """Every unit × area (context.unit_area_matrix): the unit, its district, rank and index, then each area."""
    return [GROUP_NAME, UNIT_CODE, _col(RANKED, "ten_don_vi"), PARENT, _col(RANKED, "xep_hang"),
            _col(RANKED, "chi_so"), *(Col(key, label, "so") for key, label in area_columns)]


SUMMARY_UNIT_CRITERIA = [  # context.unit_criterion_table
    GROUP_NAME, UNIT_CODE, _col(RANKED, "ten_don_vi"), PARENT, _col(UNIT_LOST, "ma"), _col(UNIT_LOST, "noi_dung"),
    Col("phuong_thuc", "PT"), _col(UNIT_LOST, "co_quan_tham_dinh"), Col("ap_dung", "Áp dụng"),
    *(_col(RANKED, k) for k in ("diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh")), Col("diem", "Điểm đạt", "so"),
    Col("mat", "Điểm bị mất", "so"), _col(UNIT_LOST, "ghi_chu"),
]


def unit_self_gap_columns(gap) -> list[Col]:
    """UNIT_SELF_GAP in a notice: the appraisal's note is in the table of lost criteria already; the unit's
    explanation only when it gave one."""
    explained = (gap["giai_trinh"].fillna("").astype(str).str.strip() != "").any() if len(gap) else False
    return [c for c in UNIT_SELF_GAP if c.key != "ghi_chu" and (c.key != "giai_trinh" or explained)]
