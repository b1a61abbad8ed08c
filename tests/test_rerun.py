"""Re-running a year: nothing to do when nothing changed; a correction re-issues exactly the reports
whose printed data changed and says why; a killed run loses nothing; verify catches tampering."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, html_tables, pdf_text, run_cli
from pipeline.build.year import build_year
from pipeline.contract import units_report_stem
from pipeline.config import Settings
from pipeline.ingest import read_table
from pipeline.report.packs import slug

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line

# so-ngoai-vu (4th, 94,94%) gets 0,5 more points on 1.3.2 and passes so-tai-nguyen-va-moi-truong (3rd, 95,17%).
CORRECTION = ('so-ngoai-vu,1.3.2,tham_dinh,"0,5",Phúc tra theo đề nghị của đơn vị,'
              "Công văn số 401/SNV-CCHC ngày 05/3/2024\n")


def copy_built(built: Settings, dest: Path) -> Settings:
    """The built year (raw, processed, outputs and build cache) copied: a second run starts from there."""
    shutil.copytree(built.data_dir, dest / "data")
    shutil.copytree(built.output_dir, dest / "output")
    return Settings(built.year, dest / "data", dest / "output")


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_nothing_changed_means_nothing_done(built_2023, tmp_path):
    settings = copy_built(built_2023, tmp_path)
    before = hashes(settings.report_dir)
    result = build_year(settings, progress=False)
    assert result.built == [] and not result.changed
    assert hashes(settings.report_dir) == before


@pytest.fixture(scope="module")
def corrected(built_2023, tmp_path_factory):
    settings = copy_built(built_2023, tmp_path_factory.mktemp("corrected"))
    before = hashes(settings.report_dir)
    with open(settings.raw_dir / "hieu-chinh.csv", "a", encoding="utf-8") as f:
        f.write(CORRECTION)
    result = build_year(settings, progress=False)
    assert not result.failed and result.changed
    return settings, before, hashes(settings.report_dir), result


def test_correction_swaps_two_units_and_reissues_their_reports(corrected):
    settings, before, after, _ = corrected
    th = read_table(settings.processed_dir, "tong-hop-don-vi").set_index("ma_don_vi")
    assert th.loc["so-ngoai-vu", "xep_hang"] == 3 and th.loc["so-tai-nguyen-va-moi-truong", "xep_hang"] == 4
    for unit in ("so-ngoai-vu", "so-tai-nguyen-va-moi-truong"):
        assert before[f"don-vi/so/{unit}.pdf"] != after[f"don-vi/so/{unit}.pdf"]
        text = pdf_text(settings.report_dir / "don-vi" / "so" / f"{unit}.pdf")
        assert "Bản thay thế lần 1" in text
    assert "Công văn số 401/SNV-CCHC" in pdf_text(settings.report_dir / "don-vi" / "so" / "so-ngoai-vu.pdf")
    assert "thứ hạng, xếp loại của đơn vị thay đổi" in pdf_text(
        settings.report_dir / "don-vi" / "so" / "so-tai-nguyen-va-moi-truong.pdf")
    provincial = f"{units_report_stem(2023)}.pdf"
    assert before[provincial] != after[provincial] and "Bản thay thế lần 1" in pdf_text(settings.report_dir / provincial)


def test_reports_whose_data_did_not_change_are_byte_identical(corrected):
    settings, before, after, result = corrected
    manifest = json.loads((settings.report_dir / "manifest.json").read_text(encoding="utf-8"))
    changed = {p for p in after if p in before and before[p] != after[p]}
    units = [o for o in manifest["outputs"] if o["kind"] == "unit-report" and o["format"] == "pdf"]
    # Districts and communes print nothing that the correction touched: not one byte differs.
    for o in units:
        if not o["path"].startswith("don-vi/so/"):
            assert o["path"] not in changed, o["path"]
    # Every re-issued report is one whose printed data changed (its group's means moved), and says so.
    history = json.loads((settings.report_dir / "thay-doi.json").read_text(encoding="utf-8"))
    reissued = {r["path"] for r in history["runs"][-1]["reports"] if r["path"].startswith("don-vi/")}
    assert result.reissued == history["runs"][-1]["reports"]  # what the command line prints, report by report
    assert {p for p in changed if p.startswith("don-vi/so/") and p.endswith(".pdf")} == reissued
    # The pack of the agency that appraises 1.3.2 lists so-ngoai-vu's loss there: re-issued too, and no other.
    framework = read_table(settings.processed_dir, "bo-tieu-chi").set_index(["nhom", "ma"])
    agency = framework.loc[("so", "1.3.2"), "co_quan_tham_dinh"]
    packs = {r["path"] for r in history["runs"][-1]["reports"] if r["path"].startswith("goi-theo-doi/")}
    assert packs == {f"goi-theo-doi/co-quan/{slug(agency)}.pdf"}
    assert len(result.built) == 1 + len(reissued) + len(packs)  # the provincial report, the re-issued ones


def test_change_report_lists_values_units_and_reissued_reports(corrected):
    settings, *_ = corrected
    page = (settings.report_dir / "thay-doi.html").read_text(encoding="utf-8")
    tables = html_tables(page)
    values = tables[0]["rows"]
    assert values == [["Sở Ngoại vụ", "1.3.2", "Thẩm định", "0", "0,5",
                       "hieu-chinh.csv:dòng 5 (Công văn số 401/SNV-CCHC ngày 05/3/2024)",
                       "Phúc tra theo đề nghị của đơn vị", "Công văn số 401/SNV-CCHC ngày 05/3/2024"]]
    moved = {r[0]: (r[5], r[6]) for r in tables[1]["rows"]}
    assert moved == {"Sở Ngoại vụ": ("4", "3"), "Sở Tài nguyên và Môi trường": ("3", "4")}
    assert "raw/2023/hieu-chinh.csv (sửa)" in page
    manifest = json.loads((settings.report_dir / "manifest.json").read_text(encoding="utf-8"))
    assert {"thay-doi.html", "thay-doi.json"} <= {o["path"] for o in manifest["outputs"]}


def test_second_noop_after_a_correction_keeps_the_history(corrected):
    settings, *_ = corrected
    before = hashes(settings.report_dir)
    result = build_year(settings, progress=False)
    assert not result.changed and hashes(settings.report_dir) == before
    assert len(json.loads((settings.report_dir / "thay-doi.json").read_text(encoding="utf-8"))["runs"]) == 1


def test_a_killed_run_leaves_the_last_good_outputs(built_2023, tmp_path):
    settings = copy_built(built_2023, tmp_path)
    outputs_before = hashes(settings.report_dir)
    with open(settings.raw_dir / "hieu-chinh.csv", "a", encoding="utf-8") as f:
        f.write(CORRECTION)
    cache = settings.output_dir / ".cache" / "2023"
    entries_before = len(list(cache.glob("??/*")))
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "report", "--year", "2023", "--data-dir",
                                str(settings.data_dir), "--output-dir", str(settings.output_dir)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(cache.glob("??/*"))) < entries_before + 3:
        time.sleep(0.2)  # wait until some new reports are built: the run is in the middle of its work
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert hashes(settings.report_dir) == outputs_before
    assert run_cli("verify", "--year", "2023", "--data-dir", str(settings.data_dir), "--output-dir",
                   str(settings.output_dir)).returncode == 0
    # The processed tables are whole (old or new, never a mix) and readable.
    tables = {name: read_table(settings.processed_dir, name) for name in ("diem", "tong-hop-don-vi")}
    assert len(tables["tong-hop-don-vi"]) == 130 and len(tables["diem"]) > 1000
    # The next run finishes the work, reusing what the killed one built.
    result = build_year(settings, progress=False)
    assert result.changed and not result.failed and len(result.built) < 21
    assert "Bản thay thế lần 1" in pdf_text(settings.report_dir / "don-vi" / "so" / "so-ngoai-vu.pdf")


def test_verify_catches_a_tampered_output(built_2023, tmp_path):
    settings = copy_built(built_2023, tmp_path)
    args = ("verify", "--year", "2023", "--data-dir", str(settings.data_dir), "--output-dir", str(settings.output_dir))
    assert run_cli(*args).returncode == 0
    target = settings.report_dir / "don-vi" / "xa" / "xa-phu-binh.pdf"
    original = target.read_bytes()
    with open(target, "r+b") as f:  # edited in place, as an editor does: the same file, not a new one
        f.seek(-10, 2)
        f.write(b"tampered!!")
    (settings.report_dir / "extra.txt").write_text("x")
    result = run_cli(*args)
    assert result.returncode == 1
    assert "don-vi/xa/xa-phu-binh.pdf: nội dung khác với manifest" in result.stderr
    assert "extra.txt: tệp không có trong manifest" in result.stderr
    # and a report run puts the good file back from the cache: the edit never reached the cache, and the
    # manifest never certifies it (published files are copies, not links into the cache)
    build_year(settings, progress=False)
    assert target.read_bytes() == original
    (settings.report_dir / "extra.txt").unlink(missing_ok=True)
    assert run_cli(*args).returncode == 0
