"""The one place for configuration: folders of a year (contract §1) and dataset.yml (§2)."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

from .contract import (CACHE_DIR, CONTEXT_ONLY_ENV, DATASET_FILE, DEFAULT_GROUP_MAX, DEFAULT_GROUP_NAMES,
                       FRAMEWORK_FILE, MAX_INPUT_BYTES, NATIONAL_DIR, NATIONAL_PROVINCES_FILE, UNITS_FILE)
from .errors import InputError, Problem
from .files import refuse_reading
from .text import MAX_NAME, MAX_TEXT, forbidden_characters, inline, nfc, strip_forbidden, too_long

VERSION = "0.1.0"


@dataclass(frozen=True)
class Band:
    name: str
    min: float  # inclusive, index %


@dataclass(frozen=True)
class ReportMeta:
    number: str  # "94/BC-SNV"
    date: dt.date
    copies: tuple[str, ...] = ()  # reported to beyond the usual recipients ("Bộ Nội vụ"), printed "… (b/c)" first


@dataclass(frozen=True)
class Signer:
    """Who signs (Decree 30 signature block): "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / <name>"."""

    name: str = ""  # empty: a blank line under the title, for the signer to write in
    title: str = "Giám đốc"
    on_behalf_of: str = ""  # "Giám đốc" when a deputy signs: prints "KT. GIÁM ĐỐC" above the title

    @property
    def lines(self) -> list[str]:
        return ([f"KT. {self.on_behalf_of.upper()}"] if self.on_behalf_of else []) + [self.title.upper()]


@dataclass(frozen=True)
class NoticeSeries:
    """Numbers of the unit notices (Thông báo): first_number, first_number + 1, … with a suffix."""

    first_number: int
    suffix: str  # "TB-SNV"
    date: dt.date
    report_by: dt.date | None = None  # units rated above Khá report what they fixed by; None: the units report's quarter
    report_to: str = ""  # who units report back to; "": the issuing agency

    def number(self, position: int) -> str:
        return f"{self.first_number + position}/{self.suffix}"


@dataclass(frozen=True)
class Replacements:
    """Optional `replacements:` of dataset.yml: the numbers and date of documents re-issued after the year was
    issued (build.lifecycle). Without a first number, replacements follow the year's highest number."""

    first_number: int | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Document:
    """A document the units report cites: "Quyết định số 1190/QĐ-UBND ngày 02/6/2023 của UBND tỉnh …"."""

    kind: str  # "Quyết định", "Kế hoạch", "Công văn"
    number: str  # "1190/QĐ-UBND"
    date: dt.date
    issuer: str  # "UBND tỉnh Vĩnh Long"
    title: str  # what it is about: "ban hành Bộ Chỉ số cải cách hành chính …"


@dataclass(frozen=True)
class Milestone:
    date: dt.date
    event: str  # "các cơ quan, đơn vị hoàn thành tự đánh giá, chấm điểm"


@dataclass(frozen=True)
class Process:
    """Optional `process:` of dataset.yml: the legal basis and how the year was assessed, as the units
    report states them. Every part may be missing; the report then says only what the data shows."""

    basis: tuple[Document, ...] = ()  # what the assessment rests on (framework, plan), in citing order
    publication: Document | None = None  # the decision that publishes the results
    appraisal_body: str = ""  # "Hội đồng thẩm định Chỉ số CCHC tỉnh"
    timeline: tuple[Milestone, ...] = ()
    survey_respondents: int | None = None  # how many answered the sociological survey
    survey_method: str = ""  # "phát phiếu trực tiếp và khảo sát trực tuyến, tháng 10–11/2023"


@dataclass(frozen=True)
class NationalOptions:
    """Optional `national_report:` of dataset.yml: how the national PAR INDEX report sets its tasks
    and reads a changed framework or a merged province."""

    deadline: dt.date | None = None  # tasks done by; None: 31 December of the year after the index
    small_items: float = 0.1  # points: criteria losing less are summarised in one line per agency
    framework_changed: bool = False  # areas not comparable with last year's even if their number is the same
    merged_from: tuple[str, ...] = ()  # provinces merged into this one this year (earlier years: the former one)

    def task_deadline(self, year: int) -> dt.date:
        return self.deadline or dt.date(year + 1, 12, 31)


