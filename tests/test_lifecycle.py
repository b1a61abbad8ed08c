"""A year's documents as a Sở Nội vụ issues them: drafts until issued, an issue register, and after issue
a replacement only for a document whose own figures changed, numbered and naming what it replaces."""
from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATASET, make_year

from pipeline import contract
from pipeline.build.year import NotCurrent, build_year
from pipeline.config import Settings
from pipeline.ingest import read_table

pytestmark = pytest.mark.slow  # builds a province eight times

NOTICES = DATASET + ("unit_notices: {first_number: 10, suffix: TB-SNV, date: 2024-03-13}\n"
                     "replacements: {first_number: 50, date: 2024-04-02}\n")
HEADER = "ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\n"
# so-a's 1.1.2 (appraised by Sở Tư pháp): 1,5 → 2, then → 1,75.
FIRST = 'so-a,1.1.2,tham_dinh,2,Phúc tra theo đề nghị của đơn vị,"Công văn số 401/SNV-CCHC ngày 05/3/2024"\n'
SECOND = 'so-a,1.1.2,tham_dinh,"1,75",Thẩm định lại,"Công văn số 420/SNV-CCHC ngày 10/4/2024"\n'
# Before issue: so-b's survey point corrected (a draft is simply rebuilt).
DRAFT_FIX = 'so-b,2.1.1,xhh,3,Nhập sai kết quả điều tra,"Công văn số 390/SNV-CCHC ngày 01/3/2024"\n'
DRAFT_MARK = 'class="du-thao"'
REPLACEMENT_BOX = 'class="thay-the"'


def run(settings: Settings, issue: bool = False):
    result = build_year(settings, workers=1, progress=False, issue=issue)
    assert not result.failed, [o.error for o in result.failed]
    return result


