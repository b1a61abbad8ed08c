"""The sample province: a deterministic generator of raw/<YEAR>/ as messy as real scoring sheets.

It knows the true value of every cell it writes, so tests compare the ingested tables
with totals computed here, independently of `scoring.py`.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from pipeline import contract as config
from . import catalogue as cat
from .books import new_book, split_points
from .national import dataset_keys, write_national

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass(frozen=True)
class Row:
    """One framework row of a group."""

    ma: str
    noi_dung: str
    diem_toi_da: float
    phuong_thuc: str  # leaves only
    co_quan: str
    loai: str  # "" or "diem_tru"
    la: bool


@dataclass
class LeafScore:
    """What the generator wrote for one leaf of one unit (the truth)."""

    self_score: float | None = None
    td1: float | None = None
    td2: float | None = None
    xhh: float | None = None
    kad: bool = False
    note: str = ""
    explanation: str = ""
    evidence: str = ""

    @property
    def appraised(self) -> float:
        return self.td2 if self.td2 is not None else (self.td1 or 0.0)


@dataclass
class Unit:
    ma: str
    ten: str
    nhom: str
    cap_tren: str = ""
    scores: dict[str, LeafScore] = field(default_factory=dict)


# ---------------------------------------------------------------- framework

def build_framework(nhom: str) -> list[Row]:
    """A group's criteria tree: 8 areas from the catalogue, maxima per the group, deductions."""
    spec = cat.GROUPS[nhom]
    rows: list[Row] = []
    for (area, (name, agency, criteria)), area_max in zip(cat.AREAS.items(), spec["areas"]):
        rows.append(Row(area, name, float(area_max), "", agency, "", False))
        components = [comp for _, comps in criteria for comp in comps]
        maxima = iter(split_points(area_max, [w for _, w, _ in components]))
        for i, (text, comps) in enumerate(criteria, start=1):
            comp_max = [next(maxima) for _ in comps]
            rows.append(Row(f"{area}.{i}", text, sum(comp_max), "", agency, "", False))
            for j, ((comp_text, _, method), m) in enumerate(zip(comps, comp_max), start=1):
                rows.append(Row(f"{area}.{i}.{j}", comp_text, m, method, cat.COMPONENT_AGENCY.get(comp_text, agency),
                                "", True))
    name, agency, deductions = cat.DEDUCTIONS
    code = spec["tru"]
    rows.append(Row(code, name, sum(m for _, m in deductions), "", agency, "diem_tru", False))
    for i, (text, m) in enumerate(deductions, start=1):
        rows.append(Row(f"{code}.{i}", text, m, "TĐ", agency, "diem_tru", True))
    return rows


# ---------------------------------------------------------------- units

def ascii_id(text: str) -> str:
    s = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in s).split())


def build_units() -> list[Unit]:
    """About 20 departments, 8 districts and 100 communes, the same every year."""
    units = [Unit(ascii_id(name), name, "so") for name in cat.DEPARTMENTS]
    rng = random.Random("communes")
    used: set[str] = set()
    for kind, place, count, word in cat.DISTRICTS:
        d_id = ascii_id({"thành phố": "tp", "thị xã": "tx", "huyện": "huyen"}[kind] + " " + place)
        units.append(Unit(d_id, f"UBND {kind} {place}", "huyen"))
        for k in range(count):
            if kind == "thành phố" and k < count // 2:
                name, ma = f"Phường {k + 1}", f"phuong-{k + 1}-{d_id}"
            else:
                while True:
                    first, second = rng.choice(cat.NAME_FIRST), rng.choice(cat.NAME_SECOND)
                    name = f"{word} {first} {second}"
                    ma = ascii_id(name)
                    if ma not in used and first != second:
                        break
            used.add(ma)
            # "UBND Phường 1" keeps its capital (a number names it); "UBND phường Tường Mỹ" like "UBND xã …".
            kind_word = "Phường" if name.split(" ", 1)[1].isdigit() else ("phường" if word == "Phường" else "xã")
            units.append(Unit(ma, f"UBND {kind_word} {name.split(' ', 1)[1]}", "xa", d_id))
    return units


# ---------------------------------------------------------------- scores

def quarter(x: float) -> float:
    return round(x * 4) / 4


