"""Pieces of an official report (Decree 30/2020/NĐ-CP): header, title, tables, signature.

Each piece is a `Fragment`: its HTML (Jinja2 templates in templates/, autoescaped: text from input
files is escaped there) for nbconvert, and the same content as structured blocks (BLOCK_MIME) for
the PDF and Word writers (render.document): one content, three formats. Column specifications are
in `tables`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import jinja2
import pandas as pd
from markupsafe import Markup

from ..config import Dataset
from ..contract import ARCHIVE_LINE, BLOCK_MIME, DRAFT_MARK, MOTTO, SAMPLE_MARK
from . import fmt

TEMPLATES = Path(__file__).parent / "templates"
# Nơi nhận of the reports whose recipients do not follow from the year's data. The units report's come
# from the year's groups (context.UnitsReport.recipients), a unit report's from the unit (UnitReport).
# The ministry and any other body reported to are `copies` of the report in dataset.yml (report_copies), never a
# default: a provincial report goes to the Bộ Nội vụ only when the office sends it there.
RECIPIENTS = {
    "national": ["Thường trực Tỉnh ủy (b/c)", "UBND tỉnh (b/c)", "Các sở, ban, ngành tỉnh", ARCHIVE_LINE],
}


def report_copies(dataset: Dataset, kind: str) -> list[str]:
    """The bodies a report kind is also sent to, to report (dataset.yml `reports.<kind>.copies`): "Bộ Nội vụ (b/c)"."""
    meta = dataset.reports.get(kind)
    return [f"{c} (b/c)" for c in meta.copies] if meta else []


def _escape(value: object) -> Markup:
    # Autoescaping with fmt.esc, the one escaping rule of every report (markupsafe writes quotes
    # as &#34; where fmt.esc writes &quot;: same meaning, but the pages would change bytes).
    return value if isinstance(value, Markup) else Markup(fmt.esc(value))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=_escape,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def render(template: str, **values: object) -> str:
    """One template of templates/ with autoescaping; the fragment has no trailing newline."""
    return _environment().get_template(template).render(**values)


@dataclass(frozen=True)
class Fragment:
    """A displayed piece of a report: HTML for nbconvert, structured blocks for the PDF and Word writers."""

    html: str
    blocks: tuple[dict, ...]

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.html, BLOCK_MIME: {"blocks": list(self.blocks)}}

    def __repr__(self) -> str:
        # Saved as text/plain in notebooks too: no memory address, or two runs would differ.
        return f"<{', '.join(b['type'] for b in self.blocks)}>"

    def __add__(self, other: "Fragment") -> "Fragment":
        return Fragment(self.html + other.html, self.blocks + other.blocks)


@dataclass(frozen=True)
class Identity:
    """What a document is: its type, number and date, and for a unit notice whom it is addressed to.

    A report has its number from dataset.yml; a unit notice (Thông báo) its number in the series of
    `unit_notices`; without a series, a unit's result is an appendix of the units report."""

    doc_type: str  # "BÁO CÁO", "THÔNG BÁO", or "" for an appendix
    number: str  # "82/BC-SNV"; "" for an appendix
    date: object  # datetime.date
    recipient: str = ""  # "Kính gửi: …" of a notice
    appendix: str = ""  # "(Kèm theo Báo cáo số 82/BC-SNV ngày 12/3/2024 của Sở Nội vụ tỉnh Vĩnh Long)"
    label: str = ""  # an appendix's heading with its number: "PHỤ LỤC II" (packs.appendices)
    draft: bool = False  # not issued yet: marked DỰ THẢO (build.lifecycle)
    replaces: str = ""  # a replacement: which document it replaces and why (build.lifecycle)


def report_identity(dataset: Dataset, kind: str) -> Identity:
    meta = dataset.report(kind)
    return Identity("BÁO CÁO", meta.number if meta else "", dataset.report_date(kind))


