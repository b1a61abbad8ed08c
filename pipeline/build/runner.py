"""Build targets in worker processes, each running the notebooks in its own IPython shell; store what they make in
the cache."""
from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import json
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sys
import threading
import time
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from ..contract import CHARTS_KEPT_ENV, CONTEXT_ONLY_ENV, INDEX_PAGE
from ..files import write_bytes_atomic
from ..render.notebook import NOTEBOOKS, NotebookFailed, execute, notebook_bytes, warm_up
from ..report.keys import save_context
from .cache import cache_entry, store
from .targets import Target

FAILED_DIR = "loi"  # under the year's cache folder: the notebook of a failed report and its traceback
CHARTS_DIR = "bieu-do"  # under the year's cache folder: charts kept by their inputs (report.charts.kept)
CHARTS_KEPT_DAYS = 30  # a kept chart no run has used for this long is deleted (build.cache.prune_unused)
CONTEXTS_DIR = "contexts"  # under the year's cache folder: each target's context, handed to its notebook
PROGRESS_STARTING = "{l_bar}{bar}| {n}/{total} báo cáo [{elapsed}, đang khởi động…]"
PROGRESS = "{l_bar}{bar}| {n}/{total} báo cáo [{elapsed}, còn khoảng {remaining}]"


@dataclass
class Outcome:
    target: Target
    error: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def build_target(target: Target, cache_root: str, page_meta: dict) -> Outcome:
    """Execute the target's notebook (in this process: render.engine), write HTML, PDF and DOCX, store them in the
    cache.

    One content, three formats: nbconvert writes the HTML from the executed notebook; the PDF (Typst)
    and the DOCX (python-docx) are written from the same notebook's blocks (render.document).

    A failure is kept for the parent to report: the notebook executed up to the failing cell and
    the whole traceback go to <cache>/loi/<stem>.ipynb and .txt.
    """
    # The writers imported here, where reports are built (a worker, as it warms up): not by every command's start.
    from ..render import html, typeset, word
    from ..render.document import blocks_of

    outcome = Outcome(target)
    marker = _mark_running(Path(cache_root), target)
    try:
        t0 = time.perf_counter()
        params = target.params
        if target.context is not None:  # the notebook prints what was keyed, without computing it again
            handed = Path(cache_root) / CONTEXTS_DIR / f"{target.key}.pickle"
            save_context(target.printed_context, handed)
            params = {**params, "context_file": str(handed)}
        # Handed a context, the notebook may not read around it; a target without one (a test, a tool) computes
        # its context from the tables.
        with _environment(CHARTS_KEPT_ENV, str(Path(cache_root) / CHARTS_DIR)):  # (charts.kept, typeset.raster)
            with context_only() if target.context is not None else contextlib.nullcontext():
                nb = execute(NOTEBOOKS / target.notebook, params, cwd=NOTEBOOKS, in_process=True)
            t1 = time.perf_counter()
            home = "../" * target.stem.count("/") + INDEX_PAGE  # the landing page, from the report's folder
            page = html.Page(title=target.title, date=dt.date.fromisoformat(target.date), home=home, **page_meta)
            page_html = html.to_html(nb, page)
            t2 = time.perf_counter()
            blocks = blocks_of(nb)
            page_pdf = typeset.to_pdf(blocks, page)
            t3 = time.perf_counter()
            page_docx = word.to_docx(blocks, page)
            t4 = time.perf_counter()
        data = {"html": page_html.encode("utf-8"), "pdf": page_pdf, "docx": page_docx,
                "ipynb": notebook_bytes(nb, consume=True)}  # last: nothing reads the notebook after it
        store(cache_entry(Path(cache_root), target.key), {fmt: data[fmt] for fmt in target.files})
        outcome.seconds = {"execute": t1 - t0, "html": t2 - t1, "pdf": t3 - t2, "docx": t4 - t3}
    except OSError as exc:
        if exc.errno in ENVIRONMENT_ERRNOS:  # a full disk, a read-only folder: no other report can be stored
            raise
        outcome.error = _keep_failure(target, Path(cache_root), exc)
    except Exception as exc:  # reported by unit name in the parent; the other units go on
        outcome.error = _keep_failure(target, Path(cache_root), exc)
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)
    return outcome


