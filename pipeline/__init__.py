"""PAR INDEX reporting pipeline of a provincial Sở Nội vụ.

For analysts: `from pipeline import load; d = load(2023)` gives the year's framework, units and processed
tables as tidy pandas frames; `load_years([2022, 2023])` gives several years in one set of frames, units
followed through `unit_code_changes`. The rules the reports apply are public here too: `year_on_year`
(change in points, and in places only where the group is comparable), `points_lost` (maximum − points, a
deduction's points deducted), `lost_points`, `area_results`, `criterion_across_units`.
"""
from __future__ import annotations

import sys

# nbformat validates with jsonschema, whose import compiles the 39 grammars of rfc3987-syntax (installed for
# jupyter-events) to check the "iri" format, which no notebook schema uses: a second or two of CPU in every
# process that runs or reads a notebook, the build's workers included. Marked absent, jsonschema skips that
# format. Here, first: any module of the package may be the one that imports nbformat.
sys.modules.setdefault("rfc3987_syntax", None)

from dataclasses import dataclass  # noqa: E402
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import contract
from .config import VERSION, Settings
from .errors import NoUnitData
from .files import exclusive
from .ingest import build_if_stale, read_table
from .report.analysis import area_results, criterion_across_units, lost_points, points_lost, year_on_year
from .report.codes import forward_codes

__version__ = VERSION
__all__ = ["Settings", "load", "YearData", "load_years", "YearsData", "NoUnitData", "year_on_year",
           "points_lost", "lost_points", "area_results", "criterion_across_units"]


@dataclass(frozen=True)
class YearData:
    """The processed tables of one year (contract §9), joined with names for reading."""

    year: int
    framework: pd.DataFrame  # bo-tieu-chi: every row of every group's criteria tree
    units: pd.DataFrame  # don-vi
    diem: pd.DataFrame  # one row per unit and leaf criterion, with the criterion's text and area
    tong_hop: pd.DataFrame  # one row per unit: totals, index, rank, band
    diem_linh_vuc: pd.DataFrame  # one row per unit and area, with the area's name and % of max
    changes: pd.DataFrame  # corrections applied from hieu-chinh.csv
    warnings: pd.DataFrame  # what the sheets got wrong without stopping the run


def _years_with_units(settings: Settings) -> list[int]:
    root = settings.data_dir / "raw"
    years = sorted(int(p.name) for p in root.iterdir() if p.name.isdigit()) if root.is_dir() else []
    return [y for y in years if Settings(y, settings.data_dir).has_units]


def _no_unit_data(settings: Settings, data_dir: str | Path) -> NoUnitData | None:
    """Why the year has no units' results (None when it has some)."""
    year = settings.year
    others = ", ".join(map(str, _years_with_units(settings))) or "không có"
    if settings.raw_dir.is_dir():
        if settings.has_units:
            return None
        what = ("chỉ có kết quả Chỉ số PAR INDEX của tỉnh (quoc-gia/)" if settings.has_national
                else "không có bộ tiêu chí hay danh sách đơn vị")
        return NoUnitData(f"năm {year} {what}, chưa có dữ liệu chấm điểm các đơn vị ({settings.raw_dir}); "
                          f"các năm có dữ liệu đơn vị: {others}")
    if settings.processed_dir.is_dir():
        return None
    where = Path(data_dir) if Path(data_dir).is_absolute() else Path.cwd() / data_dir
    return NoUnitData(
        f"không có dữ liệu năm {year}: không thấy {settings.raw_dir.absolute()} hay {settings.processed_dir.name}/ "
        f"(đã tìm thư mục {data_dir} từ {where.parent} lên các thư mục cha); các năm có dữ liệu đơn vị: {others}; "
        f"truyền data_dir=… trỏ tới thư mục chứa raw/{year}")


def load(year: int, data_dir: str | Path = "data", build: bool = True) -> YearData:
    """The processed tables of a year; builds them from raw/<year> first when missing or stale.

    A relative data_dir is looked for from the working directory upwards. Nothing is written outside an
    existing data folder. A year without units' results (no raw/<year> or processed/<year>, or the national
    index only) raises NoUnitData (a FileNotFoundError) saying so and naming the years that have them.
    Codes are strings everywhere: units (`ma_don_vi`), criteria and areas (`ma`, `linh_vuc`: "4", not 4)."""
    settings = Settings.locate(year, data_dir)
    problem = _no_unit_data(settings, data_dir)
    if problem is not None:
        raise problem
    if build and settings.raw_dir.is_dir():
        with exclusive(settings.lock_file, f"đang có một lần chạy khác cho năm {year}; chờ lần đó xong…"):
            build_if_stale(settings)
    d = settings.processed_dir
    framework = read_table(d, contract.FRAMEWORK)
    units = read_table(d, contract.UNITS)
    tong_hop = read_table(d, contract.TONG_HOP)
    group_of = tong_hop.set_index("ma_don_vi")["nhom"]
    names = framework[["nhom", "ma", "noi_dung", "linh_vuc", "co_quan_tham_dinh"]]
    diem = read_table(d, contract.DIEM)
    diem = diem.assign(nhom=diem["ma_don_vi"].map(group_of)).merge(names, on=["nhom", "ma"], how="left")
    areas = read_table(d, contract.DIEM_LINH_VUC)
    areas = areas.assign(nhom=areas["ma_don_vi"].map(group_of)).merge(
        names.rename(columns={"noi_dung": "ten_linh_vuc"})[["nhom", "ma", "ten_linh_vuc"]], on=["nhom", "ma"],
        how="left")
    areas["ty_le"] = (areas["diem"] / areas["diem_toi_da"] * 100).where(areas["diem_toi_da"] > 0)
    return YearData(year, framework, units, diem, tong_hop, areas,
                    read_table(d, contract.CHANGES), read_table(d, contract.WARNINGS))


