"""The sample's national PAR INDEX (contract §8): every province's index and areas, the province's detail."""
from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from pipeline import contract as config
from . import catalogue as cat
from .books import new_book, split_points


# Published figures the sample keeps exactly, over catalogue.py's (which the units sample shares).
# Vĩnh Long 2022 (Báo cáo 196/BC-SNV, press): 83,54%, 46/63, up 12 places and 0,72 points on 2021
# (so 82,82% and 58/63 in 2021), 8/13 in the Mekong Delta.
PUBLISHED_INDEX = {2021: (82.82, 58), 2022: (83.54, 46), 2023: (None, None)}  # year → (index %, rank)
PUBLISHED_REGION_RANK = {2022: 8}
PUBLISHED_MEANS = {2022: 84.79, 2023: 86.98, 2024: 88.37}  # domain.md
# Sample values, not published: a 2021 mean above Vĩnh Long's 82,82% (58th of 63 needs most provinces above
# it) and a 2025 mean after the reform.
SAMPLE_MEANS = {2021: 85.1, 2025: 88.4}

# Leading agencies. A criterion's lead is its area's (catalogue.AREAS) unless named here; survey (XHH)
# criteria are led by the Sở Nội vụ, which runs the survey with the Ministry.
CRITERION_LEADS = {
    "Giải ngân vốn đầu tư công": "Sở Kế hoạch và Đầu tư",
    "Thu hút đầu tư, phát triển doanh nghiệp": "Sở Kế hoạch và Đầu tư",
}
SURVEY_LEAD = "Sở Nội vụ"
# From 1/3/2025 the merged departments lead what their predecessors led (the 2025 index is of the new structure).
MERGED_AGENCIES = (2025, {
    "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ",
    "Sở Kế hoạch và Đầu tư": "Sở Tài chính",
    "Sở Lao động - Thương binh và Xã hội": "Sở Nội vụ",
})
# The 2025 province was formed by merging these (its earlier years are those of the former Vĩnh Long).
MERGED_PROVINCE = (2025, ["Vĩnh Long", "Bến Tre", "Trà Vinh"])
# Tasks of the national report: deadline per year (dataset.yml national_report); 2022 keeps the defaults.
TASK_DEADLINES = {2023: "2024-10-31", 2025: "2026-10-31"}
# The Ministry's appraisal notes (chi-tiet-tinh.xlsx `ghi_chu`) on appraised components that lost at least
# NOTE_FROM points: what it found missing. Other components carry none, as in the published results.
NOTE_FROM = 0.2
APPRAISAL_NOTES = {
    "Tỷ lệ đơn vị được kiểm tra": "Số cơ quan, đơn vị được kiểm tra trong năm chưa đạt tỷ lệ tối thiểu của Bộ Chỉ số",
    "Công khai đầy đủ, đúng quy định": "Một số thủ tục hành chính chưa được công khai tại Bộ phận Một cửa cấp xã",
    "Xử lý phản ánh, kiến nghị đúng hạn": "Còn phản ánh, kiến nghị xử lý quá hạn trên Hệ thống tiếp nhận",
    "Chấp hành kỷ luật, kỷ cương": "Chưa có kết luận kiểm tra công vụ; có công chức bị xử lý kỷ luật trong năm",
    "Thực hiện quy định về cơ cấu tổ chức": "Một số cơ quan chưa sắp xếp phòng chuyên môn theo đúng tiêu chí",
    "Thực hành tiết kiệm, chống lãng phí": "Không có báo cáo kết quả thực hành tiết kiệm, chống lãng phí năm",
    "Tự chủ tài chính của đơn vị sự nghiệp": "Số đơn vị sự nghiệp tự bảo đảm chi thường xuyên chưa đạt kế hoạch",
    "Thực hiện kế hoạch xây dựng văn bản": "Một số văn bản quy phạm pháp luật ban hành chậm so với kế hoạch",
}
# The province's own task catalogue (quoc-gia/nhiem-vu.csv), given for one year so that the report shows both
# the catalogue's tasks and the defaults: (code, task, target, lead, coordinating agencies). 1.3 is a criterion:
# its row is the task of both its components.
TASK_CATALOGUE = {2023: [
    ("1.3", "Ban hành kế hoạch kiểm tra cải cách hành chính trước ngày 31/01/2024; kiểm tra ít nhất 30% cơ quan "
            "cấp tỉnh, cấp huyện và 10% UBND cấp xã; ban hành kết luận và theo dõi khắc phục sau kiểm tra",
     "Kiểm tra tối thiểu 30% cơ quan cấp tỉnh, cấp huyện; 100% vấn đề phát hiện được xử lý", "",
     "Văn phòng UBND tỉnh"),
    ("3.1.1", "Rà soát, công khai 100% thủ tục hành chính của ba cấp trên Cổng dịch vụ công và tại Bộ phận Một "
              "cửa; kiểm tra đột xuất việc niêm yết tại UBND cấp xã", "100% thủ tục hành chính được công khai "
                                                                   "đúng quy định", "",
     "Các sở, ban, ngành; UBND cấp huyện"),
    ("6.3.2", "Ban hành Chương trình thực hành tiết kiệm, chống lãng phí năm 2024 trước ngày 31/3/2024; báo cáo "
              "kết quả 6 tháng và năm kèm tài liệu kiểm chứng", "Chương trình ban hành đúng hạn; 2/2 báo cáo gửi "
                                                               "đúng hạn", "", "Các sở, ban, ngành; UBND cấp huyện"),
    ("8.1.1", "Mở chuyên mục hỏi - đáp chính sách, pháp luật trên Cổng thông tin điện tử tỉnh; phát sóng chuyên đề "
              "cải cách hành chính hằng tháng trên Đài Phát thanh và Truyền hình tỉnh", "100% chính sách mới được "
                                                                                      "giới thiệu trong 5 ngày "
                                                                                      "làm việc",
     "", "Sở Thông tin và Truyền thông; Đài Phát thanh và Truyền hình tỉnh"),
]}


