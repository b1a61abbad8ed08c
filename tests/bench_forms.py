"""Benchmark: `make forms` of a national-scale year (the sample's departments and districts plus 3,500 communes).

Prints the seconds of two runs on two workers: at the start of the cycle (no sheet returned: forms and empty
appraisal workbooks) and once every sheet is in (the agencies' workbooks carry the units' self-scores).
Not a test: `make bench` or `python tests/bench_forms.py [COMMUNES] [WORKERS]`. Target: under 60 s on two cores.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import Settings  # noqa: E402
from pipeline.forms.year import make_forms  # noqa: E402
from tools.sample import generate_large  # noqa: E402

YEAR = 2023


def peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    communes = int(sys.argv[1]) if len(sys.argv) > 1 else 3500
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as tmp:
        data, output = Path(tmp) / "data", Path(tmp) / "output"
        started = time.perf_counter()
        generate_large(data, YEAR, communes)
        print(f"generated a year of {communes} communes in {time.perf_counter() - started:.1f} s (not measured)")
        settings = Settings(YEAR, data, output)
        sheets = settings.raw_dir / "cham-diem"
        held = settings.raw_dir.parent / "cham-diem-held"
        sheets.rename(held)  # the start of the cycle: nothing returned yet
        started = time.perf_counter()
        counts = make_forms(settings, workers=workers)
        first = time.perf_counter() - started
        print(f"forms, nothing returned: {counts['units']} unit forms + {counts['agencies']} appraisal workbooks "
              f"in {first:.1f} s on {workers} workers ({counts['units'] / first:.0f} forms/s)")
        held.rename(sheets)
        started = time.perf_counter()
        counts = make_forms(settings, workers=workers)
        second = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (settings.report_dir / "bieu-mau").rglob("*") if p.is_file())
        print(f"forms, every sheet returned ({counts['returned']} read for the appraisal workbooks): "
              f"{second:.1f} s on {workers} workers; bieu-mau/ {size / 1e6:.0f} MB; peak memory {peak_mib():.0f} MiB")
        print(f"target under 60 s: {'met' if max(first, second) < 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
