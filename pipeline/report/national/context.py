"""raw/<YEAR>/quoc-gia/ → the small tables the national report prints."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...config import Dataset, Settings
from ...contract import APPRAISED, SURVEY
from ...ingest.national import read_national
from . import analysis as national


@dataclass(frozen=True)
class NationalReport:
    dataset: Dataset
    year: int
    headline: national.Headline
    trend: pd.DataFrame  # the province's index and rank per year
    areas: pd.DataFrame  # per national area: points, max, national mean, best, rank
    lost: pd.DataFrame  # every criterion/component that lost points
    by_agency: pd.DataFrame  # lost points per leading agency
    methods: pd.DataFrame  # appraised (TĐ) against survey (XHH)
    tasks: pd.DataFrame  # next year's tasks per agency, by recoverable points


def national_report(settings: Settings) -> NationalReport:
    """Everything the province's national PAR INDEX report prints (like Báo cáo 196/BC-SNV)."""
    data = read_national(settings.raw_dir, settings.year, settings.dataset.province)
    province = settings.dataset.province
    lost = national.lost_points(data.detail)
    return NationalReport(settings.dataset, settings.year,
                          national.headline(data.provinces, settings.year, province),
                          national.trend(data.provinces, province),
                          national.area_results(data.provinces, data.areas, settings.year, province),
                          lost, national.lost_by_agency(lost), national.by_method(data.detail), national.tasks(lost))


def _rank_text(frame: pd.DataFrame) -> list[str]:
    """'46/63': rank among the provinces ranked that year."""
    return [f"{a}/{b}" for a, b in zip(frame["xep_hang"], frame["so_tinh"])]


def national_trend_table(r: NationalReport) -> pd.DataFrame:
    """The province's index, rank as 'x/y' and the national mean per year (tables.NATIONAL_TREND)."""
    return r.trend.assign(hang=_rank_text(r.trend))


def national_area_table(r: NationalReport) -> pd.DataFrame:
    """Areas with the province's rank as 'x/y' (tables.NATIONAL_AREAS)."""
    return r.areas.assign(hang=_rank_text(r.areas))


METHOD_NAMES = {APPRAISED: "Thẩm định", SURVEY: "Điều tra XHH"}


def national_method_table(r: NationalReport) -> pd.DataFrame:
    """Appraised (TĐ) against survey (XHH) points, with the method's printed name (tables.NATIONAL_METHODS)."""
    return r.methods.assign(ten=r.methods["phuong_thuc"].map(METHOD_NAMES))


def agency_lost(r: NationalReport, agency: str) -> pd.DataFrame:
    """The criteria led by one agency that lost points."""
    return r.lost[r.lost["co_quan_chu_tri"] == agency]


def agency_tasks(r: NationalReport, agency: str) -> pd.DataFrame:
    """Next year's tasks of one leading agency."""
    return r.tasks[r.tasks["co_quan_chu_tri"] == agency]
