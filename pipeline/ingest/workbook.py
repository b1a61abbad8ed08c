"""Turn a workbook into plain rows of cell values (calamine: fast, reads formulas' cached values)."""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import python_calamine as calamine

from ..contract import MAX_INPUT_BYTES, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from ..errors import Problem
from ..text import forbidden_characters, nfc, strip_forbidden
from .cells import cell_ref, fold
from .guard import Extent, Refused, check_workbook, sheet_parts


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rows[r][c] is cell (r, c), 0-based from A1; '' for empty
    # Cells ("E7") holding a formula saved without its value (a program that does not compute
    # formulas wrote the file): calamine reads them as empty. Filled only by read_first_visible.
    uncomputed: frozenset[str] = field(default=frozenset())
    hidden: bool = False  # a hidden or very hidden sheet (read_first_visible peeks at them)


_Refused = Refused  # a file-level Problem found while reading; ends the read


def _open(path: Path, rel: str) -> tuple[calamine.CalamineWorkbook, dict[str, Extent]]:
    """The workbook, opened once it is measured (ingest.guard: nothing over the limits reaches the reader), and
    its worksheets' extents by name (none for an .xls)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _Refused(Problem(rel, "", "", "FILE_MISSING", "không tìm thấy tệp")) from None
    if not path.is_file():  # a folder or a FIFO named like a workbook: reading it could hang
        raise _Refused(Problem(rel, "", "", "NOT_A_FILE", "không phải một tệp Excel thông thường"))
    if size == 0:
        raise _Refused(Problem(rel, "", "", "EMPTY_FILE", "tệp rỗng (0 byte): chép lại tệp từ bản gốc"))
    if size > MAX_INPUT_BYTES:
        raise _Refused(Problem(rel, "", "", "FILE_TOO_LARGE",
                               f"tệp {size // 1_000_000} MB vượt giới hạn {MAX_INPUT_BYTES // 1_000_000} MB"))
    extents = check_workbook(path, rel)
    return calamine.CalamineWorkbook.from_path(str(path)), extents


def _rows(book: calamine.CalamineWorkbook, name: str, rel: str, nrows: int | None = None,
          extents: dict[str, Extent] | None = None, max_rows: int | None = None) -> list[list[object]] | None:
    """The sheet's rows; None for a sheet only peeked at (nrows) that is too large to load."""
    max_rows = max_rows or MAX_SHEET_ROWS
    extent = (extents or {}).get(name)
    if extent is not None:  # measured before loading (.xlsx): the reader allocates the whole grid
        if nrows is not None and (extent.columns > MAX_SHEET_COLUMNS
                                  or extent.rows * extent.columns > max_rows * MAX_SHEET_COLUMNS):
            return None  # only to be looked at, and larger than a sheet may be: not loaded
        if extent.columns > MAX_SHEET_COLUMNS:
            raise _Refused(_too_wide(rel, name, extent.columns))
    # Rows are judged once loaded (the guard bounded the grid): the reader counts the rows that hold values, where
    # the guard counts formatted empty cells too (borders drawn far below a table).
    ws = book.get_sheet_by_name(name)
    if ws.width > MAX_SHEET_COLUMNS:  # an .xls, or a grid wider than its cells' references said
        raise _Refused(_too_wide(rel, name, ws.width))
    if nrows is None and ws.height > max_rows:
        raise _Refused(_too_long(rel, name, ws.height, max_rows))
    return ws.to_python(skip_empty_area=False, nrows=nrows)


def _too_long(rel: str, name: str, height: int, max_rows: int) -> Problem:
    return Problem(rel, name, "", "TOO_MANY_ROWS", f"trang tính có {height} dòng, vượt giới hạn {max_rows}")


def clean_texts(rows: list[list[object]], rel: str, name: str) -> list[Problem]:
    """Text at the door: every text cell to NFC, in place; a control or bidi-override character is a problem
    naming its cell (and is removed, so the rest of the sheet can still be judged in the same run)."""
    texts = "\n".join([v for row in rows for v in row if isinstance(v, str)])
    if (texts.isascii() or unicodedata.is_normalized("NFC", texts)) and not forbidden_characters(texts):
        return []  # the usual sheet: nothing to change (one pass over all its texts)
    problems = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value:
                text = nfc(value)
                reason = forbidden_characters(text)
                if reason:
                    problems.append(Problem(rel, name, cell_ref(r, c), "BAD_CHARACTER", reason))
                    text = strip_forbidden(text)
                row[c] = text
    return problems


