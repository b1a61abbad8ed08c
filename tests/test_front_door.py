"""The front door with real processes (slow): the installed wheel outside the repository, make from another
folder, a console in cp1252 writing to a file, Ctrl-C, and workers that end with their parent.
(The cp1252 console is checked with the installed wheel.) The same rules in process are in
tests/unit/test_front_door.py."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, make_year, tree_snapshot

pytestmark = pytest.mark.slow  # builds the package, starts make, the command line and workers

MAKE = shutil.which("make")


def env_without_repository(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH pointing into the repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(extra)
    return env


def make_env() -> dict[str, str]:
    """make as a user runs it: no variables of an enclosing make (`make test YEAR=…`) or of the shell."""
    drop = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEFILES", "YEAR", "DATA_DIR", "OUTPUT_DIR", "UNIT"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie (Linux /proc; elsewhere: signal 0)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return stat.read_text().split(") ", 1)[1][0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.2)
    return not alive(pid)


# ---------------------------------------------------------------- the installed package


def test_the_wheel_installs_outside_the_repository_and_builds_a_report(tmp_path):
    # Build from a copy of what the package is made of (no build/ or egg-info written into the repository).
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("pipeline", "notebooks"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(src)], check=True, capture_output=True)
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("pipeline/notebooks/unit-report.ipynb", "pipeline/notebooks/units-report.ipynb",
                    "pipeline/render/templates/pdf/report.typ", "pipeline/render/templates/docx/reference.docx",
                    "pipeline/report/templates/signature.html.j2", "pipeline/report/national/__init__.py"):
        assert shipped in names
    assert not [n for n in names if n.startswith(("pipeline/sample/", "tools/", "tests/"))]

    # A fresh venv outside the repository, the pinned runtime from requirements.txt (pip's cache and indexes).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-compile",
                                "--disable-pip-version-check", str(wheel), "-r", str(ROOT / "requirements.txt")],
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-3000:]

    # A user's folder elsewhere, a console in cp1252 writing to files (Windows with `> log.txt`).
    data = tmp_path / "du-lieu"
    make_year(data)
    home = tmp_path / "phong-cchc"
    home.mkdir()
    env = env_without_repository(PYTHONIOENCODING="cp1252", PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    where = subprocess.run([str(bin_dir / "python"), "-c", "import pipeline; print(pipeline.__file__)"], cwd=home,
                           env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    helped = subprocess.run([str(bin_dir / "par-index"), "--help"], cwd=home, env=env, capture_output=True)
    assert helped.returncode == 0
    assert helped.stdout.decode("utf-8").startswith("cách dùng: par-index")
    with open(home / "log.txt", "wb") as log:
        built = subprocess.run([str(bin_dir / "par-index"), "report", "--year", "2023", "--data-dir", str(data),
                                "--output-dir", "bao-cao", "--only", "units-report", "--workers", "1"],
                               cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    log_text = (home / "log.txt").read_bytes().decode("utf-8")  # UTF-8 whatever the code page
    assert built.returncode == 0, log_text
    assert f"{Path('bao-cao') / '2023'}: " in log_text and "báo cáo lập mới" in log_text
    report = home / "bao-cao" / "2023"
    for fmt in ("html", "pdf", "docx"):
        assert (report / f"bao-cao-chi-so-cchc-cac-don-vi-2023.{fmt}").stat().st_size > 1000
    assert (report / "index.html").read_bytes().count(b"\r\n") == 0


# ---------------------------------------------------------------- make, from another folder


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_from_another_folder_asks_for_the_year_and_never_cleans_a_default(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    make_year(data)
    (out / "2023").mkdir(parents=True)
    (out / "2023" / "keep.txt").write_bytes(b"kept")
    before = tree_snapshot(tmp_path)
    makefile = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile")]
    folders = [f"DATA_DIR={data}", f"OUTPUT_DIR={out}"]
    for target in ("report", "clean"):
        result = subprocess.run([*makefile, target, *folders], cwd=tmp_path, capture_output=True, text=True,
                                env=make_env())
        assert result.returncode == 2
        assert result.stderr.startswith(f"lỗi: thiếu năm, hãy ghi rõ: make {target} YEAR=<năm>, vd. make {target} "
                                        f"YEAR=2023 (các năm có dữ liệu trong {data}/raw: 2023")
    assert tree_snapshot(tmp_path) == before
    # With the year, the project's .venv runs from here: verify of a year never built says so in one line.
    result = subprocess.run([*makefile, "-s", "verify", "YEAR=2023", *folders], cwd=tmp_path, capture_output=True,
                            text=True, env=make_env())
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make:")]
    assert lines == [f"lỗi: năm 2023 chưa được lập báo cáo ({out / '2023' / 'manifest.json'} không có), không có gì "
                     "để đối chiếu; lập trước: make report YEAR=2023"]


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_sample_refuses_real_data_and_changes_no_file(tmp_path):
    copy = tmp_path / "du-lieu-that"
    make_year(copy, corrections="ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\n"
                                "so-a,1.1.1,tham_dinh,1,Phúc tra,Công văn 1/SNV\n")
    shutil.copytree(ROOT / "data" / "raw" / "2022", copy / "raw" / "2022")  # the sample's year beside it
    before = tree_snapshot(copy)
    result = subprocess.run(["make", "--no-print-directory", "-s", "-f", str(ROOT / "Makefile"), "sample",
                             f"DATA_DIR={copy}"], cwd=tmp_path, capture_output=True, text=True, env=make_env())
    assert result.returncode != 0
    assert result.stderr.startswith("lỗi: không tạo dữ liệu mẫu, không ghi tệp nào:\n"
                                    f"{copy / 'raw' / '2023'}: dataset.yml không ghi `sample: true`")
    assert tree_snapshot(copy) == before  # every file, byte for byte (the sample's 2022 too: nothing written)


# ---------------------------------------------------------------- the console and Ctrl-C


@pytest.mark.skipif(os.name == "nt", reason="Ctrl-C to a process group is a POSIX signal here")
def test_ctrl_c_prints_one_line_exits_130_and_leaves_the_published_reports(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    make_year(data)
    args = [sys.executable, "-m", "pipeline", "report", "--year", "2023", "--data-dir", str(data), "--output-dir",
            str(out)]
    # What a clerk published last time (the run below must not touch it, whatever it holds).
    (out / "2023" / "don-vi").mkdir(parents=True)
    (out / "2023" / "index.html").write_bytes(b"<html>2023</html>")
    (out / "2023" / "don-vi" / "so-a.pdf").write_bytes(b"%PDF-1.7 published")
    published = tree_snapshot(out / "2023")

    # The whole year: Ctrl-C (SIGINT to the process group, as a terminal sends it) once the workers run.
    # SIGINT as a terminal leaves it: a test run in the background of a non-interactive shell (`make test &`)
    # inherits it ignored, and Python then installs no Ctrl-C handler at all.
    run = subprocess.Popen([*args, "--workers", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           start_new_session=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    contexts = out / ".cache" / "2023" / "contexts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (contexts.is_dir() and len(list(contexts.iterdir())) >= 1):
        time.sleep(0.1)
    os.killpg(run.pid, signal.SIGINT)
    output = run.communicate(timeout=120)[0].decode("utf-8")
    assert run.returncode == 130, output
    lines = [line for line in output.split("\n") if line.strip()]
    # The data line of the run, then the progress bar cleared and the one line that says what was kept.
    assert len(lines) == 2, output
    assert lines[0].startswith(f"{data / 'processed' / '2023'}: ")
    assert lines[1].split("\r")[-1] == (
        f"Đã dừng (Ctrl-C): các báo cáo đã lập xong được giữ trong {out / '.cache' / '2023'} và không phải lập "
        f"lại; báo cáo đã công bố trong {out / '2023'} không thay đổi.")
    assert "Traceback" not in output
    assert tree_snapshot(out / "2023") == published


# ---------------------------------------------------------------- workers end with their parent

PARENT_OF_A_WORKER = textwrap.dedent("""
    import multiprocessing, sys, time
    from pipeline.build import runner

    def work():
        runner.watch_parent()  # the watch alone: no PR_SET_PDEATHSIG here, as on Windows and macOS
        time.sleep(120)

    if __name__ == "__main__":
        child = multiprocessing.get_context("spawn").Process(target=work)
        child.start()
        print(child.pid, flush=True)
        time.sleep(120)
""")

def test_a_worker_ends_when_its_parent_is_killed(tmp_path):
    (tmp_path / "parent.py").write_text(PARENT_OF_A_WORKER, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(tmp_path / "parent.py")], cwd=tmp_path, stdout=subprocess.PIPE,
                              text=True)
    try:
        child = int(parent.stdout.readline())
        time.sleep(1.5)  # the child is up and watching
        assert alive(child)
        parent.kill()  # SIGKILL: no handler, no atexit; only the child's own watch can end it
        parent.wait()
        assert gone_within(child, 15)
    finally:
        parent.kill()
        if "child" in locals() and alive(child):
            os.kill(child, signal.SIGKILL)
