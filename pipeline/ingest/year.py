"""raw/<YEAR>/ → validated, scored processed tables (contract §3–7, 9)."""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple, dataclass, field
from pathlib import Path

import pandas as pd

from .. import contract
from ..config import VERSION, Dataset, Settings
from ..contract import SCHEMAS, SHEETS_READ_FILE, STAMP_FILE, SURVEY
from ..errors import InputError, Problem
from ..files import digest, recover_dir, sha256_file, tree_digest
from . import scoring
from .appraisals import read_appraisals
from .corrections import apply_corrections, read_corrections
from .framework import groups, read_framework
from .national import national_tables, read_national
from .scoring import code_sort_key
from .sheets import Criterion, criteria_of, read_scoring_sheet
from .survey import read_survey
from .tables import write_tables
from .units import code_changes_against_units, read_units, unit_codes

PARALLEL_FROM = 400  # sheets; below this a process pool costs more than it saves
# Problems of a text that leave the framework and unit list sound (the text is cleaned): the sheets are still
# checked in the same run.
TEXT_CODES = {"BAD_CHARACTER", "NAME_TOO_LONG", "TEXT_TOO_LONG", "DUPLICATE_NAME"}


@dataclass
class Processed:
    """Everything a year's reports are built from."""

    dataset: Dataset
    framework: pd.DataFrame
    units: pd.DataFrame
    diem: pd.DataFrame
    tong_hop: pd.DataFrame
    diem_linh_vuc: pd.DataFrame
    changes: pd.DataFrame  # corrections applied (hieu-chinh.csv)
    warnings: list[Problem] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        warnings = pd.DataFrame([w.__dict__ for w in self.warnings], columns=SCHEMAS[contract.WARNINGS])
        return {contract.DIEM: self.diem, contract.TONG_HOP: self.tong_hop, contract.DIEM_LINH_VUC: self.diem_linh_vuc,
                contract.FRAMEWORK: self.framework, contract.UNITS: self.units, contract.CHANGES: self.changes,
                contract.WARNINGS: warnings}


