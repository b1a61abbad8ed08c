"""A tiny province for the forms' round trips, and a clerk's hands: fill a form or an agency workbook the way a
person would (only the unlocked cells, openpyxl, no validation), with values the test keeps to check against.

Nothing here calls the code under test to compute an expected value."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

from openpyxl import Workbook, load_workbook

FRAMEWORK = {
    "so": [
        ("1", "Chỉ đạo, điều hành", 6, None, "Sở Nội vụ", None),
        ("1.1", "Kế hoạch", 6, None, "Sở Nội vụ", None),
        ("1.1.1", "Ban hành kế hoạch đúng hạn", 1, "TĐ", "Sở Nội vụ", None),
        ("1.1.2", "Mức độ thực hiện kế hoạch", 2.25, "TĐ", "Sở Nội vụ", None),
        ("1.1.3", "Kiểm tra, xử lý sau kiểm tra", 2.75, "TĐ", "Sở Tư pháp", None),
        ("2", "Thể chế", 4, None, "Sở Tư pháp", None),
        ("2.1", "Văn bản quy phạm pháp luật", 2, None, "Sở Tư pháp", None),
        ("2.1.1", "Rà soát văn bản", 1.5, "TĐ", "Sở Tư pháp", None),
        ("2.1.2", "Theo dõi thi hành pháp luật", 0.5, "TĐ", "Sở Tư pháp", None),
        ("2.2", "Sự hài lòng", 2, None, "Sở Nội vụ", None),
        ("2.2.1", "Hài lòng của người dân", 2, "XHH", "Sở Nội vụ", None),
        ("9", "Điểm trừ", 2, None, "Sở Nội vụ", "diem_tru"),
        ("9.1", "Vi phạm kỷ luật", 1, "TĐ", "Sở Nội vụ", "diem_tru"),
        ("9.2", "Chậm nhiệm vụ", 1, "TĐ", "Sở Nội vụ", "diem_tru"),
    ],
    "xa": [
        ("1", "Chỉ đạo, điều hành", 5, None, "Sở Nội vụ", None),
        ("1.1", "Kế hoạch", 5, None, "Sở Nội vụ", None),
        ("1.1.1", "Ban hành kế hoạch đúng hạn", 2, "TĐ", "Sở Nội vụ", None),
        ("1.1.2", "Mức độ thực hiện kế hoạch", 3, "TĐ", "Sở Tư pháp", None),
        ("2", "Sự hài lòng", 5, None, "Sở Nội vụ", None),
        ("2.1", "Hài lòng", 5, None, "Sở Nội vụ", None),
        ("2.1.1", "Hài lòng của người dân", 5, "XHH", "Sở Nội vụ", None),
        ("D", "Điểm trừ", 1, None, "Sở Nội vụ", "diem_tru"),
        ("D.1", "Vi phạm", 1, "TĐ", "Sở Nội vụ", "diem_tru"),
    ],
}
GROUP_MAX = {"so": 10, "xa": 10}
UNITS = [("so-a", "Sở A", "so", None), ("so-b", "Sở B", "so", None), ("so-c", "Sở C", "so", None),
         ("so-d", "Sở D", "so", None), ("xa-a", "UBND xã A", "xa", None), ("xa-b", "UBND xã B", "xa", None),
         ("xa-c", "UBND xã C", "xa", None)]
NOT_APPLICABLE = {"so-c": ["1.1.3"]}  # preset in dataset.yml
DATASET = """year: 2023
province: Vĩnh Long
agency: Sở Nội vụ
parent_agency: UBND tỉnh Vĩnh Long
place: Vĩnh Long
sample: false
group_max: {so: 10, xa: 10}
reports:
  units: {number: "94/BC-SNV", date: 2024-03-13}
bands:
  - {name: Xuất sắc, min: 90}
  - {name: Tốt, min: 80}
  - {name: Khá, min: 70}
  - {name: Trung bình, min: 50}
  - {name: Yếu, min: 0}
forms:
  deadline: 2023-12-15
  send_to: Sở Nội vụ tỉnh Vĩnh Long (Phòng Cải cách hành chính)
  rounds: 2
  not_applicable: {so-c: ['1.1.3']}
