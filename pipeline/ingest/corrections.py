"""hieu-chinh.csv: corrections applied after the sheets are read; each change is recorded (contract §7)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from ..contract import (CHANGES, CORRECTABLE, CORRECTION_COLUMNS, CORRECTIONS_FILE, DEDUCTION, MAX_INPUT_BYTES, SCHEMAS,
                        SURVEY, TOLERANCE)
from ..errors import Problem
from ..files import refuse_reading
from ..text import MAX_NAME, MAX_TEXT, forbidden_characters, inline, nfc, too_long
from .cells import column_letter, normalise_code, parse_points, show

COLUMNS = CORRECTION_COLUMNS
TARGETS = CORRECTABLE
REQUIRED_TEXT = {"ly_do": "lý do điều chỉnh", "van_ban": "văn bản điều chỉnh"}  # contract §7: both required
CHANGE_COLUMNS = SCHEMAS[CHANGES]
INTEGER = re.compile(r"[+-]?\d+")
DIGITS = re.compile(r"\d+")


def read_corrections(path: Path, rel: str = CORRECTIONS_FILE) -> tuple[list[dict], list[Problem]]:
    """Rows of hieu-chinh.csv with their file line number; an absent file means no corrections.

    The separator is a comma, or a semicolon when the header is written with semicolons (a CSV
    saved by Excel under Vietnamese regional settings; there numbers carry an unquoted decimal
    comma). A line whose number of fields differs from the header's is a problem naming it and
    is not read; in a comma file that is how an unquoted decimal comma (2,25) shows, and the
    message says to quote it.
    """
    if not path.exists():
        return [], []
    refused = refuse_reading(path, MAX_INPUT_BYTES)
    if refused:
        return [], [Problem(rel, "", "", *refused)]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(rel, "", "", "CORRUPT_FILE", "tệp phải lưu dạng UTF-8")]
    text = nfc(text)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    while header is not None and not any(f.strip() for f in header):  # blank lines above the header
        header = next(reader, None)
    fields = [f.strip() for f in header or []]
    missing = [c for c in COLUMNS if c not in fields]
    if missing:
        return [], [Problem(rel, "", "", "COLUMN_MISSING", f"thiếu cột {', '.join(missing)}")]
    letters = {c: column_letter(fields.index(c)) for c in COLUMNS}
    sheet = Path(rel).stem  # Excel opens a CSV as one sheet named after the file
    rows, problems = [], []
    end = reader.line_num  # last file line read so far: a record starts on the next one
    for values in reader:
        line, end = end + 1, reader.line_num
        values = [v.strip() for v in values]
        if not any(values):  # blank lines, or a row of separators only
            continue
        row: dict[str, str] = {}
        for name, value in zip(fields, values):
            row.setdefault(name, value)  # a column named twice: the first, as its letter says
        problem = _field_count(values, fields, row, line, delimiter)
        if problem:
            where, code, message = problem
            problems.append(Problem(rel, sheet, f"{letters.get(where, 'A')}{line}", code, message))
            continue
        bad_text = False
        for name in COLUMNS:  # text at the door: no control or bidi-override character; names and reasons inline
            reason = forbidden_characters(row[name])
            if reason:
                problems.append(Problem(rel, sheet, f"{letters[name]}{line}", "BAD_CHARACTER", reason))
                bad_text = True
            row[name] = inline(row[name])
            limit = MAX_TEXT if name == "ly_do" else MAX_NAME
            if too_long(row[name], limit):
                problems.append(Problem(rel, sheet, f"{letters[name]}{line}", "TEXT_TOO_LONG",
                                        too_long(row[name], limit)))
                bad_text = True
        if bad_text:
            continue
        rows.append({**{c: row[c] for c in COLUMNS}, "dong": line, "cot_excel": letters})
    return rows, problems


def _delimiter(text: str) -> str:
    """';' when the header line names the contract's columns separated by semicolons, else ','."""
    first = text.lstrip("\r\n").partition("\n")[0]
    names = {f.strip().strip('"').strip() for f in first.split(";")}
    return ";" if ";" in first and set(COLUMNS[:4]) <= names else ","


