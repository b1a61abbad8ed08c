"""A notebook run by hand → HTML, PDF and DOCX with the project's writers (`par-index render x.ipynb`).

The build renders each report it runs; this renders one that someone ran themselves (with papermill, as the
README shows, or in Jupyter): the same page, Typst PDF and Word document, written beside the notebook (or
into --output-dir). In build/, not render/: it reads the run's dataset.yml and the report's sample mark.
The title is the document's own (its official header, else its first heading, else the file name); the agency, the sample mark and the date come from the run's parameters (papermill records
`year` and `data_dir`) when that year's dataset.yml is found, the date being that of the run, so the same
executed notebook gives the same files. Outputs that are neither a report display, Markdown nor a chart (a
plain DataFrame) appear in the HTML only."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..config import Settings
from ..contract import DATASET_FILE
from ..errors import UsageError
from ..render import html, typeset, word
from ..render.document import blocks_of
from ..report.layout import page_meta

FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class Rendered:
    html: str
    pdf: bytes
    docx: bytes


def _title(blocks: list[dict], fallback: str) -> str:
    for b in blocks:
        if b["type"] == "header" and b.get("title"):
            return b["title"]
    return next((b["text"] for b in blocks if b["type"] == "heading" and b.get("text")), fallback)


def _run_date(nb, fallback: dt.date) -> dt.date:
    end = (nb.metadata.get("papermill") or {}).get("end_time")
    try:
        return dt.datetime.fromisoformat(end).date() if end else fallback
    except (TypeError, ValueError):
        return fallback


def _dataset_meta(nb) -> tuple[str, str]:
    """(author, sample mark) from the dataset of the run's year, when its parameters name one that exists."""
    params = (nb.metadata.get("papermill") or {}).get("parameters") or {}
    year = params.get("year")
    if not isinstance(year, int):
        return "", ""
    settings = Settings.locate(year, params.get("data_dir") or "data")
    if not (settings.raw_dir / DATASET_FILE).is_file():
        return "", ""
    meta = page_meta(settings.dataset)
    return meta["author"], meta["mark"]


def render(notebook: Path) -> Rendered:
    """The three documents of an executed notebook (UsageError when it was never run or is no notebook)."""
    try:
        nb = nbformat.read(notebook, as_version=4)
    except FileNotFoundError:
        raise UsageError(f"không có tệp {notebook}") from None
    except Exception as exc:  # not JSON, not a notebook
        raise UsageError(f"{notebook} không phải là một notebook Jupyter ({exc})") from None
    if not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
        raise UsageError(f"{notebook} chưa được chạy (không có kết quả nào): chạy trước, vd. papermill "
                         f"{notebook.name} out.ipynb -p year 2023, rồi par-index render out.ipynb")
    blocks = blocks_of(nb)
    author, mark = _dataset_meta(nb)
    modified = dt.date.fromtimestamp(notebook.stat().st_mtime)
    page = html.Page(title=_title(blocks, notebook.stem), author=author, date=_run_date(nb, modified), mark=mark)
    return Rendered(html.to_html(nb, page), typeset.to_pdf(blocks, page), word.to_docx(blocks, page))


def export(notebook: Path, output_dir: Path | None = None) -> list[Path]:
    """Write <stem>.html, .pdf and .docx of the notebook into output_dir (default: beside it)."""
    done = render(notebook)
    folder = output_dir or notebook.parent
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{notebook.stem}.{fmt}" for fmt in FORMATS]
    for path, data in zip(paths, (done.html.encode("utf-8"), done.pdf, done.docx)):
        path.write_bytes(data)
    return paths
