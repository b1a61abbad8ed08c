"""A report's key is everything it prints: every field of every context object, found by reflection, moves
the key when it changes; dataset.yml reaches a report only through the fields it declares."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from pipeline.config import Dataset, Settings
from pipeline.ingest import build_if_stale
from pipeline.report import context, keys, packs
from pipeline.report.national import context as national_context


@pytest.fixture(scope="module")
def sample(sample_tables) -> Settings:
    return sample_tables


def contexts(settings: Settings) -> dict[str, object]:
    district = packs.districts(settings)["ma_don_vi"].iloc[0]
    commune = context.unit_codes(settings).query("don_vi_cap_tren == @district")["ma_don_vi"].iloc[0]
    return {"units-report": context.units_report(settings), "unit-report": context.unit_report(settings, commune),
            "district-pack": packs.district_pack(settings, district),
            "agency-pack": packs.agency_pack(settings, packs.agencies(settings)["ma"].iloc[0]),
            "national-report": national_context.national_report(settings)}


# ---------------------------------------------------------------- perturbing any value by reflection


def changed_scalar(value):
    """A different value of the same kind."""
    if value is None:
        return "x"
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, (int, np.integer)):
        return type(value)(value + 1)
    if isinstance(value, (float, np.floating)):
        return 0.0 if math.isnan(value) else type(value)(value + 0.25)
    if isinstance(value, str):
        return value + "·"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value + dt.timedelta(days=1)
    raise TypeError(f"no perturbation for {type(value).__name__}")


def changed_column(column: pd.Series) -> pd.Series:
    """The column with its first value changed, its dtype kept where it can be."""
    out = column.copy()
    if column.dtype == bool:
        out.iloc[0] = not column.iloc[0]
    elif column.dtype.kind in "iuf":
        out.iloc[0] = (0 if pd.isna(column.iloc[0]) else column.iloc[0]) + 1
    elif column.dtype.kind == "M":
        out.iloc[0] = column.iloc[0] + pd.Timedelta(days=1)
    else:
        value = column.iloc[0]
        out = out.astype(object)
        out.iloc[0] = changed_scalar(value) if isinstance(value, (str, bool, int, float)) else "x"
    return out


def variants(value, path: str = ""):
    """(path, value with one thing changed) for every field, column, element and key reachable from value."""
    if isinstance(value, keys.DatasetView):
        for name in sorted(value._fields):
            for sub, v in variants(getattr(value, name), f"{path}.{name}"):  # what the view prints
                if name == "reports":  # the view prints the reports it cites: another kind is not printed
                    if sub.endswith("[+]"):
                        continue
                    v = {**value._dataset.reports, **v}
                yield sub, keys.DatasetView(dataclasses.replace(value._dataset, **{name: v}), value._fields,
                                            value._reports)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            for sub, v in variants(getattr(value, f.name), f"{path}.{f.name}"):
                yield sub, dataclasses.replace(value, **{f.name: v})
    elif isinstance(value, pd.DataFrame):
        if value.empty:
            yield f"{path}[row]", value.reindex(range(1))
        for column in value.columns:
            if len(value):
                yield f"{path}[{column}]", value.assign(**{str(column): changed_column(value[column])})
        if len(value.columns) == 0:
            yield f"{path}[column]", value.assign(x=1)
    elif isinstance(value, pd.Series):
        for i in range(len(value)):
            out = value.astype(object)
            out.iloc[i] = changed_scalar(value.iloc[i]) if not isinstance(value.iloc[i], (pd.Series,)) else "x"
            yield f"{path}[{value.index[i]}]", out
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            for sub, v in variants(item, f"{path}[{i}]"):
                yield sub, type(value)([*value[:i], v, *value[i + 1:]])
        yield f"{path}[+]", type(value)([*value, value[-1] if value else "x"])
    elif isinstance(value, dict):
        for k, item in value.items():
            for sub, v in variants(item, f"{path}[{k}]"):
                yield sub, {**value, k: v}
        yield f"{path}[+]", {**value, "·": next(iter(value.values()), "x")}
    else:
        yield path, changed_scalar(value)


@pytest.mark.slow  # reads the sample province's two years
@pytest.mark.parametrize("kind", ["units-report", "unit-report", "district-pack", "agency-pack", "national-report"])
def test_every_field_of_a_context_moves_its_key(sample, kind):
    ctx = contexts(sample)[kind]
    key = keys.content_key(ctx)
    checked = 0
    for path, other in variants(ctx):
        assert keys.content_key(other) != key, f"{kind}: changing {path} leaves the key as it was"
        checked += 1
    assert checked > 50  # the walk reached the frames' columns, the nested objects and the dataset's fields


@pytest.mark.slow  # reads the sample province's two years
def test_the_same_context_built_twice_has_the_same_key(sample):
    first = {k: keys.content_key(c) for k, c in contexts(sample).items()}
    assert first == {k: keys.content_key(c) for k, c in contexts(sample).items()}


def test_a_value_without_a_canonical_form_is_an_error_not_left_out():
    @dataclasses.dataclass(frozen=True)
    class Holder:
        where: Path

    with pytest.raises(TypeError, match="path"):
        keys.content_key(Holder(Path("/data")))
    with pytest.raises(TypeError, match="canonical"):
        keys.content_key(object())


def test_key_tells_values_apart_that_print_differently():
    assert keys.content_key(pd.DataFrame({"a": [1]})) != keys.content_key(pd.DataFrame({"a": ["1"]}))
    assert keys.content_key(pd.DataFrame({"a": [None]}, dtype=object)) != \
        keys.content_key(pd.DataFrame({"a": [math.nan]}, dtype=object))
    assert keys.content_key(pd.DataFrame({"a": [0.1 + 0.2]})) != keys.content_key(pd.DataFrame({"a": [0.3]}))
    assert keys.content_key({"a": 1, "b": 2}) == keys.content_key({"b": 2, "a": 1})
    assert keys.content_key(("ab", "c")) != keys.content_key(("a", "bc"))


# ---------------------------------------------------------------- dataset.yml through the view


@pytest.mark.slow  # reads the sample province's two years
@pytest.mark.parametrize("kind", ["units-report", "unit-report", "district-pack", "agency-pack", "national-report"])
def test_a_report_reads_only_the_fields_of_dataset_yml_it_declares(sample, kind):
    view = contexts(sample)[kind].dataset
    for name in sorted(keys.DATASET_FIELDS - view._fields):
        with pytest.raises(AttributeError, match=name):
            getattr(view, name)
        # and a field it does not print cannot move its key
        other = keys.DatasetView(dataclasses.replace(view._dataset, **{name: _other_value(view._dataset, name)}),
                                 view._fields, view._reports)
        assert keys.content_key(other) == keys.content_key(view)


def _other_value(ds: Dataset, name: str):
    value = getattr(ds, name)
    if name == "reports":
        return {**value, "khac": value["units"]}
    return next(v for _, v in variants(value))


@pytest.mark.slow  # reads the sample province's two years
def test_a_view_runs_the_datasets_methods_on_its_own_fields(sample):
    view = contexts(sample)["units-report"].dataset
    full = sample.dataset
    assert view.group_name("xa") == full.group_name("xa")
    assert view.report_date("units") == full.report_date("units")
    assert view.report("national") == full.report("units")  # only the units report is cited: the fallback
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.province = "Bến Tre"
    import pickle
    again = pickle.loads(pickle.dumps(view))
    assert keys.content_key(again) == keys.content_key(view) and again.province == full.province
