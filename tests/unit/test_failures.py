"""The machine failing a run is told in one Vietnamese sentence (what happened, what was kept, what to do), exit 1,
the traceback in a log file: a full disk, a read-only folder, a worker process killed."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import pipeline.__main__ as cli
from conftest import tree_snapshot
from pipeline.build.runner import WorkerDied


def _failing_writes(monkeypatch, under: Path, code: int, method: str = "write_bytes") -> None:
    """Every write (or mkdir) of a file under `under` fails with errno `code`, as the OS would report it."""
    original = getattr(Path, method)

    def fail(self, *args, **kwargs):
        if under in self.absolute().parents:
            raise OSError(code, os.strerror(code), str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, fail)


def _one_sentence(capsys) -> tuple[str, Path]:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("lỗi: "), err
    assert "Traceback" not in err[0]
    log = Path(err[0].rsplit("Chi tiết kỹ thuật: ", 1)[1])
    return err[0], log


def test_a_full_disk_while_writing_the_tables_is_one_sentence_exit_1_and_a_log(tiny_year, tmp_path, monkeypatch,
                                                                              capsys):
    out = tmp_path / "out"
    raw = tree_snapshot(tiny_year / "raw")
    _failing_writes(monkeypatch, tiny_year / "processed", errno.ENOSPC)
    assert cli.main(["data", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(out)]) == 1
    line, log = _one_sentence(capsys)
    assert "hết chỗ trống trên ổ đĩa khi ghi" in line and str(tiny_year / "processed") in line
    assert "giữ nguyên như sau lần chạy trước" in line and "giải phóng chỗ trống" in line
    assert log == out / ".logs" / "data-2023.log"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and os.strerror(errno.ENOSPC) in text
    assert not (tiny_year / "processed" / "2023").exists()  # nothing half written
    assert not [p for p in (tiny_year / "processed").glob(".*")]  # nor any staging folder left
    assert tree_snapshot(tiny_year / "raw") == raw


def test_a_read_only_data_folder_is_one_sentence_and_exit_1(tiny_year, tmp_path, monkeypatch, capsys):
    _failing_writes(monkeypatch, tiny_year / "processed", errno.EROFS)
    assert cli.main(["data", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(tmp_path)]) == 1
    line, log = _one_sentence(capsys)
    assert "không ghi được vào" in line and "chỉ cho đọc" in line and "cấp quyền ghi" in line
    assert log.is_file()


def test_a_read_only_output_folder_is_one_sentence_and_the_log_goes_elsewhere(tiny_year, tmp_path, monkeypatch,
                                                                              capsys):
    out = tmp_path / "out"
    _failing_writes(monkeypatch, out, errno.EACCES, method="mkdir")
    status = cli.main(["report", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(out),
                       "--workers", "1"])
    assert status == 1
    line, log = _last_sentence(capsys)
    assert "không ghi được vào" in line and str(out) in line
    assert log == tiny_year / ".logs" / "report-2023.log" and log.is_file()  # the output folder refused it
    assert not (out / "2023").exists()


def _last_sentence(capsys) -> tuple[str, Path]:
    """The run's last stderr line (the data step prints its own lines first, on stdout)."""
    err = capsys.readouterr().err.strip().splitlines()
    assert err and err[-1].startswith("lỗi: ") and not any("Traceback" in e for e in err), err
    return err[-1], Path(err[-1].rsplit("Chi tiết kỹ thuật: ", 1)[1])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_really_read_only_data_folder(tiny_year, tmp_path, capsys):
    processed = tiny_year / "processed"
    processed.mkdir()
    processed.chmod(0o555)
    try:
        assert cli.main(["data", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir",
                         str(tmp_path / "out")]) == 1
    finally:
        processed.chmod(0o755)
    line, _ = _one_sentence(capsys)
    assert "không ghi được vào" in line


def test_a_killed_worker_is_named_with_the_report_it_held(tiny_year, tmp_path, monkeypatch, capsys):
    def build_year(settings, **_):
        raise WorkerDied([(4242, -9, {"stem": "don-vi/so/so-a", "unit": "so-a", "title": "Kết quả của Sở A"})], 3)

    monkeypatch.setattr(cli, "build_year", build_year)
    out = tmp_path / "out"
    assert cli.main(["report", "--year", "2023", "--data-dir", str(tiny_year), "--output-dir", str(out)]) == 1
    line, log = _last_sentence(capsys)
    assert "tiến trình 4242 (tín hiệu 9) đang lập Kết quả của Sở A (so-a)" in line
    assert "3 báo cáo đã lập xong" in line and "Hãy chạy lại" in line and log.is_file()