@dataclass(frozen=True)
class FormOptions:
    """Optional `forms:` of dataset.yml: what the scoring forms and appraisal workbooks print and allow
    (`make forms`)."""

    deadline: dt.date | None = None  # units return their forms by; None: "theo văn bản hướng dẫn"
    send_to: str = ""  # the addressee printed on the forms; "": the issuing agency and province
    rounds: int = 1  # appraisal rounds (2: a second appraisal column, TĐ2)
    step: float | None = None  # points step of a score; None: the largest of 1, 0.5, 0.25, … fitting every maximum
    not_applicable: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ma_don_vi → criteria marked KAD


@dataclass(frozen=True)
class Dataset:
    """dataset.yml: metadata of one assessment year (contract §2)."""

    year: int
    province: str
    agency: str
    parent_agency: str
    place: str
    sample: bool
    reports: dict[str, ReportMeta]
    bands: tuple[Band, ...]
    group_max: dict[str, float] = field(default_factory=dict)  # optional; 100 when absent
    group_names: dict[str, str] = field(default_factory=dict)  # optional `groups:`; printed names
    signer: Signer = Signer()  # optional `signer:`
    unit_notices: NoticeSeries | None = None  # optional `unit_notices:`; else unit reports are appendices
    # optional `unit_code_changes: {old-code: new-code}`: codes of earlier years that became this year's
    # (renamed or merged units); a unit's history follows these and nothing else
    unit_code_changes: dict[str, str] = field(default_factory=dict)
    national: NationalOptions = NationalOptions()  # optional `national_report:`
    process: Process = Process()  # optional `process:`
    replacements: Replacements | None = None  # optional `replacements: {first_number: 300, date: 2024-04-15}`
    forms: FormOptions = FormOptions()  # optional `forms:`

    def group_name(self, nhom: str) -> str:
        return self.group_names.get(nhom) or DEFAULT_GROUP_NAMES.get(nhom, nhom)

    def group_maximum(self, nhom: str) -> float:
        return self.group_max.get(nhom, DEFAULT_GROUP_MAX)

    @property
    def issuer(self) -> str:
        """The agency named in full, as a document distributed alone names it: "Sở Nội vụ tỉnh Vĩnh Long" (the
        agency as dataset.yml gives it when it already names the province)."""
        if self.province.casefold() in self.agency.casefold():
            return self.agency
        return f"{self.agency} tỉnh {self.province}"

    def report(self, kind: str) -> ReportMeta | None:
        """Number and date of a report kind ("units", "national"); the units report's when the kind has none."""
        return self.reports.get(kind) or self.reports.get("units")

    def report_date(self, kind: str) -> dt.date:
        """The printed date of a report kind; 1 January of the following year when dataset.yml gives none."""
        meta = self.report(kind)
        return meta.date if meta else dt.date(self.year + 1, 1, 1)

    @classmethod
    def from_yaml(cls, path: Path, rel: str = DATASET_FILE) -> "Dataset":
        refused = refuse_reading(path, MAX_INPUT_BYTES) if path.exists() else None
        if refused:
            raise InputError([Problem(rel, "", "", *refused)])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError([Problem(rel, "", "", "FILE_MISSING", "thiếu tệp dataset.yml")])
        dataset = cls.from_bytes(data, rel)
        folder = path.resolve().parent.name
        if folder.isdigit() and int(folder) != dataset.year:  # raw/<YEAR>/dataset.yml: the folder names the year
            raise InputError([Problem(rel, "", "", "DATASET_INVALID",
                                      f"year: {dataset.year} nhưng tệp nằm trong thư mục của năm {folder}; sửa year "
                                      "hoặc chép tệp vào đúng thư mục năm")])
        return dataset

    @classmethod
    def from_bytes(cls, data: bytes, rel: str = DATASET_FILE) -> "Dataset":
        return cls.from_dict(load_yaml(data, rel), rel)

    @classmethod
    def from_dict(cls, raw: object, rel: str = DATASET_FILE) -> "Dataset":
        problems: list[Problem] = []

        def bad(key: str, message: str) -> None:
            # YAML has no cells: the key goes in the message.
            problems.append(Problem(rel, "", "", "DATASET_INVALID", message if key in message else f"{key}: {message}"))

        if not isinstance(raw, dict):
            raise InputError([Problem(rel, "", "", "DATASET_INVALID", "dataset.yml phải là một bảng khóa: giá trị")])
        raw = _door(raw, "", bad)
        for key in ("year", "province", "agency", "parent_agency", "place", "reports", "bands"):
            if key not in raw:
                bad(key, f"thiếu khóa '{key}'")
        for key in NAME_KEYS:
            if key in raw and (not isinstance(raw[key], str) or not raw[key]):
                bad(key, "phải là một tên (chuỗi ký tự, không trống)")
        for key in ("groups", "group_max", "reports"):
            if raw.get(key) is not None and not isinstance(raw[key], dict):
                bad(key, "phải là một bảng khóa: giá trị")
        if raw.get("bands") is not None and not isinstance(raw["bands"], list):
            bad("bands", "phải là một danh sách các mức xếp loại")
        for code, name in (raw.get("groups") or {}).items() if isinstance(raw.get("groups"), dict) else ():
            # Group names become Excel sheet names: no []:*?/\ and at most 31 characters there.
            if not isinstance(name, str) or not name.strip() or any(c in name for c in '[]:*?/\\'):
                bad(f"groups.{code}", "tên nhóm không được trống hay chứa các ký tự [ ] : * ? / \\")
        group_max = raw.get("group_max") if isinstance(raw.get("group_max"), dict) else {}
        for code, value in group_max.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                bad(f"group_max.{code}", "điểm tối đa của nhóm phải là số dương")
        reports: dict[str, ReportMeta] = {}
        for kind, meta in (raw.get("reports") if isinstance(raw.get("reports"), dict) else {}).items():
            copies = meta.get("copies", []) if isinstance(meta, dict) else []
            if not isinstance(meta, dict) or "number" not in meta or not isinstance(meta.get("date"), dt.date) \
                    or set(meta) - {"number", "date", "copies"} or not isinstance(copies, list) \
                    or not all(isinstance(c, str) and c.strip() for c in copies):
                bad(f"reports.{kind}", "cần 'number' và 'date' dạng YYYY-MM-DD (và tùy chọn 'copies': danh sách cơ "
                                      "quan nhận để báo cáo, như [Bộ Nội vụ])")
                continue
            reports[str(kind)] = ReportMeta(str(meta["number"]), meta["date"], tuple(c.strip() for c in copies))
        bands: list[Band] = []
        for i, band in enumerate(raw.get("bands") if isinstance(raw.get("bands"), list) else []):
            if not isinstance(band, dict) or not isinstance(band.get("min"), (int, float)) or not band.get("name"):
                bad(f"bands[{i}]", "mỗi mức xếp loại cần 'name' và 'min' (số)")
                continue
            bands.append(Band(str(band["name"]), float(band["min"])))
        if bands and [b.min for b in bands] != sorted((b.min for b in bands), reverse=True):
            bad("bands", "các mức xếp loại phải xếp từ cao xuống thấp")
        if bands and bands[-1].min > 0:
            bad("bands", "mức thấp nhất phải có min: 0 để mọi đơn vị đều được xếp loại")
        if "year" in raw and not isinstance(raw["year"], int):
            bad("year", "năm phải là số nguyên")
        signer = raw.get("signer") or {}
        if not isinstance(signer, dict) or not all(isinstance(v, str) for v in signer.values()) \
                or set(signer) - {"name", "title", "on_behalf_of"}:
            bad("signer", "cần dạng {name: ..., title: ..., on_behalf_of: ...} (chuỗi ký tự)")
            signer = {}
        notices = raw.get("unit_notices")
        series = None
        if notices is not None:
            if not isinstance(notices, dict) or not isinstance(notices.get("first_number"), int) \
                    or not notices.get("suffix") or not isinstance(notices.get("date"), dt.date) \
                    or set(notices) - {"first_number", "suffix", "date", "report_by", "report_to"} \
                    or not isinstance(notices.get("report_by", dt.date.min), dt.date) \
                    or not isinstance(notices.get("report_to", ""), str):
                bad("unit_notices", "cần {first_number: số nguyên, suffix: TB-SNV, date: YYYY-MM-DD, "
                                    "report_by: YYYY-MM-DD, report_to: Sở Nội vụ} (report_by, report_to: tùy chọn)")
            else:
                series = NoticeSeries(notices["first_number"], str(notices["suffix"]), notices["date"],
                                      notices.get("report_by"), str(notices.get("report_to") or "").strip())
        process = _process(raw.get("process"), bad)
        replacements = raw.get("replacements")
        if replacements is not None:
            first, date = (replacements.get("first_number"), replacements.get("date")) \
                if isinstance(replacements, dict) else (None, None)
            if not isinstance(replacements, dict) or set(replacements) - {"first_number", "date"} or (
                    first is not None and (isinstance(first, bool) or not isinstance(first, int) or first <= 0)) \
                    or (date is not None and not isinstance(date, dt.date)):
                bad("replacements", "cần {first_number: số nguyên dương, date: YYYY-MM-DD}")
                replacements = None
            else:
                replacements = Replacements(first, date)
        forms = _form_options(raw.get("forms"), bad)
        national = _national_options(raw.get("national_report"), bad)
        changes = raw.get("unit_code_changes")
        if changes is not None and (not isinstance(changes, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in changes.items())):
            bad("unit_code_changes", "cần dạng {mã cũ: mã mới} (mã đơn vị của các năm trước: mã năm nay)")
            changes = None
        for message in code_change_problems({k.strip(): v.strip() for k, v in (changes or {}).items()}):
            bad("unit_code_changes", message)
        if problems:
            raise InputError(problems)
        return cls(
            year=raw["year"],
            province=str(raw["province"]),
            agency=str(raw["agency"]),
            parent_agency=str(raw["parent_agency"]),
            place=str(raw["place"]),
            sample=bool(raw.get("sample", False)),
            reports=reports,
            bands=tuple(bands),
            group_max={str(k): float(v) for k, v in (raw.get("group_max") or {}).items()},
            group_names={str(k): str(v).strip() for k, v in (raw.get("groups") or {}).items()},
            signer=Signer(**{k: v.strip() for k, v in signer.items()}),
            unit_notices=series,
            unit_code_changes={k.strip(): v.strip() for k, v in (changes or {}).items()},
            process=process,
            national=national,
            replacements=replacements,
            forms=forms,
        )


