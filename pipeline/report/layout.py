"""HTML pieces of an official report (Decree 30/2020/NĐ-CP): header, title, tables, signature.

The markup lives in Jinja2 templates (templates/, autoescaped: text from input files is escaped
there); this module prepares what they print. Column specifications are in `tables`.
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
from . import fmt

TEMPLATES = Path(__file__).parent / "templates"
RECIPIENTS = {
    "units": ["UBND tỉnh (b/c)", "Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố",
              "UBND các xã, phường, thị trấn", "Lưu: VT, CCHC"],
    "national": ["Bộ Nội vụ (b/c)", "Thường trực Tỉnh ủy (b/c)", "UBND tỉnh (b/c)", "Các sở, ban, ngành tỉnh",
                 "Lưu: VT, CCHC"],
    "unit": ["Như trên", "Lưu: VT, CCHC"],
}


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


def official_header(dataset: Dataset, kind: str, title: str, subtitle: str = "", reissue: str = "",
                    contents: bool = False) -> str:
    """Agency and motto blocks, number, place and date, then the title (Decree 30 layout).

    reissue: why this report replaces an earlier one (a box under the title); contents: leave the
    place for the table of contents, which the render stage fills from the h2/h3 headings.
    """
    meta = dataset.reports.get(kind) or dataset.reports.get("units")
    return render("header.html.j2", parent_agency=dataset.parent_agency, agency=dataset.agency,
                  number=meta.number if meta else "…",
                  place_date=f"{dataset.place}, {fmt.ngay(meta.date)}" if meta else "",
                  title=title, subtitle=subtitle, reissue=reissue, contents=contents)


def signature_block(dataset: Dataset, kind: str, recipients: Sequence[str] | None = None) -> str:
    """Nơi nhận on the left, the signer on the right."""
    names = recipients if recipients is not None else RECIPIENTS.get(kind, RECIPIENTS["units"])
    return render("signature.html.j2", recipients=[str(n) for n in names])


def sample_mark(dataset: Dataset) -> str:
    """A mark on every page when the data is the generated sample (contract §2)."""
    return render("sample-mark.html.j2") if dataset.sample else ""


def reissue_note(text: str) -> str:
    """The box a re-issued report opens with: it replaces the earlier version, and why."""
    return render("reissue.html.j2", reissue=text) if text else ""


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
    kind: str = "text"  # text | so | diem | pct | int | dau | bac
    fn: Callable[[object], str] | None = None  # plain text out (escaped when printed)
    css: str = ""  # "ten" (a name: keeps a readable width), "lien" (never wraps)


FORMATS: dict[str, Callable[[object], str]] = {
    "text": lambda v: "" if v is None else str(v),
    "so": lambda v: fmt.so(v),
    "diem": lambda v: fmt.diem(v),
    "pct": lambda v: fmt.phan_tram(v),
    "int": lambda v: "–" if pd.isna(v) else fmt.so_nguyen(int(v)),
    "dau": lambda v: fmt.dau(v),
    "bac": lambda v: fmt.dau_bac(v),
}


def table(frame: pd.DataFrame, cols: Sequence[Col], caption: str = "", css: str = "",
          sortable: bool = True, row_class: Callable[[pd.Series], str] | None = None) -> str:
    """An HTML table: Vietnamese number formats, numbers right-aligned, raw values for sorting."""
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
    return render("table.html.j2", caption=caption, classes=classes, head=head, rows=rows)


def key_values(pairs: Sequence[tuple[str, str]], caption: str = "") -> str:
    """A two-column table of labels and already formatted values."""
    return render("key-values.html.j2", pairs=pairs, caption=caption)
