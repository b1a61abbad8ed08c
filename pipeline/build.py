"""`make report`: every output of a year, rebuilt only where its content changed, swapped in whole.

How a run goes:

1. The processed tables are rebuilt if any raw input changed (`ingest.build_if_stale`).
2. Every report is a *target* with a content key: the hash of the notebook, the code and
   exactly the data the report prints. A target whose key is in the build cache
   (`OUTPUT_DIR/.cache/<YEAR>/`) is not rebuilt. A target whose printed data differs from
   the last published version is re-issued with a note saying why (`pipeline.changes`).
3. Missing targets are executed with papermill in a pool of worker processes, each with a
   warm kernel (`pipeline.engine`), exported to HTML and PDF, and stored in the cache as
   they finish, so a failure in one unit loses nobody else's work.
4. Only when every target succeeded, the year's folder is assembled beside the old one
   (hard links from the cache, the Excel summary, the distribution list and zips, the
   landing page, the change report, manifest.json) and swapped in. A run that fails or is
   killed leaves the last good outputs as they were.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .config import DATASET_FILE, Settings
from .tables import recover_dir as recover
from .tables import swap_dir as swap_in

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TEMPLATES_DIR = Path(__file__).parent / "templates"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Target:
    """One notebook run and the files it yields (paths relative to OUTPUT_DIR/<YEAR>/)."""

    kind: str  # units-report | national-report | unit-report
    notebook: str  # file in notebooks/
    params: dict
    stem: str  # output path without extension, e.g. "don-vi/so/so-tu-phap"
    title: str
    date: str  # ISO date of the report (dataset.yml), for the HTML head and PDF metadata
    key: str  # content key: same key, same bytes
    unit: str | None = None
    notebook_copy: str = ""  # where the executed notebook goes
    group: str = ""  # unit reports: the unit's group code
    label: str = ""  # unit reports: the unit's name
    data: str = ""  # fingerprint of the data printed (not the code): a change re-issues the report
    revision: int = 0  # 0 for the first issue, then 1, 2, … each time its data changes
    note: str = ""  # the re-issue note the report opens with

    @property
    def build_key(self) -> str:
        """Identifies the bytes: content key plus the re-issue note."""
        return digest(self.key, self.note) if self.note else self.key

    @property
    def files(self) -> dict[str, str]:
        """format → relative path."""
        files = {"html": f"{self.stem}.html", "pdf": f"{self.stem}.pdf"}
        if self.notebook_copy:
            files["ipynb"] = self.notebook_copy
        return files


@dataclass
class Outcome:
    target: Target
    error: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------- keys and cache


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def code_fingerprint() -> str:
    """Every module and template of the package: a code change re-issues what it could touch."""
    root = Path(__file__).parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".css", ".js", ".json"}
                   and "__pycache__" not in p.parts)
    return digest(*(p.relative_to(root).as_posix().encode() + p.read_bytes() for p in files))


def notebook_fingerprint(name: str) -> str:
    return digest((NOTEBOOKS / name).read_bytes())


def cache_entry(root: Path, key: str) -> Path:
    """The folder of one build in the cache (bucketed by the key's first two characters)."""
    return root / key[:2] / key


class Cache:
    """Built files by content key: OUTPUT_DIR/.cache/<YEAR>/<key>/<format>."""

    def __init__(self, settings: Settings):
        self.root = settings.output_dir / ".cache" / str(settings.year)

    def path(self, key: str, fmt: str) -> Path:
        return cache_entry(self.root, key) / fmt

    def has(self, target: Target) -> bool:
        return all(self.path(target.build_key, f).exists() for f in target.files)

    def put(self, key: str, fmt: str, data: bytes) -> None:
        from .render import write_bytes_atomic

        write_bytes_atomic(self.path(key, fmt), data)

    def prune(self, keep: set[str]) -> None:
        """Drop cached builds no current output uses (old versions, failed runs' leftovers)."""
        if not self.root.exists():
            return
        for bucket in self.root.iterdir():
            if len(bucket.name) != 2:  # not a key bucket (e.g. published/)
                continue
            for entry in bucket.iterdir() if bucket.is_dir() else []:
                if entry.name not in keep:
                    shutil.rmtree(entry, ignore_errors=True)


# ---------------------------------------------------------------- building one target (in a worker)


def build_target(target: Target, cache_root: str, page_meta: dict) -> Outcome:
    """Execute the target's notebook (warm kernel), export HTML and PDF, store them in the cache."""
    from . import render

    outcome = Outcome(target)
    try:
        t0 = time.perf_counter()
        nb = render.execute(NOTEBOOKS / target.notebook, target.params, cwd=NOTEBOOKS, warm=True)
        t1 = time.perf_counter()
        page = render.Page(title=target.title, date=dt.date.fromisoformat(target.date), **page_meta)
        html = render.to_html(nb, page)
        t2 = time.perf_counter()
        pdf = render.to_pdf(html, page.date)
        t3 = time.perf_counter()
        cache = cache_entry(Path(cache_root), target.build_key)
        data = {"html": html.encode("utf-8"), "pdf": pdf, "ipynb": render.notebook_bytes(nb)}
        for fmt in target.files:
            render.write_bytes_atomic(cache / fmt, data[fmt])
        outcome.seconds = {"execute": t1 - t0, "html": t2 - t1, "pdf": t3 - t2}
    except Exception as exc:  # reported by unit name in the parent; the other units go on
        outcome.error = _short_error(exc)
    return outcome


def _short_error(exc: Exception) -> str:
    text = str(exc).strip()
    # papermill puts the kernel's traceback in the message; its last line says what went wrong.
    lines = [line for line in text.splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[-1] if lines else ''}"[:500]


def _worker_init() -> None:
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)


