"""What a Sở Nội vụ specialist checks in the units report and the unit reports (issue 13), every figure
recomputed here by plain loops over the processed CSV files and hieu-chinh.csv, never with the package's
analysis functions."""
from __future__ import annotations

import csv
import html as html_module
import re
from fractions import Fraction
import pytest
from openpyxl import load_workbook

from conftest import ROOT, half_up, html_tables, vn_number
from pipeline.contract import units_report_stem
from pipeline.ingest import read_table

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line

YEAR = 2023


@pytest.fixture(scope="module")
def tables(built_2023):
    d = built_2023.processed_dir
    th = read_table(d, "tong-hop-don-vi")
    return {"units": {r["ma_don_vi"]: r for r in th.to_dict("records")},
            "diem": read_table(d, "diem").to_dict("records"),
            "framework": read_table(d, "bo-tieu-chi").to_dict("records"),
            "out": built_2023.report_dir, "dataset": built_2023.dataset}


def page_text(path) -> str:
    """An HTML page's text, tags dropped and entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return " ".join(html_module.unescape(text).split())


def unit_page(tables, ma) -> str:
    return page_text(tables["out"] / "don-vi" / tables["units"][ma]["nhom"] / f"{ma}.html")


def points(x: float) -> str:
    """Points with at most two decimals, no trailing zeros (as sentences print them)."""
    text = vn_number(x)
    return text.rstrip("0").rstrip(",")


def test_every_unit_report_names_the_corrections_that_touched_it(tables):
    with open(ROOT / "data" / "raw" / str(YEAR) / "hieu-chinh.csv", encoding="utf-8-sig", newline="") as f:
        corrections = list(csv.DictReader(f))
    touched = {}
    for c in corrections:
        touched.setdefault(c["ma_don_vi"], []).append(c)
    assert touched, "the sample has corrections"
    for ma in tables["units"]:
        text = unit_page(tables, ma)
        if ma in touched:
            assert f"Kết quả trên đã bao gồm {len(touched[ma])} điều chỉnh:" in text, ma
            for c in touched[ma]:
                reason = c["ly_do"][:1].lower() + c["ly_do"][1:]  # mid-sentence, in brackets
                assert f"tiêu chí {c['ma']}." in text and c["van_ban"] in text and reason in text, ma
        else:
            assert "Kết quả trên đã bao gồm" not in text, ma


def test_recoverable_points_equal_maximum_minus_total_split_by_method(tables):
    leaves = {}
    for r in tables["diem"]:
        leaves.setdefault(r["ma_don_vi"], []).append(r)
    for ma, unit in tables["units"].items():
        own = survey = 0.0
        for r in leaves[ma]:
            if r["loai"] == "diem_tru":
                own += abs(r["diem"])
            elif r["ap_dung"]:
                short = max(0.0, round(r["diem_toi_da"] - r["diem"], 2))
                if r["phuong_thuc"] == "XHH":
                    survey += short
                else:
                    own += short
        total = unit["diem_toi_da"] - unit["tong_diem"]
        assert round(own + survey, 2) == pytest.approx(round(total, 2), abs=0.011), ma
        text = unit_page(tables, ma)
        if round(total, 2) > 0:
            assert (f"Tổng số điểm còn có thể cải thiện là {vn_number(total)} điểm" in text
                    and f"trong đó {vn_number(own)} điểm ở các tiêu chí thẩm định và điểm trừ" in text), ma


def test_a_communes_report_names_its_district_and_its_rank_there(tables):
    units = tables["units"]
    communes = [u for u in units.values() if isinstance(u["don_vi_cap_tren"], str) and u["don_vi_cap_tren"]]
    assert len(communes) > 50
    for u in communes:
        siblings = [o for o in communes if o["don_vi_cap_tren"] == u["don_vi_cap_tren"] and o["nhom"] == u["nhom"]]
        rank = 1 + sum(round(o["chi_so"], 2) > round(u["chi_so"], 2) for o in siblings)
        tied = sorted(o["ma_don_vi"] for o in siblings
                      if round(o["chi_so"], 2) == round(u["chi_so"], 2) and o["ma_don_vi"] != u["ma_don_vi"])
        district = units[u["don_vi_cap_tren"]]["ten_don_vi"]
        territory = district.removeprefix("UBND ")  # "trên địa bàn huyện Long Hồ": the district, not its committee
        text = unit_page(tables, u["ma_don_vi"])
        expected = f"Trên địa bàn {territory}, đơn vị xếp thứ {rank}/{len(siblings)} đơn vị cấp xã"
        if tied:
            expected += f" (đồng hạng với {' và '.join(units[m]['ten_don_vi'] for m in tied)})" if len(tied) == 1 \
                else " (đồng hạng với "
        assert expected in text, u["ma_don_vi"]
        assert f"{district} (để theo dõi)" in text


def test_survey_section_recomputed_from_diem(tables):
    report = tables["out"] / f"{units_report_stem(YEAR)}.html"
    page = report.read_text(encoding="utf-8")
    text = page_text(report)
    names = {}
    for code, g in (("so", "Sở, ban, ngành tỉnh"), ("huyen", None), ("xa", None)):
        names[code] = tables["dataset"].group_name(code)
    texts = {(r["nhom"], r["ma"]): r["noi_dung"] for r in tables["framework"]}
    for code, name in names.items():
        per_unit, items = {}, {}
        for r in tables["diem"]:
            unit = tables["units"][r["ma_don_vi"]]
            if unit["nhom"] != code or r["phuong_thuc"] != "XHH" or not r["ap_dung"]:
                continue
            got, top = per_unit.get(r["ma_don_vi"], (0.0, 0.0))
            per_unit[r["ma_don_vi"]] = (got + r["diem"], top + r["diem_toi_da"])
            items.setdefault(r["ma"], []).append(r["diem"] / r["diem_toi_da"] * 100)
        mean_points = sum(g for g, _ in per_unit.values()) / len(per_unit)
        mean_rate = sum(g / t * 100 for g, t in per_unit.values()) / len(per_unit)
        assert (f"Nhóm {name}: phần điều tra XHH (tối đa {points(next(iter(per_unit.values()))[1])} điểm) bình quân "
                f"đạt {vn_number(mean_points)} điểm ({vn_number(mean_rate)}%)") in text
        table = next(t for t in html_tables(page) if f"Kết quả các nội dung điều tra xã hội học, nhóm {name}"
                     in t["caption"])
        rows = {r[0]: dict(zip(table["head"], r)) for r in table["rows"]}
        assert set(rows) == set(items)
        for ma, rates in items.items():
            assert rows[ma]["Bình quân tỷ lệ đạt (%)"] == vn_number(sum(rates) / len(rates))
            assert rows[ma]["Nội dung điều tra xã hội học"] == texts[(code, ma)]
        # Weakest first.
        printed = [float(rows[m]["Bình quân tỷ lệ đạt (%)"].replace(",", ".")) for m in (r[0] for r in table["rows"])]
        assert printed == sorted(printed)


def test_most_lost_lists_only_appraised_criteria(tables):
    report = tables["out"] / f"{units_report_stem(YEAR)}.html"
    methods = {(r["nhom"], r["ma"]): r["phuong_thuc"] for r in tables["framework"]}
    for t in html_tables(report.read_text(encoding="utf-8")):
        if "Các tiêu chí thẩm định bị mất điểm nhiều nhất, nhóm" in t["caption"]:
            code = next(c for c in ("so", "huyen", "xa") if tables["dataset"].group_name(c) in t["caption"])
            assert t["rows"] and all(methods[(code, r[0])] == "TĐ" for r in t["rows"])


def test_excel_summary_rounded_printed_and_filterable(tables):
    book = load_workbook(tables["out"] / f"tong-hop-{YEAR}.xlsx")
    assert all(len(n) <= 31 and not n.endswith(",") for n in book.sheetnames)
    assert "UBND các huyện, thị xã" in book.sheetnames  # cut at a phrase, not mid-word
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.print_title_rows == "$3:$3" and ws.sheet_properties.pageSetUpPr.fitToPage
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, float):
                    assert cell.value == round(cell.value, 2) and cell.number_format in ("#,##0.00", "#,##0")
    ws = book["Đơn vị x lĩnh vực"]
    header = [c.value for c in ws[3]]
    assert ws.auto_filter.ref
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == len(tables["units"])
    ws = book["Đơn vị x tiêu chí"]
    assert ws.max_row - 3 == len(tables["diem"]) and ws.auto_filter.ref


def test_unit_area_sheet_matches_diem_linh_vuc(tables, built_2023):
    book = load_workbook(tables["out"] / f"tong-hop-{YEAR}.xlsx")
    ws = book["Đơn vị x lĩnh vực"]
    header = [c.value for c in ws[3]]
    deduction = {(r["nhom"], r["ma"]) for r in tables["framework"] if r["loai"] == "diem_tru"}
    group = {m: r["nhom"] for m, r in tables["units"].items()}
    expected, deducted = {}, {}
    for r in read_table(built_2023.processed_dir, "diem-linh-vuc").to_dict("records"):
        if (group[r["ma_don_vi"]], r["ma"]) in deduction:  # a deduction section: its points, not a share
            deducted[r["ma_don_vi"]] = deducted.get(r["ma_don_vi"], 0.0) + abs(r["diem"])
        elif r["diem_toi_da"] > 0:
            # Stored as printed: half-up (7,25/8 = 90,625 % → 90,63), not Python's round() of a binary float (90,62).
            expected[(r["ma_don_vi"], f"LV{r['ma']} (%)")] = float(half_up(r["diem"] / r["diem_toi_da"] * 100))
    seen = 0
    for values in ws.iter_rows(min_row=4, values_only=True):
        row = dict(zip(header, values))
        for label in header:
            if label and label.startswith("LV") and row[label] is not None:
                assert row[label] == pytest.approx(expected[(row["Mã đơn vị"], label)], abs=1e-9)
                assert row[label] >= 0
                seen += 1
        assert row["Điểm bị trừ"] == pytest.approx(deducted.get(row["Mã đơn vị"], 0.0), abs=1e-9)
    assert seen == len(expected) and deduction and sum(v > 0 for v in deducted.values()) >= 5


@pytest.fixture(scope="module")
def two_groups(tmp_path_factory):
    """A year after the 2025 reform: departments and communes only, communes without a district."""
    from openpyxl import load_workbook as open_book

    from pipeline.config import Settings
    from pipeline.ingest.year import build_if_stale
    from tools.sample import generate_year

    root = tmp_path_factory.mktemp("two-groups")
    generate_year(root, YEAR)
    raw = root / "raw" / str(YEAR)
    units = open_book(raw / "don-vi.xlsx")
    ws = units.worksheets[0]
    header = [c.value for c in ws[1]]
    districts = set()
    for row in range(ws.max_row, 1, -1):
        values = dict(zip(header, (c.value for c in ws[row])))
        if values["nhom"] == "huyen":
            districts.add(values["ma_don_vi"])
            ws.delete_rows(row)
        else:
            ws.cell(row, header.index("don_vi_cap_tren") + 1).value = None
    units.save(raw / "don-vi.xlsx")
    framework = open_book(raw / "bo-tieu-chi.xlsx")
    del framework["huyen"]
    framework.save(raw / "bo-tieu-chi.xlsx")
    survey = open_book(raw / "dieu-tra-xhh.xlsx")
    ws = survey.worksheets[0]
    for row in range(ws.max_row, 1, -1):
        if ws.cell(row, 1).value in districts:
            ws.delete_rows(row)
    survey.save(raw / "dieu-tra-xhh.xlsx")
    for code in districts:
        (raw / "cham-diem" / f"{code}.xlsx").unlink()
    (raw / "hieu-chinh.csv").unlink()
    text = (raw / "dataset.yml").read_text(encoding="utf-8")
    text = text.replace("  huyen: UBND các huyện, thị xã, thành phố\n", "").replace(
        "xa: UBND các xã, phường, thị trấn", "xa: UBND các xã, phường").replace(  # the legal basis is data
        "UBND cấp huyện và ", "")
    (raw / "dataset.yml").write_text(text, encoding="utf-8")
    settings = Settings(YEAR, root, root / "output")
    build_if_stale(settings)
    return settings


def test_a_year_without_districts_has_no_district_wording(two_groups):
    from pipeline.render.notebook import NOTEBOOKS, execute

    nb = execute(NOTEBOOKS / "units-report.ipynb", {"year": YEAR, "data_dir": str(two_groups.data_dir),
                                                      "output_dir": str(two_groups.output_dir)})
    printed = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            printed.append(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            printed.append(str(data.get("text/markdown", "")) + str(data.get("text/html", "")))
    text = html_module.unescape(" ".join(printed))
    assert "UBND các xã, phường" in text and "Sở, ban, ngành tỉnh" in text
    assert [text[max(0, m.start() - 60):m.end() + 20] for m in re.finditer("huyện", text, re.I)] == []


def test_excel_next_band_column_recomputed(tables):
    """Points needed for the next band, recomputed: the next band's minimum × the unit's own maximum − total."""
    bands = sorted(tables["dataset"].bands, key=lambda b: b.min)
    book = load_workbook(tables["out"] / f"tong-hop-{YEAR}.xlsx")
    seen = 0
    for ws in book.worksheets[:3]:
        header = [c.value for c in ws[3]]
        for values in ws.iter_rows(min_row=4, values_only=True):
            row = dict(zip(header, values))
            unit = tables["units"][row["Mã đơn vị"]]
            above = [b for b in bands if b.min > round(unit["chi_so"], 2)]
            if not above:
                assert row["Mức xếp loại tiếp theo"] in ("", None) and row["Điểm cần thêm để lên mức"] is None
            else:
                # Exactly, in hundredths of a point, rounded up: the smallest printed amount that reaches the band.
                gap = (Fraction(str(above[0].min)) * Fraction(repr(unit["diem_toi_da"])) / 100
                       - Fraction(repr(unit["tong_diem"])))
                needed = max(-((-gap * 100) // 1), 0) / 100  # ceil to the cent
                assert row["Mức xếp loại tiếp theo"] == above[0].name
                assert row["Điểm cần thêm để lên mức"] == float(needed)
            seen += 1
    assert seen == len(tables["units"])


def visible_text(path) -> str:
    """What a reader sees on a page: text nodes, without style sheets and scripts."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.hidden, self.parts = 0, []

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in ("style", "script")

        def handle_endtag(self, tag):
            self.hidden -= tag in ("style", "script")

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def test_no_page_shows_template_code_or_missing_values(tables):
    """Every page of the year (units report, national report, unit reports, packs, landing and change pages):
    no braces of an unfilled f-string or template, no None or NaN printed for a missing value."""
    pages = sorted(tables["out"].rglob("*.html"))
    assert len(pages) >= 146
    leaks = {}
    for page in pages:
        found = re.findall(r".{0,40}(?:[{}]|\bNone\b|\bNaN\b|\bnan%|\bnan điểm).{0,40}", visible_text(page))
        if found:
            leaks[page.relative_to(tables["out"]).as_posix()] = found[:3]
    assert leaks == {}