def read_year(raw_dir: Path, workers: int | None = None, sheets_read: "SheetsRead | None" = None) -> Processed:
    """Read and check every input of a year; raise InputError listing every problem. sheets_read: the scoring
    sheets as read before, taken instead of reading their workbooks again."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    warnings += [Problem(rel, "", "", "UNEXPECTED_FILE", "tệp không thuộc dữ liệu đầu vào (xem docs/data-contract.md "
                         "§1); không được đọc") for rel in contract_files(raw_dir)[1]]
    try:
        dataset = Dataset.from_yaml(raw_dir / contract.DATASET_FILE)
    except InputError as exc:  # keep going: the clerk gets every problem in one run
        errors += exc.problems
        dataset = None

    # Load inputs: framework and units first, since the rest is checked against them.
    framework, found = read_framework(raw_dir / contract.FRAMEWORK_FILE, dataset.group_max if dataset else {})
    errors += found
    group_order = groups(framework) if len(framework) else []
    units, found = read_units(raw_dir / contract.UNITS_FILE, group_order)
    errors += found
    if dataset is not None and dataset.unit_code_changes and not found:
        errors += code_changes_against_units(dataset.unit_code_changes, set(units["ma_don_vi"]),
                                             earlier_unit_codes(raw_dir))
    if any(e.code not in TEXT_CODES for e in errors):  # without a sound framework and unit list, sheet checks
        # would only echo these (a text: they can); with no unit list at all, every sheet would be "extra"
        raise InputError(errors + (_sheet_file_problems(raw_dir, units) if len(units) else []))

    unit_groups = dict(zip(units["ma_don_vi"], units["nhom"]))
    criteria = criteria_of(framework)
    errors += _sheet_file_problems(raw_dir, units)
    appraised, found = read_appraisals(raw_dir, framework, unit_groups)  # agencies' workbooks (§12)
    errors += found
    records, found_errors, found_warnings = read_sheets(raw_dir, unit_groups, criteria, workers, appraised,
                                                        sheets_read)
    errors += found_errors
    warnings += found_warnings
    survey_max = {g: {c.ma: c.diem_toi_da for c in crit.values() if c.la and c.phuong_thuc == SURVEY}
                  for g, crit in criteria.items()}
    survey, found_errors, found_warnings = read_survey(raw_dir / contract.SURVEY_FILE, unit_groups, survey_max)
    errors += found_errors
    warnings += found_warnings
    corrections, found = read_corrections(raw_dir / contract.CORRECTIONS_FILE)
    errors += found
    if errors:
        raise with_warnings(InputError(errors), warnings)

    # Process data: survey points into the leaves, then corrections, then totals.
    diem = pd.DataFrame(records, columns=SCHEMAS[contract.DIEM])
    diem = fill_survey(diem, survey)
    diem, changes, found = apply_corrections(diem.set_index(["ma_don_vi", "ma"], drop=False), corrections, unit_groups)
    if found:
        raise InputError(found)
    diem = diem.reset_index(drop=True)
    diem = diem.sort_values(["ma_don_vi", "ma"], key=lambda s: s.map(code_sort_key) if s.name == "ma" else s)
    diem = diem.reset_index(drop=True)
    tong_hop = scoring.unit_totals(diem, units, dataset.bands, group_order)
    diem_linh_vuc = scoring.area_totals(diem)
    return Processed(dataset, framework, units.sort_values("ma_don_vi").reset_index(drop=True), diem, tong_hop,
                     diem_linh_vuc, changes, sorted(set(warnings)))


EARLIER_YEARS = 5  # as far back as a unit's history looks (report.history)


def earlier_years(raw_dir: Path) -> list[Path]:
    """raw/<Y>/ of the years before this one that hold a units list, the latest EARLIER_YEARS."""
    try:
        year = int(raw_dir.name)
        found = sorted((int(p.name), p) for p in raw_dir.parent.iterdir() if p.name.isdigit() and int(p.name) < year
                       and (p / contract.UNITS_FILE).is_file())
    except (ValueError, OSError):
        return []
    return [p for _, p in found[-EARLIER_YEARS:]]


def earlier_unit_codes(raw_dir: Path) -> set[str] | None:
    """Every unit code of the earlier years under raw/; None when there is none to check against."""
    folders = earlier_years(raw_dir)
    return set().union(*(unit_codes(p / contract.UNITS_FILE) for p in folders)) if folders else None


def with_warnings(exc: InputError, warnings: list[Problem]) -> InputError:
    """The error, carrying the warnings found beside its problems (`make check` lists both)."""
    exc.warnings = sorted(set(warnings))
    return exc


def _sheet_file_problems(raw_dir: Path, units: pd.DataFrame) -> list[Problem]:
    """Every unit has a sheet and every sheet a unit (contract §4–5: the file name is the id)."""
    sheet_dir = raw_dir / contract.SHEETS_DIR
    present = {p.stem: p.name for p in sheet_dir.glob("*.xlsx") if not p.name.startswith("~$")} \
        if sheet_dir.is_dir() else {}
    problems = []
    for ma in sorted(set(units["ma_don_vi"]) - set(present)):
        problems.append(Problem(f"{contract.SHEETS_DIR}/{ma}.xlsx", "", "", "SHEET_MISSING",
                                f"thiếu bảng chấm điểm của đơn vị {ma}"))
    for ma in sorted(set(present) - set(units["ma_don_vi"])):
        problems.append(Problem(f"{contract.SHEETS_DIR}/{present[ma]}", "", "", "SHEET_EXTRA",
                                f"không có đơn vị '{ma}' trong don-vi.xlsx; đổi tên tệp hoặc bổ sung đơn vị"))
    return problems


def _read_one(job: tuple[Path, str, str, dict[str, Criterion], dict]):
    path, rel, ma, criteria, appraised = job
    return read_scoring_sheet(path, rel, ma, criteria, appraised)


class SheetsRead:
    """Each scoring sheet as read, kept by everything its reading depends on: ingest's code, the workbook's bytes
    and path, the unit, its group's criteria and the agencies' appraisals of it. A correction (hieu-chinh.csv, or
    one unit's sheet) reads again only the workbooks it changed: on the sample, half a second of a re-run's second
    of reading. Kept in the processed folder (SHEETS_READ_FILE) and written in the same swap as the tables, so
    only once the inputs were found unchanged over the run: a workbook saved while it was read is never kept under
    the bytes it had before. An entry that fails its digest, or a file that does not parse, is read again.

    inputs_stamp: the run's `stamp` (its reading code and the inputs' hashes, taken before reading: not hashed
    again here)."""

    def __init__(self, processed_dir: Path, inputs_stamp: dict):
        self.before: dict[str, list] = {}
        self.now: dict[str, list] = {}
        self.code, self.hashes = inputs_stamp["code"], inputs_stamp["inputs"]
        try:
            kept = json.loads((processed_dir / SHEETS_READ_FILE).read_bytes())
            if kept["digest"] == digest(json.dumps(kept["sheets"], ensure_ascii=False, separators=(",", ":"))):
                self.before = kept["sheets"]
        except (OSError, ValueError, KeyError, TypeError):  # none yet, or unreadable: every sheet is read
            pass

    def key(self, job: tuple) -> str | None:
        """None for a sheet the stamp does not know (saved after it was taken: read, not kept; the run then
        stops at check_unchanged)."""
        _, rel, ma, criteria, appraised = job
        if rel not in self.hashes:
            return None
        return digest(self.code, self.hashes[rel], rel, ma, repr(sorted(criteria.items())),
                      repr(sorted(appraised.items())))

    def get(self, key: str | None) -> tuple[list[dict], list[Problem], list[Problem]] | None:
        if key is None:
            return None
        try:
            columns, rows, errors, warnings = self.before[key]
            return ([dict(zip(columns, row)) for row in rows], [Problem(*p) for p in errors],
                    [Problem(*p) for p in warnings])
        except (KeyError, ValueError, TypeError):
            return None

    def put(self, key: str, read: tuple[list[dict], list[Problem], list[Problem]]) -> None:
        records, errors, warnings = read
        columns = list(records[0]) if records else []
        self.now[key] = [columns, [[r[c] for c in columns] for r in records],
                         [list(astuple(p)) for p in errors], [list(astuple(p)) for p in warnings]]

    def file_bytes(self) -> bytes:
        sheets = json.dumps(self.now, ensure_ascii=False, separators=(",", ":"))
        return f'{{"digest":"{digest(sheets)}","sheets":{sheets}}}\n'.encode("utf-8")


def read_sheets(raw_dir: Path, unit_groups: dict[str, str], criteria: dict[str, dict[str, Criterion]],
                workers: int | None = None, appraised: dict | None = None, sheets_read: SheetsRead | None = None
                ) -> tuple[list[dict], list[Problem], list[Problem]]:
    """Read every unit's scoring sheet (those in sheets_read taken from there); on large years, on every core.
    appraised: the agencies' scores by (ma_don_vi, ma) (contract §12), handed to each unit's reader."""
    by_unit: dict[str, dict] = {}
    for (ma, code), score in (appraised or {}).items():
        by_unit.setdefault(ma, {})[code] = score
    jobs = []
    for ma, nhom in sorted(unit_groups.items()):
        path = raw_dir / contract.SHEETS_DIR / f"{ma}.xlsx"
        if path.exists():
            jobs.append((path, f"{contract.SHEETS_DIR}/{ma}.xlsx", ma, criteria[nhom], by_unit.get(ma, {})))
    keys = [sheets_read.key(job) for job in jobs] if sheets_read else []
    kept = [sheets_read.get(key) for key in keys] if sheets_read else [None] * len(jobs)
    to_read = [job for job, read in zip(jobs, kept) if read is None]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(to_read) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers) as pool:
            fresh = iter(list(pool.map(_read_one, to_read, chunksize=64)))
    else:
        fresh = (_read_one(job) for job in to_read)
    results = [read if read is not None else next(fresh) for read in kept]
    for key, read in zip(keys, results):
        if key is not None:
            sheets_read.put(key, read)
    records, errors, warnings = [], [], []
    for rec, err, warn in results:
        records += rec
        errors += err
        warnings += warn
    return records, errors, warnings


def fill_survey(diem: pd.DataFrame, survey: dict[tuple[str, str], tuple[float, str]]) -> pd.DataFrame:
    """Survey points into the XHH leaves (units never score them, contract §5)."""
    diem = diem.copy()
    for col in ("diem_toi_da", "tu_danh_gia", "tham_dinh", "xhh", "diem"):
        diem[col] = diem[col].astype("float64")
    diem["ap_dung"] = diem["ap_dung"].astype(bool)
    is_survey = (diem["phuong_thuc"] == SURVEY) & diem["ap_dung"]
    keys = list(zip(diem.loc[is_survey, "ma_don_vi"], diem.loc[is_survey, "ma"]))
    diem.loc[is_survey, "xhh"] = [survey.get(k, (0.0, ""))[0] for k in keys]
    diem.loc[is_survey, "diem"] = diem.loc[is_survey, "xhh"]
    diem.loc[is_survey, "nguon"] = [survey.get(k, (0.0, ""))[1] for k in keys]
    return diem


def build_processed(settings: Settings, workers: int | None = None, stamp_bytes: bytes | None = None) -> Processed:
    """Read raw/<YEAR>, write processed/<YEAR> (all tables or none, with the stamp of their inputs)."""
    processed, national = read_inputs(settings.raw_dir, settings.year, workers)
    write_tables(settings.processed_dir, {**(processed.tables() if processed else {}), **national},
                 extra_files={STAMP_FILE: stamp_bytes} if stamp_bytes is not None else None)
    return processed


def has_unit_inputs(raw_dir: Path) -> bool:
    """A year may hold only the national index so far (quoc-gia/ without unit sheets)."""
    return (raw_dir / contract.FRAMEWORK_FILE).exists() or (raw_dir / contract.UNITS_FILE).exists()


def read_inputs(raw_dir: Path, year: int, workers: int | None = None, sheets_read: SheetsRead | None = None
                ) -> tuple[Processed | None, dict[str, pd.DataFrame]]:
    """The units' tables (None in a national-only year) and the national tables (empty without quoc-gia/),
    every problem of both collected before failing. sheets_read: as for read_year."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    processed = None
    if has_unit_inputs(raw_dir):
        try:
            processed = read_year(raw_dir, workers, sheets_read)
        except InputError as exc:
            problems += exc.problems
            warnings += getattr(exc, "warnings", [])
    national: dict[str, pd.DataFrame] = {}
    if (raw_dir / contract.NATIONAL_DIR / contract.NATIONAL_PROVINCES_FILE).exists():
        try:
            dataset = processed.dataset if processed else Dataset.from_yaml(raw_dir / contract.DATASET_FILE)
            national = national_tables(read_national(raw_dir, year, dataset.province))
        except InputError as exc:
            # A dataset.yml problem is already listed by the units' reading: once is enough.
            problems += [p for p in exc.problems if p.file != contract.DATASET_FILE or not has_unit_inputs(raw_dir)]
    if problems:
        raise with_warnings(InputError(problems), warnings)
    return processed, national


