"""Built files by target key: OUTPUT_DIR/.cache/<YEAR>/<key[:2]>/<key>/<format>."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..config import Settings
from ..files import write_bytes_atomic


def cache_entry(root: Path, key: str) -> Path:
    """The folder of one build in the cache (bucketed by the key's first two characters)."""
    return root / key[:2] / key


class Cache:
    def __init__(self, settings: Settings):
        self.root = settings.cache_dir

    def path(self, key: str, fmt: str) -> Path:
        return cache_entry(self.root, key) / fmt

    def has(self, target) -> bool:
        """Every file of a target (build.targets.Target) is built."""
        return all(self.path(target.key, f).exists() for f in target.files)

    def put(self, key: str, fmt: str, data: bytes) -> None:
        write_bytes_atomic(self.path(key, fmt), data)

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
