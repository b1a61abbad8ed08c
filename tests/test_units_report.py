"""The provincial units report (like Báo cáo 94/BC-SNV): its numbers against the processed tables
and against the sample generator's own arithmetic; the Excel summary, landing page and manifest."""
from __future__ import annotations

import hashlib
import json
import re

import pytest
from openpyxl import load_workbook

from conftest import half_up, html_tables, pdf_text, table_name, vn_number, vn_percent, vn_signed
from pipeline.contract import units_report_stem
from tools.sample import generate_year
from pipeline.ingest import read_table

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line

YEAR = 2023


@pytest.fixture(scope="module")
def truth(tmp_path_factory):
    return generate_year(tmp_path_factory.mktemp("truth"), YEAR)


@pytest.fixture(scope="module")
def report(built_2023):
    out = built_2023.report_dir
    stem = units_report_stem(YEAR)
    return {"html": (out / f"{stem}.html").read_text(encoding="utf-8"), "pdf": pdf_text(out / f"{stem}.pdf"),
            "tong_hop": read_table(built_2023.processed_dir, "tong-hop-don-vi"), "dir": out}


RANKED = "Kết quả và xếp hạng nhóm "


def ranked_tables(page: str) -> dict[str, list[dict]]:
    """Group name → rows of its ranked table, keyed by column label."""
    out = {}
    for t in html_tables(page):
        if RANKED in t["caption"]:
            out[t["caption"].split(RANKED, 1)[1]] = [dict(zip(t["head"], row)) for row in t["rows"]]
    return out


def docx_tables(path) -> list[list[list[str]]]:
    """Every table of a Word file as rows of cell texts (python-docx reads it back)."""
    from docx import Document

    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def independent_ranks(values: dict[str, float]) -> dict[str, int]:
    """Competition ranking done by counting: 1 + units strictly above."""
    return {k: 1 + sum(round(o, 6) > round(v, 6) for o in values.values()) for k, v in values.items()}


