"""The way to the next band: the points a unit needs to reach the next band of dataset.yml, and the
fewest appraised criteria and deductions whose lost points cover them. Pure: tables in, tables and
sentences out.

The gap is a share of the unit's own maximum (`diem_toi_da` of tong-hop-don-vi, without its
not-applicable criteria, contract §9): next band's minimum % × diem_toi_da − tong_diem. Only what
the unit can win back itself counts toward it: points lost on appraised (TĐ) criteria and points
deducted. Survey (XHH) points depend on the answers of citizens, businesses and officials; they are
listed apart, never in the chosen set.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import pandas as pd

from ..config import Band
from ..contract import APPRAISED, DECIMALS, DEDUCTION, SURVEY
from ..ingest.scoring import code_sort_key
from . import fmt
from .analysis import points_lost
from .layout import Col

RESOLUTION = 1000  # points are compared in thousandths: sheets hold quarters, hundredths at most
APPRAISED_LABEL = "Thẩm định"
DEDUCTION_LABEL = "Điểm trừ"
NOT_SELF_FIXABLE = "không thuộc khả năng tự khắc phục trực tiếp"


@dataclass(frozen=True)
class Cover:
    """A chosen set: positions in the input, its total in thousandths, and how many sets tie with it."""

    positions: tuple[int, ...]
    total: int
    ways: int  # sets of the same size and the same total (1: this one alone)


def cheapest_cover(points: Sequence[float], needed: float) -> Cover | None:
    """The smallest set of items whose points add up to at least `needed`; None when all of them fall short.

    Tie rule: fewest items first; among sets of that size, the smallest total (the least to win back
    beyond the gap); among sets equal in both, the one whose positions come first (items are given in
    framework order, so the criteria listed first in the framework). `ways` counts the sets equal in
    size and total, so that a report can say the choice among them is by framework order.
    Points are compared in thousandths; items of no points are never chosen.
    """
    weights = [round(p * RESOLUTION) for p in points]
    need = math.ceil(round(needed * RESOLUTION, 6))
    if need <= 0:
        return Cover((), 0, 1)
    usable = [i for i, w in enumerate(weights) if w > 0]
    if sum(weights[i] for i in usable) < need:
        return None
    # The fewest items: the largest first until the gap is covered (no set of fewer items can reach it).
    size, running = 0, 0
    for w in sorted((weights[i] for i in usable), reverse=True):
        size, running = size + 1, running + w
        if running >= need:
            break
    # Sets of fewer than `size` items by (count, total below the gap): the first positions and how many.
    # A minimal cover has no part that covers the gap, so every part of it is one of these states.
    states: dict[tuple[int, int], tuple[tuple[int, ...], int]] = {(0, 0): ((), 1)}
    best: dict[int, tuple[tuple[int, ...], int]] = {}  # total ≥ need of `size` items → first positions, ways
    for i in usable:
        w = weights[i]
        for (count, total), (positions, ways) in list(states.items()):
            new, chosen = total + w, positions + (i,)
            if count + 1 == size:
                if new >= need:
                    old = best.get(new)
                    best[new] = (chosen, ways) if old is None else (min(old[0], chosen), old[1] + ways)
                continue
            if new >= need:
                continue  # covers with fewer than `size` items: impossible by the choice of size
            old = states.get((count + 1, new))
            states[(count + 1, new)] = (chosen, ways) if old is None else (min(old[0], chosen), old[1] + ways)
    total = min(best)
    positions, ways = best[total]
    return Cover(positions, total, ways)


@dataclass(frozen=True)
class NextBand:
    """One unit's way to the next band."""

    band: str  # the unit's band now
    next_band: str | None  # None in the top band
    next_min: float | None  # the next band's minimum, % of the maximum
    diem_toi_da: float  # the unit's own maximum (not-applicable criteria out)
    tong_diem: float
    chi_so: float
    needed: float  # points to add to reach next_min; 0 in the top band
    chosen: pd.DataFrame  # the chosen criteria and deductions (COVER columns), largest first
    alternatives: int  # other sets of as many criteria and the same points (the choice among them: framework order)
    available: float  # every appraised point lost plus every point deducted
    survey: pd.DataFrame  # survey criteria where points were lost (SURVEY_LOST columns)
    items: pd.DataFrame  # everything the unit can win back itself (COVER columns but luy_ke), framework order

    @property
    def top(self) -> bool:
        return self.next_band is None

    @property
    def reachable(self) -> bool:
        return not self.top and not self.chosen.empty

    @property
    def target_points(self) -> float:
        """The points the next band's minimum asks of this unit: next_min % of its own maximum (exact; printed
        rounded up, so that the printed total plus the printed points needed is the printed target)."""
        return float(_target(self.next_min or 0.0, self.diem_toi_da))

    @property
    def best_index(self) -> float:
        """The index if every appraised point lost were won back and nothing deducted."""
        return (self.tong_diem + self.available) / self.diem_toi_da * 100 if self.diem_toi_da else 0.0


