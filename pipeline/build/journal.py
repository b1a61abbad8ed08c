"""The publish step as one recoverable step: the year's folder and its published state change together.

A run that publishes changes two folders: the year's folder (`OUTPUT_DIR/<YEAR>/`, swapped in by
`build.folder.assemble`) and the published state (`OUTPUT_DIR/.cache/<YEAR>/published/`: the history of runs,
what was issued, the register; `build.changes`). Each swap is atomic, but a kill between the two would leave a
folder that shows a run the state does not know: the next run would number replacements again from the old
register and drop that run from the history.

So the new state is written in full first (`published.next`, beside the state), then a journal naming the
manifest of the folder about to be swapped in (`publish-journal.json`), then the folder is swapped, then the
state, then the journal is deleted. The next run settles a journal it finds, before it reads the state: when the
year's folder holds the journal's manifest the swap happened, and the prepared state is swapped in (rolled
forward); otherwise the folder is the old one, and the prepared state is dropped (rolled back).
"""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path
from typing import Callable

from ..config import Settings
from ..contract import MANIFEST
from ..files import json_bytes, read_json, recover_dir, sha256_file, swap_dir, write_bytes_atomic

JOURNAL = "publish-journal.json"  # in the year's cache folder
NEXT = "published.next"  # the prepared state, in the year's cache folder


def next_dir(settings: Settings) -> Path:
    return settings.cache_dir / NEXT


def journal_file(settings: Settings) -> Path:
    return settings.cache_dir / JOURNAL


def prepare(settings: Settings, manifest: bytes, write: Callable[[Path], None]) -> None:
    """Before the folder whose manifest is `manifest` is swapped in: the state that goes with it written whole by
    `write` into `next_dir`, then the journal."""
    nxt = next_dir(settings)
    shutil.rmtree(nxt, ignore_errors=True)
    nxt.mkdir(parents=True)
    write(nxt)
    write_bytes_atomic(journal_file(settings), json_bytes({"manifest_sha256": hashlib.sha256(manifest).hexdigest()}))


def commit(settings: Settings, published: Path) -> None:
    """The folder is in place: swap the prepared state in, and close the journal."""
    if next_dir(settings).is_dir():
        recover_dir(published)
        swap_dir(next_dir(settings), published)
    journal_file(settings).unlink(missing_ok=True)


def abort(settings: Settings) -> None:
    """The folder was not swapped: drop the prepared state and the journal."""
    shutil.rmtree(next_dir(settings), ignore_errors=True)
    journal_file(settings).unlink(missing_ok=True)


def settle(settings: Settings, published: Path, quiet: bool = False) -> str | None:
    """At the start of a run (under the year's lock), or after a failure of the publish step: finish or undo
    what a run left between its two swaps. Returns "forward", "back" or None (nothing to settle)."""
    journal = read_json(journal_file(settings))
    if not isinstance(journal, dict):
        journal_file(settings).unlink(missing_ok=True)
        shutil.rmtree(next_dir(settings), ignore_errors=True)  # prepared by a run killed before its journal
        return None
    recover_dir(settings.report_dir)
    manifest = settings.report_dir / MANIFEST
    if manifest.is_file() and sha256_file(manifest) == journal.get("manifest_sha256"):
        commit(settings, published)
        if not quiet:
            print(f"{settings.report_dir}: lần chạy trước dừng giữa chừng khi công bố; đã lưu nốt trạng thái đã "
                  "công bố (lịch sử thay đổi, sổ phát hành) cho khớp với thư mục", file=sys.stderr)
        return "forward"
    abort(settings)
    return "back"