NAME_KEYS = ("province", "agency", "parent_agency", "place")  # printed in headers and titles: at most MAX_NAME


def load_yaml(data: bytes, rel: str = DATASET_FILE) -> object:
    """The YAML document, or an InputError of one line: YAML's own messages quote the file over several lines.
    Aliases (`*name`) are refused before anything is built: a few lines of them expand to gigabytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(rel, "", "", "CORRUPT_FILE", "tệp phải lưu dạng UTF-8")]) from None
    # PyYAML's loader in Python, not its C one (libyaml, ten times faster): libyaml accepts what the contract's
    # loader refuses (a tab after a key, "?" inside {…}) and reads an empty tag "!" as "" where Python reads
    # null. A file is valid or not whatever the machine has installed.
    try:
        return _without_aliases(text, yaml.SafeLoader, rel)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark else ""
        raise InputError([Problem(rel, "", "", "CORRUPT_FILE",
                                  f"không đọc được YAML: {where}{exc.problem or exc.context or 'lỗi cú pháp'}")]) from None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date like 2024-02-30
        raise InputError([Problem(rel, "", "", "CORRUPT_FILE", f"không đọc được YAML: {inline(exc)}")]) from None


def _without_aliases(text: str, loader, rel: str) -> object:
    """The document, read once as events first: an alias refused before anything is built."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise InputError([Problem(rel, "", "", "CORRUPT_FILE",
                                      f"dòng {mark.line + 1}: không dùng bí danh YAML (*{event.anchor}); chép "
                                      "thẳng giá trị vào")])
    return yaml.load(text, Loader=loader)


