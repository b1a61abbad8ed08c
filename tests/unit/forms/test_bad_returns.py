"""Bad returns (contract §11, §12): each gives the contract's error at its cell, all in one pass, and
`check` writes the return list of each unit or agency naming those cells."""
from __future__ import annotations

import random

import pytest
from openpyxl import load_workbook

from pipeline.__main__ import main
from pipeline.config import Settings
from pipeline.errors import InputError
from pipeline.forms.returns import check_year
from pipeline.forms.year import make_forms
from pipeline.ingest.year import read_year

from .province import UNITS, fill_agency_workbook, fill_unit_form, write_province


@pytest.fixture
def returned(tmp_path):
    """A year whose forms came back filled, and the agencies' workbooks too."""
    settings = Settings(2023, tmp_path / "data", tmp_path / "output")
    write_province(settings.raw_dir)
    rng = random.Random(3)
    make_forms(settings, workers=1)
    forms = settings.report_dir / "bieu-mau"
    for ma, _, nhom, _ in UNITS:
        fill_unit_form(forms / nhom / f"{ma}.xlsx", settings.raw_dir / "cham-diem" / f"{ma}.xlsx", rng,
                       not_applicable_share=0)
    make_forms(settings, workers=1)
    for book in sorted((forms / "tham-dinh").glob("*.xlsx")):
        fill_agency_workbook(book, settings.raw_dir / "tham-dinh" / book.name, rng, second_share=0)
    assert read_year(settings.raw_dir).warnings == []
    return settings


def edit(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)


def problems_of(settings) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_year(settings.raw_dir)
    return [str(p) for p in caught.value.problems]


