"""The report stage's one reader of processed tables: each year's tables, read once per version of them.

Cached by the tables' stamp (the hash of their `inputs.json`: the raw inputs and the reading code they
were built from), not by the year alone: an analyst's kernel that re-runs a notebook after `make data`
reads the new tables, and nothing has to be released for that to hold. What is derived from the tables
(`derived`) is cached the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .. import contract
from ..config import Dataset, Settings, pinned, refuse_if_context_only
from ..files import digest
from ..ingest import read_table

# Years whose tables (and what is derived from them) stay in memory: a run reads the year, the year
# before and up to five years of history; a national-scale year's tables are some hundreds of MiB.
CACHED_YEARS = 6


@dataclass(frozen=True)
class YearTables:
    dataset: Dataset
    framework: pd.DataFrame
    diem: pd.DataFrame
    tong_hop: pd.DataFrame
    diem_linh_vuc: pd.DataFrame
    changes: pd.DataFrame
    warnings: pd.DataFrame


def table_stamp(settings: Settings) -> str:
    """The version of a year's processed tables: the hash of the stamp written with them (read once within a
    build: config.inputs_pinned)."""
    refuse_if_context_only(f"the processed tables of {settings.year}")
    return pinned("table-stamp", settings.processed_dir, lambda: _read_stamp(settings))


def _read_stamp(settings: Settings) -> str:
    try:
        return digest((settings.processed_dir / contract.STAMP_FILE).read_bytes())
    except FileNotFoundError:
        return ""  # not built: read_table names the missing table


def year_tables(settings: Settings) -> YearTables:
    """The processed tables of a year, read once per version of them."""
    return _year_tables(settings, table_stamp(settings))


@lru_cache(maxsize=CACHED_YEARS)
def _year_tables(settings: Settings, stamp: str) -> YearTables:
    d = settings.processed_dir
    return YearTables(settings.dataset, read_table(d, contract.FRAMEWORK), read_table(d, contract.DIEM),
                      read_table(d, contract.TONG_HOP), read_table(d, contract.DIEM_LINH_VUC),
                      read_table(d, contract.CHANGES), read_table(d, contract.WARNINGS))


@dataclass(frozen=True)
class NationalTables:
    provinces: pd.DataFrame  # nam, tinh, vung, chi_so, lv_1 … lv_N (every year of the file, its order)
    areas: pd.DataFrame  # ma, ten, diem_toi_da (the year's areas, in code order)
    detail: pd.DataFrame  # ma, noi_dung, diem_toi_da, diem_dat, phuong_thuc, co_quan_chu_tri, cap, la, ghi_chu
    tasks: pd.DataFrame  # the province's task catalogue: ma, nhiem_vu, chi_tieu, co_quan_chu_tri, co_quan_phoi_hop


def national_tables(settings: Settings) -> NationalTables:
    """The national PAR INDEX of a year as ingest validated it, the provinces' area points wide again."""
    return _national_tables(settings, table_stamp(settings))


@lru_cache(maxsize=CACHED_YEARS)
def _national_tables(settings: Settings, stamp: str) -> NationalTables:
    d = settings.processed_dir
    provinces = read_table(d, contract.NATIONAL_PROVINCES)
    points = read_table(d, contract.NATIONAL_PROVINCE_AREAS)
    areas = read_table(d, contract.NATIONAL_AREAS)
    # lv_k columns in area order, rows in the file's order (the long table keeps both).
    wide = points.assign(ma="lv_" + points["ma"].astype(str)).pivot(index=["nam", "tinh"], columns="ma",
                                                                     values="diem")
    columns = list(dict.fromkeys("lv_" + points["ma"].astype(str)))
    wide = wide.reindex(columns=columns).reindex(pd.MultiIndex.from_frame(provinces[["nam", "tinh"]]))
    provinces = pd.concat([provinces.reset_index(drop=True), wide.reset_index(drop=True)], axis=1)
    provinces.columns.name = None
    return NationalTables(provinces, areas, read_table(d, contract.NATIONAL_DETAIL),
                          read_table(d, contract.NATIONAL_TASKS))


@dataclass(frozen=True)
class PerUnit:
    """One frame of all units' rows, sliced per unit as if computed for that unit alone."""

    frame: pd.DataFrame
    rows: dict[str, tuple[int, int]]  # unit → its rows, start and end: sorted by unit, each unit's are together

    @classmethod
    def of(cls, frame: pd.DataFrame, keep_code: bool = True) -> "PerUnit":
        """keep_code: the slices keep the ma_don_vi column (else they are as a function of one unit's rows gives
        them, without it)."""
        # Stable: within a unit the rows keep the order the analysis gave them.
        frame = frame.sort_values("ma_don_vi", kind="stable").reset_index(drop=True)
        # observed: a categorical code's unused categories have no rows, and no entry.
        rows = {unit: (int(at[0]), int(at[-1]) + 1)
                for unit, at in frame.groupby("ma_don_vi", observed=True).indices.items()}
        return cls(frame if keep_code else frame.drop(columns="ma_don_vi"), rows)

    def __getitem__(self, ma_don_vi: str) -> pd.DataFrame:
        # A slice, copied by reset_index: half the time of taking the rows one by one, for thousands of units.
        start, end = self.rows.get(ma_don_vi, (0, 0))
        return self.frame.iloc[start:end].reset_index(drop=True)


def previous_tong_hop(settings: Settings) -> tuple[int | None, pd.DataFrame | None]:
    prev = settings.previous
    if prev is None:
        return None, None
    return prev.year, year_tables(prev).tong_hop


def stamps(*years: Settings | None) -> tuple[str, ...]:
    """The versions of several years' tables (None: a year that is not there), as a cache key."""
    return tuple(table_stamp(s) if s is not None else "" for s in years)


def cached_by_tables(reads):
    """Cache a function of Settings by the versions of the tables it reads: `reads(settings)` lists the years.

    The value is computed once per version of those tables; an edit of any of them computes it again.
    """
    def decorate(compute):
        cached = lru_cache(maxsize=CACHED_YEARS)(lambda settings, _versions: compute(settings))

        def wrapper(settings: Settings):
            return cached(settings, stamps(*reads(settings)))

        wrapper.__doc__, wrapper.__name__, wrapper.__wrapped__ = compute.__doc__, compute.__name__, compute
        _CACHES.append(cached)
        return wrapper
    return decorate


_CACHES: list = [_year_tables, _national_tables]


def clear() -> None:
    """Forget every cached table and what was derived from them. For memory only (the build calls it before
    its workers start): no result ever depends on calling it."""
    for cached in _CACHES:
        cached.cache_clear()
