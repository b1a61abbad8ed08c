"""quoc-gia/ → the national PAR INDEX tables (contract §8), every problem collected.

Nothing here assumes 63 provinces, 8 areas or one framework: provinces are what a year's rows
hold, areas are what linh-vuc.xlsx lists (lv_1 … lv_N), so the 2025 reform (34 provinces,
another area list) reads the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..contract import NATIONAL_AREAS_FILE as AREAS_FILE
from ..contract import NATIONAL_DETAIL_FILE as DETAIL_FILE
from ..contract import NATIONAL_DIR
from ..contract import NATIONAL_PROVINCES_FILE as PROVINCES_FILE
from ..errors import InputError, Problem
from .cells import cell_ref, normalise_code, parent_code, parse_points
from .workbook import cell, read_sheets, simple_table


@dataclass(frozen=True)
class NationalData:
    provinces: pd.DataFrame  # nam, tinh, vung, chi_so, lv_1 … lv_N (all years in the file)
    areas: pd.DataFrame  # ma, ten, diem_toi_da (this year's areas)
    detail: pd.DataFrame  # ma, noi_dung, diem_toi_da, diem_dat, phuong_thuc, co_quan_chu_tri, cap, la


def read_national(raw_dir: Path) -> NationalData:
    """All three files, every problem collected before failing (§11)."""
    base = raw_dir / NATIONAL_DIR
    problems: list[Problem] = []
    areas = _read(base / AREAS_FILE, f"{NATIONAL_DIR}/{AREAS_FILE}", ("ma", "ten", "diem_toi_da"),
                  {"diem_toi_da"}, problems)
    if not areas.empty:
        areas["ma"] = areas["ma"].map(normalise_code)
    n_areas = len(areas)
    lv = tuple(f"lv_{i}" for i in range(1, n_areas + 1))
    provinces = _read(base / PROVINCES_FILE, f"{NATIONAL_DIR}/{PROVINCES_FILE}", ("nam", "tinh", "vung", "chi_so"),
                      {"nam", "chi_so", *lv}, problems, optional=lv)
    detail = _read(base / DETAIL_FILE, f"{NATIONAL_DIR}/{DETAIL_FILE}",
                   ("ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri"),
                   {"diem_toi_da", "diem_dat"}, problems, blank_ok={"phuong_thuc"})
    if problems:
        raise InputError(problems)
    provinces["nam"] = provinces["nam"].astype(int)
    detail["ma"] = detail["ma"].map(normalise_code)
    codes = set(detail["ma"])
    detail["cap"] = detail["ma"].str.count(r"\.") + 1
    detail["la"] = ~detail["ma"].map(lambda m: any(c != m and parent_code(c) == m for c in codes))
    detail["phuong_thuc"] = detail["phuong_thuc"].fillna("").astype(str).str.strip()
    return NationalData(provinces, areas.reset_index(drop=True), detail.reset_index(drop=True))


def _read(path: Path, rel: str, required: tuple[str, ...], numeric: set[str], problems: list[Problem],
          optional: tuple[str, ...] = (), blank_ok: set[str] = frozenset()) -> pd.DataFrame:
    sheets, errors = read_sheets(path, rel, first_only=True)
    if errors:
        problems.extend(errors)
        return pd.DataFrame(columns=list(required + optional))
    sheet = sheets[0]
    cols, header, errors = simple_table(sheet, rel, required, optional)
    if errors:
        problems.extend(errors)
        return pd.DataFrame(columns=list(required + optional))
    rows = []
    for r in range(header + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if all(cell(row, c) is None for c in cols.values()):
            continue
        record = {}
        for name, c in cols.items():
            value = cell(row, c)
            if name in numeric:
                points, text = parse_points(value)
                if points is None and value is not None:
                    problems.append(Problem(rel, sheet.name, cell_ref(r, c), "NOT_A_NUMBER", text))
                elif points is None and name in required:
                    problems.append(Problem(rel, sheet.name, cell_ref(r, c), "VALUE_MISSING", f"thiếu {name}"))
                record[name] = points
            else:
                if value is None and name in required and name not in blank_ok:
                    problems.append(Problem(rel, sheet.name, cell_ref(r, c), "VALUE_MISSING", f"thiếu {name}"))
                record[name] = "" if value is None else (str(int(value)) if isinstance(value, float)
                                                          and value.is_integer() else str(value)).strip()
        rows.append(record)
    return pd.DataFrame(rows, columns=list(cols))
