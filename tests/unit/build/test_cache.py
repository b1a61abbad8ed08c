"""The build cache is content-addressed: an entry is reused only while its files have the hashes recorded when
they were built."""
import hashlib
import json

from pipeline.build.cache import HASHED_MARK, RECORD, Cache, cache_entry, store
from pipeline.config import Settings


class _Target:
    def __init__(self, key):
        self.key, self.stem, self.files = key, "don-vi/so/so-a", {"html": "", "pdf": ""}


def test_an_entry_whose_file_was_edited_is_not_reused_and_is_named(tmp_path, capsys):
    cache = Cache(Settings(2023, tmp_path, tmp_path / "out"))
    key = "ab" + "0" * 62
    store(cache_entry(cache.root, key), {"html": b"<p>ok</p>", "pdf": b"%PDF-1"})
    record = json.loads((cache_entry(cache.root, key) / RECORD).read_bytes())
    assert record == {"html": hashlib.sha256(b"<p>ok</p>").hexdigest(), "pdf": hashlib.sha256(b"%PDF-1").hexdigest()}
    assert Cache(Settings(2023, tmp_path, tmp_path / "out")).has(_Target(key))
    cache.path(key, "pdf").write_bytes(b"%PDF-2")  # edited in the cache
    fresh = Cache(Settings(2023, tmp_path, tmp_path / "out"))
    assert not fresh.has(_Target(key))
    assert cache.path(key, "pdf").read_bytes() == b"%PDF-2"  # left for inspection; building again overwrites it
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "SHA-256 không khớp" in err[0] and "don-vi/so/so-a" in err[0] and "/pdf" in err[0]


def test_an_entry_without_its_record_is_rebuilt_in_a_recording_cache(tmp_path):
    cache = Cache(Settings(2023, tmp_path, tmp_path / "out"))
    key = "cd" + "1" * 62
    store(cache_entry(cache.root, key), {"html": b"a", "pdf": b"b"})
    (cache_entry(cache.root, key) / RECORD).unlink()  # a record deleted to get an edit certified
    assert not Cache(Settings(2023, tmp_path, tmp_path / "out")).has(_Target(key))


def test_an_older_cache_is_recorded_as_it_is_once(tmp_path):
    """A cache from before the records: its entries are taken as they are and recorded, not all rebuilt."""
    root = Settings(2023, tmp_path, tmp_path / "out").cache_dir
    key = "ef" + "2" * 62
    entry = cache_entry(root, key)
    entry.mkdir(parents=True)
    (entry / "html").write_bytes(b"old")
    (entry / "pdf").write_bytes(b"old pdf")
    cache = Cache(Settings(2023, tmp_path, tmp_path / "out"))
    assert cache.legacy and cache.has(_Target(key))
    assert json.loads((entry / RECORD).read_bytes())["pdf"] == hashlib.sha256(b"old pdf").hexdigest()
    cache.mark_recorded()
    assert (root / HASHED_MARK).exists()
    (entry / "pdf").write_bytes(b"edited")
    assert not Cache(Settings(2023, tmp_path, tmp_path / "out")).has(_Target(key))


def test_an_entry_built_again_is_reused_again(tmp_path):
    cache = Cache(Settings(2023, tmp_path, tmp_path / "out"))
    key = "ab" + "3" * 62
    store(cache_entry(cache.root, key), {"html": b"a", "pdf": b"b"})
    cache.path(key, "pdf").write_bytes(b"edited")
    assert not Cache(Settings(2023, tmp_path, tmp_path / "out")).has(_Target(key))
    store(cache_entry(cache.root, key), {"html": b"a", "pdf": b"b"})  # what a worker does when it builds it again
    assert Cache(Settings(2023, tmp_path, tmp_path / "out")).has(_Target(key))


def test_files_no_run_used_for_days_are_pruned(tmp_path):
    import os
    import time

    from pipeline.build.cache import prune_unused

    folder = tmp_path / "bieu-do"
    folder.mkdir()
    old, recent = folder / "old.json", folder / "recent.json"
    old.write_text("{}")
    recent.write_text("{}")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    prune_unused(folder, 30)
    assert sorted(p.name for p in folder.iterdir()) == ["recent.json"]
    prune_unused(tmp_path / "absent", 30)  # no folder yet: nothing to do
