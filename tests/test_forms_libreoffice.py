"""A form opened and saved again by LibreOffice (as a unit without Excel would) reads the same (contract §12).

LibreOffice recomputes every formula and stores its own values: the parents' and totals' formulas must then agree
with the leaves (no PARENT_SUM_MISMATCH), and the inputs must keep their values, KAD marks included."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from python_calamine import CalamineWorkbook

from pipeline.config import Settings
from pipeline.forms.year import make_forms
from pipeline.ingest.year import read_year
from unit.forms.province import FRAMEWORK, GROUP_MAX, UNITS, fill_agency_workbook, fill_unit_form, write_province

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: the re-save by "
                                                         "LibreOffice is not checked (apt-get install libreoffice-calc)")]


def resave(files: list[Path], work: Path) -> None:
    """Open and save each workbook as .xlsx in LibreOffice, in place."""
    out = work / "lo-out"
    out.mkdir()
    env = {**os.environ, "HOME": str(work)}  # a profile of its own: no clash with a running LibreOffice
    subprocess.run([SOFFICE, "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    *map(str, files)], check=True, env=env, capture_output=True, timeout=300)
    for f in files:
        shutil.copyfile(out / f.name, f)


def test_forms_resaved_by_libreoffice_read_the_same(tmp_path):
    settings = Settings(2023, tmp_path / "data", tmp_path / "output")
    write_province(settings.raw_dir)
    rng = random.Random(7)
    make_forms(settings, workers=1)
    forms = settings.report_dir / "bieu-mau"
    filled = {ma: fill_unit_form(forms / nhom / f"{ma}.xlsx", settings.raw_dir / "cham-diem" / f"{ma}.xlsx", rng)
              for ma, _, nhom, _ in UNITS}
    make_forms(settings, workers=1)
    for book in sorted((forms / "tham-dinh").glob("*.xlsx")):
        fill_agency_workbook(book, settings.raw_dir / "tham-dinh" / book.name, rng)
    before = read_year(settings.raw_dir)
    assert before.warnings == []

    resave(sorted((settings.raw_dir / "cham-diem").glob("*.xlsx")) + sorted((settings.raw_dir / "tham-dinh").glob("*.xlsx")),
           tmp_path)
    after = read_year(settings.raw_dir)
    assert after.warnings == []
    assert after.tong_hop.equals(before.tong_hop)
    columns = ["ma_don_vi", "ma", "ap_dung", "tu_danh_gia", "tham_dinh", "xhh", "diem", "nguon", "giai_trinh"]
    assert after.diem[columns].equals(before.diem[columns])
    # The four totals above the table, as LibreOffice computed them, against the filled numbers.
    for ma, _, nhom, _ in UNITS:
        rows = {r[0]: r for r in FRAMEWORK[nhom]}
        deduction = {code for code, r in rows.items() if r[5] == "diem_tru"}
        numbers = {c: v for c, v in filled[ma].items() if isinstance(v, (int, float))}
        maximum = GROUP_MAX[nhom] - sum(rows[c][2] for c, v in filled[ma].items() if v == "KAD" and c not in deduction)
        areas = sum(v for c, v in numbers.items() if c not in deduction)
        minus = sum(v for c, v in numbers.items() if c in deduction)
        book = CalamineWorkbook.from_path(str(settings.raw_dir / "cham-diem" / f"{ma}.xlsx"))
        cells = book.get_sheet_by_name("Chấm điểm").to_python()
        assert [cells[r][2] for r in range(5, 9)] == pytest.approx([maximum, areas, minus, areas - minus]), ma


def test_a_generated_form_resaved_unfilled_reads_with_no_warning(tmp_path):
    settings = Settings(2023, tmp_path / "data", tmp_path / "output")
    write_province(settings.raw_dir)
    make_forms(settings, workers=1)
    sheets = settings.raw_dir / "cham-diem"
    sheets.mkdir()
    for ma, _, nhom, _ in UNITS:
        shutil.copyfile(settings.report_dir / "bieu-mau" / nhom / f"{ma}.xlsx", sheets / f"{ma}.xlsx")
    resave(sorted(sheets.glob("*.xlsx")), tmp_path)
    processed = read_year(settings.raw_dir)
    assert processed.warnings == []
    assert processed.tong_hop.set_index("ma_don_vi").loc["so-c", "diem_toi_da"] == 10 - 2.75
