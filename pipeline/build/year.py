"""`make report`: every output of a year, rebuilt only where its content changed, swapped in whole.

How a run goes:

1. The processed tables (the national ones too) are rebuilt if any raw input changed
   (`ingest.build_if_stale`), for the year and the earlier years under raw/ (reports compare with the year before; a unit's history
   goes back up to five years).
2. Every report is a *target* (`build.targets`) whose key is the hash of its code, notebook,
   its context object (everything it prints: `report.keys`), and its re-issue note. A target whose key is in the build cache
   (`OUTPUT_DIR/.cache/<YEAR>/`) is not rebuilt. A target whose printed data differs from the
   last published version is re-issued with a note saying why (`build.changes`).
3. Missing targets are executed with papermill in a pool of worker processes, each with a warm
   kernel (`build.runner`), exported to HTML, PDF and DOCX, and stored in the cache as they finish,
   so a failure in one unit loses nobody else's work. When work is expected the workers start
   before the tables are read, and each target is given to them as soon as it is planned.
4. Only when every target succeeded, the year's folder is assembled beside the old one
   (`build.folder`) and swapped in. A run that fails or is killed leaves the last good outputs
   as they were.
"""
from __future__ import annotations

import contextlib
import ctypes
import difflib
import gc
import shutil
import sys
import threading
from dataclasses import dataclass, field, replace

from ..config import Settings, inputs_pinned
from ..contract import ARCHIVE_LINE, MANIFEST, REGISTER, SIDE_FOLDERS, STAMP_FILE
from ..errors import UnknownReport, UsageError
from ..files import read_json, recover_dir, sha256_file
from ..ingest import build_if_stale, input_hashes
from ..ingest.year import check_unchanged
from ..render.notebook import NOTEBOOKS, check_parameters
from ..report import year_data
from ..report.layout import page_meta
from . import changes, folder, journal, lifecycle
from .cache import Cache, prune_unused
from .runner import (CHARTS_DIR, CHARTS_KEPT_DAYS, CONTEXTS_DIR, FAILED_DIR, FORK_WHERE_SAFE, START_METHOD, Outcome,
                     Workers, run_targets)
from .targets import plan, with_context, years_read


@dataclass
class RunResult:
    built: list[Outcome]
    reused: int
    failed: list[Outcome]
    changed: bool  # the year's folder was replaced
    reissued: list[dict] = field(default_factory=list)  # replacement drafts of this run: {path, title, reason, …}
    kept: int = 0  # issued notices kept as issued though their group's comparisons moved
    drafts: int = 0  # documents of the year that are drafts after this run
    issued: int = 0  # documents this run issued


def release_caches() -> None:
    """Before the workers get their targets: these carry their contexts, and this process needs the tables
    no more (but for the Excel summary, read again as it is written). For memory only (the caches are keyed by
    the tables' versions, so nothing stale is ever read):
    the freed memory is handed back to the system (glibc keeps it otherwise), since planning a national-scale
    year holds some hundreds of MiB that would sit beside the workers for the whole run."""
    year_data.clear()
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl, say): the memory is freed all the same
            pass


def build_year(settings: Settings, workers: int | Workers = 2, progress: bool = True, only: set[str] | None = None,
               issue: bool = False) -> RunResult:
    """Everything of contract §10 for a year. Raises InputError (nothing written) on bad input.

    workers: how many worker processes, or the workers `start_workers` started (the build ends them).
    only: build just these targets (kinds such as "unit-report", or unit codes); the folder is
    then assembled from every report whose current version is built (the others stay out
    until built, so nothing stale is ever listed).
    issue: turn the current drafts into issued documents (build.lifecycle); refused (NotCurrent) unless the
    drafts are those of the current inputs."""
    final = settings.report_dir
    recover_dir(final)
    journal.settle(settings, changes.published_dir(settings))  # a run killed between its two swaps
    before = changes.read_published(settings)
    start_hashes = input_hashes(settings.raw_dir)
    pool = workers if isinstance(workers, Workers) else Workers(workers)
    if pool.pool is None and only is None and work_expected(settings, before.inputs if before.exists else None,
                                                            start_hashes, issue):
        pool.start()
    with pool:
        return _build_year(settings, pool, progress, only, issue, before, start_hashes)


