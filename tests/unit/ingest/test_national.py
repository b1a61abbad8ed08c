"""quoc-gia/ → the national PAR INDEX tables (contract §8): any number of areas; every problem collected.
Each file: header on row 1, data from row 2. The report year is 2023 and the province Vĩnh Long; the
valid files below agree with each other (areas 60 + 40; Vĩnh Long 2023: 50,5 + 35 = 85,5)."""
import shutil
import unicodedata

import pytest
from openpyxl import load_workbook

from conftest import ROOT, run_cli, write_workbook
from pipeline.errors import InputError
from pipeline.ingest.national import read_national
from pipeline.ingest.national_tasks import read_catalogue

YEAR, PROVINCE = 2023, "Vĩnh Long"
AREAS = [("ma", "ten", "diem_toi_da"), ("1", "Chỉ đạo", 60), ("II", "Hài lòng", 40)]
PROVINCES = [("nam", "tinh", "vung", "chi_so", "lv_1", "lv_2"),
             (2023, "Vĩnh Long", "ĐBSCL", 85.5, 50.5, 35), (2023, "Cần Thơ", "ĐBSCL", 90, 55, 35),
             (2022, "Vĩnh Long", "ĐBSCL", 83.54, None, None)]
HEAD = ("ma", "noi_dung", "diem_toi_da", "diem_dat", "phuong_thuc", "co_quan_chu_tri")
AREA_1 = ("1", "Chỉ đạo", 60, 50.5, None, "Sở Nội vụ")  # row 2
PLAN = ("1.1", "Kế hoạch", 5, 4.5, "TĐ", "Sở Nội vụ")  # row 3
REPORTS = ("1.2", "Báo cáo", 55, 46, "tđ", "Sở Tư pháp")  # row 4; any case or accents of TĐ
AREA_2 = ("2", "Hài lòng", 40, 35, "XHH", "Sở Nội vụ")  # row 5, an area that is a leaf
DETAIL = [HEAD, AREA_1, PLAN, REPORTS, AREA_2]

P = "quoc-gia/chi-so-cac-tinh.xlsx:Sheet1"
D = "quoc-gia/chi-tiet-tinh.xlsx:Sheet1"
A = "quoc-gia/linh-vuc.xlsx:Sheet1"


def write(raw, areas=AREAS, provinces=PROVINCES, detail=DETAIL):
    for name, rows in (("linh-vuc.xlsx", areas), ("chi-so-cac-tinh.xlsx", provinces), ("chi-tiet-tinh.xlsx", detail)):
        if rows is not None:
            write_workbook(raw / "quoc-gia" / name, {"Sheet1": rows})
    return raw


def problems(raw, year=YEAR, province=PROVINCE) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_national(raw, year, province)
    return [str(p) for p in caught.value.problems]


def test_areas_provinces_and_leaves(tmp_path):
    data = read_national(write(tmp_path), YEAR, PROVINCE)
    assert data.areas["ma"].tolist() == ["1", "2"]  # the Roman II is area 2
    assert data.provinces[["nam", "tinh", "chi_so", "lv_2"]].values.tolist()[:2] == [
        [2023, "Vĩnh Long", 85.5, 35.0], [2023, "Cần Thơ", 90.0, 35.0]]
    # 1 has children (1.1, 1.2); 1.1, 1.2 and 2 have none.
    assert data.detail.set_index("ma")["la"].to_dict() == {"1": False, "1.1": True, "1.2": True, "2": True}
    # Leaves carry the canonical method, parents none.
    assert data.detail.set_index("ma")["phuong_thuc"].to_dict() == {"1": "", "1.1": "TĐ", "1.2": "TĐ", "2": "XHH"}


def test_areas_listed_out_of_order_are_read_in_code_order(tmp_path):
    areas = [AREAS[0], ("2", "Hài lòng", 40), ("1", "Chỉ đạo", 60)]
    data = read_national(write(tmp_path, areas=areas), YEAR, PROVINCE)
    assert data.areas[["ma", "diem_toi_da"]].values.tolist() == [["1", 60.0], ["2", 40.0]]  # area k is lv_k