def test_four_bad_returns_in_one_pass_and_their_return_lists(returned, capsys):
    settings = returned
    sheets, books = settings.raw_dir / "cham-diem", settings.raw_dir / "tham-dinh"
    # so-a: 1.1.2 (max 2.25; row 15 of the form: header on row 11, then 1, 1.1, 1.1.1) typed 3 past the validation.
    edit(sheets / "so-a.xlsx", lambda wb: wb.worksheets[0].cell(15, 6, 3))
    # so-b: the row of 1.1.1 deleted.
    edit(sheets / "so-b.xlsx", lambda wb: wb.worksheets[0].delete_rows(14))
    # xa-a: the unit typed an appraisal of its own for 1.1.1 (row 14, column I) that Sở Nội vụ's workbook contradicts.
    noi_vu = load_workbook(books / "so-noi-vu.xlsx")["xa"]
    agency_row = next(r for r in noi_vu.iter_rows(min_row=6) if r[0].value == "xa-a" and r[2].value == "1.1.1")
    theirs = agency_row[8].value
    edit(sheets / "xa-a.xlsx", lambda wb: wb.worksheets[0].cell(14, 9, 0.25 if theirs != 0.25 else 0.5))
    # xa-b: the scoring sheet renamed, and moved behind the instructions: the first sheet has no table.
    def rename_and_move(wb):
        wb.worksheets[0].title = "Bang diem"
        wb.move_sheet("Bang diem", offset=1)
    edit(sheets / "xa-b.xlsx", rename_and_move)

    got = problems_of(settings)
    mine = lambda text: [line for line in got if text in line]  # noqa: E731
    assert mine("so-a.xlsx") == ["cham-diem/so-a.xlsx:Chấm điểm!F15: SCORE_ABOVE_MAX: điểm 3 lớn hơn điểm tối đa 2,25"]
    assert mine("so-b.xlsx") == ["cham-diem/so-b.xlsx:Chấm điểm: CRITERION_MISSING: thiếu dòng của tiêu chí 1.1.1"]
    conflict = mine("xa-a.xlsx")
    assert len(conflict) == 1 and conflict[0].startswith("cham-diem/xa-a.xlsx:Chấm điểm!I14: APPRAISAL_CONFLICT:")
    assert f"tham-dinh/so-noi-vu.xlsx:xa!I{agency_row[8].row}" in conflict[0]
    assert mine("xa-b.xlsx") == ["cham-diem/xa-b.xlsx:Hướng dẫn: HEADER_NOT_FOUND: không tìm thấy dòng tiêu đề "
                                 "(cần các cột STT/Mã, Điểm tự đánh giá, Điểm thẩm định)"]
    assert len(got) == 4

    # make check: exit 2, a line per unit, a return list per unit with problems naming the cells.
    assert main(["check", "--year", "2023", "--data-dir", str(settings.data_dir),
                 "--output-dir", str(settings.output_dir)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert "so-c (Sở C): đạt" in out and any(line.startswith("so-a (Sở A): 1 lỗi, 0 cảnh báo → ") for line in out)
    returns = settings.report_dir / "tra-lai"
    assert sorted(p.name for p in returns.glob("*.xlsx")) == ["so-a.xlsx", "so-b.xlsx", "xa-a.xlsx", "xa-b.xlsx"]
    rows = list(load_workbook(returns / "so-a.xlsx").active.iter_rows(min_row=5, values_only=True))
    assert rows == [("cham-diem/so-a.xlsx", "Chấm điểm", "F15", "Lỗi", "SCORE_ABOVE_MAX",
                     "điểm 3 lớn hơn điểm tối đa 2,25", "một số từ 0 đến điểm tối đa của tiêu chí")]
    rows = list(load_workbook(returns / "xa-a.xlsx").active.iter_rows(min_row=5, values_only=True))
    assert rows[0][:5] == ("cham-diem/xa-a.xlsx", "Chấm điểm", "I14", "Lỗi", "APPRAISAL_CONFLICT")


def test_a_renamed_sheet_alone_reads_the_same(returned):
    """The contract reads a unit's first visible sheet whatever its name: only the cells' provenance changes."""
    settings = returned
    before = read_year(settings.raw_dir).tong_hop
    edit(settings.raw_dir / "cham-diem" / "so-d.xlsx", lambda wb: setattr(wb.worksheets[0], "title", "Bảng điểm"))
    after = read_year(settings.raw_dir)
    assert after.warnings == [] and after.tong_hop.equals(before)


def test_agency_workbook_problems(returned):
    settings = returned
    books = settings.raw_dir / "tham-dinh"

    def spoil(wb):
        ws = wb["so"]
        ws.cell(6, 9, 99)  # above the maximum
        ws.cell(7, 1, "so-khong-co")  # a unit that does not exist
    edit(books / "so-tu-phap.xlsx", spoil)
    (books / "so-khac.xlsx").write_bytes((books / "so-tu-phap.xlsx").read_bytes())
    got = problems_of(settings)
    # Row 6, the first of the sheet: so-a's 1.1.3, worth 2.75.
    assert "tham-dinh/so-tu-phap.xlsx:so!I6: SCORE_ABOVE_MAX: điểm 99 lớn hơn điểm tối đa 2,75" in got
    assert "tham-dinh/so-tu-phap.xlsx:so!A7: UNKNOWN_UNIT: không có đơn vị 'so-khong-co' trong don-vi.xlsx" in got
    assert any(line.startswith("tham-dinh/so-khac.xlsx: UNKNOWN_AGENCY:") for line in got)
    # Each agency file gets its own return list, under tra-lai/tham-dinh/ (an agency may share a unit's code).
    summary, errors = check_year(settings)
    assert errors == 3
    assert any(line.startswith("so-tu-phap (Sở Tư pháp): 2 lỗi, 0 cảnh báo → ") for line in summary), summary
    assert any(line.startswith("so-khac (so-khac): 1 lỗi, 0 cảnh báo → ") for line in summary), summary
    rows = list(load_workbook(settings.report_dir / "tra-lai" / "tham-dinh" / "so-tu-phap.xlsx").active
                .iter_rows(min_row=5, values_only=True))
    assert [(r[2], r[4]) for r in rows] == [("I6", "SCORE_ABOVE_MAX"), ("A7", "UNKNOWN_UNIT")]
