"""What changed between two runs of a year, and which reports are re-issued because of it.

Two stores say what changed: the inputs' hashes beside the processed tables (ingest), and the
published state of the year (`Published`, in OUTPUT_DIR/.cache/<YEAR>/published/): the tables,
each report's data fingerprint, revision and note, and the numbered history of runs (never dated
by the clock), which the year's folder also shows as thay-doi.json/.html. A report is re-issued
when the data it prints changed; a change of code or layout alone rebuilds it silently. A
re-issued report opens with a note saying which version it replaces and why.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import contract
from ..config import Dataset, Settings
from ..contract import CORRECTABLE, TOLERANCE, UNIT_REPORT, UNITS_REPORT, VALUE_NAMES
from ..files import json_bytes, read_json, recover_dir, staging_dir, swap_dir
from ..ingest.scoring import area_totals
from ..render.html import TEMPLATES
from ..report import fmt
from ..report.year_data import year_tables
from . import lifecycle


def value_changes(old: pd.DataFrame | None, new: pd.DataFrame, applied: pd.DataFrame) -> pd.DataFrame:
    """Every score that differs: unit, criterion, column, old, new, where (file:sheet!cell), and for
    corrections the reason and document."""
    columns = ["ma_don_vi", "ma", "cot", "gia_tri_cu", "gia_tri_moi", "nguon", "ly_do", "van_ban"]
    if old is None or old.empty:
        return pd.DataFrame(columns=columns)
    keys = ["ma_don_vi", "ma"]
    both = old.merge(new, on=keys, how="outer", suffixes=("_cu", "_moi"))
    reasons = {(r["ma_don_vi"], r["ma"], r["cot"]): (r["ly_do"], r["van_ban"]) for _, r in applied.iterrows()}
    rows = []
    for col in CORRECTABLE:
        a, b = both[f"{col}_cu"], both[f"{col}_moi"]
        differs = ~((a.isna() & b.isna()) | ((a - b).abs() < TOLERANCE))
        for _, r in both[differs].iterrows():
            why = reasons.get((r["ma_don_vi"], r["ma"], col), ("", ""))
            rows.append({"ma_don_vi": r["ma_don_vi"], "ma": r["ma"], "cot": col, "gia_tri_cu": r[f"{col}_cu"],
                         "gia_tri_moi": r[f"{col}_moi"], "nguon": r["nguon_moi"] if isinstance(r["nguon_moi"], str)
                         else r["nguon_cu"], "ly_do": why[0], "van_ban": why[1]})
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["ma_don_vi", "ma", "cot"]).reset_index(drop=True)


def unit_moves(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Units whose total, index, rank or band changed."""
    cols = ["tong_diem", "chi_so", "xep_hang", "xep_loai"]
    if old is None or old.empty:
        return pd.DataFrame(columns=["ma_don_vi", "ten_don_vi", "nhom"] + [f"{c}_cu" for c in cols]
                            + [f"{c}_moi" for c in cols])
    both = new[["ma_don_vi", "ten_don_vi", "nhom"] + cols].merge(
        old[["ma_don_vi"] + cols], on="ma_don_vi", how="outer", suffixes=("_moi", "_cu"))
    differs = pd.Series(False, index=both.index)
    for c in cols:
        a, b = both[f"{c}_cu"], both[f"{c}_moi"]
        same = (a == b) if c == "xep_loai" else ((a - b).abs() < TOLERANCE)
        differs |= ~(same | (a.isna() & b.isna()))
    return both[differs].sort_values(["nhom", "xep_hang_moi", "ma_don_vi"]).reset_index(drop=True)


@dataclass
class Run:
    """One run that changed results: its number, what changed, what was re-issued."""

    number: int
    inputs: list[dict] = field(default_factory=list)  # {path, thay_doi: sửa | thêm | xóa}
    values: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)  # re-issued (replacement drafts): {path, title, replaces, reason}
    kept: list[dict] = field(default_factory=list)  # issued notices kept, their group's comparisons moved: {path, title, shift}
    issued: list[dict] = field(default_factory=list)  # documents issued by this run: {path, title, number}


def input_changes(old_inputs: list[dict], new_inputs: list[dict]) -> list[dict]:
    old = {i["path"]: i["sha256"] for i in old_inputs}
    new = {i["path"]: i["sha256"] for i in new_inputs}
    out = [{"path": p, "thay_doi": "thêm"} for p in new if p not in old]
    out += [{"path": p, "thay_doi": "xóa"} for p in old if p not in new]
    out += [{"path": p, "thay_doi": "sửa"} for p in new if p in old and old[p] != new[p]]
    return sorted(out, key=lambda x: x["path"])