def _target(band_min: float, diem_toi_da: float) -> Fraction:
    """next band's minimum % of the unit's own maximum, exactly (90 % of 96,25 = 86,625)."""
    return fmt.exact(band_min) * fmt.exact(diem_toi_da) / 100


def points_needed(tong_diem: float, diem_toi_da: float, band_min: float) -> float:
    """The smallest amount in printed cents that, added to the total, reaches band_min % of the maximum: the
    exact gap rounded up (Ban Dân tộc 2023: 86,625 − 84,16 = 2,465 → 2,47; 2,46 leaves it at 89,99 %). 0 when
    the total already reaches it."""
    gap = _target(band_min, diem_toi_da) - fmt.exact(tong_diem)
    return fmt.value(gap, 2, "up") if gap > 0 else 0.0


def band_of(chi_so: float, bands: Sequence[Band]) -> Band:
    """The highest band whose inclusive minimum the index reaches (as scoring.assign_band, rounded alike)."""
    value = round(float(chi_so), DECIMALS)
    return next((b for b in bands if value >= b.min), bands[-1])


def band_above(band: Band, bands: Sequence[Band]) -> Band | None:
    """The band just above (the lowest minimum above this one); None for the top band."""
    higher = [b for b in bands if b.min > band.min]
    return min(higher, key=lambda b: b.min) if higher else None


def candidates(lost: pd.DataFrame, deductions: pd.DataFrame, by_unit: bool = False) -> pd.DataFrame:
    """What the unit can win back itself, in framework (code) order: appraised criteria with the points
    lost, and deductions with the points deducted. Columns ma, noi_dung, loai_muc, co_quan_tham_dinh, mat.

    by_unit: the rows are several units' (ma_don_vi), kept, by unit then code: each unit's slice is what its own
    rows give (the build plans all units at once so, year_data.PerUnit)."""
    cols = (["ma_don_vi"] if by_unit else []) + ["ma", "noi_dung", "loai_muc", "co_quan_tham_dinh", "mat"]
    appraised = lost[(lost["phuong_thuc"] == APPRAISED) & (lost["loai"] != DEDUCTION)] if len(lost) else lost
    parts = []
    if len(appraised):
        parts.append(appraised.assign(loai_muc=APPRAISED_LABEL, mat=appraised["mat"].astype(float))
                     .reindex(columns=cols))
    if len(deductions):
        parts.append(deductions.assign(loai_muc=DEDUCTION_LABEL, mat=deductions["diem"].astype(float).abs()
                                       .round(DECIMALS)).reindex(columns=cols))
    items = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    items = items[items["mat"] > 0]
    order = {m: code_sort_key(m) for m in items["ma"].unique()}  # a code's key once, not once per unit
    items = items.assign(_k=items["ma"].map(order))
    items = items.sort_values(["ma_don_vi", "_k"] if by_unit else "_k", kind="stable").drop(columns="_k")
    return items.reset_index(drop=True)


SURVEY_COLUMNS = ["ma", "noi_dung", "co_quan_tham_dinh", "diem_toi_da", "diem", "mat"]


def survey_items(lost: pd.DataFrame, by_unit: bool = False) -> pd.DataFrame:
    """The survey criteria where points were lost (SURVEY_LOST columns), in the order given; by_unit: several
    units' rows, ma_don_vi kept."""
    survey = lost[lost["phuong_thuc"] == SURVEY] if len(lost) else lost
    return survey.reindex(columns=(["ma_don_vi"] if by_unit else []) + SURVEY_COLUMNS)


def next_band(unit: pd.Series, lost: pd.DataFrame, deductions: pd.DataFrame, bands: Sequence[Band]) -> NextBand:
    """The unit's way to the next band. unit: its tong_hop row (tong_diem, diem_toi_da, chi_so); lost: every
    applicable criterion where it lost points (mat, phuong_thuc); deductions: its deduction rows (diem < 0).
    These are UnitReport.unit, .lost and .deductions; bands: Dataset.bands."""
    return of_items(unit, candidates(lost, deductions), survey_items(lost), bands)


