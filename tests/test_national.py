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
    vn_places,
    vn_points,
)
from openpyxl import load_workbook

from pipeline.build.year import build_year
from pipeline.config import Settings
from pipeline.contract import national_report_stem
from pipeline.ingest.national import read_national
from pipeline.report.national import analysis as national


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
    assert printed == {a: vn_points(v) for a, v in want["lost"].items()}
    for code, r in want["lost_items"].items():  # "đạt x/y điểm, bị trừ z điểm" for every lost criterion
        line = f"{code} {r['noi_dung']}: đạt {vn_points(r['diem_dat'])}/{vn_points(r['diem_toi_da'])} điểm, " \
               f"bị trừ {vn_points(r['diem_toi_da'] - r['diem_dat'])} điểm"
        assert line in page, code


def test_reformed_year_builds_with_34_provinces_and_seven_areas(tmp_path):
    shutil.copytree(ROOT / "data" / "raw" / "2025", tmp_path / "data" / "raw" / "2025")
    settings = Settings(2025, tmp_path / "data", tmp_path / "output")
    result = build_year(settings, workers=1, progress=False)
    assert not result.failed
    want = independent(2025)
    text = pdf_text(settings.report_dir / f"{national_report_stem(2025)}.pdf")
    assert f"xếp thứ {want['rank']}/34" in text and "không so sánh trực tiếp được" in text
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
