"""Command line: `par-index data|report|verify|forms|check --year 2023 …`, `par-index render x.ipynb` (or `python -m
pipeline …`); what the Makefile calls.

The only place that maps errors to exit codes: 2 for the user's input or request (InputError, UsageError,
a parameter a notebook refuses), 1 for a report that failed, a locked output file, or the machine failing the run
(a full disk, a folder that cannot be written, a worker process killed: one sentence saying what happened, what
was kept and what to do, the traceback in OUTPUT_DIR/.logs/<verb>-<year>.log), 130 for Ctrl-C. Any other
exception is a bug and keeps its traceback."""
from __future__ import annotations

import argparse
import errno
import gc
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import ingest
from .build.folder import CacheChanged
from .build.runner import ENVIRONMENT_ERRNOS, WorkerDied
from .build.targets import years_read
from .build.year import build_year, start_workers, verify
from .config import VERSION, Settings
from .contract import DISTRIBUTION, HISTORY_PAGE, INDEX_PAGE, MANIFEST, REGISTER
from .errors import InputError, UsageError
from .files import FileLocked, exclusive_all
from .render.notebook import ParameterError

PROG = "par-index"
MAX_WORKERS = 64
MAX_REASON_LINES = 5  # re-issue reasons printed in the terminal (thay-doi.html lists every document)


class _Help(argparse.HelpFormatter):
    """argparse's help with its headings in Vietnamese."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """Help and errors in Vietnamese: `-h` is `--help`/`trợ giúp`, a wrong flag says `lỗi:` and exits 2."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_Help, add_help=False, **kwargs)
        self._positionals.title = "lệnh"
        self._optionals.title = "tuỳ chọn"
        self.add_argument("-h", "--help", action="help", help="in trợ giúp này rồi thoát")

    def error(self, message: str):
        for english, vietnamese in (("the following arguments are required", "thiếu tham số bắt buộc"),
                                    ("invalid choice", "lựa chọn không hợp lệ"), ("choose from", "chọn một trong"),
                                    ("invalid int value", "không phải số nguyên"),
                                    ("unrecognized arguments", "tham số không nhận ra"), ("argument ", "tham số ")):
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def workers_count(text: str) -> int:
    """--workers: a whole number from 1 to MAX_WORKERS."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"số tiến trình phải là số nguyên, không phải '{text}'") from None
    if not 1 <= n <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"số tiến trình phải từ 1 đến {MAX_WORKERS}, không phải {n}")
    return n


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog=PROG, description="Chỉ số CCHC (PAR INDEX): đọc, kiểm tra, chấm điểm, xếp hạng và lập báo cáo "
                                         "của một năm. Ví dụ: par-index report --year 2023 --data-dir data "
                                         "--output-dir output")
    top.add_argument("--version", action="version", version=f"{PROG} {VERSION}", help="in phiên bản rồi thoát")
    verbs = top.add_subparsers(dest="verb", required=True, metavar="{data,report,issue,verify,forms,check,render}",
                               parser_class=_Parser)

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--year", type=int, required=True, metavar="NAM", help="năm đánh giá, vd. 2023 (bắt buộc)")
        p.add_argument("--data-dir", type=Path, default=Path("data"),
                       help="thư mục chứa raw/ và processed/ (mặc định: data)")
        p.add_argument("--output-dir", type=Path, default=Path("output"),
                       help="thư mục ghi báo cáo (mặc định: output)")
        return p

    verb("data", "đọc và kiểm tra raw/NĂM, ghi các bảng đã xử lý vào processed/NĂM").add_argument(
        "--force", action="store_true", help="làm lại dù đầu vào không đổi")
    report = verb("report", "lập mọi báo cáo của NĂM (chạy bước data trước nếu đầu vào đã đổi)")
    report.add_argument("--workers", type=workers_count, default=min(2, os.cpu_count() or 1),
                        help=f"số tiến trình lập báo cáo, 1–{MAX_WORKERS} (mặc định: 2, hoặc 1 trên máy một lõi)")
    report.add_argument("--only", nargs="+", metavar="LOAI_HOAC_DON_VI",
                        help="chỉ lập các báo cáo này: units-report, national-report, unit-report (mọi đơn vị) "
                             "hoặc mã đơn vị (ma_don_vi); phần còn lại của thư mục giữ nguyên")
    verb("issue", "ban hành các bản dự thảo hiện có của NĂM (bỏ dấu DỰ THẢO, ghi sổ phát hành so-phat-hanh.csv); "
                  "chỉ khi bản dự thảo đã cập nhật theo dữ liệu").add_argument(
        "--workers", type=workers_count, default=min(2, os.cpu_count() or 1),
        help=f"số tiến trình lập báo cáo, 1–{MAX_WORKERS} (mặc định: 2, hoặc 1 trên máy một lõi)")
    verb("verify", "đối chiếu mọi tệp của NĂM với mã SHA-256 trong manifest.json")
    forms = verb("forms", "lập biểu mẫu tự chấm điểm cho từng đơn vị và bảng thẩm định cho từng cơ quan thẩm định "
                          "(OUTPUT_DIR/NĂM/bieu-mau/)")
    forms.add_argument("--workers", type=workers_count, default=min(2, os.cpu_count() or 1),
                       help=f"số tiến trình, 1–{MAX_WORKERS} (mặc định: 2, hoặc 1 trên máy một lõi)")
    verb("check", "kiểm tra dữ liệu đầu vào của NĂM, không lập báo cáo; ghi danh sách trả lại cho từng đơn vị, "
                  "cơ quan có lỗi (OUTPUT_DIR/NĂM/tra-lai/)")
    text = ("xuất một notebook đã chạy (vd. bằng papermill) ra HTML, PDF và Word bằng các bộ ghi của báo cáo: "
            "par-index render out.ipynb")
    render = verbs.add_parser("render", help=text, description=text)
    render.add_argument("notebook", type=Path, help="notebook đã chạy (.ipynb)")
    render.add_argument("--output-dir", type=Path, default=None,
                        help="thư mục ghi các tệp (mặc định: cùng thư mục với notebook)")
    return top


def utf8_console() -> None:
    """Vietnamese on any console: stdout and stderr in UTF-8 whatever the code page (a Windows console
    redirected to a file or a pipe otherwise writes cp1252 and fails on the first 'ỗ')."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # a stream that cannot change (already read from): leave it
                pass


