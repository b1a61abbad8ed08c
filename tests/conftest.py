"""Helpers of both layers: small workbooks built in code (a two-area framework worth 10 points, two
units), the CLI, HTML tables, and Vietnamese number formats written independently of pipeline.report.fmt.

tests/ is on sys.path (pytest puts the folder of this rootdir conftest there), so tests/unit/** and
the end-to-end tests in tests/ import these with `from conftest import ...`."""
from __future__ import annotations

import subprocess
import zipfile
from fractions import Fraction
from html.parser import HTMLParser
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
# The repository's tools (tools/sample, the sample generator the package does not ship) import from any cwd.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FRAMEWORK_HEADER = ("ma", "noi_dung", "diem_toi_da", "phuong_thuc", "co_quan_tham_dinh", "loai")
FRAMEWORK = [
    ("1", "Lĩnh vực 1", 6, None, "Sở Nội vụ", None),
    ("1.1", "Tiêu chí 1.1", 6, None, "Sở Nội vụ", None),
    ("1.1.1", "TCTP 1.1.1", 1, "TĐ", "Sở Nội vụ", None),
    ("1.1.2", "TCTP 1.1.2", 2, "TĐ", "Sở Tư pháp", None),
    ("1.1.3", "TCTP 1.1.3", 3, "TĐ", "Sở Tư pháp", None),
    ("2", "Lĩnh vực 2", 4, None, "Sở Nội vụ", None),
    ("2.1", "Tiêu chí 2.1", 4, None, "Sở Nội vụ", None),
    ("2.1.1", "Hài lòng", 4, "XHH", "Sở Nội vụ", None),
    ("9", "Điểm trừ", 2, None, "Sở Nội vụ", "diem_tru"),
    ("9.1", "Vi phạm", 1, None, "Sở Nội vụ", "diem_tru"),
    ("9.2", "Chậm nhiệm vụ", 1, None, "Sở Nội vụ", "diem_tru"),
]
UNITS = [("so-a", "Sở A", "so", None), ("so-b", "Sở B", "so", None)]
SHEET_HEADER = ("STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định lần 1",
                "Điểm thẩm định lần 2", "Ghi chú")
TITLE = ("BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC NĂM 2023", "Đơn vị: Sở Thử")
# Rows of a valid sheet: code, text, max, self, TĐ1, TĐ2, note.
SHEET_ROWS = [
    ("1", "Lĩnh vực 1", 6, None, None, None, None),
    ("1.1", "Tiêu chí 1.1", 6, None, None, None, None),
    ("1.1.1", "TCTP", 1, 1, 1, None, None),
    ("1.1.2", "TCTP", 2, 2, "1,5", None, "Thiếu TLKC"),
    ("1.1.3", "TCTP", 3, 3, 2, 2.5, "Bổ sung sau giải trình"),
    ("2", "Lĩnh vực 2", 4, None, None, None, None),
    ("2.1.1", "Hài lòng", 4, None, None, None, None),
    ("9.1", "Vi phạm", 1, None, None, None, None),
    ("9.2", "Chậm nhiệm vụ", 1, None, 1, None, None),
]
DATASET = """year: 2023
province: Vĩnh Long
agency: Sở Nội vụ
parent_agency: UBND tỉnh Vĩnh Long
place: Vĩnh Long
sample: false
group_max: {so: 10}
reports:
  units:    {number: "94/BC-SNV",  date: 2024-03-13}
  national: {number: "196/BC-SNV", date: 2024-05-17}
bands:
  - {name: Xuất sắc,   min: 90}
  - {name: Tốt,        min: 80}
  - {name: Khá,        min: 70}
  - {name: Trung bình, min: 50}
  - {name: Yếu,        min: 0}
"""


def write_workbook(path: Path, sheets: dict[str, list]) -> Path:
    """A workbook with one sheet per entry, rows written from A1."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def write_book(path: Path, sheets: dict[str, tuple[str, list]]) -> Path:
    """A workbook of (state, rows from A1) per sheet name, state "visible", "hidden" or "veryHidden";
    openpyxl saves formulas without their computed values (as some export tools do)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, (state, rows) in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        ws.sheet_state = state
    wb.save(path)
    return path


def write_sheet(path: Path, rows=SHEET_ROWS, header=SHEET_HEADER, title=TITLE) -> Path:
    """A scoring sheet: title rows, a blank row, header, data rows (header on row 4)."""
    return write_workbook(path, {"Sheet1": [*([t] for t in title), (), header, *rows]})


def make_year(root: Path, *, framework=FRAMEWORK, units=UNITS, sheets=None, survey=None, corrections=None,
              dataset=DATASET, year: int = 2023) -> Path:
    """raw/<year>/ of a tiny valid province under root; pieces can be replaced per test."""
    raw = root / "raw" / str(year)
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "dataset.yml").write_text(dataset, encoding="utf-8")
    write_workbook(raw / "bo-tieu-chi.xlsx", {"so": [FRAMEWORK_HEADER, *framework]})
    write_workbook(raw / "don-vi.xlsx", {"Sheet1": [("ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren"), *units]})
    sheets = sheets if sheets is not None else {ma: SHEET_ROWS for ma, *_ in units}
    for ma, rows in sheets.items():
        write_sheet(raw / "cham-diem" / f"{ma}.xlsx", rows)
    survey = survey if survey is not None else [("ma_don_vi", "2.1.1"), ("so-a", 3.5), ("so-b", "2,5")]
    write_workbook(raw / "dieu-tra-xhh.xlsx", {"Sheet1": survey})
    if corrections is not None:
        (raw / "hieu-chinh.csv").write_text(corrections, encoding="utf-8")
    return raw


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def tree_snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes: to show that nothing was written or changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def rewrite_part(path: Path, member: str, edit) -> None:
    """Replace one part of an .xlsx by edit(its bytes): XML that openpyxl can't write (control characters as
    Excel escapes them, formulas with their cached values, sheet states)."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts[member] = edit(parts[member])
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


# Fixtures that build a whole province: a test that uses one (even through another fixture) is slow, marked
# or not (`make test-fast` deselects it; `make test` runs it).
PROVINCE_FIXTURES = {"built_2023"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if PROVINCE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def tiny_year(tmp_path: Path) -> Path:
    """DATA_DIR of a valid tiny province (returns DATA_DIR, not raw/)."""
    make_year(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def sample_tables(tmp_path_factory):
    """The sample's 2022 and 2023 processed tables (2023 has districts and the national files): the Settings of
    2023. Tables only, no report: a fast test's fixture."""
    import shutil

    from pipeline.config import Settings
    from pipeline.ingest import build_if_stale

    root = tmp_path_factory.mktemp("sample")
    for year in (2022, 2023):
        shutil.copytree(ROOT / "data" / "raw" / str(year), root / "raw" / str(year))
        build_if_stale(Settings(year, root))
    return Settings(2023, root, root / "output")


