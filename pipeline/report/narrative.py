"""Assessment sentences driven by the numbers, in Vietnamese. Pure: tables in, strings out."""
from __future__ import annotations

import math
from typing import Sequence

import pandas as pd

from ..contract import APPRAISED, DECIMALS, DEDUCTION, NO_CHANGE, SURVEY, TOLERANCE
from . import fmt
from .analysis import first_with_ties


_t = fmt.md  # text from input files, escaped for Markdown (one rule: fmt.md)


def _has(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def _same(a: float, b: float) -> bool:
    """A tie as ranks see it (rounded to DECIMALS: float noise is no difference, contract §9)."""
    return round(float(a), DECIMALS) == round(float(b), DECIMALS)


def _tied(values: pd.Series, value: float) -> pd.Series:
    """Which values tie with value (see _same)."""
    return values.round(DECIMALS) == round(float(value), DECIMALS)



def _with_ties(d: pd.DataFrame, col: str, n: int) -> pd.DataFrame:
    """The first n rows of a sorted frame, and the rows after them tied with the n-th on col."""
    if len(d) <= n:
        return d
    rest = d.iloc[n:]
    return pd.concat([d.iloc[:n], rest[_tied(rest[col], d[col].iloc[n - 1])]])


def citation(d) -> str:
    """'Quyết định số 1190/QĐ-UBND ngày 02/6/2023 của UBND tỉnh Vĩnh Long về việc ban hành …' (config.Document)."""
    return f"{_t(d.kind)} số {_t(d.number)} ngày {fmt.ngay_so(d.date)} của {_t(d.issuer)} {_t(d.title)}"


def legal_basis(process, agency: str, year: int) -> str:
    """The opening paragraph: what the assessment rests on (dataset.yml `process.basis`), then the purpose."""
    text = "".join(f"Căn cứ {citation(d)};\n\n" for d in process.basis)
    return text + (f"{_t(agency)} báo cáo kết quả xác định Chỉ số cải cách hành chính năm {year} của các cơ quan, "
                   "đơn vị, địa phương trên địa bàn tỉnh, nhằm đánh giá khách quan kết quả thực hiện nhiệm vụ cải cách "
                   "hành chính, chỉ ra những mặt còn hạn chế để từng cơ quan, đơn vị có giải pháp khắc phục, như sau:")


def assessment_process(process, agency: str) -> str:
    """How the year was assessed: the timeline, who appraised, the survey sample, the publishing decision.
    Parts dataset.yml does not give are said in general terms, never invented."""
    steps = [f"{fmt.ngay_so(m.date)}: {_t(m.event)}" for m in process.timeline]
    body = _t(process.appraisal_body) or "Các sở, ngành chủ trì lĩnh vực"
    steps.append(f"Thẩm định: {body} thẩm định kết quả tự đánh giá và tài liệu kiểm chứng của các đơn vị; các "
                 "nội dung đơn vị có giải trình được thẩm định lần 2.")
    survey = "Điều tra xã hội học: điểm các tiêu chí điều tra xã hội học (XHH) lấy từ kết quả điều tra"
    if process.survey_respondents:
        survey += f" với {fmt.so_nguyen(process.survey_respondents)} phiếu khảo sát"
    if process.survey_method:
        survey += f" ({_t(process.survey_method)})"
    steps.append(survey + "; các đơn vị không tự chấm các tiêu chí này.")
    text = "\n".join(f"- {step}" for step in steps)
    if process.publication:
        text += f"\n\nKết quả được công bố tại {citation(process.publication)}."
    return text + f"\n\n{_t(agency)} tổng hợp, xếp hạng trong từng nhóm và xếp loại theo các ngưỡng sau:"


def unit_result(row: pd.Series, group_size: int | None = None) -> str:
    """'Sở Tư pháp đạt 84,65%, tăng 0,72 điểm, tăng 12 bậc' (change parts only when known)."""
    text = f"{_t(row['ten_don_vi'])} đạt {fmt.phan_tram(row['chi_so'])}"
    if group_size:
        text += f", xếp thứ {int(row['xep_hang'])}/{group_size}"
    if _has(row.get("tang_diem")):
        text += f", {fmt.thay_doi(row['tang_diem'])}"
    if _has(row.get("tang_bac")):
        text += f", {fmt.thay_doi_bac(row['tang_bac'])}"
    return text


def _ends(units: pd.DataFrame | None, value: float, name: str, top: bool) -> str:
    """'Sở A dẫn đầu (96,29%)' or 'Sở A và Sở B đồng hạng nhất (cùng đạt 96,29%)'; at the bottom
    'thấp nhất là Sở C (60,12%)' or 'Sở C và Sở D cùng xếp cuối (cùng đạt 60,12%)'."""
    tied = [] if units is None else units[_tied(units["chi_so"], value)].sort_values("ma_don_vi")["ten_don_vi"]
    names = [_t(n) for n in tied] or [_t(name)]
    if len(names) > 1:
        return f"{fmt.liet_ke(names)} {'đồng hạng nhất' if top else 'cùng xếp cuối'} (cùng đạt {fmt.phan_tram(value)})"
    return (f"dẫn đầu là {names[0]} ({fmt.phan_tram(value)})" if top
            else f"thấp nhất là {names[0]} ({fmt.phan_tram(value)})")


def group_overview(name: str, stats: pd.Series, bands: pd.Series, previous_year: int | None,
                   units: pd.DataFrame | None = None) -> str:
    """Mean, best, worst and band counts of one group. Given the group's units (tong_hop rows), every unit
    tied for the best or the worst index is named; without them, the one stats names."""
    text = (f"Chỉ số CCHC trung bình của {stats['so_don_vi']} đơn vị thuộc nhóm {_t(name)} đạt "
            f"**{fmt.phan_tram(stats['trung_binh'])}**")
    if previous_year and _has(stats.get("trung_binh_truoc")):
        text += f", {fmt.thay_doi(stats['trung_binh'] - stats['trung_binh_truoc'])} so với năm {previous_year}"
    if _same(stats["cao_nhat"], stats["thap_nhat"]):  # one unit, or every unit on one index
        text += (f". Nhóm chỉ có một đơn vị là {_t(stats['don_vi_cao_nhat'])}." if stats["so_don_vi"] == 1 else
                 f". Tất cả {stats['so_don_vi']} đơn vị cùng đạt {fmt.phan_tram(stats['cao_nhat'])}.")
    else:
        text += (f"; {_ends(units, stats['cao_nhat'], stats['don_vi_cao_nhat'], True)}, "
                 f"{_ends(units, stats['thap_nhat'], stats['don_vi_thap_nhat'], False)}; chênh lệch giữa đơn vị "
                 f"cao nhất và thấp nhất là {fmt.so(stats['cao_nhat'] - stats['thap_nhat'])} điểm phần trăm.")
    parts = [f"{n} đơn vị xếp loại {_t(band)}" for band, n in bands.items() if n > 0]
    if parts:
        text += " Có " + ", ".join(parts) + "."
    return text


def comparability(name: str, row: pd.Series, year: int, previous_year: int | None) -> str:
    """Why places are not compared for a group (empty when they are, or when there is no last year)."""
    if not previous_year or row["so_sanh_duoc"]:
        return ""
    if row["so_don_vi_truoc"] == 0:
        return f"Năm {previous_year} chưa đánh giá nhóm {_t(name)}, nên chưa so sánh với năm trước."
    return (f"Năm {previous_year} nhóm {_t(name)} có {row['so_don_vi_truoc']} đơn vị, năm {year} có "
            f"{row['so_don_vi']} đơn vị (do sắp xếp, hợp nhất hoặc thay đổi đơn vị được đánh giá), nên báo cáo "
            "chỉ so sánh điểm số, không so sánh thứ hạng giữa hai năm.")


def movers(units: pd.DataFrame, previous_year: int | None, n: int = 3) -> str:
    """The units that gained and lost most against last year."""
    d = units.dropna(subset=["tang_diem"])
    if d.empty or not previous_year:
        return ""
    # A unit tied with the n-th is named too: the cut is by points, not by code.
    up = _with_ties(d[d["tang_diem"] > 0].sort_values(["tang_diem", "ma_don_vi"], ascending=[False, True]),
                    "tang_diem", n)
    down = _with_ties(d[d["tang_diem"] < 0].sort_values(["tang_diem", "ma_don_vi"]), "tang_diem", n)
    text = []
    if len(up):
        text.append(f"So với năm {previous_year}, {int((d['tang_diem'] > 0).sum())}/{len(d)} đơn vị tăng điểm; "
                    "tăng nhiều nhất: " + "; ".join(unit_result(r) for _, r in up.iterrows()) + ".")
    if len(down):
        text.append("Giảm nhiều nhất: " + "; ".join(unit_result(r) for _, r in down.iterrows()) + ".")
    return " ".join(text)


def communes_overview(communes: pd.DataFrame) -> str:
    """The districts whose communes score best and worst on average (ties named)."""
    if communes.empty:
        return ""
    means = communes["trung_binh"]
    best = communes[_tied(means, means.max())]
    worst = communes[_tied(means, means.min())]
    text = (f"Bình quân Chỉ số CCHC của các đơn vị cấp xã theo từng đơn vị hành chính cấp huyện cao nhất ở "
            f"{fmt.liet_ke(_t(fmt.ten_ngan(n)) for n in best['ten_don_vi'])} ({fmt.phan_tram(means.max())})")
    if len(communes) > len(best):
        text += (f", thấp nhất ở {fmt.liet_ke(_t(fmt.ten_ngan(n)) for n in worst['ten_don_vi'])} "
                 f"({fmt.phan_tram(means.min())})")
    return text + "."


def weakest_areas(areas: pd.DataFrame, n: int = 3) -> str:
    if areas.empty:
        return ""
    weak = first_with_ties(areas.sort_values(["ty_le_trung_binh", "ma"]), "ty_le_trung_binh", n)
    by_rate = areas.sort_values(["ty_le_trung_binh", "ma"], ascending=[False, True])
    strong = by_rate[_tied(by_rate["ty_le_trung_binh"], by_rate["ty_le_trung_binh"].iloc[0])]
    items = "; ".join(f"{_t(r['ten'])} (bình quân {fmt.phan_tram(r['ty_le_trung_binh'])} điểm tối đa, thấp nhất là "
                      f"{_t(r['don_vi_thap_nhat'])} với {fmt.phan_tram(r['ty_le_thap_nhat'])})" for _, r in weak.iterrows())
    best = fmt.phan_tram(strong["ty_le_trung_binh"].iloc[0])
    return ((f"Lĩnh vực đạt tỷ lệ cao nhất là {_t(strong['ten'].iloc[0])} ({best}). " if len(strong) == 1 else
             f"Các lĩnh vực đạt tỷ lệ cao nhất là {fmt.liet_ke(map(_t, strong['ten']))} (cùng đạt {best}). ")
            + f"Các lĩnh vực còn hạn chế: {items}.")


def _lost_item(r: pd.Series) -> str:
    """'“Ban hành kế hoạch kiểm tra” (6/20 đơn vị bị mất điểm, tổng 10,75 điểm, bình quân 0,54 điểm/đơn vị áp
    dụng)': the mean is over every unit where the criterion applies, lost or not, and says so."""
    return (f"“{_t(r['noi_dung'])}” ({r['so_don_vi_mat']}/{r['so_don_vi']} đơn vị bị mất điểm, tổng "
            f"{fmt.diem(r['tong_diem_mat'])} điểm, bình quân {fmt.diem(r['mat_binh_quan'])} điểm/đơn vị áp dụng)")


def top_lost(lost: pd.DataFrame, n: int = 3) -> str:
    """The appraised (TĐ) criteria where the group lost most, by name; survey items have their own section."""
    lost = lost[lost["phuong_thuc"] == APPRAISED]
    if lost.empty:
        return "Không có tiêu chí thẩm định nào bị mất điểm."
    items = "; ".join(_lost_item(r) for _, r in first_with_ties(lost, "mat_binh_quan", n).iterrows())
    return (f"Trong phần thẩm định, các tiêu chí thành phần bị mất nhiều điểm nhất là: {items}. "
            "Đây là các nội dung đơn vị có thể khắc phục trực tiếp bằng việc thực hiện đầy đủ nhiệm vụ và "
            "cung cấp tài liệu kiểm chứng.")


def survey_overview(name: str, methods: pd.DataFrame, items: pd.DataFrame, n: int = 3) -> str:
    """One group's survey (XHH) result against its appraised (TĐ) part, and its weakest survey items."""
    parts = {r["phuong_thuc"]: r for _, r in methods.iterrows()}
    if SURVEY not in parts:
        return f"Nhóm {_t(name)} không có tiêu chí điều tra xã hội học."
    xhh = parts[SURVEY]
    text = (f"Nhóm {_t(name)}: phần điều tra XHH (tối đa {fmt.diem(xhh['diem_toi_da'])} điểm) bình quân đạt "
            f"{fmt.so(xhh['diem_trung_binh'])} điểm ({fmt.phan_tram(xhh['ty_le_trung_binh'])})")
    if APPRAISED in parts:
        td = parts[APPRAISED]
        diff = xhh["ty_le_trung_binh"] - td["ty_le_trung_binh"]
        text += (f", {'thấp hơn' if diff < 0 else 'cao hơn'} phần thẩm định ({fmt.phan_tram(td['ty_le_trung_binh'])})"
                 if abs(diff) >= NO_CHANGE else ", bằng phần thẩm định")
    text += (f"; đơn vị thấp nhất đạt {fmt.phan_tram(xhh['ty_le_thap_nhat'])}, cao nhất "
             f"{fmt.phan_tram(xhh['ty_le_cao_nhat'])}.")
    weak = first_with_ties(items, "ty_le_trung_binh", n) if len(items) else items
    if len(weak):
        text += " Các nội dung được đánh giá thấp nhất: " + "; ".join(
            f"“{_t(r['noi_dung'])}” (bình quân {fmt.phan_tram(r['ty_le_trung_binh'])} điểm tối đa, "
            f"{r['so_don_vi_mat']}/{r['so_don_vi']} đơn vị chưa đạt tối đa)" for _, r in weak.iterrows()) + "."
    return text


def self_score_gap(gap: pd.DataFrame) -> str:
    over = gap[gap["chenh_lech"] > 0]
    if over.empty:
        return "Không có đơn vị nào tự chấm cao hơn kết quả thẩm định."
    worst = over.iloc[0]
    tied = over[_tied(over["chenh_lech"], worst["chenh_lech"])]
    text = (f"{len(over)}/{len(gap)} đơn vị tự chấm điểm cao hơn kết quả thẩm định, bình quân mỗi đơn vị này cao hơn "
            f"{fmt.diem(fmt.mean(over['chenh_lech']))} điểm. ")
    if len(tied) > 1:
        return text + (f"Chênh lệch lớn nhất là {fmt.liet_ke(map(_t, tied['ten_don_vi']))}, cùng chênh "
                       f"{fmt.diem(worst['chenh_lech'])} điểm ("
                       + "; ".join(f"{_t(r['ten_don_vi'])}: tự chấm {fmt.diem(r['tu_danh_gia'])} điểm, thẩm định "
                                   f"{fmt.diem(r['tham_dinh'])} điểm, ở {r['so_tieu_chi_cham_cao']} tiêu chí"
                                   for _, r in tied.iterrows()) + ").")
    return text + (f"Chênh lệch lớn nhất là {_t(worst['ten_don_vi'])}: tự chấm "
                   f"{fmt.diem(worst['tu_danh_gia'])} điểm, thẩm định {fmt.diem(worst['tham_dinh'])} điểm "
                   f"(chênh {fmt.diem(worst['chenh_lech'])} điểm ở {worst['so_tieu_chi_cham_cao']} tiêu chí).")


def strengths_and_weaknesses(groups: list, stats: pd.DataFrame, bands: pd.DataFrame, gap: pd.DataFrame
                             ) -> tuple[list[str], list[str]]:
    """Bullet points of the general assessment, each backed by a number of this year; appraised (TĐ)
    and survey (XHH) results apart."""
    strengths, weaknesses = [], []
    total = int(bands.to_numpy().sum())
    top_two = bands.iloc[:, :2].to_numpy().sum() if bands.shape[1] >= 2 else 0
    strengths.append(f"{int(top_two)}/{total} cơ quan, đơn vị, địa phương "
                     f"({fmt.so(top_two / total * 100 if total else 0)}%) xếp loại "
                     f"{' hoặc '.join(map(_t, bands.columns[:2]))}.")
    for g in groups:
        if not g.areas.empty:
            by_rate = g.areas.sort_values(["ty_le_trung_binh", "ma"])
            rates = by_rate["ty_le_trung_binh"]
            best = by_rate[_tied(rates, rates.max())]
            worst = by_rate[_tied(rates, rates.min())]
            strengths.append(f"Nhóm {_t(g.name)}: " + (
                f"lĩnh vực {_t(best['ten'].iloc[0])} đạt" if len(best) == 1 else
                f"các lĩnh vực {fmt.liet_ke(map(_t, best['ten']))} cùng đạt")
                + f" bình quân {fmt.phan_tram(rates.max())} điểm tối đa.")
            weaknesses.append(f"Nhóm {_t(g.name)}: " + (
                f"lĩnh vực {_t(worst['ten'].iloc[0])} chỉ đạt" if len(worst) == 1 else
                f"các lĩnh vực {fmt.liet_ke(map(_t, worst['ten']))} cùng chỉ đạt")
                + f" bình quân {fmt.phan_tram(rates.min())} điểm tối đa.")
        appraised = g.lost[g.lost["phuong_thuc"] == APPRAISED]
        if not appraised.empty:
            top = first_with_ties(appraised, "mat_binh_quan", 1)  # tied criteria named, not one of them
            weaknesses.append(f"Nhóm {_t(g.name)}, phần thẩm định: " + (
                "tiêu chí bị mất điểm nhiều nhất là " if len(top) == 1 else
                "các tiêu chí bị mất điểm nhiều nhất (cùng mức bình quân) là ")
                + "; ".join(_lost_item(r) for _, r in top.iterrows()) + ".")
        survey = g.survey[g.survey["so_don_vi_mat"] > 0] if len(g.survey) else g.survey
        if len(survey):
            low = first_with_ties(survey, "ty_le_trung_binh", 1)
            weaknesses.append(f"Nhóm {_t(g.name)}, phần điều tra XHH: " + (
                f"nội dung “{_t(low['noi_dung'].iloc[0])}” chỉ đạt" if len(low) == 1 else
                f"các nội dung {fmt.liet_ke(f'“{_t(x)}”' for x in low['noi_dung'])} cùng chỉ đạt")
                + f" bình quân {fmt.phan_tram(low['ty_le_trung_binh'].iloc[0])} điểm tối đa.")
    over = gap[gap["chenh_lech"] > 0]
    if len(over):
        weaknesses.append(f"{len(over)}/{len(gap)} đơn vị tự đánh giá cao hơn kết quả thẩm định, cho thấy việc tự "
                          "chấm điểm và chuẩn bị tài liệu kiểm chứng chưa sát thực tế.")
    return strengths, weaknesses


def causes(groups: list, gap: pd.DataFrame, comparable: pd.DataFrame, previous_year: int | None
           ) -> tuple[list[str], list[str]]:
    """Objective and subjective causes (the convention of such reports), each from a number of this year."""
    objective, subjective = [], []
    weaker = []  # groups whose survey part scores below their appraised part
    for g in groups:
        parts = {r["phuong_thuc"]: r for _, r in g.methods.iterrows()}
        if SURVEY in parts and APPRAISED in parts and \
                parts[SURVEY]["ty_le_trung_binh"] < parts[APPRAISED]["ty_le_trung_binh"] - NO_CHANGE:
            weaker.append(f"{_t(g.name)} {fmt.phan_tram(parts[SURVEY]['ty_le_trung_binh'])} so với "
                          f"{fmt.phan_tram(parts[APPRAISED]['ty_le_trung_binh'])}")
    if weaker:
        objective.append("Phần điều tra xã hội học phản ánh cảm nhận của người dân, tổ chức và cán bộ, công chức, "
                         "không phụ thuộc trực tiếp vào hồ sơ của đơn vị và thường đạt tỷ lệ thấp hơn phần thẩm định ("
                         + "; ".join(weaker) + ").")
    if previous_year:
        changed = comparable[~comparable["so_sanh_duoc"] & (comparable["so_don_vi_truoc"] > 0)]
        names = {g.code: g.name for g in groups}
        for _, r in changed.iterrows():
            objective.append(f"Nhóm {_t(names.get(r['nhom'], r['nhom']))} thay đổi số đơn vị so với năm "
                             f"{previous_year} ({r['so_don_vi_truoc']} → {r['so_don_vi']}) do sắp xếp tổ chức bộ máy, "
                             "ảnh hưởng đến việc triển khai nhiệm vụ và lưu trữ hồ sơ.")
    over = gap[gap["chenh_lech"] > 0]
    if len(over):
        subjective.append(f"Việc tự đánh giá, chấm điểm ở {len(over)} đơn vị chưa sát với hướng dẫn của bộ tiêu chí "
                          f"(tự chấm cao hơn kết quả thẩm định bình quân {fmt.diem(fmt.mean(over['chenh_lech']))}"
                          " điểm).")
    for g in groups:
        appraised = g.lost[g.lost["phuong_thuc"] == APPRAISED]
        widespread = appraised[appraised["ty_le_don_vi_mat"] >= 50]
        if len(widespread):
            subjective.append(f"Nhóm {_t(g.name)}: {len(widespread)} tiêu chí thẩm định bị mất điểm ở từ một nửa số "
                              f"đơn vị trở lên, nhiều nhất là tiêu chí "
                              f"{'; '.join(_lost_item(r) for _, r in first_with_ties(widespread, 'mat_binh_quan', 1).iterrows())}"
                              "; người đứng "
                              "đầu một số đơn vị chưa quan tâm đúng mức đến việc thực hiện và lưu trữ tài liệu kiểm chứng.")
    if not subjective:
        subjective.append("Một số đơn vị chưa quan tâm đúng mức đến việc cung cấp đầy đủ tài liệu kiểm chứng.")
    return objective, subjective


def _names(units: pd.DataFrame, limit: int = 6) -> str:
    """Units by name, or 'n đơn vị' when the list would be too long for a sentence."""
    names = list(units["ten_don_vi"])
    return fmt.liet_ke(map(_t, names)) if len(names) <= limit else f"{len(names)} đơn vị"


def recommendations(groups: list, bands: Sequence, agency: str, report_date=None) -> list[str]:
    """Who should do what next year: UBND tỉnh (commendation of the top band, criticism of units rated below the
    second band, heads' responsibility), the appraising agencies (their criteria by name, once each, with the
    groups), the units themselves. The report's author (`agency`) states what it will do itself."""
    out = []
    top = bands[0].name
    below = {b.name for b in bands[2:]}  # "Khá" and lower: a unit rated Tốt is not criticised for its place
    best = [(g, g.units[g.units["xep_loai"] == top].sort_values(["xep_hang", "ma_don_vi"])) for g in groups]
    best = [(g, u) for g, u in best if len(u)]
    weak = [(g, g.units[g.units["xep_loai"].isin(below)].sort_values(["xep_hang", "ma_don_vi"])) for g in groups]
    weak = [(g, u) for g, u in weak if len(u)]
    deadline = _next_quarter(report_date)
    text = "Đề nghị UBND tỉnh: "
    if best:
        text += (f"khen thưởng các cơ quan, đơn vị xếp loại {_t(top)} ("
                 + "; ".join(f"{_t(g.name)}: {_names(u)}" for g, u in best) + "); ")
    if weak:  # every unit criticised is named, however many (the units report is what UBND tỉnh acts on)
        text += (f"phê bình và yêu cầu người đứng đầu các đơn vị xếp loại {_t(bands[2].name)} trở xuống ("
                 + "; ".join(f"{_t(g.name)}: {_names(u, limit=len(u))}" for g, u in weak)
                 + f") giải trình, xây dựng kế hoạch khắc phục hạn chế{deadline}; ")
    text += ("đưa kết quả Chỉ số CCHC vào đánh giá, xếp loại mức độ hoàn thành nhiệm vụ của tập thể, người đứng "
             "đầu cơ quan, đơn vị.")
    out.append(text)
    # Per appraising agency: each criterion once, with the groups where it is among the two most lost.
    by_agency: dict[str, dict[str, list[str]]] = {}
    for g in groups:
        appraised = g.lost[g.lost["phuong_thuc"] == APPRAISED]
        for who, items in appraised.groupby("co_quan_tham_dinh", sort=False):
            for text_ in first_with_ties(items, "mat_binh_quan", 2)["noi_dung"]:
                by_agency.setdefault(str(who), {}).setdefault(str(text_), []).append(g.name)
    every = len(groups)
    for who, criteria in by_agency.items():
        items = "; ".join(f"“{_t(c)}” ({_groups_named(gs, every)})" for c, gs in criteria.items())
        if who == agency:
            out.append(f"{_t(agency)} sẽ chủ động hướng dẫn, kiểm tra việc khắc phục các tiêu chí do {_t(agency)} "
                       f"thẩm định bị mất điểm nhiều nhất: {items}.")
        else:
            out.append(f"Đề nghị {_t(who)} hướng dẫn, đôn đốc các đơn vị khắc phục các tiêu chí do {_t(who)} thẩm "
                       f"định bị mất điểm nhiều nhất: {items}.")
    survey: dict[str, list[str]] = {}
    for g in groups:
        if len(g.survey):  # the weakest survey item of the group, and any printed equal to it
            for text_ in first_with_ties(g.survey, "ty_le_trung_binh", 1)["noi_dung"]:
                survey.setdefault(str(text_), []).append(g.name)
    text = ("Đề nghị các cơ quan, đơn vị, địa phương: tự đánh giá, chấm điểm sát thực tế, cung cấp đầy đủ tài liệu "
            "kiểm chứng; rà soát các tiêu chí bị mất điểm thuộc phạm vi, trách nhiệm của mình để đề ra giải pháp khắc "
            "phục")
    if survey:
        text += ("; có giải pháp cải thiện các nội dung điều tra xã hội học được đánh giá thấp nhất: "
                 + "; ".join(f"“{_t(c)}” ({', '.join(map(_t, gs))})" for c, gs in survey.items()))
    out.append(text + ".")
    out.append(f"{_t(agency)} sẽ theo dõi, tổng hợp việc khắc phục các tiêu chí bị mất điểm, báo cáo UBND tỉnh "
               "trong kỳ báo cáo cải cách hành chính tiếp theo.")
    return out


def repeated_losses(groups: list, repeated: pd.DataFrame, previous_year: int | None, year: int) -> list[str]:
    """A weakness per group: the appraised criteria the most units lost both last year and this
    (history.repeated_by_group), named with how many units."""
    if previous_year is None or repeated.empty:
        return []
    out = []
    for g in groups:
        d = repeated[repeated["nhom"] == g.code]
        if d.empty:
            continue
        items = "; ".join(f"“{_t(r['noi_dung'])}” ({fmt.so_nguyen(r['so_don_vi'])}/{fmt.so_nguyen(r['so_don_vi_nhom'])} "
                          "đơn vị)" for _, r in d.iterrows())
        out.append(f"Nhóm {_t(g.name)}: các tiêu chí thẩm định bị mất điểm hai năm liên tiếp ({previous_year} và "
                   f"{year}) ở nhiều đơn vị nhất là {items}; đây là những hạn chế chậm được khắc phục.")
    return out


def _groups_named(names: list[str], every: int) -> str:
    """'cả 3 nhóm' when a criterion stands out in every group, else the groups by name."""
    return f"cả {every} nhóm" if len(names) == every and every > 1 else ", ".join(map(_t, names))


def _next_quarter(day) -> str:
    """' trong quý II năm 2024' after a report of March 2024 (the quarter after the report's); '' without a date."""
    if day is None:
        return ""
    quarter = (day.month - 1) // 3 + 2
    year = day.year + (quarter > 4)
    return f" trong quý {['I', 'II', 'III', 'IV'][(quarter - 1) % 4]} năm {year}"


bullets = fmt.bullets  # the notebooks' name for it


def appendix_list(appendices: Sequence, notices: tuple[str, str, int] | None, notice_date=None, year: int = 0
                  ) -> str:
    """The end of the units report: its appendices by number and title (packs.appendices), and the notices issued
    with it (number range and date), so that each document of the set can be traced to the report."""
    items = []
    for a in appendices:
        text = f"Phụ lục {a.numeral}. {_t(a.title)}"
        if a.kind == "corrections":
            text += " (in kèm sau Báo cáo này)"
        elif a.count > 1:
            text += f" ({fmt.so_nguyen(a.count)} phụ lục, từ Phụ lục {a.numeral}.1 đến Phụ lục {a.numeral}.{a.count})"
        items.append(text + ";")
    if notices:
        first, last, n = notices
        items.append(f"{fmt.so_nguyen(n)} Thông báo kết quả Chỉ số cải cách hành chính năm {year} gửi từng cơ quan, "
                     f"đơn vị, địa phương, từ số {_t(first)} đến số {_t(last)}"
                     + (f" ngày {fmt.ngay_so(notice_date)}" if notice_date else "") + ";")
    if not items:
        return ""
    items[-1] = items[-1][:-1] + "."
    return "Kèm theo Báo cáo này:\n\n" + bullets(items)


def corrections_applied(changes: pd.DataFrame) -> str:
    """The sentence above the appendix of corrections: how many, of which scores, for how many units, on whose
    documents (a survey score corrected is not an appraisal)."""
    units = changes["ma_don_vi"].nunique()
    documents = sorted({str(v) for v in changes["van_ban"] if isinstance(v, str) and v})
    kinds = {"tham_dinh": "điểm thẩm định", "xhh": "điểm điều tra XHH", "tu_danh_gia": "điểm tự đánh giá"}
    counts = [f"{n} {kinds.get(c, c)}" for c, n in changes["cot"].value_counts().sort_index().items()]
    text = (f"Kết quả nêu trong báo cáo đã bao gồm {len(changes)} điều chỉnh điểm của {units} cơ quan, đơn vị "
            f"({', '.join(counts)})")
    return text + (f", theo {fmt.liet_ke([_t(d) for d in documents])}:" if documents else ":")


# ---------------------------------------------------------------- one unit


def unit_summary(r) -> str:
    """The opening sentence of a unit's report: result, rank (ties stated), band, a commune's district."""
    u = r.unit
    rank = f"xếp thứ {int(u['xep_hang'])}/{r.group_size} trong nhóm {_t(r.group_name)}"
    if r.tied_with:
        rank += f" (đồng hạng với {fmt.liet_ke(map(_t, r.tied_with))})"
    text = (f"Năm {r.year}, {_t(u['ten_don_vi'])} đạt {fmt.so(u['tong_diem'])}/{fmt.diem(u['diem_toi_da'])} điểm, "
            f"Chỉ số CCHC {fmt.phan_tram(u['chi_so'])}, {rank}, xếp loại {_t(u['xep_loai'])}.")
    if r.parent_name and r.parent_rank:
        text += (f" Trên địa bàn {_t(fmt.ten_ngan(r.parent_name))}, đơn vị xếp thứ {r.parent_rank}/{r.parent_size} "
                 "đơn vị cấp xã" + (f" (đồng hạng với {fmt.liet_ke(map(_t, r.parent_tied_with))})" if r.parent_tied_with
                                     else "") + ".")
    if r.previous_year and _has(u.get("chi_so_truoc")):
        text += (f" So với năm {r.previous_year} ({fmt.phan_tram(u['chi_so_truoc'])}), Chỉ số "
                 f"{fmt.thay_doi(u['tang_diem'])}")
        text += f", {fmt.thay_doi_bac(u['tang_bac'])}." if _has(u.get("tang_bac")) else "."
    return text


def unit_scale(r) -> str:
    """One sentence each on the unit's own maximum (not-applicable criteria) and the self-score's scale."""
    u = r.unit
    count, points = r.not_applicable
    text = ""
    if count:
        named = f" ({'; '.join(map(_t, r.not_applicable_names))})" if r.not_applicable_names else ""
        text += (f"Điểm tối đa của đơn vị là {fmt.so(u['diem_toi_da'])} điểm (không phải 100) vì {count} tiêu chí "
                 f"thành phần{named} với tổng {fmt.so(points)} điểm không áp dụng đối với đơn vị; Chỉ số CCHC được "
                 "tính trên điểm tối đa này. ")
    text += (f"Điểm tự đánh giá ({fmt.so(u['tu_danh_gia'])} điểm) chỉ gồm các tiêu chí thẩm định, tối đa "
             f"{fmt.so(r.appraised_max)} điểm; các tiêu chí điều tra xã hội học do kết quả điều tra xác định, "
             "đơn vị không tự chấm.")
    return text


def _lower_first(text: str) -> str:
    """'Điểm điều tra XHH' → 'điểm điều tra XHH' (mid-sentence; acronyms kept)."""
    return text[:1].lower() + text[1:]


def unit_corrections(corrections: pd.DataFrame) -> str:
    """The corrections (hieu-chinh.csv) that changed this unit's result, each with its reason and document."""
    if corrections.empty:
        return ""
    items = "; ".join(
        f"{_lower_first(_t(r['noi_dung_sua']))} tiêu chí {_t(r['tieu_chi'])} từ {fmt.diem(r['gia_tri_cu'])} thành "
        f"{fmt.diem(r['gia_tri_moi'])} điểm ({_lower_first(_t(r['ly_do']))}, theo {_t(r['van_ban'])})"
        for _, r in corrections.iterrows())
    return f"Kết quả trên đã bao gồm {len(corrections)} điều chỉnh: {items}."


# The weakest areas a unit's report names; the rest are in its table of areas.
WEAKEST_AREAS = 3


def unit_areas(areas: pd.DataFrame) -> str:
    """Which areas are below the group's mean, weakest first: how many, and the weakest named (the table of
    areas beside it gives every figure)."""
    below = areas[areas["ty_le"] < areas["ty_le_trung_binh"] - TOLERANCE].sort_values(["ty_le", "ma"])
    if below.empty:
        return "Tất cả các lĩnh vực đều đạt tỷ lệ điểm bằng hoặc cao hơn bình quân của nhóm."
    parts = [f"{_t(r['noi_dung'])} ({fmt.phan_tram(r['ty_le'])}, bình quân nhóm {fmt.phan_tram(r['ty_le_trung_binh'])})"
             for _, r in below.head(WEAKEST_AREAS).iterrows()]
    if len(below) <= WEAKEST_AREAS:
        return f"Có {len(below)} lĩnh vực thấp hơn bình quân của nhóm: " + "; ".join(parts) + "."
    return (f"Có {len(below)}/{len(areas)} lĩnh vực thấp hơn bình quân của nhóm; thấp nhất là " + "; ".join(parts)
            + ".")


def unit_lost(lost: pd.DataFrame, deductions: pd.DataFrame) -> str:
    """Points lost, appraised (TĐ) criteria and survey (XHH) items apart, then deductions."""
    if lost.empty and deductions.empty:
        return "Đơn vị đạt điểm tối đa ở tất cả các tiêu chí thành phần và không bị trừ điểm."
    appraised = lost[lost["phuong_thuc"] == APPRAISED]
    survey = lost[lost["phuong_thuc"] == SURVEY]
    parts = []
    if len(appraised):
        parts.append(f"{fmt.so(appraised['mat'].sum())} điểm ở {len(appraised)} tiêu chí thẩm định")
    if len(survey):
        parts.append(f"{fmt.so(survey['mat'].sum())} điểm ở {len(survey)} nội dung điều tra XHH")
    text = ("Đơn vị bị mất " + " và ".join(parts)) if parts else "Đơn vị không bị mất điểm ở tiêu chí thành phần nào"
    if len(deductions):
        text += f"; bị trừ {fmt.so(deductions['diem'].abs().sum())} điểm"
    return text + "."


def unit_self_gap(gap: pd.DataFrame, table: str = "") -> str:
    """The self-score against the appraisal; table: where the criteria scored too high are listed ("Bảng 3")."""
    if gap.empty:
        return "Điểm tự đánh giá của đơn vị trùng với kết quả thẩm định ở tất cả các tiêu chí."
    over = gap[gap["chenh_lech"] > 0]
    under = len(gap) - len(over)
    text = (f"Có {len(over)} tiêu chí thành phần đơn vị tự chấm cao hơn kết quả thẩm định, tổng cộng "
            f"{fmt.so(over['chenh_lech'].sum())} điểm" + (f" (cột “Tự đánh giá” tại {table})" if table else "")
            if len(over) else "Đơn vị không tự chấm cao hơn kết quả thẩm định")
    if under:
        text += f"; {under} tiêu chí đơn vị tự chấm thấp hơn kết quả thẩm định"
    return text + ". Đề nghị đơn vị nghiên cứu kỹ hướng dẫn và bổ sung đầy đủ tài liệu kiểm chứng khi tự đánh giá."


def unit_priorities(r) -> str:
    """What the unit can win back: maximum − total, split into what its own work decides (appraised criteria
    and deductions, a numbered list, most points first) and the survey part (listed apart)."""
    u = r.unit
    total = round(float(u["diem_toi_da"]) - float(u["tong_diem"]), DECIMALS)
    if total <= 0:
        return "Đơn vị đạt điểm tối đa; không có tiêu chí nào cần khắc phục."
    own = r.recoverable
    survey = r.survey_lost
    own_points = round(float(own["mat"].sum()), DECIMALS) if len(own) else 0.0
    # Points to the top and what the unit can win back are amounts to reach: rounded up; the survey part is the
    # printed total less the printed own part, so that the sentence adds up.
    printed_total, printed_own = fmt.rounded(total, 2, "up"), fmt.rounded(own_points, 2, "up")
    text = (f"Tổng số điểm còn có thể cải thiện là {fmt.so(printed_total)} điểm (điểm tối đa {fmt.diem(u['diem_toi_da'])} "
            f"trừ tổng điểm {fmt.so(u['tong_diem'])}), trong đó {fmt.so(printed_own)} điểm ở các tiêu chí thẩm định và "
            f"điểm trừ, {fmt.so(max(printed_total - printed_own, 0))} điểm ở các tiêu chí điều tra xã hội học.")
    if len(own):  # the criteria themselves are in the tables of section 3: here only where to start
        first = own.head(PRIORITY_ITEMS)
        text += (" Cần ưu tiên khắc phục trước các nội dung bị mất, bị trừ nhiều điểm nhất: " + "; ".join(
            f"{_t(x['noi_dung'])} ({fmt.diem(x['mat'])} điểm)" for _, x in first.iterrows()) + ".")
    return text


# The appraised criteria and deductions a notice names as where to start (the rest are in its tables).
PRIORITY_ITEMS = 3


def unit_basis(r) -> str:
    """A notice's opening: its basis (the publication decision of dataset.yml `process.publication`, else the units
    report) and what it does."""
    ds = r.dataset
    publication = ds.process.publication
    if publication is not None:
        basis = citation(publication)
    else:
        meta = ds.report("units")
        basis = (f"kết quả xác định Chỉ số cải cách hành chính năm {r.year} tại Báo cáo "
                 + (f"số {_t(meta.number)} " if meta else "") + f"ngày {fmt.ngay_so(ds.report_date('units'))} "
                 f"của {_t(ds.agency)}")
    return (f"Căn cứ {basis};\n\n{_t(ds.agency)} thông báo kết quả Chỉ số cải cách hành chính năm {r.year} của "
            f"{_t(r.unit['ten_don_vi'])} như sau:")


def unit_requests(r) -> str:
    """What the unit must do, by when, reporting to whom: the units report's rule applied to the unit (rated Khá
    or below: explain and plan within the quarter after the units report; the others: report what they fixed by
    `unit_notices.report_by`, else the same quarter)."""
    ds = r.dataset
    series = ds.unit_notices if r.identity.recipient else None
    to = _t(series.report_to if series and series.report_to else ds.agency)
    quarter = _next_quarter(ds.report_date("units"))
    meta = ds.report("units")
    report = (f"Báo cáo số {_t(meta.number)} ngày {fmt.ngay_so(ds.report_date('units'))} của {_t(ds.agency)}"
              if meta else f"báo cáo kết quả Chỉ số cải cách hành chính năm {r.year} của {_t(ds.agency)}")
    by = f" trước ngày {fmt.ngay_so(series.report_by)}" if series and series.report_by else quarter
    repeated = " (trước hết là các tiêu chí bị mất điểm hai năm liên tiếp)" if len(r.history.repeated) else ""
    if r.rated_low:
        return (f"Đơn vị xếp loại {_t(r.unit['xep_loai'])}: theo đề nghị tại {report}, người đứng đầu đơn vị giải "
                f"trình nguyên nhân, xây dựng kế hoạch khắc phục các hạn chế nêu tại Thông báo này{repeated}"
                f"{quarter}, gửi về {to} để tổng hợp, báo cáo UBND tỉnh.")
    return (f"Đề nghị đơn vị xây dựng kế hoạch khắc phục các tiêu chí bị mất điểm nêu tại Thông báo này{repeated}; "
            f"báo cáo kết quả khắc phục về {to}{by} để tổng hợp, báo cáo UBND tỉnh.")
