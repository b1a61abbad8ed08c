"""The year's folder around the reports: Excel summary, distribution list and zips, landing page,
manifest (contract §10). Everything here is byte-deterministic for the same inputs."""
from __future__ import annotations

import csv
import io
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..config import VERSION, Settings
from ..contract import (
    AGENCY_PACK,
    DISTRIBUTION,
    DISTRICT_PACK,
    HISTORY,
    HISTORY_PAGE,
    INDEX_PAGE,
    MANIFEST,
    NATIONAL_REPORT,
    REGISTER,
    PACKS,
    SIDE_FOLDERS,
    UNIT_REPORT,
    UNITS_REPORT,
    annex_name,
    group_archive,
    summary_name,
)
from ..files import (copy_file, csv_safe, digest, json_bytes, read_json, sha256_file, staging_dir, swap_dir,
                     zip_files)
from ..ingest import input_hashes
from ..render.html import TEMPLATES, sort_script
from ..report import context, fmt, history, year_data
from ..text import fold
from . import changes
from .cache import Cache
from .excel import national_annex, summary_workbook
from .targets import Target


class CacheChanged(RuntimeError):
    """A cached file differs, as it is copied into the year's folder, from the hash recorded when it was built
    (changed after this run checked it): nothing is published; the next run rebuilds it."""


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
        if t.kind == UNITS_REPORT:
            # The summary prints every unit's scores and notes, more than the units report: keyed by the tables.
            out.append(Workbook(summary_name(settings.year),
                                digest("summary", t.key, *year_data.stamps(settings, settings.previous)),
                                "Bảng tổng hợp kết quả, theo lĩnh vực và điểm bị mất (Excel)",
                                lambda: summary_workbook(settings)))
        elif t.kind == NATIONAL_REPORT:
            out.append(Workbook(annex_name(settings.year), digest("annex", t.key),
                                "Phụ lục PAR INDEX: điểm bị mất theo cơ quan chủ trì (Excel)",
                                lambda: national_annex(settings)))
    return out


def build_workbooks(settings: Settings, targets: list[Target], cache: Cache) -> list[Workbook]:
    """The Excel outputs of these targets, those not in the cache built into it."""
    books = workbooks(settings, targets)
    for book in books:
        if not cache.holds(book.key, ("xlsx",), book.path):
            cache.put(book.key, "xlsx", book.build())
    return books


def cached_keys(settings: Settings, targets: list[Target]) -> set[str]:
    """Cache entries built here rather than by a worker (kept by Cache.prune)."""
    return {w.key for w in workbooks(settings, targets)}