def history_bytes(runs: list[dict]) -> bytes:
    return json_bytes({"runs": runs})


def page(settings: Settings, runs: list[dict], names: dict[str, str]) -> str:
    """thay-doi.html: every run that changed results, newest first."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["so"] = lambda v: "–" if v is None or v != v else (fmt.so(v) if isinstance(v, float) else str(v))
    env.filters["diem"] = lambda v: "–" if v is None or v != v else fmt.diem(v)
    return env.get_template("thay-doi.html.j2").render(
        year=settings.year, dataset=settings.dataset, runs=list(reversed(runs)), names=names, columns=VALUE_NAMES)


def clean_records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (NaN → None, numpy → Python)."""
    out = []
    for row in frame.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and v != v else v.item() if hasattr(v, "item") else v)
                    for k, v in row.items()})
    return out


def published_dir(settings: Settings) -> Path:
    """The published state of the year, kept beside the build cache (swapped in whole)."""
    return settings.cache_dir / "published"


PUBLISHED_TABLES = (contract.DIEM, contract.TONG_HOP)
STATE_FILE = "state.json"


@dataclass
class Published:
    """What the current outputs were made from: the one store of "what changed" besides the inputs' hashes.

    Tables as last built (to say which values changed in a run), each report's data fingerprint, the raw
    inputs and the history of runs; and once the year is issued, what was issued (each document's latest
    issued version, the issue register) with the tables, dataset.yml and inputs of the last issue (to say
    why a document is re-issued since).
    """

    diem: pd.DataFrame | None = None
    tong_hop: pd.DataFrame | None = None
    reports: dict[str, dict] = field(default_factory=dict)  # html path → {data}
    inputs: list[dict] = field(default_factory=list)  # {path, sha256} as in the manifest
    runs: list[dict] = field(default_factory=list)
    issued: dict[str, dict] = field(default_factory=dict)  # html path → its issued version (lifecycle)
    register: list[dict] = field(default_factory=list)  # so-phat-hanh.csv, one row per issued document
    issued_diem: pd.DataFrame | None = None
    issued_tong_hop: pd.DataFrame | None = None
    issued_dataset: bytes | None = None
    issued_inputs: list[dict] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.reports)


ISSUED_PREFIX = "phat-hanh-"  # the tables and dataset.yml of the last issue, in the published folder


def _parquet(path: Path) -> pd.DataFrame | None:
    try:
        return pd.read_parquet(path)
    except (FileNotFoundError, OSError, ValueError):
        return None


def read_published(settings: Settings) -> Published:
    d = published_dir(settings)
    recover_dir(d)
    state = read_json(d / STATE_FILE)
    if not isinstance(state, dict):
        return Published()
    dataset = d / f"{ISSUED_PREFIX}{contract.DATASET_FILE}"
    return Published(*(_parquet(d / f"{name}.parquet") for name in PUBLISHED_TABLES),
                     reports=state.get("reports", {}), inputs=state.get("inputs", []), runs=state.get("runs", []),
                     issued=state.get("issued", {}), register=state.get("register", []),
                     issued_diem=_parquet(d / f"{ISSUED_PREFIX}{contract.DIEM}.parquet"),
                     issued_tong_hop=_parquet(d / f"{ISSUED_PREFIX}{contract.TONG_HOP}.parquet"),
                     issued_dataset=dataset.read_bytes() if dataset.is_file() else None,
                     issued_inputs=state.get("issued_inputs", []))


def published_inputs(settings: Settings) -> list[dict] | None:
    """The inputs the published year was built from, None when none is; from the state alone (no table read)."""
    state = read_json(published_dir(settings) / STATE_FILE)
    return state.get("inputs", []) if isinstance(state, dict) and state.get("reports") else None


def read_register(settings: Settings) -> list[dict]:
    """The issue register alone (verify reads no table: pyarrow's threads can abort a short process at exit)."""
    state = read_json(published_dir(settings) / STATE_FILE)
    return state.get("register", []) if isinstance(state, dict) else []


