"""A unit's history (pipeline/report/history.py) over tiny years built from workbooks written in code:
codes followed only through unit_code_changes, ranks only where the group is comparable, criteria lost
two years running."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATASET, SHEET_ROWS, make_year

from pipeline.config import Settings
from pipeline.ingest import build_if_stale
from pipeline.report import codes, history
from pipeline.report.keys import content_key

FULL = [r if r[0] != "1.1.2" else ("1.1.2", "TCTP", 2, 2, 2, None, None) for r in SHEET_ROWS]  # 1.1.2 not lost


def build(root, year, units, sheets, survey, changes=""):
    make_year(root, year=year, units=units, sheets=sheets, survey=survey,
              dataset=DATASET.replace("year: 2023", f"year: {year}") + changes)
    build_if_stale(Settings(year, root))


@pytest.fixture
def years(tmp_path):
    # 2021: so-a, so-b, so-c; 2022: so-c renamed so-d (declared), so-b gone; 2023: so-a, so-d, so-e (new).
    build(tmp_path, 2021, [("so-a", "Sở A", "so", None), ("so-b", "Sở B", "so", None), ("so-c", "Sở C", "so", None)],
          {"so-a": SHEET_ROWS, "so-b": FULL, "so-c": FULL},
          [("ma_don_vi", "2.1.1"), ("so-a", 4), ("so-b", 3), ("so-c", 2)])
    build(tmp_path, 2022, [("so-a", "Sở A", "so", None), ("so-d", "Sở D", "so", None)],
          {"so-a": SHEET_ROWS, "so-d": FULL}, [("ma_don_vi", "2.1.1"), ("so-a", 4), ("so-d", 2)],
          "unit_code_changes: {so-c: so-d}\n")
    build(tmp_path, 2023, [("so-a", "Sở A", "so", None), ("so-d", "Sở D", "so", None), ("so-e", "Sở E", "so", None)],
          {"so-a": SHEET_ROWS, "so-d": FULL, "so-e": FULL},
          [("ma_don_vi", "2.1.1"), ("so-a", 3), ("so-d", 4), ("so-e", 1)])
    yield Settings(2023, tmp_path)


@pytest.mark.slow  # builds two or three years of a province
def test_years_present_oldest_first(years):
    assert [s.year for s in history.history_years(years)] == [2021, 2022, 2023]


@pytest.mark.slow  # builds two or three years of a province
def test_a_renamed_unit_is_followed_only_through_the_mapping(years):
    h = history.unit_history(years, "so-d")
    assert h.rows["ma_don_vi"].tolist() == ["so-c", "so-d", "so-d"]
    tables = {y: pd.read_csv(years.data_dir / "processed" / str(y) / "tong-hop-don-vi.csv").set_index("ma_don_vi")
              for y in (2021, 2022, 2023)}
    for _, r in h.rows.iterrows():
        assert r["chi_so"] == pytest.approx(tables[r["nam"]].loc[r["ma_don_vi"], "chi_so"])
        assert r["xep_loai"] == tables[r["nam"]].loc[r["ma_don_vi"], "xep_loai"]


@pytest.mark.slow  # builds two or three years of a province
def test_rank_only_where_the_group_had_the_same_units(years):
    h = history.unit_history(years, "so-a").rows.set_index("nam")
    # 2021: three units (so-b has no successor) → not comparable; 2022: two units, 2023: three → not comparable.
    assert h.loc[2021, "thu_hang"] == "" and "nhóm có 3 đơn vị (năm 2023: 3)" not in h.loc[2021, "ghi_chu"]
    assert h.loc[2021, "ghi_chu"].startswith("không so sánh thứ hạng: thành phần nhóm khác")
    assert h.loc[2022, "ghi_chu"] == "không so sánh thứ hạng: nhóm có 2 đơn vị (năm 2023: 3)"
    assert h.loc[2023, "thu_hang"].endswith("/3") and h.loc[2023, "ghi_chu"] == ""


@pytest.mark.slow  # builds two or three years of a province
def test_a_new_unit_has_no_earlier_result(years):
    h = history.unit_history(years, "so-e")
    assert h.rows["chi_so"].notna().tolist() == [False, False, True]
    assert "Không có kết quả của đơn vị các năm 2021, 2022" in history.sentences(h)


@pytest.mark.slow  # builds two or three years of a province
def test_criteria_lost_two_years_running(years):
    # so-a loses 1.1.2 (2 − 1,5 = 0,5) and 1.1.3 (3 − 2,5 = 0,5) and is deducted 1 (9.2) in 2022 and 2023;
    # survey 2.1.1: 4/4 in 2022 (not lost), 3/4 in 2023 → not two years running.
    h = history.unit_history(years, "so-a")
    assert h.previous_year == 2022
    assert h.repeated[["ma", "loai_muc", "mat_truoc", "mat"]].values.tolist() == [
        ["1.1.2", "Thẩm định", 0.5, 0.5], ["1.1.3", "Thẩm định", 0.5, 0.5], ["9.2", "Điểm trừ", 1.0, 1.0]]
    assert h.repeated_survey.empty
    text = history.repeated_sentences(h)
    assert "2 tiêu chí thẩm định và 1 nội dung bị trừ điểm" in text
    assert "mất điểm hai năm liên tiếp 2022 và 2023" in text and "trong cả" not in text
    # A notice names them in the sentence (their rows are in its table of lost criteria).
    assert "(1.1.2, mất 0,5 điểm năm 2022, 0,5 điểm năm 2023)" in history.repeated_sentences(h, named_inline=True)


@pytest.mark.slow  # builds two or three years of a province
def test_key_follows_an_earlier_year(years, tmp_path):
    """A correction of an earlier year changes the history printed, and so the unit report's key; nothing
    has to be released for the new tables to be read."""
    before = content_key(history.unit_history(years, "so-a"))
    build(tmp_path, 2021, [("so-a", "Sở A", "so", None), ("so-b", "Sở B", "so", None), ("so-c", "Sở C", "so", None)],
          {"so-a": FULL, "so-b": FULL, "so-c": FULL}, [("ma_don_vi", "2.1.1"), ("so-a", 4), ("so-b", 3), ("so-c", 2)])
    assert content_key(history.unit_history(years, "so-a")) != before


def test_history_columns_drop_the_units_own_name_and_an_empty_note():
    import pandas as pd

    rows = pd.DataFrame({"nam": [2022, 2023], "ten_don_vi": ["Sở A", "Sở A"], "chi_so": [80.0, 81.0], "ghi_chu": ["", ""]})
    h = history.UnitHistory(2023, "Sở A", rows, 2022, pd.DataFrame(), pd.DataFrame())
    assert [c.key for c in history.history_columns(h)] == ["nam", "chi_so", "thu_hang", "xep_loai"]
    merged = rows.assign(nam=[2022, 2022], ghi_chu=["một trong 2 đơn vị sáp nhập", ""])
    h = history.UnitHistory(2023, "Sở A", merged, 2022, pd.DataFrame(), pd.DataFrame())
    assert [c.key for c in history.history_columns(h)] == [c.key for c in history.HISTORY]
    first = history.UnitHistory(2023, "Sở A", rows.iloc[1:], None, pd.DataFrame(), pd.DataFrame())
    assert history.sentences(first) == "Chưa có kết quả Chỉ số CCHC của đơn vị các năm trước năm 2023 để so sánh."


def test_forward_codes_chain_over_years():
    changes = {2022: {"a": "b"}, 2023: {"b": "c", "x": "c"}}
    assert codes.forward_codes(["a", "b", "x", "z"], 2021, changes, 2023) == ["c", "c", "c", "z"]
    assert codes.forward_codes(["a"], 2022, changes, 2023) == ["a"]  # 2022's mapping is about earlier codes


@pytest.mark.slow  # builds two or three years of a province
def test_merged_units_each_under_its_own_name(tmp_path):
    build(tmp_path, 2022, [("so-a", "Sở A", "so", None), ("so-b", "Sở B", "so", None)],
          {"so-a": SHEET_ROWS, "so-b": FULL}, [("ma_don_vi", "2.1.1"), ("so-a", 4), ("so-b", 2)])
    build(tmp_path, 2023, [("so-ab", "Sở AB", "so", None), ("so-c", "Sở C", "so", None)],
          {"so-ab": FULL, "so-c": FULL}, [("ma_don_vi", "2.1.1"), ("so-ab", 3), ("so-c", 2)],
          "unit_code_changes: {so-a: so-ab, so-b: so-ab}\n")
    h = history.unit_history(Settings(2023, tmp_path), "so-ab")
    rows = h.rows.set_index("ma_don_vi")
    assert rows.loc[["so-a", "so-b"], "ten_don_vi"].tolist() == ["Sở A", "Sở B"]
    assert set(rows.loc[["so-a", "so-b"], "thu_hang"]) == {""}
    assert rows.loc["so-a", "ghi_chu"] == "không so sánh thứ hạng: một trong 2 đơn vị sáp nhập thành đơn vị hiện nay"
    # 1.1.2 lost by so-a (0,5) in 2022, not by so-ab in 2023: not repeated; 1.1.3 (0,5) and the deduction 9.2 (1)
    # in both years (FULL keeps them)
    assert h.repeated["ma"].tolist() == ["1.1.3", "9.2"]


def test_repeated_counts_name_the_criteria_most_units_lost_both_years():
    import pandas as pd

    # Group "xa" has 12 units: 1.1 lost both years by 4 units, 2.1 by 3, 3.1 by 3 (tied with the third), 4.1 by 3,
    # 5.1 by 2 (neither three units nor a quarter of 12); group "so" has 4 units: 6.1 by 1 unit is never named,
    # 7.1 by 2 units is half the group. A survey item never counts.
    units = [(f"x{i}", "xa") for i in range(12)] + [(f"s{i}", "so") for i in range(4)]
    tong_hop = pd.DataFrame(units, columns=["ma_don_vi", "nhom"])
    rows = ([(f"x{i}", "1.1") for i in range(4)] + [(f"x{i}", "2.1") for i in range(3)]
            + [(f"x{i}", "3.1") for i in range(3)] + [(f"x{i}", "4.1") for i in range(3)]
            + [(f"x{i}", "5.1") for i in range(2)] + [("s0", "6.1"), ("s0", "7.1"), ("s1", "7.1")])
    repeated = pd.DataFrame([(m, c, f"TC {c}", "Thẩm định") for m, c in rows] + [("x0", "8.1", "XHH", "Điều tra XHH")],
                            columns=["ma_don_vi", "ma", "noi_dung", "loai_muc"])
    out = history.repeated_counts(repeated, tong_hop)
    assert out[["nhom", "ma", "so_don_vi", "so_don_vi_nhom"]].values.tolist() == [
        ["xa", "1.1", 4, 12], ["xa", "2.1", 3, 12], ["xa", "3.1", 3, 12], ["xa", "4.1", 3, 12], ["so", "7.1", 2, 4]]
