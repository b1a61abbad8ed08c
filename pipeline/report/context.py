"""Processed tables → one context object per report: everything its notebook prints, and nothing else.

A report's notebook prints only from its context (`UnitsReport`, `UnitReport`; the packs' and the
national report's are in `packs` and `national.context`), and the report's key is the hash of that
object (`keys.content_key`): nothing printed can be left out of the key. Read-only: the processed
tables must be current (`make data`, or the build stage, writes them).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from ..config import Settings
from ..contract import APPRAISED, ARCHIVE_LINE, DEDUCTION, METHOD_NAMES, SURVEY, UNIT_REPORT
from ..errors import UnknownUnit

# The units report goes to the province's steering committee for administrative reform too (as offices send it).
STEERING_COMMITTEE = "Ban Chỉ đạo cải cách hành chính tỉnh (b/c)"
# What a correction changed, as the appendix of the units report prints it.
CORRECTED_SCORE = {"tu_danh_gia": "Điểm tự đánh giá", "tham_dinh": "Điểm thẩm định", "xhh": "Điểm điều tra XHH"}
from ..ingest.scoring import code_sort_key
from . import analysis, history, layout, next_band, packs, tables
from .fmt import ten_bang
from .keys import DOCUMENT_FIELDS, PAGE_FIELDS, DatasetView, dataset_view
from .year_data import PerUnit, YearTables, cached_by_tables, previous_tong_hop, year_tables


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    units: pd.DataFrame  # tong_hop rows of the group, ranked, with year-on-year columns
    areas: pd.DataFrame  # area_results rows of the group
    lost: pd.DataFrame  # lost_points rows of the group (appraised and survey; `phuong_thuc` tells them apart)
    methods: pd.DataFrame  # method_results rows: appraised (TĐ) and survey (XHH) parts
    survey: pd.DataFrame  # survey_items rows, weakest first
    comparable: bool  # same units as last year: places can be compared
    has_parents: bool  # its units have a parent (communes under districts)
    max_points: float
    survey_points: float
    n_areas: int
    n_criteria: int
    n_components: int
    heatmap: pd.DataFrame  # % per unit (or per district, or the best and worst units) and area (heatmap_of)


@dataclass(frozen=True)
class UnitsReport:
    PRINTS: ClassVar[frozenset] = DOCUMENT_FIELDS | {"bands", "group_names", "reports", "process", "unit_notices"}
    CITES: ClassVar[frozenset] = frozenset({"units"})

    year: int
    dataset: DatasetView
    identity: layout.Identity  # number and date (dataset.yml), draft or issued, what it replaces
    previous_year: int | None
    groups: list[Group]
    tong_hop: pd.DataFrame
    stats: pd.DataFrame
    bands: pd.DataFrame
    gap: pd.DataFrame
    communes: pd.DataFrame
    comparability: pd.DataFrame  # analysis.comparability: per group, units now and last year
    changes: pd.DataFrame
    corrections: pd.DataFrame  # the corrections applied, as the appendix prints them (printed_corrections)
    area_names: dict[str, dict[str, str]] = field(default_factory=dict)
    appendices: tuple[packs.Appendix, ...] = ()  # its appendices, numbered (packs.appendices)
    repeated: pd.DataFrame = field(default_factory=pd.DataFrame)  # history.repeated_by_group

    def group(self, code: str) -> Group:
        return next(g for g in self.groups if g.code == code)

    @property
    def has_districts(self) -> bool:
        """Whether any unit has a parent: from 2025 there are no districts, and no district wording."""
        return any(g.has_parents for g in self.groups)

    @property
    def notices(self) -> tuple[str, str, int] | None:
        """The unit notices issued with the report: first and last number, how many (None without a series)."""
        series, n = self.dataset.unit_notices, len(self.tong_hop)
        return None if series is None or not n else (series.number(0), series.number(n - 1), n)

    def appendix(self, kind: str) -> packs.Appendix | None:
        return next((a for a in self.appendices if a.kind == kind), None)

    @property
    def recipients(self) -> list[str]:
        """Nơi nhận as offices send it: UBND tỉnh and the province's steering committee for administrative reform
        (to report to), then each group of this year by its own name (UBND cấp huyện where districts exist), then
        the archive."""
        groups = [g.name if g.name.upper().startswith("UBND") else f"Các {g.name[:1].lower()}{g.name[1:]}"
                  for g in self.groups]
        return (layout.report_copies(self.dataset, "units") + [f"{self.dataset.parent_agency} (b/c)", STEERING_COMMITTEE]
                + groups + [ARCHIVE_LINE])


def framework_summary(framework: pd.DataFrame, nhom: str) -> dict[str, float]:
    f = framework[(framework["nhom"] == nhom) & (framework["loai"] != DEDUCTION)]
    leaves = f[f["la"]]
    return {"max_points": float(f[f["cap"] == 1]["diem_toi_da"].sum()),
            "survey_points": float(leaves[leaves["phuong_thuc"] == SURVEY]["diem_toi_da"].sum()),
            "n_areas": int((f["cap"] == 1).sum()), "n_criteria": int((f["cap"] == 2).sum()),
            "n_components": int(len(leaves))}


@cached_by_tables(lambda settings: (settings, settings.previous))
def units_report(settings: Settings) -> UnitsReport:
    """Everything the provincial units report prints (like Báo cáo 94/BC-SNV)."""
    t = year_tables(settings)
    previous_year, previous = previous_tong_hop(settings)
    tong_hop = with_parent_names(analysis.year_on_year(t.tong_hop, previous))
    areas = analysis.area_results(t.diem_linh_vuc, t.framework, tong_hop)
    lost = analysis.lost_points(t.diem, t.framework, tong_hop)
    methods = analysis.method_results(t.diem, tong_hop)
    survey = analysis.survey_items(t.diem, t.framework, tong_hop)
    comparable = analysis.comparability(t.tong_hop, previous)
    groups = []
    area_names: dict[str, dict[str, str]] = {}
    for code in dict.fromkeys(tong_hop["nhom"]):
        f = t.framework[(t.framework["nhom"] == code) & (t.framework["cap"] == 1) & (t.framework["loai"] != DEDUCTION)]
        area_names[code] = dict(zip(f["ma"], f["noi_dung"]))
        units = tong_hop[tong_hop["nhom"] == code].reset_index(drop=True)
        has_parents = bool((units["don_vi_cap_tren"].fillna("") != "").any())
        groups.append(Group(code, t.dataset.group_name(code), units,
                            areas[areas["nhom"] == code].reset_index(drop=True),
                            lost[lost["nhom"] == code].reset_index(drop=True),
                            methods[methods["nhom"] == code].reset_index(drop=True),
                            survey[survey["nhom"] == code].reset_index(drop=True),
                            bool(comparable.loc[comparable["nhom"] == code, "so_sanh_duoc"].iloc[0]),
                            has_parents, **framework_summary(t.framework, code),
                            heatmap=heatmap_of(t, code, len(units), has_parents)))
    return UnitsReport(settings.year, dataset_view(t.dataset, UnitsReport.PRINTS, UnitsReport.CITES),
                       layout.report_identity(t.dataset, "units"), previous_year,
                       groups, tong_hop, analysis.group_stats(tong_hop), analysis.band_counts(tong_hop, t.dataset.bands),
                       analysis.self_vs_appraisal(tong_hop, t.diem),
                       analysis.communes_by_district(tong_hop, t.dataset.bands), comparable, t.changes,
                       printed_corrections(t.changes, t.tong_hop, t.framework), area_names,
                       packs.appendices(settings), history.repeated_by_group(settings))


def with_parent_names(tong_hop: pd.DataFrame) -> pd.DataFrame:
    """tong_hop with `ten_cap_tren`: the parent's printed name ("" for a unit without a parent)."""
    names = tong_hop.set_index("ma_don_vi")["ten_don_vi"]
    parents = tong_hop["don_vi_cap_tren"].fillna("")
    return tong_hop.assign(ten_cap_tren=[str(names.get(p, p)) if p else "" for p in parents])


