"""hieu-chinh.csv: corrections applied after the sheets are read; each change is recorded (contract §7)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..contract import CHANGES, CORRECTABLE, CORRECTION_COLUMNS, CORRECTIONS_FILE, SCHEMAS, SURVEY, TOLERANCE
from ..errors import Problem
from .cells import column_letter, normalise_code, parse_points, show

COLUMNS = CORRECTION_COLUMNS
TARGETS = CORRECTABLE
CHANGE_COLUMNS = SCHEMAS[CHANGES]


def read_corrections(path: Path, rel: str = CORRECTIONS_FILE) -> tuple[list[dict], list[Problem]]:
    """Rows of hieu-chinh.csv with their line number; an absent file means no corrections."""
    if not path.exists():
        return [], []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(rel, "", "", "CORRUPT_FILE", "tệp phải lưu dạng UTF-8")]
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS[:4] if c not in fields]
    if missing:
        return [], [Problem(rel, "", "", "COLUMN_MISSING", f"thiếu cột {', '.join(missing)}")]
    rows = []
    for line, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        rows.append({**{c: row.get(c, "") for c in COLUMNS}, "dong": line,
                     "cot_excel": {c: column_letter(fields.index(c)) for c in COLUMNS if c in fields}})
    return rows, []


def apply_corrections(diem: pd.DataFrame, corrections: list[dict], unit_groups: dict[str, str],
                      rel: str = CORRECTIONS_FILE) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """A new diem table with every correction applied, the changes made, and problems.

    diem must be indexed by (ma_don_vi, ma). Each correction replaces one value; the
    leaf's diem and nguon follow.
    """
    diem = diem.copy()
    problems: list[Problem] = []
    changes = []
    for fix in corrections:
        def bad(code: str, message: str, column: str = "gia_tri") -> None:
            # Excel opens a CSV as one sheet named after the file: the clerk finds the cell there.
            where = f"{fix['cot_excel'].get(column, 'A')}{fix['dong']}"
            problems.append(Problem(rel, Path(rel).stem, where, code, message))

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
        if value < 0 or value > leaf["diem_toi_da"] + TOLERANCE:
            bad("SCORE_ABOVE_MAX" if value > 0 else "SCORE_NEGATIVE",
                f"giá trị {show(value)} ngoài khoảng 0 … {show(leaf['diem_toi_da'])}")
            continue
        old = leaf[fix["cot"]]
        source = f"{rel}:dòng {fix['dong']}" + (f" ({fix['van_ban']})" if fix["van_ban"] else "")
        changes.append({"ma_don_vi": key[0], "ma": key[1], "cot": fix["cot"], "gia_tri_cu": old, "gia_tri_moi": value,
                        "nguon_cu": leaf["nguon"], "ly_do": fix["ly_do"], "van_ban": fix["van_ban"],
                        "dong": fix["dong"]})
        diem.loc[key, fix["cot"]] = value
        if fix["cot"] != "tu_danh_gia":
            sign = -1.0 if leaf["loai"] == "diem_tru" else 1.0
            diem.loc[key, "diem"] = sign * value
            diem.loc[key, "nguon"] = source
    return diem, pd.DataFrame(changes, columns=CHANGE_COLUMNS), problems
