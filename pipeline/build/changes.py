"""What changed between two runs of a year, and which reports are re-issued because of it.

Two stores say what changed: the inputs' hashes beside the processed tables (ingest), and the
published state of the year (`Published`, in OUTPUT_DIR/.cache/<YEAR>/published/): the tables,
each report's data fingerprint, revision and note, and the numbered history of runs (never dated
by the clock), which the year's folder also shows as thay-doi.json/.html. A report is re-issued
when the data it prints changed; a change of code or layout alone rebuilds it silently. A
re-issued report opens with a note saying which version it replaces and why.
"""
from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import contract
from ..config import Settings
from ..contract import CORRECTABLE, TOLERANCE, UNIT_REPORT, UNITS_REPORT, VALUE_NAMES
from ..files import json_bytes, read_json, recover_dir, staging_dir, swap_dir
from ..ingest import read_table
from ..render.html import TEMPLATES
from ..report import fmt
from ..report.year_data import year_tables


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

    Tables as published (to say which values changed), each report's data fingerprint, revision and
    re-issue note (to decide re-issues), the raw inputs and the history of runs that changed results.
    """

    diem: pd.DataFrame | None = None
    tong_hop: pd.DataFrame | None = None
    reports: dict[str, dict] = field(default_factory=dict)  # html path → {data, revision, note}
    inputs: list[dict] = field(default_factory=list)  # {path, sha256} as in the manifest
    runs: list[dict] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.reports)


def read_published(settings: Settings) -> Published:
    d = published_dir(settings)
    recover_dir(d)
    state = read_json(d / STATE_FILE)
    if not isinstance(state, dict):
        return Published()
    try:
        tables = [read_table(d, name) for name in PUBLISHED_TABLES]
    except (FileNotFoundError, OSError, ValueError):
        tables = [None, None]
    return Published(*tables, reports=state.get("reports", {}), inputs=state.get("inputs", []),
                     runs=state.get("runs", []))


def save_published(settings: Settings, targets: list, inputs: list[dict], runs: list[dict]) -> None:
    """After a successful swap of the year's folder: record what is now published (swapped in whole)."""
    staging = staging_dir(published_dir(settings))
    for name in (f"{n}.parquet" for n in PUBLISHED_TABLES):
        if (settings.processed_dir / name).exists():
            shutil.copyfile(settings.processed_dir / name, staging / name)
    reports = {t.files["html"]: {"data": t.data, "revision": t.revision, "note": t.note} for t in targets}
    (staging / STATE_FILE).write_bytes(json_bytes({"reports": reports, "inputs": inputs, "runs": runs}))
    swap_dir(staging, published_dir(settings))


def plan_reissues(settings: Settings, targets: list, before: Published, inputs_now: list[dict]
                  ) -> tuple[list, list[dict]]:
    """Give each target its revision and re-issue note; add this run to the history if results changed."""
    if not before.exists:
        return targets, before.runs
    values = pd.DataFrame(columns=["ma_don_vi", "van_ban"])
    moves = pd.DataFrame(columns=["ma_don_vi"])
    if any(t.kind != contract.NATIONAL_REPORT for t in targets):
        now = year_tables(settings)
        values = value_changes(before.diem, now.diem, now.changes)
        moves = unit_moves(before.tong_hop, now.tong_hop)
    out, reissued = [], []
    for t in targets:
        old = before.reports.get(t.files["html"])
        if old is None:
            out.append(t)
            continue
        revision, text = old["revision"], old["note"]
        if old["data"] != t.data:
            revision += 1
            if t.kind == UNIT_REPORT:
                reason = reason_for_unit(t.unit, values, moves)
            elif t.kind in (UNITS_REPORT, *contract.PACKS):
                reason = reason_for_province(values, moves)
            else:
                reason = "cập nhật dữ liệu Chỉ số CCHC cấp quốc gia (quoc-gia/)"
            text = note(revision, reason)
            reissued.append({"path": t.files["pdf"], "title": t.title, "revision": revision, "reason": reason})
        out.append(replace(t, revision=revision, note=text, params={**t.params, "reissue": text}))
    if not reissued and values.empty and moves.empty:
        return out, before.runs
    run = Run(len(before.runs) + 1, input_changes(before.inputs, inputs_now), clean_records(values),
              clean_records(moves), reissued)
    return out, before.runs + [asdict(run)]