# A group of more units than this shows its areas per district (or its best and worst units), not per unit.
HEATMAP_UNITS = 30
HEATMAP_ENDS = 10  # the best and the worst units shown of a large group without districts


def heatmap_of(t: YearTables, code: str, n_units: int, has_parents: bool) -> pd.DataFrame:
    """The group's areas heatmap: per unit for a small group, per district for communes under districts,
    else the best and worst units."""
    if n_units <= HEATMAP_UNITS:
        return area_matrix(t, code)
    return district_area_matrix(t, code) if has_parents else area_matrix_ends(t, code, HEATMAP_ENDS)


def area_matrix(t: YearTables, code: str) -> pd.DataFrame:
    return analysis.area_matrix(t.diem_linh_vuc, t.framework, t.tong_hop, code)


def district_area_matrix(t: YearTables, code: str) -> pd.DataFrame:
    """For a large group (communes): mean % per area of the units under each parent."""
    matrix = analysis.area_matrix(t.diem_linh_vuc, t.framework, t.tong_hop, code)
    units = t.tong_hop[t.tong_hop["nhom"] == code].sort_values(["xep_hang", "ma_don_vi"])
    parents = units["don_vi_cap_tren"].fillna("").tolist()
    names = t.tong_hop.set_index("ma_don_vi")["ten_don_vi"]
    matrix = matrix.assign(_cap_tren=[ten_bang(names.get(p, "Khác")) if p else "Khác" for p in parents])
    grouped = matrix.groupby("_cap_tren").mean()
    return grouped.loc[grouped.mean(axis=1).sort_values(ascending=False).index]