@dataclass(frozen=True)
class YearsData:
    """Several years in one set of tidy frames, a `nam` column first in each.

    Every unit row carries `ma_don_vi` and `ten_don_vi` as they were that year, and `ma_hien_nay` and
    `ten_hien_nay`: the code the unit became in the last year loaded (through every later year's
    `unit_code_changes`, the reports' rule: never by name) and its name then (that year's name when the
    unit is gone by then). A commune carries its district: `don_vi_cap_tren` (that year's code),
    `ten_cap_tren` (its name that year) and `cap_tren_hien_nay` (the district's code in the last year).
    Codes are strings everywhere: units, criteria and areas (`ma == "4"`, not `ma == 4`)."""

    years: tuple[int, ...]
    framework: pd.DataFrame  # every year's criteria tree
    tong_hop: pd.DataFrame  # per year and unit: totals, index, rank, band
    diem: pd.DataFrame  # per year, unit and leaf criterion, with the criterion's text and area
    diem_linh_vuc: pd.DataFrame  # per year, unit and area ("Điểm trừ" is not an area: see tong_hop.diem_tru)
    warnings: pd.DataFrame  # per year: what the sheets got wrong without stopping the run

    def year_on_year(self, year: int) -> pd.DataFrame:
        """`year`'s tong_hop with the year before's index and rank (units followed through their codes) and
        the change: in points always, in places only where the group holds the same units (`year_on_year`)."""
        if year not in self.years:
            raise NoUnitData(f"năm {year} không nằm trong các năm đã nạp ({', '.join(map(str, self.years))})")
        now = self.tong_hop[self.tong_hop["nam"] == year]
        before = self.tong_hop[self.tong_hop["nam"] == year - 1]
        # Both years under the last year's codes; a unit merged from several has no single predecessor.
        before = before[~before["ma_hien_nay"].duplicated(keep=False)]
        out = year_on_year(now.assign(ma_don_vi=now["ma_hien_nay"]),
                           before.assign(ma_don_vi=before["ma_hien_nay"]) if len(before) else None)
        return out.assign(ma_don_vi=now["ma_don_vi"].to_numpy())


UNIT_COLUMNS = ["nam", "ma_don_vi", "ma_hien_nay", "ten_don_vi", "ten_hien_nay", "nhom", "don_vi_cap_tren",
                "ten_cap_tren", "cap_tren_hien_nay"]


def load_years(years: Iterable[int], data_dir: str | Path = "data", build: bool = True) -> YearsData:
    """The processed tables of several years (each as `load` gives it) in one set of frames with a `nam`
    column, units followed through `unit_code_changes` up to the last year, district names joined.
    A year without units' results raises NoUnitData naming it and the years that have them."""
    wanted = sorted({int(y) for y in years})
    if not wanted:
        raise NoUnitData("chưa chọn năm nào: load_years([2022, 2023])")
    last = wanted[-1]
    loaded = [load(y, data_dir, build) for y in wanted]
    between = [Settings.locate(y, data_dir) for y in range(wanted[0], last + 1)]
    changes = {s.year: s.dataset.unit_code_changes for s in between if (s.raw_dir / contract.DATASET_FILE).exists()}
    units = []
    for d in loaded:
        t = d.tong_hop[["ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren"]].copy()
        t["don_vi_cap_tren"] = t["don_vi_cap_tren"].fillna("")
        t.insert(0, "nam", d.year)
        t["ma_hien_nay"] = forward_codes(t["ma_don_vi"], d.year, changes, last)
        names = d.units.set_index("ma_don_vi")["ten_don_vi"]
        t["ten_cap_tren"] = t["don_vi_cap_tren"].map(names).fillna("")
        t["cap_tren_hien_nay"] = [c if not c else f for c, f in
                                  zip(t["don_vi_cap_tren"], forward_codes(t["don_vi_cap_tren"], d.year, changes, last))]
        units.append(t)
    units = pd.concat(units, ignore_index=True)
    latest = units.drop_duplicates("ma_hien_nay", keep="last").set_index("ma_hien_nay")["ten_don_vi"]
    units["ten_hien_nay"] = units["ma_hien_nay"].map(latest)
    units = units[UNIT_COLUMNS]

    def tidy(frames: list[pd.DataFrame]) -> pd.DataFrame:
        out = pd.concat([f.assign(nam=d.year) for f, d in zip(frames, loaded)], ignore_index=True)
        rest = [c for c in out.columns if c not in UNIT_COLUMNS]
        return out.merge(units, on=["nam", "ma_don_vi"], how="left")[UNIT_COLUMNS + rest]

    areas = [d.diem_linh_vuc.merge(d.framework[["nhom", "ma", "loai"]], on=["nhom", "ma"], how="left")
             for d in loaded]
    areas = [a[a["loai"] != contract.DEDUCTION].drop(columns=["loai", "nhom", "ten_don_vi"], errors="ignore")
             for a in areas]
    return YearsData(
        tuple(wanted),
        pd.concat([d.framework.assign(nam=d.year) for d in loaded], ignore_index=True).pipe(
            lambda f: f[["nam", *[c for c in f.columns if c != "nam"]]]),
        tidy([d.tong_hop.drop(columns=["ten_don_vi", "nhom", "don_vi_cap_tren"]) for d in loaded]),
        tidy([d.diem.drop(columns=["nhom"]) for d in loaded]),
        tidy(areas),
        pd.concat([d.warnings.assign(nam=d.year) for d in loaded], ignore_index=True).pipe(
            lambda f: f[["nam", *[c for c in f.columns if c != "nam"]]]))