def save_published(settings: Settings, targets: list, inputs: list[dict], runs: list[dict], before: Published,
                   issued: dict[str, dict] | None = None, register: list[dict] | None = None) -> None:
    """After a successful swap of the year's folder: record what is now published (swapped in whole).

    issued, register: given by a run that issued documents; their tables, dataset.yml and inputs are kept as
    those of the last issue. Otherwise the last issue's are carried over. (A run that also replaces the year's
    folder writes the state with write_published and swaps it in through build.journal, in one step with the
    folder.)"""
    d = published_dir(settings)
    staging = staging_dir(d)
    write_published(settings, staging, targets, inputs, runs, before, issued, register)
    swap_dir(staging, d)


def write_published(settings: Settings, staging: Path, targets: list, inputs: list[dict], runs: list[dict],
                    before: Published, issued: dict[str, dict] | None = None, register: list[dict] | None = None
                    ) -> None:
    """The published state after this run, written whole into an empty folder `staging` (see save_published)."""
    d = published_dir(settings)
    for name in PUBLISHED_TABLES:
        if (settings.processed_dir / f"{name}.parquet").exists():
            shutil.copyfile(settings.processed_dir / f"{name}.parquet", staging / f"{name}.parquet")
    kept = [f"{ISSUED_PREFIX}{n}.parquet" for n in PUBLISHED_TABLES] + [f"{ISSUED_PREFIX}{contract.DATASET_FILE}"]
    if issued is not None:  # this run issued: its inputs become the last issue's
        for name in PUBLISHED_TABLES:
            if (settings.processed_dir / f"{name}.parquet").exists():
                shutil.copyfile(settings.processed_dir / f"{name}.parquet",
                                staging / f"{ISSUED_PREFIX}{name}.parquet")
        shutil.copyfile(settings.raw_dir / contract.DATASET_FILE, staging / f"{ISSUED_PREFIX}{contract.DATASET_FILE}")
        issued_inputs = inputs
    else:
        for name in kept:
            if (d / name).exists():
                shutil.copyfile(d / name, staging / name)
        issued, register, issued_inputs = before.issued, before.register, before.issued_inputs
    reports = {t.files["html"]: {"data": t.data} for t in targets}
    (staging / STATE_FILE).write_bytes(json_bytes({"reports": reports, "inputs": inputs, "runs": runs,
                                                   "issued": issued, "register": register,
                                                   "issued_inputs": issued_inputs}))


EMPTY_VALUES = pd.DataFrame(columns=["ma_don_vi", "ma", "cot", "ly_do", "van_ban"])
EMPTY_MOVES = pd.DataFrame(columns=["ma_don_vi"])


def area_shifts(before_diem: pd.DataFrame | None, before_tong_hop: pd.DataFrame | None, now_diem: pd.DataFrame,
                now_tong_hop: pd.DataFrame) -> dict[str, float]:
    """Per group: the largest move, in percentage points, of its mean or best share per area since the last
    issue (what a kept notice's comparisons are off by)."""
    if before_diem is None or before_tong_hop is None:
        return {}

    def shares(diem, tong_hop):
        d = area_totals(diem).merge(tong_hop[["ma_don_vi", "nhom"]], on="ma_don_vi")
        d = d[d["diem_toi_da"] > 0].assign(ty_le=lambda x: x["diem"] / x["diem_toi_da"] * 100)
        return d.groupby(["nhom", "ma"])["ty_le"].agg(["mean", "max"])

    both = shares(before_diem, before_tong_hop).join(shares(now_diem, now_tong_hop), lsuffix="_cu", how="inner")
    moved = pd.concat([(both["mean"] - both["mean_cu"]).abs(), (both["max"] - both["max_cu"]).abs()], axis=1)
    return moved.max(axis=1).groupby(level="nhom").max().to_dict()  # printed half-up by the page (fmt.so)


def plan_lifecycle(settings: Settings, targets: list, before: Published, inputs_now: list[dict], issue: bool = False
                   ) -> tuple[list, list[dict], list]:
    """Give each target its status (lifecycle): a draft until issued; once issued, kept as issued unless what
    its recipient must receive changed, then a replacement draft with its own number, date and reason.
    issue: drafts become issued documents. Returns the targets, the runs (this one added when something
    changed) and the targets this run issues."""
    plan = Lifecycle(settings, before, inputs_now, issue)
    return plan.finish([plan.status(t) for t in targets])


