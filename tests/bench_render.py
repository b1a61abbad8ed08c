"""Benchmark: the provincial units report, stage by stage (prints; not a test).

    .venv/bin/python tests/bench_render.py [--year 2023] [--data-dir data]

Stages: the shell's start with the report modules' imports (a worker's, render.engine), notebook execution
(papermill, in process, computing its context from the tables), HTML export (nbconvert), PDF (Typst), DOCX
(python-docx). The target: the provincial report in all three formats under 5 s, the start aside.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    args = parser.parse_args()

    from pipeline import ingest
    from pipeline.build import targets as build
    from pipeline.render import html as render_html, notebook as render, typeset, word
    from pipeline.render.document import blocks_of
    from pipeline.config import Settings
    from pipeline.build.runner import WARM_UP
    from pipeline.report.layout import sample_mark

    with tempfile.TemporaryDirectory() as out:
        settings = Settings(args.year, args.data_dir.resolve(), Path(out))
        ingest.build_if_stale(settings)
        target = build.plan_units_report(settings, build.code_fingerprint())
        ds = settings.dataset
        times = {}
        started = time.perf_counter()
        t = time.perf_counter()
        render.warm_up(WARM_UP, cwd=render.NOTEBOOKS)  # as a worker starts
        times["start and imports"] = time.perf_counter() - t
        t = time.perf_counter()
        nb = render.execute(render.NOTEBOOKS / target.notebook, target.params, cwd=render.NOTEBOOKS, in_process=True)
        times["execute (papermill)"] = time.perf_counter() - t
        t = time.perf_counter()
        page = render_html.Page(target.title, ds.agency, dt.date.fromisoformat(target.date), sample_mark(ds))
        html = render_html.to_html(nb, page)
        times["HTML export (nbconvert)"] = time.perf_counter() - t
        t = time.perf_counter()
        blocks = blocks_of(nb)
        pdf = typeset.to_pdf(blocks, page)
        times["PDF (Typst)"] = time.perf_counter() - t
        t = time.perf_counter()
        docx = word.to_docx(blocks, page)
        times["DOCX (python-docx)"] = time.perf_counter() - t
        total = time.perf_counter() - started
    from pypdf import PdfReader
    import io
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"units report {args.year}: {pages} pages, HTML {len(html.encode()) / 1024:.0f} KiB, "
          f"PDF {len(pdf) / 1024:.0f} KiB, DOCX {len(docx) / 1024:.0f} KiB")
    for stage, seconds in times.items():
        print(f"  {stage:<26} {seconds:6.2f} s")
    formats = total - times["start and imports"]
    print(f"  {'total':<26} {total:6.2f} s   ({formats:.2f} s without the start; target: under 5 s)")


if __name__ == "__main__":
    main()