def unit_identity(dataset: Dataset, position: int, unit_name: str, numeral: str = "") -> Identity:
    """The unit's notice, numbered by its position in the year's units; or, without a series, a part of the units
    report's appendix `numeral` (the unit's results: "PHỤ LỤC III.5")."""
    series = dataset.unit_notices
    if series is not None:
        return Identity("THÔNG BÁO", series.number(position), series.date, recipient=unit_name)
    return appendix_identity(dataset, f"{numeral}.{position + 1}" if numeral else "")


def appendix_identity(dataset: Dataset, numeral: str) -> Identity:
    """An appendix of the units report: "PHỤ LỤC II" and the line naming the report and its issuer in full (an
    appendix is also distributed on its own)."""
    meta, date = dataset.report("units"), dataset.report_date("units")
    number = f"số {meta.number} " if meta else ""
    return Identity("", "", date, appendix=f"(Kèm theo Báo cáo {number}ngày {fmt.ngay_so(date)} "
                                           f"của {dataset.issuer})", label=f"PHỤ LỤC {numeral}".strip())


def official_header(dataset: Dataset, identity: Identity, title: str, subtitle: str = "", reissue: str = "",
                    contents: bool = False) -> Fragment:
    """Agency and motto blocks, number, place and date, then the type and title (Decree 30 layout); an
    appendix has only its title and the line saying which report it goes with.

    The identity says whether the document is a draft (a DỰ THẢO mark above everything) and, for a
    replacement, which document it replaces and why (a box under the title). reissue: that sentence given
    by hand (identity.replaces wins); contents: the table of contents, which the render stage fills from the
    headings.
    """
    reissue = identity.replaces or reissue
    # No line breaks inside a proper name ("Sở Công / Thương", "Sở Kế hoạch / và Đầu tư").
    title = fmt.giu_ten(title, (identity.recipient,) if identity.recipient else ())
    if identity.appendix:  # only its title and the line naming its report: nothing of dataset.yml
        label = identity.label or "PHỤ LỤC"
        html = render("header.html.j2", title=title, appendix=identity.appendix, label=label, reissue=reissue,
                      contents=contents)
        header = {"type": "header", "appendix": label, "title": title, "subtitle": identity.appendix}
    else:
        number = f"Số: {identity.number}" if identity.number else ""
        values = {"parent_agency": dataset.parent_agency, "agency": dataset.agency, "number": number,
                  "place_date": f"{dataset.place}, {fmt.ngay(identity.date)}", "doc_type": identity.doc_type,
                  "title": title, "subtitle": subtitle, "recipient": identity.recipient, "appendix": ""}
        html = render("header.html.j2", **values, motto=MOTTO, reissue=reissue, contents=contents)
        header = {"type": "header", **values}
    blocks = [header]
    if identity.draft:
        html = render("draft-mark.html.j2", mark=DRAFT_MARK) + html
        blocks.insert(0, {"type": "draft", "text": DRAFT_MARK})
    if reissue:
        blocks.append({"type": "note", "text": reissue})
    if contents:
        blocks.append({"type": "contents"})
    return Fragment(html, tuple(blocks))


def signature_block(dataset: Dataset, kind: str, recipients: Sequence[str] | None = None) -> Fragment:
    """Nơi nhận on the left, the signer on the right: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", space to sign, the
    name (dataset.yml `signer`; an empty line when not given)."""
    if recipients is None:
        recipients = report_copies(dataset, kind) + RECIPIENTS[kind]
    names = [str(n) for n in recipients]
    signer = dataset.signer
    html = render("signature.html.j2", recipients=names, signer_lines=signer.lines, name=signer.name)
    return Fragment(html, ({"type": "signature", "recipients": names, "signer_lines": signer.lines,
                            "name": signer.name},))


def page_break() -> Fragment:
    """Appendices start on a new page (after the signature)."""
    return Fragment('<div class="ngat-trang"></div>', ({"type": "page_break"},))


def sample_mark(dataset: Dataset) -> str:
    """A mark on every page when the data is the generated sample (contract §2)."""
    return render("sample-mark.html.j2", mark=SAMPLE_MARK) if dataset.sample else ""


