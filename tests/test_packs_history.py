"""End to end: the packs per district and per appraising agency, from the session's build of the sample, against
numbers recomputed here with plain loops over diem.csv and tong-hop-don-vi.csv; each unit's history against
the processed tables of every year, on the sample (2022, 2023) and on a generated five-year set."""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import html_tables, vn_number

from pipeline.config import Settings
from pipeline.ingest import build_if_stale
from pipeline.report import context, history, packs
from tools.sample import generate_year

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def year_csv(settings: Settings):
    d = settings.processed_dir
    return rows(d / "tong-hop-don-vi.csv"), rows(d / "diem.csv"), rows(d / "bo-tieu-chi.csv")


@pytest.fixture(scope="module")
def built(built_2023):
    """The session's build of the sample (conftest): it holds the packs too, so they are not built again here."""
    return built_2023


def table(page: str, caption_start: str) -> dict:
    return next(t for t in html_tables(page) if t["caption"].strip().startswith(caption_start))


def losses(diem: list[dict], units: set[str]) -> dict[str, list[tuple[str, float]]]:
    """criterion code → [(unit, points lost)] over applicable non-deduction leaves of these units (plain loops)."""
    out = defaultdict(list)
    for r in diem:
        if r["ma_don_vi"] in units and r["ap_dung"] == "True" and r["loai"] != "diem_tru":
            out[r["ma"]].append((r["ma_don_vi"], round(float(r["diem_toi_da"]) - float(r["diem"]), 6)))
    return out


def test_district_packs_rank_communes_and_count_lost_criteria(built):
    tong_hop, diem, framework = year_csv(built)
    texts = {r["ma"]: r["noi_dung"] for r in framework if r["nhom"] == "xa"}
    methods = {r["ma"]: r["phuong_thuc"] for r in framework if r["nhom"] == "xa"}
    parents = sorted({r["don_vi_cap_tren"] for r in tong_hop if r["don_vi_cap_tren"]})
    assert len(parents) == 8
    for parent in parents:
        page = (built.report_dir / "goi-theo-doi" / "huyen" / f"{parent}.html").read_text(encoding="utf-8")
        communes = [r for r in tong_hop if r["don_vi_cap_tren"] == parent]
        ranked = table(page, "Bảng 1.")
        expected = []
        for r in sorted(communes, key=lambda r: (-round(float(r["chi_so"]), 6), r["ma_don_vi"])):
            rank = 1 + sum(1 for o in communes if round(float(o["chi_so"]), 6) > round(float(r["chi_so"]), 6))
            expected.append([str(rank), r["ten_don_vi"], vn_number(float(r["chi_so"])), r["xep_loai"]])
        assert [[x[0], x[1], x[5], x[6]] for x in ranked["rows"]] == expected, parent
        lost = losses(diem, {r["ma_don_vi"] for r in communes})
        often = table(page, "Bảng 4.")
        assert often["caption"].strip().endswith("Các tiêu chí thẩm định bị mất điểm ở nhiều đơn vị nhất")
        counts = {ma: sum(1 for _, m in v if m > 0) for ma, v in lost.items() if methods[ma] == "TĐ"}
        for name, _agency, n_lost, n_applies, total in often["rows"]:
            ma = next(m for m, t in texts.items() if t == name and methods[m] == "TĐ")
            assert n_lost == str(counts[ma]) and n_applies == str(len(lost[ma]))
            assert total == vn_number(sum(m for _, m in lost[ma] if m > 0))  # two decimals in a points column
        assert often["rows"][0][2] == str(max(counts.values()))  # the first is lost by the most communes


