"""Hostile input and misuse, end to end: text from input files can't inject HTML into any report nor a
formula into the distribution list; two runs at once do not mix; metadata reaches every report.
(The reader's side of hostile input is fast and lives in tests/unit/ingest/test_robustness.py.)"""
from __future__ import annotations

import pytest

import csv
import io
import subprocess
import sys

from conftest import DATASET, ROOT, SHEET_ROWS, UNITS, make_year, run_cli

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line


def test_text_from_inputs_is_escaped_in_every_report(tmp_path):
    hostile = '<script>alert("x")</script> **đậm** [liên kết](http://x) http://evil.example/y'
    units = [("so-a", f"Sở A {hostile}", "so", None), *UNITS[1:]]
    rows = [r if r[0] != "1.1.2" else (*r[:6], "Ghi chú <img src=x onerror=alert(1)>") for r in SHEET_ROWS]
    data = tmp_path / "data"
    make_year(data, units=units, sheets={"so-a": rows, "so-b": SHEET_ROWS})
    result = run_cli("report", "--year", "2023", "--data-dir", str(data), "--output-dir", str(tmp_path / "out"),
                     "--workers", "1")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "out" / "2023").rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page.name
        assert 'href="http://evil.example' not in text and 'href="http://x"' not in text, page.name  # no links
    unit_page = (tmp_path / "out" / "2023" / "don-vi" / "so" / "so-a.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in unit_page and "&lt;img src=x onerror=alert(1)&gt;" in unit_page


def test_text_ingest_accepts_never_stops_the_report_stage(tmp_path):
    # Issue 25: a unit name over ~225 characters failed the DOCX writer (core property over 255), a 200-character
    # word ran off the PDF page, line breaks in a name became Markdown. Names up to the 200-character limit, with
    # one long word, NFD accents and a line break, and notes and reasons with 200-character words, build.
    import unicodedata

    from pypdf import PdfReader

    word = "Trường" + "x" * 194  # 200 characters, no space
    name = "UBND xã " + "Tân\nHòa " + "x" * 173  # 190 characters once its line break is a space
    units = [("so-a", unicodedata.normalize("NFD", name), "so", None), *UNITS[1:]]
    rows = [r if r[0] != "1.1.2" else (*r[:6], f"Thiếu {word}") for r in SHEET_ROWS]
    data = tmp_path / "data"
    make_year(data, units=units, sheets={"so-a": rows, "so-b": SHEET_ROWS},
              corrections=f"ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\nso-a,1.1.1,tham_dinh,0.5,{word},CV {word[:150]}\n")
    result = run_cli("report", "--year", "2023", "--data-dir", str(data), "--output-dir", str(tmp_path / "out"),
                     "--workers", "1")
    assert result.returncode == 0, result.stderr
    unit = tmp_path / "out" / "2023" / "don-vi" / "so" / "so-a"
    printed = " ".join(name.split())
    assert printed in unit.with_suffix(".html").read_text(encoding="utf-8")
    from docx import Document
    assert printed in Document(str(unit.with_suffix(".docx"))).core_properties.title  # NFC, on one line
    pdf = PdfReader(str(unit.with_suffix(".pdf")))
    width = float(pdf.pages[0].mediabox.width)
    lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    assert max(len(line) for line in lines) < 110 and width < 600  # the long words broke across lines


def test_distribution_list_neutralises_formulas(tmp_path):
    # (A name starting with "=" is a formula in the workbook itself; these reach the list as typed.)
    units = [("so-a", "@SUM(1+1)*Sở A", "so", None), ("so-b", "+84 Sở B", "so", None)]
    data = tmp_path / "data"
    make_year(data, units=units)
    result = run_cli("report", "--year", "2023", "--data-dir", str(data), "--output-dir", str(tmp_path / "out"),
                     "--workers", "1", "--only", "unit-report")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "2023" / "phan-phoi.csv").read_text(encoding="utf-8-sig")
    names = {r["ma_don_vi"]: r["ten_don_vi"] for r in csv.DictReader(io.StringIO(text))}
    assert names == {"so-a": "'@SUM(1+1)*Sở A", "so-b": "'+84 Sở B"}  # Excel shows them as text


def test_two_runs_at_once_take_turns(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    make_year(data)
    command = [sys.executable, "-m", "pipeline", "report", "--year", "2023", "--data-dir", str(data),
               "--output-dir", str(out), "--workers", "1"]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert sum("đang có một lần chạy khác cho năm 2023" in err for _, err in results) == 1  # one waited
    verify = run_cli("verify", "--year", "2023", "--data-dir", str(data), "--output-dir", str(out))
    assert verify.returncode == 0, verify.stderr


def test_a_change_of_agency_in_dataset_yml_reaches_every_unit_report(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    make_year(data)
    args = ("report", "--year", "2023", "--data-dir", str(data), "--output-dir", str(out), "--workers", "1")
    assert run_cli(*args).returncode == 0
    (data / "raw" / "2023" / "dataset.yml").write_text(DATASET.replace("agency: Sở Nội vụ", "agency: Sở Nội vụ mới"),
                                                       encoding="utf-8")
    assert run_cli(*args).returncode == 0
    for ma, *_ in UNITS:
        page = (out / "2023" / "don-vi" / "so" / f"{ma}.html").read_text(encoding="utf-8")
        # An appendix "kèm theo Báo cáo số … của <agency> tỉnh <province>": its issuer named in full.
        assert "của Sở Nội vụ mới tỉnh Vĩnh Long)" in page, ma


def test_killing_the_main_process_leaves_no_worker(tmp_path):
    import os
    import signal
    import time

    import psutil

    data = tmp_path / "data"
    make_year(data)
    main = subprocess.Popen([sys.executable, "-m", "pipeline", "report", "--year", "2023", "--data-dir", str(data),
                             "--output-dir", str(tmp_path / "out"), "--workers", "2"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(main.pid)
    deadline = time.time() + 120
    children = []
    while time.time() < deadline:  # two workers
        children = parent.children(recursive=True)
        # (forked on Linux, the workers have the main process's command line; multiprocessing's resource tracker,
        # if any, is not one of them)
        if sum("resource_tracker" not in " ".join(c.cmdline()) for c in children if c.is_running()) >= 2:
            break
        time.sleep(0.1)
    assert len(children) >= 2, [c.cmdline()[:3] for c in children]
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], [p.pid for p in alive]


def test_a_correction_saved_during_the_build_publishes_nothing(tmp_path, monkeypatch):
    """Saving hieu-chinh.csv while reports are being built used to publish a mixed set with exit 0."""
    import pytest

    from pipeline.build import year as build
    from pipeline.config import Settings
    from pipeline.errors import InputError

    make_year(tmp_path)
    settings = Settings(2023, tmp_path, tmp_path / "out")
    original = build.run_targets

    def build_while_a_clerk_saves(*args, **kwargs):
        outcomes = original(*args, **kwargs)
        (settings.raw_dir / "hieu-chinh.csv").write_text(
            "ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\nso-a,1.1.2,tham_dinh,2,Phúc tra,Công văn 1/SNV\n",
            encoding="utf-8")
        return outcomes

    monkeypatch.setattr(build, "run_targets", build_while_a_clerk_saves)
    with pytest.raises(InputError) as error:
        build.build_year(settings, workers=1, progress=False)
    assert [p.code for p in error.value.problems] == ["INPUT_CHANGED"]
    assert error.value.problems[0].file == "hieu-chinh.csv"
    assert not settings.report_dir.exists()  # nothing published from the mixed run