def distribution_list(settings: Settings, units: list[Target], pack_targets: list[Target] = (),
                      sent: set[str] = frozenset()) -> bytes:
    """phan-phoi.csv: who gets which file (UTF-8 with BOM, so Excel shows the diacritics; no formulas);
    gui_lan_nay says which documents this run issued, to be sent now (sent: their html paths).

    One row per unit with its report; a district's pack goes on the district's row, an agency's pack on the
    row of the unit of exactly that name (Sở Tư pháp), else on a row of its own after the units."""
    parents = context.unit_codes(settings).set_index("ma_don_vi")
    names = parents["ten_don_vi"]
    by_unit = {t.params["district"]: t for t in pack_targets if t.kind == DISTRICT_PACK}
    agencies = {_folded(t.label): t for t in pack_targets if t.kind == AGENCY_PACK}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["ma_don_vi", "ten_don_vi", "nhom", "ten_nhom", "don_vi_cap_tren", "ten_don_vi_cap_tren",
                     "tep_pdf", "tep_docx", "tep_html", "goi_theo_doi_pdf", "goi_theo_doi_docx", "goi_theo_doi_html",
                     "gui_lan_nay"])
    placed = set()
    notices = settings.dataset.unit_notices is not None

    def pack_files(t: Target | None) -> list[str]:
        if t is None:
            return ["", "", ""]
        placed.add(t.stem)
        return [t.files["pdf"], t.files["docx"], t.files["html"]]

    for t in units:
        parent = parents.loc[t.unit, "don_vi_cap_tren"] or ""
        pack = by_unit.get(t.unit) or agencies.get(_folded(t.label))
        # Names come from the input files and the list opens in Excel: no field may start a formula.
        writer.writerow([csv_safe(v) for v in (t.unit, t.label, t.group, settings.dataset.group_name(t.group), parent,
                                               names.get(parent, "") if parent else "", t.files["pdf"],
                                               t.files["docx"], t.files["html"], *pack_files(pack),
                                               _to_send(t, pack, sent, notices))])
    for t in pack_targets:
        if t.stem not in placed:
            writer.writerow([csv_safe(v) for v in ("", t.label, "", "", "", "", "", "", "", *pack_files(t),
                                                   _to_send(None, t, sent, notices))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _folded(name: str) -> str:
    """A name compared for the distribution list: Unicode NFC, case and spaces folded."""
    return " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())


def versions() -> dict[str, str]:
    """The versions a manifest records: the pipeline, Python and the libraries that shape the bytes."""
    names = ["pandas", "matplotlib", "papermill", "nbconvert", "typst", "python-docx", "openpyxl", "XlsxWriter",
             "python-calamine"]
    return {"pipeline": VERSION, "python": ".".join(map(str, sys.version_info[:3])), **{n: version(n) for n in names}}


# ---------------------------------------------------------------- the folder


class Staging:
    """The year's next folder, beside the old one: every report's files copied in and hashed, and each group's zip
    of notices written once its last notice is in. While the workers build, the main process fills it with what is
    built already and with each report as it is done (it would only wait otherwise); `assemble` adds the rest, and
    swaps it in or discards it."""

    def __init__(self, settings: Settings, targets: list[Target], cache: Cache, final: Path):
        self.settings, self.cache = settings, cache
        self.dir = staging_dir(final)
        self.outputs: list[dict] = []  # the manifest's entries so far
        self.added: set[str] = set()  # target stems copied in
        units = [t for t in targets if t.kind == UNIT_REPORT]
        self.groups = {nhom: [t for t in units if t.group == nhom] for nhom in dict.fromkeys(t.group for t in units)}
        self.archives: dict[str, str] = {}  # group → its zip's path

    def entry(self, path: str, kind: str, fmt_: str, key: str | None = None, unit: str | None = None,
              cached: str | None = None, sha256: str | None = None) -> None:
        """A file written into the folder, in the manifest (cached: its format in the cache entry `key`; sha256: its
        hash, when taken as it was written)."""
        entry = {"path": path, "kind": kind, "format": fmt_}
        if unit:
            entry["unit"] = unit
        entry["sha256"] = sha256 or sha256_file(self.dir / path)
        if cached is not None and entry["sha256"] != self.cache.recorded(key, cached):
            # Checked as it is copied: a file changed in the cache since it was checked is never certified.
            raise CacheChanged(f"{self.cache.path(key, cached)} thay đổi trong khi đang chạy")
        if key:
            entry["key"] = key
        self.outputs.append(entry)

    def add(self, t: Target) -> None:
        """A report's files (built: in the cache), and its group's zip when it was the group's last notice."""
        if t.stem in self.added:
            return
        for f, rel in t.files.items():
            sha256 = copy_file(self.cache.path(t.key, f), self.dir / rel)
            self.entry(rel, "notebook" if f == "ipynb" else t.kind, f, t.key, t.unit, cached=f, sha256=sha256)
        self.added.add(t.stem)
        if t.kind == UNIT_REPORT and t.group in self.groups and all(
                u.stem in self.added for u in self.groups[t.group]):
            self._archive(t.group)

    def add_built(self, targets: list[Target]) -> None:
        """The reports of `targets` already in the cache."""
        for t in targets:
            if self.cache.has(t):
                self.add(t)

    def _archive(self, nhom: str) -> None:
        files = [(f"{t.unit}.{f}", self.dir / t.files[f]) for t in self.groups[nhom] for f in ("pdf", "docx")]
        self.archives[nhom] = group_archive(nhom, self.settings.year)
        (self.dir / self.archives[nhom]).write_bytes(zip_files(files, self.settings.dataset.report_date("units")))
        self.entry(self.archives[nhom], "distribution", "zip")

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def assemble(settings: Settings, targets: list[Target], cache: Cache, final: Path, runs: list[dict],
             register: list[dict] = (), sent: set[str] = frozenset(),
             before_swap: Callable[[bytes], None] | None = None, staging: Staging | None = None) -> dict | None:
    """Build the year's folder beside the old one and swap it in; None when nothing changed.

    register: the issue register's rows (build.lifecycle), written as so-phat-hanh.csv once the year is issued.
    before_swap: called with the new manifest's bytes when the folder is ready, just before it is swapped in
    (build.journal). staging: the folder as filled while the reports were built (Staging, of these targets)."""
    books = build_workbooks(settings, targets, cache)

    planned = {(t.files[f], t.key) for t in targets for f in t.files} | {(b.path, b.key) for b in books}
    history = changes.history_bytes(runs)
    register_bytes = register_csv(register) if register else None
    # Same reports, same keys, same history, all files present: the folder is current, nothing to swap.
    old = read_json(final / MANIFEST)
    if old and planned == {(o["path"], o.get("key")) for o in old["outputs"] if o.get("key")} \
            and (final / HISTORY).exists() and (final / HISTORY).read_bytes() == history \
            and (register_bytes is None or (final / REGISTER).is_file() and (final / REGISTER).read_bytes()
                 == register_bytes) \
            and all((final / o["path"]).is_file() and sha256_file(final / o["path"]) == o["sha256"]
                    for o in old["outputs"]):
        if staging is not None:
            staging.discard()
        return None  # (a tampered or deleted output makes the folder be rebuilt from the cache)

    staging = staging or Staging(settings, targets, cache, final)
    try:
        for t in targets:
            staging.add(t)
        for book in books:
            sha256 = copy_file(cache.path(book.key, "xlsx"), staging.dir / book.path)
            staging.entry(book.path, "summary", "xlsx", book.key, cached="xlsx", sha256=sha256)

        units = [t for t in targets if t.kind == UNIT_REPORT]
        pack_targets = [t for t in targets if t.kind in PACKS]
        if units:
            (staging.dir / DISTRIBUTION).write_bytes(distribution_list(settings, units, pack_targets, sent))
            staging.entry(DISTRIBUTION, "distribution", "csv")

        if register_bytes is not None:
            (staging.dir / REGISTER).write_bytes(register_bytes)
            staging.entry(REGISTER, "register", "csv")
        (staging.dir / HISTORY).write_bytes(history)
        staging.entry(HISTORY, "changes", "json")
        names = {t.unit: t.label for t in units}
        # Pages as bytes: a text-mode write would turn every newline into CRLF on Windows (other bytes, other
        # hashes than on Linux).
        (staging.dir / HISTORY_PAGE).write_bytes(changes.page(settings, runs, names).encode("utf-8"))
        staging.entry(HISTORY_PAGE, "changes", "html")

        index = landing_page(settings, targets, staging.archives, books, REGISTER if register_bytes else None)
        (staging.dir / INDEX_PAGE).write_bytes(index.encode("utf-8"))
        staging.entry(INDEX_PAGE, "index", "html")

        outputs = sorted(staging.outputs, key=lambda o: (o["path"].count("/"), o["path"]))
        manifest = {"year": settings.year, "inputs": input_entries(settings), "outputs": outputs,
                    "versions": versions()}
        manifest_bytes = json_bytes(manifest)
        (staging.dir / MANIFEST).write_bytes(manifest_bytes)
        # The forms and return lists (make forms, make check) live beside the reports, outside the manifest.
        for side in SIDE_FOLDERS:
            if (final / side).is_dir():
                shutil.copytree(final / side, staging.dir / side)
        if before_swap is not None:
            before_swap(manifest_bytes)
        swap_dir(staging.dir, final)
        return manifest
    except BaseException:
        staging.discard()
        raise


def input_entries(settings: Settings) -> list[dict]:
    """Raw inputs the reports read, this year's and the earlier years' of the units' history (the year before
    for comparison; up to five years), paths under DATA_DIR."""
    years = [settings] + [s for s in reversed(history.history_years(settings)) if s.year != settings.year]
    return [{"path": (s.raw_dir / rel).relative_to(settings.data_dir).as_posix(), "sha256": sha}
            for s in years for rel, sha in input_hashes(s.raw_dir).items()]


REGISTER_COLUMNS = ["loai", "so", "ngay", "noi_nhan", "trich_yeu", "tep", "sha256", "tep_docx", "sha256_docx",
                    "thay_the"]


def _to_send(unit: Target | None, pack: Target | None, sent: set[str], notices: bool) -> str:
    """'thông báo; phụ lục': what on this row was issued by this run and goes out now."""
    return "; ".join(name for t, name in ((unit, "thông báo" if notices else "kết quả"), (pack, "phụ lục"))
                     if t is not None and t.files["html"] in sent)


def register_csv(rows: list[dict]) -> bytes:
    """so-phat-hanh.csv: every issued document in issue order (a replacement beside the one it replaces names
    it in thay_the), UTF-8 with a BOM so that Excel opens the Vietnamese as written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REGISTER_COLUMNS)
    for row in rows:  # texts from the input files, and the register opens in Excel: no field may start a formula
        writer.writerow([csv_safe(row.get(c, "")) for c in REGISTER_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def landing_page(settings: Settings, targets: list[Target], archives: dict[str, str], books: list[Workbook],
                 register: str | None = None) -> str:
    """output/<YEAR>/index.html: every report of the year, one click away."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    ds = settings.dataset
    reports = [t for t in targets if t.kind not in (UNIT_REPORT, *PACKS)]
    units = [t for t in targets if t.kind == UNIT_REPORT]
    district_packs = [t for t in targets if t.kind == DISTRICT_PACK]
    agency_packs = [t for t in targets if t.kind == AGENCY_PACK]
    # Each unit with its result, in rank order, so a clerk finds a unit and sees where it stands: found by name
    # or code typed with or without accents (data-tim: text.fold), a commune also by its district.
    results = context.unit_codes(settings).set_index("ma_don_vi") if units else None
    names = results["ten_don_vi"] if units else {}
    groups: dict[str, list[dict]] = {}
    for t in units:
        r = results.loc[t.unit]
        parent = r["don_vi_cap_tren"] or ""
        groups.setdefault(t.group, []).append({
            "target": t, "rank": int(r["xep_hang"]), "band": r["xep_loai"], "index": fmt.phan_tram(r["chi_so"]),
            "value": repr(float(r["chi_so"])), "search": fold(f"{t.label} {t.unit}"), "parent": parent,
            "parent_name": fmt.ten_ngan(names.get(parent, parent)) if parent else ""})
    for items in groups.values():
        items.sort(key=lambda item: (item["rank"], item["target"].unit))
    parents = sorted({(i["parent"], i["parent_name"]) for items in groups.values() for i in items if i["parent"]},
                     key=lambda p: (fold(p[1]), p[0]))
    # The year's warnings (canh-bao: file, sheet, cell), shown to whoever opens the folder, not only in the
    # terminal of the run that read the sheets.
    warnings = year_data.year_tables(settings).warnings.to_dict("records") if settings.has_units else []
    return env.get_template("index.html.j2").render(
        year=settings.year, dataset=ds, reports=reports, books=books, district_packs=district_packs,
        agency_packs=agency_packs,
        groups=[(ds.group_name(code), items, archives.get(code), any(i["parent"] for i in items))
                for code, items in groups.items()],
        districts=parents, warnings=warnings, sorter=Markup(sort_script()),
        distribution=DISTRIBUTION if units else None, changes=HISTORY_PAGE, register=register,
        drafts=any(t.status.draft for t in targets),
        date=fmt.ngay(settings.dataset.report_date("units")))