def contract_files(raw_dir: Path) -> tuple[list[str], list[str]]:
    """Paths under raw/<YEAR>/ (relative, sorted): the regular files the contract names (§1), and the
    rest (a stray dump, a FIFO, notes): those are never read nor hashed, only listed as a warning.
    Symlinked folders and files (a shared drive mounted into raw/) are followed."""
    named = {contract.DATASET_FILE, contract.FRAMEWORK_FILE, contract.UNITS_FILE, contract.SURVEY_FILE,
             contract.CORRECTIONS_FILE} | {f"{contract.NATIONAL_DIR}/{name}" for name in (
                 contract.NATIONAL_PROVINCES_FILE, contract.NATIONAL_DETAIL_FILE, contract.NATIONAL_AREAS_FILE,
                 *contract.NATIONAL_TASKS_FILES)}
    known, other = [], []
    for folder, _, names in os.walk(raw_dir, followlinks=True):
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(raw_dir).as_posix()
            if name.startswith(("~$", ".")):  # Excel lock files, hidden files
                continue
            in_sheets = (rel.startswith((f"{contract.SHEETS_DIR}/", f"{contract.APPRAISALS_DIR}/"))
                         and rel.count("/") == 1 and rel.endswith(".xlsx"))
            (known if (rel in named or in_sheets) and path.is_file() else other).append(rel)
    return sorted(known), sorted(other)