class Lifecycle:
    """plan_lifecycle one target at a time, in the plan's order (replacement numbers are taken in that order):
    the build gives the first target its status, and starts building it, before the others are planned."""

    def __init__(self, settings: Settings, before: Published, inputs_now: list[dict], issue: bool = False):
        self.settings, self.before, self.inputs_now, self.issue = settings, before, inputs_now, issue
        ds = settings.dataset
        now = year_tables(settings) if settings.has_units else None
        self.values, self.moves = EMPTY_VALUES, EMPTY_MOVES
        if before.exists and now is not None and before.diem is not None:
            self.values = value_changes(before.diem, now.diem, now.changes)
            self.moves = unit_moves(before.tong_hop, now.tong_hop)
        self.since_issue, self.moved_since_issue, self.shifts, self.names, self.parents = \
            EMPTY_VALUES, EMPTY_MOVES, {}, {}, {}
        self.numbering, self.others = None, []
        if before.issued:
            if now is not None and before.issued_diem is not None:
                self.since_issue = value_changes(before.issued_diem, now.diem, now.changes)
                self.moved_since_issue = unit_moves(before.issued_tong_hop, now.tong_hop)
                self.shifts = area_shifts(before.issued_diem, before.issued_tong_hop, now.diem, now.tong_hop)
                self.names = dict(zip(now.tong_hop["ma_don_vi"], now.tong_hop["ten_don_vi"]))
                self.parents = now.tong_hop.groupby(now.tong_hop["don_vi_cap_tren"].fillna(""))["ma_don_vi"].apply(
                    set).to_dict()
            # Every unit has a notice (plan_unit_reports): the year's series holds one number per unit.
            self.numbering = lifecycle.Numbering(ds, 0 if now is None else len(now.tong_hop), before.register)
            issued_dataset = Dataset.from_bytes(before.issued_dataset) if before.issued_dataset else None
            changed = {c["path"].split("/", 2)[-1] for c in input_changes(before.issued_inputs, inputs_now)}
            self.others = lifecycle.other_changes(issued_dataset, ds, changed)
        self.reissued, self.kept, self.issuing = [], [], []

    def status(self, t):
        """The target with its status; each target once, in the plan's order."""
        ds = self.settings.dataset
        old = self.before.issued.get(t.files["html"])
        if old is None:
            status = lifecycle.Status()
        elif t.issue_key == old["issue_key"]:  # its recipient has what it must have: the issued version stays
            if t.data != old["data"]:
                self.kept.append({"path": t.files["pdf"], "title": t.title, "shift": self.shifts.get(t.group)})
            return replace(t, data=old["data"], status=lifecycle.Status.from_json(old["status"]), context=None,
                           issued_key=old["key"])
        else:
            members = self.parents.get(t.params["district"], set()) if t.kind == contract.DISTRICT_PACK else None
            reason = lifecycle.reason_for(t.kind, t.unit, members, self.since_issue, self.moved_since_issue,
                                          self.names,
                                          [o for o in self.others if o in lifecycle.printed_changes(t.kind, ds)])
            old_date = dt.date.fromisoformat(old["date"])
            status = lifecycle.Status(True, self.numbering.take(old["number"]),
                                      lifecycle.replacement_date(ds, old_date),
                                      lifecycle.replaces_sentence(t.kind, old["number"], old_date, reason))
            self.reissued.append({"path": t.files["pdf"], "title": t.title, "reason": reason,
                                  "replaces": f"{old['number'] or lifecycle.DOCUMENT_NAMES[t.kind]} ngày "
                                              f"{fmt.ngay_so(old_date)}"})
        if self.issue:
            status = status.issued()
            self.issuing.append(t.files["html"])
        return replace(t, status=status)

    def finish(self, out: list) -> tuple[list, list[dict], list]:
        """Every target with its status → (targets, runs, the targets this run issues)."""
        before, issuing = self.before, self.issuing
        # A run enters the history when it changed something: values, units, what a document prints, or issued.
        printed = any(before.reports.get(t.files["html"], {}).get("data") != t.data for t in out)
        if not (issuing or (before.exists and printed)) and self.values.empty and self.moves.empty:
            return out, before.runs, []
        run = Run(len(before.runs) + 1, input_changes(before.inputs, self.inputs_now), clean_records(self.values),
                  clean_records(self.moves), self.reissued, self.kept,
                  [{"path": t.files["pdf"], "title": t.title} for t in out if t.files["html"] in issuing])
        issued_targets = [t for t in out if t.files["html"] in issuing]
        return out, before.runs + [asdict(run)], issued_targets
