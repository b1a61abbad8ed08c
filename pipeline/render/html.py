"""Executed notebook → the report page (nbconvert, no code cells, inline CSS and table sorter)."""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nbformat import NotebookNode

from ..text import slug as text_slug

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    """What the HTML head and the PDF metadata say about a report."""

    title: str
    author: str
    date: dt.date
    mark: str = ""  # the sample mark, when the data is generated
    home: str = ""  # relative link to the year's landing page (index.html), shown on screen only


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    report = TEMPLATES / "report"
    return (report / "report.css").read_text(encoding="utf-8"), (report / "sort.js").read_text(encoding="utf-8")


def sort_script() -> str:
    """The report pages' table sorter (click a header), for the landing page too: one sorter."""
    return _assets()[1]


def ready() -> None:
    """Build the exporter now (a quarter of a second, once per process): a worker does it as it starts."""
    _exporter()


@lru_cache(maxsize=1)
def _exporter():
    # nbconvert imported here: the build's main process uses this module's templates only (a third of its start).
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class _ReportExporter(HTMLExporter):
        """nbconvert's HTML export without the work a report does not need (together, half its cost for a unit).

        The notebook comes straight from papermill, valid, and from_notebook_node has already copied it:
        no second deep copy, normalisation and schema check per preprocessor (nbformat recompiles its
        schema at every relaxed validation). And no BeautifulSoup pass over the finished page: it adds alt
        text to <img> and tabindex to input cells, and a report has neither (charts are inline SVG, inputs
        are excluded), but it parses and rewrites the whole page, inline SVG, CSS and script included.
        """

        def _preprocess(self, nb, resources):
            for preprocessor in self._preprocessors:
                nb, resources = preprocessor(nb, resources)
            return nb, resources

        def from_notebook_node(self, nb, resources=None, **kw):
            resources = self._init_resources(resources)
            # The two filters HTMLExporter.from_notebook_node registers before rendering.
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer="ipython3", parent=self))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                           parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    exporter = _ReportExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    # No anchor links: nbconvert writes them as <a … />, which HTML parsers read as an open link
    # that swallows the text after the heading; ids are given by add_heading_ids instead.
    exporter.exclude_anchor_links = True
    return exporter


def to_html(nb: NotebookNode, page: Page) -> str:
    """The report page: no code cells, inline CSS and table sorter, a table of contents."""
    css, js = _assets()
    resources = {"report_title": page.title, "report_author": page.author, "report_date": page.date.isoformat(),
                 "report_css": css, "report_js": js, "report_mark": page.mark, "report_home": page.home}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return add_contents(add_heading_ids(body))


MARKDOWN_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
ANY_ID = re.compile(r'<h[1-6] id="([^"]+)"')


def slug(text: str) -> str:
    """An ASCII id from a heading's text: 'II. KẾT QUẢ CHỈ SỐ CCHC' → 'ii-ket-qua-chi-so-cchc'."""
    return text_slug(html.unescape(re.sub(r"<[^>]+>", "", text)), "muc")


def add_heading_ids(page: str) -> str:
    """Give every Markdown heading an id for the table of contents: a slug of its text.

    The same heading text again (a group's name under each part) gets -2, -3 … in page order, so
    ids are unique, and the same notebook and data always give the same ids.
    """
    taken = set(ANY_ID.findall(page))  # headings written as HTML keep theirs

    def give_id(match: re.Match) -> str:
        level, text = match.group(1), match.group(2)
        anchor = base = slug(text)
        n = 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        return f'<h{level} id="{anchor}">{text}</h{level}>'

    return MARKDOWN_HEADING.sub(give_id, page)


HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.S)


def add_contents(page: str) -> str:
    """Replace the <div id="muc-luc"> placeholder with links to every h2/h3 (pages in the PDF)."""
    if '<div id="muc-luc"></div>' not in page:
        return page
    items = []
    for level, anchor, text in HEADING.findall(page):
        label = re.sub(r"<[^>]+>", "", text).strip()
        items.append(f'<li class="muc-{level}"><a href="#{anchor}">{label}</a></li>')
    nav = f'<nav class="muc-luc"><div class="dam">Mục lục</div><ul>{"".join(items)}</ul></nav>' if items else ""
    return page.replace('<div id="muc-luc"></div>', nav, 1)
