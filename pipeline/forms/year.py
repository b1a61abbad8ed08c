"""`make forms`: every unit's scoring form and every appraising agency's workbook of a year (contract §12).

Reads raw/<YEAR>/ (dataset.yml, bo-tieu-chi.xlsx, don-vi.xlsx and, when they are in, the units' returned
sheets) and writes OUTPUT_DIR/<YEAR>/bieu-mau/ whole: the forms by group, a zip per group, the agencies'
workbooks and the distribution list. Bad inputs raise InputError (every problem, nothing written)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import contract
from ..config import Dataset, Settings
from ..errors import InputError, Problem
from ..files import fixed_zip, recover_dir, staging_dir, swap_dir
from ..ingest.appraisals import agency_slugs
from ..ingest.framework import groups, read_framework
from ..ingest.sheets import criteria_of
from ..ingest.units import read_units
from ..ingest.year import read_sheets
from . import layout
from .workbooks import AgencyLine, FormText, agency_workbook, form_template, personal_form

PARALLEL_FROM = 200  # forms; below this a process pool costs more than it saves
CHUNK = 100  # forms per task of the pool


@dataclass(frozen=True)
class YearSetup:
    """What the forms of a year are made from."""

    dataset: Dataset
    framework: pd.DataFrame
    units: pd.DataFrame
    rows: dict[str, list[layout.FormRow]]  # group → framework rows
    text: FormText


def read_setup(raw_dir: Path) -> YearSetup:
    """dataset.yml, framework and units, checked (InputError with every problem)."""
    problems: list[Problem] = []
    try:
        dataset = Dataset.from_yaml(raw_dir / contract.DATASET_FILE)
    except InputError as exc:
        problems += exc.problems
        dataset = None
    framework, found = read_framework(raw_dir / contract.FRAMEWORK_FILE, dataset.group_max if dataset else {})
    problems += found
    units, found = read_units(raw_dir / contract.UNITS_FILE, groups(framework) if len(framework) else [])
    problems += found
    if problems:
        raise InputError(problems)
    problems += not_applicable_problems(dataset, framework, units)
    if problems:
        raise InputError(problems)
    rows = {nhom: layout.form_rows(g) for nhom, g in framework.groupby("nhom", sort=False)}
    maxima = [float(m) for m in framework.loc[framework["la"], "diem_toi_da"]]
    forms = dataset.forms
    text = FormText(dataset.year, dataset.province, dataset.agency,
                    forms.send_to or f"{dataset.agency} {dataset.province}", forms.deadline, forms.rounds,
                    layout.score_step(maxima, forms.step),
                    {nhom: dataset.group_name(nhom) for nhom in rows})
    return YearSetup(dataset, framework, units, rows, text)


def not_applicable_problems(dataset: Dataset, framework: pd.DataFrame, units: pd.DataFrame) -> list[Problem]:
    """dataset.yml forms.not_applicable names known units and appraised leaves of their group."""
    group_of = dict(zip(units["ma_don_vi"], units["nhom"]))
    leaves = {(r.nhom, r.ma) for r in framework.itertuples(index=False) if r.la and r.phuong_thuc == contract.APPRAISED}
    problems = []
    for ma_don_vi, codes in dataset.forms.not_applicable.items():
        key = f"forms.not_applicable.{ma_don_vi}"
        if ma_don_vi not in group_of:
            problems.append(Problem(contract.DATASET_FILE, "", "", "DATASET_INVALID",
                                    f"{key}: không có đơn vị này trong don-vi.xlsx"))
            continue
        for code in codes:
            if (group_of[ma_don_vi], code) not in leaves:
                problems.append(Problem(contract.DATASET_FILE, "", "", "DATASET_INVALID",
                                        f"{key}: '{code}' không phải tiêu chí thẩm định (TĐ) của nhóm "
                                        f"{group_of[ma_don_vi]}; ghi mã trong dấu nháy, vd. '3.2.2'"))
    return problems


def _run_job(job: tuple) -> None:
    if job[0] == "agency":
        _, text, agency, groups_lines, path = job
        path.write_bytes(agency_workbook(text, agency, groups_lines))
    else:
        _write_unit_forms(job[1:])


def _write_unit_forms(job: tuple) -> None:
    """A chunk of one group's forms: one template per set of not-applicable criteria, copied per unit."""
    text, rows, group_max, units, folder = job
    when = dt.datetime(text.year, 1, 1)
    templates: dict[frozenset[str], list] = {}
    for ma_don_vi, ten_don_vi, nhom, skipped in units:
        key = frozenset(skipped)
        if key not in templates:
            templates[key] = form_template(text, rows, group_max, nhom, key)
        (folder / f"{ma_don_vi}.xlsx").write_bytes(personal_form(templates[key], ma_don_vi, ten_don_vi, when))


def returned_scores(raw_dir: Path, setup: YearSetup, workers: int) -> dict[tuple[str, str], dict]:
    """What the units' returned sheets say (self-score or KAD, evidence, explanation) by (ma_don_vi, ma); a sheet
    that does not read gives nothing (make check tells why)."""
    if not (raw_dir / contract.SHEETS_DIR).is_dir():
        return {}
    unit_groups = dict(zip(setup.units["ma_don_vi"], setup.units["nhom"]))
    records, _, _ = read_sheets(raw_dir, unit_groups, criteria_of(setup.framework), workers)
    return {(r["ma_don_vi"], r["ma"]): {"tu_danh_gia": r["tu_danh_gia"] if r["ap_dung"] else layout.NOT_APPLICABLE_MARK,
                                        "tai_lieu": r.get("tai_lieu", ""), "giai_trinh": r["giai_trinh"]}
            for r in records}