@pytest.mark.parametrize("year", [2022, 2023, 2025])
def test_the_shipped_sample_passes(year):
    data = read_national(ROOT / "data" / "raw" / str(year), year, PROVINCE)
    assert len(data.areas) == (7 if year == 2025 else 8)
    assert set(data.provinces[data.provinces["nam"] == year]["tinh"]) >= {PROVINCE}


# ---------------------------------------------------------------- cells that are not numbers, files and columns


def test_not_a_number(tmp_path):
    rows = PROVINCES[:2] + [(2023, "Cần Thơ", "ĐBSCL", "tám mươi", 55, 35)]
    assert problems(write(tmp_path, provinces=rows)) == [
        f"{P}!D3: NOT_A_NUMBER: 'tám mươi' không phải là số"]


def test_value_missing(tmp_path):
    provinces = PROVINCES[:2] + [(2023, None, "ĐBSCL", 90, 55, 35)]
    detail = [HEAD, AREA_1, ("1.1", "Kế hoạch", 5, None, "TĐ", "Sở Nội vụ"), REPORTS, AREA_2]
    assert problems(write(tmp_path, provinces=provinces, detail=detail)) == [
        f"{P}!B3: VALUE_MISSING: thiếu tinh",
        f"{D}!D3: VALUE_MISSING: thiếu diem_dat"]


def test_column_missing_and_file_missing_are_reported_together(tmp_path):
    detail = [r[:5] for r in DETAIL]
    assert problems(write(tmp_path, areas=None, detail=detail)) == [
        f"{D}: COLUMN_MISSING: thiếu cột co_quan_chu_tri ở dòng tiêu đề",
        "quoc-gia/linh-vuc.xlsx: FILE_MISSING: không tìm thấy tệp"]


def test_an_area_column_of_linh_vuc_missing_from_the_index_file(tmp_path):
    provinces = [r[:5] for r in PROVINCES]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}: COLUMN_MISSING: thiếu cột lv_2 ở dòng tiêu đề"]


# ---------------------------------------------------------------- linh-vuc.xlsx


def test_area_code_not_a_number(tmp_path):
    areas = [AREAS[0], ("1", "Chỉ đạo", 60), ("2a", "Hài lòng", 40)]
    assert problems(write(tmp_path, areas=areas)) == [
        f"{A}!A3: BAD_CODE: mã lĩnh vực '2a' không hợp lệ: phải là số thứ tự 1, 2, 3, …"]


def test_area_code_twice(tmp_path):
    areas = [AREAS[0], ("1", "Chỉ đạo", 60), ("1", "Hài lòng", 40)]
    assert problems(write(tmp_path, areas=areas)) == [
        f"{A}!A3: DUPLICATE_CODE: mã lĩnh vực 1 trùng với dòng 2"]


def test_area_codes_not_one_to_n(tmp_path):
    areas = [AREAS[0], ("1", "Chỉ đạo", 60), ("3", "Hài lòng", 40)]
    assert problems(write(tmp_path, areas=areas)) == [
        f"{A}: AREA_MISSING: thiếu lĩnh vực 2: mã các lĩnh vực phải là 1 … 2, mỗi mã một dòng (đang có mã 3)"]


def test_area_maximum_not_positive(tmp_path):
    areas = [AREAS[0], ("1", "Chỉ đạo", 60), ("2", "Hài lòng", 0)]
    assert problems(write(tmp_path, areas=areas)) == [
        f"{A}!C3: MAX_NOT_POSITIVE: điểm tối đa của lĩnh vực 2 là 0, phải lớn hơn 0"]


def test_areas_must_sum_to_100(tmp_path):
    areas = [AREAS[0], ("1", "Chỉ đạo", 60), ("2", "Hài lòng", 50)]
    detail = [HEAD, AREA_1, PLAN, REPORTS, ("2", "Hài lòng", 50, 35, "XHH", "Sở Nội vụ")]
    assert problems(write(tmp_path, areas=areas, detail=detail)) == [
        f"{A}: AREA_SUM_MISMATCH: tổng điểm tối đa các lĩnh vực là 110, phải bằng 100"]