def lead_agency(agency: str, year: int) -> str:
    """The agency that exists in the year: a department merged on 1/3/2025 is named by its successor."""
    since, successors = MERGED_AGENCIES
    return successors.get(agency, agency) if year >= since else agency


def provinces(year: int = 2023) -> list[tuple[str, str]]:
    regions = cat.REGIONS_2025 if year >= 2025 else cat.REGIONS
    return [(p, region) for region, names in regions.items() for p in names]


def national_areas(year: int) -> list[tuple[str, float, list[str]]]:
    """(name, maximum, codes of cat.AREAS whose criteria it holds) of the national index of a year."""
    if year >= 2025:
        return cat.NATIONAL_AREAS_2025
    return [(name, m, [code]) for (name, m), code in zip(cat.NATIONAL_AREAS, cat.AREAS)]


def national_indices(year: int) -> dict[str, float]:
    """Index % of every province in a year, keeping Vĩnh Long's published index and rank
    and the published national mean (to the cent)."""
    rng = random.Random(f"national:{year}")
    names = [p for p, _ in provinces(year)]
    mean = PUBLISHED_MEANS.get(year) or SAMPLE_MEANS.get(year) or 81.5 + (year - 2021) * 2.5
    target_index, target_rank = PUBLISHED_INDEX.get(year, (None, None))
    vl = target_index if target_index is not None else round(mean + rng.gauss(-0.6, 0.8), 2)
    others = sorted((min(95.0, max(72.0, rng.gauss(mean, 3.0))) for _ in names[1:]), reverse=True)
    rank = target_rank or 1 + sum(v > vl for v in others)
    above = [max(v, vl + rng.uniform(0.02, 0.4)) for v in others[: rank - 1]]
    below = [min(v, vl - rng.uniform(0.02, 0.4)) for v in others[rank - 1:]]
    # Move the group that has room so the mean matches; no province crosses Vĩnh Long.
    gap = mean * len(names) - (sum(above) + vl + sum(below))
    if gap > 0 and above:
        above = [min(97.5, v + gap / len(above)) for v in above]
    elif gap < 0 and below:
        below = [max(60.0, v + gap / len(below)) for v in below]
    values = [round(v, 2) for v in above + below]
    fix = round(mean * len(names) - sum(values) - vl, 2)  # rounding cents go to the top province
    values[0] = round(values[0] + fix, 2)
    rest = [p for p in names if p != "Vĩnh Long"]
    rng.shuffle(rest)
    if year in PUBLISHED_REGION_RANK:  # exactly rank - 1 provinces of Vĩnh Long's region above it
        region = dict(provinces(year))
        peers = [p for p in rest if region[p] == region["Vĩnh Long"]]
        others = [p for p in rest if region[p] != region["Vĩnh Long"]]
        k = PUBLISHED_REGION_RANK[year] - 1
        rest = peers[:k] + others[:rank - 1 - k] + peers[k:] + others[rank - 1 - k:]
    result = dict(zip(rest, values))
    result["Vĩnh Long"] = vl
    return result


