"""Every name of the data contract (docs/data-contract.md), in one place.

File names of inputs and outputs, processed tables with their columns and dtypes, the
domain vocabulary, and the tolerances used when comparing numbers. Nothing else in the
package spells a file name, a column list or a tolerance literal.
"""
from __future__ import annotations

# ---------------------------------------------------------------- inputs: raw/<YEAR>/ (§1)

DATASET_FILE = "dataset.yml"
FRAMEWORK_FILE = "bo-tieu-chi.xlsx"
UNITS_FILE = "don-vi.xlsx"
SHEETS_DIR = "cham-diem"
SURVEY_FILE = "dieu-tra-xhh.xlsx"
CORRECTIONS_FILE = "hieu-chinh.csv"
NATIONAL_DIR = "quoc-gia"
NATIONAL_PROVINCES_FILE = "chi-so-cac-tinh.xlsx"  # §8, under quoc-gia/
NATIONAL_DETAIL_FILE = "chi-tiet-tinh.xlsx"
NATIONAL_AREAS_FILE = "linh-vuc.xlsx"
# Optional (§12): the province's catalogue of national tasks, one row per criterion code, as CSV or a workbook.
NATIONAL_TASKS_FILES = ("nhiem-vu.csv", "nhiem-vu.xlsx")
NATIONAL_TASK_COLUMNS = ("ma", "nhiem_vu", "chi_tieu", "co_quan_chu_tri", "co_quan_phoi_hop")  # ma, nhiem_vu required
APPRAISALS_DIR = "tham-dinh"  # optional: the appraising agencies' returned workbooks, tham-dinh/<agency>.xlsx (§12)

# Guards against a wrong file being dropped into raw/ (a database dump renamed .xlsx).
MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_SHEET_ROWS = 5000
# An agency's appraisal workbook (tham-dinh/, §12) holds a row per unit and criterion it appraises.
MAX_APPRAISAL_ROWS = 500_000
# A scoring sheet has about 10 columns, the survey file one per survey criterion: a cell far to the
# right (XFD4999) would otherwise make the reader build millions of empty cells (gigabytes).
MAX_SHEET_COLUMNS = 200
# Memory bounded by design (ingest.guard): an .xlsx is measured by streaming before it is loaded. A zip packs
# gigabytes in a megabyte: each part at most MAX_PART_BYTES unpacked, the whole at most MAX_WORKBOOK_BYTES; a text
# at most MAX_CELL_CHARS characters (Excel's own limit of a cell); a sheet's grid (last row × last column, which
# the reader allocates) at most MAX_SHEET_CELLS (an agency's workbook: 500,000 rows of 20 columns).
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_WORKBOOK_BYTES = 512 * 1024 * 1024
MAX_PARTS = 10_000
MAX_CELL_CHARS = 32_767
MAX_SHEET_CELLS = 10_000_000

# ---------------------------------------------------------------- vocabulary (§3, §7, §8)

DEDUCTION = "diem_tru"  # `loai` of a deduction row
APPRAISED = "TĐ"  # `phuong_thuc`: scored by the unit, appraised
SURVEY = "XHH"  # `phuong_thuc`: points from the sociological survey
METHODS = {"td": APPRAISED, "xhh": SURVEY}  # folded spelling → canonical
METHOD_NAMES = {APPRAISED: "Thẩm định", SURVEY: "Điều tra XHH"}
# Official documents (Decree 30/2020/NĐ-CP): the motto block, the last line of "Nơi nhận" (the issuer's
# archive), and the mark on every page of a report made from the generated sample.
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ARCHIVE_LINE = "Lưu: VT, CCHC"
SAMPLE_MARK = "DỮ LIỆU MẪU"
DRAFT_MARK = "DỰ THẢO"  # top right of a document's first page until it is issued
CORRECTION_COLUMNS = ("ma_don_vi", "ma", "cot", "gia_tri", "ly_do", "van_ban")
CORRECTABLE = ("tu_danh_gia", "tham_dinh", "xhh")  # `cot` of a correction
VALUE_NAMES = {"tu_danh_gia": "Tự đánh giá", "tham_dinh": "Thẩm định", "xhh": "Điều tra XHH", "diem": "Điểm"}
# Printed names of the usual group codes; dataset.yml `groups:` overrides them.
DEFAULT_GROUP_NAMES = {"so": "Sở, ban, ngành tỉnh", "huyen": "UBND cấp huyện", "xa": "UBND cấp xã"}
# The national index groups provinces by index (Bộ Nội vụ): A ≥ 90%, B 80–90%, C 70–80%.
NATIONAL_GROUPS = (("A", 90.0), ("B", 80.0), ("C", 70.0))
DEFAULT_GROUP_MAX = 100.0