def fitting(criterion: str, drawn: str, pool: list[str], kind: int) -> str:
    """The note (kind 0) or explanation (kind 1) written for this criterion, chosen by the position of the text
    drawn from the generic pool: the random stream, and so every score, stays what it was."""
    own = cat.COMPONENT_NOTES.get(criterion)
    if not own:
        return drawn
    return own[kind][pool.index(drawn) % len(own[kind])]


def score_unit(unit: Unit, framework: list[Row], year: int) -> None:
    """Invent the unit's sheet: self-scores, appraisals, survey points, deductions, notes."""
    base = random.Random(f"quality:{unit.ma}")
    rng = random.Random(f"{year}:{unit.ma}")
    quality = min(0.99, max(0.55, base.gauss(0.80, 0.07) + (year - 2022) * 0.012 + rng.gauss(0, 0.02)))
    survey = min(0.98, max(0.5, quality + rng.gauss(0.0, 0.05)))
    second_round = rng.random() < 0.25
    deducted = rng.random() < 0.25
    not_applicable = {"3.2.2", "3.2.3"} if unit.ma in ("ban-dan-toc", "so-ngoai-vu", "thanh-tra-tinh") else set()
    for row in framework:
        if not row.la:
            continue
        s = LeafScore()
        if row.ma in not_applicable:
            s.kad = True
        elif row.loai == "diem_tru":
            if deducted and row.ma.endswith(".2"):
                s.td1 = rng.choice([0.5, 1.0])
                s.self_score = 0.0 if rng.random() < 0.5 else s.td1
                s.note = "Chậm thực hiện nhiệm vụ được giao tại Kế hoạch CCHC"
        elif row.phuong_thuc == "XHH":
            s.xhh = round(row.diem_toi_da * min(1.0, max(0.3, survey + rng.gauss(0, 0.06))), 2)
        else:
            m = row.diem_toi_da
            if rng.random() < quality:
                s.td1 = m
            else:
                s.td1 = max(0.0, m - quarter(rng.uniform(0.25, m)))
                s.note = fitting(row.noi_dung, rng.choice(cat.LOSS_NOTES), cat.LOSS_NOTES, 0)
                if rng.random() < 0.3:
                    s.explanation = fitting(row.noi_dung, rng.choice(cat.EXPLANATIONS), cat.EXPLANATIONS, 1)
            s.self_score = m if (s.td1 < m and rng.random() < 0.6) else s.td1
            if second_round and s.td1 < m and rng.random() < 0.5:
                s.td2 = min(m, s.td1 + 0.25 * rng.randint(1, 2))
                drawn = rng.choice(cat.SECOND_APPRAISAL_NOTES)  # drawn as before: the random stream is unchanged
                if s.td2 < m:  # an explanation only partly accepted still loses points: the note says so
                    drawn = cat.SECOND_APPRAISAL_PARTIAL[cat.SECOND_APPRAISAL_NOTES.index(drawn)]
                s.note = drawn
                # A second appraisal follows the unit's explanation: the sheet shows it.
                s.explanation = s.explanation or fitting(row.noi_dung, cat.EXPLANATIONS[0], cat.EXPLANATIONS, 1)
            s.evidence = f"Văn bản số {rng.randint(5, 480)}/{rng.choice(['KH', 'BC', 'QĐ'])} ngày " \
                         f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}"
        unit.scores[row.ma] = s


# ---------------------------------------------------------------- layouts

@dataclass(frozen=True)
class Layout:
    pad: int
    title: list[str]
    labels: dict[str, str]
    order: list[str]
    roman: bool
    trailing_dot: bool
    numeric_codes: bool
    comma_text: bool
    parents: str  # formula | typed | blank
    wrong_typed_sum: bool
    spacers: bool
    numbering_row: bool
    negative_deductions: bool


