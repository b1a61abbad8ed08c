"""Built files by target key: OUTPUT_DIR/.cache/<YEAR>/<key[:2]>/<key>/<format>.

Content-addressed for real: each entry records the SHA-256 of every file it holds when it is built
(`sha256.json` beside them), and an entry is reused only when its files still have those hashes. A file
edited in the cache (by hand, by a tool, by a disk error) makes its entry be built again, with one line
saying so, instead of being copied into the year's folder and certified by a fresh manifest."""
from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

from ..config import Settings
from ..files import json_bytes, sha256_file, write_bytes_atomic

RECORD = "sha256.json"  # in each entry: format → SHA-256 of its file as built
# In the year's cache folder: the cache records hashes (written when the folder is made by this code, or once a
# full run has recorded every entry of an older cache). Without it, an entry without a record is taken as it is
# and recorded (an older cache's entries, built before records existed); with it, such an entry is rebuilt.
HASHED_MARK = "sha256-recorded"


def cache_entry(root: Path, key: str) -> Path:
    """The folder of one build in the cache (bucketed by the key's first two characters)."""
    return root / key[:2] / key


def store(entry: Path, data: dict[str, bytes]) -> None:
    """Write files into a cache entry and record their hashes (the record last: a kill in between leaves files
    without a record, which are rebuilt)."""
    for fmt, content in data.items():
        write_bytes_atomic(entry / fmt, content)
    store_record(entry, {fmt: hashlib.sha256(content).hexdigest() for fmt, content in data.items()})


def _read_record(entry: Path) -> dict[str, str] | None:
    try:
        record = json.loads((entry / RECORD).read_bytes())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


class Cache:
    def __init__(self, settings: Settings):
        self.root = settings.cache_dir
        if not self.root.exists():  # a new cache: every entry will carry its record
            self.root.mkdir(parents=True)
            (self.root / HASHED_MARK).touch()
        self.legacy = not (self.root / HASHED_MARK).exists()
        self._verified: set[tuple[str, tuple[str, ...]]] = set()

    def path(self, key: str, fmt: str) -> Path:
        return cache_entry(self.root, key) / fmt

    def has(self, target) -> bool:
        """Every file of a target (build.targets.Target) is built and unchanged since."""
        return self.holds(target.key, tuple(target.files), target.stem)

    def holds(self, key: str, formats: tuple[str, ...], name: str) -> bool:
        """The entry `key` holds these formats with the hashes recorded when they were built. An entry whose
        files changed is named in one line on stderr and is not reused: building it again overwrites its files and
        their record (an issued document, which cannot be built again, keeps its edited files for inspection)."""
        if (key, formats) in self._verified:
            return True
        entry = cache_entry(self.root, key)
        if not all((entry / f).is_file() for f in formats):
            return False
        record = _read_record(entry)
        if record is None and self.legacy:  # an older cache's entry: recorded as it is
            store_record(entry, {f: sha256_file(entry / f) for f in formats})
            record = _read_record(entry)
        changed = [f for f in formats if record is None or record.get(f) != sha256_file(entry / f)]
        if changed:
            what = ", ".join(f"{entry / f}" for f in changed) if record is not None else f"{entry} (thiếu {RECORD})"
            print(f"bộ nhớ đệm: {what} khác với lúc lập (SHA-256 không khớp); lập lại {name}", file=sys.stderr)
            return False
        self._verified.add((key, formats))
        return True

    def recorded(self, key: str, fmt: str) -> str | None:
        """The SHA-256 recorded for a cached file when it was built."""
        return (_read_record(cache_entry(self.root, key)) or {}).get(fmt)

    def put(self, key: str, fmt: str, data: bytes) -> None:
        store(cache_entry(self.root, key), {fmt: data})

    def mark_recorded(self) -> None:
        """After a full run of an older cache: every entry kept has its record now."""
        if self.legacy and self.root.exists():
            (self.root / HASHED_MARK).touch()
            self.legacy = False

    def prune(self, keep: set[str]) -> None:
        """Drop cached builds no current output uses (old versions, failed runs' leftovers)."""
        if not self.root.exists():
            return
        for bucket in self.root.iterdir():
            if len(bucket.name) != 2:  # not a key bucket (e.g. published/)
                continue
            for entry in bucket.iterdir() if bucket.is_dir() else []:
                if entry.name not in keep:
                    shutil.rmtree(entry, ignore_errors=True)


def prune_unused(folder: Path, days: float) -> None:
    """Delete the files of `folder` that no run has used (read or written: their modification time) for `days`."""
    cutoff = time.time() - days * 86400
    for path in folder.iterdir() if folder.is_dir() else []:
        with contextlib.suppress(OSError):  # gone meanwhile, or in use on Windows: next time
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()


def store_record(entry: Path, hashes: dict[str, str]) -> None:
    record = _read_record(entry) or {}
    record.update(hashes)
    write_bytes_atomic(entry / RECORD, json_bytes(dict(sorted(record.items()))))