def start_workers(settings: Settings, workers: int, only: set[str] | None = None, fork: bool = False) -> Workers:
    """The build's workers, started before the tables are read when this run will most likely build reports of a
    year built before (a correction: their start overlaps the ingest; `build_year` takes them). A first build
    starts them once its tables are read: bad inputs, most often met then, stop the run before any worker starts.

    fork: this is the command's own process at its start (pipeline.__main__.entry): the workers may be forked
    (runner.FORK_WHERE_SAFE). Nothing here reads a table first: no library has started its threads yet."""
    now = only is None and (settings.processed_dir / STAMP_FILE).is_file() and \
        work_expected(settings, changes.published_inputs(settings), input_hashes(settings.raw_dir), False)
    # A pool not started now starts later if at all (the plan finds work: new code, say), once the tables are read:
    # the libraries' own threads may hold a lock then, which a fork would copy held. It is spawned.
    pool = Workers(workers, start_method=FORK_WHERE_SAFE if fork and now and threading.active_count() == 1
                   else START_METHOD)
    return pool.start() if now else pool


def work_expected(settings: Settings, published_inputs: list[dict] | None, start_hashes: dict[str, str],
                  issue: bool) -> bool:
    """Whether this run will most likely build reports (a first build, issuing, an input of the year changed):
    then the workers start before the tables are read and the reports planned, and are ready when the plan is.
    A guess only: a run that has nothing to build ends them unused, one that has work starts them then.
    published_inputs: the inputs of the published year, None when none is."""
    if issue or published_inputs is None:
        return True
    prefix = settings.raw_dir.relative_to(settings.data_dir).as_posix() + "/"
    published = {i["path"][len(prefix):]: i["sha256"] for i in published_inputs if i["path"].startswith(prefix)}
    return published != start_hashes


def _build_year(settings: Settings, pool: Workers, progress: bool, only: set[str] | None, issue: bool,
                before: changes.Published, start_hashes: dict[str, str]) -> RunResult:
    for year in years_read(settings):  # a national-only year too: its national tables
        build_if_stale(year)
    # From here the inputs and tables are those the run publishes (one changed meanwhile refuses the run at its
    # end, check_unchanged): each is read once (config.inputs_pinned).
    with inputs_pinned():
        return _plan_and_build(settings, pool, progress, only, issue, before, start_hashes)