# ---------------------------------------------------------------- chi-so-cac-tinh.xlsx


def test_year_not_plausible(tmp_path):
    provinces = PROVINCES[:3] + [(1923, "Vĩnh Long", "ĐBSCL", 83.54, None, None)]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!A4: YEAR_INVALID: năm 1923 không hợp lệ: phải là năm từ 2012 đến 2023 (năm báo cáo)"]


def test_year_not_an_integer(tmp_path):
    provinces = PROVINCES[:3] + [(2022.5, "Vĩnh Long", "ĐBSCL", 83.54, None, None)]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!A4: YEAR_INVALID: năm 2022,5 không hợp lệ: phải là năm từ 2012 đến 2023 (năm báo cáo)"]


def test_duplicate_province_and_year(tmp_path):
    provinces = PROVINCES + [(2023, "Cần thơ ", "ĐBSCL", 90, 55, 35)]  # case and spaces do not make it another
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!B5: DUPLICATE_ROW: tỉnh Cần thơ năm 2023 trùng với dòng 3; mỗi tỉnh một dòng mỗi năm"]


def test_index_above_100(tmp_path):
    provinces = PROVINCES + [(2022, "Cần Thơ", "ĐBSCL", 100.5, None, None)]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!D5: INDEX_OUT_OF_RANGE: chỉ số 100,5 ngoài khoảng 0 … 100 (%)"]


def test_index_not_the_sum_of_its_areas(tmp_path):
    provinces = [PROVINCES[0], PROVINCES[1], (2023, "Cần Thơ", "ĐBSCL", 90.5, 55, 35), PROVINCES[3]]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!D3: INDEX_SUM_MISMATCH: chỉ số 90,5 khác tổng điểm các lĩnh vực 90 (lv_1 … lv_2); "
        "sửa chi_so hoặc điểm lĩnh vực cho khớp"]


def test_index_and_its_areas_agree_within_a_cent(tmp_path):
    """Published figures are rounded to 2 decimals: 55,01 + 35 against 90 is not an error, 55,02 is."""
    ok = [PROVINCES[0], PROVINCES[1], (2023, "Cần Thơ", "ĐBSCL", 90, 55.01, 35), PROVINCES[3]]
    read_national(write(tmp_path, provinces=ok), YEAR, PROVINCE)
    off = [PROVINCES[0], PROVINCES[1], (2023, "Cần Thơ", "ĐBSCL", 90, 55.02, 35), PROVINCES[3]]
    assert [p.split(": ")[1] for p in problems(write(tmp_path, provinces=off))] == ["INDEX_SUM_MISMATCH"]


def test_area_points_negative(tmp_path):
    provinces = PROVINCES + [(2022, "Cần Thơ", "ĐBSCL", 34, -1, 35)]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!E5: SCORE_NEGATIVE: điểm lĩnh vực 1 (lv_1) là -1, nhỏ hơn 0"]


def test_area_points_above_the_area_maximum(tmp_path):
    provinces = [PROVINCES[0], PROVINCES[1], (2023, "Cần Thơ", "ĐBSCL", 90, 61, 29), PROVINCES[3]]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!E3: SCORE_ABOVE_MAX: điểm lĩnh vực 1 (lv_1) là 61, lớn hơn điểm tối đa 60 của lĩnh vực (linh-vuc.xlsx)"]


def test_area_points_missing_in_the_report_year(tmp_path):
    """Earlier years may come without area points (row 4); the report year may not."""
    provinces = [PROVINCES[0], PROVINCES[1], (2023, "Cần Thơ", "ĐBSCL", 90, 55, None), PROVINCES[3]]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!F3: VALUE_MISSING: thiếu điểm lĩnh vực 2 (lv_2) của tỉnh Cần Thơ năm 2023"]


