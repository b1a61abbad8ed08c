"""Typst PDF: text is never markup, the same blocks give the same bytes, Vietnamese survives."""
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from pipeline.render.html import Page
from pipeline.render.typeset import source, to_pdf

PAGE = Page("Báo cáo thử", "Sở Nội vụ Vĩnh Long", dt.date(2024, 3, 13), "")
BLOCKS = [
    {"type": "header", "parent_agency": "UBND tỉnh Vĩnh Long", "agency": "Sở Nội vụ", "number": "Số: 82/BC-SNV",
     "place_date": "Vĩnh Long, ngày 12 tháng 3 năm 2024", "doc_type": "BÁO CÁO", "title": "Kết quả Chỉ số CCHC"},
    {"type": "heading", "level": 2, "text": "I. KẾT QUẢ CHUNG"},
    {"type": "paragraph", "runs": [{"text": 'Đơn vị "A" #set page(paper: "a5") [x] $y$ \\ *z*', "bold": False,
                                    "italic": False}]},
    {"type": "table", "caption": "Bảng 1. Kết quả", "columns": [{"label": "Đơn vị", "width": "20fr"},
                                                             {"label": "Chỉ số (%)", "align": "right", "width": "6ch"}],
     "rows": [["Sở Tư pháp", "83,54"], ["Sở Y tế", "96,29"]]},
    {"type": "signature", "recipients": ["UBND tỉnh (b/c)", "Lưu: VT, CCHC"],
     "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "name": "Trần Văn Minh"},
]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_same_blocks_same_bytes():
    assert to_pdf(BLOCKS, PAGE) == to_pdf(BLOCKS, PAGE)


def test_text_from_data_is_printed_as_written_not_run_as_markup():
    pdf = to_pdf(BLOCKS, PAGE)
    text = text_of(pdf)
    assert 'Đơn vị "A" #set page(paper: "a5") [x] $y$ \\ *z*' in text
    assert round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)) == 595  # A4 (210 mm): the text set nothing


def test_decree_30_pieces_print():
    text = text_of(to_pdf(BLOCKS, PAGE))
    for piece in ("UBND TỈNH VĨNH LONG", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 82/BC-SNV",
                  "Vĩnh Long, ngày 12 tháng 3 năm 2024", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Minh",
                  "Sở Y tế", "96,29"):
        assert piece in text, piece


def test_no_page_number_on_the_first_page_then_at_the_top():
    long = BLOCKS + [{"type": "paragraph", "runs": [{"text": "Đoạn văn. " * 80, "bold": False, "italic": False}]}] * 6
    src = source(long, PAGE)
    assert "counter(page)" in src or "report.with" in src
    pages = PdfReader(io.BytesIO(to_pdf(long, PAGE))).pages
    assert len(pages) >= 2
    assert not pages[0].extract_text().strip().startswith("1")
    assert pages[1].extract_text().strip().startswith("2")


def test_a_200_character_word_breaks_within_the_page():
    # Issue 25: a 200-character word (a name typed without spaces, a pasted link) ran off the PDF page.
    word = "Trường" + "x" * 194
    blocks = [{"type": "paragraph", "runs": [{"text": f"Đơn vị {word} đạt", "bold": False, "italic": False}]},
              {"type": "table", "caption": "Bảng", "columns": [{"label": "Đơn vị", "width": "20fr"},
                                                               {"label": "Chỉ số", "width": "6ch"}],
               "rows": [[word, "83,54"]]}]
    pdf = PdfReader(io.BytesIO(to_pdf(blocks, PAGE)))
    lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    # A4 holds about 90 characters a line: the word is spread over several lines, none wider than the page.
    assert max(len(line) for line in lines) < 100
    assert sum("x" * 20 in line for line in lines) >= 6  # three lines of the paragraph, three of the table cell


def test_a_charts_word_image_is_drawn_once_while_the_build_runs(tmp_path, monkeypatch):
    """typeset.raster keeps its PNG beside the kept charts (CHARTS_KEPT_ENV): the same SVG is not drawn again."""
    from pipeline.contract import CHARTS_KEPT_ENV
    from pipeline.render import typeset

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'
    plain = typeset.raster(svg)
    monkeypatch.setenv(CHARTS_KEPT_ENV, str(tmp_path))
    assert typeset.raster(svg) == plain and len(list(tmp_path.iterdir())) == 1
    monkeypatch.setattr(typeset, "_compiler", lambda: pytest.fail("drawn again"))
    assert typeset.raster(svg) == plain
