"""The national tables (quoc-gia/ as ingest validated it) → the context the national report prints."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from ...config import Settings
from ...contract import METHOD_NAMES
from .. import layout
from ..keys import DOCUMENT_FIELDS, DatasetView, dataset_view
from ..year_data import cached_by_tables, national_tables
from . import analysis as national
from . import narrative, tables


@dataclass(frozen=True)
class NationalReport:
    PRINTS: ClassVar[frozenset] = DOCUMENT_FIELDS | {"national", "reports"}

    dataset: DatasetView
    identity: layout.Identity  # number and date (dataset.yml), draft or issued, what it replaces
    year: int
    headline: national.Headline
    trend: pd.DataFrame  # the province's index and rank per year
    segments: list  # runs of years whose ranks one line may join (analysis.trend_segments)
    comparable: bool  # last year had the same areas: changes per area are printed
    areas: pd.DataFrame  # per national area: points, max, national mean, best (ties), rank, change
    region: pd.DataFrame  # the provinces of the province's region
    lost: pd.DataFrame  # every criterion/component that lost points, agencies → areas → points (sorted_lost)
    by_agency: pd.DataFrame  # lost points per leading agency (TĐ and XHH apart)
    methods: pd.DataFrame  # appraised (TĐ) against survey (XHH)
    tasks: pd.DataFrame  # next year's tasks per agency, by recoverable points, the own agency last; with the
    # task catalogue's task, target and coordinating agencies where it gives them (analysis.assign_tasks)
    deadline: dt.date  # tasks done by (dataset.yml national_report.deadline)
    # Criteria lost this year and the year before (analysis.repeated_losses); None without the year before's
    # detail (raw/<YEAR-1>/quoc-gia/): a year apart is not "two years running".
    repeated: pd.DataFrame | None = None

    @property
    def recipients(self) -> list[str]:
        """Nơi nhận (layout.RECIPIENTS: the national report's do not follow from the year's data)."""
        return layout.RECIPIENTS["national"]


def previous_national(settings: Settings) -> Settings | None:
    """The year before, when it has the national files (its detail gives the criteria lost two years running)."""
    prev = Settings(settings.year - 1, settings.data_dir, settings.output_dir)
    return prev if prev.has_national else None


@cached_by_tables(lambda settings: (settings, previous_national(settings)))
def national_report(settings: Settings) -> NationalReport:
    """Everything the province's national PAR INDEX report prints (like Báo cáo 196/BC-SNV)."""
    ds = settings.dataset
    data = national_tables(settings)
    before = previous_national(settings)
    repeated = None if before is None else national.repeated_losses(
        national.lost_points(data.detail), national.lost_points(national_tables(before).detail))
    province, options = ds.province, ds.national
    lost = national.lost_points(data.detail)
    comparable = national.areas_comparable(data.provinces, settings.year, province, len(data.areas),
                                           options.framework_changed)
    trend = national.trend(data.provinces, province)
    cites = frozenset({"national"} if "national" in ds.reports else {"units"})  # Dataset.report's fallback
    return NationalReport(
        dataset_view(ds, NationalReport.PRINTS, cites), layout.report_identity(ds, "national"), settings.year, national.headline(data.provinces, settings.year, province), trend,
        national.trend_segments(trend, [settings.year] if options.framework_changed else []), comparable,
        national.area_results(data.provinces, data.areas, settings.year, province, comparable),
        national.region_table(data.provinces, settings.year, province), national.sorted_lost(lost),
        national.lost_by_agency(lost), national.by_method(data.detail),
        national.tasks(national.assign_tasks(lost, data.tasks, data.detail), options.small_items, ds.agency),
        options.task_deadline(settings.year), repeated)


def _rank_text(ranks, totals) -> list[str]:
    """'46/63': rank among the provinces ranked."""
    return [f"{a}/{b}" for a, b in zip(ranks, totals)]


def national_trend_table(r: NationalReport) -> pd.DataFrame:
    """The province's index, rank as 'x/y', the national mean and the gap per year (tables.NATIONAL_TREND)."""
    return r.trend.assign(hang=_rank_text(r.trend["xep_hang"], r.trend["so_tinh"]),
                          chenh_lech=r.trend["chi_so"] - r.trend["trung_binh"])


def national_area_table(r: NationalReport) -> pd.DataFrame:
    """Areas with the province's rank as 'x/y', '(đồng hạng)' when shared (tables.NATIONAL_AREAS)."""
    ranks = _rank_text(r.areas["xep_hang"], r.areas["so_tinh"])
    return r.areas.assign(hang=[h + (" (đồng hạng)" if n > 1 else "") for h, n in zip(ranks, r.areas["dong_hang"])])


def area_columns(r: NationalReport) -> list:
    """Columns of the areas table: with the change against last year only when the areas are the same."""
    return tables.NATIONAL_AREAS + (tables.NATIONAL_AREA_CHANGES if r.comparable else [])


def national_region_table(r: NationalReport) -> pd.DataFrame:
    """The region's provinces with the national rank as 'x/y' (tables.NATIONAL_REGION)."""
    return r.region.assign(hang=_rank_text(r.region["xep_hang"], [r.headline.n_provinces] * len(r.region)))


