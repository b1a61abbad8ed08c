"""Shared file operations (pipeline/files.py): hashes, deterministic zips, atomic writes and folder swaps."""
import datetime as dt
import hashlib
import io
import os
import zipfile

import pytest

from pipeline.files import (copy_file, csv_safe, digest, json_bytes, normalise_zip, read_json, recover_dir, sha256_file,
                            staging_dir, swap_dir, tree_digest, write_bytes_atomic, zip_files)


# ---------------------------------------------------------------- hashes


def test_digest_prefixes_each_part_with_its_length():
    # The rule written out: 8-byte little-endian length, then the bytes, for each part.
    by_hand = hashlib.sha256(b"\x02\x00\x00\x00\x00\x00\x00\x00ab" b"\x01\x00\x00\x00\x00\x00\x00\x00c").hexdigest()
    assert digest("ab", "c") == by_hand and len(by_hand) == 64
    assert digest("ab", "c") != digest("a", "bc") != digest("abc")
    assert digest("ab", "") != digest("ab")  # an empty part still counts
    assert digest("Sở") == digest("Sở".encode("utf-8"))  # text is hashed as UTF-8
    assert digest() == hashlib.sha256(b"").hexdigest()


def test_sha256_file(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(b"PAR INDEX")
    assert sha256_file(path) == hashlib.sha256(b"PAR INDEX").hexdigest()


def test_tree_digest_follows_names_and_bytes_of_chosen_files_only(tmp_path):
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "skip").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    first = tree_digest(tmp_path / "pkg", {".py"}, skip=("skip",))
    (tmp_path / "pkg" / "notes.txt").write_text("other suffix")
    (tmp_path / "pkg" / "__pycache__" / "a.py").write_text("cache")
    (tmp_path / "pkg" / "skip" / "b.py").write_text("skipped folder")
    assert tree_digest(tmp_path / "pkg", {".py"}, skip=("skip",)) == first
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    assert tree_digest(tmp_path / "pkg", {".py"}, skip=("skip",)) != first
    (tmp_path / "pkg" / "a.py").rename(tmp_path / "pkg" / "c.py")
    assert tree_digest(tmp_path / "pkg", {".py"}, skip=("skip",)) != first


# ---------------------------------------------------------------- zips


