"""A report's key is everything it prints: derived from its context object, never listed by hand.

Each report's notebook prints only from one context object (`context.UnitReport`, `UnitsReport`,
`packs.DistrictPack`, `AgencyPack`, `national.context.NationalReport`). `content_key` hashes every field
of such an object, recursively: frames and series in a canonical form (columns, dtypes, index and
values, exact to the bit), nested dataclasses, dicts, tuples, dates and numbers. A type it does not
know is an error, not a silent omission: a new kind of field must be given a canonical form here.

What a report prints of dataset.yml is a `DatasetView`: the fields that kind of report prints, and only
those. Reading another field through the view raises, so a report can never print a field its key
leaves out, and a change to dataset.yml re-keys exactly the reports that print the changed field.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import math
import pickle
import types
from pathlib import PurePath

import numpy as np
import pandas as pd

from ..config import Dataset
from ..files import write_bytes_atomic

DATASET_FIELDS = frozenset(f.name for f in dataclasses.fields(Dataset))
# What every report prints of dataset.yml: the agency and the province (the PDF's author) and the sample
# mark on every page (build.year's page metadata).
PAGE_FIELDS = frozenset({"agency", "province", "sample"})
# A signed document's header and signature (layout.official_header, signature_block); an appendix has neither.
DOCUMENT_FIELDS = PAGE_FIELDS | {"parent_agency", "place", "signer", "year"}


class DatasetView:
    """The fields of dataset.yml one kind of report prints (`reports` narrowed to the report kinds it cites).

    Dataset's methods work on the view (`group_name`, `report_date` …) as long as the fields they read are
    printed; reading any other field raises AttributeError naming it.
    """

    __slots__ = ("_dataset", "_fields", "_reports")

    def __init__(self, dataset: Dataset, fields: frozenset[str], reports: frozenset[str] = frozenset()):
        unknown = set(fields) - DATASET_FIELDS
        if unknown:
            raise ValueError(f"not fields of Dataset: {sorted(unknown)}")
        object.__setattr__(self, "_dataset", dataset)
        object.__setattr__(self, "_fields", frozenset(fields))
        object.__setattr__(self, "_reports", frozenset(reports))

    def __getattr__(self, name: str):
        if name.startswith("_"):  # pickle and copy probe dunders before the slots are set
            raise AttributeError(name)
        if name in DATASET_FIELDS:
            if name not in self._fields:
                raise AttributeError(f"this report does not print dataset.yml '{name}': add it to the fields its "
                                     "context declares (report.keys.DatasetView), so that its key covers it")
            value = getattr(self._dataset, name)
            return {k: v for k, v in value.items() if k in self._reports} if name == "reports" else value
        member = getattr(Dataset, name)  # a method or property of Dataset, run on the view
        if isinstance(member, property):
            return member.fget(self)
        if callable(member):
            return types.MethodType(member, self)
        raise AttributeError(name)

    def __setattr__(self, name, value):
        raise dataclasses.FrozenInstanceError(f"cannot assign to field '{name}'")

    def __reduce__(self):
        return DatasetView, (self._dataset, self._fields, self._reports)

    def printed(self) -> dict[str, object]:
        """What the view exposes, by field name (its canonical form)."""
        return {name: getattr(self, name) for name in sorted(self._fields)}

    def __repr__(self) -> str:
        return f"DatasetView({', '.join(sorted(self._fields))})"


def dataset_view(dataset: Dataset | DatasetView, fields: frozenset[str], reports: frozenset[str] = frozenset()
                 ) -> DatasetView:
    return DatasetView(dataset._dataset if isinstance(dataset, DatasetView) else dataset, fields, reports)


def content_key(obj: object, frames: dict | None = None) -> str:
    """sha256 of the canonical form of obj (a context object): same fields, same key; any field changed,
    another key.

    frames: a memo of digests by identity (frames, series, dataset views), shared by the keys of one context and
    its variants (lifecycle.issue_key replaces one frame of it) or of many contexts: each is hashed once. Such an
    object enters the key by its own digest."""
    h = hashlib.sha256()
    _feed(h, obj, {} if frames is None else frames)
    return h.hexdigest()


def _tag(h, tag: str, data: bytes = b"") -> None:
    h.update(tag.encode("ascii") + len(data).to_bytes(8, "little") + data)


def _feed(h, obj: object, frames: dict) -> None:
    if obj is None:
        _tag(h, "none")
    elif isinstance(obj, (bool, np.bool_)):
        _tag(h, "bool", b"1" if obj else b"0")
    elif isinstance(obj, (int, np.integer)) and not isinstance(obj, enum.Enum):
        _tag(h, "int", str(int(obj)).encode())
    elif isinstance(obj, (float, np.floating)):
        value = float(obj)
        _tag(h, "float", b"nan" if math.isnan(value) else value.hex().encode())
    elif isinstance(obj, str):
        _tag(h, "str", obj.encode("utf-8", "surrogatepass"))
    elif isinstance(obj, bytes):
        _tag(h, "bytes", obj)
    elif isinstance(obj, decimal.Decimal):
        _tag(h, "dec", str(obj).encode())
    elif isinstance(obj, (dt.date, dt.datetime, dt.time, pd.Timestamp)):
        _tag(h, type(obj).__name__, obj.isoformat().encode())
    elif obj is pd.NaT:
        _tag(h, "nat")
    elif isinstance(obj, enum.Enum):
        _tag(h, "enum", f"{type(obj).__qualname__}.{obj.name}".encode())
    elif isinstance(obj, pd.DataFrame):
        _frame(h, obj, frames)
    elif isinstance(obj, pd.Series):
        _tag(h, "series", repr((obj.name, str(obj.dtype))).encode("utf-8"))
        _tag(h, "frame", _digest_of(obj, frames, lambda sub: _frame_values(sub, obj.to_frame(name="_"))))
    elif isinstance(obj, pd.Index):
        _feed(h, obj.to_frame(index=False, name="_"), frames)
    elif isinstance(obj, np.ndarray):
        _tag(h, "array", repr((obj.dtype.str, obj.shape)).encode())
        _feed(h, pd.DataFrame({"_": obj.ravel()}) if obj.dtype == object else obj.tobytes(), frames)
    elif isinstance(obj, DatasetView):  # a new view in every unit's context, of one dataset: hashed once per memo
        _tag(h, "dataset", _digest_of(obj._dataset, frames, lambda sub: _feed(sub, obj.printed(), frames),
                                      key=("view", id(obj._dataset), obj._fields, obj._reports)))
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        _tag(h, "dc", type(obj).__qualname__.encode())
        for f in dataclasses.fields(obj):
            _tag(h, "field", f.name.encode())
            _feed(h, getattr(obj, f.name), frames)
    elif isinstance(obj, dict):
        items = sorted(((content_key(k, frames), k, v) for k, v in obj.items()), key=lambda x: x[0])
        _tag(h, "dict", str(len(items)).encode())
        for kk, _, v in items:
            _tag(h, "key", kk.encode())
            _feed(h, v, frames)
    elif isinstance(obj, (list, tuple)):
        _tag(h, type(obj).__name__, str(len(obj)).encode())
        for item in obj:
            _feed(h, item, frames)
    elif isinstance(obj, (set, frozenset)):
        _tag(h, "set", "".join(sorted(content_key(x, frames) for x in obj)).encode())
    elif isinstance(obj, PurePath):
        # A path is where data lives, never what a report prints: keeping it out of contexts is the rule.
        raise TypeError(f"a report context holds a path ({obj}); it must hold what is printed instead")
    else:
        raise TypeError(f"no canonical form for {type(obj).__qualname__}: give it one in report.keys")


def _frame(h, frame: pd.DataFrame, frames: dict) -> None:
    """Column names, dtypes, the index and every value: numbers by their bytes (exact to the bit), any other
    value by its repr (which tells 1 from "1" and None from NaN); fed as the frame's own digest, memoised."""
    _tag(h, "frame", _digest_of(frame, frames, lambda sub: _frame_values(sub, frame)))


