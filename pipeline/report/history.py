"""One unit's own history: its index, rank and band in up to five years present under raw/, and the
criteria it lost points on in each of the last two years ("mất điểm hai năm liên tiếp").

A unit is followed across years by its code only, or through `unit_code_changes` of dataset.yml
(old code → this year's code, renamed or merged units), never by its name (the rule of
`codes.forward_codes`). A rank is printed only where the unit's group was comparable with this year's: the
same units (after those code changes), none merged; otherwise the row says why. Criteria are matched across years by code and text.
Reads processed tables through `year_data` (once per version of them); the rest is pure.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..config import Settings, pinned
from ..errors import UnknownUnit
from ..text import same_text
from ..contract import DATASET_FILE, DECIMALS, DEDUCTION, SURVEY
from ..ingest.scoring import code_sort_key
from . import fmt
from .analysis import first_with_ties, points_lost
from .codes import forward_codes
from .year_data import PerUnit, cached_by_tables, year_tables
from .layout import Col
from .next_band import APPRAISED_LABEL, DEDUCTION_LABEL, NOT_SELF_FIXABLE

MAX_YEARS = 5
SURVEY_LABEL = "Điều tra XHH"


def history_years(settings: Settings) -> list[Settings]:
    """The assessment years with units' data under raw/, up to this one: the latest five, oldest first (looked up
    once within a build: config.inputs_pinned)."""
    return list(pinned("history-years", (settings.data_dir, settings.year), lambda: _history_years(settings)))


def _history_years(settings: Settings) -> list[Settings]:
    root = settings.data_dir / "raw"
    years = sorted(int(p.name) for p in root.iterdir() if p.name.isdigit() and int(p.name) <= settings.year) \
        if root.is_dir() else []
    found = [Settings(y, settings.data_dir, settings.output_dir) for y in years]
    found = [s for s in found if (s.raw_dir / DATASET_FILE).exists() and s.has_units]
    return found[-MAX_YEARS:]


@dataclass(frozen=True)
class _Year:
    year: int
    tong_hop: pd.DataFrame  # indexed by ma_don_vi, with `hien_nay` (the code it became this year)
    group_note: dict[str, str]  # group code → "" when comparable with this year's same units, else why

    @cached_property
    def units(self) -> dict[str, dict]:
        """Each unit's row (a dict lookup per unit: a frame's .loc for each of 3,500 units costs seconds)."""
        return self.tong_hop.to_dict("index")

    @cached_property
    def group_sizes(self) -> dict[str, int]:
        return self.tong_hop["nhom"].value_counts().to_dict()


@dataclass(frozen=True)
class _Base:
    year: int
    years: list[_Year]
    current_groups: dict[str, frozenset]  # this year's group → its units
    successors: dict[int, dict[str, list[str]]]  # year → this year's code → that year's codes
    previous: int | None  # the year before, when present under raw/
    repeated: PerUnit  # per unit of this year: what _repeated computes, for all units at once


def _losses(settings: Settings) -> pd.DataFrame:
    """Per unit and leaf: points lost (maximum − points) or deducted, with the criterion's text and kind."""
    t = year_tables(settings)
    d = t.diem[t.diem["ap_dung"]].merge(t.tong_hop[["ma_don_vi", "nhom"]], on="ma_don_vi")
    d = d.merge(t.framework[["nhom", "ma", "noi_dung", "co_quan_tham_dinh", "thu_tu"]], on=["nhom", "ma"], how="left")
    deduction = d["loai"] == DEDUCTION
    mat = points_lost(d)
    d = d.assign(mat=mat, loai_muc=np.where(deduction, DEDUCTION_LABEL,
                                            np.where(d["phuong_thuc"] == SURVEY, SURVEY_LABEL, APPRAISED_LABEL)),
                 _khoa=[(m, same_text(t_)) for m, t_ in zip(d["ma"], d["noi_dung"])])
    d = d[d["mat"] > 0]
    return d.sort_values(["ma_don_vi", "thu_tu"]).reset_index(drop=True)


