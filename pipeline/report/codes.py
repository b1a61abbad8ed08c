"""How a unit is followed across years: by its code only, or through `unit_code_changes` of dataset.yml
(old code → that year's code, for units renamed or merged), never by its name. The one home of that rule:
the reports' unit histories (`history`) and the analysts' `pipeline.load_years` both follow units through it."""
from __future__ import annotations

from typing import Iterable, Mapping


def forward_codes(codes: Iterable[str], year: int, changes: Mapping[int, Mapping[str, str]], last: int) -> list[str]:
    """Each code of `year` as the code it became in `last`: every later year's unit_code_changes in turn
    (`changes`: year → that year's dataset.yml mapping of earlier codes to its own)."""
    out = []
    for code in codes:
        for y in range(year + 1, last + 1):
            code = changes.get(y, {}).get(code, code)
        out.append(code)
    return out