def national_area_points(index: float, rng: random.Random, year: int = 2023) -> list[float]:
    """Points per national area that add up exactly to the index."""
    maxima = [m for _, m, _ in national_areas(year)]
    shares = [m * min(1.0, max(0.4, index / 100 + rng.gauss(0, 0.04))) for m in maxima]
    scale = index / sum(shares)
    points = [round(min(m, s * scale), 2) for s, m in zip(shares, maxima)]
    diff = round(index - sum(points), 2)
    for i in sorted(range(len(points)), key=lambda k: maxima[k] - points[k], reverse=diff < 0):
        room = maxima[i] - points[i] if diff > 0 else points[i]
        step = max(-room, min(room, diff)) if diff < 0 else min(room, diff)
        points[i] = round(points[i] + step, 2)
        diff = round(diff - step, 2)
        if abs(diff) < 0.005:
            break
    return points


def national_detail(area_points: list[float], year: int) -> list[dict]:
    """The province's own criteria tree with points that add up to its area points."""
    rng = random.Random(f"detail:{year}")
    rows = []
    for number, ((area_name, area_max, sources), got) in enumerate(zip(national_areas(year), area_points), start=1):
        code = str(number)
        agency = lead_agency(cat.AREAS[sources[0]][1], year)
        criteria = [(c, lead_agency(cat.AREAS[source][1], year)) for source in sources for c in cat.AREAS[source][2]]
        rows.append({"ma": code, "noi_dung": area_name, "diem_toi_da": area_max, "diem_dat": got,
                     "phuong_thuc": "", "co_quan_chu_tri": agency})
        comps = [(i, j, c) for i, ((_, cs), _) in enumerate(criteria, 1) for j, c in enumerate(cs, 1)]
        maxima = split_points(area_max, [w for _, _, (_, w, _) in comps])
        losses = spread_loss(round((area_max - got) * 100), [round(m * 100) for m in maxima], rng)
        by_criterion: dict[int, list[int]] = {}
        for k, (i, _, _) in enumerate(comps):
            by_criterion.setdefault(i, []).append(k)
        for i, ((text, _), criterion_lead) in enumerate(criteria, 1):
            ks = by_criterion[i]
            rows.append({"ma": f"{code}.{i}", "noi_dung": text, "diem_toi_da": round(sum(maxima[k] for k in ks), 2),
                         "diem_dat": round(sum(maxima[k] - losses[k] for k in ks), 2), "phuong_thuc": "",
                         "co_quan_chu_tri": criterion_lead})
            for k in ks:
                _, j, (comp_text, _, method) = comps[k]
                lead = (lead_agency(CRITERION_LEADS.get(comp_text, criterion_lead), year) if method == "TĐ"
                        else SURVEY_LEAD)
                note = APPRAISAL_NOTES.get(comp_text, "") if method == "TĐ" and losses[k] >= NOTE_FROM else ""
                rows.append({"ma": f"{code}.{i}.{j}", "noi_dung": comp_text, "diem_toi_da": maxima[k],
                             "diem_dat": round(maxima[k] - losses[k], 2), "phuong_thuc": method,
                             "co_quan_chu_tri": lead, "ghi_chu": note})
    return rows