def _too_wide(rel: str, name: str, width: int) -> Problem:
    return Problem(rel, name, "", "TOO_MANY_COLUMNS",
                   f"trang tính có {width} cột, vượt giới hạn {MAX_SHEET_COLUMNS}; xoá các ô thừa ở bên phải bảng")


def _corrupt(exc: Exception, rel: str) -> Problem:
    detail = " ".join(str(exc).split())[:80]
    return Problem(rel, "", "", "CORRUPT_FILE",
                   f"không mở được tệp Excel: tệp hỏng hoặc không phải .xlsx/.xls ({detail})")


def read_sheets(path: Path, rel: str, max_rows: int | None = None) -> tuple[list[Sheet], list[Problem]]:
    """Every sheet of a workbook (the framework: one per group), and problems: when the file can't be read,
    no sheet and why; else every sheet, with the cells holding characters that can't be printed named
    (texts are NFC, those characters removed)."""
    problems: list[Problem] = []
    try:
        book, extents = _open(path, rel)
        names = book.sheet_names
        sheets = []
        for name in names:
            rows = _rows(book, name, rel, extents=extents, max_rows=max_rows)
            problems += clean_texts(rows, rel, name)
            sheets.append(Sheet(name, rows))
    except _Refused as refused:
        return [], [refused.problem]
    except Exception as exc:  # calamine raises several types for broken zips and XML
        return [], [_corrupt(exc, rel)]
    if not sheets:
        return [], [Problem(rel, "", "", "CORRUPT_FILE", "tệp không có trang tính nào")]
    return sheets, problems


def read_first_sheet(path: Path, rel: str) -> tuple[list[Sheet], list[Problem]]:
    """The first visible sheet of a one-table file (units, survey, national files), as a list of one (none when
    the file can't be read), and problems (as read_sheets)."""
    sheet, _, problems = read_first_visible(path, rel)
    return ([sheet] if sheet is not None else []), problems


def read_first_visible(path: Path, rel: str, peek_rows: int = 0
                       ) -> tuple[Sheet | None, list[Sheet], list[Problem]]:
    """The first visible worksheet, as Excel shows it on opening (contract §5: "the first sheet").

    The other worksheets, hidden or visible, are not read, except their first peek_rows rows (so the
    caller can tell when one of them holds a table too: Sheet.hidden says which kind). The first visible
    sheet carries its cells whose formula has no cached value (Sheet.uncomputed). Problems: None and why
    when the file can't be read; else the first visible sheet's cells holding characters that can't be
    printed (as read_sheets).
    """
    problems: list[Problem] = []
    try:
        book, extents = _open(path, rel)
        visible, others = None, []
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue  # chart and dialog sheets hold no cells
            hidden = meta.visible != calamine.SheetVisibleEnum.Visible
            if not hidden and visible is None:
                rows = _rows(book, meta.name, rel, extents=extents)
                problems += clean_texts(rows, rel, meta.name)
                visible = Sheet(meta.name, rows, uncomputed_formulas(path, meta.name))
            elif peek_rows:
                rows = _rows(book, meta.name, rel, peek_rows, extents)
                if rows is not None:  # (a sheet too large to load is not looked at)
                    clean_texts(rows, rel, meta.name)  # only looked at: not judged
                    others.append(Sheet(meta.name, rows, hidden=hidden))
    except _Refused as refused:
        return None, [], [refused.problem]
    except Exception as exc:  # calamine raises several types for broken zips and XML
        return None, [], [_corrupt(exc, rel)]
    if visible is None:
        return None, [], [Problem(rel, "", "", "NO_VISIBLE_SHEET",
                                  "tệp không có trang tính nào đang hiển thị; bỏ ẩn trang tính chấm điểm")]
    return visible, others, problems


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>[^<]")
_STRING_RESULT = re.compile(rb'\bt="str"')


