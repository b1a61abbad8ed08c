"""The command line refuses a setup that would destroy data, and says what the user can do instead."""
import pytest
from conftest import make_year, run_cli, tree_snapshot

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line


def test_output_inside_raw_is_refused_and_raw_is_untouched(tmp_path):
    raw = make_year(tmp_path / "data")
    before = tree_snapshot(raw)
    result = run_cli("report", "--year", "2023", "--data-dir", str(tmp_path / "data"),
                     "--output-dir", str(raw / "bao-cao"))
    assert result.returncode == 2
    assert f"lỗi: OUTPUT_DIR ({raw / 'bao-cao'}) nằm trong {(tmp_path / 'data' / 'raw').resolve()}" in result.stderr
    assert tree_snapshot(raw) == before


def test_a_year_without_data_lists_the_years_present(tmp_path):
    make_year(tmp_path / "data")
    result = run_cli("report", "--year", "2030", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"lỗi: không có thư mục {tmp_path / 'data' / 'raw' / '2030'}; các năm có dữ liệu: 2023"


def test_an_unknown_unit_gets_the_closest_codes(tmp_path):
    make_year(tmp_path / "data")
    result = run_cli("report", "--year", "2023", "--data-dir", str(tmp_path / "data"), "--output-dir",
                     str(tmp_path / "out"), "--only", "so-aa")
    assert result.returncode == 2
    assert "lỗi: không có báo cáo nào ứng với so-aa trong năm 2023; có phải: so-a, so-b?" in result.stderr
    assert not (tmp_path / "out" / "2023").exists()