"""
BANDS = [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0)]
STEP = 0.25
SURVEY = {"so": ["2.2.1"], "xa": ["2.1.1"]}


def write_province(raw: Path, seed: int = 1) -> dict[tuple[str, str], float]:
    """raw/<YEAR>/ without unit sheets: dataset.yml, framework, units, survey. Returns the survey points."""
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "dataset.yml").write_text(DATASET, encoding="utf-8")
    wb = Workbook()
    wb.remove(wb.active)
    for nhom, rows in FRAMEWORK.items():
        ws = wb.create_sheet(nhom)
        ws.append(["ma", "noi_dung", "diem_toi_da", "phuong_thuc", "co_quan_tham_dinh", "loai"])
        for row in rows:
            ws.append(list(row))
    wb.save(raw / "bo-tieu-chi.xlsx")
    wb = Workbook()
    wb.active.append(["ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren"])
    for unit in UNITS:
        wb.active.append(list(unit))
    wb.save(raw / "don-vi.xlsx")
    rng = random.Random(seed)
    survey: dict[tuple[str, str], float] = {}
    wb = Workbook()
    codes = [c for cs in SURVEY.values() for c in cs]
    wb.active.append(["ma_don_vi", *codes])
    for ma, _, nhom, _ in UNITS:
        line = [ma]
        for c in codes:
            if c in SURVEY[nhom]:
                top = next(r[2] for r in FRAMEWORK[nhom] if r[0] == c)
                survey[(ma, c)] = rng.randint(0, int(top / STEP)) * STEP
                line.append(survey[(ma, c)])
            else:
                line.append(None)
        wb.active.append(line)
    wb.save(raw / "dieu-tra-xhh.xlsx")
    return survey


def header_columns(ws, labels: set[str]) -> tuple[int, dict[str, int]]:
    """Row and columns (1-based) of the header row holding these labels."""
    for row in ws.iter_rows(min_row=1, max_row=30):
        found = {c.value: c.column for c in row if c.value in labels}
        if len(found) == len(labels):
            return row[0].row, found
    raise AssertionError(f"no header with {labels}")


def fill_unit_form(form: Path, dest: Path, rng: random.Random, not_applicable_share: float = 0.1) -> dict[str, object]:
    """A unit filling its form: every unlocked self-score cell gets a random multiple of the step up to the row's
    maximum (or KAD now and then); evidence and explanation too. Returns {code: score or 'KAD'}."""
    wb = load_workbook(form)
    ws = wb.worksheets[0]
    head, cols = header_columns(ws, {"Mã tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Tài liệu kiểm chứng",
                                     "Giải trình"})
    filled: dict[str, object] = {}
    for r in range(head + 1, ws.max_row + 1):
        code = ws.cell(r, cols["Mã tiêu chí"]).value
        cell = ws.cell(r, cols["Điểm tự đánh giá"])
        if code is None:
            continue
        if cell.protection.locked:
            if cell.value == "KAD":
                filled[code] = "KAD"
            continue
        top = float(ws.cell(r, cols["Điểm tối đa"]).value)
        if rng.random() < not_applicable_share:
            cell.value = "KAD"
        else:
            cell.value = rng.randint(0, round(top / STEP)) * STEP
        filled[code] = cell.value
        ws.cell(r, cols["Tài liệu kiểm chứng"]).value = f"Văn bản số {rng.randint(1, 999)}/QĐ-UBND"
        ws.cell(r, cols["Giải trình"]).value = "Đã thực hiện đầy đủ"
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)
    return filled


def fill_agency_workbook(book: Path, dest: Path, rng: random.Random, second_share: float = 0.3
                         ) -> dict[tuple[str, str], float | None]:
    """An agency appraising: round 1 for every row whose unit scored it (KAD rows left blank), round 2 for some.
    Returns {(ma_don_vi, code): the appraisal that counts (round 2 when given), or None when left blank}."""
    wb = load_workbook(book)
    out: dict[tuple[str, str], float | None] = {}
    for ws in wb.worksheets:
        try:
            head, cols = header_columns(ws, {"Mã đơn vị", "Mã tiêu chí", "Điểm tối đa", "Điểm tự đánh giá",
                                             "Điểm thẩm định lần 1", "Ghi chú lần 1"})
        except AssertionError:
            continue  # the instructions sheet
        second = "Điểm thẩm định lần 2" in [c.value for c in ws[head]]
        col2 = next((c.column for c in ws[head] if c.value == "Điểm thẩm định lần 2"), None)
        for r in range(head + 1, ws.max_row + 1):
            ma = ws.cell(r, cols["Mã đơn vị"]).value
            code = ws.cell(r, cols["Mã tiêu chí"]).value
            if ma is None:
                continue
            own = ws.cell(r, cols["Điểm tự đánh giá"]).value
            if own == "KAD":
                out[(ma, code)] = None
                continue
            top = float(ws.cell(r, cols["Điểm tối đa"]).value)
            first = rng.randint(0, round(top / STEP)) * STEP
            ws.cell(r, cols["Điểm thẩm định lần 1"]).value = first
            ws.cell(r, cols["Ghi chú lần 1"]).value = "Đủ tài liệu" if first == top else "Thiếu tài liệu"
            out[(ma, code)] = first
            if second and rng.random() < second_share:
                again = rng.randint(0, round(top / STEP)) * STEP
                ws.cell(r, col2).value = again
                out[(ma, code)] = again
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)
    return out


def expected_totals(self_scores: dict[str, dict[str, object]], appraisals: dict[tuple[str, str], float | None],
                    survey: dict[tuple[str, str], float]) -> dict[str, dict]:
    """Totals, index, rank and band of each unit worked out from the filled numbers alone (contract §9)."""
    out = {}
    for ma, _, nhom, _ in UNITS:
        leaves = [r for r in FRAMEWORK[nhom] if r[3] is not None]
        maximum, tham_dinh, xhh, tru = GROUP_MAX[nhom], 0.0, 0.0, 0.0
        for code, _, top, method, _, kind in leaves:
            if self_scores[ma].get(code) == "KAD":
                if kind != "diem_tru":
                    maximum -= top
                continue
            if method == "XHH":
                xhh += survey[(ma, code)]
            elif kind == "diem_tru":
                tru += appraisals.get((ma, code)) or 0.0
            else:
                tham_dinh += appraisals.get((ma, code)) or 0.0
        tong = tham_dinh + xhh - tru
        out[ma] = {"nhom": nhom, "diem_toi_da": maximum, "tham_dinh": tham_dinh, "xhh": xhh, "diem_tru": tru,
                   "tong_diem": tong, "chi_so": tong / maximum * 100}
    for ma, row in out.items():
        better = [o for o in out.values() if o["nhom"] == row["nhom"] and round(o["chi_so"], 6) > round(row["chi_so"], 6)]
        row["xep_hang"] = len(better) + 1
        row["xep_loai"] = next(name for name, low in BANDS if row["chi_so"] >= low)
    return out


def copy_forms_in(forms: Path, raw: Path) -> None:
    """Forms returned untouched: each unit's generated form as its cham-diem/ sheet."""
    (raw / "cham-diem").mkdir(parents=True, exist_ok=True)
    for path in forms.glob("*/*.xlsx"):
        if path.parent.name != "tham-dinh":
            shutil.copyfile(path, raw / "cham-diem" / path.name)
