"""The document set as one (issue 26): the units report lists every appendix and notice actually built, each
appendix prints the number the list gives it and names its issuer in full."""
from __future__ import annotations

import html
import json
import re

import pytest

from pipeline.contract import units_report_stem

pytestmark = pytest.mark.slow  # reads the session's build of the sample province

YEAR = 2023


def _div(page: str, css: str) -> str:
    m = re.search(rf'<div class="{css}">(.*?)</div>', page, re.S)
    return html.unescape(m.group(1)).replace("\u00a0", " ") if m else ""  # titles keep proper names together


@pytest.fixture(scope="module")
def built(built_2023):
    out = built_2023.report_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pages = {o["kind"]: [] for o in manifest["outputs"]}
    for o in manifest["outputs"]:
        if o["format"] == "html":
            pages[o["kind"]].append((out / o["path"]).read_text(encoding="utf-8"))
    report = (out / f"{units_report_stem(YEAR)}.html").read_text(encoding="utf-8")
    return pages, html.unescape(" ".join(re.sub(r"<[^>]+>", " ", report).split()))


def test_the_units_report_lists_every_pack_built_by_its_number_and_title(built):
    pages, report = built
    packs = pages["district-pack"] + pages["agency-pack"]
    assert len(packs) == 8 + 6
    numerals = []
    for page in packs:
        label, title = _div(page, "ten-van-ban"), _div(page, "trich-yeu")
        assert re.fullmatch(r"PHỤ LỤC [IVXLC]+", label), label
        numerals.append(label.split()[-1])
        assert f"Phụ lục {numerals[-1]}. {title}" in report, title
        # Distributed alone: the issuer named with its province.
        assert "của Sở Nội vụ tỉnh Vĩnh Long)" in _div(page, "phu-de")
    assert len(set(numerals)) == len(numerals)  # no two appendices share a number
    # The corrections applied come last (Phụ lục XV), printed in the report itself under that number.
    assert "Phụ lục XV. Các điều chỉnh kết quả đã áp dụng" in report and "PHỤ LỤC XV. CÁC ĐIỀU CHỈNH" in report
    assert set(numerals) == {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"}


def test_the_units_report_names_the_range_and_date_of_the_notices_built(built):
    pages, report = built
    numbers = sorted(int(re.search(r"Số: (\d+)/TB-SNV", p).group(1)) for p in pages["unit-report"])
    assert len(numbers) == 130 and numbers == list(range(numbers[0], numbers[0] + 130))
    assert (f"130 Thông báo kết quả Chỉ số cải cách hành chính năm {YEAR} gửi từng cơ quan, đơn vị, địa phương, "
            f"từ số {numbers[0]}/TB-SNV đến số {numbers[-1]}/TB-SNV ngày 12/3/2024") in report


@pytest.fixture(scope="module")
def notices(built_2023):
    from pipeline.ingest import read_table

    out = built_2023.report_dir
    bands = read_table(built_2023.processed_dir, "tong-hop-don-vi").set_index("ma_don_vi")["xep_loai"]
    pages = {}
    for path in sorted((out / "don-vi").glob("*/*.html")):
        text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split()))
        pages[path.stem] = (text, bands[path.stem], path.with_suffix(".pdf"))
    return pages


def test_every_notice_names_its_basis_its_deadline_and_to_whom_it_reports_back(notices):
    basis = ("Căn cứ Quyết định số 456/QĐ-UBND ngày 05/3/2024 của UBND tỉnh Vĩnh Long về việc công bố Chỉ số cải "
             "cách hành chính năm 2023")
    low = 0
    for code, (text, band, _) in notices.items():
        assert basis in text, code
        if band in ("Khá", "Trung bình", "Yếu"):  # the units report's rule: explain and plan in quarter II
            low += 1
            assert ("giải trình nguyên nhân, xây dựng kế hoạch khắc phục" in text
                    and "trong quý II năm 2024, gửi về Sở Nội vụ" in text), code
        else:  # dataset.yml unit_notices.report_by
            assert "báo cáo kết quả khắc phục về Sở Nội vụ trước ngày 30/6/2024" in text, code
    assert low == 18  # the sample's units rated Khá or below


def test_notices_fit_about_three_pages_and_say_each_fact_once(notices):
    from statistics import median

    from pypdf import PdfReader

    pages = {code: len(PdfReader(pdf).pages) for code, (_, _, pdf) in notices.items()}
    assert max(pages.values()) <= 4, max(pages.items(), key=lambda kv: kv[1])
    assert median(pages.values()) <= 3
    for code, (text, _, _) in notices.items():
        assert "cách khắc phục tương đương" not in text and "trong hệ thống" not in text
        assert "trong cả hai năm" not in text, code
        # A survey item is listed once (its table), wherever else it is counted.
        for item in ("Chất lượng tham mưu của cơ quan", "Ý thức, trách nhiệm công vụ"):
            assert text.count(item) <= 1, (code, item)
