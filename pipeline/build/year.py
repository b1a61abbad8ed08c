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
   kernel (`build.runner`), exported to HTML and PDF, and stored in the cache as they finish,
   so a failure in one unit loses nobody else's work.
4. Only when every target succeeded, the year's folder is assembled beside the old one
   (`build.folder`) and swapped in. A run that fails or is killed leaves the last good outputs
   as they were.
"""
from __future__ import annotations

import ctypes
import difflib
import gc
import shutil
import sys
from dataclasses import dataclass, field, replace

from ..config import Settings
from ..contract import MANIFEST, SIDE_FOLDERS
from ..errors import UnknownReport
from ..files import read_json, recover_dir, sha256_file
from ..ingest import build_if_stale, input_hashes
from ..ingest.year import check_unchanged
from ..render.notebook import NOTEBOOKS, check_parameters
from ..report import history, year_data
from ..report.layout import sample_mark
from . import changes, folder
from .cache import Cache
from .runner import CONTEXTS_DIR, FAILED_DIR, Outcome, run_targets
from .targets import plan, with_context


@dataclass
class RunResult:
    built: list[Outcome]
    reused: int
    failed: list[Outcome]
    changed: bool  # the year's folder was replaced
    reissued: list[dict] = field(default_factory=list)  # {path, title, revision, reason} of this run


def release_caches() -> None:
    """Before the workers start: the targets to build carry their contexts, and this process needs the tables
    no more. For memory only (the caches are keyed by the tables' versions, so nothing stale is ever read):
    the freed memory is handed back to the system (glibc keeps it otherwise), since planning a national-scale
    year holds some hundreds of MiB that would sit beside the workers for the whole run."""
    year_data.clear()
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl, say): the memory is freed all the same
            pass


def build_year(settings: Settings, workers: int = 2, progress: bool = True, only: set[str] | None = None
               ) -> RunResult:
    """Everything of contract §10 for a year. Raises InputError (nothing written) on bad input.

    only: build just these targets (kinds such as "unit-report", or unit codes); the folder is
    then assembled from every report whose current version is built (the others stay out
    until built, so nothing stale is ever listed)."""
    final = settings.report_dir
    recover_dir(final)
    before = changes.read_published(settings)
    start_hashes = input_hashes(settings.raw_dir)
    build_if_stale(settings)  # a national-only year too: its national tables
    if settings.has_units:
        # Earlier years: the year before (comparisons) and up to five years of each unit's history.
        for earlier in history.history_years(settings):
            if earlier.year != settings.year:
                build_if_stale(earlier)
    inputs = folder.input_entries(settings)
    targets, runs = changes.plan_reissues(settings, plan(settings), before, inputs)
    cache = Cache(settings)
    wanted = [t for t in targets if only is None or t.kind in only or t.unit in only]
    if only is not None and not wanted:
        codes = [t.unit for t in targets if t.unit]
        close = sorted({c for name in only for c in difflib.get_close_matches(name, codes, n=3, cutoff=0.6)})
        raise UnknownReport(f"không có báo cáo nào ứng với {', '.join(sorted(only))} trong năm {settings.year}"
                            + (f"; có phải: {', '.join(close)}?" if close else ""))
    # Only what is built carries its context to the workers (keys kept from the last run have none yet).
    todo = [with_context(settings, t) for t in wanted if not cache.has(t)]
    targets = [replace(t, context=None) for t in targets]
    release_caches()
    for target in todo:  # before any work: a notebook and the code that calls it must agree
        check_parameters(NOTEBOOKS / target.notebook, target.params)
    ds = settings.dataset
    page_meta = {"author": f"{ds.agency} {ds.province}", "mark": sample_mark(ds)}
    built = run_targets(todo, cache.root, page_meta, workers, progress)
    failed = [o for o in built if o.error]
    if failed:
        return RunResult(built, len(wanted) - len(todo), failed, changed=False)
    shutil.rmtree(cache.root / FAILED_DIR, ignore_errors=True)  # what failed before has been built now
    shutil.rmtree(cache.root / CONTEXTS_DIR, ignore_errors=True)  # handed to kernels that are done

    # Every report must come from the inputs the run started with: one saved meanwhile (a correction
    # typed during the build) stops the run before anything is published.
    check_unchanged(settings.raw_dir, start_hashes)
    available = [t for t in targets if cache.has(t)]
    manifest = folder.assemble(settings, available, cache, final, runs)
    if manifest is not None:
        changes.save_published(settings, available, inputs, runs)
    if only is None:
        cache.prune({t.key for t in targets} | folder.cached_keys(settings, targets))
    reissued = runs[-1]["reports"] if len(runs) > len(before.runs) else []
    return RunResult(built, len(wanted) - len(todo), [], changed=manifest is not None, reissued=reissued)


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
    return problems