def _history_settings(settings: Settings) -> list[Settings]:
    """The years a history reads: those under raw/ (up to five), and this one."""
    years = history_years(settings)
    if not years or years[-1].year != settings.year:
        years = [*years, settings][-MAX_YEARS:]
    return years


@cached_by_tables(_history_settings)
def _base(settings: Settings) -> _Base:
    """What every unit's history of a year shares, computed once per process."""
    years = _history_settings(settings)
    changes = {s.year: s.dataset.unit_code_changes for s in years}
    now = year_tables(settings).tong_hop
    current_groups = {g: frozenset(m) for g, m in now.groupby("nhom")["ma_don_vi"]}
    out, successors = [], {}
    for s in years:
        th = year_tables(s).tong_hop.set_index("ma_don_vi", drop=False)
        th = th.assign(hien_nay=forward_codes(th.index.tolist(), s.year, changes, settings.year))
        successors[s.year] = th.groupby("hien_nay").groups
        notes = {}
        for g, members in th.groupby("nhom"):
            mapped = frozenset(members["hien_nay"])
            same = current_groups.get(g)
            if s.year == settings.year:
                notes[g] = ""
            elif same is None:
                notes[g] = f"năm {settings.year} không còn nhóm này"
            elif len(mapped) < len(members):
                notes[g] = "trong nhóm có đơn vị sáp nhập hoặc đổi mã trùng nhau"
            elif len(members) != len(same):
                notes[g] = f"nhóm có {len(members)} đơn vị (năm {settings.year}: {len(same)})"
            elif mapped != same:
                notes[g] = f"thành phần nhóm khác năm {settings.year} ({len(mapped - same)} đơn vị khác)"
            else:
                notes[g] = ""
        out.append(_Year(s.year, th, notes))
    successors = {y: {k: list(v) for k, v in g.items()} for y, g in successors.items()}
    previous = settings.year - 1 if any(s.year == settings.year - 1 for s in years) else None
    repeated = _repeated(_losses(settings), _losses(next(s for s in years if s.year == previous)),
                         successors[previous]) if previous is not None else PerUnit.of(_empty_repeated())
    return _Base(settings.year, out, current_groups, successors, previous, repeated)


@dataclass(frozen=True)
class UnitHistory:
    """One unit's history (HISTORY columns), and the criteria it lost points on in both of the last two years."""

    year: int
    ten_don_vi: str
    rows: pd.DataFrame  # one row per year (and per predecessor when units merged), oldest first
    previous_year: int | None  # year − 1 when present under raw/, else None
    repeated: pd.DataFrame  # appraised criteria and deductions lost in both years (REPEATED columns)
    repeated_survey: pd.DataFrame  # survey criteria lost in both years

    @property
    def scored(self) -> pd.DataFrame:
        """The rows that carry an index (years where the unit, or a predecessor, was assessed)."""
        return self.rows[self.rows["chi_so"].notna()]


HISTORY_COLUMNS = ["nam", "ma_don_vi", "ten_don_vi", "nhom", "chi_so", "xep_hang", "so_don_vi", "thu_hang",
                   "xep_loai", "ghi_chu"]