def page_meta(dataset: Dataset) -> dict[str, str]:
    """What every page of a document carries beside its content (render.html.Page): its author, as the
    documents' properties name it, and the sample mark."""
    return {"author": f"{dataset.agency} {dataset.province}", "mark": sample_mark(dataset)}



def heading(level: int, text: str) -> str:
    """A Markdown heading whose text comes from the data: '### 1. Nhóm Sở, ban, ngành tỉnh'.

    Fixed headings are written in the notebooks' Markdown cells; both look the same in the report,
    and the render stage gives each a stable id that the table of contents links to.
    """
    return f"{'#' * level} {fmt.md(text)}"


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    kind: str = "text"  # text | so | so_len (a threshold to reach, rounded up) | diem | pct | int | dau | bac
    fn: Callable[[object], str] | None = None  # plain text out (escaped when printed)
    css: str = ""  # "ten" (a name: keeps a readable width), "lien" (never wraps)
    share: int | None = None  # a wide column's share of the free width ("30fr"), when its longest value misleads


FORMATS: dict[str, Callable[[object], str]] = {
    "text": lambda v: "" if v is None else str(v),
    "so": lambda v: fmt.so(v),
    "so_len": lambda v: fmt.so_len(v),
    "diem": lambda v: fmt.diem(v),
    "pct": lambda v: fmt.phan_tram(v),
    "int": lambda v: "–" if pd.isna(v) else fmt.so_nguyen(int(v)),
    "dau": lambda v: fmt.dau(v),
    "bac": lambda v: fmt.dau_bac(v),
}


WIDE_TEXT = 14  # characters: a text column whose values run longer is a wide column (names, notes)


def table(frame: pd.DataFrame, cols: Sequence[Col], caption: str = "", css: str = "",
          sortable: bool = True, row_class: Callable[[pd.Series], str] | None = None) -> Fragment:
    """A table: Vietnamese number formats, numbers right-aligned, raw values for sorting (HTML)."""
    head = [(c.label, "so" if c.kind != "text" else "") for c in cols]
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in cols:
            value = row.get(c.key)
            shown = c.fn(value) if c.fn else FORMATS[c.kind](value)
            raw = None if c.kind == "text" else ("" if pd.isna(value) else f"{float(value):.6f}")
            cells.append((raw, c.css, shown))
        rows.append((row_class(row) if row_class else None, cells))
    classes = " ".join(x for x in ("bang", "sortable" if sortable else "", css) if x)
    html = render("table.html.j2", caption=caption, classes=classes, head=head, rows=rows)
    texts = [[shown for _, _, shown in cells] for _, cells in rows]
    columns = []
    for i, c in enumerate(cols):
        columns.append({"label": c.label, "align": "left" if c.kind == "text" else "right",
                        "width": column_width(c, [r[i] for r in texts])})
    return Fragment(html, ({"type": "table", "caption": caption, "columns": columns, "rows": texts,
                            "small": "nho" in css.split()},))


def column_width(col: Col, shown: list[str]) -> str:
    """How wide a column prints: "7ch" (as wide as its longest value or header word, in characters, for
    numbers, codes and short labels) or "30fr" (names and notes share what is left, by their length,
    capped so that one long note cannot squeeze the rest). The writers turn these into their units."""
    longest = max((len(v) for v in shown), default=0)
    widest_word = max((len(w) for w in col.label.split()), default=0)
    if col.kind == "text" and col.css != "lien" and (col.css == "ten" or longest > WIDE_TEXT):
        return f"{col.share}fr" if col.share else f"{min(max(longest, 18), 36)}fr"
    return f"{max(longest, round(widest_word * 1.25), 3)}ch"  # header words are bold capitals: wider


def key_values(pairs: Sequence[tuple[str, str]], caption: str = "") -> Fragment:
    """A two-column table of labels and already formatted values."""
    html = render("key-values.html.j2", pairs=pairs, caption=caption)
    return Fragment(html, ({"type": "key_values", "caption": caption, "rows": [[str(k), str(v)] for k, v in pairs]},))
