"""The year's folder around the reports: Excel summary, distribution list and zips, landing page,
manifest (contract §10). Everything here is byte-deterministic for the same inputs."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from . import fmt
from .build import MANIFEST, Cache, Target, digest, link_or_copy, read_manifest, sha256_file, swap_in, versions
from .config import Settings

FORMAT_ORDER = {"html": 0, "pdf": 1, "xlsx": 2, "ipynb": 3, "csv": 4, "zip": 5}


def summary_name(year: int) -> str:
    return f"tong-hop-{year}.xlsx"


def annex_name(year: int) -> str:
    return f"phu-luc-par-index-{year}.xlsx"


@dataclass(frozen=True)
class Workbook:
    """An Excel output built here (not by a notebook), cached by key like the reports."""

    path: str
    key: str
    title: str
    build: Callable[[], bytes]


def workbooks(settings: Settings, targets: list[Target]) -> list[Workbook]:
    """The Excel summary (with the units report) and the national annex (with the national report)."""
    out = []
    for t in targets:
        if t.kind == "units-report":
            out.append(Workbook(summary_name(settings.year), digest("summary", t.key),
                                "Bảng tổng hợp kết quả, theo lĩnh vực và điểm bị mất (Excel)",
                                lambda: summary_workbook(settings)))
        elif t.kind == "national-report":
            out.append(Workbook(annex_name(settings.year), digest("annex", t.key),
                                "Phụ lục PAR INDEX: điểm bị mất theo cơ quan chủ trì (Excel)",
                                lambda: national_annex(settings)))
    return out


def cached_keys(settings: Settings, targets: list[Target]) -> set[str]:
    """Cache entries built here rather than by a worker (kept by Cache.prune)."""
    return {w.key for w in workbooks(settings, targets)}


DISTRIBUTION = "phan-phoi.csv"


def group_archive(nhom: str, year: int) -> str:
    return f"don-vi/bao-cao-don-vi-{nhom}-{year}.zip"


def distribution_list(settings: Settings, units: list[Target]) -> bytes:
    """phan-phoi.csv: who gets which file (UTF-8 with BOM, so Excel shows the diacritics)."""
    from . import context

    parents = context.unit_codes(settings).set_index("ma_don_vi")
    names = parents["ten_don_vi"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["ma_don_vi", "ten_don_vi", "nhom", "ten_nhom", "don_vi_cap_tren", "ten_don_vi_cap_tren",
                     "tep_pdf", "tep_html"])
    for t in units:
        parent = parents.loc[t.unit, "don_vi_cap_tren"] or ""
        writer.writerow([t.unit, t.label, t.group, settings.dataset.group_name(t.group), parent,
                         names.get(parent, "") if parent else "", t.files["pdf"], t.files["html"]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_date(settings: Settings, kind: str = "units") -> dt.date:
    meta = settings.dataset.reports.get(kind) or settings.dataset.reports.get("units")
    return meta.date if meta else dt.date(settings.year + 1, 1, 1)


# ---------------------------------------------------------------- Excel summary


def summary_workbook(settings: Settings) -> bytes:
    """tong-hop-<YEAR>.xlsx: a ranked sheet per group, an areas sheet, a lost-points sheet."""
    import xlsxwriter

    from . import context

    ctx = context.units_report(settings)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    created = dt.datetime.combine(report_date(settings), dt.time())
    book.set_properties({"title": f"Tổng hợp Chỉ số CCHC năm {settings.year}", "author": ctx.dataset.agency,
                         "company": ctx.dataset.parent_agency, "created": created})
    ranked = [("xep_hang", "Hạng", "int", 7), ("ma_don_vi", "Mã đơn vị", "text", 22), ("ten_don_vi", "Đơn vị", "text", 36),
              ("diem_toi_da", "Điểm tối đa", "diem", 9), ("tu_danh_gia", "Tự đánh giá", "so", 10),
              ("tham_dinh", "Thẩm định", "so", 10), ("xhh", "Điều tra XHH", "so", 10), ("diem_tru", "Điểm trừ", "so", 9),
              ("tong_diem", "Tổng điểm", "so", 10), ("chi_so", "Chỉ số (%)", "so", 10), ("xep_loai", "Xếp loại", "text", 12)]
    if ctx.previous_year:
        ranked += [("chi_so_truoc", f"Chỉ số {ctx.previous_year} (%)", "so", 11),
                   ("tang_diem", "± điểm", "so", 9), ("tang_bac", "± bậc", "int", 8)]
    sheets = [(g.name, f"Kết quả Chỉ số CCHC năm {settings.year}: {g.name}", g.units, ranked) for g in ctx.groups]
    areas = pd.concat([g.areas.assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Lĩnh vực", f"Điểm bình quân theo lĩnh vực năm {settings.year}", areas, [
        ("ten_nhom", "Nhóm", "text", 22), ("ma", "LV", "text", 5), ("ten", "Lĩnh vực", "text", 40),
        ("diem_toi_da", "Điểm tối đa", "diem", 9), ("diem_trung_binh", "Điểm bình quân", "so", 10),
        ("ty_le_trung_binh", "Tỷ lệ bình quân (%)", "so", 10), ("ty_le_thap_nhat", "Tỷ lệ thấp nhất (%)", "so", 10),
        ("don_vi_thap_nhat", "Đơn vị thấp nhất", "text", 30), ("ty_le_cao_nhat", "Tỷ lệ cao nhất (%)", "so", 10),
        ("don_vi_cao_nhat", "Đơn vị cao nhất", "text", 30)]))
    lost = pd.concat([g.lost.assign(ten_nhom=g.name) for g in ctx.groups], ignore_index=True)
    sheets.append(("Điểm bị mất", f"Tiêu chí thành phần bị mất điểm năm {settings.year}", lost, [
        ("ten_nhom", "Nhóm", "text", 22), ("ma", "Mã", "text", 9), ("noi_dung", "Tiêu chí thành phần", "text", 50),
        ("phuong_thuc", "PT", "text", 5), ("co_quan_tham_dinh", "Cơ quan thẩm định", "text", 22),
        ("so_don_vi_mat", "Số đơn vị mất điểm", "int", 10), ("so_don_vi", "Số đơn vị áp dụng", "int", 10),
        ("tong_diem_mat", "Tổng điểm mất", "so", 10), ("ty_le_mat", "Tỷ lệ mất (%)", "so", 10)]))
    write_sheets(book, sheets)
    book.close()
    return normalise_zip(buffer.getvalue(), created)


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a zip container (xlsx) with fixed entry dates and order: same content, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def zip_files(files: list[tuple[str, Path]], when: dt.date) -> bytes:
    """A zip of (name inside, file) pairs with fixed dates, in the given order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, path in files:
            entry = zipfile.ZipInfo(name, date_time=(when.year, when.month, when.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, path.read_bytes())
    return out.getvalue()


Column = tuple[str, str, str, int]  # key, label, kind (text | so | diem | int), width


def write_sheets(book, sheets: list[tuple[str, str, pd.DataFrame, list[Column]]]) -> None:
    """One formatted sheet per (name, heading, frame, columns): header row, two-decimal numbers,
    frozen header and first columns, filters, widths."""
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                            "border": 1, "bg_color": "#DDE7F0"})
    two = book.add_format({"num_format": "0.00", "border": 1})
    pts = book.add_format({"num_format": "0.##", "border": 1})
    whole = book.add_format({"num_format": "0", "border": 1})
    text = book.add_format({"border": 1})
    title = book.add_format({"bold": True, "font_size": 13})
    formats = {"so": two, "diem": pts, "int": whole, "text": text}

    def sheet(name: str, heading: str, frame: pd.DataFrame, columns: list[tuple[str, str, str, int]]) -> None:
        ws = book.add_worksheet(name[:31])
        ws.write(0, 0, heading, title)
        for c, (_, label, _, width) in enumerate(columns):
            ws.write(2, c, label, head)
            ws.set_column(c, c, width)
        for r, (_, row) in enumerate(frame.iterrows(), start=3):
            for c, (key, _, kind, _) in enumerate(columns):
                value = row.get(key)
                if pd.isna(value):
                    ws.write_blank(r, c, None, formats[kind])
                elif kind == "text":
                    ws.write_string(r, c, str(value), text)
                else:
                    ws.write_number(r, c, float(value), formats[kind])
        ws.set_row(2, 32)
        ws.freeze_panes(3, 2)
        ws.autofilter(2, 0, 2 + len(frame), len(columns) - 1)

    for name, heading, frame, columns in sheets:
        sheet(name, heading, frame, columns)