def of_items(unit: pd.Series, items: pd.DataFrame, survey: pd.DataFrame, bands: Sequence[Band]) -> NextBand:
    """next_band from the unit's candidates and survey items (its slices of all units' `candidates` and
    `survey_items`: the build computes those once for every unit)."""
    dtd, total, chi_so = float(unit["diem_toi_da"]), float(unit["tong_diem"]), float(unit["chi_so"])
    here = band_of(chi_so, bands)
    above = band_above(here, bands)
    points = items["mat"].to_numpy(dtype=float)
    available = round(float(points.sum()), DECIMALS) if len(items) else 0.0
    needed, alternatives, chosen = 0.0, 0, None
    if above is not None:
        needed = points_needed(total, dtd, above.min)
        cover = cheapest_cover(points.tolist(), needed)
        if cover is not None:
            # Largest first, ties in framework order: the items are in framework order, so by position.
            positions = sorted(cover.positions, key=lambda i: (-points[i], i))
            chosen = items.iloc[positions].reset_index(drop=True)
            chosen = chosen.assign(luy_ke=chosen["mat"].cumsum().round(DECIMALS))
            alternatives = cover.ways - 1
    if chosen is None:
        chosen = items.iloc[0:0].assign(luy_ke=pd.Series(dtype="float64"))
    return NextBand(here.name, above.name if above else None, above.min if above else None, dtd, total, chi_so,
                    needed, chosen, alternatives, available, survey.reset_index(drop=True), items)


def all_units(tong_hop: pd.DataFrame, diem: pd.DataFrame, bands: Sequence[Band]) -> pd.DataFrame:
    """The way to the next band of every unit, for a summary column: ma_don_vi, muc_tiep_theo (next band,
    "" in the top band), diem_can_them (points needed, 0 in the top band), so_tieu_chi (fewest appraised
    criteria and deductions that cover them; NaN when none can), dat_duoc (reachable with what the unit
    can win back itself). The same figures as `next_band` per unit (tested), without the texts."""
    d = diem[diem["ap_dung"]]
    deduction = d["loai"] == DEDUCTION
    mat = points_lost(d)
    mine = (mat > 0) & (deduction | (d["phuong_thuc"] == APPRAISED))
    items = d.assign(mat=mat)[mine]
    items = items.assign(_k=items["ma"].map(code_sort_key)).sort_values(["ma_don_vi", "_k"], kind="stable")
    points = items.groupby("ma_don_vi")["mat"].apply(list).to_dict()
    rows = []
    for ma, dtd, total, chi_so in zip(tong_hop["ma_don_vi"], tong_hop["diem_toi_da"], tong_hop["tong_diem"],
                                      tong_hop["chi_so"]):
        above = band_above(band_of(chi_so, bands), bands)
        if above is None:
            rows.append((ma, "", 0.0, float("nan"), False))
            continue
        needed = points_needed(total, dtd, above.min)
        cover = cheapest_cover(points.get(ma, []), needed)
        rows.append((ma, above.name, needed, float(len(cover.positions)) if cover else float("nan"),
                     cover is not None))
    return pd.DataFrame(rows, columns=["ma_don_vi", "muc_tiep_theo", "diem_can_them", "so_tieu_chi", "dat_duoc"])


def summary_text(nb: NextBand) -> str:
    """One cell of a summary: 'Tốt: cần 3,25 điểm (2 tiêu chí)', 'Xuất sắc: chưa đạt được bằng điểm thẩm định',
    'Mức cao nhất'."""
    if nb.top:
        return "Mức cao nhất"
    if not nb.reachable:
        return f"{nb.next_band}: cần {fmt.diem(nb.needed, 'up')} điểm, chưa đạt được bằng điểm thẩm định"
    return f"{nb.next_band}: cần {fmt.diem(nb.needed, 'up')} điểm ({len(nb.chosen)} tiêu chí)"


# ---------------------------------------------------------------- sentences and tables


_t = fmt.md  # text from input files, escaped for Markdown (one rule: fmt.md)