def test_area_points_beyond_the_years_areas(tmp_path):
    """lv_3 may hold points in earlier years (another list of areas), not in the report year."""
    provinces = [(*PROVINCES[0], "lv_3"), (*PROVINCES[1], 0), PROVINCES[2], (2022, "Cần Thơ", "ĐBSCL", 90, 50, 30, 10)]
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!G2: UNKNOWN_AREA: năm 2023 chỉ có 2 lĩnh vực (linh-vuc.xlsx): để trống lv_3 hoặc bổ sung lĩnh vực 3 "
        "vào linh-vuc.xlsx"]


def test_province_missing_in_the_report_year(tmp_path):
    assert problems(write(tmp_path), province="Bến Tre") == [
        f"{P}: PROVINCE_MISSING: không có dòng nào của tỉnh 'Bến Tre' (dataset.yml: province) năm 2023"]


def test_report_year_missing(tmp_path):
    provinces = [PROVINCES[0], PROVINCES[3]]
    assert problems(write(tmp_path, provinces=provinces), year=2024) == [
        f"{P}: PROVINCE_MISSING: không có dòng nào của năm 2024: thêm chỉ số các tỉnh năm 2024"]


def test_three_faults_in_one_file_give_three_lines(tmp_path):
    provinces = [PROVINCES[0], PROVINCES[1],
                 (2023, "Cần Thơ", "ĐBSCL", 96, 61, 35),  # lv_1 above the area's 60
                 (1899, "Vĩnh Long", "ĐBSCL", 83.54, None, None),  # not a year of the index
                 (2023, "Cần Thơ", "ĐBSCL", 90, 55, 35)]  # Cần Thơ 2023 again
    assert problems(write(tmp_path, provinces=provinces)) == [
        f"{P}!E3: SCORE_ABOVE_MAX: điểm lĩnh vực 1 (lv_1) là 61, lớn hơn điểm tối đa 60 của lĩnh vực (linh-vuc.xlsx)",
        f"{P}!A4: YEAR_INVALID: năm 1899 không hợp lệ: phải là năm từ 2012 đến 2023 (năm báo cáo)",
        f"{P}!B5: DUPLICATE_ROW: tỉnh Cần Thơ năm 2023 trùng với dòng 3; mỗi tỉnh một dòng mỗi năm"]


# ---------------------------------------------------------------- chi-tiet-tinh.xlsx


def test_points_negative(tmp_path):
    detail = [HEAD, AREA_1, ("1.1", "Kế hoạch", 5, -0.5, "TĐ", "Sở Nội vụ"), ("1.2", "Báo cáo", 55, 51, "TĐ", "Sở"),
              AREA_2]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!D3: SCORE_NEGATIVE: điểm đạt của 1.1 là -0,5, nhỏ hơn 0"]


def test_points_above_the_maximum(tmp_path):
    detail = [HEAD, AREA_1, ("1.1", "Kế hoạch", 5, 5.5, "TĐ", "Sở Nội vụ"), ("1.2", "Báo cáo", 55, 45, "TĐ", "Sở"),
              AREA_2]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!D3: SCORE_ABOVE_MAX: điểm đạt của 1.1 là 5,5, lớn hơn điểm tối đa 5"]


def test_parent_maximum_not_the_sum_of_its_children(tmp_path):
    detail = [HEAD, AREA_1, PLAN, ("1.2", "Báo cáo", 54, 46, "TĐ", "Sở Tư pháp"), AREA_2]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!C2: MAX_SUM_MISMATCH: điểm tối đa của 1 là 60, tổng các mục con là 59"]


def test_parent_points_not_the_sum_of_its_children(tmp_path):
    detail = [HEAD, AREA_1, PLAN, ("1.2", "Báo cáo", 55, 45.9, "TĐ", "Sở Tư pháp"), AREA_2]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!D2: PARENT_SUM_MISMATCH: điểm đạt của 1 là 50,5, tổng các mục con là 50,4"]


def test_parent_points_agree_within_a_cent(tmp_path):
    detail = [HEAD, AREA_1, PLAN, ("1.2", "Báo cáo", 55, 45.99, "TĐ", "Sở Tư pháp"), AREA_2]
    read_national(write(tmp_path, detail=detail), YEAR, PROVINCE)