def test_agency_packs_list_every_unit_that_lost_points(built):
    tong_hop, diem, framework = year_csv(built)
    names = {r["ma_don_vi"]: r["ten_don_vi"] for r in tong_hop}
    group = {r["ma_don_vi"]: r["nhom"] for r in tong_hop}
    agencies = sorted({r["co_quan_tham_dinh"] for r in framework if r["la"] == "True" and r["co_quan_tham_dinh"]})
    assert agencies == sorted(packs.agencies(built)["co_quan"]) and len(agencies) >= 5
    for agency in agencies:
        page = (built.report_dir / "goi-theo-doi" / "co-quan" / f"{packs.slug(agency)}.html").read_text(
            encoding="utf-8")
        for nhom, group_name in (("so", "Sở, ban, ngành tỉnh"), ("huyen", "UBND các huyện, thị xã, thành phố"),
                                 ("xa", "UBND các xã, phường, thị trấn")):
            mine = [r for r in framework if r["nhom"] == nhom and r["la"] == "True" and r["co_quan_tham_dinh"] == agency
                    and r["phuong_thuc"] == "TĐ" and r["loai"] != "diem_tru"]
            if not mine:
                continue
            lost = losses(diem, {m for m, g in group.items() if g == nhom})
            summary = next(t for t in html_tables(page)
                           if t["caption"].endswith(f"Các tiêu chí do {agency} thẩm định, nhóm {group_name}"))
            expected = [[r["noi_dung"], vn_number(float(r["diem_toi_da"])), str(len(lost[r["ma"]])),
                         str(sum(1 for _, m in lost[r["ma"]] if m > 0)),
                         vn_number(sum(m for _, m in lost[r["ma"]] if m > 0))] for r in mine]
            assert summary["rows"] == expected, (agency, nhom)
            detail = [t for t in html_tables(page) if t["caption"].endswith(f"Các đơn vị bị mất điểm, nhóm {group_name}")]
            listed = [(row[t["head"].index("Đơn vị")], row[t["head"].index("Bị mất")]) for t in detail
                      for row in t["rows"]]
            want = sorted((names[u], vn_number(m)) for r in mine for u, m in lost[r["ma"]] if m > 0)
            assert sorted(listed) == want, (agency, nhom)


def test_packs_in_manifest_landing_page_and_distribution_list(built):
    out = built.report_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds = {(o["kind"], o["format"]) for o in manifest["outputs"]}
    assert {(k, f) for k in ("district-pack", "agency-pack") for f in ("html", "pdf", "docx")} <= kinds
    index = (out / "index.html").read_text(encoding="utf-8")
    for o in manifest["outputs"]:
        if o["kind"] in ("district-pack", "agency-pack"):
            assert f'href="{o["path"]}"' in index
    assert "raw/2022/dieu-tra-xhh.xlsx" in {i["path"] for i in manifest["inputs"]}


def check_history(settings: Settings) -> int:
    """Every unit's history rows against each year's tong-hop-don-vi.csv (plain loops); units checked."""
    years = [s.year for s in history.history_years(settings)]
    tables = {y: {r["ma_don_vi"]: r for r in rows(settings.data_dir / "processed" / str(y) / "tong-hop-don-vi.csv")}
              for y in years}
    checked = 0
    for ma, unit in tables[settings.year].items():
        h = history.unit_history(settings, ma)
        assert h.rows["nam"].tolist() == years
        for _, r in h.rows.iterrows():
            old = tables[r["nam"]].get(ma)
            assert r["chi_so"] == pytest.approx(float(old["chi_so"])) and r["xep_loai"] == old["xep_loai"]
            same = {m for m, o in tables[r["nam"]].items() if o["nhom"] == old["nhom"]} == \
                {m for m, o in tables[settings.year].items() if o["nhom"] == unit["nhom"]}
            size = sum(1 for o in tables[r["nam"]].values() if o["nhom"] == old["nhom"])
            assert r["thu_hang"] == (f"{old['xep_hang']}/{size}" if same else ""), (ma, r["nam"])
        checked += 1
    return checked


def test_history_of_every_unit_on_the_sample(built):
    assert check_history(built) == 130


def test_history_of_every_unit_over_five_generated_years(tmp_path):
    # Six years generated: the history keeps the latest five.
    for year in range(2021, 2027):
        generate_year(tmp_path, year)
        build_if_stale(Settings(year, tmp_path))
    settings = Settings(2026, tmp_path)
    assert [s.year for s in history.history_years(settings)] == [2022, 2023, 2024, 2025, 2026]
    assert check_history(settings) == 130
