"""dataset.yml mistakes are problems listed in one go (exit 2), never a traceback."""
import pytest

from pipeline.config import Dataset
from pipeline.errors import InputError

GOOD = """year: 2023
province: Vĩnh Long
agency: Sở Nội vụ
parent_agency: UBND tỉnh Vĩnh Long
place: Vĩnh Long
reports:
  units: {number: "82/BC-SNV", date: 2024-03-12}
bands:
  - {name: Tốt, min: 80}
  - {name: Yếu, min: 0}
"""


def problems(text: str, tmp_path) -> list[str]:
    path = tmp_path / "dataset.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        Dataset.from_yaml(path)
    return [str(p) for p in error.value.problems]


def test_the_minimal_contract_file_loads(tmp_path):
    path = tmp_path / "dataset.yml"
    path.write_text(GOOD, encoding="utf-8")
    ds = Dataset.from_yaml(path)
    assert ds.signer.lines == ["GIÁM ĐỐC"] and ds.unit_notices is None  # the defaults of the optional keys


def test_reports_as_a_list_and_a_non_numeric_group_maximum(tmp_path):
    text = GOOD.replace('reports:\n  units: {number: "82/BC-SNV", date: 2024-03-12}',
                        'reports:\n  - units\ngroup_max: {xa: nhiều}')
    assert problems(text, tmp_path) == [
        "dataset.yml: DATASET_INVALID: group_max.xa: điểm tối đa của nhóm phải là số dương",
        "dataset.yml: DATASET_INVALID: reports: phải là một bảng khóa: giá trị",
    ]


def test_an_impossible_date_is_named(tmp_path):
    (line,) = problems(GOOD.replace("2024-03-12", "2024-02-30"), tmp_path)
    assert line.startswith("dataset.yml: CORRUPT_FILE: không đọc được YAML:") and "day is out of range" in line


def test_a_group_name_that_cannot_be_a_sheet_name(tmp_path):
    assert problems(GOOD + "groups: {so: Sở/ban/ngành}\n", tmp_path) == [
        "dataset.yml: DATASET_INVALID: groups.so: tên nhóm không được trống hay chứa các ký tự [ ] : * ? / \\"]


def test_unit_code_changes_optional_and_checked(tmp_path):
    path = tmp_path / "dataset.yml"
    path.write_text(GOOD + "unit_code_changes: {xa-tan-hoa: xa-tan-hoa-moi, xa-tan-an: xa-tan-hoa-moi}\n",
                    encoding="utf-8")
    assert Dataset.from_yaml(path).unit_code_changes == {"xa-tan-hoa": "xa-tan-hoa-moi", "xa-tan-an": "xa-tan-hoa-moi"}
    assert problems(GOOD + "unit_code_changes: [xa-tan-hoa]\n", tmp_path) == [
        "dataset.yml: DATASET_INVALID: unit_code_changes: cần dạng {mã cũ: mã mới} (mã đơn vị của các năm trước: "
        "mã năm nay)"]


def test_unit_code_changes_refuse_self_maps_codes_on_both_sides_and_cycles(tmp_path):
    # Issue 25: a swapped pair made one notice say the index both rose and fell; all passed silently.
    prefix = "dataset.yml: DATASET_INVALID: unit_code_changes: "
    both = "mỗi mã chỉ ở một bên (mã cũ của các năm trước, mã mới của năm nay)"
    assert problems(GOOD + "unit_code_changes: {so-a: so-b, so-b: so-a}\n", tmp_path) == [
        prefix + f"mã so-a vừa là mã cũ (so-a: so-b) vừa là mã mới của so-b: {both}",
        prefix + f"mã so-b vừa là mã cũ (so-b: so-a) vừa là mã mới của so-a: {both}",
        prefix + "vòng lặp so-a → so-b → so-a: không biết mã nào là mã năm nay"]
    assert problems(GOOD + "unit_code_changes: {so-a: so-a, xa-1: xa-2, xa-2: xa-3}\n", tmp_path) == [
        prefix + "mã so-a đổi thành chính nó; xoá dòng này",
        prefix + f"mã xa-2 vừa là mã cũ (xa-2: xa-3) vừa là mã mới của xa-1: {both}"]


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    assert problems(GOOD + bomb, tmp_path) == [
        "dataset.yml: CORRUPT_FILE: dòng 12: không dùng bí danh YAML (*a); chép thẳng giá trị vào"]


def test_a_yaml_syntax_error_is_one_line_naming_its_place(tmp_path):
    (line,) = problems(GOOD + "signer: {name: [Trần\n", tmp_path)
    # Before: PyYAML's message over five lines, quoting the file.
    assert line == ("dataset.yml: CORRUPT_FILE: không đọc được YAML: dòng 12, cột 1: expected ',' or ']', but got "
                    "'<stream end>'")


def test_province_null_or_a_list_is_refused(tmp_path):
    assert problems(GOOD.replace("province: Vĩnh Long", "province: null"), tmp_path) == [
        "dataset.yml: DATASET_INVALID: province: phải là một tên (chuỗi ký tự, không trống)"]
    assert problems(GOOD.replace("province: Vĩnh Long", "province: [Vĩnh Long, Bến Tre]"), tmp_path) == [
        "dataset.yml: DATASET_INVALID: province: phải là một tên (chuỗi ký tự, không trống)"]


def test_year_is_checked_against_its_folder(tmp_path):
    folder = tmp_path / "raw" / "2024"
    folder.mkdir(parents=True)
    (folder / "dataset.yml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError) as error:
        Dataset.from_yaml(folder / "dataset.yml")
    assert [str(p) for p in error.value.problems] == [
        "dataset.yml: DATASET_INVALID: year: 2023 nhưng tệp nằm trong thư mục của năm 2024; sửa year hoặc chép tệp "
        "vào đúng thư mục năm"]


def test_within_a_run_dataset_yml_is_read_once_and_outside_at_every_call(tmp_path):
    """config.inputs_pinned: a build reads its dataset.yml once (an edit meanwhile refuses the run at its end);
    an analyst's kernel sees an edit at its next call."""
    from pipeline.config import inputs_pinned, read_dataset

    path = tmp_path / "dataset.yml"
    path.write_text(GOOD, encoding="utf-8")
    with inputs_pinned():
        first = read_dataset(path)
        path.write_text(GOOD.replace("Vĩnh Long", "Trà Vinh"), encoding="utf-8")
        assert read_dataset(path) is first and first.province == "Vĩnh Long"
    assert read_dataset(path).province == "Trà Vinh"


def test_within_a_run_a_refused_dataset_yml_is_read_again(tmp_path):
    from pipeline.config import inputs_pinned, read_dataset

    path = tmp_path / "dataset.yml"
    path.write_text(GOOD + "signer: {name: [Trần\n", encoding="utf-8")
    with inputs_pinned():
        with pytest.raises(InputError):
            read_dataset(path)
        path.write_text(GOOD, encoding="utf-8")
        assert read_dataset(path).province == "Vĩnh Long"


def test_a_tab_after_a_key_is_refused_whatever_yaml_library_is_installed(tmp_path):
    """Pasted from Excel, "agency:<tab>Sở Nội vụ": PyYAML's loader in Python refuses it (its C loader, libyaml,
    would take it), with the line and column."""
    (line,) = problems(GOOD.replace("agency: Sở Nội vụ", "agency:\tSở Nội vụ"), tmp_path)
    assert line.startswith("dataset.yml: CORRUPT_FILE: không đọc được YAML: dòng 3, cột 8: ")
