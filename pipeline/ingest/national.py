"""quoc-gia/ → the national PAR INDEX tables (contract §8), every problem collected.

Nothing here assumes 63 provinces, 8 areas or one framework: provinces are what a year's rows
hold, areas are what linh-vuc.xlsx lists (lv_1 … lv_N), so the 2025 reform (34 provinces,
another area list) reads the same way.

The three files are validated as strictly as scoring sheets (§8, §11), each problem naming its file,
sheet and cell:
- linh-vuc.xlsx: area codes 1 … N, once each; maxima above 0, summing to 100.
- chi-so-cac-tinh.xlsx: `nam` a year from NATIONAL_FIRST_YEAR to the report year; one row per year
  and province; `chi_so` within 0–100 and equal to the sum of the row's `lv_k`; every `lv_k` at least
  0; in the report year, lv_1 … lv_N filled and within the area's maximum (columns past N empty), and
  the province of dataset.yml present. Rows of earlier years may carry another number of areas (the
  2025 reform) or none at all: their `lv_k` are checked against their own `chi_so` only.
- chi-tiet-tinh.xlsx: codes well formed, unique, each under an existing parent; `diem_dat` within 0
  and `diem_toi_da`; parents equal to the sum of their children (both columns); each area (first-level
  code k) one of linh-vuc.xlsx, with its maximum, and its `diem_dat` equal to the province's `lv_k` of
  the report year; `phuong_thuc` TĐ or XHH on leaves.
Sums are compared within NATIONAL_SUM_TOLERANCE (published figures are rounded to 2 decimals).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..contract import (
    DECIMALS,
    DEFAULT_GROUP_MAX,
    METHODS,
    NATIONAL_AREAS,
    NATIONAL_DETAIL,
    NATIONAL_DIR,
    NATIONAL_FIRST_YEAR,
    NATIONAL_PROVINCE_AREAS,
    NATIONAL_PROVINCES,
    NATIONAL_SUM_TOLERANCE,
    TOLERANCE,
)
from ..contract import NATIONAL_AREAS_FILE as AREAS_FILE
from ..contract import NATIONAL_DETAIL_FILE as DETAIL_FILE
from ..contract import NATIONAL_PROVINCES_FILE as PROVINCES_FILE
from ..contract import NATIONAL_TASKS
from ..errors import InputError, Problem
from .cells import cell_ref, fold, normalise_code, parent_code, parse_points, show
from ..text import MAX_NAME, MAX_TEXT, inline, too_long
from .national_tasks import empty_catalogue, read_catalogue
from .workbook import cell, read_first_sheet, simple_table

NAME_COLUMNS = {"tinh", "vung", "ten", "co_quan_chu_tri"}  # printed in headings and tables: names, not prose

AREA_COLUMN = re.compile(r"lv_(\d+)")  # lv_1 … lv_N of chi-so-cac-tinh.xlsx
AREAS_REL = f"{NATIONAL_DIR}/{AREAS_FILE}"
PROVINCES_REL = f"{NATIONAL_DIR}/{PROVINCES_FILE}"
DETAIL_REL = f"{NATIONAL_DIR}/{DETAIL_FILE}"


@dataclass(frozen=True)
class NationalData:
    provinces: pd.DataFrame  # nam, tinh, vung, chi_so, lv_1 … lv_N (all years in the file)
    areas: pd.DataFrame  # ma, ten, diem_toi_da (this year's areas, in code order)
    detail: pd.DataFrame  # ma, noi_dung, diem_toi_da, diem_dat, phuong_thuc, co_quan_chu_tri, cap, la, ghi_chu
    tasks: pd.DataFrame = None  # the optional task catalogue (national_tasks.read_catalogue; empty without one)


@dataclass
class _Table:
    """One file's rows as read: values by column name, and where each came from (for problems)."""
    rel: str
    sheet: str = ""
    cols: dict[str, int] | None = None  # column name → 0-based column; None when the file could not be read
    rows: list[dict] | None = None  # one dict per data row; "_r" is its 0-based sheet row

    @property
    def ok(self) -> bool:
        return self.cols is not None

    def ref(self, row: dict, column: str) -> str:
        return cell_ref(row["_r"], self.cols[column])