def test_area_points_differ_from_the_index_file(tmp_path):
    detail = [HEAD, AREA_1, PLAN, REPORTS, ("2", "Hài lòng", 40, 34, "XHH", "Sở Nội vụ")]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!D5: AREA_POINTS_MISMATCH: điểm đạt của lĩnh vực 2 là 34, chi-so-cac-tinh.xlsx ghi lv_2 = 35 cho tỉnh "
        "Vĩnh Long năm 2023; sửa một trong hai cho khớp"]


def test_area_maximum_differs_from_linh_vuc(tmp_path):
    detail = [HEAD, AREA_1, PLAN, REPORTS, ("2", "Hài lòng", 45, 35, "XHH", "Sở Nội vụ")]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!C5: MAX_MISMATCH: điểm tối đa của lĩnh vực 2 là 45, linh-vuc.xlsx quy định 40"]


def test_area_not_in_linh_vuc(tmp_path):
    detail = DETAIL + [("3", "Khác", 0, 0, "TĐ", "Sở Nội vụ")]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!A6: UNKNOWN_AREA: lĩnh vực 3 không có trong linh-vuc.xlsx (các lĩnh vực năm 2023: 1 … 2)"]


def test_area_of_linh_vuc_missing(tmp_path):
    assert problems(write(tmp_path, detail=DETAIL[:4])) == [
        f"{D}: AREA_MISSING: thiếu lĩnh vực 2 (có trong linh-vuc.xlsx): mỗi lĩnh vực một dòng với các tiêu chí của nó"]


def test_no_criteria_at_all(tmp_path):
    assert problems(write(tmp_path, detail=[HEAD])) == [
        f"{D}: AREA_MISSING: không có tiêu chí nào: mỗi lĩnh vực một dòng với các tiêu chí của nó"]


def test_method_not_td_or_xhh_on_a_leaf(tmp_path):
    detail = [HEAD, AREA_1, ("1.1", "Kế hoạch", 5, 4.5, "Tự chấm", "Sở Nội vụ"), REPORTS, AREA_2]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!E3: BAD_METHOD: phương thức của tiêu chí 1.1 'Tự chấm': phải là TĐ hoặc XHH"]


def test_method_blank_on_a_leaf(tmp_path):
    detail = [HEAD, AREA_1, PLAN, REPORTS, ("2", "Hài lòng", 40, 35, None, "Sở Nội vụ")]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!E5: BAD_METHOD: phương thức của tiêu chí 2 để trống: phải là TĐ hoặc XHH"]


def test_code_malformed(tmp_path):
    detail = DETAIL + [("1..3", "Khác", 0, 0, "TĐ", "Sở Nội vụ")]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!A6: BAD_CODE: mã tiêu chí '1..3' không hợp lệ (ví dụ hợp lệ: 1, 1.2, 1.2.3)"]


def test_code_twice(tmp_path):
    detail = DETAIL + [("1.2.", "Báo cáo", 55, 46, "TĐ", "Sở Tư pháp")]  # 1.2. is 1.2
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!A6: DUPLICATE_CODE: mã 1.2 trùng với dòng 4"]


def test_code_without_its_parent(tmp_path):
    detail = DETAIL + [("1.3.1", "Khác", 0, 0, "TĐ", "Sở Nội vụ")]
    assert problems(write(tmp_path, detail=detail)) == [
        f"{D}!A6: ORPHAN_CODE: mã 1.3.1 không có mục cha 1.3"]


# ---------------------------------------------------------------- through the command line


@pytest.mark.slow  # starts the command line or a kernel
def test_cli_stops_on_an_index_above_100_and_writes_no_report(tmp_path):
    """`python -m pipeline report` on the sample's 2023 with one index above 100: exit 2, the line on stderr."""
    data, output = tmp_path / "data", tmp_path / "output"
    shutil.copytree(ROOT / "data" / "raw" / "2023", data / "raw" / "2023")
    path = data / "raw" / "2023" / "quoc-gia" / "chi-so-cac-tinh.xlsx"
    book = load_workbook(path)
    sheet = book.active
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, 1).value == 2023 and sheet.cell(r, 2).value != PROVINCE)
    sheet.cell(row, 4).value = 100.5
    book.save(path)
    result = run_cli("report", "--year", "2023", "--data-dir", str(data), "--output-dir", str(output))
    assert result.returncode == 2, result.stderr
    assert f"quoc-gia/chi-so-cac-tinh.xlsx:{sheet.title}!D{row}: INDEX_OUT_OF_RANGE: chỉ số 100,5 ngoài khoảng " \
           "0 … 100 (%)" in result.stderr.splitlines()
    assert not output.exists() or not any(p.is_file() for p in output.rglob("*"))


