"""Targets: one notebook run each, with the files it yields and the key that identifies its bytes.

A target's data fingerprint is the key of its context object (`report.keys.content_key`): everything its
notebook prints, derived, never listed. The context travels with the target to the worker that builds it,
so the kernel prints what was keyed instead of computing it again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .. import contract
from .lifecycle import Status, issue_key, with_status
from ..config import Settings
from ..errors import UsageError
from ..contract import (
    AGENCY_PACK,
    DISTRICT_PACK,
    NATIONAL_REPORT,
    NOTEBOOK_FILES,
    STAMP_FILE,
    UNIT_REPORT,
    UNITS_REPORT,
)
from ..files import digest, json_bytes, read_json, tree_digest, write_bytes_atomic
from ..render.notebook import NOTEBOOKS
from ..report import context, history, packs
from ..report.keys import content_key
from ..report.national import context as national_context

PACKAGE = Path(__file__).resolve().parents[1]
PLAN_KEYS_FILE = "plan-keys.json"  # in the year's cache folder (PlanKeys)


@dataclass(frozen=True)
class Target:
    """One notebook run and the files it yields (paths relative to OUTPUT_DIR/<YEAR>/)."""

    kind: str  # units-report | national-report | unit-report | district-pack | agency-pack
    params: dict
    stem: str  # output path without extension, e.g. "don-vi/so/so-tu-phap"
    title: str
    date: str  # ISO date of the report (dataset.yml), for the HTML head and PDF metadata
    recipe: str  # fingerprint of the code and the notebook that make it
    data: str  # fingerprint of the data printed: a change re-issues the report (build.changes)
    unit: str | None = None
    group: str = ""  # unit reports: the unit's group code
    label: str = ""  # unit reports: the unit's name
    issue_key: str = ""  # what its recipient must receive again when it changes (lifecycle.issue_key)
    status: Status = Status()  # a draft, or issued; for a replacement its number, date and what it replaces
    issued_key: str = ""  # a document kept as issued: the key its files were built under (whatever the code now)
    # What the notebook prints (its data fingerprint is this object's key); None when the key was known
    # from the last run and the context not needed yet (with_context computes it for a target to build).
    context: object = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """The one key of the target: same key, same bytes (the cache is keyed by it). A document kept as issued
        keeps the key of its issued files: neither new code nor new data rebuilds it."""
        if self.issued_key:
            return self.issued_key
        return digest(self.kind, self.recipe, self.data, content_key(self.status))

    @property
    def printed_context(self):
        """The context as this document prints it: its status in its identity (lifecycle.with_status)."""
        return None if self.context is None else with_status(self.context, self.status)

    @property
    def notebook(self) -> str:
        return NOTEBOOK_FILES[self.kind]

    @property
    def files(self) -> dict[str, str]:
        """format → relative path."""
        one_of_many = self.kind in (UNIT_REPORT, DISTRICT_PACK, AGENCY_PACK)
        copy = contract.executed_notebook(self.stem if one_of_many else self.kind)
        return {**{fmt: f"{self.stem}.{fmt}" for fmt in contract.REPORT_FORMATS}, "ipynb": copy}


def code_fingerprint() -> str:
    """Every module and template the reports depend on: a code change rebuilds what it could touch.
    The forms stage is not one of them (the sample generator lives outside the package): editing it re-issues nothing."""
    return tree_digest(PACKAGE, {".py", ".j2", ".css", ".js", ".json", ".typ"}, skip=("forms",))


def notebook_fingerprint(kind: str) -> str:
    return digest((NOTEBOOKS / NOTEBOOK_FILES[kind]).read_bytes())


def inputs_fingerprint(settings: Settings) -> str:
    """The raw inputs the processed tables were built from (ingest's inputs.json, not the code that read them)."""
    stamp = json.loads((settings.processed_dir / STAMP_FILE).read_bytes())
    return digest(json.dumps(stamp["inputs"], sort_keys=True))


def notebook_params(settings: Settings, **extra) -> dict:
    """Absolute folders: the kernel runs in notebooks/, wherever make was called from."""
    return {"year": settings.year, "data_dir": str(settings.data_dir.resolve()),
            "output_dir": str(settings.output_dir.resolve()), **extra}


def plan_units_report(settings: Settings, code: str, known: dict[str, tuple[str, str]] | None = None) -> Target:
    stem = contract.units_report_stem(settings.year)
    return Target(UNITS_REPORT, notebook_params(settings), stem=stem,
                  title=f"Báo cáo kết quả Chỉ số CCHC năm {settings.year} của các cơ quan, đơn vị, địa phương",
                  date=settings.dataset.report_date("units").isoformat(),
                  recipe=digest(code, notebook_fingerprint(UNITS_REPORT)),
                  **_known_or_printing(known, stem, lambda: context.units_report(settings)))


def plan_unit_reports(settings: Settings, code: str, known: dict[str, tuple[str, str]] | None = None,
                      each: Callable[[Target], Target] | None = None) -> list[Target]:
    """One target per unit; its data fingerprint is exactly what its report prints.

    known: (data, issue key) by target stem, already computed on the same basis (PlanKeys), taken as they are.
    each: called with each unit's target as soon as it is planned.
    """
    recipe = digest(code, notebook_fingerprint(UNIT_REPORT))
    date = settings.dataset.report_date("units").isoformat()
    targets, frames = [], {}
    for _, u in context.unit_codes(settings).iterrows():
        ma, nhom = u["ma_don_vi"], u["nhom"]
        stem = contract.unit_stem(nhom, ma)
        printing = _known_or_printing(known, stem, lambda: context.unit_report(settings, ma), frames)
        target = Target(
            UNIT_REPORT, notebook_params(settings, unit=ma), stem=stem,
            title=f"Kết quả Chỉ số CCHC năm {settings.year}: {u['ten_don_vi']}", date=date, recipe=recipe,
            unit=ma, group=nhom, label=u["ten_don_vi"], **printing)
        targets.append(target)
        if each:
            each(target)
    return targets


class IssuedFileMissing(UsageError):
    """A document kept as issued whose files are no longer in the build cache."""


def build_context(settings: Settings, target: Target) -> object:
    """The context a target's notebook prints, computed from the tables."""
    if target.kind == UNIT_REPORT:
        return context.unit_report(settings, target.unit)
    if target.kind == UNITS_REPORT:
        return context.units_report(settings)
    if target.kind == NATIONAL_REPORT:
        return national_context.national_report(settings)
    if target.kind == DISTRICT_PACK:
        return packs.district_pack(settings, target.params["district"])
    return packs.agency_pack(settings, target.params["agency"])


def with_context(settings: Settings, target: Target) -> Target:
    """The target with its context, which must be the one its key was computed from (else the key was stale:
    the tables changed under a kept key, and building would print what the key does not name)."""
    if target.context is not None:
        return target
    if target.issued_key:  # its files are gone from the cache: what was issued cannot be made again
        raise IssuedFileMissing(f"bản đã ban hành của {target.stem} không còn (hoặc đã bị sửa) trong bộ nhớ đệm (khóa "
                                f"{target.issued_key[:12]}); khôi phục thư mục {contract.CACHE_DIR} từ bản sao lưu")
    ctx = build_context(settings, target)
    if content_key(ctx) != target.data:
        (settings.cache_dir / PLAN_KEYS_FILE).unlink(missing_ok=True)  # so the next run computes every key afresh
        raise RuntimeError(f"{target.stem}: the kept key does not match the tables; run again")
    return replace(target, context=ctx)


def years_read(settings: Settings) -> list[Settings]:
    """The years whose processed tables the reports of a year read, this one first: for a year with units the
    earlier years of their history (the year before, for comparisons, and up to five years of each unit's
    history), and for a year with national results the year before's national tables (the criteria lost two
    years running)."""
    years = [settings]
    if settings.has_units:
        years += [s for s in history.history_years(settings) if s.year != settings.year]
    last_national = national_context.previous_national(settings) if settings.has_national else None
    if last_national is not None and last_national.year not in {s.year for s in years}:
        years.append(last_national)
    return years


@dataclass(frozen=True)
class PlanKeys:
    """Every report's data fingerprint and issue key of the last run, kept with the basis they were computed on.

    Computing them builds every report's context (a unit's result, next band and history; the packs; the units
    and national reports): most of a re-run with nothing changed, and a minute for 3,500 communes. They are a
    function of the code and of the processed tables of the years the reports read (`years_read`), whose
    stamps (raw inputs' hashes, dataset.yml's among them, and the code that read them) make the basis: on the
    same basis they are taken as they are, on any other they are computed again.
    """

    path: Path
    basis: str
    known: dict[str, tuple[str, str]]  # target stem → (data, issue_key)

    @classmethod
    def read(cls, settings: Settings, code: str) -> "PlanKeys":
        path = settings.cache_dir / PLAN_KEYS_FILE
        years = sorted(years_read(settings), key=lambda s: s.year)
        try:
            stamps = [(s.processed_dir / STAMP_FILE).read_bytes() for s in years]
        except OSError:  # tables not built: no basis, nothing to reuse
            return cls(path, "", {})
        basis = digest(code, json.dumps([s.year for s in years]), *stamps)
        try:
            stored = read_json(path)
        except (OSError, ValueError):  # unreadable: computed again, and rewritten
            stored = None
        same = isinstance(stored, dict) and stored.get("basis") == basis and isinstance(stored.get("data"), dict) \
            and all(isinstance(v, list) and len(v) == 2 for v in stored["data"].values())
        return cls(path, basis, {k: tuple(v) for k, v in stored["data"].items()} if same else {})

    def write(self, targets: list[Target]) -> None:
        data = {t.stem: [t.data, t.issue_key] for t in targets}
        if self.basis and {k: tuple(v) for k, v in data.items()} != self.known:
            write_bytes_atomic(self.path, json_bytes({"basis": self.basis, "data": dict(sorted(data.items()))}))


def plan_packs(settings: Settings, code: str, known: dict[str, tuple[str, str]] | None = None) -> list[Target]:
    """One pack per district that has units under it, one per appraising agency of the framework; each keyed
    by exactly what it prints (a correction re-issues only the packs it shows in)."""
    date = settings.dataset.report_date("units").isoformat()
    targets = []
    recipe = digest(code, notebook_fingerprint(DISTRICT_PACK))
    for _, d in packs.districts(settings).iterrows():
        ma = d["ma_don_vi"]
        targets.append(Target(
            DISTRICT_PACK, notebook_params(settings, district=ma), stem=contract.district_pack_stem(ma),
            title=f"Kết quả Chỉ số CCHC năm {settings.year} của các đơn vị cấp xã thuộc {d['ten_don_vi']}", date=date,
            recipe=recipe, label=d["ten_don_vi"],
            **_known_or_printing(known, contract.district_pack_stem(ma), lambda: packs.district_pack(settings, ma))))
    recipe = digest(code, notebook_fingerprint(AGENCY_PACK))
    for _, a in packs.agencies(settings).iterrows():
        targets.append(Target(
            AGENCY_PACK, notebook_params(settings, agency=a["ma"]), stem=contract.agency_pack_stem(a["ma"]),
            title=f"Các đơn vị bị mất điểm ở các tiêu chí do {a['co_quan']} thẩm định, năm {settings.year}",
            date=date, recipe=recipe, label=a["co_quan"],
            **_known_or_printing(known, contract.agency_pack_stem(a["ma"]), lambda: packs.agency_pack(settings, a["ma"]))))
    return targets


def _known_or_printing(known: dict[str, tuple[str, str]] | None, stem: str, make: Callable[[], object],
                       frames: dict | None = None) -> dict:
    """A target's fingerprints as kept from the last run on the same basis (PlanKeys; no context: with_context
    computes it if the target is built), or its context made now and its fingerprints."""
    if known and stem in known:
        return dict(zip(("data", "issue_key"), known[stem]))
    return _printing(make(), frames)


def _printing(ctx: object, frames: dict | None = None) -> dict:
    """A target's context and the fingerprints derived from it: everything printed, and what its recipient
    must receive again. frames: a memo shared by the contexts of one plan (keys.content_key)."""
    frames = {} if frames is None else frames  # one hashing of each frame (the dataset view …) for both keys
    return {"data": content_key(ctx, frames), "issue_key": issue_key(ctx, frames), "context": ctx}


def plan_national_report(settings: Settings, code: str, known: dict[str, tuple[str, str]] | None = None
                         ) -> Target:
    """Its context is built here, in the main process (unless kept from the last run on the same tables): bad
    national files stop the run with exit 2 before any work."""
    stem = contract.national_report_stem(settings.year)
    return Target(NATIONAL_REPORT, notebook_params(settings), stem=stem,
                  title=f"Báo cáo phân tích Chỉ số CCHC (PAR INDEX) năm {settings.year} của tỉnh "
                        f"{settings.dataset.province}",
                  date=settings.dataset.report_date("national").isoformat(),
                  recipe=digest(code, notebook_fingerprint(NATIONAL_REPORT)),
                  **_known_or_printing(known, stem, lambda: national_context.national_report(settings)))


def plan(settings: Settings, each: Callable[[Target], Target] | None = None) -> list[Target]:
    """Every report of the year: the units report, the national report, one per unit, the packs.

    each: called with every target as soon as it is planned, in this order; what it returns is planned instead
    (the build gives it its status and starts building it while the rest is planned)."""
    code = code_fingerprint()
    keys = PlanKeys.read(settings, code)
    planned, taken = [], []
    take = each or (lambda t: t)

    def add(t: Target) -> None:
        planned.append(t)
        taken.append(take(t))

    if settings.has_units:
        add(plan_units_report(settings, code, keys.known))
    if settings.has_national:
        add(plan_national_report(settings, code, keys.known))
    if settings.has_units:
        plan_unit_reports(settings, code, keys.known, add)
        for t in plan_packs(settings, code, keys.known):
            add(t)
    keys.write(planned)  # the keys as computed (`each` may give a target its issued version's)
    return taken