def unit_history(settings: Settings, ma_don_vi: str) -> UnitHistory:
    """The unit's history up to settings.year (this year's code; earlier codes through unit_code_changes)."""
    base = _base(settings)
    now = base.years[-1].tong_hop
    if ma_don_vi not in now.index:
        raise UnknownUnit(f"không có đơn vị '{ma_don_vi}' trong năm {settings.year}")
    group_now = now.at[ma_don_vi, "nhom"]
    rows = []
    for y in base.years:
        codes = sorted(base.successors[y.year].get(ma_don_vi, []))
        if not codes:
            rows.append({"nam": y.year, "ma_don_vi": "", "ten_don_vi": "", "nhom": "", "chi_so": math.nan,
                         "xep_hang": math.nan, "so_don_vi": math.nan, "thu_hang": "", "xep_loai": "",
                         "ghi_chu": "không có kết quả của đơn vị trong năm này"})
            continue
        for code in codes:
            u = y.units[code]
            size = int(y.group_sizes[u["nhom"]])
            note = y.group_note.get(u["nhom"], "")
            if len(codes) > 1:
                note = f"một trong {len(codes)} đơn vị sáp nhập thành đơn vị hiện nay"
            elif u["nhom"] != group_now:
                note = "đơn vị thuộc nhóm khác năm nay"
            rank = int(u["xep_hang"])
            rows.append({"nam": y.year, "ma_don_vi": code, "ten_don_vi": u["ten_don_vi"], "nhom": u["nhom"],
                         "chi_so": float(u["chi_so"]), "xep_hang": rank if not note else math.nan,
                         "so_don_vi": size, "thu_hang": "" if note else f"{rank}/{size}", "xep_loai": u["xep_loai"],
                         "ghi_chu": f"không so sánh thứ hạng: {note}" if note else ""})
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    both = base.repeated[ma_don_vi].drop(columns="ma_don_vi")
    survey = both["loai_muc"] == SURVEY_LABEL
    return UnitHistory(settings.year, str(now.at[ma_don_vi, "ten_don_vi"]), frame, base.previous,
                       both[~survey].reset_index(drop=True), both[survey].reset_index(drop=True))


REPEATED_COLUMNS = ["ma", "noi_dung", "loai_muc", "co_quan_tham_dinh", "mat_truoc", "mat"]


def _empty_repeated() -> pd.DataFrame:
    return pd.DataFrame(columns=["ma_don_vi", *REPEATED_COLUMNS])


def _repeated(now: pd.DataFrame, before: pd.DataFrame, successors: dict[str, list[str]]) -> PerUnit:
    """Per unit of this year: the criteria it lost points on this year and last year (its predecessors' losses
    together when units merged), appraised first, then deductions, then survey; most points first."""
    forward = {old: new for new, olds in successors.items() for old in olds}
    before = before.assign(hien_nay=before["ma_don_vi"].map(forward))
    lost_before = before.groupby(["hien_nay", "_khoa"])["mat"].sum()
    keys = pd.MultiIndex.from_arrays([now["ma_don_vi"], now["_khoa"]])
    both = now[keys.isin(lost_before.index)]
    if both.empty:
        return PerUnit.of(_empty_repeated())
    both = both.assign(mat_truoc=lost_before.reindex(pd.MultiIndex.from_arrays(
        [both["ma_don_vi"], both["_khoa"]])).to_numpy().round(DECIMALS))[
        ["ma_don_vi", "ma", "noi_dung", "loai_muc", "co_quan_tham_dinh", "mat_truoc", "mat", "thu_tu"]]
    order = {APPRAISED_LABEL: 0, DEDUCTION_LABEL: 1}
    both = both.assign(_l=both["loai_muc"].map(order).fillna(2), _k=both["ma"].map(code_sort_key))
    both = both.sort_values(["ma_don_vi", "_l", "mat", "_k"], ascending=[True, True, False, True])
    return PerUnit.of(both.drop(columns=["_l", "_k", "thu_tu"]))


# Criteria lost two years running that the units report names per group: the most units first, lost by "many"
# units (at least three, or a quarter of a small group, and never one: a unit's own repeated loss is its notice's
# business), the first three and any tied with the third.
REPEATED_MIN_UNITS = 3
REPEATED_MIN_SHARE = 0.25
REPEATED_NAMED = 3


def repeated_by_group(settings: Settings) -> pd.DataFrame:
    """Per group, the appraised criteria the most units lost both this year and last (nhom, ma, noi_dung,
    so_don_vi: units that lost it both years, so_don_vi_nhom: the group's units); empty without last year."""
    base = _base(settings)
    tong_hop = year_tables(settings).tong_hop
    return repeated_counts(base.repeated.frame, tong_hop) if base.previous is not None else repeated_counts(
        _empty_repeated().assign(noi_dung="", loai_muc=""), tong_hop)


