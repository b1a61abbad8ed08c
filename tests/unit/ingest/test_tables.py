"""Processed tables: contract columns, deterministic bytes, the analyst's load()."""
import pandas as pd

from conftest import tree_snapshot
from pipeline import load
from pipeline.config import Settings
from pipeline.ingest.year import build_if_stale, build_processed


def test_tables_have_contract_columns_and_are_byte_identical_when_rebuilt(tiny_year):
    settings = Settings(2023, tiny_year)
    build_processed(settings)
    first = tree_snapshot(settings.processed_dir)
    build_processed(settings)
    assert tree_snapshot(settings.processed_dir) == first
    header = lambda name: (settings.processed_dir / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header("diem").startswith("ma_don_vi,ma,phuong_thuc,ap_dung,diem_toi_da,tu_danh_gia,tham_dinh,xhh,diem,nguon")
    assert header("tong-hop-don-vi").startswith(
        "ma_don_vi,ten_don_vi,nhom,diem_toi_da,tu_danh_gia,tham_dinh,xhh,diem_tru,tong_diem,chi_so,xep_hang,xep_loai")
    assert header("diem-linh-vuc") == "ma_don_vi,ma,diem_toi_da,diem"
    assert (settings.processed_dir / "tong-hop-don-vi.parquet").exists()


def test_tiny_year_totals_by_hand(tiny_year):
    t = load(2023, tiny_year).tong_hop.set_index("ma_don_vi")
    # so-a: TĐ 1 + 1,5 + 2,5 (TĐ2 replaces 2) = 5; XHH 3,5; trừ 1 → 7,5 of 10 = 75% (Khá), rank 1.
    # so-b: same sheet, XHH 2,5 → 6,5 → 65% (Trung bình), rank 2. Self-scores 1 + 2 + 3 = 6.
    assert t.loc["so-a", ["tham_dinh", "xhh", "diem_tru", "tong_diem", "chi_so"]].tolist() == [5.0, 3.5, 1.0, 7.5, 75.0]
    assert t.loc["so-a", "tu_danh_gia"] == 6.0
    assert (t.loc["so-a", "xep_hang"], t.loc["so-a", "xep_loai"]) == (1, "Khá")
    assert (t.loc["so-b", "tong_diem"], t.loc["so-b", "xep_hang"], t.loc["so-b", "xep_loai"]) == (6.5, 2, "Trung bình")


def test_load_csv_and_parquet_agree_and_join_names(tiny_year):
    d = load(2023, tiny_year)
    settings = Settings(2023, tiny_year)
    from_csv = pd.read_csv(settings.processed_dir / "tong-hop-don-vi.csv")
    assert from_csv["chi_so"].tolist() == d.tong_hop["chi_so"].tolist()
    assert set(d.diem.columns) >= {"noi_dung", "linh_vuc", "co_quan_tham_dinh", "nhom"}
    area = d.diem_linh_vuc.set_index(["ma_don_vi", "ma"]).loc[("so-a", "1")]
    assert (area["ten_linh_vuc"], area["diem"], area["ty_le"]) == ("Lĩnh vực 1", 5.0, 5.0 / 6 * 100)


def test_rebuild_only_when_inputs_change(tiny_year):
    settings = Settings(2023, tiny_year)
    assert build_if_stale(settings) is not None
    assert build_if_stale(settings) is None  # nothing changed
    survey = settings.raw_dir / "dieu-tra-xhh.xlsx"
    from conftest import write_workbook
    write_workbook(survey, {"Sheet1": [("ma_don_vi", "2.1.1"), ("so-a", 4), ("so-b", "2,5")]})
    rebuilt = build_if_stale(settings)
    assert rebuilt is not None and rebuilt.tong_hop.set_index("ma_don_vi").loc["so-a", "tong_diem"] == 8.0


def test_a_symlinked_sheets_folder_is_hashed_by_content(tmp_path):
    """cham-diem/ on a shared drive, linked into raw/: editing a sheet there changes the inputs' hashes."""
    import os
    import shutil

    from conftest import make_year
    from pipeline.ingest.year import input_hashes

    raw = make_year(tmp_path / "data")
    shared = tmp_path / "shared-drive" / "cham-diem"
    shutil.move(raw / "cham-diem", shared)
    os.symlink(shared, raw / "cham-diem")
    before = input_hashes(raw)
    assert "cham-diem/so-a.xlsx" in before and "cham-diem/so-b.xlsx" in before
    (shared / "so-a.xlsx").write_bytes((shared / "so-a.xlsx").read_bytes() + b"\0")
    after = input_hashes(raw)
    assert after["cham-diem/so-a.xlsx"] != before["cham-diem/so-a.xlsx"]
    assert after["cham-diem/so-b.xlsx"] == before["cham-diem/so-b.xlsx"]


def test_files_the_contract_does_not_name_are_listed_not_read(tmp_path):
    """A stray dump or notes in raw/: a warning naming it; never hashed (a 2 GB file would be read each run)."""
    from conftest import make_year
    from pipeline.ingest.year import contract_files, input_hashes, read_year

    raw = make_year(tmp_path / "data")
    (raw / "dump.sql").write_bytes(b"x" * 1000)
    (raw / "cham-diem" / "ghi-chu.txt").write_text("notes")
    known, other = contract_files(raw)
    assert other == ["cham-diem/ghi-chu.txt", "dump.sql"]
    assert "dump.sql" not in input_hashes(raw) and "cham-diem/so-a.xlsx" in input_hashes(raw)
    warnings = [str(w) for w in read_year(raw).warnings if w.code == "UNEXPECTED_FILE"]
    assert warnings == [f"{name}: UNEXPECTED_FILE: tệp không thuộc dữ liệu đầu vào (xem docs/data-contract.md §1); "
                        "không được đọc" for name in ("cham-diem/ghi-chu.txt", "dump.sql")]


def test_a_fifo_named_like_a_sheet_is_refused_without_hanging(tmp_path):
    import os

    import pytest

    from conftest import make_year
    from pipeline.errors import InputError
    from pipeline.ingest.year import read_year

    raw = make_year(tmp_path / "data")
    (raw / "cham-diem" / "so-a.xlsx").unlink()
    os.mkfifo(raw / "cham-diem" / "so-a.xlsx")
    with pytest.raises(InputError) as error:
        read_year(raw)
    assert "cham-diem/so-a.xlsx: NOT_A_FILE: không phải một tệp Excel thông thường" in error.value.report()


def test_a_sheet_saved_while_it_is_read_gives_no_tables(tmp_path, monkeypatch):
    """The tables come from the bytes the stamp names, or not at all (INPUT_CHANGED, nothing written)."""
    import pytest

    from conftest import make_year
    from pipeline.config import Settings
    from pipeline.errors import InputError
    from pipeline.ingest import year

    make_year(tmp_path)
    settings = Settings(2023, tmp_path)
    original = year.read_year

    def read_then_someone_saves(raw_dir, workers=None, sheets_read=None):
        processed = original(raw_dir, workers, sheets_read)
        sheet = raw_dir / "cham-diem" / "so-b.xlsx"
        sheet.write_bytes(sheet.read_bytes() + b"\0")  # a clerk saves the file in the meantime
        return processed

    monkeypatch.setattr(year, "read_year", read_then_someone_saves)
    with pytest.raises(InputError) as error:
        year.build_if_stale(settings)
    assert [str(p) for p in error.value.problems] == [
        "cham-diem/so-b.xlsx: INPUT_CHANGED: tệp thay đổi trong khi đang chạy; chạy lại khi đã lưu xong "
        "(không ghi gì từ lần chạy này)"]
    assert not settings.processed_dir.exists()


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_written_with_an_apostrophe(tmp_path):
    # Issue 25: a note '@HYPERLINK(...)' went into diem.csv as it was: opened in Excel, it ran.
    from conftest import SHEET_ROWS, make_year
    from pipeline.ingest.tables import read_table
    rows = [r if r[0] != "1.1.2" else (*r[:6], '@HYPERLINK("http://x","bấm")') for r in SHEET_ROWS]
    rows = [r if r[0] != "1.1.3" else (*r[:6], "-1 điểm do nộp chậm") for r in rows]
    make_year(tmp_path, sheets={"so-a": rows, "so-b": SHEET_ROWS})
    settings = Settings(2023, tmp_path)
    build_processed(settings)
    csv = pd.read_csv(settings.processed_dir / "diem.csv", dtype=str, keep_default_na=False)
    notes = csv[csv["ma_don_vi"] == "so-a"].set_index("ma")["ghi_chu"]
    assert (notes["1.1.2"], notes["1.1.3"]) == ("'@HYPERLINK(\"http://x\",\"bấm\")", "'-1 điểm do nộp chậm")
    assert pd.read_csv(settings.processed_dir / "diem.csv")["diem"].min() < 0  # numbers stay numbers (deductions)
    (settings.processed_dir / "diem.parquet").unlink()  # read back from the CSV: the apostrophe comes off
    back = read_table(settings.processed_dir, "diem").set_index(["ma_don_vi", "ma"])["ghi_chu"]
    assert back[("so-a", "1.1.2")] == '@HYPERLINK("http://x","bấm")'


def test_a_correction_reads_again_only_the_sheets_it_changed(tiny_year, monkeypatch):
    """Each scoring sheet is kept as read (ingest.year.SheetsRead): a correction in hieu-chinh.csv reads no
    workbook again, a sheet saved with a new score is read again alone, and the tables are byte for byte those of
    a reading from scratch."""
    from conftest import SHEET_ROWS, write_sheet
    from pipeline.contract import SHEETS_READ_FILE
    from pipeline.ingest import year

    settings = Settings(2023, tiny_year)
    read = []
    original = year._read_one
    monkeypatch.setattr(year, "_read_one", lambda job: read.append(job[2]) or original(job))
    build_if_stale(settings)
    assert read == ["so-a", "so-b"]

    def from_scratch_is_the_same() -> None:
        kept = tree_snapshot(settings.processed_dir)
        (settings.processed_dir / SHEETS_READ_FILE).unlink()
        read.clear()
        build_if_stale(settings, force=True)
        assert read == ["so-a", "so-b"]
        assert tree_snapshot(settings.processed_dir) == kept

    (settings.raw_dir / "hieu-chinh.csv").write_text(
        "ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\nso-b,1.1.1,tham_dinh,0,Phúc tra,Công văn số 9/SNV\n",
        encoding="utf-8")
    read.clear()
    build_if_stale(settings)
    assert read == []
    assert load(2023, tiny_year).tong_hop.set_index("ma_don_vi").at["so-b", "tham_dinh"] == 4.0  # 5 − 1
    from_scratch_is_the_same()

    rows = [("1.1.1", "TCTP", 1, 1, 0, None, None) if r[0] == "1.1.1" else r for r in SHEET_ROWS]
    write_sheet(settings.raw_dir / "cham-diem" / "so-a.xlsx", rows)
    read.clear()
    build_if_stale(settings)
    assert read == ["so-a"]
    assert load(2023, tiny_year).tong_hop.set_index("ma_don_vi").at["so-a", "tham_dinh"] == 4.0
    from_scratch_is_the_same()


def test_a_kept_sheet_edited_by_hand_is_read_again(tiny_year, monkeypatch):
    """The kept sheets carry their digest: a value changed in the file (by hand, by a disk error) is not taken."""
    from pipeline.contract import SHEETS_READ_FILE
    from pipeline.ingest import year

    settings = Settings(2023, tiny_year)
    build_if_stale(settings)
    tables = tree_snapshot(settings.processed_dir)
    kept = settings.processed_dir / SHEETS_READ_FILE
    edited = kept.read_bytes().replace(b",1.0,", b",0.5,", 1)  # a score of 1 made 0,5
    assert edited != kept.read_bytes()
    kept.write_bytes(edited)
    read = []
    original = year._read_one
    monkeypatch.setattr(year, "_read_one", lambda job: read.append(job[2]) or original(job))
    build_if_stale(settings, force=True)
    assert read == ["so-a", "so-b"]
    assert tree_snapshot(settings.processed_dir) == tables