def _field_count(values: list[str], fields: list[str], row: dict[str, str], line: int, delimiter: str
                 ) -> tuple[str, str, str] | None:
    """(column, code, message) when a line does not split into the header's fields, else None.

    The column is where the problem shows ("" for the line as a whole)."""
    got, want = len(values), len(fields)
    gia_tri = fields.index("gia_tri")
    if delimiter == "," and got == want + 1 and INTEGER.fullmatch(values[gia_tri]) \
            and DIGITS.fullmatch(values[gia_tri + 1]):
        number = f"{values[gia_tri]},{values[gia_tri + 1]}"
        return "gia_tri", "FIELD_COUNT_MISMATCH", (
            f'dòng {line} có {got} trường nhưng dòng tiêu đề có {want}: số thập phân có dấu phẩy phải đặt trong '
            f'ngoặc kép, viết "{number}"')
    if got > want:
        return "", "FIELD_COUNT_MISMATCH", (
            f"dòng {line} có {got} trường nhưng dòng tiêu đề có {want}: giá trị chứa dấu '{delimiter}' phải đặt "
            "trong ngoặc kép")
    if got < want:
        return "", "FIELD_COUNT_MISMATCH", (
            f"dòng {line} có {got} trường nhưng dòng tiêu đề có {want}: mỗi dòng phải đủ các cột "
            f"{', '.join(f for f in fields if f)}")
    # As many fields as the header, yet "2,25" split and a field went missing: ly_do of digits only.
    if delimiter == "," and INTEGER.fullmatch(row["gia_tri"]) and DIGITS.fullmatch(row["ly_do"]):
        return "gia_tri", "UNQUOTED_DECIMAL", (
            f"ly_do '{row['ly_do']}' chỉ là chữ số: số thập phân có dấu phẩy phải đặt trong ngoặc kép, viết "
            f'"{row["gia_tri"]},{row["ly_do"]}"')
    return None


def apply_corrections(diem: pd.DataFrame, corrections: list[dict], unit_groups: dict[str, str],
                      rel: str = CORRECTIONS_FILE) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """A new diem table with every correction applied, the changes made, and problems.

    diem must be indexed by (ma_don_vi, ma). Each correction replaces one value; the
    leaf's diem and nguon follow. A deduction may be written 1 or -1 (as in the sheets).
    """
    diem = diem.copy()
    problems: list[Problem] = []
    changes = []
    for fix in corrections:
        def bad(code: str, message: str, column: str = "gia_tri") -> None:
            # Excel opens a CSV as one sheet named after the file: the clerk finds the cell there.
            where = f"{fix['cot_excel'].get(column, 'A')}{fix['dong']}"
            problems.append(Problem(rel, Path(rel).stem, where, code, message))

        # Reason and document are checked on every line, whatever else is wrong with it.
        empty = [c for c in REQUIRED_TEXT if not fix[c]]
        for column in empty:
            bad("VALUE_MISSING", f"thiếu {column} ({REQUIRED_TEXT[column]})", column)
        key = (fix["ma_don_vi"], normalise_code(fix["ma"]))
        if fix["ma_don_vi"] not in unit_groups:
            bad("UNKNOWN_UNIT", f"đơn vị '{fix['ma_don_vi']}' không có trong don-vi.xlsx", "ma_don_vi")
            continue
        if fix["cot"] not in TARGETS:
            bad("BAD_COLUMN", f"cot '{fix['cot']}' phải là một trong {', '.join(TARGETS)}", "cot")
            continue
        if key not in diem.index:
            bad("UNKNOWN_CODE", f"tiêu chí '{fix['ma']}' không phải tiêu chí lá của nhóm {unit_groups[fix['ma_don_vi']]}",
                "ma")
            continue
        leaf = diem.loc[key]
        value, reason = parse_points(fix["gia_tri"])
        if reason or value is None:
            bad("NOT_A_NUMBER", reason or "thiếu gia_tri")
            continue
        if not leaf["ap_dung"]:
            bad("NOT_APPLICABLE", f"tiêu chí {fix['ma']} không áp dụng cho {fix['ma_don_vi']}")
            continue
        expected = "xhh" if leaf["phuong_thuc"] == SURVEY else ("tham_dinh", "tu_danh_gia")
        if fix["cot"] not in expected:
            bad("BAD_COLUMN", f"tiêu chí {fix['ma']} có phương thức {leaf['phuong_thuc']}, không sửa được cột {fix['cot']}",
                "cot")
            continue
        if leaf["loai"] == DEDUCTION:
            value = abs(value)  # sheets write deductions as 1 or as -1; both subtract
        if value < 0 or value > leaf["diem_toi_da"] + TOLERANCE:
            bad("SCORE_ABOVE_MAX" if value > 0 else "SCORE_NEGATIVE",
                f"giá trị {show(value)} ngoài khoảng 0 … {show(leaf['diem_toi_da'])}")
            continue
        if empty:
            continue
        old = leaf[fix["cot"]]
        source = f"{rel}:dòng {fix['dong']} ({fix['van_ban']})"
        changes.append({"ma_don_vi": key[0], "ma": key[1], "cot": fix["cot"], "gia_tri_cu": old, "gia_tri_moi": value,
                        "nguon_cu": leaf["nguon"], "ly_do": fix["ly_do"], "van_ban": fix["van_ban"],
                        "dong": fix["dong"]})
        diem.loc[key, fix["cot"]] = value
        if fix["cot"] != "tu_danh_gia":
            sign = -1.0 if leaf["loai"] == DEDUCTION else 1.0
            diem.loc[key, "diem"] = sign * value
            diem.loc[key, "nguon"] = source
    return diem, pd.DataFrame(changes, columns=CHANGE_COLUMNS), problems
