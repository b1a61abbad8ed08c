"""Re-running a year: nothing to do when nothing changed; a correction re-issues exactly the reports
whose printed data changed and says why; a killed run loses nothing; verify catches tampering."""
from __future__ import annotations

import hashlib
import json
import os
import re
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

# xa-trung-quoi (25th of the communes, 89,94 %, Tốt) gets 1 more point on 4.1.1: rank 20, Xuất sắc.
# so-ngoai-vu (4th, 94,94%) gets 0,5 more points on 1.3.2 and passes so-tai-nguyen-va-moi-truong (3rd, 95,17%):
# a correction within the departments' group (its 20 drafts and the provincial report rebuilt).
DEPARTMENT_CORRECTION = ('so-ngoai-vu,1.3.2,tham_dinh,"0,5",Phúc tra theo đề nghị của đơn vị,'
                         "Công văn số 401/SNV-CCHC ngày 05/3/2024\n")
CORRECTION = ("xa-trung-quoi,4.1.1,tham_dinh,2,Phúc tra theo đề nghị của đơn vị,"
              "Công văn số 402/SNV-CCHC ngày 20/3/2024\n")


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


def test_the_commands_rerun_forks_its_workers_and_publishes_what_a_build_without_workers_does(built_2023, tmp_path):
    """A re-run by the command forks its workers on Linux (they begin with its imports: runner.FORK_WHERE_SAFE);
    the same correction built in this process, without workers, publishes the same files, byte for byte."""
    forked, plain = copy_built(built_2023, tmp_path / "forked"), copy_built(built_2023, tmp_path / "plain")
    for settings in (forked, plain):
        with open(settings.raw_dir / "hieu-chinh.csv", "a", encoding="utf-8") as f:
            f.write(DEPARTMENT_CORRECTION)
    done = run_cli("report", "--year", "2023", "--data-dir", str(forked.data_dir), "--output-dir",
                   str(forked.output_dir))
    assert done.returncode == 0, done.stderr
    result = build_year(plain, workers=1, progress=False)
    assert not result.failed and len(result.built) > 20
    assert hashes(forked.report_dir) == hashes(plain.report_dir)


def own_results(settings: Settings) -> dict[str, tuple]:
    """Each unit's own figures from the processed tables: its scores, total, index, rank, band, and its rank
    among its district's communes (what its notice must tell it)."""
    d = read_table(settings.processed_dir, "diem")
    t = read_table(settings.processed_dir, "tong-hop-don-vi")
    scores = {m: tuple(map(tuple, g[["ma", "tu_danh_gia", "tham_dinh", "xhh", "diem"]].fillna(-1).values))
              for m, g in d.groupby("ma_don_vi")}
    in_district = {}
    for (_, parent), g in t[t["don_vi_cap_tren"].fillna("") != ""].groupby(["nhom", "don_vi_cap_tren"]):
        for m, c in zip(g["ma_don_vi"], g["chi_so"]):
            in_district[m] = 1 + sum(round(o, 6) > round(c, 6) for o in g["chi_so"])
    return {r["ma_don_vi"]: (scores[r["ma_don_vi"]], r["tong_diem"], round(r["chi_so"], 6), r["xep_hang"],
                             r["xep_loai"], in_district.get(r["ma_don_vi"])) for _, r in t.iterrows()}


@pytest.fixture(scope="module")
def corrected(built_2023, tmp_path_factory):
    """The sample issued, then one commune corrected (rank 25 → 20, Tốt → Xuất sắc) and rebuilt."""
    settings = copy_built(built_2023, tmp_path_factory.mktemp("corrected"))
    issued = build_year(settings, progress=False, issue=True)
    assert issued.issued == len(issued.built) and not issued.failed
    before, own_before = hashes(settings.report_dir), own_results(settings)
    with open(settings.raw_dir / "hieu-chinh.csv", "a", encoding="utf-8") as f:
        f.write(CORRECTION)
    result = build_year(settings, progress=False)
    assert not result.failed and result.changed
    return settings, before, hashes(settings.report_dir), result, own_before