def band_of(index: float) -> str:
    for name, low in (("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50)):
        if index >= low:
            return name
    return "Yếu"


def test_every_unit_in_the_html_matches_processed_tables_and_generator(report, truth):
    tables = ranked_tables(report["html"])
    tong_hop = report["tong_hop"].assign(ten=lambda d: d["ten_don_vi"].map(table_name)).set_index("ten")
    assert sum(len(rows) for rows in tables.values()) == len(tong_hop) == len(truth.units)
    expected = {ma: truth.totals(ma) for ma in truth.units}
    names = {table_name(u.ten): ma for ma, u in truth.units.items()}
    for group, rows in tables.items():
        group_codes = [names[r["Đơn vị"]] for r in rows]
        ranks = independent_ranks({ma: expected[ma]["chi_so"] for ma in group_codes})
        for row in rows:
            ma = names[row["Đơn vị"]]
            t = expected[ma]
            assert row["Tổng điểm"] == vn_number(t["tong_diem"]), ma
            assert row["Chỉ số (%)"] == vn_number(t["chi_so"]), ma
            assert int(row["Hạng"]) == ranks[ma] == tong_hop.loc[row["Đơn vị"], "xep_hang"], ma
            assert row["Xếp loại"] == band_of(t["chi_so"]) == tong_hop.loc[row["Đơn vị"], "xep_loai"], ma
            assert row["Điểm trừ"] == vn_number(t["diem_tru"]), ma  # two decimals in every points column
            assert "," in row["Chỉ số (%)"] and "." not in row["Chỉ số (%)"]  # decimal comma
        # printed in rank order
        assert [int(r["Hạng"]) for r in rows] == sorted(int(r["Hạng"]) for r in rows)


def test_every_unit_in_the_pdf(report, built_2023):
    text = report["pdf"]
    packed = text.replace(" ", "")  # pypdf does not always put a space between table cells
    for _, row in report["tong_hop"].iterrows():
        # name, then (after the score columns) total, index and band are adjacent cells of the unit's row
        cells = f"{vn_number(row['tong_diem'])}{vn_number(row['chi_so'])}{row['xep_loai']}".replace(" ", "")
        assert cells in packed, row["ma_don_vi"]
        assert table_name(row["ten_don_vi"]) in text
    meta = built_2023.dataset.reports["units"]
    assert "DỮ LIỆU MẪU" in text and "Độc lập - Tự do - Hạnh phúc" in text and f"Số: {meta.number}" in text
    assert f"Vĩnh Long, ngày {meta.date.day} tháng {meta.date.month} năm {meta.date.year}" in text
    from pypdf import PdfReader

    pages = len(PdfReader(report["dir"] / f"{units_report_stem(YEAR)}.pdf").pages)
    assert text.count("DỮ LIỆU MẪU") == pages > 5  # the mark on every page
    signer = built_2023.dataset.signer
    assert f"KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC {signer.name}" in text  # the signer prints, nothing of the machine
    assert "tự động" not in text


def test_every_unit_in_the_docx(report, built_2023):
    """The Word file holds the same ranked tables, as real Word tables with a repeated header row."""
    from docx import Document

    path = report["dir"] / f"{units_report_stem(YEAR)}.docx"
    rows = {}
    for table in docx_tables(path):
        if table and table[0][:2] == ["Hạng", "Đơn vị"]:
            rows.update({r[1]: dict(zip(table[0], r)) for r in table[1:]})
    tong_hop = report["tong_hop"]
    assert len(rows) == len(tong_hop)
    for _, unit in tong_hop.iterrows():
        row = rows[table_name(unit["ten_don_vi"])]
        assert row["Tổng điểm"] == vn_number(unit["tong_diem"]), unit["ma_don_vi"]
        assert row["Chỉ số (%)"] == vn_number(unit["chi_so"]), unit["ma_don_vi"]
        assert int(row["Hạng"]) == unit["xep_hang"] and row["Xếp loại"] == unit["xep_loai"], unit["ma_don_vi"]
    doc = Document(str(path))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Normal", "Caption"} <= styles
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["I. BỘ CHỈ SỐ VÀ QUY TRÌNH ĐÁNH GIÁ", "II. KẾT QUẢ CHỈ SỐ CCHC"]
    ranked = [t for t in doc.tables if t.rows[0].cells[0].text == "Hạng"]
    assert ranked and all('w:tblHeader w:val="true"' in t.rows[0]._tr.xml for t in ranked)
    section = doc.sections[0]
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    assert "PAGE" in section.header.paragraphs[0]._p.xml and section.different_first_page_header_footer


def test_group_statistics_and_year_on_year(report, built_2023):
    tong_hop = report["tong_hop"]
    previous = read_table(built_2023.data_dir / "processed" / "2022", "tong-hop-don-vi").set_index("ma_don_vi")
    summary = next(t for t in html_tables(report["html"]) if t["caption"].startswith("Bảng 2."))
    rows = {r[0]: dict(zip(summary["head"], r)) for r in summary["rows"]}
    for nhom, g in tong_hop.groupby("nhom"):
        row = next(r for name, r in rows.items() if int(r["Số đơn vị"]) == len(g))
        assert row["Bình quân (%)"] == vn_number(g["chi_so"].mean())
        assert row["Cao nhất (%)"] == vn_number(g["chi_so"].max())
        assert row["Thấp nhất (%)"] == vn_number(g["chi_so"].min())
        assert sum(int(row[b]) for b in ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu")) == len(g)
    tables = ranked_tables(report["html"])
    by_name = tong_hop.assign(ten=tong_hop["ten_don_vi"].map(table_name)).set_index("ten")
    for rows in tables.values():
        for row in rows:
            unit = by_name.loc[row["Đơn vị"]]
            before = previous.loc[unit["ma_don_vi"]]
            assert row["± điểm"] == vn_signed(unit["chi_so"] - before["chi_so"])
            places = int(before["xep_hang"] - unit["xep_hang"])
            assert row["± bậc"] == ("–" if places == 0 else f"↑{places}" if places > 0 else f"↓{-places}")


def test_generated_sentences_follow_the_numbers(report):
    so = report["tong_hop"][report["tong_hop"]["nhom"] == "so"]
    top = so["chi_so"].round(6).max()
    tied = sorted(so[so["chi_so"].round(6) == top]["ma_don_vi"])
    names = so.set_index("ma_don_vi").loc[tied, "ten_don_vi"].tolist()
    assert len(names) == 2  # the sample ties two departments at the top: both are named
    assert f"{names[0]} và {names[1]} đồng hạng nhất (cùng đạt {vn_percent(top)})" in report["html"]


def test_excel_summary(report, built_2023):
    book = load_workbook(report["dir"] / f"tong-hop-{YEAR}.xlsx")
    # Excel allows 31 characters: the district group's name is cut at a phrase.
    groups = ["Sở, ban, ngành tỉnh", "UBND các huyện, thị xã", "UBND các xã, phường, thị trấn"]
    assert all(built_2023.dataset.group_name(g).startswith(n) for g, n in zip(("so", "huyen", "xa"), groups))
    assert book.sheetnames == groups + ["Lĩnh vực", "Thẩm định - điểm bị mất", "Điều tra XHH", "Đơn vị x lĩnh vực",
                                        "Đơn vị x tiêu chí"]
    tong_hop = report["tong_hop"].set_index("ma_don_vi")
    seen = 0
    for name in book.sheetnames[:3]:
        ws = book[name]
        assert ws.freeze_panes == "C4" and ws.auto_filter.ref
        header = [c.value for c in ws[3]]
        for row in ws.iter_rows(min_row=4, values_only=True):
            r = dict(zip(header, row))
            unit = tong_hop.loc[r["Mã đơn vị"]]
            # Stored rounded half-up to the two decimals printed, not 94.9400000001.
            assert r["Chỉ số (%)"] == float(half_up(unit["chi_so"])) and r["Hạng"] == unit["xep_hang"]
            assert r["Xếp loại"] == unit["xep_loai"]
            seen += 1
        assert ws.cell(4, header.index("Chỉ số (%)") + 1).number_format == "#,##0.00"  # "96,29" in Vietnamese
    assert seen == len(tong_hop)
    # One home for printed column labels: every header of the workbook is a label of report/tables.py.
    from pipeline.report import tables
    from pipeline.report.layout import Col

    homes = [v for v in vars(tables).values() if isinstance(v, (list, Col))]
    labels = {c.label for v in homes for c in (v if isinstance(v, list) else [v]) if isinstance(c, Col)}
    labels |= {c.label for c in tables.summary_ranked(YEAR - 1, True)}
    for ws in book.worksheets:
        header = [c.value for c in ws[3]]
        assert {h for h in header if not (h.startswith("LV") and h.endswith("(%)"))} <= labels, ws.title


def test_manifest_lists_every_file_with_its_hash(report):
    out = report["dir"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["year"] == YEAR
    listed = {o["path"] for o in manifest["outputs"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk
    for o in manifest["outputs"]:
        assert hashlib.sha256((out / o["path"]).read_bytes()).hexdigest() == o["sha256"]
        assert o["kind"] in {"units-report", "national-report", "unit-report", "summary", "index", "notebook",
                             "distribution", "changes", "district-pack", "agency-pack"}
    kinds = {(o["kind"], o["format"]) for o in manifest["outputs"]}
    assert {("units-report", "html"), ("units-report", "pdf"), ("units-report", "docx"), ("summary", "xlsx"),
            ("index", "html"), ("notebook", "ipynb"), ("unit-report", "docx")} <= kinds
    inputs = {i["path"] for i in manifest["inputs"]}
    assert "raw/2023/cham-diem/so-tu-phap.xlsx" in inputs and "raw/2022/dataset.yml" in inputs


def test_landing_page_links_every_report(report):
    index = (report["dir"] / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((report["dir"] / "manifest.json").read_text(encoding="utf-8"))
    for o in manifest["outputs"]:
        if o["kind"] in {"units-report", "national-report", "unit-report", "summary"}:
            assert f'href="{o["path"]}"' in index, o["path"]
    # each unit with its rank, index and band, findable with the filter box; every report links back
    rows = [t for t in html_tables(index) if t["head"][:4] == ["Hạng", "Đơn vị", "Chỉ số", "Xếp loại"]]
    listed = {r[1]: r[:4] for t in rows for r in t["rows"]}
    assert 'id="loc"' in index and len(listed) == len(report["tong_hop"])
    for _, unit in report["tong_hop"].iterrows():
        assert listed[unit["ten_don_vi"]] == [str(unit["xep_hang"]), unit["ten_don_vi"], vn_percent(unit["chi_so"]),
                                              unit["xep_loai"]]
    unit_page = (report["dir"] / "don-vi" / "so" / "so-tu-phap.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in unit_page and 'href="index.html"' in report["html"]


def test_html_has_no_code_and_a_table_of_contents(report):
    page = report["html"]
    assert "jp-InputArea" not in page and "input_area" not in page and "import " not in page
    nav = page.split('<nav class="muc-luc">', 1)[1].split("</nav>", 1)[0]
    assert "<ol" not in nav  # the headings carry their numbers: no second numbering
    assert '>II. KẾT QUẢ CHỈ SỐ CCHC</a>' in nav
    for anchor in re.findall(r'href="#([^"]+)"', nav):
        assert f'id="{anchor}"' in page, anchor


def test_building_again_gives_identical_bytes(built_2023, tmp_path):
    """A second build from the same inputs, elsewhere, in a fresh cache: the same HTML, PDF, xlsx, notebook."""
    import shutil

    from pipeline.build.year import build_year
    from pipeline.config import Settings

    shutil.copytree(built_2023.data_dir / "raw", tmp_path / "data" / "raw")
    again = Settings(YEAR, tmp_path / "data", tmp_path / "output")
    build_year(again, workers=1, progress=False, only={"units-report"})
    stem = units_report_stem(YEAR)
    for name in (f"{stem}.html", f"{stem}.pdf", f"{stem}.docx", f"tong-hop-{YEAR}.xlsx"):
        assert (again.report_dir / name).read_bytes() == (built_2023.report_dir / name).read_bytes(), name
    # The executed notebook records its parameters, folders included: equal once those are set aside.
    first = (built_2023.report_dir / "notebooks/units-report.ipynb").read_text(encoding="utf-8")
    second = (again.report_dir / "notebooks/units-report.ipynb").read_text(encoding="utf-8")
    for folder_a, folder_b in ((built_2023.data_dir, again.data_dir), (built_2023.output_dir, again.output_dir)):
        second = second.replace(str(folder_b.resolve()), str(folder_a.resolve()))
    assert second == first
