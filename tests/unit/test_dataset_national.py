"""dataset.yml `national_report:` (optional): tasks deadline, small-item threshold, framework change, merger."""
import datetime as dt

import pytest

from pipeline.config import Dataset, NationalOptions
from pipeline.errors import InputError

REQUIRED = {"year": 2023, "province": "Vĩnh Long", "agency": "Sở Nội vụ", "parent_agency": "UBND tỉnh Vĩnh Long",
            "place": "Vĩnh Long", "reports": {"national": {"number": "1/BC-SNV", "date": dt.date(2024, 5, 1)}},
            "bands": [{"name": "Tốt", "min": 80}, {"name": "Khá", "min": 0}]}


def test_absent_gives_the_defaults():
    options = Dataset.from_dict(REQUIRED).national
    assert options == NationalOptions()
    # No deadline given: the end of the year after the index (the 2023 index → tasks of 2024).
    assert options.task_deadline(2023) == dt.date(2024, 12, 31) and options.small_items == 0.1


def test_every_key_read():
    ds = Dataset.from_dict({**REQUIRED, "national_report": {
        "deadline": dt.date(2024, 10, 31), "small_items": 0.25, "framework_changed": True,
        "merged_from": ["Vĩnh Long", " Bến Tre ", "Trà Vinh"]}})
    assert ds.national == NationalOptions(dt.date(2024, 10, 31), 0.25, True, ("Vĩnh Long", "Bến Tre", "Trà Vinh"))
    assert ds.national.task_deadline(2023) == dt.date(2024, 10, 31)


def test_each_bad_key_is_one_problem():
    with pytest.raises(InputError) as caught:
        Dataset.from_dict({**REQUIRED, "national_report": {"deadline": "cuối năm", "small_items": -1,
                                                           "framework_changed": "có", "merged_from": "Bến Tre"}})
    keys = sorted(p.message.split(":")[0] for p in caught.value.problems)
    assert keys == ["national_report.deadline", "national_report.framework_changed", "national_report.merged_from",
                    "national_report.small_items"]
    with pytest.raises(InputError):
        Dataset.from_dict({**REQUIRED, "national_report": {"han": dt.date(2024, 1, 1)}})