# ---------------------------------------------------------------- the task catalogue (quoc-gia/nhiem-vu.csv, §12)

CATALOGUE_HEAD = "ma,nhiem_vu,chi_tieu,co_quan_chu_tri,co_quan_phoi_hop\n"


def write_catalogue(raw, text: str, name: str = "nhiem-vu.csv", encoding: str = "utf-8"):
    (raw / "quoc-gia" / name).write_bytes(text.encode(encoding))
    return raw


def test_catalogue_rows_are_read_as_given(tmp_path):
    raw = write_catalogue(write(tmp_path), CATALOGUE_HEAD
                          + '1.1.,"Ban hành kế hoạch trước 31/01, theo dõi hằng quý",100% nhiệm vụ đúng hạn,,Văn phòng UBND tỉnh\n'
                          + "II,Đối thoại với người dân hằng quý,4 cuộc đối thoại,Sở Nội vụ,\n")
    tasks = read_national(raw, YEAR, PROVINCE).tasks
    assert tasks.to_dict("records") == [
        {"ma": "1.1", "nhiem_vu": "Ban hành kế hoạch trước 31/01, theo dõi hằng quý", "chi_tieu": "100% nhiệm vụ đúng hạn",
         "co_quan_chu_tri": "", "co_quan_phoi_hop": "Văn phòng UBND tỉnh"},
        {"ma": "2", "nhiem_vu": "Đối thoại với người dân hằng quý", "chi_tieu": "4 cuộc đối thoại",
         "co_quan_chu_tri": "Sở Nội vụ", "co_quan_phoi_hop": ""}]


def test_catalogue_saved_by_a_vietnamese_excel_or_as_a_workbook(tmp_path):
    raw = write_catalogue(write(tmp_path / "a"), "\ufeffma;nhiem_vu\n1.2;Gửi báo cáo đúng hạn, đủ đề cương\n")
    assert read_national(raw, YEAR, PROVINCE).tasks[["ma", "nhiem_vu"]].values.tolist() == [
        ["1.2", "Gửi báo cáo đúng hạn, đủ đề cương"]]
    raw = write(tmp_path / "b")
    write_workbook(raw / "quoc-gia" / "nhiem-vu.xlsx", {"Nhiệm vụ": [("ma", "nhiem_vu", "chi_tieu"),
                                                                    (1.2, "Gửi báo cáo đúng hạn", None)]})
    tasks = read_national(raw, YEAR, PROVINCE).tasks
    assert tasks[["ma", "nhiem_vu", "chi_tieu"]].values.tolist() == [["1.2", "Gửi báo cáo đúng hạn", ""]]


def test_without_a_catalogue_the_table_is_empty_and_the_ministrys_notes_are_read(tmp_path):
    detail = [HEAD + ("ghi_chu",), AREA_1 + (None,), PLAN + ("Ban hành chậm 10 ngày",), REPORTS + (None,),
              AREA_2 + (None,)]
    data = read_national(write(tmp_path, detail=detail), YEAR, PROVINCE)
    assert data.tasks.empty and list(data.tasks.columns) == ["ma", "nhiem_vu", "chi_tieu", "co_quan_chu_tri",
                                                             "co_quan_phoi_hop"]
    assert data.detail.set_index("ma")["ghi_chu"].to_dict() == {"1": "", "1.1": "Ban hành chậm 10 ngày", "1.2": "",
                                                                "2": ""}
    assert read_national(write(tmp_path / "old"), YEAR, PROVINCE).detail["ghi_chu"].tolist() == [""] * 4