def area_matrix_ends(t: YearTables, code: str, n: int) -> pd.DataFrame:
    """For a large group without parents (communes from 2025): the n best and n worst units by rank."""
    matrix = area_matrix(t, code)
    return matrix if len(matrix) <= 2 * n else pd.concat([matrix.iloc[:n], matrix.iloc[-n:]])


def same_maximum(g: Group) -> bool:
    """Every unit of the group is scored out of the same maximum (no not-applicable criteria)."""
    return bool(g.units["diem_toi_da"].round(2).nunique() <= 1)


def unit_area_matrix(ctx: UnitsReport, t: YearTables) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Every unit (group, then rank) × area: % of the area's maximum that applies to the unit, then the points
    deducted (tong_hop's `diem_tru`: a deduction section is not an area with a share achieved); and the columns
    after the unit's as (key, label). A district office filters its communes here (the Excel summary)."""
    groups = ctx.tong_hop.set_index("ma_don_vi")["nhom"]
    framework = t.framework
    areas_of = framework[(framework["cap"] == 1) & (framework["loai"] != DEDUCTION)][["nhom", "ma"]]  # area_results'
    areas = t.diem_linh_vuc.assign(nhom=t.diem_linh_vuc["ma_don_vi"].map(groups)).merge(areas_of, on=["nhom", "ma"])
    wide = areas.assign(ty_le=analysis.share_of_maximum(areas)).pivot(index="ma_don_vi", columns="ma", values="ty_le")
    codes = sorted(wide.columns, key=code_sort_key)
    wide = wide[codes].rename(columns=lambda m: f"lv_{m}")
    units = ctx.tong_hop.assign(ten_nhom=ctx.tong_hop["nhom"].map(ctx.dataset.group_name))
    order = {g.code: i for i, g in enumerate(ctx.groups)}
    units = units.assign(_g=units["nhom"].map(order)).sort_values(["_g", "xep_hang", "ma_don_vi"])
    out = units.drop(columns="_g").merge(wide, left_on="ma_don_vi", right_index=True, how="left")
    return out.reset_index(drop=True), [(f"lv_{m}", f"LV{m} (%)") for m in codes] + [("diem_tru", "Điểm bị trừ")]


def unit_criterion_table(ctx: UnitsReport, t: YearTables) -> pd.DataFrame:
    """Every unit × leaf criterion (long, to filter by unit or by criterion): points, what was lost, the note
    (the Excel summary)."""
    leaves = analysis.leaves_with_text(t.diem, t.framework, ctx.tong_hop)
    lost = analysis.points_lost(leaves).where(leaves["ap_dung"] & (leaves["loai"] != DEDUCTION))
    names = ctx.tong_hop.set_index("ma_don_vi")
    order = {g.code: i for i, g in enumerate(ctx.groups)}
    out = leaves.assign(mat=lost, ten_don_vi=leaves["ma_don_vi"].map(names["ten_don_vi"]),
                        ten_cap_tren=leaves["ma_don_vi"].map(names["ten_cap_tren"]),
                        ten_nhom=leaves["nhom"].map(ctx.dataset.group_name),
                        _r=leaves["ma_don_vi"].map(names["xep_hang"]), _g=leaves["nhom"].map(order))
    return out.sort_values(["_g", "_r", "ma_don_vi", "thu_tu"]).drop(columns=["_g", "_r"]).reset_index(drop=True)


# The self-score gaps the report lists (ties with the last kept).
TOP_SELF_GAPS = 15


def most_lost(g: Group) -> pd.DataFrame:
    """The group's appraised criteria lost most, as the units report's table prints them (tables.most_lost:
    a cut-off never splits a tie)."""
    return tables.most_lost(appraised_lost(g))


def appraised_lost(g: Group) -> pd.DataFrame:
    """A group's lost points at appraised (TĐ) criteria only, most lost per unit first (tables.GROUP_LOST)."""
    d = g.lost[g.lost["phuong_thuc"] == APPRAISED].reset_index(drop=True)
    return d.assign(don_vi_mat=[f"{a}/{b}" for a, b in zip(d["so_don_vi_mat"], d["so_don_vi"])])


def framework_table(ctx: UnitsReport) -> pd.DataFrame:
    """Per group: units, areas, criteria, components, maximum and survey points (tables.FRAMEWORK)."""
    return pd.DataFrame([{"nhom": g.name, "so_don_vi": len(g.units), "linh_vuc": g.n_areas, "tieu_chi": g.n_criteria,
                          "tctp": g.n_components, "toi_da": g.max_points, "xhh": g.survey_points}
                         for g in ctx.groups])


def group_results(ctx: UnitsReport) -> pd.DataFrame:
    """Per group: its name, mean, best and worst index, then units per band (tables.group_result_columns)."""
    out = ctx.stats.merge(ctx.bands, left_on="nhom", right_index=True)
    out["ten_nhom"] = [ctx.dataset.group_name(n) for n in out["nhom"]]
    return out


def method_table(ctx: UnitsReport) -> pd.DataFrame:
    """Appraised (TĐ) and survey (XHH) parts of every group, named (tables.GROUP_METHODS)."""
    frames = [g.methods.assign(ten_nhom=g.name, ten=g.methods["phuong_thuc"].map(METHOD_NAMES)) for g in ctx.groups]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def group_stats(ctx: UnitsReport, code: str) -> pd.Series:
    """One group's row of UnitsReport.stats (narrative.group_overview)."""
    return ctx.stats.set_index("nhom").loc[code]


def largest_self_gaps(ctx: UnitsReport, n: int = TOP_SELF_GAPS) -> pd.DataFrame:
    """The n units whose self-score exceeds the appraisal most, with their group's name (tables.SELF_GAP)."""
    over = analysis.first_with_ties(ctx.gap[ctx.gap["chenh_lech"] > 0], "chenh_lech", n)  # ties at the edge kept
    return over.assign(ten_nhom=over["nhom"].map(ctx.dataset.group_name))


def printed_corrections(changes: pd.DataFrame, tong_hop: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    """The corrections applied (tables.CORRECTIONS): the unit's name, the criterion's code and text, and
    which score was corrected in words ("Điểm thẩm định"), never a column code."""
    units = tong_hop.set_index("ma_don_vi")
    texts_by_code = framework.set_index(["nhom", "ma"])["noi_dung"]
    groups = changes["ma_don_vi"].map(units["nhom"])
    texts = [texts_by_code.get((g, m), "") for g, m in zip(groups, changes["ma"])]
    return changes.assign(ten=changes["ma_don_vi"].map(units["ten_don_vi"]),
                          tieu_chi=[f"{m}. {t}" if t else m for m, t in zip(changes["ma"], texts)],
                          noi_dung_sua=changes["cot"].map(lambda c: CORRECTED_SCORE.get(c, c)))


# ---------------------------------------------------------------- one unit's report


@dataclass(frozen=True)
class UnitReport:
    """Everything one unit's report prints: its result, its way to the next band, its history."""

    # A numbered notice, signed: its basis (process.publication, else the units report), its deadlines (the units
    # report's date; unit_notices.report_by) and to whom the unit reports back (unit_notices.report_to).
    NOTICE_PRINTS: ClassVar[frozenset] = DOCUMENT_FIELDS | {"bands", "process", "reports", "unit_notices"}
    APPENDIX_PRINTS: ClassVar[frozenset] = PAGE_FIELDS | {"bands", "reports"}  # an appendix of the units report
    CITES: ClassVar[frozenset] = frozenset({"units"})

    dataset: DatasetView
    year: int
    previous_year: int | None
    unit: pd.Series  # its tong_hop row with year-on-year columns
    group_name: str
    group_size: int
    areas: pd.DataFrame  # per area: max, points, %, group mean %, group best % and who
    lost: pd.DataFrame  # every criterion where it lost points, with note and appraising agency
    deductions: pd.DataFrame  # deductions applied
    self_gap: pd.DataFrame  # where self-score and appraisal differ
    recoverable: pd.DataFrame  # appraised criteria and deductions to win back, most points first
    survey_lost: pd.DataFrame  # survey criteria below their maximum (not in the unit's own hands)
    corrections: pd.DataFrame  # corrections (hieu-chinh.csv) applied to this unit, as printed
    identity: layout.Identity  # a numbered notice addressed to the unit, or an appendix of the units report
    parent_name: str  # a commune's district ("" for a unit without a parent)
    parent_rank: int | None  # rank among the district's communes
    parent_size: int | None  # how many communes the district has
    parent_tied_with: tuple[str, ...]  # the district's other communes on the same rank
    tied_with: tuple[str, ...]  # the other units of the group on the same rank
    not_applicable: tuple[int, float]  # leaves that do not apply to the unit, and their points
    appraised_max: float  # the scale of the self-score: the appraised (TĐ) leaves that apply
    next_band: next_band.NextBand  # the fewest items that reach the next band
    history: history.UnitHistory  # its results over up to five years
    not_applicable_names: tuple[str, ...] = ()  # the leaves that do not apply, "3.2.2. Xin lỗi …"

    @property
    def rated_low(self) -> bool:
        """Rated Khá or below (the third band and lower): the units report proposes criticism, an explanation and a
        plan."""
        names = [b.name for b in self.dataset.bands]
        return str(self.unit["xep_loai"]) in names[2:]

    @property
    def recipients(self) -> list[str]:
        """Nơi nhận: the unit itself ("Như trên" under "Kính gửi"), its district for a commune, the archive."""
        first = "Như trên" if self.identity.recipient else str(self.unit["ten_don_vi"])
        return [first] + ([f"{self.parent_name} (để theo dõi)"] if self.parent_name else []) + [ARCHIVE_LINE]


@dataclass(frozen=True)
class _UnitBase:
    tong_hop: pd.DataFrame  # indexed by ma_don_vi
    areas: pd.DataFrame  # per unit and area, with group mean and best
    leaves: pd.DataFrame  # diem with criterion text, agency, group
    group_sizes: dict[str, int]
    parent_ranks: pd.DataFrame  # analysis.rank_within_parent, indexed by ma_don_vi
    corrections: pd.DataFrame  # every applied correction, as printed (applied_corrections)
    peers: Peers  # (group, rank) → its units
    parent_peers: Peers  # (group, district, rank in the district) → its communes
    positions: dict[str, int]  # place of each unit in the notice series: groups in framework order, then code
    # Row positions per unit: slicing 3,500 units out of 280,000 rows by a mask each time is quadratic.
    area_rows: dict[str, object]
    leaf_rows: dict[str, object]
    # What each unit lost, was deducted and self-scored otherwise, computed for all units at once (a unit's
    # rows are its own slice): per unit, the same filters cost most of planning a year's keys.
    lost: PerUnit
    deductions: PerUnit
    self_gap: PerUnit
    survey_lost: PerUnit
    recoverable: PerUnit
    band_items: PerUnit  # what each unit can win back itself, framework order (next_band.candidates)
    band_survey: PerUnit  # its survey criteria below their maximum (next_band.survey_items)
    not_applicable: dict[str, tuple[int, float]]
    not_applicable_names: dict[str, tuple[str, ...]]
    appraised_max: dict[str, float]


@cached_by_tables(lambda settings: (settings, settings.previous))
def _unit_base(settings: Settings) -> _UnitBase:
    """What every unit report of a year shares, computed once per process."""
    t = year_tables(settings)
    _, previous = previous_tong_hop(settings)
    tong_hop = analysis.year_on_year(t.tong_hop, previous).set_index("ma_don_vi", drop=False)
    areas = analysis.unit_areas(t.diem_linh_vuc, t.framework, t.tong_hop)
    leaves = analysis.leaves_with_text(t.diem, t.framework, t.tong_hop)
    order = analysis.group_order(t.tong_hop)
    parents = analysis.rank_within_parent(t.tong_hop)
    stable = sorted(t.tong_hop["ma_don_vi"], key=lambda m: (order[tong_hop.at[m, "nhom"]], m))
    lost = analysis.unit_lost_points(leaves)
    deductions = analysis.unit_deductions(leaves)
    by_unit = leaves.groupby("ma_don_vi")
    not_applicable = {m: analysis.not_applicable(g) for m, g in by_unit}
    not_applicable_names = {m: analysis.not_applicable_names(g) for m, g in by_unit if not_applicable[m][0]}
    appraised_max = {m: analysis.appraised_maximum(g) for m, g in by_unit}
    return _UnitBase(tong_hop, areas, leaves, tong_hop["nhom"].value_counts().to_dict(),
                     parents, printed_corrections(t.changes, t.tong_hop, t.framework),
                     _peers(t.tong_hop["ma_don_vi"], t.tong_hop["ten_don_vi"], t.tong_hop["nhom"],
                            t.tong_hop["xep_hang"]),
                     _peers(parents.index, parents["ten_don_vi"], parents["nhom"], parents["don_vi_cap_tren"],
                            parents["hang_trong_huyen"]),
                     {m: i for i, m in enumerate(stable)},
                     areas.groupby("ma_don_vi").indices, leaves.groupby("ma_don_vi").indices,
                     PerUnit.of(lost), PerUnit.of(deductions),
                     PerUnit.of(analysis.unit_self_gap(leaves)), PerUnit.of(analysis.survey_lost(lost)),
                     PerUnit.of(analysis.recoverable(lost, deductions, by_unit=True), keep_code=False),
                     PerUnit.of(next_band.candidates(lost, deductions, by_unit=True), keep_code=False),
                     PerUnit.of(next_band.survey_items(lost, by_unit=True), keep_code=False),
                     not_applicable, not_applicable_names, appraised_max)


def unit_lost_by_method(r: UnitReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A unit's lost points: appraised (TĐ) criteria, then survey (XHH) items, apart (tables.UNIT_LOST, UNIT_SURVEY)."""
    appraised = r.lost[r.lost["phuong_thuc"] == APPRAISED].reset_index(drop=True)
    return appraised, r.survey_lost


def unit_lost_with_self_score(r: UnitReport) -> pd.DataFrame:
    """The appraised criteria lost with the unit's self-score and the appraisal's note, the unit's explanation
    after it (tables.UNIT_LOST_SELF): every criterion scored above its appraisal is one of them (a self-score is
    at most the maximum), so a notice needs no second table of them."""
    appraised, _ = unit_lost_by_method(r)
    notes = appraised["ghi_chu"].fillna("").astype(str).str.strip() if len(appraised) else pd.Series(dtype=str)
    said = appraised["giai_trinh"].fillna("").astype(str).str.strip() if len(appraised) else pd.Series(dtype=str)
    merged = [f"{n} (đơn vị giải trình: {g[:1].lower()}{g[1:]})" if n and g else n or
              (f"Đơn vị giải trình: {g[:1].lower()}{g[1:]}" if g else "") for n, g in zip(notes, said)]
    return appraised.assign(nhan_xet=merged)


Peers = dict[tuple, list[tuple[str, str]]]  # key → the units that share it, (code, name), by code


def _peers(codes, names, *keys) -> Peers:
    """Units grouped by equal key values (a rank in a group, or in a district): who shares a unit's place."""
    peers: Peers = {}
    for code, name, *key in sorted(zip(codes, names, *keys)):
        peers.setdefault(tuple(key), []).append((code, str(name)))
    return peers


def _others(peers: Peers, key: tuple, code: str) -> tuple[str, ...]:
    """The names of the other units on the same key (a tie), by code."""
    return tuple(name for c, name in peers.get(key, []) if c != code)


def unit_report(settings: Settings, ma_don_vi: str) -> UnitReport:
    base = _unit_base(settings)
    if ma_don_vi not in base.tong_hop.index:
        raise UnknownUnit(f"không có đơn vị '{ma_don_vi}' trong năm {settings.year}")
    unit = base.tong_hop.loc[ma_don_vi]
    lost, deductions = base.lost[ma_don_vi], base.deductions[ma_don_vi]
    ds = settings.dataset
    parent = unit["don_vi_cap_tren"] if isinstance(unit["don_vi_cap_tren"], str) else ""
    in_parent = base.parent_ranks.loc[ma_don_vi] if ma_don_vi in base.parent_ranks.index else None
    return UnitReport(
        dataset=dataset_view(ds, UnitReport.NOTICE_PRINTS if ds.unit_notices else UnitReport.APPENDIX_PRINTS,
                             UnitReport.CITES),
        year=settings.year, previous_year=previous_tong_hop(settings)[0], unit=unit,
        group_name=settings.dataset.group_name(unit["nhom"]),
        group_size=int(base.group_sizes[unit["nhom"]]),
        areas=base.areas.iloc[base.area_rows.get(ma_don_vi, [])].reset_index(drop=True),
        lost=lost, deductions=deductions, self_gap=base.self_gap[ma_don_vi],
        recoverable=base.recoverable[ma_don_vi], survey_lost=base.survey_lost[ma_don_vi],
        corrections=base.corrections[base.corrections["ma_don_vi"] == ma_don_vi].reset_index(drop=True),
        identity=layout.unit_identity(settings.dataset, base.positions[ma_don_vi], str(unit["ten_don_vi"]),
                                      "" if ds.unit_notices else packs.appendix_numeral(settings, UNIT_REPORT)),
        parent_name=str(base.tong_hop.at[parent, "ten_don_vi"]) if parent in base.tong_hop.index else "",
        parent_rank=None if in_parent is None else int(in_parent["hang_trong_huyen"]),
        parent_size=None if in_parent is None else int(in_parent["so_don_vi_huyen"]),
        parent_tied_with=() if in_parent is None else _others(
            base.parent_peers, (in_parent["nhom"], in_parent["don_vi_cap_tren"], in_parent["hang_trong_huyen"]),
            ma_don_vi),
        tied_with=_others(base.peers, (unit["nhom"], unit["xep_hang"]), ma_don_vi),
        not_applicable=base.not_applicable.get(ma_don_vi, (0, 0.0)),
        appraised_max=base.appraised_max.get(ma_don_vi, 0.0),
        next_band=next_band.of_items(unit, base.band_items[ma_don_vi], base.band_survey[ma_don_vi], ds.bands),
        history=history.unit_history(settings, ma_don_vi),
        not_applicable_names=base.not_applicable_names.get(ma_don_vi, ()))


def unit_codes(settings: Settings) -> pd.DataFrame:
    """Every unit of the year in report order (group, then rank, then code): ma, name, group, parent, result."""
    t = year_tables(settings)
    columns = ["ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren", "xep_hang", "chi_so", "xep_loai"]
    return t.tong_hop[columns].reset_index(drop=True)

