"""What the build must survive (issue 25): a file edited in its cache, two years built at once, a kill between
publishing the year's folder and saving its state, a full disk, a read-only folder, a worker killed alone;
and published notebooks that reveal no machine path. Each test builds the tiny province of conftest."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATASET, ROOT, SHEET_ROWS, make_year, run_cli, write_sheet
from pipeline.build.year import build_year
from pipeline.config import Settings

pytestmark = pytest.mark.slow  # builds a (tiny) province, starts workers and the command line


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("tiny")
    make_year(root / "data")
    settings = Settings(2023, root / "data", root / "output")
    result = build_year(settings, workers=1, progress=False)
    assert not result.failed, [o.error for o in result.failed]
    return settings


def copy_of(built: Settings, dest: Path) -> Settings:
    shutil.copytree(built.data_dir, dest / "data")
    shutil.copytree(built.output_dir, dest / "output")
    return Settings(built.year, dest / "data", dest / "output")


def verify(settings: Settings):
    return run_cli("verify", "--year", str(settings.year), "--data-dir", str(settings.data_dir), "--output-dir",
                   str(settings.output_dir))


def manifest_entry(settings: Settings, path: str) -> dict:
    manifest = json.loads((settings.report_dir / "manifest.json").read_bytes())
    return next(o for o in manifest["outputs"] if o["path"] == path)


def test_a_file_edited_in_the_build_cache_is_rebuilt_not_published(tiny_built, tmp_path, capsys):
    settings = copy_of(tiny_built, tmp_path)
    published = settings.report_dir / "don-vi" / "so" / "so-a.html"
    original = published.read_bytes()
    key = manifest_entry(settings, "don-vi/so/so-a.html")["key"]
    cached = settings.cache_dir / key[:2] / key / "html"
    cached.write_bytes(original.replace("Sở A".encode(), "Sở A (đã sửa trong bộ nhớ đệm)".encode()))
    published.unlink()  # the folder is reassembled from the cache
    capsys.readouterr()
    result = build_year(settings, workers=1, progress=False)
    assert result.changed and [o.target.unit for o in result.built] == ["so-a"]  # rebuilt, the edit dropped
    assert "SHA-256 không khớp" in capsys.readouterr().err
    assert published.read_bytes() == original  # the rebuilt file, byte for byte the one first built
    assert verify(settings).returncode == 0


def test_published_notebooks_carry_no_machine_path(tiny_built):
    """The executed notebooks are published and linked from the landing page: they must not show where the
    data, the outputs or the build cache live."""
    folders = {str(p) for s in (tiny_built,) for p in (s.data_dir, s.output_dir, s.data_dir.resolve(),
                                                         s.output_dir.resolve(), s.data_dir.parent.resolve())}
    notebooks = sorted((tiny_built.report_dir / "notebooks").rglob("*.ipynb"))
    assert len(notebooks) == 5  # the units report, two unit notices, two agency packs
    for path in notebooks:
        text = path.read_text(encoding="utf-8")
        assert not [f for f in folders if f in text], path
        injected = next(c["source"] for c in json.loads(text)["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
        source = "".join(injected)
        assert 'data_dir = "data"' in source and 'context_file = ""' in source  # the notebook's own defaults
    for path in tiny_built.report_dir.rglob("*"):  # nor any other published file
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".ipynb"):
            assert str(tiny_built.data_dir.parent.resolve()) not in path.read_text(encoding="utf-8-sig"), path


def report_command(data: Path, out: Path, year: int) -> list[str]:
    return [sys.executable, "-m", "pipeline", "report", "--year", str(year), "--data-dir", str(data), "--output-dir",
            str(out), "--workers", "1"]


def test_a_run_holds_the_lock_of_every_year_whose_tables_it_may_rebuild(tmp_path):
    """A 2023 run rebuilds processed/2022 when 2022's inputs changed: it must wait while a 2022 run holds 2022
    (it used to rebuild and clean 2022's tables under that run's feet: 2 crashes in 5 tries); and a 2023 run and
    a 2022 run started together both finish, one after the other where they overlap."""
    from filelock import FileLock

    data, out = tmp_path / "data", tmp_path / "out"
    make_year(data, year=2022, dataset=DATASET.replace("year: 2023", "year: 2022"))
    make_year(data)
    held = FileLock(Settings(2022, data).lock_file)
    held.acquire()  # a 2022 run at work
    log = tmp_path / "2023.err"
    with open(log, "wb") as err:
        run = subprocess.Popen(report_command(data, out, 2023), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and "năm 2022" not in log.read_text(encoding="utf-8"):
            time.sleep(0.2)
        time.sleep(1)
        assert "đang có một lần chạy khác ghi dữ liệu năm 2022" in log.read_text(encoding="utf-8")
        assert run.poll() is None and not (data / "processed").exists()  # waits, and writes nothing meanwhile
    finally:
        held.release()
    assert run.wait(timeout=300) == 0, log.read_text(encoding="utf-8")

    # Both years at once, 2022's inputs changed: each run would rebuild processed/2022.
    rows = [r if r[0] != "1.1.3" else (*r[:5], 3, r[6]) for r in SHEET_ROWS]
    write_sheet(data / "raw" / "2022" / "cham-diem" / "so-a.xlsx", rows)
    runs = [subprocess.Popen(report_command(data, out, year), cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True) for year in (2023, 2022)]
    results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert any("chờ lần đó xong" in err for _, err in results)  # one waited for the other
    for year in (2022, 2023):
        check = run_cli("verify", "--year", str(year), "--data-dir", str(data), "--output-dir", str(out))
        assert check.returncode == 0, check.stderr
    assert not list((data / "processed").glob(".*building*"))  # no staging folder left behind


KILL_AFTER_THE_YEAR_SWAP = """
import os, sys
from pipeline.build import folder, year
from pipeline.config import Settings

