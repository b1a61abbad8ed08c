"""A change to a dataset.yml field re-keys exactly the reports that print it, on the sample province (unit
notices, districts, the national report): the notices but not the packs for the signer, the national report
alone for its deadline, and so on."""
from __future__ import annotations

import shutil

import pytest
from conftest import ROOT

from pipeline import contract
from pipeline.build import targets
from pipeline.config import Settings
from pipeline.ingest import build_if_stale
from pipeline.report.keys import content_key

pytestmark = pytest.mark.slow  # reads the sample province

ALL = {contract.UNITS_REPORT, contract.NATIONAL_REPORT, contract.UNIT_REPORT, *contract.PACKS}
SIGNED = {contract.UNITS_REPORT, contract.NATIONAL_REPORT, contract.UNIT_REPORT}  # notices are signed; packs not
CHANGES = [  # (field, text in the sample's dataset.yml, replacement, the kinds whose every report re-keys)
    ("signer", "signer: {name: Trần Văn Minh,", "signer: {name: Trần Văn Minh Anh,", SIGNED),
    ("place", "place: Vĩnh Long", "place: TP Vĩnh Long", SIGNED),
    ("parent_agency", "parent_agency: UBND tỉnh Vĩnh Long", "parent_agency: Ủy ban nhân dân tỉnh Vĩnh Long", SIGNED),
    ("national_report", "deadline: 2024-10-31", "deadline: 2024-11-30", {contract.NATIONAL_REPORT}),
    ("reports.national", 'national: {number: "188/BC-SNV"', 'national: {number: "189/BC-SNV"',
     {contract.NATIONAL_REPORT}),
    # The units report lists the notices issued with it (their number range): it prints the series too.
    ("unit_notices", "unit_notices: {first_number: 95,", "unit_notices: {first_number: 195,",
     {contract.UNIT_REPORT, contract.UNITS_REPORT}),
    # A notice opens with its basis, process.publication: it prints `process` (a field is keyed whole).
    ("process", "appraisal_body: Hội đồng thẩm định", "appraisal_body: Tổ thẩm định",
     {contract.UNITS_REPORT, contract.UNIT_REPORT}),
    ("sample", "sample: true", "sample: false", ALL),
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample's 2023 (2022 beside it) and a few reports of every kind: a unit of each group, the first and
    last pack of each kind, the units and national reports."""
    root = tmp_path_factory.mktemp("sample")
    for year in (2022, 2023):
        shutil.copytree(ROOT / "data" / "raw" / str(year), root / "raw" / str(year))
    build_if_stale(Settings(2022, root))  # the year before: the reports compare with it
    settings = Settings(2023, root, root / "output")
    build_if_stale(settings)
    chosen: dict[str, targets.Target] = {}
    for t in targets.plan(settings):
        chosen.setdefault(f"{t.kind}:{t.group}", t)  # the first of each group or kind
        if t.kind in contract.PACKS:
            chosen[f"{t.kind}:last"] = t
    return settings, list(chosen.values())


def keys_of(settings: Settings, chosen: list[targets.Target]) -> dict[str, tuple[str, str]]:
    build_if_stale(settings)
    return {t.stem: (t.kind, content_key(targets.build_context(settings, t))) for t in chosen}


@pytest.mark.parametrize("field, old, new, printers", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_dataset_field_rekeys_exactly_the_reports_that_print_it(sample, field, old, new, printers):
    settings, chosen = sample
    assert {t.kind for t in chosen} == ALL and len({t.group for t in chosen if t.unit}) == 3
    path = settings.raw_dir / contract.DATASET_FILE
    original = path.read_text(encoding="utf-8")
    assert old in original
    before = keys_of(settings, chosen)
    try:
        path.write_text(original.replace(old, new, 1), encoding="utf-8")
        after = keys_of(settings, chosen)
    finally:
        path.write_text(original, encoding="utf-8")
    rekeyed = {kind for stem, (kind, key) in after.items() if key != before[stem][1]}
    kept = {kind for stem, (kind, key) in after.items() if key == before[stem][1]}
    assert rekeyed == printers, field
    assert not kept & printers, f"{field}: some reports of a kind that prints it kept their key"
