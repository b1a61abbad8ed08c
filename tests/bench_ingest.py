"""Benchmark: ingest of the shipped sample and of a generated national-scale year (3,500 sheets).

Prints sheets per second and peak memory. Not a test: `make bench` or `python tests/bench_ingest.py [N]`.
"""
from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import Settings  # noqa: E402
from pipeline.ingest.year import build_processed  # noqa: E402
from tools.sample import generate_large  # noqa: E402


def peak_mib() -> float:
    """Peak resident memory of this process and of its finished children (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def timed_ingest(data_dir: Path, year: int, workers: int | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    processed = build_processed(Settings(year, data_dir), workers=workers)
    return time.perf_counter() - started, len(processed.tong_hop)


def main() -> None:
    communes = int(sys.argv[1]) if len(sys.argv) > 1 else 3500
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        shutil.copytree(ROOT / "data" / "raw", sample / "raw")
        for year in (2022, 2023):
            seconds, sheets = timed_ingest(sample, year)
            print(f"sample {year}: {sheets} sheets ingested in {seconds:.2f} s ({sheets / seconds:.0f} sheets/s)")

        big = Path(tmp) / "big"
        started = time.perf_counter()
        generate_large(big, 2030, communes)
        print(f"generated {communes} communes + 28 others in {time.perf_counter() - started:.1f} s")
        for workers in (1, None):
            seconds, sheets = timed_ingest(big, 2030, workers=workers)
            label = "1 process" if workers == 1 else "all cores"
            print(f"national scale, {label}: {sheets} sheets in {seconds:.2f} s ({sheets / seconds:.0f} sheets/s)")
        print(f"peak memory: {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