def test_a_bad_catalogue_is_refused_with_every_cell_named(tmp_path):
    raw = write_catalogue(write(tmp_path), CATALOGUE_HEAD
                          + "1.1,Ban hành kế hoạch,,,\n"  # line 2: good
                          + "1.1,Lần nữa,,,\n"  # line 3: the same code again
                          + "1.9,Không có tiêu chí này,,,\n"  # line 4: no such criterion
                          + "1.2,,,,\n"  # line 5: no task
                          + '"1,2",Mã sai,,,\n'  # line 6: not a code (a decimal comma)
                          + ",Thiếu mã,,,\n")  # line 7: no code
    assert problems(raw) == [
        "quoc-gia/nhiem-vu.csv:nhiem-vu!A3: DUPLICATE_CODE: mã 1.1 trùng với dòng 2; mỗi tiêu chí một dòng",
        "quoc-gia/nhiem-vu.csv:nhiem-vu!A4: UNKNOWN_CODE: không có tiêu chí 1.9 trong chi-tiet-tinh.xlsx",
        "quoc-gia/nhiem-vu.csv:nhiem-vu!B5: VALUE_MISSING: thiếu nhiệm vụ (nhiem_vu) của tiêu chí 1.2",
        "quoc-gia/nhiem-vu.csv:nhiem-vu!A6: BAD_CODE: mã tiêu chí '1,2' không hợp lệ (ví dụ hợp lệ: 1.2, 1.2.3)",
        "quoc-gia/nhiem-vu.csv:nhiem-vu!A7: VALUE_MISSING: thiếu mã tiêu chí (ma)"]


def test_a_catalogue_without_its_task_column_or_given_twice(tmp_path):
    raw = write_catalogue(write(tmp_path / "a"), "ma,chi_tieu\n1.1,100%\n")
    assert problems(raw) == ["quoc-gia/nhiem-vu.csv:nhiem-vu: COLUMN_MISSING: thiếu cột nhiem_vu ở dòng tiêu đề"]
    raw = write_catalogue(write(tmp_path / "b"), CATALOGUE_HEAD + "1.1,Ban hành kế hoạch,,,\n")
    write_workbook(raw / "quoc-gia" / "nhiem-vu.xlsx", {"Sheet1": [("ma", "nhiem_vu"), ("1.1", "Ban hành")]})
    assert problems(raw) == ["quoc-gia/nhiem-vu.xlsx: DUPLICATE_FILE: danh mục nhiệm vụ có hai tệp "
                             "(quoc-gia/nhiem-vu.csv và quoc-gia/nhiem-vu.xlsx): giữ một tệp"]


def test_catalogue_text_is_checked_at_the_door_like_every_input(tmp_path):
    # Issue 25: a CSV read by hand, not through the workbook reader, got no NFC and no character check.
    nfd = unicodedata.normalize("NFD", "Rà soát thủ tục")
    raw = write_catalogue(write(tmp_path), f"ma,nhiem_vu,chi_tieu\n1.1,{nfd},\n1.2,Gửi\u202e báo cáo,{'x' * 4001}\n")
    assert problems(raw) == [
        "quoc-gia/nhiem-vu.csv:nhiem-vu!B3: BAD_CHARACTER: có ký tự điều khiển hoặc ký tự đổi chiều văn bản không in "
        "được (U+202E); xoá chúng (gõ lại ô, hoặc dán dạng văn bản thuần)",
        "quoc-gia/nhiem-vu.csv:nhiem-vu!C3: TEXT_TOO_LONG: dài 4001 ký tự, vượt giới hạn 4000 ký tự; viết ngắn lại"]
    raw = write_catalogue(write(tmp_path / "b"), f"ma,nhiem_vu\n1.1,{nfd}\n")
    catalogue, found = read_catalogue(raw, {"1.1", "1.2"})
    assert found == [] and catalogue["nhiem_vu"].tolist() == ["Rà soát thủ tục"]
    assert unicodedata.is_normalized("NFC", catalogue["nhiem_vu"][0])