def test_a_correction_after_issue_reissues_exactly_the_notices_whose_own_result_changed(corrected):
    settings, before, after, result, own_before = corrected
    own_after = own_results(settings)
    changed_units = {m for m in own_after if own_after[m] != own_before[m]}
    assert "xa-trung-quoi" in changed_units and len(changed_units) < 10
    groups = read_table(settings.processed_dir, "tong-hop-don-vi").set_index("ma_don_vi")["nhom"]
    notices = {f"don-vi/{groups[m]}/{m}.pdf": m for m in groups.index}
    replaced = {notices[r["path"]] for r in result.reissued if r["path"] in notices}
    assert replaced == changed_units
    # Every other notice is the issued file, byte for byte, though its group's mean and best moved.
    for path, unit in notices.items():
        if unit not in changed_units:
            for fmt in ("pdf", "docx", "html"):
                stem = path[:-4]
                assert after[f"{stem}.{fmt}"] == before[f"{stem}.{fmt}"], (stem, fmt)
    assert result.kept > 90  # the commune group's other notices: listed in thay-doi.html, not re-issued
    # The corrected commune's replacement is a new document naming the one it replaces, and why.
    text = pdf_text(settings.report_dir / "don-vi" / "xa" / "xa-trung-quoi.pdf")
    number = re.search(r"Số:\s*(\d+)/TB-SNV", text)
    series = settings.dataset.unit_notices  # no `replacements:` in the sample: the numbers after the year's
    assert "DỰ THẢO" in text and number and int(number[1]) >= series.first_number + len(groups)
    assert re.search(r"thay thế Thông báo số \d+/TB-SNV ngày 12/3/2024", text)
    assert "Công văn số 402/SNV-CCHC" in text
    # A unit that only moved says so, naming the unit corrected and the document.
    moved = sorted(changed_units - {"xa-trung-quoi"})
    text = pdf_text(settings.report_dir / "don-vi" / "xa" / f"{moved[0]}.pdf")
    assert "thay đổi thứ hạng do điều chỉnh kết quả của UBND xã Trung Quới" in " ".join(text.split())
    # The units report counts only the unit the cited document corrected; district packs of districts
    # without a corrected or moved commune are not re-issued.
    units_text = " ".join(pdf_text(settings.report_dir / f"{units_report_stem(2023)}.pdf").split())
    assert "điều chỉnh kết quả của UBND xã Trung Quới theo Công văn số 402/SNV-CCHC" in units_text
    district_packs = [r["path"] for r in result.reissued if r["path"].startswith("goi-theo-doi/huyen/")]
    assert 0 < len(district_packs) < 8


def test_change_report_lists_values_units_and_reissued_reports(corrected):
    settings, *_ = corrected
    page = (settings.report_dir / "thay-doi.html").read_text(encoding="utf-8")
    tables = html_tables(page)
    values = tables[0]["rows"]
    assert values[0][:5] == ["UBND xã Trung Quới", "4.1.1", "Thẩm định", "1", "2"]
    assert "Phúc tra theo đề nghị của đơn vị" in values[0]
    moved = {r[0] for r in tables[1]["rows"]}
    assert "UBND xã Trung Quới" in moved
    assert "raw/2023/hieu-chinh.csv (sửa)" in page
    assert "Văn bản giữ nguyên bản đã ban hành" in page
    manifest = json.loads((settings.report_dir / "manifest.json").read_text(encoding="utf-8"))
    assert {"thay-doi.html", "thay-doi.json", "so-phat-hanh.csv"} <= {o["path"] for o in manifest["outputs"]}


def test_second_noop_after_a_correction_keeps_the_history(corrected):
    settings, *_ = corrected
    before = hashes(settings.report_dir)
    result = build_year(settings, progress=False)
    assert not result.changed and hashes(settings.report_dir) == before
    assert len(json.loads((settings.report_dir / "thay-doi.json").read_text(encoding="utf-8"))["runs"]) == 2


def test_a_killed_run_leaves_the_last_good_outputs(built_2023, tmp_path):
    settings = copy_built(built_2023, tmp_path)
    outputs_before = hashes(settings.report_dir)
    with open(settings.raw_dir / "hieu-chinh.csv", "a", encoding="utf-8") as f:
        f.write(DEPARTMENT_CORRECTION)
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
    text = pdf_text(settings.report_dir / "don-vi" / "so" / "so-ngoai-vu.pdf")
    assert "DỰ THẢO" in text and "Công văn số 401/SNV-CCHC" in text and "thay thế" not in text


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