# ---------------------------------------------------------------- the folder


def assemble(settings: Settings, targets: list[Target], cache: Cache, final: Path, runs: list[dict]
             ) -> dict | None:
    """Build the year's folder beside the old one and swap it in; None when nothing changed."""
    import os

    books = workbooks(settings, targets)
    for book in books:
        if not cache.path(book.key, "xlsx").exists():
            cache.put(book.key, "xlsx", book.build())

    from . import changes

    planned = {(t.files[f], t.build_key) for t in targets for f in t.files} | {(b.path, b.key) for b in books}
    history = changes.history_bytes(runs)
    # Same reports, same keys, same history, all files present: the folder is current, nothing to swap.
    old = read_manifest(final)
    if old and planned == {(o["path"], o.get("key")) for o in old["outputs"] if o.get("key")} \
            and (final / changes.HISTORY).exists() and (final / changes.HISTORY).read_bytes() == history \
            and all((final / o["path"]).is_file() and sha256_file(final / o["path"]) == o["sha256"]
                    for o in old["outputs"]):
        return None  # (a tampered or deleted output makes the folder be rebuilt from the cache)

    staging = final.with_name(f".{final.name}.building-{os.getpid()}")
    staging.mkdir(parents=True)
    try:
        outputs: list[dict] = []

        def add(path: str, kind: str, fmt_: str, key: str | None = None, unit: str | None = None,
                target: Target | None = None) -> None:
            entry = {"path": path, "kind": kind, "format": fmt_}
            if unit:
                entry["unit"] = unit
            entry["sha256"] = sha256_file(staging / path)
            if key:
                entry["key"] = key
            if target is not None:  # what decides re-issues next time (see pipeline.changes)
                entry["data"] = target.data
                entry["revision"] = target.revision
                if target.note:
                    entry["note"] = target.note
            outputs.append(entry)

        for t in targets:
            for f, rel in t.files.items():
                link_or_copy(cache.path(t.build_key, f), staging / rel)
                add(rel, "notebook" if f == "ipynb" else t.kind, f, t.build_key, t.unit, t)
        for book in books:
            link_or_copy(cache.path(book.key, "xlsx"), staging / book.path)
            add(book.path, "summary", "xlsx", book.key)

        units = [t for t in targets if t.kind == "unit-report"]
        archives = {}
        if units:
            (staging / DISTRIBUTION).write_bytes(distribution_list(settings, units))
            add(DISTRIBUTION, "distribution", "csv")
            for nhom in dict.fromkeys(t.group for t in units):
                files = [(f"{t.unit}.pdf", staging / t.files["pdf"]) for t in units if t.group == nhom]
                archives[nhom] = group_archive(nhom, settings.year)
                (staging / archives[nhom]).write_bytes(zip_files(files, report_date(settings)))
                add(archives[nhom], "distribution", "zip")

        (staging / changes.HISTORY).write_bytes(history)
        add(changes.HISTORY, "changes", "json")
        names = {t.unit: t.label for t in units}
        (staging / changes.PAGE).write_text(changes.page(settings, runs, names), encoding="utf-8")
        add(changes.PAGE, "changes", "html")

        index = landing_page(settings, targets, archives, books)
        (staging / "index.html").write_text(index, encoding="utf-8")
        add("index.html", "index", "html")

        outputs.sort(key=lambda o: (o["path"].count("/"), o["path"]))
        manifest = {"year": settings.year, "inputs": input_entries(settings), "outputs": outputs,
                    "versions": versions()}
        from .build import write_json

        write_json(staging / MANIFEST, manifest)
        swap_in(staging, final)
        return manifest
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise


def input_entries(settings: Settings) -> list[dict]:
    """Raw inputs the reports read, this year's and, for comparison, last year's (paths under DATA_DIR)."""
    from .ingest import input_hashes

    years = [settings] + ([settings.previous] if settings.previous else [])
    return [{"path": (s.raw_dir / rel).relative_to(settings.data_dir).as_posix(), "sha256": sha}
            for s in years for rel, sha in input_hashes(s.raw_dir).items()]


def landing_page(settings: Settings, targets: list[Target], archives: dict[str, str], books: list[Workbook]
                 ) -> str:
    """output/<YEAR>/index.html: every report of the year, one click away."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from .build import TEMPLATES_DIR

    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html", "j2"]))
    ds = settings.dataset
    reports = [t for t in targets if t.kind != "unit-report"]
    units = [t for t in targets if t.kind == "unit-report"]
    groups: dict[str, list[Target]] = {}
    for t in units:
        groups.setdefault(t.group, []).append(t)
    return env.get_template("index.html.j2").render(
        year=settings.year, dataset=ds, reports=reports, books=books,
        groups=[(ds.group_name(code), items, archives.get(code)) for code, items in groups.items()],
        distribution=DISTRIBUTION if units else None, changes="thay-doi.html",
        date=fmt.ngay(report_date(settings)))


def national_annex(settings: Settings) -> bytes:
    """phu-luc-par-index-<YEAR>.xlsx: lost points by leading agency, every lost criterion, areas."""
    import xlsxwriter

    from . import context

    r = context.national_report(settings)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    created = dt.datetime.combine(report_date(settings, "national"), dt.time())
    book.set_properties({"title": f"Phụ lục PAR INDEX năm {settings.year}", "author": r.dataset.agency,
                         "company": r.dataset.parent_agency, "created": created})
    write_sheets(book, [
        ("Theo cơ quan", f"Điểm bị mất theo cơ quan chủ trì, PAR INDEX {settings.year}", r.by_agency, [
            ("co_quan_chu_tri", "Cơ quan chủ trì", "text", 34), ("so_tieu_chi", "Số tiêu chí mất điểm", "int", 12),
            ("diem_mat", "Tổng điểm bị mất", "so", 12)]),
        ("Chi tiết", f"Các tiêu chí bị mất điểm, PAR INDEX {settings.year}", r.tasks, [
            ("co_quan_chu_tri", "Cơ quan chủ trì", "text", 28), ("ma", "Mã", "text", 9),
            ("noi_dung", "Nội dung", "text", 50), ("phuong_thuc", "PT", "text", 5),
            ("diem_toi_da", "Điểm tối đa", "so", 10), ("diem_dat", "Điểm đạt", "so", 10),
            ("diem_mat", "Điểm bị mất", "so", 10)]),
        ("Lĩnh vực", f"Điểm theo lĩnh vực, PAR INDEX {settings.year}", r.areas, [
            ("ma", "LV", "text", 5), ("ten", "Lĩnh vực", "text", 44), ("diem_toi_da", "Điểm tối đa", "so", 10),
            ("diem", "Điểm đạt", "so", 10), ("trung_binh", "Trung bình cả nước", "so", 11),
            ("cao_nhat", "Cao nhất", "so", 10), ("tinh_cao_nhat", "Tỉnh cao nhất", "text", 18),
            ("xep_hang", "Xếp hạng", "int", 9)]),
    ])
    book.close()
    return normalise_zip(buffer.getvalue(), created)
