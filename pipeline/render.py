"""Executed notebook → HTML (nbconvert, no code) → PDF (WeasyPrint); atomic, byte-deterministic writes."""
from __future__ import annotations

import atexit
import datetime as dt
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat
from nbformat import NotebookNode

TEMPLATES = Path(__file__).parent / "templates"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@dataclass(frozen=True)
class Page:
    """What the HTML head and the PDF metadata say about a report."""

    title: str
    author: str
    date: dt.date
    mark: str = ""  # the sample mark, when the data is generated


def execute(notebook: Path, params: dict, cwd: Path | None = None, warm: bool = False) -> NotebookNode:
    """Run a parameterised notebook with papermill; strip run times so the output is reproducible.

    warm=True runs it in this process's long-lived kernel (pipeline.engine); the executed
    notebook is the same, cell for cell, as a plain papermill run.
    """
    import papermill as pm

    from . import engine

    nb = pm.execute_notebook(str(notebook), None, parameters=params, progress_bar=False, log_output=False,
                             cwd=str(cwd) if cwd else None, kernel_name="python3",
                             engine_name=engine.ENGINE_NAME if warm else None)
    return clean(nb)


def clean(nb: NotebookNode) -> NotebookNode:
    """Drop what changes from run to run: papermill's times and paths, execution stamps, cell ids."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    count = 0
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell.id = f"c{i}"  # the injected cell gets a random id each run; fixed ids keep outputs identical
        if cell.cell_type == "code":
            # A warm kernel keeps counting across notebooks: number the cells as a fresh kernel would.
            count += 1
            cell.execution_count = count
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = count
    return nb


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    report = TEMPLATES / "report"
    return (report / "report.css").read_text(encoding="utf-8"), (report / "sort.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

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


@lru_cache(maxsize=1)
def _pdf_css():
    """Fonts for the PDF: DejaVu Serif from matplotlib's own files, so every machine embeds the same
    Vietnamese-capable face (no system fonts needed, byte-identical PDFs)."""
    import matplotlib
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = [("DejaVuSerif.ttf", "normal", "normal"), ("DejaVuSerif-Bold.ttf", "bold", "normal"),
             ("DejaVuSerif-Italic.ttf", "normal", "italic"), ("DejaVuSerif-BoldItalic.ttf", "bold", "italic"),
             ("DejaVuSans.ttf", "normal", "normal"), ("DejaVuSans-Bold.ttf", "bold", "normal")]
    # Charts are SVG with text in "DejaVu Sans": the same files serve them.
    rules = [f'@font-face {{ font-family: "{"DejaVu Sans" if "Sans" in f else "PAR Serif"}"; '
             f'src: url("{(fonts / f).as_uri()}"); font-weight: {w}; font-style: {s}; }}' for f, w, s in faces]
    # !important: the page's own CSS names Times New Roman first, which a machine may or may not have.
    text = "html, body, main, div, p, li, ul, ol, table, td, th, caption, figcaption, h1, h2, h3, h4, a, strong, em, span"
    rules.append(f'{text} {{ font-family: "PAR Serif" !important; }} html {{ font-size: 12pt; }} '
                 '.du-lieu-mau { font-family: "DejaVu Sans" !important; } table.bang { font-size: 9pt; } '
                 'nav.muc-luc a::after { content: leader(".") target-counter(attr(href), page); }')
    fonts_config = FontConfiguration()  # @font-face only works with the same configuration at write time
    # Let it go before interpreter shutdown: its __del__ needs modules that are gone by then.
    atexit.register(_pdf_css.cache_clear)
    return CSS(string="\n".join(rules), font_config=fonts_config), fonts_config


def to_pdf(page: str, date: dt.date) -> bytes:
    """A4 PDF of a report page; metadata (title, author, dates) comes from the page's head.

    date fixes the timestamps that font subsetting writes into the embedded fonts.
    """
    from weasyprint import HTML

    css, fonts_config = _pdf_css()
    with source_date_epoch(date):
        return HTML(string=page, base_url=str(TEMPLATES)).write_pdf(stylesheets=[css], font_config=fonts_config,
                                                                    pdf_identifier=b"par-index")


@contextmanager
def source_date_epoch(date: dt.date):
    """Set SOURCE_DATE_EPOCH to the report's date while the PDF is written.

    Without libharfbuzz-subset, WeasyPrint subsets fonts with fontTools, which stamps the current
    time into each font's head table unless this variable is set (reproducible-builds.org).
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(date.year, date.month, date.day,
                                                          tzinfo=dt.timezone.utc).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def notebook_bytes(nb: NotebookNode) -> bytes:
    return (nbformat.writes(nb) + "\n").encode("utf-8")