def _digest_of(obj, frames: dict, feed, key: object = None) -> bytes:
    """The digest `feed` gives obj (a frame, a series, or a dataset under the fields a view shows: `key`), once per
    object of the memo."""
    key = id(obj) if key is None else key
    known = frames.get(key)
    if known is None or known[0] is not obj:
        sub = hashlib.sha256()
        feed(sub)
        known = frames[key] = (obj, sub.digest())  # the object held: its id is not reused meanwhile
    return known[1]


def _frame_values(h, frame: pd.DataFrame) -> None:
    columns = list(_columns(frame))
    # Each column's dtype from its array: `frame.dtypes` builds a Series per frame, a quarter of a key's time.
    _tag(h, "frame", repr(([str(c) for c in frame.columns], [str(v.dtype) for v in columns], frame.shape)).encode())
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        _tag(h, "range", repr((index.start, index.stop, index.step)).encode())
    else:
        _tag(h, "index", str(index.dtype).encode())
        _array(h, index.to_numpy())
    for values in columns:
        _array(h, values)


def _columns(frame: pd.DataFrame):
    """Each column's values without building a Series per column (30× faster; a unit report's key hashes
    some hundred columns)."""
    iterate = getattr(frame, "_iter_column_arrays", None)
    return iterate() if iterate is not None else (frame.iloc[:, i].array for i in range(frame.shape[1]))


def _array(h, values) -> None:
    array = values if isinstance(values, np.ndarray) else getattr(values, "_ndarray", None)
    if array is None:  # an extension array (nullable integers, strings, categories): its values one by one
        array = np.asarray(values, dtype=object)
    if array.dtype.kind in "biufcmM":
        h.update(np.ascontiguousarray(array).tobytes())
    else:
        h.update("\x1f".join(map(repr, array.tolist())).encode("utf-8", "surrogatepass"))


def save_context(obj: object, path) -> None:
    """Hand a context to the notebook that prints it (the build writes it, the report's kernel reads it)."""
    write_bytes_atomic(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def handed_context(path: str) -> object | None:
    """The context the build prepared for a notebook (a file it wrote under its cache), or None when there is
    none (a notebook run by hand, or re-run after the build removed it): the notebook then computes it."""
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (FileNotFoundError, IsADirectoryError):
        return None