def pages(settings: Settings) -> dict[str, str]:
    return {p.relative_to(settings.report_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in settings.report_dir.rglob("*.html") if p.name not in (contract.INDEX_PAGE, contract.HISTORY_PAGE)}


def documents(settings: Settings) -> dict[str, bytes]:
    """Every document file of the year folder (reports in three formats, Excel, zips), not the run history."""
    skip = {contract.MANIFEST, contract.HISTORY, contract.HISTORY_PAGE, contract.INDEX_PAGE, contract.DISTRIBUTION,
            contract.REGISTER}
    return {p.relative_to(settings.report_dir).as_posix(): p.read_bytes() for p in settings.report_dir.rglob("*")
            if p.is_file() and p.name not in skip and p.suffix != ".ipynb"}


def register(settings: Settings) -> list[dict]:
    text = (settings.report_dir / contract.REGISTER).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def own_results(settings: Settings) -> dict[str, tuple]:
    """Each unit's own figures, read from the processed tables: its scores, total, index, rank and band."""
    d, t = read_table(settings.processed_dir, contract.DIEM), read_table(settings.processed_dir, contract.TONG_HOP)
    scores = {m: tuple(map(tuple, g[["ma", "tu_danh_gia", "tham_dinh", "xhh", "diem"]].fillna(-1).values))
              for m, g in d.groupby("ma_don_vi")}
    return {r["ma_don_vi"]: (scores[r["ma_don_vi"]], r["tong_diem"], round(r["chi_so"], 6), r["xep_hang"],
                             r["xep_loai"]) for _, r in t.iterrows()}


@pytest.fixture
def year(tmp_path) -> Settings:
    make_year(tmp_path / "data", dataset=NOTICES)
    return Settings(2023, tmp_path / "data", tmp_path / "output")


def test_drafts_issue_and_replacements(year, tmp_path):
    settings = year
    run(settings)
    assert all(DRAFT_MARK in page and REPLACEMENT_BOX not in page for page in pages(settings).values())

    # A fix before issue rebuilds drafts, never called replacements, and equals a clean build of the same inputs.
    (settings.raw_dir / "hieu-chinh.csv").write_text(HEADER + DRAFT_FIX, encoding="utf-8")
    run(settings)
    assert all(DRAFT_MARK in page and REPLACEMENT_BOX not in page for page in pages(settings).values())
    clean = Settings(2023, tmp_path / "clean" / "data", tmp_path / "clean" / "output")
    shutil.copytree(settings.raw_dir, clean.raw_dir)
    run(clean)
    assert documents(settings) == documents(clean)

    # Issue: the marks go, the register lists every document with the bytes issued.
    result = run(settings, issue=True)
    assert result.issued == len(pages(settings)) and result.drafts == 0
    assert all(DRAFT_MARK not in page for page in pages(settings).values())
    rows = register(settings)
    assert len(rows) == len(pages(settings))
    notices = {r["tep"]: r for r in rows if r["loai"] == "Thông báo"}
    assert {r["so"] for r in notices.values()} == {"10/TB-SNV", "11/TB-SNV"}
    for r in rows:
        assert hashlib.sha256((settings.report_dir / r["tep"]).read_bytes()).hexdigest() == r["sha256"]
        assert r["thay_the"] == ""
    sent = list(csv.DictReader(io.StringIO((settings.report_dir / contract.DISTRIBUTION).read_text(
        encoding="utf-8-sig"))))
    assert {r["ma_don_vi"]: r["gui_lan_nay"] for r in sent if r["ma_don_vi"]} == {"so-a": "thông báo",
                                                                                 "so-b": "thông báo"}
    issued = documents(settings)
    assert run(settings, issue=True).issued == 0  # issuing twice without changes does nothing
    assert documents(settings) == issued

    # A correction after issue: only the documents whose own figures changed become replacement drafts.
    before = own_results(settings)
    (settings.raw_dir / "hieu-chinh.csv").write_text(HEADER + DRAFT_FIX + FIRST, encoding="utf-8")
    with pytest.raises(NotCurrent):  # the drafts of these inputs have not been built (nor read) yet
        run(settings, issue=True)
    result = run(settings)
    after = own_results(settings)
    changed_units = {m for m in after if after[m] != before[m]}
    assert changed_units == {"so-a"}  # computed from the tables: so-b's own figures did not move
    replaced = {r["path"] for r in result.reissued}
    unit_pdf = {m: f"{contract.unit_stem('so', m)}.pdf" for m in ("so-a", "so-b")}
    assert {m for m, p in unit_pdf.items() if p in replaced} == changed_units
    assert result.kept == 1  # so-b: only its group's mean and best moved
    now = documents(settings)
    for path in (f"{contract.unit_stem('so', 'so-b')}.{f}" for f in ("html", "pdf", "docx")):
        assert now[path] == issued[path]  # kept exactly as issued
    page = pages(settings)[f"{contract.unit_stem('so', 'so-a')}.html"]
    assert DRAFT_MARK in page and REPLACEMENT_BOX in page
    # Its own number: the replacements' series of dataset.yml (one sequence for all the year's documents, as
    # Decree 30 numbers them), never a number the year holds already.
    first = int(re.search(r"Số: (\d+)/TB-SNV", page)[1])
    assert first >= 50 and "thay thế Thông báo số 10/TB-SNV ngày 13/3/2024" in page
    assert "401/SNV-CCHC" in page
    # The units report's reason counts only the unit the cited document corrected.
    units_page = pages(settings)[f"{contract.units_report_stem(2023)}.html"]
    assert re.search(r"điều chỉnh kết quả của Sở A theo Công văn số 401/SNV-CCHC", units_page)

    # Issue the replacements, then a second correction: a replacement of the replacement, numbered and linked.
    result = run(settings, issue=True)
    assert result.issued == len(replaced)
    rows = register(settings)
    row = next(r for r in rows if r["so"] == f"{first}/TB-SNV")
    assert row["thay_the"] == "10/TB-SNV ngày 2024-03-13" and row["ngay"] == "2024-04-02"
    (settings.raw_dir / "hieu-chinh.csv").write_text(HEADER + DRAFT_FIX + SECOND, encoding="utf-8")
    run(settings)
    page = pages(settings)[f"{contract.unit_stem('so', 'so-a')}.html"]
    second = int(re.search(r"Số: (\d+)/TB-SNV", page)[1])
    assert f"thay thế Thông báo số {first}/TB-SNV ngày 02/4/2024" in page and second > first
    run(settings, issue=True)
    row = next(r for r in register(settings) if r["so"] == f"{second}/TB-SNV")
    assert row["thay_the"] == f"{first}/TB-SNV ngày 2024-04-02"
    # Every number of the register is used once.
    numbers = [r["so"] for r in register(settings) if r["so"]]
    assert len(numbers) == len(set(numbers))
    assert pd.Series(numbers).str.fullmatch(r"\d+/(TB|BC)-SNV").all()
