"""Problems found in the input data, and the error that carries them (contract §11)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to raw/<YEAR>/, e.g. "cham-diem/so-tu-phap.xlsx"
    sheet: str  # "" when the problem is about the whole file
    cell: str  # "E14", or "" when it is about a sheet or column
    code: str  # "SCORE_ABOVE_MAX"
    message: str  # Vietnamese; says what to fix

    def __str__(self) -> str:
        where = self.file + (f":{self.sheet}" if self.sheet else "") + (f"!{self.cell}" if self.cell else "")
        return f"{where}: {self.code}: {self.message}"


def sort_key(problem: Problem) -> tuple:
    """File, sheet, then cells in reading order (E9 before E14), then code."""
    match = re.fullmatch(r"([A-Z]+)(\d+)", problem.cell)
    cell = (int(match[2]), len(match[1]), match[1]) if match else (0, 0, problem.cell)
    return (problem.file, problem.sheet, cell, problem.code, problem.message)


class InputError(Exception):
    """The input breaks the data contract; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=sort_key)
        # Every problem in the message itself: load() in a notebook shows them all, not a count.
        super().__init__(f"{len(self.problems)} lỗi trong dữ liệu đầu vào:\n{self.report()}")

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageError(Exception):
    """What was asked for does not exist (a unit, a district, an agency, a report): the user's mistake,
    told in one Vietnamese sentence and exit 2. Not a KeyError: a real KeyError is a bug and shows its
    traceback."""


class UnknownUnit(UsageError):
    """No unit (or district, or appraising agency) with that code in the year."""


class UnknownReport(UsageError):
    """No report of the year matches what `--only` asked for."""


class NoUnitData(UsageError, FileNotFoundError):
    """A year asked of `load`/`load_years` holds no units' results: no data at all, or only the national
    index (quoc-gia/ without unit sheets). A FileNotFoundError too, as `load` raised before."""