def _plan_and_build(settings: Settings, pool: Workers, progress: bool, only: set[str] | None, issue: bool,
                    before: changes.Published, start_hashes: dict[str, str]) -> RunResult:
    final = settings.report_dir
    inputs = folder.input_entries(settings)
    cache = Cache(settings)
    meta = page_meta(settings.dataset)
    lifecycle_plan = changes.Lifecycle(settings, before, inputs, issue)

    def is_wanted(t) -> bool:
        return only is None or t.kind in only or t.unit in only

    def planned(t):
        """Each target as it is planned: its status, and, when workers are ready for it, its build started
        while the rest is planned (not when issuing: that builds nothing, or is refused)."""
        t = lifecycle_plan.status(t)
        if not issue and pool.pool is not None and is_wanted(t) and not cache.has(t):
            t = with_context(settings, t)
            check_parameters(NOTEBOOKS / t.notebook, t.params)
            pool.submit(t, cache.root, meta)
        return t

    targets, runs, issuing = lifecycle_plan.finish(plan(settings, planned))
    if issue:
        refuse_unless_current(settings, issuing, before, inputs, cache)
    wanted = [t for t in targets if is_wanted(t)]
    if only is not None and not wanted:
        codes = [t.unit for t in targets if t.unit]
        close = sorted({c for name in only for c in difflib.get_close_matches(name, codes, n=3, cutoff=0.6)})
        raise UnknownReport(f"không có báo cáo nào ứng với {', '.join(sorted(only))} trong năm {settings.year}"
                            + (f"; có phải: {', '.join(close)}?" if close else ""))
    # Only what is built carries its context to the workers (keys kept from the last run have none yet).
    started = {t.stem for t, _ in pool.early}
    todo = [with_context(settings, t) for t in wanted if not cache.has(t) and t.stem not in started]
    to_build = {t.stem: t for t in todo}  # what is issued and built now already has its context
    issuing = [to_build.get(t.stem) or with_context(settings, t) for t in issuing]
    targets = [replace(t, context=None) for t in targets]
    for target in todo:  # before any work: a notebook and the code that calls it must agree
        check_parameters(NOTEBOOKS / target.notebook, target.params)
    building = len(todo) + len(started)
    if not building:
        pool.close(now=True)  # started on a guess that was wrong: free the cores at once
    elif not pool.in_process(len(todo)):
        pool.start()  # (unless started before planning)
        # The Excel outputs (a second of work) while the workers build the reports: this process has the tables
        # and the units report's context at hand. When it builds the reports itself, folder.assemble writes them.
        folder.build_workbooks(settings, targets, cache)
    release_caches()
    # While the workers build, this process fills the next folder with what is built (it would only wait).
    will_have = {t.stem for t in todo} | started
    staging = folder.Staging(settings, [t for t in targets if t.stem in will_have or cache.has(t)], cache, final) \
        if building and pool.pool is not None else None
    try:
        if staging is not None:
            staging.add_built(targets)
        built = run_targets(todo, cache.root, meta, pool, progress,
                            on_built=staging.add if staging is not None else None)
        failed = [o for o in built if o.error]
        if failed:
            return RunResult(built, len(wanted) - building, failed, changed=False)
        shutil.rmtree(cache.root / FAILED_DIR, ignore_errors=True)  # what failed before has been built now
        shutil.rmtree(cache.root / CONTEXTS_DIR, ignore_errors=True)  # handed to kernels that are done

        # Every report must come from the inputs the run started with: one saved meanwhile (a correction
        # typed during the build) stops the run before anything is published.
        check_unchanged(settings.raw_dir, start_hashes)
        available = [t for t in targets if cache.has(t)]
        issued, register = None, None
        if issuing:
            issued, register = record_issue(before, issuing, cache)
        published = changes.published_dir(settings)

        def prepare_state(manifest: bytes) -> None:  # the folder is ready: the state it goes with, then the journal
            journal.prepare(settings, manifest, lambda into: changes.write_published(
                settings, into, available, inputs, runs, before, issued, register))

        try:
            manifest = folder.assemble(settings, available, cache, final, runs,
                                       register=register if register is not None else before.register,
                                       sent={t.files["html"] for t in issuing}, before_swap=prepare_state,
                                       staging=staging)
        except BaseException:
            with contextlib.suppress(Exception):  # (else the next run settles it)
                journal.settle(settings, published, quiet=True)  # forward if the folder was swapped, else back
            raise
        if manifest is not None:
            journal.commit(settings, published)
        elif issuing:
            changes.save_published(settings, available, inputs, runs, before, issued, register)
    finally:
        if staging is not None:
            staging.discard()  # (nothing left of it when it was swapped in)
    if only is None:
        cache.prune({t.key for t in targets} | folder.cached_keys(settings, targets))
        prune_unused(cache.root / CHARTS_DIR, CHARTS_KEPT_DAYS)
        cache.mark_recorded()
    this_run = runs[-1] if len(runs) > len(before.runs) else {}
    return RunResult(built, len(wanted) - building, [], changed=manifest is not None,
                     reissued=this_run.get("reports", []), kept=len(this_run.get("kept", [])),
                     drafts=sum(t.status.draft for t in targets), issued=len(issuing))


class NotCurrent(UsageError):
    """Issuing asked for while the drafts are not those of the current inputs."""


