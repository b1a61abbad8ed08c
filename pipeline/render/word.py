"""Document blocks → Word (.docx) with python-docx, for officials to edit and route for signature.

Formatting lives in the styles of a reference document (templates/docx/reference.docx): an office
can replace it with its own template as long as the style names stay. Decree 30/2020 layout: A4,
margins 20/20/30/15 mm, Times New Roman, page number at the top centre from page 2, the agency and
motto blocks and the signature as borderless tables, headings as Word headings (navigation pane),
tables with a repeated header row. Same blocks and date, same bytes.
"""
from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell

from ..contract import MOTTO, SAMPLE_MARK
from ..files import fixed_zip, normalise_zip
from . import typeset
from .html import Page

REFERENCE = Path(__file__).parent / "templates" / "docx" / "reference.docx"
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less the left and right margins

# Style name → (font size pt, bold, italic, alignment, first-line indent cm, space before, space after).
PARAGRAPH_STYLES = {
    "Normal": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.0, 0, 6),
    "Heading 1": (14, True, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 12, 6),
    "Heading 2": (14, True, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 9, 6),
    "Heading 3": (14, True, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 6, 6),
    "List Bullet": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 0, 4),
    "Numbered Item": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 0, 4),
    "Caption": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 9, 4),
    "Figure Caption": (12, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 3, 9),
    "Table Text": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0),
    "Table Heading": (11, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "Table Text Small": (9.5, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0),
    "Table Heading Small": (9.5, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "Agency": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "Agency Name": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "Motto": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "National Title": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),  # one line (Decree 30: 12–13 pt)
    "List Dash": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 0, 4),  # "– item", the dash hanging
    "Place Date": (14, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 4, 0),
    "Document Type": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 18, 0),
    "Document Title": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 6),
    "Recipient": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 6),
    "Reissue Note": (13, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 6, 6),
    "Recipients Heading": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 12, 0),
    "Recipients": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0),
    "Signer": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "Page Number": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "Sample Mark": (8, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0),
    "Contents Heading": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 6),
    "Contents": (13, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 2),
    "Rule": (2, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 2),
}


def make_reference(path: Path = REFERENCE) -> None:
    """Write the reference document: python-docx's default template with the styles above."""
    doc = Document()
    styles = doc.styles
    for name, (size, bold, italic, align, indent, before, after) in PARAGRAPH_STYLES.items():
        style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name != "Normal" and style.base_style is None and not name.startswith("Heading"):
            style.base_style = styles["Normal"]
        font = style.font
        font.name, font.size, font.bold, font.italic = "Times New Roman", Pt(size), bold, italic
        font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), "Times New Roman")
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
        fmt = style.paragraph_format
        fmt.alignment, fmt.first_line_indent = align, Cm(indent) if indent else Cm(0)
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), 1.0
        if name.startswith("Heading") or name in ("Caption", "Contents Heading"):
            fmt.keep_with_next = True
        if name in ("Numbered Item", "List Dash"):  # the number or dash hangs in the margin of the text
            fmt.left_indent, fmt.first_line_indent = Cm(1.0), Cm(-0.6)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    doc.core_properties.author = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue(), dt.datetime(2024, 1, 1)))


def to_docx(blocks: list[dict], page: Page) -> bytes:
    """The Word document of a document's blocks."""
    doc = Document(str(REFERENCE))
    body = doc.element.body
    for element in list(body):  # the reference's own (empty) paragraph; keep its section settings
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    headings = [b for b in blocks if b["type"] == "heading"]
    for block in blocks:
        WRITERS[block["type"]](doc, block, headings) if block["type"] in WRITERS else None
    _page_furniture(doc, page)
    if any(b["type"] == "contents" for b in blocks):
        _update_fields_on_open(doc)
    created = dt.datetime.combine(page.date, dt.time())
    props = doc.core_properties
    # Core properties hold at most 255 characters (python-docx refuses more): a long unit name in a title is cut
    # there; the document itself prints it whole.
    props.title, props.author, props.last_modified_by = (_property(page.title), _property(page.author),
                                                         _property(page.author))
    props.created = props.modified = props.last_printed = created
    props.revision, props.comments, props.keywords, props.subject = 1, "", "", ""
    return _package(doc, created)


