"""dataset.yml (contract §2): every problem as the exact printed line, and the defaults of optional keys."""
import datetime as dt

import pytest
import yaml

from conftest import DATASET
from pipeline.config import Dataset
from pipeline.errors import InputError


def problems(raw) -> list[str]:
    with pytest.raises(InputError) as caught:
        Dataset.from_dict(raw)
    return [str(p) for p in caught.value.problems]


def valid(**changes) -> dict:
    return {**yaml.safe_load(DATASET), **changes}


def test_valid_dataset_and_its_defaults():
    d = Dataset.from_dict(valid(group_max=None))
    assert (d.year, d.province, d.sample) == (2023, "Vĩnh Long", False)
    assert [(b.name, b.min) for b in d.bands][:2] == [("Xuất sắc", 90.0), ("Tốt", 80.0)]
    assert d.report("national").number == "196/BC-SNV"
    assert d.report("unit").number == "94/BC-SNV"  # a kind without its own number uses the units report's
    assert d.group_maximum("so") == 100.0 and d.group_name("so") == "Sở, ban, ngành tỉnh"
    assert d.group_name("phuong") == "phuong"
    named = Dataset.from_dict(valid(groups={"xa": "UBND xã, phường"}, group_max={"xa": 90}))
    assert named.group_name("xa") == "UBND xã, phường" and named.group_maximum("xa") == 90.0


def test_report_date_defaults_to_the_first_of_january_after_the_year():
    d = Dataset.from_dict(valid(reports={}))
    assert d.report_date("units") == dt.date(2024, 1, 1)


def test_not_a_mapping():
    assert problems(["year", 2023]) == ["dataset.yml: DATASET_INVALID: dataset.yml phải là một bảng khóa: giá trị"]


def test_every_missing_key():
    assert problems({"year": 2023, "province": "Vĩnh Long", "reports": {}, "bands": [{"name": "Yếu", "min": 0}]}) == [
        "dataset.yml: DATASET_INVALID: thiếu khóa 'agency'",
        "dataset.yml: DATASET_INVALID: thiếu khóa 'parent_agency'",
        "dataset.yml: DATASET_INVALID: thiếu khóa 'place'"]


def test_report_without_a_date():
    assert problems(valid(reports={"units": {"number": "94/BC-SNV"}})) == [
        "dataset.yml: DATASET_INVALID: reports.units: cần 'number' và 'date' dạng YYYY-MM-DD (và tùy chọn 'copies': "
        "danh sách cơ quan nhận để báo cáo, như [Bộ Nội vụ])"]


def test_report_copies_are_optional_names():
    import datetime as dt

    ds = Dataset.from_dict(valid(reports={"units": {"number": "94/BC-SNV", "date": dt.date(2024, 3, 13),
                                                    "copies": ["Bộ Nội vụ"]}}))
    assert ds.reports["units"].copies == ("Bộ Nội vụ",)
    assert problems(valid(reports={"units": {"number": "94/BC-SNV", "date": dt.date(2024, 3, 13), "copies": [""]}}))


def test_band_without_a_minimum():
    assert problems(valid(bands=[{"name": "Tốt", "min": 80}, {"name": "Yếu"}, {"name": "Kém", "min": 0}])) == [
        "dataset.yml: DATASET_INVALID: bands[1]: mỗi mức xếp loại cần 'name' và 'min' (số)"]


def test_bands_out_of_order_and_no_floor():
    assert problems(valid(bands=[{"name": "Khá", "min": 70}, {"name": "Tốt", "min": 80}])) == [
        "dataset.yml: DATASET_INVALID: bands: các mức xếp loại phải xếp từ cao xuống thấp",
        "dataset.yml: DATASET_INVALID: bands: mức thấp nhất phải có min: 0 để mọi đơn vị đều được xếp loại"]


def test_year_not_an_integer():
    assert problems(valid(year="2023")) == ["dataset.yml: DATASET_INVALID: year: năm phải là số nguyên"]


def test_file_missing_or_not_yaml(tmp_path):
    with pytest.raises(InputError) as caught:
        Dataset.from_yaml(tmp_path / "dataset.yml")
    assert caught.value.report() == "dataset.yml: FILE_MISSING: thiếu tệp dataset.yml"
    path = tmp_path / "dataset.yml"
    path.write_text("year: [2023\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Dataset.from_yaml(path)
    assert caught.value.report().startswith("dataset.yml: CORRUPT_FILE: không đọc được YAML: ")


DECISION = {"kind": "Quyết định", "number": "1190/QĐ-UBND", "date": dt.date(2023, 6, 2),
            "issuer": "UBND tỉnh Vĩnh Long", "title": "ban hành Bộ Chỉ số cải cách hành chính"}


def test_process_is_optional_and_read_in_full():
    assert Dataset.from_dict(valid()).process.basis == ()
    p = Dataset.from_dict(valid(process={
        "basis": [DECISION], "publication": {**DECISION, "number": "456/QĐ-UBND"},
        "appraisal_body": " Hội đồng thẩm định ", "survey": {"respondents": 3250, "method": "phát phiếu"},
        "timeline": [{"date": dt.date(2024, 1, 20), "event": "thẩm định"},
                     {"date": dt.date(2023, 12, 15), "event": "tự đánh giá"}]})).process
    assert [d.number for d in p.basis] == ["1190/QĐ-UBND"] and p.publication.number == "456/QĐ-UBND"
    assert p.appraisal_body == "Hội đồng thẩm định" and p.survey_respondents == 3250
    assert [m.event for m in p.timeline] == ["tự đánh giá", "thẩm định"]  # in date order


def test_process_problems_name_their_key():
    assert problems(valid(process={"basis": [{**DECISION, "date": "hôm qua"}, DECISION],
                                   "survey": {"respondents": 0}, "timeline": [{"event": "x"}]})) == [
        "dataset.yml: DATASET_INVALID: process.basis[0]: cần {kind: Quyết định, number: 1190/QĐ-UBND, "
        "date: YYYY-MM-DD, issuer: ..., title: ...}",
        "dataset.yml: DATASET_INVALID: process.survey: cần {respondents: số phiếu (số nguyên dương), method: ...}",
        "dataset.yml: DATASET_INVALID: process.timeline[0]: cần {date: YYYY-MM-DD, event: ...}"]
    assert problems(valid(process={"plan": 1})) == [
        "dataset.yml: DATASET_INVALID: process: chỉ nhận các khóa appraisal_body, basis, publication, survey, timeline"]
