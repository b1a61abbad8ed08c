"""Drafts, issue and replacements: a year's documents as a Sở Nội vụ issues them.

Until a year is issued (`par-index issue`), every build writes drafts: each document marked DỰ THẢO,
freely rebuilt, never called a replacement. Issuing turns the current drafts into issued documents: the
mark goes, and the issue register (`so-phat-hanh.csv`) lists each with its number, date, recipient,
file and SHA-256. After that, a document is re-issued only when its recipient must receive it again:
when its own figures change (`issue_key`: for a unit's notice, everything it prints but the group's
mean and best per area). A notice whose only change is such a group-level comparison keeps its issued
version, and the change report lists it with the size of the shift. A re-issued document is a new
document: a draft first, with its own number (the `replacements` series of dataset.yml, or the next
number after every number of the year) and date, and a sentence naming the document it replaces and why;
issuing it adds it to the register beside the document it replaces.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from .. import contract
from ..config import Dataset
from ..report import fmt
from ..report.context import UnitReport, UnitsReport
from ..report.national.context import NationalReport
from ..report.packs import AgencyPack, DistrictPack
from ..report.keys import content_key

# A unit notice's comparisons with its group: they move with any unit's correction, and alone they are not
# a reason to send the unit its notice again.
GROUP_COMPARISONS = ("ty_le_trung_binh", "ty_le_cao_nhat", "hang_linh_vuc", "hang_linh_vuc_in")
# A district pack's comparison of its communes with the province's group: the same.
PROVINCE_COMPARISONS = ("ty_le_tinh", "chenh_lech")
DOCUMENT_NAMES = {contract.UNITS_REPORT: "Báo cáo", contract.NATIONAL_REPORT: "Báo cáo",
                  contract.UNIT_REPORT: "Thông báo", contract.DISTRICT_PACK: "Phụ lục", contract.AGENCY_PACK: "Phụ lục"}


@dataclass(frozen=True)
class Status:
    """Where a document stands: a draft or issued; for a replacement its own number and date, and what it
    replaces and why."""

    draft: bool = True
    number: str = ""  # a replacement's own number ("" keeps the document's)
    date: dt.date | None = None  # a replacement's own date (None keeps the document's)
    replaces: str = ""  # "Thông báo này thay thế Thông báo số 95/TB-SNV ngày 12/3/2024 do …"

    def issued(self) -> "Status":
        return dataclasses.replace(self, draft=False)

    def to_json(self) -> dict:
        return {"draft": self.draft, "number": self.number, "date": self.date.isoformat() if self.date else None,
                "replaces": self.replaces}

    @classmethod
    def from_json(cls, d: dict) -> "Status":
        return cls(bool(d.get("draft", True)), d.get("number") or "",
                   dt.date.fromisoformat(d["date"]) if d.get("date") else None, d.get("replaces") or "")


def with_status(ctx, status: Status):
    """The context as the document prints it in this status (its identity: mark, number, date, replacement)."""
    identity = dataclasses.replace(ctx.identity, draft=status.draft, replaces=status.replaces,
                                   **({"number": status.number} if status.number else {}),
                                   **({"date": status.date} if status.date else {}))
    return dataclasses.replace(ctx, identity=identity)


def issue_key(ctx, frames: dict | None = None) -> str:
    """What the recipient must receive again when it changes: everything the document prints, except, in a
    unit's notice, the comparisons with its group. frames: the memo of its content key (keys.content_key)."""
    if isinstance(ctx, UnitReport):
        ctx = dataclasses.replace(ctx, areas=ctx.areas.drop(columns=list(GROUP_COMPARISONS), errors="ignore"))
    elif isinstance(ctx, DistrictPack):
        ctx = dataclasses.replace(ctx, areas=ctx.areas.drop(columns=list(PROVINCE_COMPARISONS), errors="ignore"))
    return content_key(ctx, frames)


# ---------------------------------------------------------------- numbers


def _serial(number: str) -> tuple[int, str] | None:
    """'95/TB-SNV' → (95, 'TB-SNV')."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\S.*)", number or "")
    return (int(match[1]), match[2].strip()) if match else None


def numbers_of_the_year(dataset: Dataset, units: int) -> set[int]:
    """Every serial number the year's documents hold: the reports' and the notice series'."""
    used = {s[0] for meta in dataset.reports.values() if (s := _serial(meta.number))}
    if dataset.unit_notices is not None:
        used |= set(range(dataset.unit_notices.first_number, dataset.unit_notices.first_number + units))
    return used


class Numbering:
    """Replacement numbers: from `replacements.first_number` of dataset.yml (or after the year's highest
    number), skipping every number the year's documents and earlier replacements hold, so none collides."""

    def __init__(self, dataset: Dataset, units: int, register: list[dict]):
        self.used = numbers_of_the_year(dataset, units) | {s[0] for r in register if (s := _serial(r["so"]))}
        options = dataset.replacements
        self.next = options.first_number if options and options.first_number else max(self.used, default=0) + 1

    def take(self, old_number: str) -> str:
        """The next free number, with the replaced document's suffix ('TB-SNV'); '' for an unnumbered one."""
        serial = _serial(old_number)
        if serial is None:
            return ""
        while self.next in self.used:
            self.next += 1
        self.used.add(self.next)
        return f"{self.next}/{serial[1]}"


def replacement_date(dataset: Dataset, old_date: dt.date) -> dt.date:
    """A replacement's date: `replacements.date` of dataset.yml; until it is set, the replaced document's."""
    return dataset.replacements.date if dataset.replacements and dataset.replacements.date else old_date