# Errors of the machine, not of a report: the run stops with one sentence (pipeline.__main__), whatever report
# met them first.
ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
RUNNING_DIR = "dang-lap"  # under the year's cache folder: <pid>.json, the target each worker is building


def _forget_markers(cache_root: Path) -> None:
    """Before a run's first target: a killed run's markers go (pids get reused)."""
    shutil.rmtree(cache_root / RUNNING_DIR, ignore_errors=True)


def _mark_running(cache_root: Path, target: Target) -> Path | None:
    """In a worker: note which target this process builds, so that the run can name it if the process is killed
    (BrokenProcessPool tells nothing of the kind)."""
    if multiprocessing.parent_process() is None:
        return None
    marker = cache_root / RUNNING_DIR / f"{os.getpid()}.json"
    write_bytes_atomic(marker, json.dumps({"stem": target.stem, "unit": target.unit, "title": target.title},
                                          ensure_ascii=False).encode("utf-8"))
    return marker


class WorkerDied(Exception):
    """A worker process ended abruptly (killed, out of memory, a crash): the pool is broken and the run stops.
    held: (pid, exit code, what it was building: a dict with stem, unit and title, or None while it started)."""

    def __init__(self, held: list[tuple[int, int | None, dict | None]], done: int):
        self.held, self.done = held, done
        super().__init__(f"worker process ended abruptly: {held}")


def _dead_workers(cache_root: Path, processes: dict) -> list[tuple[int, int | None, dict | None]]:
    """The workers that ended other than by the pool's own SIGTERM after the break (which they answer with exit
    1: _end_worker), each with the target it held."""
    targets = {}
    for pid in processes:
        try:
            targets[pid] = json.loads((cache_root / RUNNING_DIR / f"{pid}.json").read_bytes())
        except (OSError, ValueError):
            targets[pid] = None
    for process in processes.values():
        process.join(5)
    _forget_markers(cache_root)
    return [(pid, process.exitcode, targets[pid]) for pid, process in sorted(processes.items())
            if process.exitcode not in (0, 1)]


def context_only():
    """Meanwhile this process refuses to read tables or dataset.yml (config.refuse_if_context_only): a notebook run
    here prints from the context it is handed, or fails."""
    return _environment(CONTEXT_ONLY_ENV, "1")


@contextlib.contextmanager
def _environment(name: str, value: str):
    """An environment variable set meanwhile (the notebooks run in this process read it)."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _keep_failure(target: Target, cache_root: Path, exc: Exception) -> str:
    """One line naming the report, the cell and the error; the details saved beside it."""
    failed = cache_root / FAILED_DIR / target.stem
    write_bytes_atomic(failed.with_suffix(".txt"), "".join(traceback.format_exception(exc)).encode("utf-8"))
    where = str(failed.with_suffix(".txt"))
    if isinstance(exc, NotebookFailed) and exc.partial is not None:
        write_bytes_atomic(failed.with_suffix(".ipynb"), notebook_bytes(exc.partial))
        where = str(failed.with_suffix(".ipynb"))
    message = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {message[-1] if message else ''} (chi tiết: {where})"


# POSIX niceness of the workers: the main process plans what they build and fills the next folder while they
# build; it goes first (measured on a re-run: 5.4 s against 5.6 s with only the small reports' workers giving way).
WORKER_NICENESS = 10


def _worker_init() -> None:
    """A worker ends with the run, however the run ends (killed too), and leaves Ctrl-C to
    the main process, which ends the workers itself: no worker prints a traceback."""
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    without_unused_imports()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    if sys.platform.startswith("linux"):
        # Ask Linux for SIGTERM when the main process dies, even by SIGKILL.
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    watch_parent()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


# What the reports' libraries import and no report uses, left out of the workers (marked absent, each library goes
# on without it and says so in a warning, silenced): matplotlib's 3D axes (mpl_toolkits.mplot3d, for
# projection="3d": 0.09 s of its 0.3 s import) and Beautiful Soup's CSS selectors (soupsieve, for the page pass
# that render.html's exporter skips: 0.03 s of nbconvert's import). Only in the build's workers: an analyst's
# notebook keeps them.
UNUSED_IMPORTS = {"mpl_toolkits.mplot3d": "Unable to import Axes3D", "soupsieve": "The soupsieve package is not installed"}


def without_unused_imports() -> None:
    """In a worker, before its libraries are imported: UNUSED_IMPORTS left out (one imported already stays)."""
    for module, warning in UNUSED_IMPORTS.items():
        sys.modules.setdefault(module, None)
        warnings.filterwarnings("ignore", message=warning, category=UserWarning)


def watch_parent() -> None:
    """On every OS: a thread that waits for the main process to end and then ends this worker.

    It waits on the parent's sentinel from multiprocessing (the parent's end of a pipe on POSIX, which closes
    when the parent dies however it dies; a process handle on Windows, where no signal tells a child)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        _end_worker()

    threading.Thread(target=wait, name="parent-watch", daemon=True).start()