def repeated_counts(repeated: pd.DataFrame, tong_hop: pd.DataFrame) -> pd.DataFrame:
    """Pure part of repeated_by_group: repeated has a row per unit and criterion lost both years."""
    cols = ["nhom", "ma", "noi_dung", "so_don_vi", "so_don_vi_nhom"]
    groups = tong_hop.set_index("ma_don_vi")["nhom"]
    d = repeated[repeated["loai_muc"] == APPRAISED_LABEL]
    if d.empty:
        return pd.DataFrame(columns=cols)
    d = d.assign(nhom=d["ma_don_vi"].map(groups))
    counts = d.groupby(["nhom", "ma"], sort=False).agg(noi_dung=("noi_dung", "first"),
                                                      so_don_vi=("ma_don_vi", "nunique")).reset_index()
    counts = counts.assign(so_don_vi_nhom=counts["nhom"].map(groups.value_counts()).astype("int64"),
                           _k=counts["ma"].map(code_sort_key))
    many = (counts["so_don_vi"] >= REPEATED_MIN_UNITS) | (counts["so_don_vi"] >= REPEATED_MIN_SHARE * counts["so_don_vi_nhom"])
    counts = counts[many & (counts["so_don_vi"] >= 2)]
    order = {g: i for i, g in enumerate(dict.fromkeys(tong_hop["nhom"]))}
    out = [first_with_ties(g.sort_values(["so_don_vi", "_k"], ascending=[False, True]), "so_don_vi", REPEATED_NAMED)
           for _, g in sorted(counts.groupby("nhom"), key=lambda kv: order.get(kv[0], len(order)))]
    return (pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)).astype(
        {"so_don_vi": "int64", "so_don_vi_nhom": "int64"})


# ---------------------------------------------------------------- sentences, tables, chart


_t = fmt.md  # text from input files, escaped for Markdown (one rule: fmt.md)


def sentences(h: UnitHistory) -> str:
    """The unit's course over the years, in a specialist's words (Markdown)."""
    scored = h.scored
    if len(scored) <= 1 and len(h.rows) <= 1:
        return f"Chưa có kết quả Chỉ số CCHC của đơn vị các năm trước năm {h.year} để so sánh."
    years = f"{h.rows['nam'].min()}–{h.rows['nam'].max()}"
    parts = "; ".join(f"năm {r['nam']}: {fmt.phan_tram(r['chi_so'])} ({_t(r['xep_loai'])})"
                      + (f", {_t(r['ten_don_vi'])}" if len(scored[scored["nam"] == r["nam"]]) > 1 else "")
                      for _, r in scored.iterrows())
    text = f"Kết quả Chỉ số CCHC của {_t(h.ten_don_vi)} giai đoạn {years}: {parts}."
    single = scored.groupby("nam").filter(lambda g: len(g) == 1)
    if len(single) >= 2:
        first, last = single.iloc[0], single.iloc[-1]
        delta = last["chi_so"] - first["chi_so"]
        text += f" So với năm {first['nam']}, chỉ số năm {last['nam']} {fmt.thay_doi(delta)}."
    missing = h.rows[h.rows["chi_so"].isna()]["nam"].tolist()
    if missing:
        text += (f" Không có kết quả của đơn vị các năm {', '.join(map(str, missing))} (đơn vị chỉ được đối chiếu "
                 "theo mã đơn vị hoặc khai báo đổi mã trong dataset.yml).")
    notes = h.rows[h.rows["ghi_chu"].str.startswith("không so sánh")]
    if len(notes):
        text += " Thứ hạng chỉ so sánh được giữa các năm nhóm có cùng các đơn vị; các năm còn lại ghi rõ lý do."
    return text


