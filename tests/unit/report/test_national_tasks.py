"""The national report's tasks: the province's catalogue where it gives one, defaults that differ by kind where
it does not (survey criteria: service, communication, satisfaction, never evidence documents)."""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from conftest import ROOT
from pipeline.ingest.national import read_national
from pipeline.ingest.national_tasks import empty_catalogue
from pipeline.report.national import analysis as national
from pipeline.report.national import narrative

EVIDENCE = re.compile(r"kiểm chứng|hồ sơ, tài liệu|tài liệu", re.IGNORECASE)
QUOTED = re.compile(r"“[^”]*”")


def sample_tasks(year: int) -> pd.DataFrame:
    data = read_national(ROOT / "data" / "raw" / str(year), year, "Vĩnh Long")
    lost = national.assign_tasks(national.lost_points(data.detail), empty_catalogue(), data.detail)
    return national.tasks(lost, 0.1, "Sở Nội vụ")


@pytest.mark.parametrize("year", [2022, 2023, 2025])
def test_survey_tasks_never_ask_for_evidence_documents(year):
    tasks = sample_tasks(year)
    survey = tasks[tasks["phuong_thuc"] == "XHH"]
    assert len(survey) >= 3
    for _, r in survey.iterrows():
        assert not EVIDENCE.search(narrative.task_action(r)), r["noi_dung"]
    # The one-line summary of small items: evidence for the appraised ones only.
    for agency in dict.fromkeys(tasks["co_quan_chu_tri"]):
        small = tasks[(tasks["co_quan_chu_tri"] == agency) & tasks["nho"]]
        line = narrative.small_items_line(agency, small, 0.1, agency == "Sở Nội vụ")
        for name in small.loc[small["phuong_thuc"] == "XHH", "noi_dung"]:
            clause = next(c for c in line.split(";") if f"“{name}”" in c)
            assert not EVIDENCE.search(clause), clause


@pytest.mark.parametrize("year", [2022, 2023, 2025])
def test_no_task_text_repeats_across_more_than_a_third_of_the_rows(year):
    tasks = sample_tasks(year)
    rows = tasks[~tasks["nho"]]
    # The same sentence with another criterion's name quoted in it is still the same sentence.
    texts = Counter(QUOTED.sub("“…”", narrative.task_action(r)) for _, r in rows.iterrows())
    assert len(rows) >= 9 and max(texts.values()) <= len(rows) / 3, texts.most_common(3)


def test_appraised_tasks_carry_the_ministrys_note_and_what_is_missing():
    r = pd.Series({"noi_dung": "Chấp hành kỷ luật, kỷ cương", "phuong_thuc": "TĐ", "diem_dat": 0.0,
                   "ghi_chu": "Chưa có báo cáo kết quả kiểm tra công vụ."})
    text = narrative.task_action(r)
    assert text.startswith("Bộ Nội vụ nhận xét: Chưa có báo cáo kết quả kiểm tra công vụ. ")
    assert text.endswith("; bảo đảm có đủ sản phẩm, tài liệu kiểm chứng gửi Bộ Nội vụ đúng hạn.")
    # A survey criterion's note is no task of evidence.
    survey = narrative.task_action(pd.Series({**r, "phuong_thuc": "XHH", "noi_dung": "Ý thức, trách nhiệm công vụ"}))
    assert not EVIDENCE.search(survey) and "Bộ Nội vụ nhận xét" not in survey


DETAIL = pd.DataFrame({"ma": ["1", "1.1", "1.1.1", "1.1.2", "1.2"], "cap": [1, 2, 3, 3, 2],
                       "co_quan_chu_tri": ["Sở Nội vụ", "Sở Nội vụ", "Sở Nội vụ", "Sở Tư pháp", "Sở Nội vụ"]})
LOST = pd.DataFrame({"ma": ["1.1.1", "1.1.2", "1.2"], "noi_dung": ["Kế hoạch", "Văn bản", "Hài lòng"],
                     "linh_vuc": ["1", "1", "1"], "diem_toi_da": [1.0, 1.0, 2.0], "diem_dat": [0.95, 0.5, 1.5],
                     "diem_mat": [0.05, 0.5, 0.5], "phuong_thuc": ["TĐ", "TĐ", "XHH"],
                     "co_quan_chu_tri": ["Sở Nội vụ", "Sở Tư pháp", "Sở Nội vụ"]})