def agency_lines(setup: YearSetup, returned: dict[tuple[str, str], dict]) -> dict[str, dict[str, list[AgencyLine]]]:
    """Agency slug → group → the rows of its workbook: each unit (by code) and criterion the agency appraises,
    except criteria dataset.yml marks not applicable to the unit."""
    slugs = {name: s for s, name in agency_slugs(setup.framework).items()}
    out: dict[str, dict[str, list[AgencyLine]]] = {s: {} for s in slugs.values()}
    skipped = setup.dataset.forms.not_applicable
    for unit in setup.units.sort_values("ma_don_vi").itertuples(index=False):
        for row in setup.rows[unit.nhom]:
            if not row.scored_by_unit or not row.co_quan_tham_dinh or row.ma in skipped.get(unit.ma_don_vi, ()):
                continue
            got = returned.get((unit.ma_don_vi, row.ma), {})
            out[slugs[row.co_quan_tham_dinh]].setdefault(unit.nhom, []).append(
                AgencyLine(unit.ma_don_vi, unit.ten_don_vi, row, got.get("tu_danh_gia"), got.get("tai_lieu") or "",
                           got.get("giai_trinh") or ""))
    return {s: g for s, g in out.items() if g}


def distribution(setup: YearSetup, agencies: dict[str, str]) -> bytes:
    """danh-sach-gui.csv: who gets which file, by when and where it goes back (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["loai", "nhom", "ma", "ten", "tep", "han_gui", "noi_nhan"])
    deadline = setup.text.deadline.isoformat() if setup.text.deadline else ""
    for unit in setup.units.sort_values(["nhom", "ma_don_vi"]).itertuples(index=False):
        w.writerow(["don-vi", unit.nhom, unit.ma_don_vi, unit.ten_don_vi,
                    contract.form_file(unit.nhom, unit.ma_don_vi), deadline, setup.text.send_to])
    for s, name in sorted(agencies.items()):
        w.writerow(["co-quan-tham-dinh", "", s, name, contract.appraisal_form_file(s), deadline, setup.text.send_to])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def make_forms(settings: Settings, workers: int = 2) -> dict[str, int]:
    """Write OUTPUT_DIR/<YEAR>/bieu-mau/ whole (swapped in); counts of what was written."""
    setup = read_setup(settings.raw_dir)
    final = settings.report_dir / contract.FORMS_DIR
    recover_dir(final)
    staging = staging_dir(final)
    try:
        # What the units have returned so far, for the agencies' workbooks.
        returned = returned_scores(settings.raw_dir, setup, workers)
        lines = agency_lines(setup, returned)
        names = agency_slugs(setup.framework)
        (staging / contract.FORMS_APPRAISAL_DIR).mkdir()
        jobs: list[tuple] = []
        for s, by_group in sorted(lines.items(), key=lambda item: -sum(map(len, item[1].values()))):
            ordered = {nhom: by_group[nhom] for nhom in setup.rows if nhom in by_group}
            jobs.append(("agency", setup.text, names[s], ordered, staging / contract.FORMS_APPRAISAL_DIR / f"{s}.xlsx"))
        # Units' forms: by group, in chunks; the largest agency workbooks first, over the cores.
        skipped = setup.dataset.forms.not_applicable
        for nhom, group in setup.units.sort_values("ma_don_vi").groupby("nhom", sort=False):
            folder = staging / nhom
            folder.mkdir()
            units = [(u.ma_don_vi, u.ten_don_vi, nhom, skipped.get(u.ma_don_vi, ()))
                     for u in group.itertuples(index=False)]
            group_max = sum(r.diem_toi_da for r in setup.rows[nhom] if r.cap == 1 and not r.deduction)
            for i in range(0, len(units), CHUNK):
                jobs.append(("units", setup.text, setup.rows[nhom], group_max, units[i:i + CHUNK], folder))
        if workers > 1 and len(setup.units) >= PARALLEL_FROM:
            with ProcessPoolExecutor(min(workers, len(jobs))) as pool:
                list(pool.map(_run_job, jobs))
        else:
            for job in jobs:
                _run_job(job)
        # A zip per group: the forms are compressed already, stored as they are.
        year = setup.dataset.year
        when = dt.datetime(year, 1, 1)
        for nhom, group in setup.units.groupby("nhom", sort=False):
            entries = [(f"{nhom}/{ma}.xlsx", (staging / nhom / f"{ma}.xlsx").read_bytes())
                       for ma in sorted(group["ma_don_vi"])]
            (staging / Path(contract.forms_archive(nhom, year)).name).write_bytes(fixed_zip(entries, when, level=0))
        (staging / contract.FORMS_DISTRIBUTION).write_bytes(distribution(setup, {s: names[s] for s in lines}))
        swap_dir(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return {"units": len(setup.units), "agencies": len(lines), "returned": len({k[0] for k in returned})}