def read_national(raw_dir: Path, year: int, province: str) -> NationalData:
    """All three files of raw_dir/quoc-gia/, every problem collected before failing (§8, §11).

    year is the report year (the folder's), province the one of dataset.yml: the report year's rows
    and the province's detail are checked against each other.
    """
    base = raw_dir / NATIONAL_DIR
    problems: list[Problem] = []

    def bad(t: _Table, row: dict | None, column: str | None, code: str, message: str) -> None:
        where = t.ref(row, column) if row is not None else ""
        problems.append(Problem(t.rel, t.sheet, where, code, message))

    # linh-vuc.xlsx first: the number of areas N names the columns lv_1 … lv_N of the other file.
    areas_t = _read(base / AREAS_FILE, AREAS_REL, ("ma", "ten", "diem_toi_da"), {"diem_toi_da"}, problems)
    areas = _check_areas(areas_t, bad) if areas_t.ok else None  # None: not known well enough to check against
    n_areas = len(areas_t.rows or [])
    lv = tuple(f"lv_{k}" for k in range(1, n_areas + 1))

    provinces_t = _read(base / PROVINCES_FILE, PROVINCES_REL, ("nam", "tinh", "vung", "chi_so", *lv),
                        {"nam", "chi_so", "lv_"}, problems, blank_ok=set(lv), extra=AREA_COLUMN)
    mine: dict | None = None  # the province's row of the report year
    if provinces_t.ok:
        mine = _check_provinces(provinces_t, areas, n_areas, year, province, bad)

    detail_t = _read(base / DETAIL_FILE, DETAIL_REL,
                     ("ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri"),
                     {"diem_toi_da", "diem_dat"}, problems, blank_ok={"phuong_thuc"}, optional=("ghi_chu",))
    if detail_t.ok:
        _check_detail(detail_t, areas, mine, year, province, bad)
    codes = {row["ma"] for row in detail_t.rows if row["ma"]} if detail_t.ok else None
    tasks, found = read_catalogue(raw_dir, codes)
    problems += found

    if problems:
        raise InputError(problems)
    return NationalData(_provinces_frame(provinces_t, lv), _areas_frame(areas_t), _detail_frame(detail_t), tasks)


# ---------------------------------------------------------------- the three files' rules


def _check_areas(t: _Table, bad) -> dict[int, float | None] | None:
    """linh-vuc.xlsx: codes 1 … N once each, maxima above 0 summing to 100.

    Returns area number → maximum (None where unreadable or not above 0), or None when the codes are
    not 1 … N: then nothing else is checked against the areas (the codes' problem is reported once).
    """
    areas: dict[int, float | None] = {}
    first_row: dict[int, int] = {}
    for row in t.rows:
        raw, code = row["ma_raw"], row["ma"]
        if raw is None:
            continue  # VALUE_MISSING already
        if not code.isdigit() or int(code) == 0:
            bad(t, row, "ma", "BAD_CODE", f"mã lĩnh vực '{raw}' không hợp lệ: phải là số thứ tự 1, 2, 3, …")
            continue
        k = int(code)
        if k in areas:
            bad(t, row, "ma", "DUPLICATE_CODE", f"mã lĩnh vực {k} trùng với dòng {first_row[k] + 1}")
            continue
        first_row[k] = row["_r"]
        maximum = row["diem_toi_da"]
        if maximum is not None and maximum <= TOLERANCE:
            bad(t, row, "diem_toi_da", "MAX_NOT_POSITIVE",
                f"điểm tối đa của lĩnh vực {k} là {show(maximum)}, phải lớn hơn 0")
            maximum = None
        areas[k] = maximum
    n = len(t.rows)
    if not n:
        bad(t, None, None, "AREA_MISSING", "không có lĩnh vực nào: mỗi lĩnh vực một dòng, mã 1, 2, 3, …")
    elif len(areas) == n and set(areas) != set(range(1, n + 1)):  # every code read, but not 1 … N
        missing = [str(k) for k in range(1, n + 1) if k not in areas]
        beyond = [str(k) for k in sorted(areas) if k > n]
        bad(t, None, None, "AREA_MISSING", f"thiếu lĩnh vực {', '.join(missing)}: mã các lĩnh vực phải là 1 … {n}, "
                                           f"mỗi mã một dòng (đang có mã {', '.join(beyond)})")
    if not n or set(areas) != set(range(1, n + 1)):
        return None
    if all(m is not None for m in areas.values()):
        total = round(sum(areas.values()), DECIMALS)
        if abs(total - DEFAULT_GROUP_MAX) > NATIONAL_SUM_TOLERANCE + TOLERANCE:
            bad(t, None, None, "AREA_SUM_MISMATCH", f"tổng điểm tối đa các lĩnh vực là {show(total)}, "
                                                    f"phải bằng {show(DEFAULT_GROUP_MAX)}")
    return areas