def test_a_catalogue_row_of_a_criterion_covers_its_components_and_may_name_another_lead():
    catalogue = pd.DataFrame({"ma": ["1.1", "1.1.2"], "nhiem_vu": ["Kiểm tra hằng quý", "Ban hành đúng hạn"],
                              "chi_tieu": ["4 đợt", ""], "co_quan_chu_tri": ["", "Văn phòng UBND tỉnh"],
                              "co_quan_phoi_hop": ["Sở Tư pháp", ""]})
    got = national.assign_tasks(LOST, catalogue, DETAIL).set_index("ma")
    assert got["danh_muc"].to_dict() == {"1.1.1": True, "1.1.2": True, "1.2": False}
    assert got["nhiem_vu_giao"].to_dict() == {"1.1.1": "Kiểm tra hằng quý", "1.1.2": "Ban hành đúng hạn", "1.2": ""}
    assert got["co_quan_chu_tri"].to_dict() == {"1.1.1": "Sở Nội vụ", "1.1.2": "Văn phòng UBND tỉnh",
                                                "1.2": "Sở Nội vụ"}
    assert got["chu_tri_linh_vuc"].tolist() == ["Sở Nội vụ"] * 3
    # A catalogued task is never folded into the small items' line, however few points it lost.
    tasks = national.tasks(got.reset_index(), 0.1, "Sở Nội vụ").set_index("ma")
    assert tasks["nho"].to_dict() == {"1.1.1": False, "1.1.2": False, "1.2": False}
    # Defaults: the area's lead coordinates a criterion another agency leads; the standing agency otherwise.
    assert narrative.task_partner(got.loc["1.1.2"], "Sở Nội vụ") == "Sở Nội vụ"
    assert narrative.task_partner(got.loc["1.2"], "Sở Nội vụ") == "Các sở, ban, ngành, địa phương"


def test_task_cell_prints_the_task_and_its_target_as_given():
    assert narrative.task_cell("Kiểm tra hằng quý", "4 đợt") == "Kiểm tra hằng quý. Chỉ tiêu: 4 đợt."
    assert narrative.task_cell("Kiểm tra hằng quý.", "") == "Kiểm tra hằng quý."
    assert narrative.task_target(LOST.iloc[1], 2023) == "đạt 1/1 điểm (năm 2023: 0,5)"


# ---------------------------------------------------------------- criteria lost two years running

BEFORE = pd.DataFrame({"ma": ["1.1.1", "1.1.2", "1.2"], "noi_dung": ["Kế hoạch", "Văn bản cũ", "Hài lòng"],
                       "diem_mat": [0.3, 0.2, 0.05], "phuong_thuc": ["TĐ", "TĐ", "XHH"]})


def test_repeated_losses_match_code_and_text_and_keep_both_years():
    got = national.repeated_losses(LOST, BEFORE)
    # 1.1.2 was another criterion last year (another text): not a repeat. This year's loss first: 0.5, then 0.05.
    assert got[["ma", "diem_mat", "diem_mat_truoc"]].values.tolist() == [["1.2", 0.5, 0.05], ["1.1.1", 0.05, 0.3]]
    assert national.repeated_losses(LOST, BEFORE.iloc[:0]).empty


def test_repeated_sentences():
    got = national.repeated_losses(LOST, BEFORE).assign(tieu_chi="")
    # 0.5 + 0.05 = 0.55 this year: appraised 0.05, survey 0.5; none lost 0.1 or more in both years (1.2: 0.05).
    assert narrative.repeated_intro(got, 3, 0, 0.1, 2023) == (
        "Trong 3 tiêu chí, tiêu chí thành phần bị trừ điểm năm 2023, có 2 nội dung đã bị trừ điểm năm 2022, tổng "
        "cộng 0,55 điểm năm 2023 (thẩm định 0,05 điểm; điều tra xã hội học 0,5 điểm); đây là những tồn tại chưa "
        "được khắc phục dứt điểm.")
    assert narrative.repeated_rest_line(got, 0.1, 2023) == (
        "Ngoài ra, 2 nội dung bị trừ điểm cả hai năm 2022 và 2023 nhưng có năm bị trừ dưới 0,1 điểm: “Hài lòng” và "
        "“Kế hoạch”.")
    assert narrative.repeated_weakness(got, 0, 0.1, 2023) == [
        "2 tiêu chí, tiêu chí thành phần bị trừ điểm hai năm liên tiếp (2022 và 2023); nhiều nhất là “Hài lòng” "
        "(năm 2022 bị trừ 0,05 điểm, năm 2023 bị trừ 0,5 điểm)."]
    assert narrative.repeated_weakness(None, 0, 0.1, 2023) == []
    assert narrative.repeated_intro(got.iloc[:0], 3, 0, 0.1, 2023).startswith("Không có tiêu chí")


def test_the_standing_agency_is_faulted_for_last_years_losses_only_with_the_count():
    by_agency = pd.DataFrame({"co_quan_chu_tri": ["Sở Tư pháp"], "mat_tham_dinh": [0.5]})
    with_count = narrative.subjective_causes(by_agency, "Sở Nội vụ", repeated=45, year=2023)[1]
    assert with_count.endswith("chưa kịp thời tham mưu khắc phục những nội dung bị trừ điểm từ năm trước (45 nội dung "
                               "bị trừ điểm cả hai năm 2022 và 2023).")
    without = narrative.subjective_causes(by_agency, "Sở Nội vụ")[1]
    assert without.endswith("chưa kịp thời tham mưu khắc phục những nội dung bị trừ điểm.") and "năm trước" not in without
