"""`par-index forms` and `par-index check` on the shipped sample (contract §12): the forms of 130 units in three
groups, six agencies' workbooks prefilled from the sample's sheets, and the clerk's return lists."""
from __future__ import annotations

import csv
import shutil
import zipfile

import pytest
from conftest import ROOT, run_cli, tree_snapshot
from openpyxl import load_workbook

pytestmark = pytest.mark.slow  # starts the command line on the sample province


def test_forms_and_check_of_the_sample(tmp_path):
    raw = tmp_path / "data" / "raw" / "2023"
    shutil.copytree(ROOT / "data" / "raw" / "2023", raw)
    before = tree_snapshot(raw)
    args = ("--year", "2023", "--data-dir", str(tmp_path / "data"), "--output-dir", str(tmp_path / "out"))
    result = run_cli("forms", *args)
    assert result.returncode == 0, result.stderr
    forms = tmp_path / "out" / "2023" / "bieu-mau"
    units = list(csv.DictReader((forms / "danh-sach-gui.csv").read_text(encoding="utf-8-sig").splitlines()))
    by_group = {}
    for u in units:
        by_group.setdefault(u["nhom"], []).append(u)
    assert {g: len(v) for g, v in by_group.items()} == {"huyen": 8, "so": 20, "xa": 102, "": 6}
    for nhom in ("so", "huyen", "xa"):
        with zipfile.ZipFile(forms / f"bieu-mau-{nhom}-2023.zip") as z:
            assert sorted(z.namelist()) == sorted(f"{nhom}/{u['ma']}.xlsx" for u in by_group[nhom])
    ws = load_workbook(forms / "so" / "so-tu-phap.xlsx").worksheets[0]
    assert (ws.title, ws["A2"].value, ws["A3"].value) == ("Chấm điểm", "Đơn vị: Sở Tư pháp",
                                                          "Mã đơn vị: so-tu-phap; nhóm: Sở, ban, ngành tỉnh (so)")
    # The sample's sheets are in: Sở Tư pháp's workbook shows what the units scored themselves.
    agency = load_workbook(forms / "tham-dinh" / "so-tu-phap.xlsx")["so"]
    assert any(isinstance(r[5], (int, float)) for r in agency.iter_rows(min_row=6, values_only=True))
    first = tree_snapshot(forms)
    assert run_cli("forms", *args).returncode == 0
    assert tree_snapshot(forms) == first  # the same inputs give the same bytes

    # check: the sample has no error, 8 parent rows typed by hand (warnings), one return list per unit concerned.
    result = run_cli("check", *args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "so-tu-phap (Sở Tư pháp): đạt" in lines
    warned = [line for line in lines if "cảnh báo →" in line]
    returns = tmp_path / "out" / "2023" / "tra-lai"
    assert len(warned) == len(list(returns.glob("*.xlsx"))) >= 1
    rows = list(load_workbook(next(returns.glob("*.xlsx"))).active.iter_rows(min_row=5, values_only=True))
    assert {r[4] for r in rows} == {"PARENT_SUM_MISMATCH"} and all(r[2] for r in rows)
    assert tree_snapshot(raw) == before  # raw/ untouched
    assert not (tmp_path / "data" / "processed").exists()  # check writes no table
