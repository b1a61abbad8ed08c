"""The sample's national PAR INDEX (contract §8): every province's index and areas, the province's detail."""
from __future__ import annotations

import random
from pathlib import Path

from .. import contract as config
from . import catalogue as cat
from .books import new_book, split_points


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
    mean = cat.NATIONAL_MEANS.get(year) or 81.5 + (year - 2021) * 2.5
    target_index, target_rank = cat.VINH_LONG_PUBLISHED.get(year, (None, None))
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
        agency = cat.AREAS[sources[0]][1]
        criteria = [c for source in sources for c in cat.AREAS[source][2]]
        rows.append({"ma": code, "noi_dung": area_name, "diem_toi_da": area_max, "diem_dat": got,
                     "phuong_thuc": "", "co_quan_chu_tri": agency})
        comps = [(i, j, c) for i, (_, cs) in enumerate(criteria, 1) for j, c in enumerate(cs, 1)]
        maxima = split_points(area_max, [w for _, _, (_, w, _) in comps])
        losses = spread_loss(round((area_max - got) * 100), [round(m * 100) for m in maxima], rng)
        by_criterion: dict[int, list[int]] = {}
        for k, (i, _, _) in enumerate(comps):
            by_criterion.setdefault(i, []).append(k)
        for i, (text, _) in enumerate(criteria, 1):
            ks = by_criterion[i]
            rows.append({"ma": f"{code}.{i}", "noi_dung": text, "diem_toi_da": round(sum(maxima[k] for k in ks), 2),
                         "diem_dat": round(sum(maxima[k] - losses[k] for k in ks), 2), "phuong_thuc": "",
                         "co_quan_chu_tri": agency})
            for k in ks:
                _, j, (comp_text, _, method) = comps[k]
                lead = agency if method == "TĐ" else "Sở Nội vụ"
                rows.append({"ma": f"{code}.{i}.{j}", "noi_dung": comp_text, "diem_toi_da": maxima[k],
                             "diem_dat": round(maxima[k] - losses[k], 2), "phuong_thuc": method,
                             "co_quan_chu_tri": lead})
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
    columns = ["ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri"]
    ws.write_row(0, 0, columns)
    for i, row in enumerate(national_detail(own_points, year), start=1):
        ws.write_row(i, 0, [row[c] for c in columns])
    book.close()


def dataset_keys(year: int) -> str:
    """The optional dataset.yml keys the national report reads (YAML text, appended to the sample's file)."""
    return ""