def refuse_unless_current(settings: Settings, issuing: list, before, inputs: list[dict], cache: Cache) -> None:
    """Issue only the drafts someone could have read: the last build's, of the inputs as they are now."""
    drafts = [replace(t, status=replace(t.status, draft=True)) for t in issuing]
    stale = before.inputs != inputs or not all(cache.has(t) for t in drafts) or not before.exists
    if stale:
        raise NotCurrent(f"bản dự thảo năm {settings.year} chưa cập nhật theo dữ liệu hiện tại: chạy "
                         f"`make report YEAR={settings.year}`, xem lại các bản dự thảo, rồi mới ban hành")
    replacements = settings.dataset.replacements
    if any(t.status.replaces for t in issuing) and not (replacements and replacements.date):
        raise NotCurrent("các văn bản thay thế cần ngày ban hành của chúng: ghi `replacements: {date: YYYY-MM-DD}` "
                         f"(và nếu cần first_number) vào dataset.yml năm {settings.year}, chạy lại make report, "
                         "rồi mới ban hành")


def record_issue(before, issuing: list, cache: Cache) -> tuple[dict, list[dict]]:
    """The documents this run issues: their issued versions (what later runs compare with) and their rows
    in the issue register, with each file's SHA-256 as issued."""
    issued, register = dict(before.issued), list(before.register)
    for t in issuing:
        identity = t.printed_context.identity
        old = before.issued.get(t.files["html"])
        recipients = getattr(t.printed_context, "recipients", None) or []
        register.append({
            "loai": lifecycle.DOCUMENT_NAMES[t.kind], "so": identity.number, "ngay": identity.date.isoformat(),
            "noi_nhan": identity.recipient or "; ".join(r for r in recipients if r != ARCHIVE_LINE),
            "trich_yeu": t.title, "tep": t.files["pdf"], "sha256": sha256_file(cache.path(t.key, "pdf")),
            "tep_docx": t.files["docx"], "sha256_docx": sha256_file(cache.path(t.key, "docx")),
            "thay_the": f"{old['number']} ngày {old['date']}".strip() if old else "", "khoa": t.key})
        issued[t.files["html"]] = {"data": t.data, "issue_key": t.issue_key, "status": t.status.to_json(), "key": t.key,
                                   "number": identity.number, "date": identity.date.isoformat(), "kind": t.kind}
    return issued, register


def verify(settings: Settings) -> list[str]:
    """Every output of the year against manifest.json: missing, changed and unlisted files."""
    final = settings.report_dir
    manifest = read_json(final / MANIFEST)
    if manifest is None:
        return [f"{final / MANIFEST}: không có hoặc không đọc được manifest"]
    problems = []
    listed = set()
    for o in manifest["outputs"]:
        listed.add(o["path"])
        path = final / o["path"]
        if not path.is_file():
            problems.append(f"{o['path']}: thiếu tệp")
        elif sha256_file(path) != o["sha256"]:
            problems.append(f"{o['path']}: nội dung khác với manifest (sha256)")
    for path in sorted(final.rglob("*")):
        rel = path.relative_to(final).as_posix()
        if path.is_file() and rel != MANIFEST and rel not in listed and rel.split("/")[0] not in SIDE_FOLDERS:
            problems.append(f"{rel}: tệp không có trong manifest")
    # An issued document is the bytes the register recorded when it was issued (a file changed in the build
    # cache and copied in again would have a manifest of its own, but not the register's hash).
    built_by = {o["path"]: o.get("key") for o in manifest["outputs"]}
    latest = {}
    for row in changes.read_register(settings):
        for fmt_ in ("", "_docx"):
            latest[row[f"tep{fmt_}"]] = (row.get("khoa"), row[f"sha256{fmt_}"])
    for rel, (key, sha) in sorted(latest.items()):
        if built_by.get(rel) == key and (final / rel).is_file() and sha256_file(final / rel) != sha:
            problems.append(f"{rel}: khác với bản đã ban hành ghi trong {REGISTER}")
    return problems