MAX_PROPERTY = 255


def _property(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY else text[:MAX_PROPERTY - 1].rstrip() + "…"


class _Entries:
    """Takes the files of a package from python-docx's PackageWriter, in its order, instead of a zip file."""

    def __init__(self):
        self.files: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.files.append((pack_uri.membername, blob))


def _package(doc, when: dt.datetime) -> bytes:
    """The .docx: what Document.save writes, zipped once with fixed dates at level 1 (Document.save zips at
    the default level, and the dates fixed afterwards meant unzipping and zipping again: 13 → 6 ms a report)."""
    package = doc.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return fixed_zip(entries.files, when, level=1)


def _page_furniture(doc, page: Page) -> None:
    """Page number at the top centre from page 2; the sample mark in every footer."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    _set_style(header, doc, "Page Number")
    _field(header, "PAGE", "2")
    section.first_page_header.paragraphs[0].text = ""
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        _set_style(paragraph, doc, "Sample Mark")
        paragraph.text = SAMPLE_MARK if page.mark else ""


# The elements of w:settings (ECMA-376 CT_Settings) that come after w:updateFields.
SETTINGS_AFTER_UPDATE = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                         "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                         "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                         "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _update_fields_on_open(doc) -> None:
    """Word fills the table of contents (its page numbers) when the document opens: w:updateFields in
    settings.xml (Word asks once whether to update the fields)."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        # In the schema's order (Word refuses settings out of it): before the first of those that follow it.
        after = next((child for child in settings if child.tag in {qn(f"w:{n}") for n in SETTINGS_AFTER_UPDATE}),
                     None)
        settings.insert(list(settings).index(after), element) if after is not None else settings.append(element)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE …) with a cached result that shows before Word updates it."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _instruction(paragraph, instruction: str) -> None:
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)


STYLE_IDS: dict[str, str] = {}  # every document starts from the same reference.docx: one lookup per process


def _style_id(doc, name: str) -> str:
    if name not in STYLE_IDS:
        STYLE_IDS[name] = doc.styles[name].style_id
    return STYLE_IDS[name]


def _set_style(paragraph, doc, name: str) -> None:
    # By id: python-docx's by-name assignment scans every style of the document each time (0.3 s a report).
    paragraph._p.style = _style_id(doc, name)


def _add(container, doc, name: str, text: str = ""):
    paragraph = container.add_paragraph(text)
    _set_style(paragraph, doc, name)
    return paragraph


def _runs(paragraph, runs: list[dict]) -> None:
    for r in runs:
        run = paragraph.add_run(r["text"])
        if r.get("bold"):
            run.bold = True
        if r.get("italic"):
            run.italic = True


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_paragraphs(cell, lines: list[tuple[str, str]], doc) -> None:
    """Fill a cell with (style, text) lines; the cell's first, empty paragraph takes the first line."""
    first = True
    for style, text in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        _set_style(paragraph, doc, style)
        paragraph.add_run(text)
        first = False