@pytest.fixture(scope="session")
def built_2023(tmp_path_factory):
    """`make report YEAR=2023` on a copy of the sample (2022 for comparison): the Settings of that run."""
    import shutil

    from pipeline.build.year import build_year
    from pipeline.config import Settings

    root = tmp_path_factory.mktemp("built")
    for year in ("2022", "2023"):
        shutil.copytree(ROOT / "data" / "raw" / year, root / "data" / "raw" / year)
    settings = Settings(2023, root / "data", root / "output")
    result = build_year(settings, workers=2, progress=False)
    assert not result.failed, [o.error for o in result.failed]
    return settings


class _Tables(HTMLParser):
    """Every <table> of a page as (caption, header cells, body rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._in = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "ten-bang") in attrs:
            self._in, self._pending = "caption", ""
        elif tag == "table":
            self.tables.append({"caption": getattr(self, "_pending", ""), "head": [], "rows": []})
            self._pending = ""
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "tr":
            self._row = []
        elif tag == "caption":
            self._in = "caption"
        elif tag in ("thead", "tbody"):
            self._part = tag

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            (self.tables[-1]["head"] if getattr(self, "_part", "") == "thead" else self.tables[-1]["rows"]).append(
                self._row)
            self._row = None
        elif tag in ("caption", "div") and self._in == "caption":
            self._in = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in == "caption":
            self._pending = getattr(self, "_pending", "") + data


def html_tables(page: str) -> list[dict]:
    parser = _Tables()
    parser.feed(page)
    for t in parser.tables:
        t["head"] = t["head"][0] if t["head"] else []
    return parser.tables


def pdf_text(path: Path) -> str:
    """The PDF's text, whitespace collapsed (pypdf)."""
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


# ---------------------------------------------------------------- Vietnamese numbers, written from scratch
# The end-to-end tests compute expected report text with these, never with pipeline.report.fmt: a
# wrong format in fmt must fail them. Only string operations after rounding to the printed decimals.


def half_up(x: float, decimals: int = 2) -> str:
    """|x| at `decimals` decimals, half-up as Excel and a checker round (8.975 → '8.98'), without the binary
    float's error: x is read as the simplest fraction within float noise of it (limit_denominator), then
    rounded with integers. Independent of pipeline.report.fmt (no decimal module, no snapping)."""
    q = abs(Fraction(repr(float(x))).limit_denominator(10 ** 7))
    n = (q * 10 ** decimals * 2 + 1) // 2  # floor(q·10^d + 1/2)
    whole, frac = divmod(int(n), 10 ** decimals)
    return f"{whole}.{frac:0{decimals}d}" if decimals else str(whole)


def vn_number(x: float, decimals: int = 2) -> str:
    """1234.5 → '1.234,50': decimal comma, a dot between groups of three digits; half-up (8,975 → 8,98)."""
    digits = half_up(x, decimals)  # rounding only; no separators
    whole, _, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    negative = x < 0 and digits.strip("0.") != ""  # -0.001 prints as 0,00
    return ("-" if negative else "") + ".".join(groups) + ("," + frac if frac else "")


def vn_points(x: float) -> str:
    """Points as a clerk writes them, at most two decimals and no trailing zeros: 2.5 → '2,5', 3.0 → '3'."""
    text = vn_number(x, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def table_name(name: str) -> str:
    """A unit's name as a ranked table prints it: the group already says "UBND", so 'UBND xã A' → 'Xã A' (a cell
    starts with a capital)."""
    short = name[len("UBND "):] if name.startswith("UBND ") else name
    return short[:1].upper() + short[1:]


def vn_percent(x: float) -> str:
    return vn_number(x, 2) + "%"


def vn_signed(delta: float) -> str:
    """A change in a table: '+0,72', '−1,50' (U+2212 minus), '–' for no change."""
    text = vn_number(abs(delta), 2)
    if text == "0,00":
        return "–"
    return ("+" if delta > 0 else "\u2212") + text


def vn_change(delta: float) -> str:
    """'tăng 0,72 điểm', 'giảm 1,50 điểm', or 'không đổi' when it prints as 0,00."""
    text = vn_number(abs(delta), 2)
    if text == "0,00":
        return "không đổi"
    return ("tăng " if delta > 0 else "giảm ") + text + " điểm"


def vn_places(places: int) -> str:
    """'tăng 12 bậc', 'giảm 3 bậc', 'giữ nguyên thứ hạng'."""
    if places == 0:
        return "giữ nguyên thứ hạng"
    return ("tăng " if places > 0 else "giảm ") + str(abs(places)) + " bậc"