def uncomputed_formulas(path: Path, sheet_name: str) -> frozenset[str]:
    """Cells of an .xlsx sheet whose formula was saved without a cached value.

    Excel and LibreOffice save every formula's value; openpyxl and some export tools save
    only the formula, which calamine (like openpyxl with data_only=True) then reads as empty.
    The sheet's XML is read straight from the zip and only its formulas are looked at (a sheet
    without any costs one substring search). A formula whose cached value is the empty text (t="str" and
    an empty <v>) counts as computed. Not an .xlsx (.xls and .ods always store values), or a
    part that can't be found: none.
    """
    data = _sheet_xml(path, sheet_name)
    if b"<c " not in data:  # no cells, or a writer that prefixes the namespace (<x:c …>): look at every cell
        cells = [(attrs, body) for attrs, body in _CELL.findall(data) if body and _FORMULA.search(body)] \
            if _FORMULA.search(data) else []
    else:  # the usual case: from each formula on to its cell's end, and back to its start tag if it has no value
        cells = []
        at = data.find(b"<f")
        while at >= 0:
            if data[at + 2:at + 3] in (b">", b" ", b"/"):
                body = data[at:data.find(b"</c>", at)]
                if not _VALUE.search(body):
                    start = data.rfind(b"<c ", 0, at)
                    cells.append((data[start:data.index(b">", start)], body))
            at = data.find(b"<f", at + 2)
    found = set()
    for attrs, body in cells:
        if not _VALUE.search(body) and not _STRING_RESULT.search(attrs):
            ref = _REF.search(attrs)
            if ref:  # writers that leave out r= (optional in OOXML) are not known to skip values
                found.add(ref[1].decode())
    return frozenset(found)


def _sheet_xml(path: Path, sheet_name: str) -> bytes:
    """The worksheet's XML straight from the .xlsx zip (b"" when it can't be found: the reader
    reports a broken file itself). Kept for the next call: the extent check and the formula check
    read the same sheet one after the other."""
    stat = path.stat()
    return _sheet_xml_cached(str(path), stat.st_mtime_ns, stat.st_size, sheet_name)


@lru_cache(maxsize=2)
def _sheet_xml_cached(path: str, mtime_ns: int, size: int, sheet_name: str) -> bytes:
    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet_name)
            return zf.read(part) if part else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return b""


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding the named worksheet (xl/workbook.xml → its relationship → target)."""
    parts = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.count("/") == 2 and n.endswith(".xml")]
    if len(parts) == 1:  # one worksheet (most scoring files): it is the one
        return parts[0]
    return next((part for part, name in sheet_parts(zf)[0].items() if name == sheet_name), None)


def header_index(row: list[object], wanted: dict[str, set[str]]) -> dict[str, int]:
    """Map each meaning to the first column whose folded label is one of its spellings."""
    found: dict[str, int] = {}
    for col, value in enumerate(row):
        label = fold(value) if isinstance(value, str) else ""
        for meaning, spellings in wanted.items():
            if label in spellings and meaning not in found:
                found[meaning] = col
    return found


def simple_table(sheet: Sheet, rel: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
                 scan_rows: int = 10) -> tuple[dict[str, int], int, list[Problem]]:
    """Find the header row of a machine-made table (columns named exactly as in the contract).

    Returns the column of each name, the header's row index and problems. Names are
    matched folded, so 'Ma_don_vi ' still counts; the first row holding every required
    name wins.
    """
    wanted = {name: {fold(name)} for name in required + optional}
    for r, row in enumerate(sheet.rows[:scan_rows]):
        cols = header_index(row, wanted)
        if all(name in cols for name in required):
            return cols, r, []
    best = max((header_index(row, wanted) for row in sheet.rows[:scan_rows]), key=len, default={})
    missing = [name for name in required if name not in best]
    return {}, -1, [Problem(rel, sheet.name, "", "COLUMN_MISSING",
                            f"thiếu cột {', '.join(missing)} ở dòng tiêu đề")]


def cell(row: list[object], col: int | None) -> object:
    """The value at col, or None when the column is absent or the row is short."""
    if col is None or col >= len(row):
        return None
    value = row[col]
    return None if value == "" else value
