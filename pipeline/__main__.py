"""Command line: `python -m pipeline data|report|sample --year 2023 …`; what the Makefile calls."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import ingest
from .build.year import build_year, verify
from .config import Settings
from .contract import HISTORY_PAGE, INDEX_PAGE
from .errors import InputError, UsageError
from .files import exclusive
from .render.notebook import ParameterError
from .sample import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="PAR INDEX reporting pipeline")
    verbs = parser.add_subparsers(dest="verb", required=True)

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=help_text)
        p.add_argument("--year", type=int, required=name != "sample", help="assessment year, e.g. 2023")
        p.add_argument("--data-dir", type=Path, default=Path("data"), help="holds raw/ and processed/ (default: data)")
        p.add_argument("--output-dir", type=Path, default=Path("output"), help="reports go here (default: output)")
        return p

    verb("data", "read and validate raw/YEAR, write processed/YEAR").add_argument(
        "--force", action="store_true", help="rebuild even when no input changed")
    report = verb("report", "build every report of YEAR (runs `data` first when inputs changed)")
    report.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes rendering reports (default: 2, or 1 on a one-core machine)")
    report.add_argument("--only", nargs="+", metavar="KIND_OR_UNIT",
                        help="build only these: units-report, national-report, unit-report (all units) "
                             "or unit codes (ma_don_vi); the rest of the folder is kept")
    verb("verify", "check every output of YEAR against the hashes in manifest.json")
    sample = verb("sample", "write the sample province into DATA_DIR/raw (2022 and 2023)")
    sample.add_argument("--years", type=int, nargs="+", default=[2022, 2023, 2025])
    args = parser.parse_args(argv)

    try:
        if args.verb == "sample":
            generate(args.data_dir, tuple(args.years))
            print(f"sample province written to {args.data_dir / 'raw'} for {', '.join(map(str, args.years))}")
            return 0
        settings = Settings(args.year, args.data_dir, args.output_dir)
        if not settings.raw_dir.is_dir():
            years = sorted(p.name for p in (settings.data_dir / "raw").glob("[0-9][0-9][0-9][0-9]") if p.is_dir())
            print(f"lỗi: không có thư mục {settings.raw_dir}; các năm có dữ liệu: "
                  f"{', '.join(years) if years else 'không có'}", file=sys.stderr)
            return 2
        raw = (settings.data_dir / "raw").resolve()
        for name, folder in (("OUTPUT_DIR", settings.output_dir), ("DATA_DIR/processed", settings.data_dir / "processed")):
            if folder.resolve() == raw or raw in folder.resolve().parents:  # outputs are swapped and deleted
                print(f"lỗi: {name} ({folder}) nằm trong {raw}; dữ liệu gốc không bao giờ bị ghi đè hay xoá",
                      file=sys.stderr)
                return 2
        if args.verb == "verify":
            return run_verify(settings)
        with exclusive(settings.lock_file, f"đang có một lần chạy khác cho năm {settings.year} "
                       f"({settings.data_dir}); chờ lần đó xong…"):
            if args.verb == "data":
                return run_data(settings, force=args.force)
            if args.verb == "report":
                return run_report(settings, workers=args.workers, only=set(args.only) if args.only else None)
    except InputError as exc:
        print(exc.report(), file=sys.stderr)
        # (Only what the problems concern is withheld: valid unit sheets still give their tables when the
        # national files are wrong; no report is written either way.)
        print(f"\n{len(exc.problems)} lỗi trong dữ liệu đầu vào ({settings.raw_dir}); không lập báo cáo nào, "
              "báo cáo của lần chạy trước giữ nguyên. Sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return 2
    return 1


def run_data(settings: Settings, force: bool = False) -> int:
    """Processed tables of the year, rebuilt only when an input changed (or forced)."""
    if not settings.has_units:
        print(f"{settings.raw_dir}: chỉ có dữ liệu Chỉ số CCHC cấp quốc gia (quoc-gia/), không có bảng chấm điểm "
              "các đơn vị để xử lý")
        return 0
    started = time.perf_counter()
    processed = ingest.build_if_stale(settings, force=force)
    if processed is None:
        print(f"{settings.processed_dir}: đã cập nhật, không có thay đổi đầu vào")
        return 0
    for warning in processed.warnings:
        print(f"cảnh báo: {warning}", file=sys.stderr)
    print(f"{settings.processed_dir}: {len(processed.tong_hop)} đơn vị, {len(processed.diem)} dòng điểm, "
          f"{len(processed.warnings)} cảnh báo, {time.perf_counter() - started:.1f} s")
    return 0


def run_report(settings: Settings, workers: int = 2, only: set[str] | None = None) -> int:
    """Every report of the year; the processed tables first. Exit 1 when a report failed."""
    status = run_data(settings)
    if status:
        return status
    started = time.perf_counter()
    try:
        result = build_year(settings, workers=workers, only=only)
    except UsageError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    except ParameterError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    if result.failed:
        names = ", ".join(o.target.unit or o.target.kind for o in result.failed)
        print(f"{len(result.failed)} báo cáo lỗi ({names}); {len(result.built) - len(result.failed)} báo cáo khác đã "
              f"lưu vào bộ nhớ đệm và sẽ không phải làm lại. {settings.report_dir} giữ nguyên kết quả lần chạy "
              "trước.", file=sys.stderr)
        return 1
    if not result.changed:
        print(f"{settings.report_dir}: đã cập nhật, không có báo cáo nào thay đổi ({elapsed:.1f} s)")
    else:
        print(f"{settings.report_dir}: {len(result.built)} báo cáo lập mới, {result.reused} giữ nguyên, "
              f"{elapsed:.1f} s — mở {settings.report_dir / INDEX_PAGE}")
    if result.reissued:
        print(f"{len(result.reissued)} báo cáo phát hành lại (bản thay thế), chi tiết trong "
              f"{settings.report_dir / HISTORY_PAGE}:")
        for report in result.reissued:
            print(f"  - {report['path']} (lần {report['revision']}): {report['reason']}")
    return 0


def run_verify(settings: Settings) -> int:
    problems = verify(settings)
    for line in problems:
        print(f"{settings.report_dir}/{line}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} tệp không khớp manifest.json", file=sys.stderr)
        return 1
    print(f"{settings.report_dir}: mọi tệp khớp manifest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