def sentences(nb: NextBand, ten_don_vi: str, survey: bool = True, lead: bool = True) -> str:
    """The way to the next band in a specialist's words (Markdown); survey: add the sentence on the survey points
    lost, lead: open with the unit's result (a notice that states them elsewhere says them once)."""
    name = _t(ten_don_vi)
    if nb.top:
        text = (f"{name} đạt {fmt.phan_tram(nb.chi_so)}, thuộc mức xếp loại cao nhất (**{_t(nb.band)}**); "
                "không có mức xếp loại cao hơn. " if lead else
                f"Đơn vị đã ở mức xếp loại cao nhất (**{_t(nb.band)}**). ") + (
            "Đề nghị đơn vị duy trì kết quả và khắc phục các tiêu chí còn mất điểm để giữ vững mức xếp loại.")
        return text + (_survey_sentence(nb, top=True) if survey else "")
    share = (f"{_min(nb.next_min)} điểm tối đa áp dụng cho đơn vị, tức {fmt.so_len(nb.target_points)}/{fmt.diem(nb.diem_toi_da)} điểm")
    text = (f"{name} đạt {fmt.so(nb.tong_diem)}/{fmt.diem(nb.diem_toi_da)} điểm ({fmt.phan_tram(nb.chi_so)}), xếp "
            f"loại {_t(nb.band)}. " if lead else "") + (
        f"Để đạt mức **{_t(nb.next_band)}** (từ {share}), đơn vị cần thêm **{fmt.so_len(nb.needed)} điểm**.")
    if nb.reachable:
        k = len(nb.chosen)
        kinds = set(nb.chosen["loai_muc"])
        what = ("nội dung bị trừ điểm" if kinds == {DEDUCTION_LABEL} else
                "tiêu chí thẩm định" if kinds == {APPRAISED_LABEL} else "tiêu chí thẩm định và nội dung bị trừ điểm")
        items = "; ".join(f"{_t(r['noi_dung'])} ({fmt.diem(r['mat'])} điểm"
                          f"{', bị trừ' if r['loai_muc'] == DEDUCTION_LABEL else ''})" for _, r in nb.chosen.iterrows())
        text += (f" Phương án ít nội dung nhất là khắc phục {fmt.so_nguyen(k)} {what} với tổng "
                 f"{fmt.diem(nb.chosen['mat'].sum())} điểm bị mất" + (f": {items}." if k <= 3 else
                                                                     f" (mã {', '.join(map(_t, nb.chosen['ma']))})."))
    else:
        text += (f" Kể cả khi khắc phục toàn bộ {fmt.diem(nb.available)} điểm đơn vị có thể tự khắc phục (điểm "
                 f"bị mất ở các tiêu chí thẩm định và điểm bị trừ), chỉ số của đơn vị đạt tối đa "
                 f"{fmt.phan_tram(nb.best_index, _short_of(nb.best_index, nb.next_min))}, chưa đủ ngưỡng {_min(nb.next_min)} của mức "
                 f"{_t(nb.next_band)}; phần còn thiếu ({fmt.so_len(nb.needed - nb.available)} điểm) chỉ có thể bù bằng "
                 "điểm điều tra xã hội học.")
    return text + (_survey_sentence(nb) if survey else "")


def _short_of(index: float, band_min: float | None) -> str:
    """How to round an index that falls short of a band's minimum: half-up, unless that would print the
    minimum itself (89,996 % is not 90,00 %): then down."""
    return "down" if fmt.rounded(index) >= fmt.exact(band_min or 0.0) else "half_up"


def _min(value: float | None) -> str:
    """A band's minimum as dataset.yml gives it: '80%', '72,5%'."""
    value = float(value or 0.0)
    return f"{fmt.so(value, 0) if value.is_integer() else fmt.so(value)}%"


def _survey_sentence(nb: NextBand, top: bool = False) -> str:
    """The survey points lost, apart; "not counted above" only where a way up was worked out."""
    if nb.survey.empty:
        return ""
    return (f"\n\nNgoài ra, đơn vị mất {fmt.diem(nb.survey['mat'].sum())} điểm ở "
            f"{fmt.so_nguyen(len(nb.survey))} tiêu chí điều tra xã hội học; các điểm này phụ thuộc kết quả khảo sát "
            f"người dân, tổ chức và cán bộ, công chức, {NOT_SELF_FIXABLE}"
            + ("." if top else " nên không tính vào phương án trên."))


COVER = [  # NextBand.chosen
    Col("noi_dung", "Nội dung cần khắc phục", css="ten"), Col("loai_muc", "Loại", css="lien"),
    Col("co_quan_tham_dinh", "Cơ quan thẩm định"), Col("mat", "Điểm bị mất, bị trừ", "so"),
    Col("luy_ke", "Cộng dồn", "so"),
]
SURVEY_LOST = [  # NextBand.survey
    Col("noi_dung", "Tiêu chí điều tra XHH", css="ten"), Col("co_quan_tham_dinh", "Cơ quan chủ trì"),
    Col("diem_toi_da", "Tối đa", "so"), Col("diem", "Đạt", "so"), Col("mat", "Bị mất", "so"),
]
