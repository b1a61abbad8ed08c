"""Benchmark: re-running a year (prints; not a test).

    .venv/bin/python tests/bench_rerun.py [--year 2023]

On a copy of the sample: a first full build (drafts), a re-run with nothing changed (target: under 3 s, measured
as the whole command), a correction before issue (drafts rebuilt), issuing the year, and after issue a re-run
after one correction of a commune (target: under 5 s: only the documents it re-issues are rebuilt), each as the
whole command, process start included, with the CPU time of the command and every process it started (its
workers): on a 2-core machine a run cannot take less wall time than half of it.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORRECTION = ('so-ngoai-vu,1.3.2,tham_dinh,"0,5",Phúc tra theo đề nghị của đơn vị,'
              "Công văn số 401/SNV-CCHC ngày 05/3/2024\n")
# After issue: a commune's appraisal corrected (rank 25 → 20, Tốt → Xuất sắc).
AFTER_ISSUE = ("xa-trung-quoi,4.1.1,tham_dinh,2,Phúc tra theo đề nghị của đơn vị,"
               "Công văn số 402/SNV-CCHC ngày 20/3/2024\n")


def cpu_of_children() -> float:
    """CPU seconds of the finished child processes so far (a run's workers count once it ends);
    NaN where the OS does not say (Windows)."""
    try:
        import resource
    except ImportError:
        return float("nan")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(data: Path, out: Path, year: int, verb: str = "report") -> tuple[float, float, str]:
    started, cpu = time.perf_counter(), cpu_of_children()
    result = subprocess.run([sys.executable, "-m", "pipeline", verb, "--year", str(year), "--data-dir", str(data),
                             "--output-dir", str(out)], capture_output=True, text=True, cwd=ROOT, check=True)
    lines = [line for line in result.stdout.strip().splitlines() if not line.startswith("  ")]
    return time.perf_counter() - started, cpu_of_children() - cpu, lines[0] if verb == "report" else lines[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2023)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "data", Path(tmp) / "output"
        for year in (args.year - 1, args.year):
            if (ROOT / "data" / "raw" / str(year)).exists():
                shutil.copytree(ROOT / "data" / "raw" / str(year), data / "raw" / str(year))
        for label, verb, change in (("first build (drafts)", "report", None), ("nothing changed", "report", None),
                                    ("before issue: one correction", "report", CORRECTION),
                                    ("issue", "issue", None),
                                    ("after issue: one correction", "report", AFTER_ISSUE)):
            if change:
                with open(data / "raw" / str(args.year) / "hieu-chinh.csv", "a", encoding="utf-8") as f:
                    f.write(change)
            seconds, cpu, last = run(data, out, args.year, verb)
            print(f"  {label:<34} {seconds:6.1f} s  (CPU {cpu:5.1f} s)   {last}")


if __name__ == "__main__":
    main()