def test_zip_files_is_deterministic_and_keeps_the_given_order(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF a")
    b.write_bytes(b"%PDF b")
    day = dt.date(2024, 3, 13)
    first = zip_files([("so-b.pdf", b), ("so-a.pdf", a)], day)
    os.utime(a, (1_000_000_000, 1_000_000_000))  # another modification time changes nothing
    assert zip_files([("so-b.pdf", b), ("so-a.pdf", a)], day) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.namelist() == ["so-b.pdf", "so-a.pdf"]
        info = z.getinfo("so-a.pdf")
        assert info.date_time == (2024, 3, 13, 0, 0, 0) and info.external_attr >> 16 == 0o644
        assert z.read("so-a.pdf") == b"%PDF a"
    assert zip_files([("so-b.pdf", b), ("so-a.pdf", a)], dt.date(2024, 3, 14)) != first


def test_zip_files_stores_word_files_as_they_are(tmp_path):
    """A .docx is a zip already: stored (deflating it again saved 5 % for as long as the PDFs took); PDFs deflated."""
    notice, word = tmp_path / "so-a.pdf", tmp_path / "so-a.docx"
    notice.write_bytes(b"%PDF " + b"0" * 1000)
    word.write_bytes(b"PK docx")
    with zipfile.ZipFile(io.BytesIO(zip_files([("so-a.pdf", notice), ("so-a.docx", word)], dt.date(2024, 3, 13)))) as z:
        assert z.getinfo("so-a.pdf").compress_type == zipfile.ZIP_DEFLATED
        assert z.getinfo("so-a.pdf").compress_size < 100
        assert z.getinfo("so-a.docx").compress_type == zipfile.ZIP_STORED
        assert z.read("so-a.docx") == b"PK docx"


def test_normalise_zip_gives_one_byte_string_for_one_content():
    def book(when):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr(zipfile.ZipInfo("xl/workbook.xml", date_time=when), "<workbook/>")
        return out.getvalue()

    early, late = book((2020, 1, 1, 8, 0, 0)), book((2024, 5, 6, 7, 8, 10))
    assert early != late
    when = dt.datetime(2024, 3, 13)
    assert normalise_zip(early, when) == normalise_zip(late, when)


# ---------------------------------------------------------------- atomic writes, folder swaps


def test_write_bytes_atomic_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "out" / "a.json"
    write_bytes_atomic(path, b"1")
    write_bytes_atomic(path, b"2")
    assert path.read_bytes() == b"2" and os.listdir(path.parent) == ["a.json"]
    assert path.stat().st_mode & 0o777 == 0o644
    with pytest.raises(TypeError):
        write_bytes_atomic(path, "not bytes")
    assert path.read_bytes() == b"2" and os.listdir(path.parent) == ["a.json"]


def test_swap_dir_replaces_the_folder_and_leaves_nothing_behind(tmp_path):
    final = tmp_path / "processed"
    final.mkdir()
    (final / "old.csv").write_text("old")
    staging = staging_dir(final)
    assert staging.parent == tmp_path and staging.name.startswith(".processed.building-") and not any(staging.iterdir())
    (staging / "new.csv").write_text("new")
    swap_dir(staging, final)
    assert os.listdir(final) == ["new.csv"] and sorted(os.listdir(tmp_path)) == ["processed"]
    again = staging_dir(tmp_path / "fresh")
    swap_dir(again, tmp_path / "fresh")  # no folder to replace yet
    assert (tmp_path / "fresh").is_dir()


def test_recover_dir_after_a_kill_between_the_two_renames(tmp_path):
    final, old = tmp_path / "processed", tmp_path / ".processed.old"
    old.mkdir()
    (old / "good.csv").write_text("last good")
    (tmp_path / ".processed.building-x1").mkdir()  # a half-built folder of the killed run
    recover_dir(final)
    assert (final / "good.csv").read_text() == "last good"
    assert sorted(os.listdir(tmp_path)) == ["processed"]


def test_recover_dir_keeps_a_folder_that_is_in_place(tmp_path):
    final, old = tmp_path / "processed", tmp_path / ".processed.old"
    final.mkdir()
    (final / "new.csv").write_text("new")
    old.mkdir()  # killed after the second rename, before the old folder was deleted
    recover_dir(final)
    assert os.listdir(final) == ["new.csv"]
    recover_dir(tmp_path / "nothing")  # nothing to recover: nothing happens
    assert not (tmp_path / "nothing").exists()


def test_a_live_staging_folder_of_another_process_is_not_deleted(tmp_path):
    """Another run (another year's, say, rebuilding a shared history year) is writing it: leave it; a dead
    owner's folder, or one whose pid now names a process started after it, is a leftover."""
    import subprocess
    import sys

    final = tmp_path / "processed"
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    try:
        live = tmp_path / f".processed.building-{alive.pid}-abc"
        live.mkdir()
        (live / "half.csv").write_text("in progress")
        dead = tmp_path / f".processed.building-{gone.pid}-def"
        dead.mkdir()
        recover_dir(final)
        assert live.is_dir() and (live / "half.csv").exists()
        assert not dead.exists()
        os.utime(live, (0, 0))  # written before its "owner" started: the pid was reused, the owner is gone
        recover_dir(final)
        assert not live.exists()
    finally:
        alive.kill()
        alive.wait()


def test_staging_folders_carry_their_owner_pid(tmp_path):
    staging = staging_dir(tmp_path / "processed")
    assert staging.name.startswith(f".processed.building-{os.getpid()}-")


def test_locks_are_taken_in_one_order_whatever_order_they_are_asked_in(tmp_path, monkeypatch):
    from pipeline import files

    taken = []

    class Recording:
        def __init__(self, path):
            self.path = path

        def acquire(self, timeout=None):
            taken.append(self.path.name)

        def release(self):
            taken.append(f"-{self.path.name}")

    monkeypatch.setattr(files, "FileLock", Recording)
    with files.exclusive_all([(tmp_path / ".2023.lock", "a"), (tmp_path / ".2021.lock", "b"),
                              (tmp_path / ".2022.lock", "c")]):
        assert taken == [".2021.lock", ".2022.lock", ".2023.lock"]
    assert taken[3:] == ["-.2023.lock", "-.2022.lock", "-.2021.lock"]


# ---------------------------------------------------------------- small helpers


def test_json_bytes_and_read_json(tmp_path):
    assert json_bytes({"b": "Sở", "a": [1]}) == '{\n "b": "Sở",\n "a": [\n  1\n ]\n}\n'.encode("utf-8")
    path = tmp_path / "x.json"
    path.write_bytes(json_bytes({"a": 1}))
    assert read_json(path) == {"a": 1}
    path.write_text("{broken")
    assert read_json(path) is None and read_json(tmp_path / "none.json") is None


def test_copy_file_is_a_copy_not_a_link(tmp_path):
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF")
    written = copy_file(source, tmp_path / "out" / "b.pdf")
    copy = tmp_path / "out" / "b.pdf"
    assert copy.read_bytes() == b"%PDF" and copy.stat().st_ino != source.stat().st_ino
    assert written == sha256_file(copy)  # the hash of what was written, taken as it was
    copy.write_bytes(b"edited in place")
    assert source.read_bytes() == b"%PDF"  # the cache it came from is untouched


def test_csv_fields_never_start_a_formula():
    assert [csv_safe(v) for v in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx")] == [
        "'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx"]
    assert [csv_safe(v) for v in ("Sở Tư pháp", "xa-phu-binh", "", None, 3)] == ["Sở Tư pháp", "xa-phu-binh", "", "", "3"]


# ---------------------------------------------------------------- kept bytes (charts, their Word images)


def test_kept_bytes_are_made_once_and_made_again_when_edited(tmp_path):
    from pipeline.files import kept_bytes

    made = []

    def make() -> bytes:
        made.append(1)
        return b"<svg>1</svg>"

    assert kept_bytes(tmp_path, "k.json", make) == b"<svg>1</svg>"
    assert kept_bytes(tmp_path, "k.json", make) == b"<svg>1</svg>" and len(made) == 1
    (tmp_path / "k.json").write_bytes((tmp_path / "k.json").read_bytes().replace(b"1</svg>", b"2</svg>"))
    assert kept_bytes(tmp_path, "k.json", make) == b"<svg>1</svg>" and len(made) == 2
    (tmp_path / "k.json").write_bytes(b"")  # a file left empty (a full disk)
    assert kept_bytes(tmp_path, "k.json", make) == b"<svg>1</svg>" and len(made) == 3
