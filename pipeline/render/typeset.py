"""Document blocks → A4 PDF with Typst (the `typst` wheel: no system library, no browser).

Decree 30/2020/NĐ-CP layout: margins 20/20/30/15 mm, page number at the top centre from page 2,
agency and motto blocks, the title, the body, then recipients and signature. The serif is
Libertinus Serif, which the Typst wheel embeds (it covers Vietnamese); chart SVGs name DejaVu Sans,
found in matplotlib's own font folder. Same blocks and date, same bytes (the document date is set,
nothing reads the clock).
"""
from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import typst

from ..contract import CHARTS_KEPT_ENV, MOTTO, SAMPLE_MARK
from ..files import digest, kept_bytes
from .html import Page

# matplotlib's data folder, found without importing matplotlib (a tenth of a second in every worker).
FONT_PATHS = [str(Path(importlib.util.find_spec("matplotlib").origin).parent / "mpl-data" / "fonts" / "ttf")]
PREAMBLE = (Path(__file__).parent / "templates" / "pdf" / "report.typ").read_text(encoding="utf-8")
PNG_PPI = 200  # a chart in Word: sharp in print at the text width


@lru_cache(maxsize=1)
def _compiler() -> typst.Compiler:
    """One compiler per process: the fonts are read once, not for every one of 130 unit reports."""
    return typst.Compiler(font_paths=FONT_PATHS, ignore_system_fonts=True)


def to_pdf(blocks: list[dict], page: Page) -> bytes:
    """The PDF of a document; page gives its title, author, date and the sample mark."""
    return _compiler().compile(input=source(blocks, page).encode("utf-8"))


def raster(svg: str, ppi: int = PNG_PPI) -> bytes:
    """A chart's SVG drawn as a PNG at its own size, for Word (which cannot be relied on to show SVG).

    Typst draws it with the fonts the PDF uses, so the Word chart is the PDF chart; and it is one drawing
    of the SVG, cheaper than asking matplotlib for a second, raster, rendering of every chart.
    """
    page = f'#set page(width: auto, height: auto, margin: 0pt)\n#image(bytes({lit(svg)}), format: "svg")\n'

    def drawn() -> bytes:
        return _compiler().compile(input=page.encode("utf-8"), format="png", ppi=ppi)

    # While the build runs, kept beside the charts (report.charts.kept): a correction draws again only the charts
    # it changed. The fonts are matplotlib's (FONT_PATHS).
    folder = os.environ.get(CHARTS_KEPT_ENV)
    if not folder:
        return drawn()
    return kept_bytes(Path(folder), f"{digest(page, str(ppi), _drawing_versions())}.png", drawn)


@lru_cache(maxsize=1)
def _drawing_versions() -> str:
    """What draws a chart's PNG besides its SVG: Typst, and matplotlib's fonts (read once: a metadata lookup)."""
    return f"typst {version('typst')}, matplotlib {version('matplotlib')}"


def source(blocks: list[dict], page: Page) -> str:
    """The Typst source of a document (kept separate from compiling: tests and debugging read it)."""
    d = page.date
    head = [PREAMBLE,
            f"#show: report.with(title: {s(page.title)}, author: {s(page.author)}, "
            f"date: datetime(year: {d.year}, month: {d.month}, day: {d.day}), mark: {s(_plain_mark(page.mark))})"]
    return "\n".join(head + [BLOCKS[b["type"]](b) for b in blocks if b["type"] in BLOCKS]) + "\n"


def s(text: object) -> str:
    """A Typst string literal of printed text: text never goes through markup, so nothing in the data can
    inject any; a very long unbroken run (a 200-character word) gets break opportunities (breakable)."""
    return lit(breakable("" if text is None else str(text)))


