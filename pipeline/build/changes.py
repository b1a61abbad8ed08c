"""What changed between two runs of a year, and which reports are re-issued because of it.

The year's folder keeps its history in thay-doi.json (carried from run to run, never dated
by the clock: runs are numbered). A report is re-issued when the data it prints changed
(its `data` fingerprint in manifest.json differs); a change of code or layout alone rebuilds
it silently. A re-issued report opens with a note saying which version it replaces and why.
"""
from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import contract
from ..config import Settings
from ..contract import CORRECTABLE, HISTORY, TOLERANCE, UNIT_REPORT, UNITS_REPORT, VALUE_NAMES
from ..files import json_bytes, read_json, recover_dir, staging_dir, swap_dir
from ..ingest import read_table
from ..render.html import TEMPLATES
from ..report import fmt
from ..report.context import year_tables


@dataclass
class Snapshot:
    """The processed tables as they were before this run (None where there were none)."""

    diem: pd.DataFrame | None = None
    tong_hop: pd.DataFrame | None = None


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
    reports: list[dict] = field(default_factory=list)  # {path, title, revision, reason}


def input_changes(old_inputs: list[dict], new_inputs: list[dict]) -> list[dict]:
    old = {i["path"]: i["sha256"] for i in old_inputs}
    new = {i["path"]: i["sha256"] for i in new_inputs}
    out = [{"path": p, "thay_doi": "thêm"} for p in new if p not in old]
    out += [{"path": p, "thay_doi": "xóa"} for p in old if p not in new]
    out += [{"path": p, "thay_doi": "sửa"} for p in new if p in old and old[p] != new[p]]
    return sorted(out, key=lambda x: x["path"])


def reason_for_unit(unit: str, values: pd.DataFrame, moves: pd.DataFrame) -> str:
    """Why one unit's report is re-issued, in a sentence."""
    own = values[values["ma_don_vi"] == unit]
    if len(own):
        documents = sorted({v for v in own["van_ban"] if isinstance(v, str) and v})
        text = f"điều chỉnh {len(own)} giá trị điểm của đơn vị"
        return text + (f" theo {'; '.join(documents)}" if documents else " (cập nhật bảng chấm điểm)")
    moved = moves[moves["ma_don_vi"] == unit]
    if len(moved):
        return "thứ hạng, xếp loại của đơn vị thay đổi sau khi điều chỉnh kết quả của đơn vị khác"
    return "số liệu so sánh của nhóm (bình quân, cao nhất) thay đổi sau khi điều chỉnh kết quả của đơn vị khác"


def reason_for_province(values: pd.DataFrame, moves: pd.DataFrame) -> str:
    documents = sorted({v for v in values["van_ban"] if isinstance(v, str) and v}) if len(values) else []
    text = f"điều chỉnh kết quả của {moves['ma_don_vi'].nunique()} đơn vị" if len(moves) else "cập nhật dữ liệu"
    return text + (f" theo {'; '.join(documents)}" if documents else "")


def note(revision: int, reason: str) -> str:
    return f"Bản thay thế lần {revision}: thay thế báo cáo đã phát hành trước đây do {reason}."


def read_history(final: Path) -> list[dict]:
    history = read_json(final / HISTORY)
    return history.get("runs", []) if isinstance(history, dict) else []


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
    """The processed tables the current outputs were built from (kept beside the build cache)."""
    return settings.cache_dir / "published"


PUBLISHED_TABLES = (contract.DIEM, contract.TONG_HOP)


def published_snapshot(settings: Settings) -> Snapshot:
    d = published_dir(settings)
    recover_dir(d)
    try:
        return Snapshot(*(read_table(d, name) for name in PUBLISHED_TABLES))
    except (FileNotFoundError, OSError, ValueError):
        return Snapshot()


def save_published(settings: Settings) -> None:
    """After a successful swap: keep a copy of the tables that are now published (swapped in whole)."""
    names = [f"{name}.parquet" for name in PUBLISHED_TABLES]
    if not all((settings.processed_dir / n).exists() for n in names):
        return
    final = published_dir(settings)
    staging = staging_dir(final)
    for name in names:
        shutil.copyfile(settings.processed_dir / name, staging / name)
    swap_dir(staging, final)


def plan_reissues(settings: Settings, targets: list, old_manifest: dict | None, old_runs: list[dict],
                  before: Snapshot, inputs_now: list[dict]) -> tuple[list, list[dict]]:
    """Give each target its revision and re-issue note; add this run to the history if results changed."""
    if not old_manifest:
        return targets, old_runs
    previous = {o["path"]: o for o in old_manifest.get("outputs", [])}
    values = pd.DataFrame(columns=["ma_don_vi", "van_ban"])
    moves = pd.DataFrame(columns=["ma_don_vi"])
    if any(t.kind != contract.NATIONAL_REPORT for t in targets):
        now = year_tables(settings)
        values = value_changes(before.diem, now.diem, now.changes)
        moves = unit_moves(before.tong_hop, now.tong_hop)
    out, reissued = [], []
    for t in targets:
        old = previous.get(t.files["html"])
        if old is None or "data" not in old:
            out.append(t)
            continue
        revision, text = old.get("revision", 0), old.get("note", "")
        if old["data"] != t.data:
            revision += 1
            if t.kind == UNIT_REPORT:
                reason = reason_for_unit(t.unit, values, moves)
            elif t.kind == UNITS_REPORT:
                reason = reason_for_province(values, moves)
            else:
                reason = "cập nhật dữ liệu Chỉ số CCHC cấp quốc gia (quoc-gia/)"
            text = note(revision, reason)
            reissued.append({"path": t.files["pdf"], "title": t.title, "revision": revision, "reason": reason})
        out.append(replace(t, revision=revision, note=text, params={**t.params, "reissue": text}))
    if not reissued and values.empty and moves.empty:
        return out, old_runs
    run = Run(len(old_runs) + 1, input_changes(old_manifest.get("inputs", []), inputs_now),
              clean_records(values), clean_records(moves), reissued)
    return out, old_runs + [asdict(run)]