# ---------------------------------------------------------------- processed tables: processed/<YEAR>/ (§9)

DIEM = "diem"
TONG_HOP = "tong-hop-don-vi"
DIEM_LINH_VUC = "diem-linh-vuc"
FRAMEWORK = "bo-tieu-chi"
UNITS = "don-vi"
CHANGES = "hieu-chinh-da-ap-dung"
WARNINGS = "canh-bao"
# The national PAR INDEX (§8), validated and written under the same stamp as the units' tables; a year may
# hold only these. The provinces' area points are long (nam, tinh, ma, diem): the number of areas varies.
NATIONAL_PROVINCES = "quoc-gia-cac-tinh"
NATIONAL_PROVINCE_AREAS = "quoc-gia-diem-linh-vuc"
NATIONAL_AREAS = "quoc-gia-linh-vuc"
NATIONAL_DETAIL = "quoc-gia-chi-tiet"
NATIONAL_TASKS = "quoc-gia-nhiem-vu"  # the task catalogue (empty without one)
NATIONAL_TABLES = (NATIONAL_PROVINCES, NATIONAL_PROVINCE_AREAS, NATIONAL_AREAS, NATIONAL_DETAIL, NATIONAL_TASKS)
STAMP_FILE = "inputs.json"  # the hashes of the inputs (and reading code) the tables were built from
# Beside the tables: each scoring sheet as read, by the hash of what its reading depends on (ingest.year.SheetsRead).
SHEETS_READ_FILE = "bang-cham-da-doc.json"
# Set while the build runs a report's notebook: the notebook prints from the context it is handed, and reading
# tables or dataset.yml around it is an error (config.refuse_if_context_only).
CONTEXT_ONLY_ENV = "PAR_INDEX_CONTEXT_ONLY"
# Set by the build while it runs the notebooks: the folder where charts are kept by their inputs (report.charts.kept).
CHARTS_KEPT_ENV = "PAR_INDEX_CHARTS_KEPT"

# Table → column order. Contract columns first; extra columns after them.
SCHEMAS: dict[str, list[str]] = {
    DIEM: ["ma_don_vi", "ma", "phuong_thuc", "ap_dung", "diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh", "diem",
           "nguon", "loai", "giai_trinh", "ghi_chu"],
    TONG_HOP: ["ma_don_vi", "ten_don_vi", "nhom", "diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh",
               "diem_tru", "tong_diem", "chi_so", "xep_hang", "xep_loai", "don_vi_cap_tren"],
    DIEM_LINH_VUC: ["ma_don_vi", "ma", "diem_toi_da", "diem"],
    FRAMEWORK: ["nhom", "ma", "noi_dung", "diem_toi_da", "phuong_thuc", "co_quan_tham_dinh", "loai", "cap",
                "ma_cha", "linh_vuc", "la", "thu_tu"],
    UNITS: ["ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren"],
    CHANGES: ["ma_don_vi", "ma", "cot", "gia_tri_cu", "gia_tri_moi", "nguon_cu", "ly_do", "van_ban", "dong"],
    WARNINGS: ["file", "sheet", "cell", "code", "message"],
    NATIONAL_PROVINCES: ["nam", "tinh", "vung", "chi_so"],
    NATIONAL_PROVINCE_AREAS: ["nam", "tinh", "ma", "diem"],
    NATIONAL_AREAS: ["ma", "ten", "diem_toi_da"],
    NATIONAL_DETAIL: ["ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri", "cap", "la",
                      "ghi_chu"],
    NATIONAL_TASKS: list(NATIONAL_TASK_COLUMNS),
}
# Text columns, read back from CSV as str (everything else is inferred).
TEXT_COLUMNS = {"ma", "ma_cha", "linh_vuc", "nguon", "loai", "giai_trinh", "ghi_chu", "don_vi_cap_tren", "xep_loai",
                "co_quan_tham_dinh", "phuong_thuc", "noi_dung", "ly_do", "van_ban", "nguon_cu", "sheet", "cell",
                "tinh", "vung", "ten", "co_quan_chu_tri", "nhiem_vu", "chi_tieu", "co_quan_phoi_hop"}

# ---------------------------------------------------------------- tolerances

DECIMALS = 6  # sums of 0.25-point cells: round away float noise, keep every real digit (ties, ranks, bands)
TOLERANCE = 1e-6  # a read value "equals" a maximum or a sum within this
PRINTED_DECIMALS = 2  # points and percentages as official tables print them
NO_CHANGE = 0.5 * 10 ** -PRINTED_DECIMALS  # a change that prints as 0,00 is "không đổi"
# quoc-gia/ (§8): the published national figures are each rounded to 2 decimals, so an index and the sum of
# its rounded area points, a parent criterion and its rounded children, or an area in chi-tiet-tinh.xlsx and
# the same area in chi-so-cac-tinh.xlsx may differ by a cent. Sums and cross-file equalities there are
# checked within this; bounds (0 … maximum) still use TOLERANCE.
NATIONAL_SUM_TOLERANCE = 0.01
# The national PAR INDEX was first published for 2012: a `nam` before it (or after the report year) is a typo.
NATIONAL_FIRST_YEAR = 2012