def region_columns(r: NationalReport) -> list:
    """The region table's columns: changes only when last year ranked as many provinces (not across 2025)."""
    return tables.NATIONAL_REGION + (tables.NATIONAL_REGION_CHANGES if r.region["bac"].notna().any() else [])


def own_row(row: pd.Series) -> str:
    """The province's own row in the region table stands out (HTML)."""
    return "nen-xanh" if row.get("la_tinh") else ""


def national_method_table(r: NationalReport) -> pd.DataFrame:
    """Appraised (TĐ) against survey (XHH) points, with the method's printed name (tables.NATIONAL_METHODS)."""
    return r.methods.assign(ten=r.methods["phuong_thuc"].map(METHOD_NAMES))


def lost_agencies(r: NationalReport) -> list[str]:
    """Agencies in the order of the lost-points lists: most points lost first."""
    return list(dict.fromkeys(r.lost["co_quan_chu_tri"]))


def agency_lost(r: NationalReport, agency: str) -> pd.DataFrame:
    """The criteria led by one agency that lost points, grouped by area, most points first."""
    return r.lost[r.lost["co_quan_chu_tri"] == agency]


def task_agencies(r: NationalReport) -> list[str]:
    """Agencies in the order of the tasks: most recoverable points first, the report's own agency last."""
    return list(dict.fromkeys(r.tasks["co_quan_chu_tri"]))


def agency_tasks(r: NationalReport, agency: str) -> pd.DataFrame:
    """Next year's tasks of one leading agency (small items included, marked `nho`)."""
    return r.tasks[r.tasks["co_quan_chu_tri"] == agency]


def task_texts(r: NationalReport, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tasks (all of r.tasks, or the rows given) with their texts: `nhiem_vu` (the task), `chi_tieu` (its
    target), `phoi_hop` (the coordinating agencies). The catalogue's texts are printed as given; what it leaves
    blank, or a criterion it does not list, takes narrative's defaults."""
    items = r.tasks if items is None else items
    own = r.dataset.agency

    def given(row, column: str, default) -> str:
        text = str(row.get(column) or "") if row.get("danh_muc") else ""
        return text or default(row)

    rows = [row for _, row in items.iterrows()]
    return items.assign(nhiem_vu=[given(row, "nhiem_vu_giao", narrative.task_action) for row in rows],
                        chi_tieu=[given(row, "chi_tieu_giao", lambda x: narrative.task_target(x, r.year))
                                  for row in rows],
                        phoi_hop=[given(row, "phoi_hop_giao", lambda x: narrative.task_partner(x, own))
                                  for row in rows])


def agency_task_table(r: NationalReport, agency: str) -> pd.DataFrame:
    """One agency's tasks at or above the small-item threshold (and every task the catalogue gives): criterion,
    points, the task and its target in one cell, the coordinating agencies, the deadline (tables.NATIONAL_TASKS).
    `viec` and `chi_tieu` keep the task and the target apart."""
    items = agency_tasks(r, agency)
    items = task_texts(r, items[~items["nho"]])
    return pd.DataFrame({"tt": range(1, len(items) + 1),
                         "ten": [narrative.criterion_label(row) for _, row in items.iterrows()],
                         "diem_mat": items["diem_mat"].to_numpy(),
                         "nhiem_vu": [narrative.task_cell(w, t) for w, t in zip(items["nhiem_vu"], items["chi_tieu"])],
                         "phoi_hop": items["phoi_hop"].to_numpy(), "thoi_han": narrative.short_date(r.deadline),
                         "viec": items["nhiem_vu"].to_numpy(), "chi_tieu": items["chi_tieu"].to_numpy()},
                        columns=["tt", "ten", "diem_mat", "nhiem_vu", "phoi_hop", "thoi_han", "viec", "chi_tieu"])


def agency_small_items(r: NationalReport, agency: str) -> pd.DataFrame:
    items = agency_tasks(r, agency)
    return items[items["nho"]]


def previous_mean(r: NationalReport) -> float | None:
    """Last year's national mean (the trend's row of the headline's previous year), None without one."""
    row = r.trend[r.trend["nam"] == r.headline.previous_year]
    return float(row["trung_binh"].iloc[0]) if len(row) else None


def repeated_table(r: NationalReport, threshold: float) -> pd.DataFrame:
    """The criteria lost at least `threshold` points in both years, most lost this year first
    (tables.repeated_columns)."""
    d = r.repeated[(r.repeated["diem_mat"] >= threshold - 1e-9) & (r.repeated["diem_mat_truoc"] >= threshold - 1e-9)]
    return d.assign(tt=range(1, len(d) + 1), ten=[narrative.criterion_label(row) for _, row in d.iterrows()],
                    pt=d["phuong_thuc"].map(METHOD_NAMES))


def repeated_rest(r: NationalReport, threshold: float) -> pd.DataFrame:
    """The criteria lost both years but less than `threshold` points in one of them (named in one line)."""
    d = r.repeated
    return d[(d["diem_mat"] < threshold - 1e-9) | (d["diem_mat_truoc"] < threshold - 1e-9)]