def spread_loss(lost: int, rooms: list[int], rng: random.Random) -> list[float]:
    """Spread lost points (in cents) over components without exceeding any one's maximum."""
    losses = [0] * len(rooms)
    order = list(range(len(rooms)))
    rng.shuffle(order)
    for k in order:  # first pass: a random share each, so several components lose a little
        take = min(rooms[k], int(lost * rng.uniform(0.2, 0.7)))
        losses[k] += take
        lost -= take
    for k in order:  # then the rest wherever there is room
        take = min(rooms[k] - losses[k], lost)
        losses[k] += take
        lost -= take
    return [x / 100 for x in losses]


def write_national(directory: Path, year: int, first_year: int = 2021) -> None:
    """quoc-gia/: every province's index and area points for first_year … year, the province's detail."""
    directory.mkdir(parents=True, exist_ok=True)
    book = new_book(directory / config.NATIONAL_PROVINCES_FILE)
    ws = book.add_worksheet("chi-so")
    width = max(len(national_areas(y)) for y in range(first_year, year + 1))
    ws.write_row(0, 0, ["nam", "tinh", "vung", "chi_so"] + [f"lv_{i}" for i in range(1, width + 1)])
    r = 1
    own_points: list[float] = []
    for y in range(first_year, year + 1):
        indices = national_indices(y)
        rng = random.Random(f"areas:{y}")
        for name, region in provinces(y):
            points = national_area_points(indices[name], rng, y)
            ws.write_row(r, 0, [y, name, region, round(sum(points), 2), *points])
            if y == year and name == "Vĩnh Long":
                own_points = points
            r += 1
    book.close()
    book = new_book(directory / config.NATIONAL_AREAS_FILE)
    ws = book.add_worksheet("linh-vuc")
    ws.write_row(0, 0, ["ma", "ten", "diem_toi_da"])
    for i, (name, m, _) in enumerate(national_areas(year), start=1):
        ws.write_row(i, 0, [str(i), name, m])
    book.close()
    book = new_book(directory / config.NATIONAL_DETAIL_FILE)
    ws = book.add_worksheet("chi-tiet")
    columns = ["ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri", "ghi_chu"]
    ws.write_row(0, 0, columns)
    for i, row in enumerate(national_detail(own_points, year), start=1):
        ws.write_row(i, 0, [row.get(c, "") for c in columns])
    book.close()
    if year in TASK_CATALOGUE:
        write_catalogue(directory / config.NATIONAL_TASKS_FILES[0], TASK_CATALOGUE[year])


def write_catalogue(path: Path, rows: list[tuple[str, ...]]) -> None:
    """quoc-gia/nhiem-vu.csv: UTF-8, comma-separated, LF (the same bytes every run)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(config.NATIONAL_TASK_COLUMNS)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def dataset_keys(year: int) -> str:
    """The optional dataset.yml keys the national report reads (YAML text, appended to the sample's file)."""
    lines = []
    if year in TASK_DEADLINES:
        lines += [f"  deadline: {TASK_DEADLINES[year]}", "  small_items: 0.1"]
    merged_year, merged = MERGED_PROVINCE
    if year == merged_year:
        lines.append(f"  merged_from: [{', '.join(merged)}]")
    return "national_report:\n" + "".join(line + "\n" for line in lines) if lines else ""