# ---------------------------------------------------------------- outputs: OUTPUT_DIR/<YEAR>/ (§10)

UNITS_REPORT = "units-report"  # manifest kinds, also the notebooks' names
NATIONAL_REPORT = "national-report"
UNIT_REPORT = "unit-report"
DISTRICT_PACK = "district-pack"  # beyond §10: one per district, its communes (an appendix of the units report)
AGENCY_PACK = "agency-pack"  # beyond §10: one per appraising agency, the units that lost points on its criteria
PACKS = (DISTRICT_PACK, AGENCY_PACK)
NOTEBOOK_FILES = {kind: f"{kind}.ipynb" for kind in (UNITS_REPORT, NATIONAL_REPORT, UNIT_REPORT, *PACKS)}
MANIFEST = "manifest.json"
INDEX_PAGE = "index.html"
HISTORY = "thay-doi.json"
HISTORY_PAGE = "thay-doi.html"
DISTRIBUTION = "phan-phoi.csv"
REGISTER = "so-phat-hanh.csv"  # the issue register (build.lifecycle)
CACHE_DIR = ".cache"  # under OUTPUT_DIR: built files by key, and the published state
REPORT_FORMATS = ("html", "pdf", "docx")  # every report in each (§10)
# The structured representation of a displayed block (official header, table, …) in a notebook's
# output bundle, beside its HTML: what the PDF and DOCX writers read (render.document).
BLOCK_MIME = "application/vnd.par-index.block+json"


# `make forms` (§12): OUTPUT_DIR/<YEAR>/bieu-mau/<nhom>/<ma_don_vi>.xlsx, a zip per group, the agencies'
# appraisal workbooks and the distribution list; `make check`: OUTPUT_DIR/<YEAR>/tra-lai/<ma>.xlsx.
# Neither belongs to the reports' manifest: a report build keeps them and verify does not list them.
FORMS_DIR = "bieu-mau"
FORMS_APPRAISAL_DIR = "tham-dinh"  # under bieu-mau/
FORMS_DISTRIBUTION = "danh-sach-gui.csv"
RETURNS_DIR = "tra-lai"
RETURNS_SUMMARY = "tom-tat.csv"
SIDE_FOLDERS = (FORMS_DIR, RETURNS_DIR)
FORM_SHEET = "Chấm điểm"  # the scoring sheet of a form (first, visible)
FORM_HELP_SHEET = "Hướng dẫn"
FORM_STEPS = (1.0, 0.5, 0.25, 0.1, 0.05, 0.01)  # a score's step: the largest that fits every maximum


def form_file(nhom: str, ma_don_vi: str) -> str:
    return f"{FORMS_DIR}/{nhom}/{ma_don_vi}.xlsx"


def forms_archive(nhom: str, year: int) -> str:
    return f"{FORMS_DIR}/bieu-mau-{nhom}-{year}.zip"


def appraisal_form_file(agency_slug: str) -> str:
    return f"{FORMS_DIR}/{FORMS_APPRAISAL_DIR}/{agency_slug}.xlsx"


def units_report_stem(year: int) -> str:
    return f"bao-cao-chi-so-cchc-cac-don-vi-{year}"


def national_report_stem(year: int) -> str:
    return f"bao-cao-par-index-{year}"


def unit_stem(nhom: str, ma_don_vi: str) -> str:
    return f"don-vi/{nhom}/{ma_don_vi}"


def district_pack_stem(ma_don_vi: str) -> str:
    return f"goi-theo-doi/huyen/{ma_don_vi}"


def agency_pack_stem(ma: str) -> str:
    return f"goi-theo-doi/co-quan/{ma}"


def executed_notebook(stem_or_kind: str) -> str:
    """Where an executed notebook goes: notebooks/<kind>.ipynb, or notebooks/don-vi/<nhom>/<ma>.ipynb."""
    return f"notebooks/{stem_or_kind}.ipynb"


def summary_name(year: int) -> str:
    return f"tong-hop-{year}.xlsx"


def annex_name(year: int) -> str:
    return f"phu-luc-par-index-{year}.xlsx"


def group_archive(nhom: str, year: int) -> str:
    return f"don-vi/bao-cao-don-vi-{nhom}-{year}.zip"
