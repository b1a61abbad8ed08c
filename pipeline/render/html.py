"""Executed notebook → the report page (nbconvert, no code cells, inline CSS and table sorter)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nbconvert import HTMLExporter
from nbformat import NotebookNode

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    """What the HTML head and the PDF metadata say about a report."""

    title: str
    author: str
    date: dt.date
    mark: str = ""  # the sample mark, when the data is generated


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    report = TEMPLATES / "report"
    return (report / "report.css").read_text(encoding="utf-8"), (report / "sort.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    # Validate once after all preprocessors, not after each (each costs a schema compile: ~40 ms).
    exporter.optimistic_validation = True
    return exporter


def to_html(nb: NotebookNode, page: Page) -> str:
    """The report page: no code cells, inline CSS and table sorter, a table of contents."""
    css, js = _assets()
    resources = {"report_title": page.title, "report_author": page.author, "report_date": page.date.isoformat(),
                 "report_css": css, "report_js": js, "report_mark": page.mark}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return add_contents(body)


HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.S)


def add_contents(page: str) -> str:
    """Replace the <div id="muc-luc"> placeholder with links to every h2/h3 (pages in the PDF)."""
    if '<div id="muc-luc"></div>' not in page:
        return page
    items = []
    for level, anchor, text in HEADING.findall(page):
        label = re.sub(r"<[^>]+>", "", text).strip()
        items.append(f'<li class="muc-{level}"><a href="#{anchor}">{label}</a></li>')
    nav = f'<nav class="muc-luc"><div class="dam">Mục lục</div><ol>{"".join(items)}</ol></nav>' if items else ""
    return page.replace('<div id="muc-luc"></div>', nav, 1)
