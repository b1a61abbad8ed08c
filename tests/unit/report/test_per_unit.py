"""year_data.PerUnit: one frame of all units, each unit's rows as if computed for it alone."""
import pandas as pd

from pipeline.report.year_data import PerUnit

FRAME = pd.DataFrame({"ma_don_vi": ["xa-b", "xa-a", "xa-b", "xa-c", "xa-a"], "ma": ["1.1", "2.1", "1.2", "3.1", "1.1"],
                      "mat": [0.5, 1.0, 0.25, 2.0, 0.75]})


def test_each_unit_gets_its_own_rows_in_the_order_given():
    per_unit = PerUnit.of(FRAME)
    for unit in ("xa-a", "xa-b", "xa-c"):
        expected = FRAME[FRAME["ma_don_vi"] == unit].reset_index(drop=True)
        pd.testing.assert_frame_equal(per_unit[unit], expected)
    without = PerUnit.of(FRAME, keep_code=False)["xa-b"]
    assert list(without.columns) == ["ma", "mat"] and without["ma"].tolist() == ["1.1", "1.2"]


def test_a_unit_without_rows_gets_an_empty_frame_of_the_same_columns():
    empty = PerUnit.of(FRAME)["xa-z"]
    assert empty.empty and list(empty.columns) == ["ma_don_vi", "ma", "mat"]
    assert empty.dtypes.to_dict() == FRAME.dtypes.to_dict()


def test_a_unit_s_rows_are_its_own_copy():
    per_unit = PerUnit.of(FRAME)
    rows = per_unit["xa-a"]
    rows.loc[0, "mat"] = 99.0
    assert per_unit["xa-a"]["mat"].tolist() == [1.0, 0.75]


def test_an_unused_category_of_a_categorical_code_has_no_rows():
    frame = FRAME.assign(ma_don_vi=pd.Categorical(FRAME["ma_don_vi"], categories=["xa-a", "xa-b", "xa-c", "xa-z"]))
    per_unit = PerUnit.of(frame)
    assert per_unit["xa-z"].empty and per_unit["xa-a"]["mat"].tolist() == [1.0, 0.75]
