"""Benchmark: every per-unit report of a year, fast path against the naive loop (prints; not a test).

    .venv/bin/python tests/bench_units.py [--year 2023] [--data-dir data] [--workers 2] [--naive 3]

Fast path: the build's worker pool (each worker runs the notebooks in its own IPython shell, no kernel:
render.engine; each handed its context; lean HTML export, then PDF with Typst and DOCX with python-docx from
the same notebook). Naive loop: for each unit a plain papermill run (new kernel), nbconvert's stock
HTMLExporter, then the same PDF and DOCX steps; timed on a few units and extrapolated. Peak memory is the
largest resident set among the worker processes, read from /proc while the run goes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_of_tree(pid: int) -> dict[int, int]:
    """Resident bytes of a process and each of its descendants (Linux /proc)."""
    import os

    sizes, stack = {}, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                sizes[p] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as f:
                stack += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return sizes


def generate(data_dir: Path, year: int, communes: int) -> None:
    from tools.sample import generate_large

    generate_large(data_dir, year, communes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--naive", type=int, default=3, help="units timed with the naive loop")
    parser.add_argument("--limit", type=int, default=0, help="only the first N units (0: all)")
    parser.add_argument("--communes", type=int, default=0,
                        help="instead of the sample: a generated year with this many communes (e.g. 3500)")
    args = parser.parse_args()

    from pipeline import ingest
    from pipeline.build import cache as build_cache
    from pipeline.build import runner, targets as build
    from pipeline.render import notebook as render
    from pipeline.render import typeset, word
    from pipeline.render.document import blocks_of
    from pipeline.render.html import Page
    from pipeline.config import Settings
    from pipeline.report.layout import sample_mark

    with tempfile.TemporaryDirectory() as out:
        data_dir = args.data_dir.resolve()
        if args.communes:
            from concurrent.futures import ProcessPoolExecutor

            data_dir = Path(out) / "data"
            t = time.perf_counter()
            with ProcessPoolExecutor(1) as child:  # in a child: its memory is not the pipeline's
                child.submit(generate, data_dir, args.year, args.communes).result()
            print(f"generated {args.communes} communes in {time.perf_counter() - t:.0f} s")
        settings = Settings(args.year, data_dir, Path(out) / "output")
        ingest.build_if_stale(settings)
        if settings.previous:
            ingest.build_if_stale(settings.previous)
        t = time.perf_counter()
        targets = build.plan_unit_reports(settings, build.code_fingerprint())
        plan_seconds = time.perf_counter() - t
        from pipeline.build.year import release_caches
        release_caches()  # as build_year does: the main process keeps no tables while workers run
        if args.limit:
            targets = targets[:args.limit]
        ds = settings.dataset
        page_meta = {"author": f"{ds.agency} {ds.province}", "mark": sample_mark(ds)}

        peak, largest, done = [0], {}, threading.Event()

        def watch() -> None:
            import os
            while not done.wait(0.2):
                sizes = rss_of_tree(os.getpid())
                peak[0] = max(peak[0], sum(sizes.values()))
                for p, size in sizes.items():
                    largest[p] = max(largest.get(p, 0), size)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        t = time.perf_counter()
        outcomes = runner.run_targets(targets, build_cache.Cache(settings).root, page_meta, args.workers, progress=False)
        wall = time.perf_counter() - t
        done.set()
        failed = [o for o in outcomes if o.error]

        naive = []
        if args.naive:
            import papermill as pm
            from nbconvert import HTMLExporter
            for target in targets[:args.naive]:
                t = time.perf_counter()
                nb = pm.execute_notebook(str(render.NOTEBOOKS / target.notebook), None, parameters=target.params,
                                         progress_bar=False, cwd=str(render.NOTEBOOKS), kernel_name="python3")
                HTMLExporter(exclude_input=True).from_notebook_node(nb)
                page = Page(target.title, page_meta["author"], dt.date.fromisoformat(target.date), page_meta["mark"])
                typeset.to_pdf(blocks_of(nb), page)
                word.to_docx(blocks_of(nb), page)
                naive.append(time.perf_counter() - t)

    n = len(outcomes)
    print(f"unit reports {args.year}: {n} units, {args.workers} workers, {len(failed)} failed")
    print(f"  planning (keys of {n} units)  {plan_seconds:6.2f} s")
    for stage in ("execute", "html", "pdf", "docx"):
        values = [o.seconds[stage] for o in outcomes if o.seconds]
        print(f"  {stage:<8} per unit  mean {statistics.mean(values):5.2f} s   max {max(values):5.2f} s")
    print(f"  wall                          {wall:6.1f} s   ({wall / n:.2f} s per unit, "
          f"{wall * args.workers / n:.2f} s per unit per core)")
    print(f"  peak memory, all processes     {peak[0] / 2**20:6.0f} MiB (largest single process "
          f"{max(largest.values()) / 2**20:.0f} MiB; this process {largest.get(__import__('os').getpid(), 0) / 2**20:.0f} MiB)")
    if naive:
        per = statistics.mean(naive)
        print(f"  naive loop: {per:.2f} s per unit (mean of {len(naive)}), {per * n:.0f} s for {n} units "
              f"→ fast path is {per * n / wall:.1f}× faster")


if __name__ == "__main__":
    main()