def replaces_sentence(kind: str, old_number: str, old_date: dt.date, reason: str) -> str:
    name = DOCUMENT_NAMES[kind]
    number = f" số {old_number}" if old_number else ""
    return (f"{name} này thay thế {name.lower() if name == 'Phụ lục' else name}{number} ngày {fmt.ngay_so(old_date)} "
            f"do {reason}.")


# ---------------------------------------------------------------- why a document is re-issued


def reason_for(kind: str, unit: str | None, members: set[str] | None, values: pd.DataFrame, moves: pd.DataFrame,
               names: dict[str, str], other: list[str]) -> str:
    """Why a document is re-issued, stating only what concerns it.

    kind, unit: the document; members: the units a pack or report covers (None: all); values: the score
    values corrected since it was issued (with ly_do, van_ban); moves: units whose total, index, rank or
    band changed; other: what else changed that it prints (not a score: 'thay đổi ngưỡng xếp loại' …).
    """
    if unit is not None:
        own = values[values["ma_don_vi"] == unit]
        if len(own):
            return _corrected("điều chỉnh điểm của đơn vị", own)
        if unit in set(moves["ma_don_vi"]):
            who = sorted(set(values["ma_don_vi"]) - {unit})
            if who:
                return _corrected(f"thay đổi thứ hạng do điều chỉnh kết quả của {_named(who, names)}",
                                  values[values["ma_don_vi"].isin(who)])
            return "thay đổi thứ hạng"
    else:
        mine = values if members is None else values[values["ma_don_vi"].isin(members)]
        if len(mine):
            units = sorted(set(mine["ma_don_vi"]))
            counted = f"{len(units)} đơn vị" if len(units) > 3 else _named(units, names)
            return _corrected(f"điều chỉnh kết quả của {counted}", mine)
        moved = sorted(set(moves["ma_don_vi"]) & members) if members is not None else []
        if moved and len(values):
            who = sorted(set(values["ma_don_vi"]))
            return _corrected(f"thay đổi thứ hạng trong tỉnh của {len(moved)} đơn vị do điều chỉnh kết quả của "
                              f"{_named(who, names) if len(who) <= 3 else f'{len(who)} đơn vị'}", values)
    return "; ".join(other) if other else "cập nhật số liệu"


def _named(codes: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes)


def _corrected(text: str, rows: pd.DataFrame) -> str:
    """'… theo Công văn số 401/SNV-CCHC (phúc tra theo đề nghị của đơn vị)': the documents and reasons cited."""
    documents = sorted({v for v in rows["van_ban"] if isinstance(v, str) and v})
    reasons = sorted({r for r in rows["ly_do"] if isinstance(r, str) and r})
    if not documents:
        return text + " (cập nhật bảng chấm điểm)"
    why = f" ({'; '.join(_lower_first(r) for r in reasons)})" if reasons else ""
    return f"{text} theo {'; '.join(documents)}{why}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


DATASET_CHANGES = {  # field of dataset.yml → how a document's reason names its change
    "agency": "thay đổi tên cơ quan ban hành", "parent_agency": "thay đổi tên cơ quan chủ quản",
    "province": "thay đổi tên tỉnh", "place": "thay đổi địa danh", "signer": "thay đổi người ký",
    "bands": "thay đổi tên hoặc ngưỡng mức xếp loại", "reports": "thay đổi số, ngày văn bản",
    "unit_notices": "thay đổi số, ngày thông báo", "group_names": "thay đổi tên nhóm đơn vị",
    "process": "cập nhật căn cứ và quá trình đánh giá", "national": "thay đổi thời hạn, nội dung nhiệm vụ",
    "group_max": "thay đổi điểm tối đa của nhóm", "unit_code_changes": "thay đổi mã đơn vị qua các năm",
}
INPUT_CHANGES = {contract.FRAMEWORK_FILE: "thay đổi Bộ tiêu chí", contract.UNITS_FILE: "thay đổi danh sách, tên đơn vị",
                 contract.SURVEY_FILE: "cập nhật kết quả điều tra xã hội học"}


def other_changes(before: Dataset | None, now: Dataset, changed_inputs: set[str]) -> list[str]:
    """What changed that is not a corrected score, named as what it is."""
    out = []
    if before is not None:
        out += [text for name, text in DATASET_CHANGES.items() if getattr(before, name) != getattr(now, name)]
    out += [text for rel, text in INPUT_CHANGES.items() if rel in changed_inputs]
    if any(rel.startswith(f"{contract.NATIONAL_DIR}/") for rel in changed_inputs):
        out.append("cập nhật kết quả Chỉ số CCHC cấp quốc gia")
    return out


def printed_changes(kind: str, dataset: Dataset) -> set[str]:
    """The names of the changes a kind of document prints (of other_changes): the dataset.yml fields its
    context declares, its number's source, and the inputs it is computed from."""
    fields = {contract.UNITS_REPORT: UnitsReport.PRINTS, contract.NATIONAL_REPORT: NationalReport.PRINTS,
              contract.UNIT_REPORT: UnitReport.NOTICE_PRINTS if dataset.unit_notices else UnitReport.APPENDIX_PRINTS,
              contract.DISTRICT_PACK: DistrictPack.PRINTS, contract.AGENCY_PACK: AgencyPack.PRINTS}[kind]
    # Identities are computed where the contexts are built: a notice's number from the series, an appendix's
    # line from the units report's number.
    fields = set(fields) | ({"unit_notices"} if kind == contract.UNIT_REPORT and dataset.unit_notices else {"reports"})
    out = {DATASET_CHANGES[f] for f in fields if f in DATASET_CHANGES}
    if kind == contract.NATIONAL_REPORT:
        return out | {"cập nhật kết quả Chỉ số CCHC cấp quốc gia"}
    return out | set(INPUT_CHANGES.values()) | {DATASET_CHANGES["group_max"], DATASET_CHANGES["unit_code_changes"]}
