"""The front door, in process (fast): the command line's conventions, a locked output folder, load() outside
a project, unit codes that collide on Windows, the sample generator's refusals, pages written as bytes.
The same doors with real processes (make, a console in cp1252, Ctrl-C, a dying parent, the installed wheel)
are in tests/test_front_door.py (slow)."""
from __future__ import annotations

import ast
import functools
import os
from pathlib import Path

import pytest

from conftest import ROOT, UNITS, make_year, tree_snapshot
from pipeline import __main__ as cli
from pipeline import files, load
from pipeline.config import VERSION
from tools.sample import SampleRefused, generate
from tools.sample.generate import sample_corrections_bytes


@functools.cache
def package_trees() -> tuple[tuple[Path, ast.Module], ...]:
    """Every module of the package, parsed once for the tests that read the code."""
    return tuple((path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted((ROOT / "pipeline").rglob("*.py"))
                 if "__pycache__" not in path.parts)


# ---------------------------------------------------------------- command line


def test_version_and_program_name(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"par-index {VERSION}\n"


def test_help_is_in_vietnamese(capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("cách dùng: par-index report")
    assert "tuỳ chọn:" in out and "năm đánh giá" in out and "số tiến trình lập báo cáo" in out


@pytest.mark.parametrize("workers, reason", [("0", "số tiến trình phải từ 1 đến 64, không phải 0"),
                                             ("hai", "số tiến trình phải là số nguyên, không phải 'hai'")])
def test_workers_are_validated(tmp_path, capsys, workers, reason):
    with pytest.raises(SystemExit) as stop:
        cli.main(["report", "--year", "2023", "--data-dir", str(tmp_path), "--workers", workers])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"par-index report: lỗi: tham số --workers: {reason}"


def test_the_sample_is_no_verb_of_the_package(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["sample", "--data-dir", "x"])
    assert stop.value.code == 2


def test_a_locked_output_file_is_named_and_the_run_ends_with_1(tiny_year, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    locked = out / "2023" / "tong-hop-2023.xlsx"

    def build_year(settings, **_):
        raise files.FileLocked(settings.report_dir, locked)

    monkeypatch.setattr(cli, "build_year", build_year)
    status = cli.main(["report", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(out)])
    assert status == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"lỗi: không thay được {out / '2023'} vì tệp {locked} đang mở (Excel, Word hay trình xem PDF?). "
                   "Đóng tệp đó rồi chạy lại: các báo cáo đã lập được giữ trong bộ nhớ đệm, không phải lập lại; "
                   f"{out / '2023'} vẫn nguyên như lần chạy trước."]


def test_ctrl_c_in_the_main_process_is_one_line_and_130(tiny_year, tmp_path, monkeypatch, capsys):
    def build_year(settings, **_):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_year", build_year)
    out = tmp_path / "out"
    assert cli.main(["report", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(out)]) == 130
    assert capsys.readouterr().err == (
        f"Đã dừng (Ctrl-C): các báo cáo đã lập xong được giữ trong {out / '.cache' / '2023'} và không phải lập lại; "
        f"báo cáo đã công bố trong {out / '2023'} không thay đổi.\n")


def test_verify_of_a_year_never_built_is_one_line(tiny_year, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["verify", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (f"lỗi: năm 2023 chưa được lập báo cáo ({out / '2023' / 'manifest.json'} không có), không có gì "
                   "để đối chiếu; lập trước: make report YEAR=2023\n")


def test_verify_pointed_at_a_year_folder_names_the_folder_once(tiny_year, tmp_path, capsys):
    # Issue 25: --output-dir output/2023 printed output/2023/2023/manifest.json, a path that never exists.
    year_folder = tmp_path / "out" / "2023"
    year_folder.mkdir(parents=True)
    (year_folder / "manifest.json").write_text("{}", encoding="utf-8")
    assert cli.main(["verify", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(year_folder)]) == 1
    assert capsys.readouterr().err == (
        f"lỗi: {year_folder} là thư mục báo cáo của một năm; --output-dir (OUTPUT_DIR) là thư mục chứa các năm: "
        f"{tmp_path / 'out'}\n")


def test_no_except_keyerror_in_the_command_line():
    # A KeyError is a bug: it must keep its traceback (UsageError is the user's mistake).
    tree = ast.parse((ROOT / "pipeline" / "__main__.py").read_text(encoding="utf-8"))
    caught = [ast.unparse(h.type) for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.type is not None]
    assert caught and not [c for c in caught if "KeyError" in c or c in ("Exception", "BaseException")]


def test_unit_codes_that_differ_only_in_case_stop_the_run_with_2(tmp_path, capsys):
    units = [*UNITS, ("SO-A", "Sở A viết hoa", "so", None)]
    make_year(tmp_path, units=units)
    before = tree_snapshot(tmp_path)
    assert cli.main(["data", "--year", "2023", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert ("don-vi.xlsx:Sheet1!A4: UNIT_ID_CASE_CLASH: mã đơn vị SO-A chỉ khác so-a (dòng 2) ở chữ hoa, chữ "
            "thường: trên Windows hai mã này là cùng một tệp; đặt mã khác hẳn") in err.splitlines()
    after = tree_snapshot(tmp_path)
    assert after.pop(".2023.lock") == b"" and after == before  # nothing written but the data folder's lock


# ---------------------------------------------------------------- the final swap


def test_a_lock_that_lets_go_is_retried(tmp_path, monkeypatch):
    final, staging = tmp_path / "2023", tmp_path / ".2023.building-1"
    (final).mkdir()
    (final / "a.txt").write_bytes(b"old")
    staging.mkdir()
    (staging / "a.txt").write_bytes(b"new")
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(src)
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file", str(src))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", flaky)
    monkeypatch.setattr(files, "SWAP_PAUSE", 0)
    files.swap_dir(staging, final)
    assert (final / "a.txt").read_bytes() == b"new" and not staging.exists()


@pytest.mark.parametrize("fails", ["moving the old folder aside", "moving the new folder in"])
def test_a_lock_that_stays_names_the_file_and_leaves_the_previous_folder_whole(tmp_path, monkeypatch, fails):
    final, staging = tmp_path / "2023", tmp_path / ".2023.building-1"
    (final / "don-vi").mkdir(parents=True)
    (final / "tong-hop-2023.xlsx").write_bytes(b"published")
    (final / "don-vi" / "so-a.pdf").write_bytes(b"%PDF published")
    staging.mkdir()
    (staging / "tong-hop-2023.xlsx").write_bytes(b"new")
    before = tree_snapshot(final)
    real = os.replace
    locked = final / "tong-hop-2023.xlsx"

    def refuse(src, dst):
        if (fails == "moving the old folder aside" and Path(src) == final) or \
                (fails == "moving the new folder in" and Path(src) == staging):
            raise PermissionError(13, "The process cannot access the file", str(src))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", refuse)
    monkeypatch.setattr(files, "SWAP_PAUSE", 0)
    monkeypatch.setattr(files, "locked_file", lambda folder: locked)  # what Windows would tell
    with pytest.raises(files.FileLocked) as error:
        files.swap_dir(staging, final)
    assert (error.value.folder, error.value.path) == (final, locked)
    assert tree_snapshot(final) == before
    assert not final.with_name(".2023.old").exists()


def test_pipeline_writes_no_file_in_text_mode():
    # Text mode turns "\n" into CRLF on Windows: the same report would have other bytes (and hashes) there.
    found = []
    for path, tree in package_trees():
        if not any(word in path.read_text(encoding="utf-8") for word in ("write_text", "open(")):
            continue  # (walking every tree costs more than reading the files again)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write_text":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
                modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)] + \
                        [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
                if any(("w" in m or "a" in m) and "b" not in m for m in modes):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


# ---------------------------------------------------------------- load() and the sample generator


def test_load_outside_a_project_names_the_folder_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"không có dữ liệu năm 2023: không thấy .*data/raw/2023") as error:
        load(2023)
    assert f"từ {tmp_path} lên các thư mục cha" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_load_locks_inside_the_data_folder(tiny_year, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert len(load(2023, tiny_year).tong_hop) == 2
    assert list(elsewhere.iterdir()) == []


def test_the_sample_refuses_a_folder_that_is_not_the_samples(tmp_path):
    make_year(tmp_path)  # dataset.yml says sample: false
    before = tree_snapshot(tmp_path)
    with pytest.raises(SampleRefused, match="dataset.yml không ghi `sample: true`"):
        generate(tmp_path, (2022, 2023))
    assert tree_snapshot(tmp_path) == before and not (tmp_path / "raw" / "2022").exists()


def test_the_sample_never_overwrites_corrections_it_did_not_write(tmp_path):
    raw = tmp_path / "raw" / "2023"
    raw.mkdir(parents=True)
    (raw / "dataset.yml").write_text("year: 2023\nsample: true\n", encoding="utf-8")
    generated = sample_corrections_bytes(2023)
    (raw / "hieu-chinh.csv").write_bytes(generated + b"so-a,1.1.1,tham_dinh,1,Phuc tra,CV 1/SNV\n")
    before = tree_snapshot(tmp_path)
    with pytest.raises(SampleRefused, match="hieu-chinh.csv: tệp điều chỉnh không phải do make sample tạo ra"):
        generate(tmp_path, (2023,))
    assert tree_snapshot(tmp_path) == before


def test_the_samples_own_corrections_may_be_rewritten():
    from tools.sample.generate import refusals

    # The committed sample: every year may be regenerated in place.
    assert refusals(ROOT / "data", (2022, 2023, 2025)) == []
    assert (ROOT / "data" / "raw" / "2023" / "hieu-chinh.csv").read_bytes() == sample_corrections_bytes(2023)


def test_the_package_never_imports_the_sample_generator():
    found = []
    for path, tree in package_trees():
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("tools", "sample")
                      or n.startswith("pipeline.sample")]
    assert found == [] and not (ROOT / "pipeline" / "sample").exists()


def test_the_command_exits_with_its_status_and_every_line_written(tiny_year, tmp_path):
    """`python -m pipeline` ends without the interpreter's teardown (pipeline.__main__.entry): its lines still
    reach a pipe whole and its exit status is main's."""
    from conftest import run_cli

    done = run_cli("data", "--year", "2023", "--data-dir", str(tiny_year))
    assert done.returncode == 0 and done.stdout.startswith(f"{tiny_year / 'processed' / '2023'}: 2 đơn vị")
    missing = run_cli("verify", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(tmp_path))
    assert missing.returncode == 1 and missing.stderr.startswith("lỗi: năm 2023 chưa được lập báo cáo")