def _rule(cell, doc, cell_mm: float, rule_mm: float) -> None:
    """A short rule under the agency name and the motto: the top border of a narrow, tiny paragraph."""
    paragraph = _add(cell, doc, "Rule")
    indent = Mm((cell_mm - rule_mm) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    border.append(top)
    ppr.append(border)


HEADER_MM = [62.0, 110.0]  # the agency and the motto blocks


def header(doc, b: dict, headings) -> None:
    if b.get("appendix"):  # an appendix goes with its report: no agency and motto blocks of its own
        for key, style in (("appendix", "Document Type"), ("title", "Document Title"), ("subtitle", "Figure Caption")):
            if b.get(key):
                _add(doc, doc, style, b[key])
        return
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    # A little wider than the text, as offices set it: the national title and the motto each on one line.
    _widths(table, HEADER_MM)
    _cell_paragraphs(left, [("Agency", b.get("parent_agency", "").upper()),
                            ("Agency Name", b.get("agency", "").upper())], doc)
    _rule(left, doc, HEADER_MM[0], 24)
    _add(left, doc, "Agency", b.get("number", ""))
    _cell_paragraphs(right, [("National Title", MOTTO[0]), ("Motto", MOTTO[1])], doc)
    _rule(right, doc, HEADER_MM[1], 52)
    _add(right, doc, "Place Date", b.get("place_date", ""))
    for key, style in (("doc_type", "Document Type"), ("title", "Document Title")):
        if b.get(key):
            _add(doc, doc, style, b[key])
    if b.get("subtitle"):
        _add(doc, doc, "Figure Caption", b["subtitle"])
    if b.get("recipient"):
        _add(doc, doc, "Recipient", f"Kính gửi: {b['recipient']}")


def heading(doc, b: dict, headings) -> None:
    level = {1: 1, 2: 1, 3: 2}.get(int(b["level"]), 3)
    _add(doc, doc, f"Heading {level}", b["text"])


def paragraph(doc, b: dict, headings) -> None:
    p = _add(doc, doc, "Figure Caption" if b.get("style") == "note" else "Normal")
    _runs(p, b["runs"])


def bullet_list(doc, b: dict, headings) -> None:
    """Items with the dash official texts use ("– "), a numbered list with its numbers, both written out and
    hanging (Word's own list numbering would run on from one list to the next, and its bullet is "•")."""
    for number, item in enumerate(b["items"], start=1):
        if b.get("ordered"):
            p = _add(doc, doc, "Numbered Item", f"{number}. ")
        else:
            p = _add(doc, doc, "List Dash", "– ")
        _runs(p, item)


def table(doc, b: dict, headings) -> None:
    if b.get("caption"):
        _add(doc, doc, "Caption", b["caption"])
    columns = b["columns"]
    small = bool(b.get("small"))
    widths = column_widths(columns, b["rows"], small)
    t = doc.add_table(rows=1, cols=len(columns))
    t._tbl.tblStyle_val = _style_id(doc, "Table Grid")
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _narrow_margins(t)
    suffix = " Small" if small else ""
    for cell, column in zip(_cells(t)[0], columns):
        _set_style(cell.paragraphs[0], doc, "Table Heading" + suffix)
        cell.paragraphs[0].add_run(column["label"])
    _repeat_header(t.rows[0])
    _widths(t, widths)
    # The body as one piece of XML, parsed once: python-docx's element-by-element API took most of a unit
    # report's Word writing (0.07 s), in child lookups for every paragraph, run and property.
    style = _style_id(doc, "Table Text" + suffix)
    twips = [int(Mm(w).twips) for w in widths]
    rows = "".join(
        "<w:tr>" + "".join(_cell_xml(str(v), style, column.get("align") == "right", width)
                           for v, column, width in zip(values, columns, twips)) + "</w:tr>"
        for values in b["rows"])
    if rows:
        for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>"):
            t._tbl.append(tr)


def _cell_xml(text: str, style: str, right: bool, width: int) -> str:
    """One body cell: its width, a paragraph in the table text style (right-aligned for numbers), the text."""
    jc = '<w:jc w:val="right"/>' if right else ""
    run = f'<w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>' if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{escape(style, {chr(34): "&quot;"})}"/>{jc}</w:pPr>{run}</w:p></w:tc>')


def _xml_text(text: str) -> str:
    """Text for a w:t element: escaped, and without the control characters XML cannot hold (python-docx
    refuses them too; a stray one in an input file must not stop the report)."""
    return escape("".join(ch for ch in text if ch >= " " or ch in "\t\n"))


def _narrow_margins(table) -> None:
    """1 mm cell margins left and right (Word's default 1.9 mm leaves numbers no room in wide tables)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(Mm(1).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _cells(table) -> list[list[_Cell]]:
    """The cells row by row, read straight from the XML (python-docx's row.cells rebuilds the whole
    table's grid at each call: quadratic in the rows)."""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def key_values(doc, b: dict, headings) -> None:
    table(doc, {"caption": b.get("caption", ""), "columns": [{"label": "Nội dung"}, {"label": "Kết quả"}],
                "rows": b["rows"]}, headings)


def figure(doc, b: dict, headings) -> None:
    png = base64.b64decode(b["png"]) if b.get("png") else typeset.raster(b["svg"]) if b.get("svg") else b""
    if png:
        p = _add(doc, doc, "Figure Caption")
        p.add_run().add_picture(io.BytesIO(png), width=Mm(TEXT_WIDTH_MM))
    if b.get("caption"):
        _add(doc, doc, "Figure Caption", b["caption"])


def note(doc, b: dict, headings) -> None:
    _add(doc, doc, "Reissue Note", b["text"])


def draft(doc, b: dict, headings) -> None:
    """DỰ THẢO at the top right of the first page, bold."""
    p = _add(doc, doc, "Normal")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.first_line_indent = Mm(0)
    run = p.add_run(b["text"])
    run.bold = True


SIGNATURE_SPACE_PT = 12


def signature(doc, b: dict, headings) -> None:
    t = doc.add_table(rows=1, cols=2)
    _borderless(t)
    _widths(t, [82, 83])
    left, right = t.rows[0].cells
    recipients = b.get("recipients", [])
    _cell_paragraphs(left, [("Recipients Heading", "Nơi nhận:")] + [
        ("Recipients", f"- {r}{'.' if i == len(recipients) - 1 else ';'}") for i, r in enumerate(recipients)], doc)
    lines = [("Signer", x) for x in b.get("signer_lines", [])] + [("Signer", "")] * 4 + [("Signer", b.get("name", ""))]
    _cell_paragraphs(right, lines, doc)
    # "Nơi nhận:" and the signer's title on one line: the same space above both (the styles' own differ).
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_before = Pt(SIGNATURE_SPACE_PT)
    # Recipients and signature stay on one page.
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def contents(doc, b: dict, headings) -> None:
    """A table-of-contents field; its cached result lists the headings, so the list shows before Word
    updates the field (and fills in the page numbers), and an update replaces it instead of adding one."""
    _add(doc, doc, "Contents Heading", "MỤC LỤC")
    lines = [h for h in headings] or [{"level": 2, "text": ""}]
    for i, h in enumerate(lines):
        p = _add(doc, doc, "Contents")
        if h["level"] > 2:
            p.paragraph_format.left_indent = Cm(0.8)
        if i == 0:
            _field_char(p, "begin")
            _instruction(p, 'TOC \\o "1-2" \\h \\z \\u')
            _field_char(p, "separate")
        p.add_run(h["text"])
        if i == len(lines) - 1:
            _field_char(p, "end")


def page_break(doc, b: dict, headings) -> None:
    doc.add_page_break()


WRITERS = {"header": header, "heading": heading, "paragraph": paragraph, "list": bullet_list, "table": table,
           "key_values": key_values, "figure": figure, "note": note, "draft": draft, "signature": signature,
           "contents": contents,
           "page_break": page_break}


CHARACTER_MM = {False: 2.1, True: 1.8}  # one character of the table text (11 pt; small tables 9.5 pt)
CELL_MARGINS_MM = 2.0  # the narrow cell margins set on every table (1 mm each side)
MIN_WIDE_MM = 28  # a name or note column is never squeezed below this


def column_widths(columns: list[dict], rows: list[list[str]], small: bool = False) -> list[float]:
    """Millimetres per column from the report stage's widths: "7ch" columns as wide as their text,
    "30fr" columns share what is left by weight (or, when the "ch" columns alone are too wide, all
    columns shrink in proportion)."""
    fixed = {i: float(c["width"][:-2]) * CHARACTER_MM[small] + CELL_MARGINS_MM
             for i, c in enumerate(columns) if str(c.get("width", "")).endswith("ch")}
    shares = {i: float(c["width"][:-2]) if str(c.get("width", "")).endswith("fr") else 10.0
              for i, c in enumerate(columns) if i not in fixed}
    left = TEXT_WIDTH_MM - sum(fixed.values())
    if shares and left < MIN_WIDE_MM * len(shares):  # too narrow to read: everyone gives a little
        left = float(MIN_WIDE_MM * len(shares))
    widths = [fixed.get(i, left * shares.get(i, 0) / max(sum(shares.values()), 1)) for i in range(len(columns))]
    scale = min(1.0, TEXT_WIDTH_MM / sum(widths)) if not shares else TEXT_WIDTH_MM / sum(widths)
    return [w * scale for w in widths]


def _widths(table, millimetres: list[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), millimetres):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    # Fixed layout takes the widths from the grid and the first row (cell widths on every row cost a
    # third of the writing time and say nothing more).
    for cell, width in zip(_cells(table)[0], millimetres):
        cell.width = Mm(width)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)