def _end_worker(*_) -> None:
    os._exit(1)  # at once and quietly: no cleanup from a signal handler (the cache is written atomically)


@contextlib.contextmanager
def _sigint_ignored():
    """Ctrl-C ignored while the workers start: they inherit it, so one pressed during their imports cannot
    print their tracebacks (a worker's own handler, _worker_init, keeps it ignored)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Nothing more starts, and the workers end now (after Ctrl-C, or idle). What they finished is in the cache
    already."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # (the shutdown forgets them)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()  # SIGTERM: _end_worker exits without a word
    for process in processes:
        process.join(5)


# What the report notebooks import, run once in a worker's shell as it starts: the second a worker spends before its
# first report, overlapped with the main process's planning.
WARM_UP = ("import matplotlib.pyplot, pandas\n"
           "from pipeline.render import document, html, typeset, word\n"
           "html.ready()\n"
           "from pipeline.report import charts, context, history, next_band, packs, tables\n"
           "from pipeline.report.national import charts, context, narrative, tables")


def _warm_up() -> None:
    """In a worker: start its shell (render.engine) and import what the reports need."""
    warm_up(WARM_UP, cwd=NOTEBOOKS)


# How the workers start: spawned (a fresh interpreter each, on every OS), but for a re-run started by the command
# itself (`build.year.start_workers`), whose workers are forked on Linux: they begin with the command's imports
# (pandas, papermill, the package: 0.9 s of each spawned worker's start) and add only the drawing and writing ones.
# A fork copies only the thread that makes it and every lock as it is; it is safe where the process has imported
# its modules and done nothing else, no thread of its own started and no library's pool of threads at work (a
# worker forked from a test process that had read tables for minutes hung on such a lock). Windows cannot fork,
# and macOS's system libraries are not safe to fork.
START_METHOD = "spawn"
FORK_WHERE_SAFE = "fork" if sys.platform.startswith("linux") else "spawn"


class Workers:
    """The build's worker processes, started early (`start`) when work is expected: their start and imports overlap
    the main process's ingest and planning instead of following them. `run_targets` takes them, or makes its own.

    start_method: "spawn" (START_METHOD) or "fork" (FORK_WHERE_SAFE, where it is)."""

    def __init__(self, count: int, start_method: str = START_METHOD):
        self.count = count
        self.start_method = start_method
        self.pool: ProcessPoolExecutor | None = None
        self.early: list = []  # (target, future) given to the workers while the run still plans (`submit`)

    def start(self) -> "Workers":
        if self.count > 1 and self.pool is None:
            # (Not max_tasks_per_child: on Python 3.11 the pool can hang when it replaces a worker.
            # Each notebook starts from an empty namespace instead: render.engine.)
            sys.stdout.flush()  # a forked worker must not inherit this process's unwritten console lines
            sys.stderr.flush()
            with _sigint_ignored():
                self.pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context(self.start_method),
                                                initializer=_worker_init)
                for _ in range(self.count):
                    self.pool.submit(_warm_up)
        return self

    def submit(self, target: Target, cache_root: Path, page_meta: dict) -> None:
        """Start building a target now, while the run still plans the others (the workers are started);
        `run_targets` collects it with the rest."""
        if self.pool is None:
            raise RuntimeError("Workers.submit before Workers.start")
        if not self.early:
            _forget_markers(cache_root)
        with _sigint_ignored():
            future = self.pool.submit(build_target, target, str(cache_root.resolve()), page_meta)
        self.early.append((target, future))

    def close(self, now: bool = False) -> None:
        """End the workers; `now`: at once (Ctrl-C, a failed run, nothing to build)."""
        pool, self.pool = self.pool, None
        if pool is not None:
            # Idle workers (every report collected) are ended by signal as well: a worker leaving by its own
            # interpreter's teardown (matplotlib, pandas, a shell) took a third of a second the run waited for.
            if now or not getattr(pool, "_pending_work_items", True):
                _stop(pool)
            else:
                pool.shutdown(wait=True)

    def in_process(self, targets: int) -> bool:
        """Whether `targets` reports are built in this process (one worker asked for, or one report and no
        workers started): then this process is context-only while they run."""
        return self.pool is None and (self.count <= 1 or targets == 1)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind, *_) -> None:
        self.close(now=kind is not None)


def run_targets(targets: list[Target], cache_root: Path, page_meta: dict, workers: int | Workers,
                progress: bool = True, on_built: Callable[[Target], None] | None = None) -> list[Outcome]:
    """Build targets on `workers` processes (a count, or workers already started), in the given order; a
    progress bar on stderr. The targets already given to started workers (Workers.submit) are collected too,
    first. on_built: called in this process with each target built, as it is done."""
    if not targets and not (isinstance(workers, Workers) and workers.early):
        return []
    if isinstance(workers, int):
        with Workers(workers) as own:
            return run_targets(targets, cache_root, page_meta, own, progress, on_built)
    outcomes: list[Outcome] = []
    root = str(cache_root.resolve())
    # No time left is shown until a few reports per worker are done: the first ones carry the
    # workers' start and would announce an hour for a minute's work.
    early, workers.early = workers.early, []
    in_process = not early and workers.in_process(len(targets))
    if not in_process:
        workers.start()  # before the bar, whose monitor is a thread
    bar = tqdm(total=len(targets) + len(early), unit=" báo cáo", file=sys.stderr, disable=not progress,
               dynamic_ncols=True, mininterval=0.5 if sys.stderr.isatty() else 5.0, bar_format=PROGRESS_STARTING)
    settled = 3 * max(workers.count, 1)

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if outcome.error:
            name = outcome.target.unit or outcome.target.kind
            tqdm.write(f"lỗi: {outcome.target.title} ({name}): {outcome.error}", file=sys.stderr)
        elif on_built is not None:
            on_built(outcome.target)
        if len(outcomes) == settled:
            bar.bar_format = PROGRESS
        bar.update()

    try:
        if in_process:
            for target in targets:
                done(build_target(target, root, page_meta))
        else:
            pool = workers.pool
            if not early:  # (else cleared as the first was given early)
                _forget_markers(cache_root)
            processes = dict(getattr(pool, "_processes", None) or {})  # pid → process, to name a dead one
            try:
                with _sigint_ignored():
                    futures = [f for _, f in early] + [pool.submit(build_target, t, root, page_meta) for t in targets]
                processes.update(getattr(pool, "_processes", None) or {})
                for future in as_completed(futures):
                    done(future.result())
            except KeyboardInterrupt:
                workers.close(now=True)
                raise
            except BrokenProcessPool:
                workers.close(now=True)
                raise WorkerDied(_dead_workers(cache_root, processes), len(outcomes)) from None
    except BaseException:  # Ctrl-C, a worker killed, a full disk
        bar.leave = False  # the caller prints the one line that says what was kept
        bar.close()
        raise
    bar.close()
    return outcomes
