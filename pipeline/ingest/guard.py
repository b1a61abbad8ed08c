"""Memory bounded by design: an .xlsx is measured by streaming before any reader loads it (issue 25).

The workbook readers allocate by what a file claims: every shared string at once, and a dense grid up to its
last cell (one value at XFD4999: 80 million cells; a row of cells without `r=` references: as many columns as
cells). A zip can hold gigabytes in one megabyte. So before the reader opens a workbook, every part is
decompressed here in chunks (never whole), its declared size checked against the limits and its actual size
against the declared one, and the XML of worksheets and shared strings parsed as a stream (expat, handlers only):
the rows and columns a sheet's cells reach (counting cells without `r=` references one by one), the length of
every text, no DOCTYPE (entity expansion). Memory stays a few megabytes whatever the file holds; a file over a
limit is refused with a problem naming it, and the reader never sees it.
"""
from __future__ import annotations

import posixpath
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from ..contract import (MAX_CELL_CHARS, MAX_PART_BYTES, MAX_PARTS, MAX_SHEET_CELLS, MAX_SHEET_COLUMNS,
                        MAX_WORKBOOK_BYTES)
from ..errors import Problem

CHUNK = 1 << 20
# Besides worksheets and shared strings, what the reader inflates (themes, pictures, document properties are
# never read: their declared sizes are checked, nothing more).
READ_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml"}
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")  # zip local file header (30 bytes)
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Refused(Exception):
    """A file-level Problem: the workbook is not given to the reader."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Extent:
    """How far a worksheet's cells reach: its last row and last column (1-based), counted as the reader would."""

    rows: int
    columns: int


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB".replace(",", ".")


def check_workbook(path: Path, rel: str) -> dict[str, Extent]:
    """Each worksheet's extent by sheet name; Refused when a part or a text is over a limit, a part is not the
    size it declares, or its XML declares a DOCTYPE. Not a zip (an .xls): {} (the reader judges it)."""
    import zipfile

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return {}
    with zf, open(path, "rb") as raw:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_PARTS:
            raise Refused(Problem(rel, "", "", "TOO_MANY_PARTS",
                                  f"tệp có {len(infos)} phần nén, vượt giới hạn {MAX_PARTS}; không phải bảng tính thường"))
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise Refused(_too_big(rel, info.filename, info.file_size))
        total = sum(i.file_size for i in infos)
        if total > MAX_WORKBOOK_BYTES:
            raise Refused(Problem(rel, "", "", "UNPACKED_TOO_LARGE",
                                  f"tệp giải nén ra {_mb(total)}, vượt giới hạn {_mb(MAX_WORKBOOK_BYTES)}"))
        sheets, strings = sheet_parts(zf)
        extents: dict[str, Extent] = {}
        for info in infos:
            name = info.filename
            if name in sheets or name == strings:
                sheet = sheets.get(name, "")
                extent = _fast(_inflate(raw, info, rel), rel, name, sheet)
                if extent is None:  # cells without references, or a very long text: measured element by element
                    extent = _scan(_inflate(raw, info, rel), rel, sheet, name)
                if sheet:
                    extents[sheet] = extent
            elif name in READ_PARTS or name.endswith(".rels"):  # the other parts the reader inflates: sizes checked
                for i, data in enumerate(_inflate(raw, info, rel)):
                    if i == 0 and name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data[:4096]:
                        raise Refused(_doctype(rel, name))
    return extents


def _too_big(rel: str, part: str, size: int) -> Problem:
    return Problem(rel, "", "", "PART_TOO_LARGE",
                   f"phần {part} của tệp giải nén ra {_mb(size)}, vượt giới hạn {_mb(MAX_PART_BYTES)}; "
                   "không phải bảng tính thường (một ô chứa cả một tệp?)")


