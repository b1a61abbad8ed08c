"""Forms out, forms back in (contract §12): generated forms filled like a unit and an agency would fill them
read with no problem and no warning, and every total, index, rank and band equals what the filled numbers give."""
from __future__ import annotations

import random

import pytest
from python_calamine import CalamineWorkbook

from pipeline.config import Settings
from pipeline.errors import InputError
from pipeline.forms.year import make_forms
from pipeline.ingest.year import read_year

from .province import (UNITS, copy_forms_in, expected_totals, fill_agency_workbook, fill_unit_form,
                       write_province)


@pytest.fixture
def year(tmp_path):
    settings = Settings(2023, tmp_path / "data", tmp_path / "output")
    survey = write_province(settings.raw_dir)
    return settings, survey


def test_forms_returned_unopened_read_with_no_warning(year):
    settings, _ = year
    make_forms(settings, workers=1)
    copy_forms_in(settings.report_dir / "bieu-mau", settings.raw_dir)
    processed = read_year(settings.raw_dir)
    assert processed.warnings == []
    # Nothing scored yet: every total is 0, the preset not-applicable criterion is out of so-c's maximum.
    tong_hop = processed.tong_hop.set_index("ma_don_vi")
    assert tong_hop.loc["so-c", "diem_toi_da"] == 10 - 2.75
    assert tong_hop["tham_dinh"].sum() == 0
    assert (processed.diem.set_index(["ma_don_vi", "ma"]).loc[("so-c", "1.1.3"), "ap_dung"]) == False  # noqa: E712
    # The totals' saved values, as a reader without a formula engine sees them: 10 - 2.75 (1.1.3 KAD), 0, 0, 0.
    cells = CalamineWorkbook.from_path(str(settings.raw_dir / "cham-diem" / "so-c.xlsx")).get_sheet_by_index(0).to_python()
    assert [cells[r][2] for r in range(5, 9)] == [7.25, 0, 0, 0]


@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_round_trip_totals_indices_ranks(year, seed):
    settings, survey = year
    rng = random.Random(seed)
    make_forms(settings, workers=1)
    forms = settings.report_dir / "bieu-mau"
    self_scores = {ma: fill_unit_form(forms / nhom / f"{ma}.xlsx", settings.raw_dir / "cham-diem" / f"{ma}.xlsx", rng)
                   for ma, _, nhom, _ in UNITS}
    # Once the units' sheets are in, the agencies' workbooks carry their self-scores, evidence, explanations.
    make_forms(settings, workers=1)
    appraisals = {}
    for book in sorted((forms / "tham-dinh").glob("*.xlsx")):
        appraisals |= fill_agency_workbook(book, settings.raw_dir / "tham-dinh" / book.name, rng)
    processed = read_year(settings.raw_dir)
    assert processed.warnings == []
    expected = expected_totals(self_scores, appraisals, survey)
    tong_hop = processed.tong_hop.set_index("ma_don_vi")
    for ma, want in expected.items():
        got = tong_hop.loc[ma]
        for column in ("diem_toi_da", "tham_dinh", "xhh", "diem_tru", "tong_diem", "chi_so"):
            assert got[column] == pytest.approx(want[column], abs=1e-9), (ma, column)
        assert (got["xep_hang"], got["xep_loai"]) == (want["xep_hang"], want["xep_loai"]), ma
    # Every appraisal came from an agency's workbook, named by its cell.
    diem = processed.diem
    appraised = diem[(diem["phuong_thuc"] == "TĐ") & diem["ap_dung"]]
    assert appraised["nguon"].str.startswith("tham-dinh/").all()


def test_agency_workbook_carries_what_units_returned(year):
    from openpyxl import load_workbook
    settings, _ = year
    make_forms(settings, workers=1)
    forms = settings.report_dir / "bieu-mau"
    scores = fill_unit_form(forms / "so" / "so-a.xlsx", settings.raw_dir / "cham-diem" / "so-a.xlsx",
                            random.Random(5), not_applicable_share=0)
    make_forms(settings, workers=1)
    ws = load_workbook(forms / "tham-dinh" / "so-tu-phap.xlsx")["so"]
    rows = {(r[0], r[2]): r for r in ws.iter_rows(min_row=6, values_only=True)}
    # Sở Tư pháp appraises 1.1.3, 2.1.1 and 2.1.2 of the departments; so-c's 1.1.3 is not applicable (dataset.yml).
    assert sorted(k for k in rows if k[0] == "so-a") == [("so-a", "1.1.3"), ("so-a", "2.1.1"), ("so-a", "2.1.2")]
    assert ("so-c", "1.1.3") not in rows and ("so-c", "2.1.1") in rows
    assert rows[("so-a", "2.1.1")][5] == scores["2.1.1"]
    assert rows[("so-a", "2.1.1")][6].startswith("Văn bản số ")
    assert rows[("so-b", "2.1.1")][5] in (None, "")  # so-b has not returned its sheet


def test_not_applicable_of_dataset_yml_is_checked_and_nothing_is_written(year):
    settings, _ = year
    path = settings.raw_dir / "dataset.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("{so-c: ['1.1.3']}", "{so-c: ['2.2.1'], so-x: ['1']}"),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        make_forms(settings, workers=1)
    assert [str(p) for p in caught.value.problems] == [
        "dataset.yml: DATASET_INVALID: forms.not_applicable.so-c: '2.2.1' không phải tiêu chí thẩm định (TĐ) của "
        "nhóm so; ghi mã trong dấu nháy, vd. '3.2.2'",
        "dataset.yml: DATASET_INVALID: forms.not_applicable.so-x: không có đơn vị này trong don-vi.xlsx"]
    assert not (settings.report_dir / "bieu-mau").exists()


def test_verify_and_a_report_build_leave_forms_and_returns_alone(year, tmp_path):
    from pipeline.build.year import verify
    from pipeline.files import json_bytes
    settings, _ = year
    make_forms(settings, workers=1)
    (settings.report_dir / "tra-lai").mkdir()
    (settings.report_dir / "tra-lai" / "so-a.xlsx").write_bytes(b"x")
    (settings.report_dir / "manifest.json").write_bytes(json_bytes({"year": 2023, "inputs": [], "outputs": []}))
    (settings.report_dir / "stray.txt").write_bytes(b"x")
    assert verify(settings) == ["stray.txt: tệp không có trong manifest"]