def _check_provinces(t: _Table, areas: dict[int, float | None] | None, n_areas: int, year: int, province: str,
                     bad) -> dict | None:
    """chi-so-cac-tinh.xlsx, row by row, then the report year's rows as a whole. Returns the province's row."""
    lv_columns = sorted((c for c in t.cols if AREA_COLUMN.fullmatch(c)), key=lambda c: int(c[3:]))
    seen: dict[tuple[int, str], int] = {}
    mine = None
    year_rows = 0
    for row in t.rows:
        nam = row["nam"]
        if nam is not None and not (float(nam).is_integer() and NATIONAL_FIRST_YEAR <= nam <= year):
            bad(t, row, "nam", "YEAR_INVALID", f"năm {show(nam)} không hợp lệ: phải là năm từ {NATIONAL_FIRST_YEAR} "
                                               f"đến {year} (năm báo cáo)")
            nam = None
        nam = int(nam) if nam is not None else None
        this_year = nam == year
        chi_so = row["chi_so"]
        if chi_so is not None and not -TOLERANCE <= chi_so <= 100 + TOLERANCE:
            bad(t, row, "chi_so", "INDEX_OUT_OF_RANGE", f"chỉ số {show(chi_so)} ngoài khoảng 0 … 100 (%)")
        if nam is not None and row["tinh"]:
            key = (nam, fold(row["tinh"]))
            if key in seen:
                bad(t, row, "tinh", "DUPLICATE_ROW", f"tỉnh {row['tinh']} năm {nam} trùng với dòng {seen[key] + 1}; "
                                                     "mỗi tỉnh một dòng mỗi năm")
            else:
                seen[key] = row["_r"]
                if this_year:
                    year_rows += 1
                    if row["tinh"] == province:
                        mine = row
        # Area points: never negative; in the report year, one per area of linh-vuc.xlsx and within its maximum.
        values: list[float] = []
        complete = True
        for column in lv_columns:
            k = int(column[3:])
            value = row[column]
            if value is None:
                if row.get(f"{column}_raw") is not None:
                    complete = False  # NOT_A_NUMBER already
                elif this_year and k <= n_areas:
                    complete = False
                    bad(t, row, column, "VALUE_MISSING", f"thiếu điểm lĩnh vực {k} ({column}) của tỉnh {row['tinh']} "
                                                         f"năm {year}")
                continue
            values.append(value)
            if value < -TOLERANCE:
                bad(t, row, column, "SCORE_NEGATIVE", f"điểm lĩnh vực {k} ({column}) là {show(value)}, nhỏ hơn 0")
            elif this_year and k > n_areas and areas is not None:
                bad(t, row, column, "UNKNOWN_AREA", f"năm {year} chỉ có {n_areas} lĩnh vực (linh-vuc.xlsx): "
                                                    f"để trống {column} hoặc bổ sung lĩnh vực {k} vào linh-vuc.xlsx")
            elif this_year and areas is not None and areas.get(k) is not None and value > areas[k] + TOLERANCE:
                bad(t, row, column, "SCORE_ABOVE_MAX", f"điểm lĩnh vực {k} ({column}) là {show(value)}, lớn hơn "
                                                       f"điểm tối đa {show(areas[k])} của lĩnh vực (linh-vuc.xlsx)")
        if values and complete and chi_so is not None:
            total = round(sum(values), DECIMALS)
            if abs(chi_so - total) > NATIONAL_SUM_TOLERANCE + TOLERANCE:
                bad(t, row, "chi_so", "INDEX_SUM_MISMATCH",
                    f"chỉ số {show(chi_so)} khác tổng điểm các lĩnh vực {show(total)} ({lv_columns[0]} … "
                    f"{lv_columns[-1]}); sửa chi_so hoặc điểm lĩnh vực cho khớp")
    if not year_rows:
        bad(t, None, None, "PROVINCE_MISSING", f"không có dòng nào của năm {year}: thêm chỉ số các tỉnh năm {year}")
    elif mine is None:
        bad(t, None, None, "PROVINCE_MISSING", f"không có dòng nào của tỉnh '{province}' (dataset.yml: province) "
                                               f"năm {year}")
    return mine