def input_hashes(raw_dir: Path) -> dict[str, str]:
    """sha256 of every input file the contract names under raw/<YEAR>/, by relative path (sorted);
    an edit anywhere, a shared drive included, is seen."""
    return {rel: sha256_file(raw_dir / rel) for rel in contract_files(raw_dir)[0]}


def stamp(raw_dir: Path) -> dict:
    """What the processed tables depend on: the inputs' contents and the code that reads them (and, when
    dataset.yml maps unit codes, the earlier years' unit lists the mapping is checked against)."""
    out = {"pipeline": VERSION, "code": reading_code_fingerprint(), "inputs": input_hashes(raw_dir)}
    earlier = _earlier_units_hashes(raw_dir)
    if earlier:
        out["earlier_units"] = earlier
    return out


def _earlier_units_hashes(raw_dir: Path) -> dict[str, str]:
    try:
        changes = Dataset.from_yaml(raw_dir / contract.DATASET_FILE).unit_code_changes
    except InputError:
        return {}
    return {p.name: sha256_file(p / contract.UNITS_FILE) for p in earlier_years(raw_dir)} if changes else {}


def reading_code_fingerprint() -> str:
    """The modules that turn raw into processed data: edit one and the tables rebuild."""
    package = Path(__file__).resolve().parents[1]
    shared = [package / f"{name}.py" for name in ("config", "contract", "errors", "files", "text")]
    return digest(tree_digest(Path(__file__).parent, {".py"}), *(p.read_bytes() for p in shared))