def sheet_parts(zf) -> tuple[dict[str, str], str]:
    """Worksheet part → sheet name, and the shared strings part, from xl/workbook.xml and its relationships
    (both small: their sizes are checked before). Unreadable: none (the reader reports a broken file)."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, OSError, ValueError, EOFError):
        return {}, "xl/sharedStrings.xml"
    target = {el.get("Id"): el.get("Target") or "" for el in rels}
    kind = {el.get("Id"): el.get("Type") or "" for el in rels}

    def part(name: str) -> str:
        return name.lstrip("/") if name.startswith("/") else posixpath.normpath(posixpath.join("xl", name))

    sheets = {part(target[rid]): el.get("name") or "" for el in book.iter()
              if el.tag.endswith("}sheet") and (rid := el.get(_REL_NS)) in target}
    strings = next((part(target[rid]) for rid in target if kind[rid].endswith("/sharedStrings")),
                   "xl/sharedStrings.xml")
    return sheets, strings


def _inflate(raw, info, rel: str):
    """The part's bytes, chunk by chunk, decompressed here (never more than CHUNK at a time) and checked: no more
    and no fewer bytes than the directory declares, and the deflate stream ends where it should."""
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise Refused(_broken(rel, info.filename))
    name_len, extra_len = _LOCAL_HEADER.unpack(header)[9:11]
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    left, out = info.compress_size, 0
    if info.compress_type == 0:  # stored
        if info.compress_size != info.file_size:
            raise Refused(_broken(rel, info.filename))
        while left:
            data = raw.read(min(CHUNK, left))
            if not data:
                raise Refused(_broken(rel, info.filename))
            left -= len(data)
            yield data
        return
    if info.compress_type != 8:  # deflate: what Excel, LibreOffice and every library write
        raise Refused(Problem(rel, "", "", "CORRUPT_FILE",
                              f"phần {info.filename} nén theo kiểu {info.compress_type}, không phải kiểu của Excel"))
    inflater = zlib.decompressobj(-15)
    try:
        while left or inflater.unconsumed_tail:
            if inflater.unconsumed_tail:
                data = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            else:
                compressed = raw.read(min(CHUNK, left))
                if not compressed:
                    raise Refused(_broken(rel, info.filename))
                left -= len(compressed)
                data = inflater.decompress(compressed, CHUNK)
            out += len(data)
            if out > info.file_size:  # the directory understates the part: the reader would take it whole
                raise Refused(Problem(rel, "", "", "CORRUPT_FILE",
                                      f"phần {info.filename} giải nén ra nhiều hơn {info.file_size} byte tệp khai báo; "
                                      "tệp hỏng hoặc cố ý sai"))
            if data:
                yield data
            if inflater.eof:
                break
    except zlib.error:
        raise Refused(_broken(rel, info.filename)) from None
    if not inflater.eof or out != info.file_size:
        raise Refused(_broken(rel, info.filename))


def _broken(rel: str, part: str) -> Problem:
    return Problem(rel, "", "", "CORRUPT_FILE", f"không mở được tệp Excel: phần {part} bị hỏng")


_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]+)\"")
_ROW_FIRST = re.compile(rb'<row r="([0-9]+)"')  # as Excel writes it
_WIDE_COLUMN = re.compile(rb' r="([A-Z]{2,3})[0-9]')  # a cell in column AA or beyond
_AT_LEAST = [re.compile(rb' r="[%c-Z][0-9]' % (65 + n)) for n in range(26)]  # a cell in column n + 1 … Z
_UNREFERENCED = re.compile(rb"<(?:\w+:)?(?:row|c)\b(?![^>]*\sr=\")")
_LONG_RUN = re.compile(rb"[^<]{%d,}" % (MAX_CELL_CHARS + 1))


def _fast(chunks, rel: str, part: str, sheet: str) -> Extent | None:
    """The usual part, measured by substring counts and regular expressions over each chunk (no Python step per
    cell): every row and cell carries its reference (Excel always writes them), so the extent is the largest of
    them. None when a row or cell has none, or a run of text could be longer than a cell may be (counted in bytes
    here): _scan then counts element by element."""
    rows = cols = 0
    carry, tail = b"", 0  # the unfinished tag at the end of the last chunk; bytes since its last '<'
    for i, data in enumerate(chunks):
        if i == 0 and b"<!DOCTYPE" in data[:4096]:
            raise Refused(_doctype(rel, part))
        buffer = carry + data
        cut = buffer.rfind(b">") + 1
        body, carry = buffer[:cut], buffer[cut:]
        first = body.find(b"<")
        if tail + (first if first >= 0 else len(body)) > MAX_CELL_CHARS or _LONG_RUN.search(body) \
                or len(carry) > CHUNK:
            return None
        last = body.rfind(b"<")
        tail = len(body) - last - 1 if last >= 0 else tail + len(body)
        if not sheet:
            continue
        row_tags = body.count(b"<row ") + body.count(b"<row>") + body.count(b"<row/>")
        cell_tags = body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/>")
        if row_tags + cell_tags != body.count(b' r="') and _UNREFERENCED.search(body):
            return None
        numbers = _ROW_FIRST.findall(body)
        if len(numbers) != row_tags:  # another attribute before r=, or a namespace prefix
            numbers = _ROW_NUMBER.findall(body)
        if numbers:
            rows = max(rows, max(map(int, numbers)))
        wide = set(_WIDE_COLUMN.findall(body))
        if wide:
            cols = max(cols, max(_column_number(x.decode()) for x in wide))
        elif cols < 26 and _AT_LEAST[cols].search(body):  # the last column within A–Z, by halving: 5 scans
            low, high = cols, 25  # a cell reaches column low + 1 at least; none beyond high + 1
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if _AT_LEAST[middle].search(body) else (low, middle - 1)
            cols = low + 1
        if rows * min(cols, MAX_SHEET_COLUMNS) > MAX_SHEET_CELLS:
            raise Refused(_too_many_cells(rel, sheet, rows, cols))
    return Extent(rows, cols)


def _doctype(rel: str, part: str) -> Problem:
    return Problem(rel, "", "", "CORRUPT_FILE",
                   f"phần {part} khai báo DOCTYPE, điều Excel không bao giờ làm; tệp hỏng hoặc cố ý sai")


def _scan(chunks, rel: str, sheet: str, part: str) -> Extent:
    """Stream-parse one XML part: the extent of a worksheet's cells (sheet given) and, in any part, the length of
    every text (a cell holds at most MAX_CELL_CHARS characters in Excel)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    state = {"row": 0, "col": 0, "rows": 0, "cols": 0, "text": 0}
    problem: list[Problem] = []

    def start(name: str, attrs: dict) -> None:
        local = name.rpartition(" ")[2]
        state["text"] = 0
        if not sheet:
            return
        if local == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r and r.isdigit() else state["row"] + 1
            state["col"] = 0
        elif local == "c":
            ref = _CELL_REF.fullmatch(attrs.get("r") or "")
            if ref:
                state["col"] = _column_number(ref[1])
                state["row"] = int(ref[2])
            else:  # no reference: the next column (the reader counts it so)
                state["col"] += 1
            state["cols"] = max(state["cols"], state["col"])
            state["rows"] = max(state["rows"], state["row"])
            if state["rows"] * min(state["cols"], MAX_SHEET_COLUMNS) > MAX_SHEET_CELLS:  # (wider: TOO_MANY_COLUMNS)
                raise Refused(_too_many_cells(rel, sheet, state["rows"], state["cols"]))

    def text(data: str) -> None:
        state["text"] += len(data)
        if state["text"] > MAX_CELL_CHARS and not problem:
            problem.append(Problem(rel, sheet, "", "TEXT_TOO_LONG",
                                   f"phần {part} có một ô dài hơn {MAX_CELL_CHARS} ký tự (giới hạn của chính Excel)"))

    def doctype(*_) -> None:
        raise Refused(_doctype(rel, part))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        for data in chunks:
            parser.Parse(data, False)
            if problem:
                raise Refused(problem[0])
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise Refused(Problem(rel, sheet, "", "CORRUPT_FILE",
                              f"không mở được tệp Excel: phần {part} hỏng ({expat.errors.messages.get(exc.code, '')})"))
    if problem:
        raise Refused(problem[0])
    return Extent(state["rows"], state["cols"])


def _too_many_cells(rel: str, sheet: str, rows: int, cols: int) -> Problem:
    limit = f"{MAX_SHEET_CELLS:,}".replace(",", ".")
    return Problem(rel, sheet, "", "TOO_MANY_CELLS",
                   f"trang tính trải tới dòng {rows}, cột {cols}: hơn {limit} ô; xoá các dòng, cột thừa")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