def _check_detail(t: _Table, areas: dict[int, float | None] | None, mine: dict | None, year: int, province: str,
                  bad) -> None:
    """chi-tiet-tinh.xlsx: codes, bounds, methods on leaves, parents' sums, areas against the other two files."""
    by_code: dict[str, dict] = {}
    for row in t.rows:
        code, raw = row["ma"], row["ma_raw"]
        if raw is None:
            continue  # VALUE_MISSING already
        if not code:
            bad(t, row, "ma", "BAD_CODE", f"mã tiêu chí '{raw}' không hợp lệ (ví dụ hợp lệ: 1, 1.2, 1.2.3)")
            continue
        if code in by_code:
            bad(t, row, "ma", "DUPLICATE_CODE", f"mã {code} trùng với dòng {by_code[code]['_r'] + 1}")
            continue
        by_code[code] = row
        maximum, got = row["diem_toi_da"], row["diem_dat"]
        if maximum is not None and maximum < -TOLERANCE:
            bad(t, row, "diem_toi_da", "SCORE_NEGATIVE", f"điểm tối đa của {code} là {show(maximum)}, nhỏ hơn 0")
            maximum = None
        if got is not None and got < -TOLERANCE:
            bad(t, row, "diem_dat", "SCORE_NEGATIVE", f"điểm đạt của {code} là {show(got)}, nhỏ hơn 0")
        elif got is not None and maximum is not None and got > maximum + TOLERANCE:
            bad(t, row, "diem_dat", "SCORE_ABOVE_MAX", f"điểm đạt của {code} là {show(got)}, lớn hơn điểm tối đa "
                                                       f"{show(maximum)}")
    children: dict[str, list[str]] = {}
    for code, row in by_code.items():
        parent = parent_code(code)
        if parent and parent not in by_code:
            bad(t, row, "ma", "ORPHAN_CODE", f"mã {code} không có mục cha {parent}")
        children.setdefault(parent, []).append(code)
    for code, row in by_code.items():
        if code in children:
            for column, problem, name in (("diem_toi_da", "MAX_SUM_MISMATCH", "điểm tối đa"),
                                          ("diem_dat", "PARENT_SUM_MISMATCH", "điểm đạt")):
                parts = [by_code[c][column] for c in children[code]]
                if row[column] is None or any(p is None for p in parts):
                    continue
                total = round(sum(parts), DECIMALS)
                if abs(row[column] - total) > NATIONAL_SUM_TOLERANCE + TOLERANCE:
                    bad(t, row, column, problem, f"{name} của {code} là {show(row[column])}, tổng các mục con là "
                                                 f"{show(total)}")
        elif fold(row["phuong_thuc"]) not in METHODS:
            shown = f"'{row['phuong_thuc']}'" if row["phuong_thuc"] else "để trống"
            bad(t, row, "phuong_thuc", "BAD_METHOD", f"phương thức của tiêu chí {code} {shown}: phải là TĐ hoặc XHH")
    if not t.rows:
        bad(t, None, None, "AREA_MISSING", "không có tiêu chí nào: mỗi lĩnh vực một dòng với các tiêu chí của nó")
    if areas is None or not t.rows:
        return  # linh-vuc.xlsx unreadable or its codes wrong: its own problem says so
    # Areas: those of linh-vuc.xlsx, with its maxima, and the points the province got in chi-so-cac-tinh.xlsx.
    for code in children.get("", []):
        row = by_code[code]
        k = int(code) if code.isdigit() else None
        if k not in areas:
            bad(t, row, "ma", "UNKNOWN_AREA", f"lĩnh vực {code} không có trong {AREAS_FILE} "
                                              f"(các lĩnh vực năm {year}: 1 … {len(areas)})")
            continue
        if row["diem_toi_da"] is not None and areas[k] is not None \
                and abs(row["diem_toi_da"] - areas[k]) > NATIONAL_SUM_TOLERANCE + TOLERANCE:
            bad(t, row, "diem_toi_da", "MAX_MISMATCH", f"điểm tối đa của lĩnh vực {k} là {show(row['diem_toi_da'])}, "
                                                       f"{AREAS_FILE} quy định {show(areas[k])}")
        published = mine.get(f"lv_{k}") if mine is not None else None
        if row["diem_dat"] is not None and published is not None \
                and abs(row["diem_dat"] - published) > NATIONAL_SUM_TOLERANCE + TOLERANCE:
            bad(t, row, "diem_dat", "AREA_POINTS_MISMATCH",
                f"điểm đạt của lĩnh vực {k} là {show(row['diem_dat'])}, {PROVINCES_FILE} ghi lv_{k} = "
                f"{show(published)} cho tỉnh {province} năm {year}; sửa một trong hai cho khớp")
    present = {int(c) for c in children.get("", []) if c.isdigit()}
    missing = [k for k in sorted(areas) if k not in present]
    if missing:
        bad(t, None, None, "AREA_MISSING", f"thiếu lĩnh vực {', '.join(map(str, missing))} (có trong {AREAS_FILE}): "
                                           "mỗi lĩnh vực một dòng với các tiêu chí của nó")