def repeated_sentences(h: UnitHistory, survey_table: str = "", named_inline: bool = False) -> str:
    """Criteria lost in both of the last two years: appraised and deductions first, survey apart. survey_table:
    the caption number of the table that lists the survey items ("Bảng 4"): they are then counted, not listed
    again. named_inline: name the appraised criteria and deductions in the sentence (no table of them)."""
    if h.previous_year is None:
        return f"Không có số liệu năm {h.year - 1} để đối chiếu các tiêu chí mất điểm hai năm liên tiếp."
    both = f"hai năm liên tiếp {h.previous_year} và {h.year}"
    if h.repeated.empty and h.repeated_survey.empty:
        return f"Không có tiêu chí nào đơn vị bị mất điểm {both}."
    text = ""
    if len(h.repeated):
        appraised = h.repeated[h.repeated["loai_muc"] == APPRAISED_LABEL]
        deducted = h.repeated[h.repeated["loai_muc"] == DEDUCTION_LABEL]
        bits = []
        if len(appraised):
            bits.append(f"{fmt.so_nguyen(len(appraised))} tiêu chí thẩm định")
        if len(deducted):
            bits.append(f"{fmt.so_nguyen(len(deducted))} nội dung bị trừ điểm")
        these = "Đây là những tồn tại" if len(h.repeated) > 1 else "Đây là tồn tại"
        named = ""
        if named_inline:  # a notice names them here: they are in its table of lost criteria already
            named = ": " + "; ".join(f"{_t(r['noi_dung'])} ({_t(r['ma'])}, mất {fmt.diem(r['mat_truoc'])} điểm năm "
                                     f"{h.previous_year}, {fmt.diem(r['mat'])} điểm năm {h.year})"
                                     for _, r in h.repeated.iterrows())
        text = (f"Đơn vị mất điểm {both} ở {' và '.join(bits)}, tổng "
                f"{fmt.diem(h.repeated['mat'].sum())} điểm năm {h.year}{named}. {these} chưa được khắc phục "
                "từ năm trước, cần ưu tiên xử lý dứt điểm.")
    else:
        text = f"Không có tiêu chí thẩm định nào bị mất điểm, không có nội dung nào bị trừ điểm {both}."
    if len(h.repeated_survey):
        if survey_table:  # the items are listed in that table: counted here, not listed again
            text += (f"\n\nNgoài ra, {fmt.so_nguyen(len(h.repeated_survey))} nội dung điều tra xã hội học nêu tại "
                     f"{survey_table} cũng chưa đạt điểm tối đa năm {h.previous_year}.")
        else:
            named = f" ({_list(h.repeated_survey)})" if len(h.repeated_survey) <= 3 else ""
            text += (f"\n\nNgoài ra, {fmt.so_nguyen(len(h.repeated_survey))} tiêu chí điều tra xã hội học mất điểm "
                     f"hai năm liên tiếp{named}; các điểm này {NOT_SELF_FIXABLE}, phản ánh mức độ hài lòng của người "
                     "dân, tổ chức cần được cải thiện qua chất lượng phục vụ.")
    return text


def _list(frame: pd.DataFrame) -> str:
    return "; ".join(_t(t) for t in frame["noi_dung"])


HISTORY = [  # UnitHistory.rows
    Col("nam", "Năm", fn=str), Col("ten_don_vi", "Đơn vị", css="ten"), Col("chi_so", "Chỉ số (%)", "so"),
    Col("thu_hang", "Xếp hạng trong nhóm", css="lien"), Col("xep_loai", "Xếp loại", css="lien"),
    Col("ghi_chu", "Ghi chú"),
]


def history_columns(h: UnitHistory) -> list[Col]:
    """HISTORY without what says nothing: the unit's name when every year has one row (it is the report's own
    unit; merged predecessors are named), the note column when no year has a note."""
    merged = h.rows["nam"].duplicated(keep=False).any()
    noted = (h.rows["ghi_chu"].fillna("") != "").any()
    return [c for c in HISTORY if (c.key != "ten_don_vi" or merged) and (c.key != "ghi_chu" or noted)]
REPEATED = [  # UnitHistory.repeated
    Col("noi_dung", "Tiêu chí thành phần / nội dung bị trừ điểm", css="ten"), Col("loai_muc", "Loại", css="lien"),
    Col("co_quan_tham_dinh", "Cơ quan thẩm định"), Col("mat_truoc", "Mất năm trước", "so"),
    Col("mat", "Mất năm nay", "so"),
]
REPEATED_SURVEY = [  # UnitHistory.repeated_survey
    Col("noi_dung", "Tiêu chí điều tra XHH", css="ten"), Col("co_quan_tham_dinh", "Cơ quan chủ trì"),
    Col("mat_truoc", "Mất năm trước", "so"), Col("mat", "Mất năm nay", "so"),
]
