"""The national PAR INDEX report: ranks, places, region rank and lost points against values
computed here straight from the sample's quoc-gia/ workbooks (openpyxl, plain loops), for
2022, 2023 and the reformed 2025 (34 provinces, seven areas)."""
from __future__ import annotations

import shutil
from collections import defaultdict

import pytest
from conftest import (
    ROOT,
    html_tables,
    pdf_text,
    run_cli,
    vn_change,
    vn_percent,
    vn_number,
    vn_places,
    vn_points,
)
import pandas as pd
from openpyxl import load_workbook

from pipeline.ingest import build_if_stale
from pipeline.build.year import build_year
from pipeline.config import Settings
from pipeline.contract import national_report_stem
from pipeline.ingest.national import read_national
from pipeline.report.national import analysis as national

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line


def rows_of(path):
    ws = load_workbook(path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def independent(year: int, province: str = "Vĩnh Long") -> dict:
    base = ROOT / "data" / "raw" / str(year) / "quoc-gia"
    table = rows_of(base / "chi-so-cac-tinh.xlsx")

    def rank_in(rows, name):
        me = next(r for r in rows if r["tinh"] == name)
        return 1 + sum(r["chi_so"] > me["chi_so"] for r in rows), len(rows), me

    now = [r for r in table if r["nam"] == year]
    rank, n, me = rank_in(now, province)
    region = [r for r in now if r["vung"] == me["vung"]]
    region_rank, region_size, _ = rank_in(region, province)
    before = [r for r in table if r["nam"] == max(x["nam"] for x in table if x["nam"] < year)]
    prev_rank, prev_n, prev = rank_in(before, province)
    detail = rows_of(base / "chi-tiet-tinh.xlsx")
    codes = {str(r["ma"]) for r in detail}
    lost = defaultdict(float)
    lost_items = {}
    for r in detail:
        code = str(r["ma"])
        if any(c.startswith(code + ".") for c in codes):
            continue  # not a leaf
        if r["diem_toi_da"] - r["diem_dat"] > 1e-9:
            lost[r["co_quan_chu_tri"]] += r["diem_toi_da"] - r["diem_dat"]
            lost_items[code] = r
    return {"rank": rank, "n": n, "index": me["chi_so"], "region_rank": region_rank, "region_size": region_size,
            "prev_rank": prev_rank, "prev_n": prev_n, "prev_index": prev["chi_so"], "mean": sum(r["chi_so"] for r in now) / n,
            "lost": dict(lost), "lost_items": lost_items, "n_areas": len(rows_of(base / "linh-vuc.xlsx"))}


def code_key(code: str) -> tuple:
    return tuple(int(p) for p in code.split("."))


def independent_areas(year: int, province: str = "Vĩnh Long") -> list[dict]:
    """Per area, with plain loops: points, rank (1 + provinces above), best provinces (all at the top), mean, and
    last year's points and rank when last year's row holds the same areas (they add up to its index)."""
    base = ROOT / "data" / "raw" / str(year) / "quoc-gia"
    table = rows_of(base / "chi-so-cac-tinh.xlsx")
    areas = rows_of(base / "linh-vuc.xlsx")
    now = [r for r in table if r["nam"] == year]
    before = [r for r in table if r["nam"] == year - 1]
    mine_before = [r for r in before if r["tinh"] == province]
    same_areas = bool(mine_before) and abs(sum(mine_before[0][f"lv_{k}"] or 0 for k in range(1, len(areas) + 1))
                                           - mine_before[0]["chi_so"]) <= 0.01 + 1e-6
    out = []
    for k, area in enumerate(sorted(areas, key=lambda a: int(a["ma"])), start=1):
        col = f"lv_{k}"
        mine = next(r[col] for r in now if r["tinh"] == province)
        top = max(r[col] for r in now)
        item = {"ten": area["ten"], "max": area["diem_toi_da"], "diem": mine,
                "rank": 1 + sum(r[col] > mine + 1e-9 for r in now), "mean": sum(r[col] for r in now) / len(now),
                "best": sorted(r["tinh"] for r in now if abs(r[col] - top) < 1e-9), "prev": None, "prev_rank": None}
        if same_areas:
            old = mine_before[0][col]
            item["prev"] = old
            if len(before) == len(now):
                item["prev_rank"] = 1 + sum(r[col] > old + 1e-9 for r in before)
        out.append(item)
    return out


def independent_region(year: int, province: str = "Vĩnh Long") -> list[dict]:
    """The province's region, with plain loops: national and regional ranks, in regional rank order."""
    table = rows_of(ROOT / "data" / "raw" / str(year) / "quoc-gia" / "chi-so-cac-tinh.xlsx")
    now = [r for r in table if r["nam"] == year]
    region = next(r["vung"] for r in now if r["tinh"] == province)
    mates = [r for r in now if r["vung"] == region]
    rows = [{"tinh": r["tinh"], "chi_so": r["chi_so"], "xep_hang": 1 + sum(o["chi_so"] > r["chi_so"] for o in now),
             "hang_vung": 1 + sum(o["chi_so"] > r["chi_so"] for o in mates)} for r in mates]
    return sorted(rows, key=lambda r: (r["hang_vung"], r["tinh"]))


@pytest.mark.parametrize("year", [2022, 2023, 2025])
def test_areas_region_and_tasks_against_plain_loops(year):
    data = read_national(ROOT / "data" / "raw" / str(year), year, "Vĩnh Long")
    comparable = national.areas_comparable(data.provinces, year, "Vĩnh Long", len(data.areas))
    got = national.area_results(data.provinces, data.areas, year, "Vĩnh Long", comparable)
    want = independent_areas(year)
    assert comparable == (want[0]["prev"] is not None) == (year != 2025)  # 2025: seven areas where 2024 had eight
    for (_, g), w in zip(got.iterrows(), want):
        assert (g["ten"], g["xep_hang"], g["tinh_cao_nhat"]) == (w["ten"], w["rank"], ", ".join(w["best"]))
        assert g["diem"] == pytest.approx(w["diem"]) and g["trung_binh"] == pytest.approx(w["mean"])
        if w["prev"] is None:
            assert pd.isna(g["thay_doi"]) and pd.isna(g["bac"])
        else:
            assert g["thay_doi"] == pytest.approx(w["diem"] - w["prev"]) and g["bac"] == w["prev_rank"] - w["rank"]
    region = national.region_table(data.provinces, year, "Vĩnh Long")
    assert region[["tinh", "xep_hang", "hang_vung"]].to_dict("records") == [
        {k: r[k] for k in ("tinh", "xep_hang", "hang_vung")} for r in independent_region(year)]
    # Tasks: agencies by points lost (the Sở Nội vụ last, it does its part itself), items by points lost, then code.
    lost_items = independent(year)["lost_items"]
    totals = defaultdict(float)
    for r in lost_items.values():
        totals[r["co_quan_chu_tri"]] += r["diem_toi_da"] - r["diem_dat"]
    agencies = sorted((a for a in totals if a != "Sở Nội vụ"), key=lambda a: (-round(totals[a], 6), a))
    agencies += [a for a in totals if a == "Sở Nội vụ"]
    order = []
    for a in agencies:
        mine = [(round(r["diem_toi_da"] - r["diem_dat"], 6), c) for c, r in lost_items.items() if r["co_quan_chu_tri"] == a]
        order += [c for _, c in sorted(mine, key=lambda m: (-m[0], code_key(m[1])))]
    tasks = national.tasks(national.lost_points(data.detail), 0.1, "Sở Nội vụ")
    assert tasks["ma"].tolist() == order
    assert tasks.set_index("ma")["nho"].to_dict() == {
        c: r["diem_toi_da"] - r["diem_dat"] < 0.1 - 1e-9 for c, r in lost_items.items()}


def test_2025_trend_chart_never_joins_a_rank_of_63_to_one_of_34(tmp_path):
    from pipeline.report.national import charts, context

    # The national report reads the processed tables: built from a copy of raw/2025 (a fresh clone has none).
    shutil.copytree(ROOT / "data" / "raw" / "2025", tmp_path / "raw" / "2025")
    settings = Settings(2025, tmp_path)
    build_if_stale(settings)
    r = context.national_report(settings)
    chart = charts.trend(r.trend, r.segments, "t", "c")
    # Every year of the file is drawn once; each line holds one number of provinces.
    table = rows_of(ROOT / "data" / "raw" / "2025" / "quoc-gia" / "chi-so-cac-tinh.xlsx")
    drawn = [p for line in chart.plotted for p in line]
    want = []
    for year in sorted({row["nam"] for row in table}):
        rows = [row for row in table if row["nam"] == year]
        me = next(row for row in rows if row["tinh"] == "Vĩnh Long")
        want.append((year, 1 + sum(row["chi_so"] > me["chi_so"] for row in rows), len(rows)))
    assert drawn == want
    assert all(len({n for _, _, n in line}) == 1 for line in chart.plotted)
    assert [[y for y, _, _ in line] for line in chart.plotted] == [[2021, 2022, 2023, 2024], [2025]]


@pytest.mark.parametrize("year", [2022, 2023, 2025])
def test_headline_against_independent_values(year):
    data = read_national(ROOT / "data" / "raw" / str(year), year, "Vĩnh Long")
    h = national.headline(data.provinces, year, "Vĩnh Long")
    want = independent(year)
    assert (h.rank, h.n_provinces, h.region_rank, h.region_size) == (want["rank"], want["n"], want["region_rank"],
                                                                     want["region_size"])
    assert h.index == pytest.approx(want["index"]) and h.national_mean == pytest.approx(want["mean"])
    assert h.previous_rank == want["prev_rank"] and h.change_points == pytest.approx(want["index"] - want["prev_index"])
    if want["n"] == want["prev_n"]:
        assert h.places_gained == want["prev_rank"] - want["rank"]
    else:
        assert h.places_gained is None  # 63 → 34 provinces: places are not comparable
    lost = national.lost_by_agency(national.lost_points(data.detail)).set_index("co_quan_chu_tri")["diem_mat"]
    assert lost.to_dict() == pytest.approx(want["lost"])
    assert len(data.areas) == want["n_areas"]


def test_published_figures_of_2022():
    """Vĩnh Long 2022: 83,54%, 46th of 63, up 12 places and 0,72 points, 8th of 13 in the Mekong Delta
    (Báo cáo 196/BC-SNV, press); national means 84,79% (2022), 86,98% (2023), 88,37% (2024)."""
    data = read_national(ROOT / "data" / "raw" / "2022", 2022, "Vĩnh Long")
    h = national.headline(data.provinces, 2022, "Vĩnh Long")
    assert (h.index, h.rank, h.n_provinces, h.places_gained) == (83.54, 46, 63, 12)
    assert (h.region, h.region_rank, h.region_size) == ("Đồng bằng sông Cửu Long", 8, 13)
    assert round(h.change_points, 2) == 0.72 and h.previous_index == 82.82
    assert h.national_mean == pytest.approx(84.79)
    table = rows_of(ROOT / "data" / "raw" / "2025" / "quoc-gia" / "chi-so-cac-tinh.xlsx")
    for year, mean in ((2022, 84.79), (2023, 86.98), (2024, 88.37)):
        values = [r["chi_so"] for r in table if r["nam"] == year]
        assert round(sum(values) / len(values), 2) == mean, year


def test_2025_names_only_agencies_that_exist_after_the_mergers():
    """From 1/3/2025 Sở TT&TT is in Sở KH&CN, Sở KH&ĐT in Sở Tài chính, Sở LĐ-TB&XH in Sở Nội vụ."""
    gone = {"Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Lao động - Thương binh và Xã hội"}
    leads = {r["co_quan_chu_tri"] for r in rows_of(ROOT / "data" / "raw" / "2025" / "quoc-gia" / "chi-tiet-tinh.xlsx")}
    assert not leads & gone and "Sở Khoa học và Công nghệ" in leads
    leads_2023 = {r["co_quan_chu_tri"] for r in rows_of(ROOT / "data" / "raw" / "2023" / "quoc-gia" /
                                                          "chi-tiet-tinh.xlsx")}
    assert "Sở Thông tin và Truyền thông" in leads_2023 and "Sở Khoa học và Công nghệ" not in leads_2023


def test_2023_report_prints_the_numbers(built_2023):
    want = independent(2023)
    out = built_2023.report_dir
    text = pdf_text(out / f"{national_report_stem(2023)}.pdf")
    assert f"đạt {vn_percent(want['index'])}, xếp thứ {want['rank']}/{want['n']}" in text
    assert f"xếp thứ {want['region_rank']}/{want['region_size']}" in text
    places = want["prev_rank"] - want["rank"]
    assert vn_places(places) in text and vn_change(want["index"] - want["prev_index"]) in text
    page = (out / f"{national_report_stem(2023)}.html").read_text(encoding="utf-8")
    by_agency = next(t for t in html_tables(page) if "Điểm bị mất theo cơ quan chủ trì" in t["caption"])
    printed = {r[0]: r[2] for r in by_agency["rows"]}
    assert printed == {a: vn_number(v) for a, v in want["lost"].items()}  # two decimals in a points column
    texts = {str(r["ma"]): r["noi_dung"] for r in rows_of(ROOT / "data" / "raw" / "2023" / "quoc-gia" /
                                                          "chi-tiet-tinh.xlsx")}
    for code, r in want["lost_items"].items():  # "đạt x/y điểm, bị trừ z điểm" for every lost criterion, by name
        line = f"{r['noi_dung']} (tiêu chí {texts[code.rsplit('.', 1)[0]]}): đạt {vn_points(r['diem_dat'])}/" \
               f"{vn_points(r['diem_toi_da'])} điểm, bị trừ {vn_points(r['diem_toi_da'] - r['diem_dat'])} điểm"
        assert line in page, code
    # Per area: the change against 2022 in points and places, as the plain loops find it.
    for a in independent_areas(2023):
        assert (f"{a['ten']}: đạt {vn_points(a['diem'])}/{vn_points(a['max'])} điểm" in page
                and f"so với năm 2022 {vn_change(a['diem'] - a['prev'])}, {vn_places(a['prev_rank'] - a['rank'])}"
                in page), a["ten"]
    # The region's rank and its change: 8/13 in 2022 (published) → this year's.
    region = independent_region(2023)
    me = next(r for r in region if r["tinh"] == "Vĩnh Long")
    assert f"xếp thứ {me['hang_vung']}/13 (năm 2022: 8/13, {vn_places(8 - me['hang_vung'])})" in text
    table = next(t for t in html_tables(page) if "các tỉnh, thành phố vùng" in t["caption"])
    assert [(r[0], r[1], r[3]) for r in table["rows"]] == [
        (str(r["hang_vung"]), r["tinh"], f"{r['xep_hang']}/63") for r in region]
    # The Sở Nội vụ's own tasks come last and never send a report to itself.
    own = page[page.rindex("Sở Nội vụ (cơ quan thường trực"):page.index("Nơi nhận")]
    assert "về Sở Nội vụ" not in own and "báo cáo kết quả" not in own


def test_reformed_year_builds_with_34_provinces_and_seven_areas(tmp_path):
    shutil.copytree(ROOT / "data" / "raw" / "2025", tmp_path / "data" / "raw" / "2025")
    settings = Settings(2025, tmp_path / "data", tmp_path / "output")
    result = build_year(settings, workers=1, progress=False)
    assert not result.failed
    want = independent(2025)
    text = pdf_text(settings.report_dir / f"{national_report_stem(2025)}.pdf")
    assert f"xếp thứ {want['rank']}/34" in text and "không so sánh trực tiếp được" in text
    # The trend says where it breaks and that the years before are the former province's.
    assert "thứ hạng năm 2025 không nối với thứ hạng năm 2024 trên biểu đồ" in text
    assert "số liệu các năm 2021–2024 là của tỉnh Vĩnh Long (cũ)" in text
    assert "bộ lĩnh vực đánh giá thay đổi so với năm 2024" in text
    # Agencies merged on 1/3/2025 are nowhere in the report.
    for gone in ("Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư", "Sở Lao động"):
        assert gone not in text
    page = (settings.report_dir / f"{national_report_stem(2025)}.html").read_text(encoding="utf-8")
    areas = next(t for t in html_tables(page) if "Điểm theo lĩnh vực năm" in t["caption"])
    assert [r[0] for r in areas["rows"]] == [str(i) for i in range(1, 8)]
    assert not (settings.report_dir / "don-vi").exists()  # a national-only year has no unit reports
    book = load_workbook(settings.report_dir / "phu-luc-par-index-2025.xlsx")
    ws = book["Theo cơ quan"]
    got = {r[0]: r[2] for r in ws.iter_rows(min_row=4, values_only=True)}
    assert got == pytest.approx(want["lost"])


def test_bad_national_file_is_reported_with_its_cell(tmp_path):
    from openpyxl import load_workbook as open_book

    raw = tmp_path / "data" / "raw" / "2025"
    shutil.copytree(ROOT / "data" / "raw" / "2025", raw)
    path = raw / "quoc-gia" / "chi-so-cac-tinh.xlsx"
    book = open_book(path)
    book.active["D5"] = "tám mươi"
    book.save(path)
    result = run_cli("report", "--year", "2025", "--data-dir", str(tmp_path / "data"), "--output-dir",
                     str(tmp_path / "output"))
    assert result.returncode == 2
    assert "quoc-gia/chi-so-cac-tinh.xlsx:chi-so!D5: NOT_A_NUMBER" in result.stderr
    assert not (tmp_path / "output" / "2025").exists()


def test_2023_tasks_print_the_catalogue_as_given_and_defaults_that_differ(built_2023):
    """quoc-gia/nhiem-vu.csv of 2023 (read here with the csv module) is printed row by row as given; the other
    rows' tasks differ (no sentence on more than a third of the rows) and survey rows ask for no evidence."""
    import csv
    import re

    page = (built_2023.report_dir / f"{national_report_stem(2023)}.html").read_text(encoding="utf-8")
    tables = [t for t in html_tables(page) if t["caption"].startswith("Bảng") and "Nhiệm vụ của" in t["caption"]]
    rows = [dict(zip(t["head"], r)) for t in tables for r in t["rows"]]
    with open(ROOT / "data" / "raw" / "2023" / "quoc-gia" / "nhiem-vu.csv", encoding="utf-8") as f:
        catalogue = list(csv.DictReader(f))
    detail = rows_of(ROOT / "data" / "raw" / "2023" / "quoc-gia" / "chi-tiet-tinh.xlsx")
    lost = independent(2023)["lost_items"]
    for entry in catalogue:  # each lost component under the catalogue's code gets the row as written
        covered = [c for c in lost if c == entry["ma"] or c.startswith(entry["ma"] + ".")]
        assert covered, entry["ma"]
        for code in covered:
            row = next(r for r in rows if r["Nội dung bị trừ điểm"].startswith(lost[code]["noi_dung"] + " (tiêu chí"))
            assert row["Nhiệm vụ, chỉ tiêu"] == f"{entry['nhiem_vu']}. Chỉ tiêu: {entry['chi_tieu']}."
            assert row["Cơ quan phối hợp"] == entry["co_quan_phoi_hop"]
    texts = [re.sub(r"“[^”]*”", "“…”", r["Nhiệm vụ, chỉ tiêu"].split(" Chỉ tiêu:")[0]) for r in rows]
    assert len(rows) >= 18 and max(texts.count(t) for t in texts) <= len(rows) / 3
    survey = {r["noi_dung"] for r in detail if r["phuong_thuc"] == "XHH"}
    catalogued = {lost[c]["noi_dung"] for c in lost for e in catalogue if c == e["ma"] or c.startswith(e["ma"] + ".")}
    for r in rows:
        name = r["Nội dung bị trừ điểm"].split(" (tiêu chí")[0]
        if name in survey and name not in catalogued:
            assert "kiểm chứng" not in r["Nhiệm vụ, chỉ tiêu"], name


def test_2023_names_the_criteria_lost_in_2022_and_2023(built_2023):
    """The repeated criteria recomputed from both years' chi-tiet-tinh.xlsx (openpyxl, plain loops): same code and
    text, a leaf below its maximum in both; the table holds those losing at least 0.1 (dataset.yml small_items) in
    both years, most lost in 2023 first; the others are named in the line under it."""
    def losses(year):
        rows = rows_of(ROOT / "data" / "raw" / str(year) / "quoc-gia" / "chi-tiet-tinh.xlsx")
        codes = {str(r["ma"]) for r in rows}
        return {str(r["ma"]): (r["noi_dung"], round(r["diem_toi_da"] - r["diem_dat"], 6)) for r in rows
                if not any(c.startswith(str(r["ma"]) + ".") for c in codes) and r["diem_toi_da"] - r["diem_dat"] > 1e-9}

    now, before = losses(2023), losses(2022)
    both = {c: (now[c][0], before[c][1], now[c][1]) for c in now if c in before and before[c][0] == now[c][0]}
    big = sorted(((c, v) for c, v in both.items() if v[1] >= 0.1 - 1e-9 and v[2] >= 0.1 - 1e-9),
                 key=lambda cv: (-cv[1][2], code_key(cv[0])))
    page = (built_2023.report_dir / f"{national_report_stem(2023)}.html").read_text(encoding="utf-8")
    table = next(t for t in html_tables(page) if "Các nội dung bị trừ điểm cả hai năm 2022 và 2023" in t["caption"])
    assert [(r[1].split(" (tiêu chí")[0], r[4], r[5]) for r in table["rows"]] == [
        (name, vn_number(b), vn_number(n)) for _, (name, b, n) in big]
    text = pdf_text(built_2023.report_dir / f"{national_report_stem(2023)}.pdf")
    assert (f"Trong {len(now)} tiêu chí, tiêu chí thành phần bị trừ điểm năm 2023, có {len(both)} nội dung đã bị trừ "
            f"điểm năm 2022, tổng cộng {vn_points(sum(v[2] for v in both.values()))} điểm năm 2023") in text
    assert f"{len(big)} nội dung bị trừ từ 0,1 điểm trở lên trong cả hai năm" in text
    rest = page[page.index(f"Ngoài ra, {len(both) - len(big)} nội dung bị trừ điểm cả hai năm 2022 và 2023"):]
    rest = rest[:rest.index("</p>")]
    for code, (name, b, n) in both.items():
        if (code, (name, b, n)) not in big:
            assert f"“{name}”" in rest, code
    assert f"{len(both)} tiêu chí, tiêu chí thành phần bị trừ điểm hai năm liên tiếp (2022 và 2023)" in text


def test_bad_task_catalogue_is_refused_with_its_cells(tmp_path):
    raw = tmp_path / "data" / "raw" / "2025"
    shutil.copytree(ROOT / "data" / "raw" / "2025", raw)
    (raw / "quoc-gia" / "nhiem-vu.csv").write_text("ma,nhiem_vu\n1.1,\n9.9,Không có tiêu chí này\n", encoding="utf-8")
    result = run_cli("report", "--year", "2025", "--data-dir", str(tmp_path / "data"), "--output-dir",
                     str(tmp_path / "output"))
    assert result.returncode == 2
    assert "quoc-gia/nhiem-vu.csv:nhiem-vu!B2: VALUE_MISSING" in result.stderr
    assert "quoc-gia/nhiem-vu.csv:nhiem-vu!A3: UNKNOWN_CODE" in result.stderr
    assert not (tmp_path / "output" / "2025").exists() and not (tmp_path / "data" / "processed" / "2025").exists()