# ---------------------------------------------------------------- reading and the frames returned


def _read(path: Path, rel: str, required: tuple[str, ...], numeric: set[str],
          problems: list[Problem], blank_ok: set[str] = frozenset(), extra: re.Pattern | None = None,
          optional: tuple[str, ...] = ()) -> _Table:
    """Rows of the first sheet by column name; cells that are not numbers (or missing) become problems.

    numeric holds column names, or prefixes ending in '_' for columns found by extra (a pattern of
    further column names taken from the header row). Each row keeps "<column>_raw" for numeric
    columns and "ma_raw" for codes, so the checks can tell an empty cell from an unreadable one.
    """
    sheets, errors = read_first_sheet(path, rel)
    problems.extend(errors)
    if not sheets:
        return _Table(rel)
    sheet = sheets[0]
    cols, header, errors = simple_table(sheet, rel, required, optional)
    if errors:
        problems.extend(errors)
        return _Table(rel, sheet.name)
    if extra is not None:
        for c, value in enumerate(sheet.rows[header]):
            name = fold(value) if isinstance(value, str) else ""
            if extra.fullmatch(name) and name not in cols:
                cols[name] = c

    def is_numeric(name: str) -> bool:
        return name in numeric or any(p.endswith("_") and name.startswith(p) for p in numeric)

    rows = []
    for r in range(header + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if all(cell(row, c) is None for c in cols.values()):
            continue
        record: dict = {"_r": r}
        for name, c in cols.items():
            value = cell(row, c)
            if is_numeric(name):
                points, text = parse_points(value)
                if points is None and value is not None:
                    problems.append(Problem(rel, sheet.name, cell_ref(r, c), "NOT_A_NUMBER", text))
                elif points is None and name in required and name not in blank_ok:
                    problems.append(Problem(rel, sheet.name, cell_ref(r, c), "VALUE_MISSING", f"thiếu {name}"))
                record[name] = points
                record[f"{name}_raw"] = value
            else:
                if value is None and name in required and name not in blank_ok:
                    problems.append(Problem(rel, sheet.name, cell_ref(r, c), "VALUE_MISSING", f"thiếu {name}"))
                record[name] = "" if value is None else inline(str(int(value)) if isinstance(value, float)
                                                               and value.is_integer() else value)
                name_like = name in NAME_COLUMNS
                long = too_long(record[name], MAX_NAME if name_like else MAX_TEXT)
                if long:
                    problems.append(Problem(rel, sheet.name, cell_ref(r, c),
                                            "NAME_TOO_LONG" if name_like else "TEXT_TOO_LONG", long))
        if "ma" in cols:
            record["ma_raw"] = cell(row, cols["ma"])
            record["ma"] = normalise_code(record["ma_raw"])
        rows.append(record)
    return _Table(rel, sheet.name, cols, rows)


def _frame(t: _Table, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: row.get(c, "") for c in columns} for row in t.rows], columns=columns)