def main(argv: list[str] | None = None, own_process: bool = False) -> int:
    """own_process: main is the command itself (entry), not called inside another program (a test, a notebook)."""
    utf8_console()
    args = parser().parse_args(argv)
    if args.verb == "render":
        return run_render(args.notebook, args.output_dir)
    settings = None
    try:
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
        with exclusive_all(locks(settings, args.verb)):
            if args.verb == "data":
                return run_data(settings, force=args.force)
            if args.verb == "issue":
                return run_issue(settings, workers=args.workers)
            if args.verb == "forms":
                return run_forms(settings, workers=args.workers)
            if args.verb == "check":
                return run_check(settings)
            return run_report(settings, workers=args.workers, only=set(args.only) if args.only else None,
                              fork=own_process)
    except InputError as exc:
        print(exc.report(), file=sys.stderr)
        # (Only what the problems concern is withheld: valid unit sheets still give their tables when the
        # national files are wrong; no report is written either way.)
        print(f"\n{len(exc.problems)} lỗi trong dữ liệu đầu vào ({settings.raw_dir}); không lập báo cáo nào, "
              "báo cáo của lần chạy trước giữ nguyên. Sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return 2
    except (UsageError, ParameterError) as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    except FileLocked as exc:
        print(f"lỗi: không thay được {exc.folder} vì tệp {exc.path} đang mở (Excel, Word hay trình xem PDF?). "
              "Đóng tệp đó rồi chạy lại: các báo cáo đã lập được giữ trong bộ nhớ đệm, không phải lập lại; "
              f"{exc.folder} vẫn nguyên như lần chạy trước.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(interrupted(settings), file=sys.stderr)
        return 130
    except CacheChanged as exc:
        print(f"lỗi: {exc}; không công bố gì: {kept(settings)}. Hãy chạy lại (tệp đó sẽ được lập lại).",
              file=sys.stderr)
        return 1
    except WorkerDied as exc:
        print(worker_died(settings, exc, write_log(settings, args.verb, exc)), file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno not in ENVIRONMENT_ERRNOS or settings is None:
            raise  # a bug: its traceback
        print(machine_failure(settings, exc, write_log(settings, args.verb, exc)), file=sys.stderr)
        return 1


LOGS_DIR = ".logs"  # under OUTPUT_DIR (else DATA_DIR, else the system's temporary folder)


def write_log(settings: Settings | None, verb: str, exc: BaseException) -> Path | None:
    """The whole traceback of a failure that is told in one sentence, in `<verb>-<year>.log` (one per verb and
    year, replaced by the next failure): in OUTPUT_DIR/.logs/, or where a file can be written when that folder
    is the one that failed."""
    text = (f"par-index {verb} --year {settings.year if settings else '?'}\n\n"
            + "".join(traceback.format_exception(exc)))
    folders = [settings.output_dir / LOGS_DIR, settings.data_dir / LOGS_DIR] if settings else []
    for folder in [*folders, Path(tempfile.gettempdir()) / "par-index"]:
        path = folder / f"{verb}-{settings.year if settings else 'nam'}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return path
        except OSError:
            continue
    return None


def kept(settings: Settings) -> str:
    """What a run that stopped on a machine failure kept: every folder swapped whole or not at all."""
    return (f"không có gì bị ghi dở dang: {settings.report_dir} và {settings.processed_dir} giữ nguyên như sau lần "
            f"chạy trước, các báo cáo đã lập xong được giữ trong {settings.cache_dir} và không phải lập lại")


def _log_line(log: Path | None) -> str:
    return f" Chi tiết kỹ thuật: {log}" if log else ""


def machine_failure(settings: Settings, exc: OSError, log: Path | None) -> str:
    """A full disk or a folder that cannot be written, in one sentence: what happened, what was kept, what to do."""
    # A staging folder is named as the folder it was to replace.
    where = re.sub(r"([\\/])\.([^\\/]+)\.building-[^\\/]+", r"\1\2", str(exc.filename)) if exc.filename else "?"
    raw = settings.raw_dir.resolve()
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what = f"hết chỗ trống trên ổ đĩa khi ghi {where}"
        todo = "giải phóng chỗ trống trên ổ đó (hoặc chọn --data-dir, --output-dir trên ổ khác) rồi chạy lại"
    elif exc.filename and (raw == Path(exc.filename).resolve() or raw in Path(exc.filename).resolve().parents):
        what = f"không đọc được {where}: tài khoản này không có quyền đọc tệp đó"
        todo = "cấp quyền đọc cho thư mục dữ liệu gốc rồi chạy lại"
    else:
        what = f"không ghi được vào {where}: thư mục chỉ cho đọc hoặc tài khoản này không có quyền ghi"
        todo = ("cấp quyền ghi cho thư mục đó (hoặc chọn --data-dir, --output-dir là thư mục ghi được; dữ liệu gốc "
                "trong raw/ chỉ cần quyền đọc) rồi chạy lại")
    told = kept(settings)
    return f"lỗi: {what}. {told[:1].upper()}{told[1:]}. Hãy {todo}.{_log_line(log)}"


def worker_died(settings: Settings, exc: WorkerDied, log: Path | None) -> str:
    """A worker process killed alone (out of memory, by hand, a crash), in one sentence naming what it held."""
    def held(pid: int, code: int | None, target: dict | None) -> str:
        how = f"tín hiệu {-code}" if code is not None and code < 0 else f"mã thoát {code}"
        what = (f"đang lập {target['title']} ({target.get('unit') or target['stem']})" if target
                else "khi đang khởi động")
        return f"tiến trình {pid} ({how}) {what}"

    names = "; ".join(held(*h) for h in exc.held) or "không rõ tiến trình nào"
    return (f"lỗi: một tiến trình lập báo cáo bị dừng đột ngột (bị kết thúc từ bên ngoài, thường do thiếu bộ nhớ): "
            f"{names}. {exc.done} báo cáo đã lập xong trước đó; {kept(settings)}. Hãy chạy lại; nếu lỗi lặp lại ở "
            f"cùng báo cáo, chạy với --workers 1 hoặc kiểm tra bộ nhớ còn trống.{_log_line(log)}")


def run_render(notebook: Path, output_dir: Path | None) -> int:
    """A notebook run by hand, as HTML, PDF and DOCX (build.export); exit 2 when it is not an executed one."""
    from .build.export import export  # (here: the writers' imports are a third of the command's start)

    try:
        paths = export(notebook, output_dir)
    except UsageError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


def locks(settings: Settings, verb: str) -> list[tuple[Path, str]]:
    """The lock files a verb holds, with the line printed while another run holds one: one per year whose
    processed tables it may rebuild (a report of 2023 rebuilds 2022's when 2022's inputs changed), so that two
    runs of different years never write the same tables at once. exclusive_all takes them in a fixed order."""
    # The years a report run may rebuild the tables of (build_if_stale): those its reports read.
    years = years_read(settings) if verb in ("report", "issue") else [settings]
    out = [(settings.lock_file, f"đang có một lần chạy khác cho năm {settings.year} ({settings.data_dir}); "
                                "chờ lần đó xong…")]
    out += [(s.lock_file, f"đang có một lần chạy khác ghi dữ liệu năm {s.year} ({settings.data_dir}), năm mà báo "
                          f"cáo năm {settings.year} so sánh với; chờ lần đó xong…") for s in years[1:]]
    return out


def interrupted(settings: Settings | None) -> str:
    """The one line Ctrl-C prints: what was kept, and that the published reports did not change."""
    if settings is None:
        return "Đã dừng (Ctrl-C); không có gì thay đổi."
    return (f"Đã dừng (Ctrl-C): các báo cáo đã lập xong được giữ trong {settings.cache_dir} và không phải lập lại; "
            f"báo cáo đã công bố trong {settings.report_dir} không thay đổi.")


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


def run_report(settings: Settings, workers: int = 2, only: set[str] | None = None, fork: bool = False) -> int:
    """Every report of the year; the processed tables first. Exit 1 when a report failed. fork: as for
    start_workers."""
    with start_workers(settings, workers, only, fork) as pool:  # starting while the tables are read
        status = run_data(settings)
        if status:
            return status
        started = time.perf_counter()
        result = build_year(settings, workers=pool, only=only)
    elapsed = time.perf_counter() - started
    if result.failed:
        names = ", ".join(o.target.unit or o.target.kind for o in result.failed)
        print(f"{len(result.failed)} báo cáo lỗi ({names}); {len(result.built) - len(result.failed)} báo cáo khác đã "
              f"lưu vào bộ nhớ đệm và sẽ không phải làm lại. {settings.report_dir} giữ nguyên kết quả lần chạy "
              "trước. Xem lỗi của từng báo cáo ở các dòng trên, khắc phục rồi chạy lại: chỉ các báo cáo lỗi được "
              "lập lại.", file=sys.stderr)
        return 1
    if not result.changed:
        print(f"{settings.report_dir}: đã cập nhật, không có báo cáo nào thay đổi ({elapsed:.1f} s)")
    else:
        print(f"{settings.report_dir}: {len(result.built)} báo cáo lập mới, {result.reused} giữ nguyên, "
              f"{elapsed:.1f} s — mở {settings.report_dir / INDEX_PAGE}")
    print_lifecycle(settings, result)
    return 0


def print_lifecycle(settings: Settings, result) -> None:
    """A few lines on where the year's documents stand: drafts to review, replacements by reason, notices
    kept as issued; the full list is in thay-doi.html."""
    if result.drafts and not result.issued:
        print(f"{result.drafts} văn bản là bản dự thảo (đánh dấu DỰ THẢO); xem lại rồi ban hành: "
              f"make issue YEAR={settings.year}")
    if result.reissued:
        print(f"{len(result.reissued)} văn bản phải ban hành lại (bản thay thế), theo lý do:")
        by_reason: dict[str, int] = {}
        for report in result.reissued:
            by_reason[report["reason"]] = by_reason.get(report["reason"], 0) + 1
        for reason, n in sorted(by_reason.items(), key=lambda x: (-x[1], x[0]))[:MAX_REASON_LINES]:
            print(f"  - {n} văn bản: {reason}")
        if len(by_reason) > MAX_REASON_LINES:
            print(f"  - … và {len(by_reason) - MAX_REASON_LINES} lý do khác")
    if result.kept:
        print(f"{result.kept} thông báo giữ nguyên bản đã ban hành (chỉ số liệu so sánh của nhóm thay đổi)")
    if result.reissued or result.kept:
        print(f"Chi tiết: {settings.report_dir / HISTORY_PAGE}")


def run_issue(settings: Settings, workers: int = 2) -> int:
    """Issue the year's current drafts: the draft mark goes, the register lists them."""
    result = build_year(settings, workers=workers, issue=True)
    if result.failed:
        print(f"{len(result.failed)} văn bản lỗi; chưa ban hành văn bản nào.", file=sys.stderr)
        return 1
    if not result.issued:
        print(f"{settings.report_dir}: không có bản dự thảo nào cần ban hành")
        return 0
    print(f"Đã ban hành {result.issued} văn bản; sổ phát hành: {settings.report_dir / REGISTER}. Danh sách gửi "
          f"(cột gui_lan_nay): {settings.report_dir / DISTRIBUTION}")
    return 0


def run_forms(settings: Settings, workers: int = 2) -> int:
    """Scoring forms and appraisal workbooks of the year (contract §12); InputError when the framework, units or
    dataset.yml break the contract."""
    from .forms.year import make_forms  # (here: a report's run does not import the forms stage)

    started = time.perf_counter()
    counts = make_forms(settings, workers=workers)
    print(f"{settings.report_dir}/bieu-mau: {counts['units']} biểu mẫu đơn vị, {counts['agencies']} bảng thẩm định "
          f"(có số liệu của {counts['returned']} đơn vị đã gửi), {time.perf_counter() - started:.1f} s")
    return 0


def run_check(settings: Settings) -> int:
    """Every problem of the year's inputs, one summary line per unit and agency; return lists in tra-lai/.
    Exit 2 when there are errors (warnings alone: 0)."""
    from .forms.returns import check_year

    summary, errors = check_year(settings)
    for line in summary:
        print(line)
    if errors:
        print(f"\n{errors} lỗi; danh sách trả lại trong {settings.report_dir}/tra-lai/", file=sys.stderr)
        return 2
    print(f"{settings.raw_dir}: không có lỗi")
    return 0


def run_verify(settings: Settings) -> int:
    if not (settings.report_dir / MANIFEST).is_file() and (settings.output_dir / MANIFEST).is_file():
        # --output-dir named the year's folder itself (output/2023): the path would read output/2023/2023/…
        print(f"lỗi: {settings.output_dir} là thư mục báo cáo của một năm; --output-dir (OUTPUT_DIR) là thư mục chứa "
              f"các năm: {settings.output_dir.parent}", file=sys.stderr)
        return 1
    if not (settings.report_dir / MANIFEST).is_file():
        print(f"lỗi: năm {settings.year} chưa được lập báo cáo ({settings.report_dir / MANIFEST} không có), không "
              f"có gì để đối chiếu; lập trước: make report YEAR={settings.year}", file=sys.stderr)
        return 1
    problems = verify(settings)
    for line in problems:
        print(f"{settings.report_dir}/{line}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} tệp không khớp manifest.json", file=sys.stderr)
        return 1
    print(f"{settings.report_dir}: mọi tệp khớp manifest.json")
    return 0


def entry() -> None:
    """The command (`par-index`, `python -m pipeline`): `main` in the command's own process, then an exit that skips
    the interpreter's teardown. Freeing every module and object of a run (pandas, matplotlib, the tables) took a
    quarter of a second after the work was done. Nothing is lost by it: every file a run writes is written
    atomically and closed by then, the workers are ended, and the console is flushed here. Only a run that did its
    work leaves so: a stopped or failed one (Ctrl-C, bad input, an error's traceback, argparse's usage line) keeps
    Python's own exit, whose finalizers also release what a pool of workers ended mid-run still holds (its
    semaphores: skipped, the pool's resource tracker warned of them as leaked, under the one line Ctrl-C prints)."""
    gc.freeze()  # the imports' objects are there for good: the collector no longer walks them (nor its workers)
    status = main(own_process=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a pipe closed by its reader (`… | head`), a closed stream: nothing to keep
            pass
    if status:
        sys.exit(status)
    os._exit(0)


if __name__ == "__main__":
    entry()