original = folder.swap_dir


def swap_then_die(staging, final):
    original(staging, final)
    os._exit(9)  # killed once the year's folder is in place, before the state that goes with it is saved


folder.swap_dir = swap_then_die
year.build_year(Settings(2023, sys.argv[1], sys.argv[2]), workers=1, progress=False, issue=True)
"""
CORRECTION = "ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\nso-a,1.1.2,tham_dinh,2,Phúc tra,Công văn số 7/SNV\n"


def tree_hashes(folder: Path) -> dict[str, str]:
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_kill_between_the_year_swap_and_the_saved_state_loses_no_run_and_no_number(tiny_built, tmp_path):
    """Issuing, killed after the year's folder was swapped in but before its state was saved, then a correction:
    the same folder, byte for byte, as without the kill (the issue run in the history, the replacement numbered
    after the register's numbers). It used to forget the issue: no register, drafts instead of replacements."""
    uninterrupted, killed = copy_of(tiny_built, tmp_path / "a"), copy_of(tiny_built, tmp_path / "b")
    build_year(uninterrupted, workers=1, progress=False, issue=True)
    run = subprocess.run([sys.executable, "-c", KILL_AFTER_THE_YEAR_SWAP, str(killed.data_dir),
                          str(killed.output_dir)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 9, run.stderr
    for settings in (uninterrupted, killed):
        (settings.raw_dir / "hieu-chinh.csv").write_text(CORRECTION, encoding="utf-8")
        result = build_year(settings, workers=1, progress=False)
        assert not result.failed
    assert tree_hashes(killed.report_dir) == tree_hashes(uninterrupted.report_dir)
    runs = json.loads((killed.report_dir / "thay-doi.json").read_bytes())["runs"]
    assert [r["number"] for r in runs] == [1, 2] and len(runs[0]["issued"]) == 5
    replaced = {r["path"]: r for r in runs[1]["reports"]}
    assert replaced["bao-cao-chi-so-cchc-cac-don-vi-2023.pdf"]["replaces"].startswith("94/BC-SNV")
    assert "197/BC-SNV" in (killed.report_dir / "bao-cao-chi-so-cchc-cac-don-vi-2023.html").read_text(encoding="utf-8")
    assert (killed.report_dir / "so-phat-hanh.csv").is_file()
    assert verify(killed).returncode == 0


def test_a_worker_killed_alone_is_named_with_the_report_it_held(tmp_path):
    """A worker process killed on its own (the OOM killer, by hand): the pool breaks; the run names the report
    that worker was building, says what was kept, exits 1 with the traceback in a log; nothing is published."""
    import os
    import signal

    data, out = tmp_path / "data", tmp_path / "out"
    make_year(data)
    run = subprocess.Popen([*report_command(data, out, 2023)[:-1], "2"], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    running = out / ".cache" / "2023" / "dang-lap"
    held, deadline = None, time.time() + 180
    while held is None and time.time() < deadline and run.poll() is None:
        for marker in running.glob("*.json") if running.is_dir() else []:
            try:
                held = (int(marker.stem), json.loads(marker.read_bytes()))
                break
            except (OSError, ValueError):
                continue
        time.sleep(0.01)
    assert held is not None, "no worker was seen building a report"
    os.kill(held[0], signal.SIGKILL)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 1, err
    line = next(e for e in err.splitlines() if "lỗi: " in e)
    assert line.startswith("lỗi: một tiến trình lập báo cáo bị dừng đột ngột"), err  # no progress bar before it
    assert f"tiến trình {held[0]} (tín hiệu 9) đang lập {held[1]['title']}" in line, err
    assert "Hãy chạy lại" in line and "Traceback" not in err
    log = Path(line.rsplit("Chi tiết kỹ thuật: ", 1)[1])
    assert "BrokenProcessPool" in log.read_text(encoding="utf-8") or "WorkerDied" in log.read_text(encoding="utf-8")
    assert not (out / "2023").exists()
    assert subprocess.run(report_command(data, out, 2023), cwd=ROOT, capture_output=True).returncode == 0  # again


def test_a_full_disk_while_storing_a_report_stops_the_run_with_a_sentence(tmp_path, monkeypatch, capsys):
    import errno
    import os

    import pipeline.__main__ as cli
    from pipeline.build import runner

    data, out = tmp_path / "data", tmp_path / "out"
    make_year(data)

    def disk_full(entry, files):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(entry / "pdf"))

    monkeypatch.setattr(runner, "store", disk_full)
    assert cli.main(["report", "--year", "2023", "--data-dir", str(data), "--output-dir", str(out),
                     "--workers", "1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("lỗi: hết chỗ trống trên ổ đĩa khi ghi") and not any("Traceback" in e for e in err)
    assert len([e for e in err if "báo cáo lỗi" in e]) == 0  # the machine's failure, not five reports'
    assert not (out / "2023").exists()


def test_a_cache_file_changed_while_it_is_copied_is_never_certified(tiny_built, tmp_path, monkeypatch):
    """The cache is checked before reuse and again as each file is copied into the year's folder: a file changed
    in between (another program writing into the cache) stops the run before anything is published."""
    from pipeline.build import folder

    settings = copy_of(tiny_built, tmp_path)
    published = settings.report_dir / "don-vi" / "so" / "so-a.html"
    before = tree_hashes(settings.report_dir)
    published.unlink()  # the folder is reassembled from the cache
    original = folder.copy_file

    def changed_meanwhile(source, dest):
        if dest.name == "so-a.html":
            source.write_bytes(source.read_bytes() + b"<!-- changed -->")
        return original(source, dest)

    monkeypatch.setattr(folder, "copy_file", changed_meanwhile)
    with pytest.raises(folder.CacheChanged):
        build_year(settings, workers=1, progress=False)
    del before["don-vi/so/so-a.html"]
    assert tree_hashes(settings.report_dir) == before  # nothing swapped in
    monkeypatch.undo()
    result = build_year(settings, workers=1, progress=False)
    assert [o.target.unit for o in result.built] == ["so-a"] and verify(settings).returncode == 0
