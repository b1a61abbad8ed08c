"""Word output read back with python-docx: styles, margins, page number, header rows, same bytes."""
import datetime as dt
import io

from docx import Document

from pipeline.render.html import Page
from pipeline.render.word import to_docx

PAGE = Page("Báo cáo thử", "Sở Nội vụ Vĩnh Long", dt.date(2024, 3, 13), "")
BLOCKS = [
    {"type": "header", "parent_agency": "UBND tỉnh Vĩnh Long", "agency": "Sở Nội vụ", "number": "Số: 82/BC-SNV",
     "place_date": "Vĩnh Long, ngày 12 tháng 3 năm 2024", "doc_type": "BÁO CÁO", "title": "Kết quả Chỉ số CCHC"},
    {"type": "contents"},
    {"type": "heading", "level": 2, "text": "I. KẾT QUẢ CHUNG"},
    {"type": "paragraph", "runs": [{"text": "Năm 2023, ", "bold": False, "italic": False},
                                   {"text": "Sở A", "bold": True, "italic": False}]},
    {"type": "heading", "level": 3, "text": "1. Nhóm Sở, ban, ngành tỉnh"},
    {"type": "table", "caption": "Bảng 1. Kết quả", "columns": [{"label": "Đơn vị", "width": "20fr"},
                                                             {"label": "Chỉ số (%)", "align": "right", "width": "6ch"}],
     "rows": [["Sở Tư pháp", "83,54"], ["Sở Y tế", "96,29"]]},
    {"type": "signature", "recipients": ["UBND tỉnh (b/c)", "Lưu: VT, CCHC"],
     "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "name": "Trần Văn Minh"},
]


def read(data: bytes):
    return Document(io.BytesIO(data))


def test_same_blocks_same_bytes():
    assert to_docx(BLOCKS, PAGE) == to_docx(BLOCKS, PAGE)


def test_headings_are_word_headings_and_body_is_times_new_roman():
    doc = read(to_docx(BLOCKS, PAGE))
    by_style = {p.text: p.style.name for p in doc.paragraphs}
    assert by_style["I. KẾT QUẢ CHUNG"] == "Heading 1"
    assert by_style["1. Nhóm Sở, ban, ngành tỉnh"] == "Heading 2"
    assert by_style["Năm 2023, Sở A"] == "Normal"
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    assert normal.paragraph_format.first_line_indent > 0


def test_decree_30_margins_and_page_number_at_the_top_from_page_two():
    doc = read(to_docx(BLOCKS, PAGE))
    section = doc.sections[0]
    mm = [round(x.mm, 1) for x in (section.page_width, section.page_height, section.top_margin,
                                   section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 20, 20, 30, 15]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert "PAGE" in header._p.xml and header.style.name == "Page Number"
    assert "PAGE" not in "".join(p._p.xml for p in section.first_page_header.paragraphs)


def test_tables_repeat_their_header_row_and_hold_the_values():
    doc = read(to_docx(BLOCKS, PAGE))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Đơn vị")
    assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [["Sở Tư pháp", "83,54"], ["Sở Y tế", "96,29"]]


def test_signature_and_header_blocks_are_borderless_tables():
    doc = read(to_docx(BLOCKS, PAGE))
    texts = [" ".join(c.text for c in t.rows[0].cells) for t in doc.tables]
    assert any("SỞ NỘI VỤ" in t and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in t for t in texts)
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    assert "KT. GIÁM ĐỐC" in signature.rows[0].cells[1].text and "Trần Văn Minh" in signature.rows[0].cells[1].text
    assert 'w:val="nil"' in signature._tbl.xml


# 2 in × 1 in at 72 pt per inch; the left half filled with the report's accent colour.
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="144pt" height="72pt" viewBox="0 0 144 72">'
       '<rect x="0" y="0" width="72" height="72" fill="#1f4e79"/></svg>')


def test_a_chart_reaches_word_as_a_print_resolution_picture_of_its_svg():
    from PIL import Image

    doc = read(to_docx([{"type": "figure", "svg": SVG, "caption": "Hình 1. Thử"}], PAGE))
    images = [p for p in doc.part.package.parts if p.content_type == "image/png"]
    assert len(images) == 1
    picture = Image.open(io.BytesIO(images[0].blob)).convert("RGB")
    assert picture.size == (400, 200)  # 200 pixels per inch
    assert picture.getpixel((100, 100)) == (0x1F, 0x4E, 0x79) and picture.getpixel((300, 100)) == (255, 255, 255)
    assert [p.text for p in doc.paragraphs if p.text] == ["Hình 1. Thử"]
    shape = doc.inline_shapes[0]
    assert round(shape.width.mm) == 165 and round(shape.height.mm) == round(165 / 2)  # the text width, in proportion


def test_a_title_over_255_characters_is_cut_in_the_core_properties_only():
    # Issue 25: a long unit name made the title property exceed 255 characters and the report stage fail.
    name = "UBND xã " + "Tân Hòa " * 40
    page = Page(f"Thông báo kết quả Chỉ số CCHC năm 2023 của {name}", name, dt.date(2024, 3, 13), "")
    doc = read(to_docx([{"type": "heading", "level": 2, "text": page.title}], page))
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.endswith("…")
    assert page.title.startswith(doc.core_properties.title[:-1])
    assert len(doc.core_properties.author) == 255
    assert any(p.text == page.title for p in doc.paragraphs)  # printed whole


def test_first_page_as_decree_30_sets_it():
    """Issue 26: the national title on one line, the table of contents updated on open, dashes, the signature
    block's first lines level."""
    from PIL import ImageFont  # the width of the national title at its size, measured in a Times-metric serif
    import matplotlib

    blocks = BLOCKS + [{"type": "list", "items": [[{"text": "Mục một"}], [{"text": "Mục hai"}]]}]
    doc = read(to_docx(blocks, PAGE))
    head = doc.tables[0]
    title = next(p for p in head.rows[0].cells[1].paragraphs if p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    size = title.style.font.size.pt
    cell_mm = head.rows[0].cells[1].width.mm
    font = ImageFont.truetype(str(__import__("pathlib").Path(matplotlib.get_data_path()) / "fonts" / "ttf"
                                  / "DejaVuSerif-Bold.ttf"), 100)
    # DejaVu Serif Bold runs about 15 % wider than Times New Roman Bold: if it fits, Times fits with room.
    width_mm = font.getlength(title.text) / 100 * size * 25.4 / 72
    assert width_mm < cell_mm - 2, (width_mm, cell_mm)  # 1 mm cell margins each side
    # Word fills the table of contents (page numbers) when the document opens.
    assert 'w:updateFields w:val="true"' in doc.settings.element.xml
    items = [p for p in doc.paragraphs if p.text.endswith(("Mục một", "Mục hai"))]
    assert [p.text for p in items] == ["– Mục một", "– Mục hai"] and "•" not in doc.element.xml
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    first = [c.paragraphs[0].paragraph_format.space_before for c in signature.rows[0].cells]
    assert first[0] == first[1] and first[0] is not None