def run_targets(targets: list[Target], cache: Cache, page_meta: dict, workers: int, progress: bool = True
                ) -> list[Outcome]:
    """Build targets on `workers` processes, biggest first; a progress bar on stderr."""
    if not targets:
        return []
    outcomes: list[Outcome] = []
    bar = _progress(len(targets), progress)
    cache_root = str(cache.root.resolve())
    if workers <= 1 or len(targets) == 1:
        for target in targets:
            outcomes.append(build_target(target, cache_root, page_meta))
            bar.update(outcomes[-1])
    else:
        import multiprocessing

        # spawn: a worker must not inherit the parent's threads or zmq sockets.
        # (Not max_tasks_per_child: on Python 3.11 the pool can hang when it replaces a worker.
        # The warm engine renews its kernel itself instead.)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_worker_init) as pool:
            futures = [pool.submit(build_target, t, cache_root, page_meta) for t in targets]
            for future in as_completed(futures):
                outcomes.append(future.result())
                bar.update(outcomes[-1])
    bar.close()
    return outcomes


class _progress:
    """Units done, rate and time left; a bar on a terminal, a line every few seconds in logs."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.failed, self.enabled = total, 0, 0, enabled
        self.start = self.last = time.perf_counter()
        self.tty = sys.stderr.isatty()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += bool(outcome.error)
        if outcome.error:
            print(f"\nlỗi: {outcome.target.title} ({outcome.target.unit or outcome.target.kind}): {outcome.error}",
                  file=sys.stderr)
        now = time.perf_counter()
        if not self.enabled or (not self.tty and now - self.last < 5 and self.done < self.total):
            return
        self.last = now
        elapsed = now - self.start
        left = elapsed / self.done * (self.total - self.done)
        width = 30
        filled = int(width * self.done / self.total)
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} báo cáo"
                f"{f', {self.failed} lỗi' if self.failed else ''}, {elapsed:.0f} s, còn khoảng {left:.0f} s")
        print(("\r" if self.tty else "") + line, end="" if self.tty else "\n", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self.tty:
            print(file=sys.stderr)


# ---------------------------------------------------------------- the year's folder


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def versions() -> dict[str, str]:
    from importlib.metadata import version

    from . import __version__

    names = ["pandas", "matplotlib", "papermill", "nbconvert", "weasyprint", "openpyxl", "XlsxWriter",
             "python-calamine"]
    return {"pipeline": __version__, "python": ".".join(map(str, sys.version_info[:3])),
            **{n: version(n) for n in names}}


def link_or_copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, dest)


def read_manifest(final: Path) -> dict | None:
    try:
        return json.loads((final / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def dataset_file(settings: Settings) -> Path:
    return settings.raw_dir / DATASET_FILE


# ---------------------------------------------------------------- planning and the whole run


UNITS_REPORT_NOTEBOOK = "units-report.ipynb"


def units_report_stem(year: int) -> str:
    return f"bao-cao-chi-so-cchc-cac-don-vi-{year}"


def inputs_fingerprint(settings: Settings) -> str:
    """The raw inputs the processed tables were built from (not the code that read them)."""
    return digest(json.dumps(json.loads(processed_stamp(settings))["inputs"], sort_keys=True))


def processed_stamp(settings: Settings) -> bytes:
    """What the processed tables were built from (ingest's inputs.json): their content key."""
    from .ingest import STAMP_FILE

    return (settings.processed_dir / STAMP_FILE).read_bytes()


def plan_units_report(settings: Settings, code: str) -> Target:
    ds = settings.dataset
    prev = settings.previous
    data = digest("units-report", inputs_fingerprint(settings), inputs_fingerprint(prev) if prev else "")
    key = digest("units-report", code, notebook_fingerprint(UNITS_REPORT_NOTEBOOK), data)
    meta = ds.reports.get("units")
    return Target("units-report", UNITS_REPORT_NOTEBOOK, params=notebook_params(settings, reissue=""),
                  stem=units_report_stem(settings.year),
                  title=f"Báo cáo kết quả Chỉ số CCHC năm {settings.year} của các cơ quan, đơn vị, địa phương",
                  date=(meta.date if meta else dt.date(settings.year + 1, 1, 1)).isoformat(), key=key,
                  notebook_copy=f"notebooks/{UNITS_REPORT_NOTEBOOK}", data=data)


def notebook_params(settings: Settings, **extra) -> dict:
    """Absolute folders: the kernel runs in notebooks/, wherever make was called from."""
    return {"year": settings.year, "data_dir": str(settings.data_dir.resolve()),
            "output_dir": str(settings.output_dir.resolve()), **extra}


UNIT_REPORT_NOTEBOOK = "unit-report.ipynb"


def unit_stem(nhom: str, ma_don_vi: str) -> str:
    return f"don-vi/{nhom}/{ma_don_vi}"


def plan_unit_reports(settings: Settings, code: str) -> list[Target]:
    """One target per unit; its key is the fingerprint of exactly what its report prints."""
    from . import context

    ds = settings.dataset
    notebook = notebook_fingerprint(UNIT_REPORT_NOTEBOOK)
    meta = ds.reports.get("units")
    date = (meta.date if meta else dt.date(settings.year + 1, 1, 1)).isoformat()
    targets = []
    for _, u in context.unit_codes(settings).iterrows():
        ma, nhom = u["ma_don_vi"], u["nhom"]
        report = context.unit_report(settings, ma)
        data = report.fingerprint()
        targets.append(Target(
            "unit-report", UNIT_REPORT_NOTEBOOK, params=notebook_params(settings, unit=ma, reissue=""),
            stem=unit_stem(nhom, ma), title=f"Kết quả Chỉ số CCHC năm {settings.year}: {u['ten_don_vi']}",
            date=date, key=digest("unit-report", code, notebook, data), unit=ma,
            notebook_copy=f"notebooks/{unit_stem(nhom, ma)}.ipynb", group=nhom, label=u["ten_don_vi"], data=data))
    return targets


NATIONAL_REPORT_NOTEBOOK = "national-report.ipynb"


def national_report_stem(year: int) -> str:
    return f"bao-cao-par-index-{year}"


def plan_national_report(settings: Settings, code: str) -> Target:
    """Keyed by quoc-gia/ and dataset.yml: the national report reads nothing else."""
    from . import national
    from .config import NATIONAL_DIR

    # Validate here, in the main process: bad national files stop the run with exit 2 before any work.
    data = national.read_national(settings.raw_dir)
    national.headline(data.provinces, settings.year, settings.dataset.province)

    files = sorted(p for p in (settings.raw_dir / NATIONAL_DIR).rglob("*") if p.is_file())
    inputs = [p.relative_to(settings.raw_dir).as_posix().encode() + p.read_bytes()
              for p in files + [dataset_file(settings)]]
    meta = settings.dataset.reports.get("national") or settings.dataset.reports.get("units")
    return Target("national-report", NATIONAL_REPORT_NOTEBOOK, params=notebook_params(settings, reissue=""),
                  stem=national_report_stem(settings.year),
                  title=f"Báo cáo phân tích Chỉ số CCHC (PAR INDEX) năm {settings.year} của tỉnh "
                        f"{settings.dataset.province}",
                  date=(meta.date if meta else dt.date(settings.year + 1, 6, 1)).isoformat(),
                  key=digest("national-report", code, notebook_fingerprint(NATIONAL_REPORT_NOTEBOOK), *inputs),
                  notebook_copy=f"notebooks/{NATIONAL_REPORT_NOTEBOOK}", data=digest("national-report", *inputs))


def has_units(settings: Settings) -> bool:
    """A year may hold only the national index so far (quoc-gia/ without unit sheets)."""
    from .config import FRAMEWORK_FILE, UNITS_FILE

    return (settings.raw_dir / FRAMEWORK_FILE).exists() or (settings.raw_dir / UNITS_FILE).exists()


def plan(settings: Settings) -> list[Target]:
    from . import national

    code = code_fingerprint()
    targets = []
    if has_units(settings):
        targets.append(plan_units_report(settings, code))
    if national.available(settings.raw_dir):
        targets.append(plan_national_report(settings, code))
    if has_units(settings):
        targets += plan_unit_reports(settings, code)
    return targets


@dataclass
class RunResult:
    built: list[Outcome]
    reused: int
    failed: list[Outcome]
    changed: bool  # the year's folder was replaced


def build_year(settings: Settings, workers: int = 2, progress: bool = True, only: set[str] | None = None
               ) -> RunResult:
    """Everything of contract §10 for a year. Raises InputError (nothing written) on bad input.

    only: build just these targets (kinds such as "unit-report", or unit codes); the folder is
    then assembled from every report whose current version is built (the others stay out
    until built, so nothing stale is ever listed)."""
    from . import changes, ingest, outputs

    final = settings.report_dir
    recover(final)
    old_manifest = read_manifest(final)
    old_runs = changes.read_history(final)
    before = changes.published_snapshot(settings)
    if has_units(settings):
        ingest.build_if_stale(settings)
        if settings.previous and has_units(settings.previous):
            ingest.build_if_stale(settings.previous)
    targets, runs = changes.plan_reissues(settings, plan(settings), old_manifest, old_runs, before,
                                          outputs.input_entries(settings))
    from . import context

    context.release()  # the workers' kernels read the tables themselves; this process needs them no more
    cache = Cache(settings)
    wanted = [t for t in targets if only is None or t.kind in only or t.unit in only]
    if only is not None and not wanted:
        raise KeyError(f"không có báo cáo nào ứng với {', '.join(sorted(only))} trong năm {settings.year}")
    todo = [t for t in wanted if not cache.has(t)]
    ds = settings.dataset
    from .layout import sample_mark

    page_meta = {"author": f"{ds.agency} {ds.province}", "mark": sample_mark(ds)}
    built = run_targets(todo, cache, page_meta, workers, progress)
    failed = [o for o in built if o.error]
    if failed:
        return RunResult(built, len(wanted) - len(todo), failed, changed=False)

    available = [t for t in targets if cache.has(t)]
    manifest = outputs.assemble(settings, available, cache, final, runs)
    if manifest is not None and has_units(settings):
        changes.save_published(settings)
    if only is None:
        cache.prune({t.build_key for t in targets} | outputs.cached_keys(settings, targets) | {"published"})
    return RunResult(built, len(wanted) - len(todo), [], changed=manifest is not None)


def verify(settings: Settings) -> list[str]:
    """Every output of the year against manifest.json: missing, changed and unlisted files."""
    final = settings.report_dir
    manifest = read_manifest(final)
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
        if path.is_file() and rel != MANIFEST and rel not in listed:
            problems.append(f"{rel}: tệp không có trong manifest")
    return problems