def _door(value: object, key: str, bad) -> object:
    """Text at the door (pipeline.text): every text of dataset.yml, keys too, NFC and on one line; a control or
    bidi-override character, or a text too long, is a problem naming its key."""
    if isinstance(value, dict):
        paths = {k: f"{key}.{strip_forbidden(str(k))}".lstrip(".") for k in value}  # (a problem line prints it)
        return {_door(k, paths[k], bad): _door(v, paths[k], bad) for k, v in value.items()}
    if isinstance(value, list):
        return [_door(v, f"{key}[{i}]", bad) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    text = nfc(value)
    reason = forbidden_characters(text)
    if reason:
        bad(key, reason)
        text = strip_forbidden(text)
    text = inline(text)
    limit = MAX_NAME if key in NAME_KEYS or key.startswith(("signer.", "groups.")) else MAX_TEXT
    if too_long(text, limit):
        bad(key, too_long(text, limit))
    return text


def code_change_problems(changes: dict[str, str]) -> list[str]:
    """What is wrong in `unit_code_changes` itself, one message per problem: a code mapped to itself, a code
    on both sides (an earlier code that is also a new one: a swapped pair or a chain), a cycle."""
    out = [f"mã {old} đổi thành chính nó; xoá dòng này" for old, new in changes.items() if old == new]
    targets = {new for old, new in changes.items() if old != new}
    out += [f"mã {code} vừa là mã cũ ({code}: {changes[code]}) vừa là mã mới của "
            f"{', '.join(sorted(o for o, n in changes.items() if n == code and o != code))}: mỗi mã chỉ ở một bên "
            "(mã cũ của các năm trước, mã mới của năm nay)" for code in sorted(set(changes) & targets)]
    seen: set[str] = set()
    for start in sorted(changes):
        path, code = [start], changes[start]
        while code in changes and code not in path and code != changes[code]:
            path.append(code)
            code = changes[code]
        if code == start and len(path) > 1 and not seen & set(path):
            seen |= set(path)
            out.append(f"vòng lặp {' → '.join([*path, start])}: không biết mã nào là mã năm nay")
    return out


def _form_options(raw: object, bad) -> FormOptions:
    """`forms: {deadline: 2023-12-15, send_to: ..., rounds: 2, step: 0.25, not_applicable: {ma_don_vi: [3.2.2]}}`,
    every key optional."""
    if raw is None:
        return FormOptions()
    known = {"deadline", "send_to", "rounds", "step", "not_applicable"}
    if not isinstance(raw, dict) or set(raw) - known:
        bad("forms", f"cần một bảng với các khóa {', '.join(sorted(known))}")
        return FormOptions()
    deadline, send_to = raw.get("deadline"), raw.get("send_to") or ""
    rounds, step, skipped = raw.get("rounds", 1), raw.get("step"), raw.get("not_applicable") or {}
    if deadline is not None and not isinstance(deadline, dt.date):
        bad("forms.deadline", "thời hạn dạng YYYY-MM-DD")
        deadline = None
    if not isinstance(send_to, str):
        bad("forms.send_to", "nơi nhận phải là chuỗi ký tự")
        send_to = ""
    if rounds not in (1, 2) or isinstance(rounds, bool):
        bad("forms.rounds", "số vòng thẩm định phải là 1 hoặc 2")
        rounds = 1
    if step is not None and (isinstance(step, bool) or not isinstance(step, (int, float)) or step <= 0):
        bad("forms.step", "bước điểm phải là số dương, vd. 0.25")
        step = None
    if not isinstance(skipped, dict) or not all(isinstance(v, list) for v in skipped.values()):
        bad("forms.not_applicable", "cần dạng {ma_don_vi: [mã tiêu chí, ...]}")
        skipped = {}
    return FormOptions(deadline, send_to.strip(), int(rounds), float(step) if step is not None else None,
                       {str(k).strip(): tuple(str(c).strip() for c in v) for k, v in skipped.items()})


def _national_options(raw: object, bad) -> NationalOptions:
    """`national_report: {deadline: 2024-10-31, small_items: 0.1, framework_changed: false,
    merged_from: [Vĩnh Long, Bến Tre, Trà Vinh]}`, every key optional."""
    if raw is None:
        return NationalOptions()
    known = {"deadline", "small_items", "framework_changed", "merged_from"}
    if not isinstance(raw, dict) or set(raw) - known:
        bad("national_report", f"cần một bảng với các khóa {', '.join(sorted(known))}")
        return NationalOptions()
    deadline, small = raw.get("deadline"), raw.get("small_items", NationalOptions.small_items)
    merged, changed = raw.get("merged_from") or [], raw.get("framework_changed", False)
    if deadline is not None and not isinstance(deadline, dt.date):
        bad("national_report.deadline", "thời hạn dạng YYYY-MM-DD")
        deadline = None
    if isinstance(small, bool) or not isinstance(small, (int, float)) or small < 0:
        bad("national_report.small_items", "ngưỡng điểm phải là số không âm")
        small = NationalOptions.small_items
    if not isinstance(changed, bool):
        bad("national_report.framework_changed", "phải là true hoặc false")
        changed = False
    if not isinstance(merged, list) or not all(isinstance(p, str) and p.strip() for p in merged):
        bad("national_report.merged_from", "danh sách tên các tỉnh hợp nhất")
        merged = []
    return NationalOptions(deadline, float(small), changed, tuple(p.strip() for p in merged))


DOCUMENT_KEYS = {"kind", "number", "date", "issuer", "title"}


def _document(value: object, key: str, bad) -> Document | None:
    if not isinstance(value, dict) or set(value) != DOCUMENT_KEYS or not isinstance(value["date"], dt.date) \
            or not all(isinstance(value[k], str) and value[k].strip() for k in DOCUMENT_KEYS - {"date"}):
        bad(key, "cần {kind: Quyết định, number: 1190/QĐ-UBND, date: YYYY-MM-DD, issuer: ..., title: ...}")
        return None
    return Document(value["kind"].strip(), value["number"].strip(), value["date"], value["issuer"].strip(),
                    value["title"].strip())


def _process(raw: object, bad) -> Process:
    """Optional `process:`; each malformed part is one problem naming its key."""
    if raw is None:
        return Process()
    known = {"basis", "publication", "appraisal_body", "timeline", "survey"}
    if not isinstance(raw, dict) or set(raw) - known:
        bad("process", f"chỉ nhận các khóa {', '.join(sorted(known))}")
        return Process()
    basis = raw.get("basis") or []
    if not isinstance(basis, list):
        bad("process.basis", "phải là một danh sách văn bản")
        basis = []
    documents = tuple(d for i, v in enumerate(basis) if (d := _document(v, f"process.basis[{i}]", bad)))
    publication = _document(raw["publication"], "process.publication", bad) if raw.get("publication") else None
    timeline = []
    for i, m in enumerate(raw.get("timeline") or []):
        if not isinstance(m, dict) or not isinstance(m.get("date"), dt.date) or not isinstance(m.get("event"), str):
            bad(f"process.timeline[{i}]", "cần {date: YYYY-MM-DD, event: ...}")
            continue
        timeline.append(Milestone(m["date"], m["event"].strip()))
    survey = raw.get("survey") or {}
    respondents = survey.get("respondents") if isinstance(survey, dict) else None
    if not isinstance(survey, dict) or set(survey) - {"respondents", "method"} or (
            respondents is not None and (isinstance(respondents, bool) or not isinstance(respondents, int)
                                         or respondents <= 0)):
        bad("process.survey", "cần {respondents: số phiếu (số nguyên dương), method: ...}")
        survey, respondents = {}, None
    body = raw.get("appraisal_body") or ""
    if not isinstance(body, str):
        bad("process.appraisal_body", "phải là chuỗi ký tự")
        body = ""
    return Process(documents, publication, body.strip(), tuple(sorted(timeline, key=lambda m: m.date)),
                   respondents, str(survey.get("method") or "").strip())


class ContextOnly(RuntimeError):
    """A report notebook read data around the context it was handed (a bug in the notebook)."""


def refuse_if_context_only(what: str) -> None:
    """In the build's kernels a notebook prints only from its context: reading `what` there is a bug."""
    if os.environ.get(CONTEXT_ONLY_ENV):
        raise ContextOnly(f"the notebook read {what} instead of printing from its context; everything a report "
                          "prints belongs in its context object (pipeline.report.keys)")


# ---------------------------------------------------------------- one run's view of its inputs

_pinned: dict | None = None  # (kind, key) → value, while inputs_pinned() is in force


@contextlib.contextmanager
def inputs_pinned():
    """Within: dataset.yml, the processed tables' versions and the years under raw/ are read once, then taken as
    read (`pinned`). A build is in this scope from its tables written to its end, and reads them once: the year's
    inputs cannot change meanwhile without the run being refused at its end (build.year.check_unchanged), and an
    earlier year's, which that check does not cover, are seen as they were at their first reading, the same for
    every report of the run. Reading them again for every report of a plan (each unit's context asked several
    times) was a tenth of a re-run. Outside it (an analyst's kernel, a test between two edits) every call reads
    the files again."""
    global _pinned
    outer = _pinned
    _pinned = {} if outer is None else outer
    try:
        yield
    finally:
        _pinned = outer


def pinned(kind: str, key: object, read: Callable[[], object]) -> object:
    """read(), once per (kind, key) within inputs_pinned(); every time outside it. What raises is not kept."""
    if _pinned is None:
        return read()
    if (kind, key) not in _pinned:
        _pinned[kind, key] = read()
    return _pinned[kind, key]


def read_dataset(path: Path) -> Dataset:
    """dataset.yml, parsed once per content of the file in a process.

    A warm kernel runs every unit report of a year: without this it parsed the same file 130 times. Keyed by
    the file's bytes, not its modification time (coarse on FAT and network drives): an edited dataset.yml is
    read again at once, and an invalid one raises every time (errors are not cached). Within a build, read once
    (inputs_pinned).
    """
    refuse_if_context_only(str(path))
    return pinned("dataset", path, lambda: _read_dataset(path))


def _read_dataset(path: Path) -> Dataset:
    try:
        data = path.read_bytes() if path.is_file() and path.stat().st_size <= MAX_INPUT_BYTES else None
    except OSError:
        data = None
    if data is None:
        return Dataset.from_yaml(path)  # missing, unreadable or too large: from_yaml names the problem
    return _parsed_dataset(path.resolve(), data)


@lru_cache(maxsize=16)
def _parsed_dataset(path: Path, data: bytes) -> Dataset:
    return Dataset.from_bytes(data)


@dataclass(frozen=True)
class Settings:
    """A run: the year and the folders (contract §1). Values come from CLI flags."""

    year: int
    data_dir: Path = Path("data")
    output_dir: Path = Path("output")

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        object.__setattr__(self, "output_dir", Path(self.output_dir))

    @classmethod
    def locate(cls, year: int, data_dir: str | Path = "data", output_dir: str | Path = "output") -> "Settings":
        """Settings for a notebook: a relative folder is looked up from the working directory
        upwards, so a notebook opened in notebooks/ finds the project's data/."""
        return cls(year, find_dir(Path(data_dir)), find_dir(Path(output_dir)))

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw" / str(self.year)

    @property
    def processed_dir(self) -> Path:
        return self.data_dir / "processed" / str(self.year)

    @property
    def report_dir(self) -> Path:
        return self.output_dir / str(self.year)

    @property
    def previous(self) -> "Settings | None":
        """The year before, when its units' raw data exists (contract §1: reports compare with it)."""
        prev = Settings(self.year - 1, self.data_dir, self.output_dir)
        return prev if (prev.raw_dir / DATASET_FILE).exists() and (prev.raw_dir / FRAMEWORK_FILE).exists() else None

    @property
    def dataset(self) -> Dataset:
        """dataset.yml as it is now (parsed once per content: config.read_dataset)."""
        return read_dataset(self.raw_dir / DATASET_FILE)

    @property
    def has_units(self) -> bool:
        """A year may hold only the national index so far (quoc-gia/ without unit sheets)."""
        return (self.raw_dir / FRAMEWORK_FILE).exists() or (self.raw_dir / UNITS_FILE).exists()

    @property
    def has_national(self) -> bool:
        return (self.raw_dir / NATIONAL_DIR / NATIONAL_PROVINCES_FILE).exists()

    @property
    def lock_file(self) -> Path:
        """One writer at a time per data folder and year (processed tables, outputs, cache). At the top of
        DATA_DIR: never in raw/, and bad input still leaves no processed/ folder behind."""
        return self.data_dir / f".{self.year}.lock"

    @property
    def cache_dir(self) -> Path:
        """Built files by key and the published state of the year (outside the year's folder)."""
        return self.output_dir / CACHE_DIR / str(self.year)


def find_dir(path: Path) -> Path:
    """An existing relative folder, looked up from the working directory upwards (else as given)."""
    if path.is_absolute() or path.exists():
        return path
    for parent in Path.cwd().parents:
        if (parent / path).exists():
            return parent / path
    return path
