"""Pure rules of the forms: the step of a score, the validation formula, Vietnamese numbers, cached sums."""
from __future__ import annotations

import pytest

from pipeline.config import Dataset
from pipeline.errors import InputError
from pipeline.forms.layout import FormRow, number_vi, parent_sums, score_step, unit_totals, validation_formula


def test_step_is_the_largest_that_fits_every_maximum():
    assert score_step([1, 2, 3]) == 1
    assert score_step([1, 2.5]) == 0.5
    assert score_step([1, 2.25, 2.75]) == 0.25
    assert score_step([0.3, 1]) == 0.1
    assert score_step([1, 2.25], chosen=0.5) == 0.5  # dataset.yml decides when it says


def test_validation_formula_and_vietnamese_numbers():
    assert validation_formula("F14", 2.25, 0.25) == (
        '=OR(AND(ISNUMBER(F14),F14>=0,F14<=2.25,ABS(F14/0.25-ROUND(F14/0.25,0))<0.000001),F14="KAD")')
    assert validation_formula("I6", "$E6", 0.5).startswith('=OR(AND(ISNUMBER(I6),I6>=0,I6<=$E6,')
    assert [number_vi(x) for x in (2.25, 3.0, 0.1)] == ["2,25", "3", "0,1"]


def row(ma, top, children=(), la=False, cap=1, method="TĐ", deduction=False):
    return FormRow(ma, ma, top, method if la else "", "Sở Nội vụ", deduction, la, cap, tuple(children))


ROWS = [row("1", 6, ["1.1"]), row("1.1", 6, ["1.1.1", "1.1.2", "1.1.3"], cap=2),
        row("1.1.1", 1, la=True, cap=3), row("1.1.2", 2, la=True, cap=3), row("1.1.3", 3, la=True, cap=3, method="XHH"),
        row("9", 2, ["9.1"], deduction=True), row("9.1", 2, la=True, cap=2, deduction=True)]


def test_cached_sums_and_totals_as_excel_computes_them():
    scores = {"1.1.1": 0.75, "1.1.2": "KAD", "9.1": 0.5}
    # 1.1 = 0.75 + 0 (KAD is text, SUM skips it) + 0 (survey, blank) = 0.75; the deduction area has no sum.
    assert parent_sums(ROWS, scores) == {"1.1": 0.75, "1": 0.75}
    # maximum 10 - 2 (1.1.2 KAD) = 8; areas 0.75; deductions 0.5; 0.75 - 0.5 = 0.25
    assert unit_totals(ROWS, scores, 10) == (8, 0.75, 0.5, 0.25)
    # A deduction written KAD takes nothing off the maximum (deductions are not part of it).
    assert unit_totals(ROWS, {"9.1": "KAD"}, 10)[0] == 10


BASE = {"year": 2023, "province": "P", "agency": "Sở Nội vụ", "parent_agency": "UBND", "place": "P",
        "reports": {}, "bands": [{"name": "Yếu", "min": 0}]}


def test_forms_keys_of_dataset_yml():
    import datetime as dt
    forms = Dataset.from_dict({**BASE, "forms": {"deadline": dt.date(2023, 12, 15), "rounds": 2, "step": 0.25,
                                                 "send_to": " Sở Nội vụ ", "not_applicable": {"so-a": ["3.2.2"]}}}).forms
    assert (forms.deadline, forms.rounds, forms.step, forms.send_to, forms.not_applicable) == (
        dt.date(2023, 12, 15), 2, 0.25, "Sở Nội vụ", {"so-a": ("3.2.2",)})
    assert Dataset.from_dict(BASE).forms.rounds == 1
    with pytest.raises(InputError) as caught:
        Dataset.from_dict({**BASE, "forms": {"rounds": 3, "step": -1, "deadline": "mai", "not_applicable": ["x"]}})
    assert [p.message.split(":")[0] for p in caught.value.problems] == [
        "forms.deadline", "forms.not_applicable", "forms.rounds", "forms.step"]