def lit(value: str) -> str:
    """A Typst string literal of the text exactly (an SVG's bytes)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "") + '"'


BREAK_EVERY = 30  # characters of an unbroken run between two break opportunities
_LONG_RUN = re.compile(r"[^\s\u200b-]{%d,}" % (BREAK_EVERY + 1))


def breakable(text: str) -> str:
    """The text with a zero-width space every BREAK_EVERY characters of any run longer than that without a
    space or hyphen: Typst can then break it, where a 200-character word would otherwise run off the page."""
    if len(text) <= BREAK_EVERY:
        return text
    return _LONG_RUN.sub(lambda m: "\u200b".join(m[0][i:i + BREAK_EVERY]
                                                 for i in range(0, len(m[0]), BREAK_EVERY)), text)


def runs(items: list[dict]) -> str:
    """Runs of a paragraph as content: #strong, #emph or plain strings."""
    parts = []
    for r in items:
        text = s(r["text"])
        if r.get("bold") and r.get("italic"):
            parts.append(f"#strong(emph({text}))")
        elif r.get("bold"):
            parts.append(f"#strong({text})")
        elif r.get("italic"):
            parts.append(f"#emph({text})")
        else:
            parts.append(f"#{text}")
    return "[" + "".join(parts) + "]"


def header(b: dict) -> str:
    args = ", ".join(f"{k}: {s(b.get(k, ''))}" for k in ("parent_agency", "agency", "number", "place_date",
                                                       "doc_type", "title", "subtitle", "recipient", "appendix"))
    args += f", motto: ({s(MOTTO[0])}, {s(MOTTO[1])})"
    return f"#official-header({args})"


def heading(b: dict) -> str:
    return f"#heading(level: {min(int(b['level']) - 1, 3) if b['level'] > 1 else 1}, {s(b['text'])})"


def paragraph(b: dict) -> str:
    return f"#para({runs(b['runs'])}, style: {s(b.get('style', ''))})"


def bullet_list(b: dict) -> str:
    items = ", ".join(runs(item) for item in b["items"])
    return f"#bullets(({items},), ordered: {'true' if b.get('ordered') else 'false'})"


def table(b: dict) -> str:
    columns = "(" + ", ".join(s(c.get("align", "left")) for c in b["columns"]) + ",)"
    widths = "(" + ", ".join(s(c.get("width", "auto")) for c in b["columns"]) + ",)"
    labels = "(" + ", ".join(s(c["label"]) for c in b["columns"]) + ",)"
    rows = "(" + ", ".join("(" + ", ".join(s(v) for v in row) + ",)" for row in b["rows"]) + ",)"
    return (f"#data-table(caption: {s(b.get('caption', ''))}, aligns: {columns}, widths: {widths}, "
            f"labels: {labels}, rows: {rows}, small: {'true' if b.get('small') else 'false'})")


def key_values(b: dict) -> str:
    rows = "(" + ", ".join(f"({s(k)}, {s(v)})" for k, v in b["rows"]) + ",)"
    return f"#key-values(caption: {s(b.get('caption', ''))}, rows: {rows})"


def figure(b: dict) -> str:
    return f"#chart(bytes({lit(b['svg'])}), caption: {s(b.get('caption', ''))})"


def note(b: dict) -> str:
    return f"#reissue({s(b['text'])})"


def draft(b: dict) -> str:
    return f"#draft-mark({s(b['text'])})"


def signature(b: dict) -> str:
    recipients = "(" + ", ".join(s(r) for r in b.get("recipients", [])) + ",)"
    lines = "(" + ", ".join(s(x) for x in b.get("signer_lines", [])) + ",)"
    return f"#signature(recipients: {recipients}, signer-lines: {lines}, name: {s(b.get('name', ''))})"


def contents(b: dict) -> str:
    return "#contents()"


def page_break(b: dict) -> str:
    return "#pagebreak(weak: true)"


BLOCKS = {"header": header, "heading": heading, "paragraph": paragraph, "list": bullet_list, "table": table,
          "key_values": key_values, "figure": figure, "note": note, "draft": draft, "signature": signature,
           "contents": contents,
          "page_break": page_break}


def _plain_mark(mark: str) -> str:
    """The sample mark arrives as HTML for the page; the PDF prints its words in the footer."""
    return SAMPLE_MARK if mark else ""

