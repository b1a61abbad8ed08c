"""Text checked at the door (issue 25): every text of the inputs NFC, control and bidi-override characters refused
naming file, sheet and cell, names and reasons on one line, lengths bounded, NFC/NFD twins one name."""
import unicodedata

import pytest

from conftest import DATASET, FRAMEWORK, SHEET_ROWS, UNITS, make_year, rewrite_part, write_workbook
from pipeline.config import Dataset
from pipeline.errors import InputError
from pipeline.ingest.year import read_year

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731


def problems(raw) -> list[str]:
    with pytest.raises(InputError) as error:
        read_year(raw)
    return [str(p) for p in error.value.problems]


def test_control_and_bidi_override_characters_are_refused_naming_file_sheet_and_cell(tmp_path):
    # Before: they passed ingest and the report stage failed (a NUL broke the chart's SVG, python-docx refused
    # the text) or printed a reversed name in "Kính gửi" (U+202E).
    sheet_rows = [r if r[0] != "1.1.2" else ("1.1.2", "TCTP", 2, 2, "1,5", None, "Thiếu XXNOTE") for r in SHEET_ROWS]
    raw = make_year(tmp_path, units=[("so-a", "Sở \u202eA", "so", None), ("so-b", "Sở B", "so", None)],
                    sheets={"so-a": SHEET_ROWS, "so-b": sheet_rows},
                    corrections="ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\nso-a,1.1.1,tham_dinh,1,Phúc tra\x07,CV 1\n")
    rewrite_part(raw / "cham-diem" / "so-b.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"XXNOTE", b"TLKC_x0000__x0001_"))
    found = problems(raw)
    unicode_hint = "xoá chúng (gõ lại ô, hoặc dán dạng văn bản thuần)"
    assert found == [
        "cham-diem/so-b.xlsx:Sheet1!G8: BAD_CHARACTER: có ký tự điều khiển hoặc ký tự đổi chiều văn bản không in "
        f"được (U+0000, U+0001); {unicode_hint}",
        "don-vi.xlsx:Sheet1!B2: BAD_CHARACTER: có ký tự điều khiển hoặc ký tự đổi chiều văn bản không in được "
        f"(U+202E); {unicode_hint}",
        "hieu-chinh.csv:hieu-chinh!E2: BAD_CHARACTER: có ký tự điều khiển hoặc ký tự đổi chiều văn bản không in "
        f"được (U+0007); {unicode_hint}"]


def test_texts_are_nfc_and_names_on_one_line(tmp_path):
    framework = [r if r[0] != "1.1.3" else (*r[:4], NFD("Sở Tư pháp"), r[5]) for r in FRAMEWORK]  # NFC in 1.1.2
    raw = make_year(tmp_path, framework=framework,
                    units=[("so-a", NFD("Sở Tư\npháp"), "so", None), ("so-b", " Sở  Y\r\ntế ", "so", None)],
                    dataset=DATASET.replace("province: Vĩnh Long", "province: " + NFD("Vĩnh Long")))
    processed = read_year(raw)
    assert processed.units["ten_don_vi"].tolist() == ["Sở Tư pháp", "Sở Y tế"]
    # One agency, not two packs with the same title each holding part of its criteria.
    assert sorted(set(processed.framework["co_quan_tham_dinh"])) == ["Sở Nội vụ", "Sở Tư pháp"]
    assert processed.dataset.province == "Vĩnh Long"  # matches the national file's NFC spelling


def test_nfc_nfd_twins_and_names_too_long_are_refused(tmp_path):
    long = "UBND xã " + "Tân" * 70  # 218 characters
    raw = make_year(tmp_path, units=[("so-a", "Sở Tư pháp", "so", None), ("so-b", NFD("Sở Tư pháp"), "so", None),
                                     ("so-c", long, "so", None)],
                    sheets={"so-a": SHEET_ROWS, "so-b": SHEET_ROWS, "so-c": SHEET_ROWS},
                    survey=[("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-b", 3), ("so-c", 3)])
    assert problems(raw) == [
        "don-vi.xlsx:Sheet1!B3: DUPLICATE_NAME: tên 'Sở Tư pháp' của đơn vị so-b trùng tên đơn vị so-a (dòng 2) "
        "cùng nhóm: báo cáo không phân biệt được hai đơn vị",
        "don-vi.xlsx:Sheet1!B4: NAME_TOO_LONG: tên đơn vị so-c dài 218 ký tự, vượt giới hạn 200 ký tự; viết ngắn lại"]


def test_communes_of_the_same_name_in_two_districts_are_fine(tmp_path):
    from pipeline.ingest.units import read_units
    path = write_workbook(tmp_path / "don-vi.xlsx", {"Sheet1": [
        ("ma_don_vi", "ten_don_vi", "nhom", "don_vi_cap_tren"), ("h-1", "Huyện 1", "huyen", None),
        ("h-2", "Huyện 2", "huyen", None), ("x-1", "Xã Tân Hòa", "xa", "h-1"), ("x-2", "Xã Tân Hòa", "xa", "h-2")]})
    assert read_units(path, ["huyen", "xa"])[1] == []


def test_a_dataset_text_with_a_bidi_isolate_or_too_long_is_named(tmp_path):
    path = tmp_path / "dataset.yml"
    path.write_text(DATASET.replace("agency: Sở Nội vụ", "agency: " + "Sở" * 101)
                    .replace("place: Vĩnh Long", "place: Vĩnh\u2066 Long"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        Dataset.from_yaml(path)
    assert [str(p) for p in error.value.problems] == [
        "dataset.yml: DATASET_INVALID: agency: dài 202 ký tự, vượt giới hạn 200 ký tự; viết ngắn lại",
        "dataset.yml: DATASET_INVALID: place: có ký tự điều khiển hoặc ký tự đổi chiều văn bản không in được "
        "(U+2066); xoá chúng (gõ lại ô, hoặc dán dạng văn bản thuần)"]


def test_an_nfd_province_in_dataset_yml_finds_its_rows_in_the_national_files(tmp_path):
    # Before: PROVINCE_MISSING, with a message whose name looked identical to the file's.
    import shutil

    from conftest import ROOT
    from pipeline.ingest.year import read_inputs

    raw = tmp_path / "raw" / "2025"
    shutil.copytree(ROOT / "data" / "raw" / "2025", raw)
    text = (raw / "dataset.yml").read_text(encoding="utf-8")
    (raw / "dataset.yml").write_text(text.replace("province: Vĩnh Long", "province: " + NFD("Vĩnh Long")),
                                     encoding="utf-8")
    assert NFD("Vĩnh Long") in (raw / "dataset.yml").read_text(encoding="utf-8")
    processed, national = read_inputs(raw, 2025)
    assert processed is None and "Vĩnh Long" in set(national["quoc-gia-cac-tinh"]["tinh"])