def choose_layout(unit: Unit, year: int, has_second: bool, province: str) -> Layout:
    rng = random.Random(f"layout:{year}:{unit.ma}")
    labels = {
        "code": rng.choice(["STT", "Mã", "Mã tiêu chí", "stt"]),
        "text": rng.choice(["Nội dung", "Lĩnh vực/Tiêu chí", "Tiêu chí", "NỘI DUNG", "Lĩnh vực / Tiêu chí"]),
        "max": rng.choice(["Điểm tối đa", "ĐIỂM TỐI ĐA", "Điểm\ntối đa"]),
        "self": rng.choice(["Điểm tự đánh giá", "Điểm tự chấm", "ĐTC", "Điểm  tự đánh giá "]),
        "appraisal": rng.choice(["Điểm thẩm định", "Điểm thẩm định lần 1", "TĐ1"]),
        "appraisal2": rng.choice(["Điểm thẩm định lần 2", "TĐ2"]),
        "explanation": "Giải trình",
        "evidence": rng.choice(["Tài liệu kiểm chứng", "TLKC"]),
        "note": "Ghi chú",
    }
    order = ["code", "text", "max", "self", "appraisal"]
    if has_second or rng.random() < 0.15:  # some templates carry an empty TĐ2 column
        order.append("appraisal2")
    if rng.random() < 0.2:
        order[1], order[2] = order[2], order[1]  # max before text
    extras = ["evidence", "explanation", "note"]
    rng.shuffle(extras)
    if rng.random() < 0.3:  # evidence before the scores, as some templates do
        order.insert(3, "evidence")
        extras.remove("evidence")
    if rng.random() < 0.3 and "explanation" in extras:
        extras.remove("explanation")
    order += extras
    name = unit.ten
    title = rng.choice([
        [f"UBND TỈNH {province.upper()}", name.upper(), f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC NĂM {year}"],
        [f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC NĂM {year}", f"Đơn vị: {name}", ""],
        [f"KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}", f"(Kèm theo Báo cáo của {name})", "",
         "Đơn vị tính: điểm"],
    ])
    comma = rng.random() < 0.35
    return Layout(
        pad=rng.choice([0, 0, 1]), title=title, labels=labels, order=order, roman=rng.random() < 0.4,
        trailing_dot=rng.random() < 0.3, numeric_codes=rng.random() < 0.2, comma_text=comma,
        parents="typed" if comma else rng.choice(["formula", "formula", "typed", "blank"]),
        wrong_typed_sum=rng.random() < 0.1, spacers=rng.random() < 0.3, numbering_row=rng.random() < 0.15,
        negative_deductions=rng.random() < 0.5)


def show_code(ma: str, la: bool, layout: Layout):
    parts = ma.split(".")
    if len(parts) == 1 and layout.roman and ma.isdigit():
        return ROMAN[int(ma) - 1]
    if layout.numeric_codes and len(parts) <= 2 and all(p.isdigit() for p in parts):
        return float(ma) if "." in ma else int(ma)
    return ma + "." if layout.trailing_dot else ma


def show_points(x: float | None, layout: Layout):
    if x is None:
        return None
    if layout.comma_text and not float(x).is_integer():
        return f"{x:g}".replace(".", ",")
    return x


# ---------------------------------------------------------------- writers

def write_framework(path: Path, frameworks: dict[str, list[Row]]) -> None:
    book = new_book(path)
    for nhom, rows in frameworks.items():
        ws = book.add_worksheet(nhom)
        ws.write_row(0, 0, ["ma", "noi_dung", "diem_toi_da", "phuong_thuc", "co_quan_tham_dinh", "loai"])
        for i, r in enumerate(rows, start=1):
            ws.write_row(i, 0, [r.ma, r.noi_dung, r.diem_toi_da, r.phuong_thuc if r.la else "", r.co_quan, r.loai])
        ws.set_column(1, 1, 60)
    book.close()


def write_units(path: Path, units: list[Unit]) -> None:
    book = new_book(path)
    ws = book.add_worksheet("don-vi")
    ws.write_row(0, 0, ["ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren"])
    for i, u in enumerate(units, start=1):
        ws.write_row(i, 0, [u.ma, u.ten, u.nhom, u.cap_tren])
    book.close()


def write_sheet(path: Path, unit: Unit, framework: list[Row], layout: Layout, year: int, place: str) -> None:
    """One unit's scoring sheet: title block, header, rows, parent sums, signature block."""
    book = new_book(path)
    ws = book.add_worksheet(random.Random(unit.ma).choice(["Sheet1", "Tự chấm", f"CCHC {year}", "Bieu 1"]))
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    col = {name: layout.pad + i for i, name in enumerate(layout.order)}
    width = len(layout.order)
    r = 0
    for line in layout.title:
        if line:
            ws.merge_range(r, layout.pad, r, layout.pad + width - 1, line, bold)
        r += 1
    r += 1
    for name, c in col.items():
        ws.write(r, c, layout.labels[name], bold)
    r += 1
    if layout.numbering_row:
        for i, c in enumerate(col.values(), start=1):
            ws.write(r, c, f"({i})")
        r += 1
    row_of: dict[str, int] = {}
    children: dict[str, list[str]] = {}
    for row in framework:
        children.setdefault(row.ma.rpartition(".")[0], []).append(row.ma)
    leaf_sums = _parent_sums(unit, framework)
    for row in framework:
        if layout.spacers and row.ma.count(".") == 0 and r > 0 and row.ma != framework[0].ma:
            r += 1  # a blank spacer row before each area
        row_of[row.ma] = r
        ws.write(r, col["code"], show_code(row.ma, row.la, layout))
        ws.write(r, col["text"], row.noi_dung)
        ws.write(r, col["max"], show_points(row.diem_toi_da, layout))
        if row.la:
            s = unit.scores[row.ma]
            if s.kad:
                ws.write(r, col["self"], "KAD")
                ws.write(r, col["appraisal"], random.Random(unit.ma).choice(["KAD", "Không áp dụng"]))
            elif row.phuong_thuc == "TĐ":
                sign = -1 if (row.loai == "diem_tru" and layout.negative_deductions) else 1
                for name, value in (("self", s.self_score), ("appraisal", s.td1), ("appraisal2", s.td2)):
                    if name in col and value is not None and (row.loai != "diem_tru" or value):
                        ws.write(r, col[name], show_points(sign * value if value else value, layout))
                for name, text in (("note", s.note), ("explanation", s.explanation), ("evidence", s.evidence)):
                    if name in col and text:
                        ws.write(r, col[name], text)
        r += 1
    # Parent rows: SUM-like formulas with cached values, typed sums (sometimes wrong), or blank.
    for row in framework:
        if row.la or layout.parents == "blank" or row.loai == "diem_tru":
            continue
        for name, key in (("self", "self"), ("appraisal", "td1")):
            total = leaf_sums[row.ma][key]
            cell = (row_of[row.ma], col[name])
            if layout.parents == "formula":
                refs = "+".join(xlsxwriter.utility.xl_rowcol_to_cell(row_of[k], col[name]) for k in children[row.ma])
                ws.write_formula(*cell, f"={refs}", None, total)
            else:
                typed = total + (1.0 if layout.wrong_typed_sum and row.ma == "2" and name == "self" else 0.0)
                ws.write(*cell, show_points(typed, layout))
    # Signature block below the table: text only, no scores, so the reader ignores it.
    r += 1
    ws.write(r, col["text"], f"{place}, ngày 15 tháng 01 năm {year + 1}")
    ws.write(r + 1, col["code"], "NGƯỜI LẬP BIỂU")
    ws.merge_range(r + 1, col["text"], r + 1, col["text"] + 1, "THỦ TRƯỞNG ĐƠN VỊ", bold)
    ws.write(r + 2, col["text"], "(Ký, ghi rõ họ tên, đóng dấu)")
    book.close()


def _parent_sums(unit: Unit, framework: list[Row]) -> dict[str, dict[str, float]]:
    """What a clerk types in parent rows: sums of the TĐ leaves' self-scores and first appraisals."""
    sums: dict[str, dict[str, float]] = {}
    for row in framework:
        if row.la or row.loai == "diem_tru":
            continue
        leaves = [r for r in framework if r.la and r.ma.startswith(row.ma + ".") and r.phuong_thuc == "TĐ"]
        sums[row.ma] = {
            "self": round(sum(unit.scores[r.ma].self_score or 0.0 for r in leaves), 6),
            "td1": round(sum(unit.scores[r.ma].td1 or 0.0 for r in leaves), 6)}
    return sums


def write_survey(path: Path, units: list[Unit], frameworks: dict[str, list[Row]]) -> None:
    codes = list(dict.fromkeys(r.ma for rows in frameworks.values() for r in rows if r.la and r.phuong_thuc == "XHH"))
    book = new_book(path)
    ws = book.add_worksheet("XHH")
    ws.write_row(0, 0, ["ma_don_vi", "ten_don_vi", *codes])
    for i, u in enumerate(units, start=1):
        ws.write_row(i, 0, [u.ma, u.ten] + [u.scores[c].xhh if c in u.scores else None for c in codes])
    book.close()


def process_keys(year: int) -> str:
    """The sample's `process:` (legal basis, timeline, appraisal body, survey sample): numbers invented for
    the sample, dates in the order a real year runs (the results are published before the report)."""
    if year in NATIONAL_ONLY_YEARS:
        return ""
    issuer = "UBND tỉnh Vĩnh Long"
    return f"""process:
  basis:
    - kind: Quyết định
      number: {1190 - (2023 - year) * 37}/QĐ-UBND
      date: {year}-06-02
      issuer: {issuer}
      title: "về việc ban hành Bộ Chỉ số theo dõi, đánh giá, xếp hạng kết quả thực hiện cải cách hành chính của các sở, ban, ngành tỉnh, UBND cấp huyện và UBND cấp xã"
    - kind: Kế hoạch
      number: {115 - (2023 - year) * 9}/KH-UBND
      date: {year}-10-16
      issuer: {issuer}
      title: "xác định Chỉ số cải cách hành chính năm {year} của các cơ quan, đơn vị, địa phương"
  publication:
    kind: Quyết định
    number: {456 - (2023 - year) * 21}/QĐ-UBND
    date: {year + 1}-03-05
    issuer: {issuer}
    title: "về việc công bố Chỉ số cải cách hành chính năm {year} của các sở, ban, ngành tỉnh, UBND cấp huyện và UBND cấp xã"
  appraisal_body: Hội đồng thẩm định Chỉ số cải cách hành chính tỉnh
  timeline:
    - {{date: {year}-12-15, event: "các cơ quan, đơn vị, địa phương hoàn thành tự đánh giá, chấm điểm và gửi tài liệu kiểm chứng"}}
    - {{date: {year + 1}-01-20, event: "các sở chủ trì lĩnh vực hoàn thành thẩm định lần 1"}}
    - {{date: {year + 1}-02-05, event: "các đơn vị giải trình; các sở chủ trì thẩm định lần 2"}}
    - {{date: {year + 1}-02-26, event: "Hội đồng thẩm định thống nhất kết quả, trình UBND tỉnh công bố"}}
  survey:
    respondents: {3250 - (2023 - year) * 180}
    method: "phát phiếu trực tiếp cho người dân, tổ chức và cán bộ, công chức, tháng 10–11/{year}"
"""


def write_dataset(path: Path, year: int) -> None:
    numbers = {2022: (("94/BC-SNV", "2023-03-13"), ("196/BC-SNV", "2023-05-17")),
               2023: (("82/BC-SNV", "2024-03-12"), ("188/BC-SNV", "2024-05-20"))}
    (units_no, units_date), (nat_no, nat_date) = numbers.get(
        year, ((f"{year % 100}/BC-SNV", f"{year + 1}-03-15"), (f"{year % 100 + 100}/BC-SNV", f"{year + 1}-05-20")))
    # 2023 numbers its unit notices as a series (Thông báo); other years send them as appendices.
    notices = (f"unit_notices: {{first_number: 95, suffix: TB-SNV, date: {units_date}, report_by: {year + 1}-06-30, "
               "report_to: Sở Nội vụ}\n"
               if year == 2023 else "")
    path.write_text(f"""# Sample province generated by `python -m pipeline sample`; not real results.
year: {year}
province: Vĩnh Long
agency: Sở Nội vụ
parent_agency: UBND tỉnh Vĩnh Long
place: Vĩnh Long
sample: true
groups:
  so: Sở, ban, ngành tỉnh
  huyen: UBND các huyện, thị xã, thành phố
  xa: UBND các xã, phường, thị trấn
reports:
  units:    {{number: "{units_no}", date: {units_date}}}
  national: {{number: "{nat_no}", date: {nat_date}, copies: [Bộ Nội vụ]}}
{notices}signer: {{name: Trần Văn Minh, title: Phó Giám đốc, on_behalf_of: Giám đốc}}
bands:
  - {{name: Xuất sắc,   min: 90}}
  - {{name: Tốt,        min: 80}}
  - {{name: Khá,        min: 70}}
  - {{name: Trung bình, min: 50}}
  - {{name: Yếu,        min: 0}}
{process_keys(year)}{dataset_keys(year)}""", encoding="utf-8")


SAMPLE_CORRECTIONS = {2023: [
    # unit, column, reason, document: the first leaf of the unit where it applies is corrected
    ("so-tu-phap", "tham_dinh", "Phúc tra kết quả thẩm định, chấp nhận tài liệu kiểm chứng bổ sung",
     "Công văn số 312/SNV-CCHC ngày 20/02/2024"),
    ("huyen-tra-on", "tham_dinh", "Điều chỉnh theo số liệu Hệ thống thông tin giải quyết TTHC",
     "Công văn số 318/SNV-CCHC ngày 22/02/2024"),
    ("huyen-mang-thit", "xhh", "Nhập sai số liệu điều tra xã hội học",
     "Công văn số 325/SNV-CCHC ngày 26/02/2024"),
]}


def apply_sample_corrections(units: dict[str, Unit], frameworks: dict[str, list[Row]],
                             corrections: list[tuple[str, str, str, str]]) -> list[tuple[str, ...]]:
    """Apply corrections to the truth: an appraisal restored to full points, a survey value halved."""
    lines = []
    for ma, column, reason, document in corrections:
        unit = units[ma]
        for leaf in frameworks[unit.nhom]:
            s = unit.scores.get(leaf.ma)
            if not leaf.la or leaf.loai or s is None or s.kad:
                continue
            if column == "xhh" and leaf.phuong_thuc == "XHH":
                s.xhh = round((s.xhh or 0.0) / 2, 2)
                new = s.xhh
                break
            if column == "tham_dinh" and leaf.phuong_thuc == "TĐ" and s.appraised < leaf.diem_toi_da:
                s.td1, s.td2 = leaf.diem_toi_da, None
                new = s.td1
                break
        lines.append((ma, leaf.ma, column, f"{new:g}".replace(".", ","), reason, document))
    return lines


def corrections_bytes(lines: list[tuple]) -> bytes:
    text = "ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\n" + "".join(
        ",".join(f'"{v}"' if ("," in v) else v for v in line) + "\n" for line in lines)
    return text.encode("utf-8")


def write_corrections(path: Path, lines: list[tuple]) -> None:
    path.write_bytes(corrections_bytes(lines))


def sample_corrections_bytes(year: int) -> bytes | None:
    """The hieu-chinh.csv the generator writes for a year (None: it writes none)."""
    if year not in SAMPLE_CORRECTIONS:
        return None
    units, frameworks = scored_year(year)
    return corrections_bytes(apply_sample_corrections({u.ma: u for u in units}, frameworks,
                                                      SAMPLE_CORRECTIONS[year]))


# ---------------------------------------------------------------- the whole year

@dataclass
class Truth:
    """What the generator wrote: every unit's totals, computed here by plain arithmetic."""

    units: dict[str, Unit]
    frameworks: dict[str, list[Row]]

    def totals(self, ma: str) -> dict[str, float]:
        unit = self.units[ma]
        t = {"diem_toi_da": 0.0, "tu_danh_gia": 0.0, "tham_dinh": 0.0, "xhh": 0.0, "diem_tru": 0.0}
        for row in self.frameworks[unit.nhom]:
            if not row.la:
                continue
            s = unit.scores[row.ma]
            if s.kad:
                continue
            if row.loai == "diem_tru":
                t["diem_tru"] += s.appraised
                continue
            t["diem_toi_da"] += row.diem_toi_da
            if row.phuong_thuc == "XHH":
                t["xhh"] += s.xhh or 0.0
            else:
                t["tu_danh_gia"] += s.self_score or 0.0
                t["tham_dinh"] += s.appraised
        t["tong_diem"] = t["tham_dinh"] + t["xhh"] - t["diem_tru"]
        t["chi_so"] = t["tong_diem"] / t["diem_toi_da"] * 100
        return t


def generate_year(data_dir: Path, year: int) -> Truth:
    """Write raw/<year>/ of the sample province and return what was written."""
    raw = data_dir / "raw" / str(year)
    units, frameworks = scored_year(year)
    by_id = {u.ma: u for u in units}
    write_unit_files(raw, year, units, frameworks)
    if year in SAMPLE_CORRECTIONS:  # sheets keep the old values; the truth takes the corrected ones
        write_corrections(raw / config.CORRECTIONS_FILE, apply_sample_corrections(
            by_id, frameworks, SAMPLE_CORRECTIONS[year]))
    write_national(raw / config.NATIONAL_DIR, year)
    return Truth(by_id, frameworks)


def scored_year(year: int) -> tuple[list[Unit], dict[str, list[Row]]]:
    """The sample's units scored for a year, with the frameworks."""
    frameworks = {nhom: build_framework(nhom) for nhom in cat.GROUPS}
    units = build_units()
    for unit in units:
        score_unit(unit, frameworks[unit.nhom], year)
    by_id = {u.ma: u for u in units}
    # Ties, so that ranks 1, 2, 2, 4 show up: a department and a commune copy another's scores.
    for copy, source in (("so-y-te", "so-cong-thuong"), (units[-1].ma, units[-3].ma)):
        by_id[copy].scores = {k: LeafScore(**vars(v)) for k, v in by_id[source].scores.items()}
    return units, frameworks


def write_unit_files(raw: Path, year: int, units: list[Unit], frameworks: dict) -> None:
    """dataset.yml, the framework, the units, every unit's scoring sheet and the survey."""
    write_dataset(_ensure(raw) / config.DATASET_FILE, year)
    write_framework(raw / config.FRAMEWORK_FILE, frameworks)
    write_units(raw / config.UNITS_FILE, units)
    for unit in units:
        has_second = any(s.td2 is not None for s in unit.scores.values())
        write_sheet(raw / config.SHEETS_DIR / f"{unit.ma}.xlsx", unit, frameworks[unit.nhom],
                    choose_layout(unit, year, has_second, "Vĩnh Long"), year, "Vĩnh Long")
    write_survey(raw / config.SURVEY_FILE, units, frameworks)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def generate_large(data_dir: Path, year: int, communes: int) -> Truth:
    """A national-scale year for benchmarks: the sample's departments and districts plus N communes."""
    raw = data_dir / "raw" / str(year)
    frameworks = {nhom: build_framework(nhom) for nhom in cat.GROUPS}
    base = [u for u in build_units() if u.nhom != "xa"]
    districts = [u.ma for u in base if u.nhom == "huyen"]
    units = base + [Unit(f"xa-{i:05d}", f"UBND xã Thử Nghiệm {i}", "xa", districts[i % len(districts)])
                    for i in range(1, communes + 1)]
    for unit in units:
        score_unit(unit, frameworks[unit.nhom], year)
    write_unit_files(raw, year, units, frameworks)
    return Truth({u.ma: u for u in units}, frameworks)


NATIONAL_ONLY_YEARS = (2025,)


def generate_national_year(data_dir: Path, year: int) -> None:
    """A year that has only the national index so far (raw/<year>/dataset.yml and quoc-gia/):
    the sample's 2025, after the reform (34 provinces, seven areas)."""
    raw = _ensure(Path(data_dir) / "raw" / str(year))
    write_dataset(raw / config.DATASET_FILE, year)
    write_national(raw / config.NATIONAL_DIR, year)


class SampleRefused(Exception):
    """The data folder holds data the generator did not write: nothing is written (Vietnamese message)."""


def refusals(data_dir: Path, years: tuple[int, ...]) -> list[str]:
    """Why `make sample` must not write into data_dir: for each year, a raw/<year>/ whose dataset.yml is not
    `sample: true` (real data, or a folder of something else), or a hieu-chinh.csv other than the one the
    generator writes (corrections typed in by hand). Empty when every year may be (re)written."""
    import yaml  # a runtime dependency of the package; only this check reads YAML here

    found = []
    for year in years:
        raw = Path(data_dir) / "raw" / str(year)
        if not raw.is_dir() or not any(raw.iterdir()):
            continue
        dataset = raw / config.DATASET_FILE
        try:
            marked = dataset.is_file() and (yaml.safe_load(dataset.read_text(encoding="utf-8")) or {}).get(
                "sample") is True
        except (yaml.YAMLError, UnicodeDecodeError, AttributeError):
            marked = False
        if not marked:
            found.append(f"{raw}: {config.DATASET_FILE} không ghi `sample: true` (đây không phải dữ liệu mẫu)")
            continue
        corrections = raw / config.CORRECTIONS_FILE
        if corrections.exists() and corrections.read_bytes() != sample_corrections_bytes(year):
            found.append(f"{corrections}: tệp điều chỉnh không phải do make sample tạo ra (đã được sửa hoặc thêm "
                         "bằng tay)")
    return found


def generate(data_dir: Path, years: tuple[int, ...] = (2022, 2023, 2025)) -> dict[int, Truth]:
    """The sample province's years under data_dir/raw; refuses (SampleRefused) before writing anything when a
    year's folder holds data the generator did not write."""
    found = refusals(Path(data_dir), years)
    if found:
        raise SampleRefused("\n".join(found))
    truths = {}
    for year in years:
        if year in NATIONAL_ONLY_YEARS:
            generate_national_year(Path(data_dir), year)
        else:
            truths[year] = generate_year(Path(data_dir), year)
    return truths