def _areas_frame(t: _Table) -> pd.DataFrame:
    frame = _frame(t, ["ma", "ten", "diem_toi_da"])
    # Area k is lv_k: list them in code order whatever the order of the rows.
    return frame.sort_values("ma", key=lambda s: s.astype(int)).reset_index(drop=True)


def _provinces_frame(t: _Table, lv: tuple[str, ...]) -> pd.DataFrame:
    frame = _frame(t, ["nam", "tinh", "vung", "chi_so", *lv])
    frame["nam"] = frame["nam"].astype(int)
    return frame


def _detail_frame(t: _Table) -> pd.DataFrame:
    detail = _frame(t, ["ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri", "ghi_chu"])
    codes = set(detail["ma"])
    detail["cap"] = detail["ma"].str.count(r"\.") + 1
    detail["la"] = ~detail["ma"].map(lambda m: any(c != m and parent_code(c) == m for c in codes))
    # Leaves carry the canonical method (any case or accents was accepted); parents carry none.
    detail["phuong_thuc"] = [METHODS[fold(m)] if leaf else "" for m, leaf in zip(detail["phuong_thuc"], detail["la"])]
    return detail


def national_tables(data: NationalData) -> dict[str, pd.DataFrame]:
    """The processed tables of the national files (contract.NATIONAL_TABLES): the provinces' area points long,
    one row per province, year and area (blank where the file left them blank)."""
    lv = [c for c in data.provinces.columns if AREA_COLUMN.fullmatch(c)]
    long = data.provinces[["nam", "tinh", *lv]].melt(id_vars=["nam", "tinh"], value_vars=lv, var_name="ma",
                                                     value_name="diem", ignore_index=False)
    long["ma"] = long["ma"].str[3:]
    # Province by province in the file's order, areas in order within each.
    long = long.assign(_row=long.index, _k=long["ma"].astype(int)).sort_values(["_row", "_k"])
    return {NATIONAL_PROVINCES: data.provinces[["nam", "tinh", "vung", "chi_so"]].reset_index(drop=True),
            NATIONAL_PROVINCE_AREAS: long[["nam", "tinh", "ma", "diem"]].reset_index(drop=True),
            NATIONAL_AREAS: data.areas.reset_index(drop=True), NATIONAL_DETAIL: data.detail.reset_index(drop=True),
            NATIONAL_TASKS: (data.tasks if data.tasks is not None else empty_catalogue()).reset_index(drop=True)}