def is_current(settings: Settings) -> bool:
    recover_dir(settings.processed_dir)
    path = settings.processed_dir / STAMP_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8")) == stamp(settings.raw_dir)
    except (FileNotFoundError, json.JSONDecodeError):
        return False


def build_if_stale(settings: Settings, workers: int | None = None, force: bool = False) -> Processed | None:
    """Rebuild processed/<YEAR> when any input or reading code changed; None when it was current (or the year
    holds only national data, whose tables are written all the same)."""
    if not force and is_current(settings):
        return None
    current = stamp(settings.raw_dir)
    text = json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    sheets_read = SheetsRead(settings.processed_dir, current)
    processed, national = read_inputs(settings.raw_dir, settings.year, workers, sheets_read)
    # The tables must come from the bytes the stamp names: a file saved while it was being read
    # would give tables of a mix. Stop instead, writing nothing; the next run reads it whole.
    check_unchanged(settings.raw_dir, current["inputs"])
    extra = {STAMP_FILE: text.encode("utf-8")}
    if processed is not None:
        extra[SHEETS_READ_FILE] = sheets_read.file_bytes()
    write_tables(settings.processed_dir, {**(processed.tables() if processed else {}), **national},
                 extra_files=extra)
    return processed


def check_unchanged(raw_dir: Path, hashes: dict[str, str]) -> None:
    """Raise INPUT_CHANGED for every input whose content differs from `hashes` (taken earlier in the run)."""
    now = input_hashes(raw_dir)
    changed = sorted(set(now) ^ set(hashes) | {rel for rel in set(now) & set(hashes) if now[rel] != hashes[rel]})
    if changed:
        raise InputError([Problem(rel, "", "", "INPUT_CHANGED", "tệp thay đổi trong khi đang chạy; chạy lại khi "
                                  "đã lưu xong (không ghi gì từ lần chạy này)") for rel in changed])
