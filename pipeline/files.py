"""File operations every stage shares: atomic writes, whole-folder swaps, content hashes."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout


@contextmanager
def exclusive(lock_file: Path, waiting: str):
    """Hold a lock file: a second holder prints `waiting` and waits until the first has finished."""
    with exclusive_all([(lock_file, waiting)]):
        yield


@contextmanager
def exclusive_all(locks: list[tuple[Path, str]]):
    """Hold several lock files, taken in one fixed order (sorted by path) whatever order they are given in, so
    that two runs wanting overlapping sets never hold one each and wait for the other (no deadlock); for each
    held elsewhere its `waiting` line is printed and the run waits."""
    held = []
    try:
        for lock_file, waiting in sorted(dict(locks).items(), key=lambda item: str(item[0])):
            lock_file.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(lock_file)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                print(waiting, file=sys.stderr, flush=True)
                lock.acquire()
            held.append(lock)
        yield
    finally:
        for lock in reversed(held):
            lock.release()


def refuse_reading(path: Path, max_bytes: int) -> tuple[str, str] | None:
    """(code, Vietnamese message) when an input must not be read whole: a FIFO or folder under a file's
    name (reading it could hang) or a file over the size limit; None when it can be read."""
    if not path.is_file():
        return "NOT_A_FILE", "không phải một tệp thông thường"
    size = path.stat().st_size
    if size > max_bytes:
        return "FILE_TOO_LARGE", f"tệp {size // 1_000_000} MB vượt giới hạn {max_bytes // 1_000_000} MB"
    return None


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class FileLocked(Exception):
    """A folder could not be swapped because a file in it is open in another program (Windows keeps a file
    open in Excel, Word or a PDF viewer locked). The previous folder is whole."""

    def __init__(self, folder: Path, path: Path):
        self.folder, self.path = folder, path
        super().__init__(f"{folder}: {path} is open in another program")


SWAP_ATTEMPTS = 5
SWAP_PAUSE = 0.5  # seconds between attempts: an antivirus scan or an indexer lets go within a second or two


def swap_dir(staging: Path, final: Path) -> None:
    """Replace final with staging; the old folder is deleted only once the new one is in place.

    A locked file (PermissionError: on Windows, a report left open) gets a few retries, then FileLocked
    naming the file; final is then whole (the old folder put back if it had been moved) and staging is left
    for the caller to remove."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    for attempt in range(SWAP_ATTEMPTS):
        try:
            _swap_once(staging, final, old)
            break
        except PermissionError as exc:
            if attempt == SWAP_ATTEMPTS - 1:
                raise FileLocked(final, locked_file(final) or Path(exc.filename or final)) from exc
            time.sleep(SWAP_PAUSE)
    shutil.rmtree(old, ignore_errors=True)


def _swap_once(staging: Path, final: Path, old: Path) -> None:
    moved = False
    if final.exists():
        os.replace(final, old)
        moved = True
    try:
        os.replace(staging, final)
    except BaseException:
        if moved:  # put the previous folder back before anything else happens
            os.replace(old, final)
        raise


def locked_file(folder: Path) -> Path | None:
    """The first file under folder that another program holds open for writing, as far as this OS tells
    (Windows refuses to open it for writing; elsewhere, nothing is locked and None is returned)."""
    if not folder.is_dir():
        return None
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            try:
                with open(path, "r+b"):
                    pass
            except PermissionError:
                return path
            except OSError:
                continue
    return None


def recover_dir(final: Path) -> None:
    """After a kill between the two renames of swap_dir only .<name>.old is left: put it back.
    Half-built staging folders of killed runs are removed; one whose owner process is alive is left alone (it is
    another run's work in progress)."""
    old = final.with_name(f".{final.name}.old")
    if not final.exists() and old.exists():
        os.replace(old, final)
    for stale in final.parent.glob(f".{final.name}.building-*"):
        if not owner_alive(stale):
            shutil.rmtree(stale, ignore_errors=True)


def staging_name(final: Path) -> str:
    """The staging folder's name prefix: the owner's pid in it (`.<name>.building-<pid>-…`), for recover_dir."""
    return f".{final.name}.building-{os.getpid()}-"


def owner_alive(staging: Path) -> bool:
    """Whether the process that made a staging folder (its pid in the name) still runs. A name without a pid
    (an older version's), a pid that is gone, or one reused by a process started after the folder was last
    written: the owner is gone."""
    match = re.search(r"\.building-(\d+)(?:-|$)", staging.name)
    if not match:
        return False
    import psutil  # (imported here: only a run that finds a leftover folder needs it)

    pid = int(match[1])
    if pid == os.getpid():
        return False  # this process's own leftover (an earlier call that failed): nobody else's work
    try:
        started = psutil.Process(pid).create_time()
        written = staging.stat().st_mtime
    except (psutil.Error, OSError):
        return False
    return started <= written + 2  # (seconds of slack: the two clocks are read differently)


def staging_dir(final: Path) -> Path:
    """An empty folder beside final, to be swapped in with swap_dir (recover_dir removes leftovers of runs that
    are gone)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=staging_name(final), dir=final.parent))


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def digest(*parts: bytes | str) -> str:
    """sha256 of several parts, each length-prefixed so that ("ab", "c") ≠ ("a", "bc")."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_digest(root: Path, suffixes: set[str], skip: tuple[str, ...] = ()) -> str:
    """One hash of every file under root with these suffixes (paths and bytes), skipping folders named in skip."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes
                   and "__pycache__" not in p.parts and not any(s in p.relative_to(root).parts for s in skip))
    return digest(*(p.relative_to(root).as_posix().encode() + p.read_bytes() for p in files))


def kept_bytes(folder: Path, key: str, make: Callable[[], bytes]) -> bytes:
    """make()'s bytes, kept in folder under the file name key and taken from there next time while they still
    have the SHA-256 of the file's first line (an edited or damaged file is made again). A file taken is
    touched: build.cache.prune_unused keeps what was used lately."""
    path = folder / key
    try:
        head, _, data = path.read_bytes().partition(b"\n")
        if head == hashlib.sha256(data).hexdigest().encode():
            os.utime(path)
            return data
    except OSError:  # not made yet, or unreadable: made again
        pass
    data = make()
    write_bytes_atomic(path, hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
    return data


def copy_file(source: Path, dest: Path) -> str:
    """A real copy (never a hard link): a published file edited in place must not change the cache
    it came from, or the next run would certify the edit. Returns the SHA-256 of the bytes written (read once)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    dest.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """A CSV field Excel will not run as a formula: text starting with = + - @ (or tab, CR) gets a
    leading apostrophe, which Excel shows as plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def json_bytes(data: object) -> bytes:
    """JSON as the pipeline writes it: UTF-8, one-space indent, keys in the given order, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_json(path: Path) -> dict | list | None:
    """A JSON file, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def normalise_zip(data: bytes, when: dt.datetime, level: int | None = None) -> bytes:
    """Rewrite a zip container (xlsx, docx) with fixed entry dates and order: same content, same bytes.
    level: the deflate level (1 is several times faster than the default, for files written by the hundred)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return fixed_zip([(info.filename, src.read(info.filename)) for info in src.infolist()], when, level)


def fixed_zip(entries: list[tuple[str, bytes]], when: dt.datetime, level: int | None = None) -> bytes:
    """A zip of (name, content) entries in the given order, every entry dated `when`: same content, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in entries:
            entry = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content, compresslevel=level)
    return out.getvalue()


# Files that are zip containers already (Word, Excel): deflating them again saves 5 % for the time of compressing
# them, so they are stored as they are.
ALREADY_COMPRESSED = (".docx", ".xlsx", ".zip")
# The others (PDFs) deflated at level 1: 3 % larger than at the default level, in two thirds of the time (a group's
# zip of a hundred notices is written again at every correction of one of them).
ZIP_LEVEL = 1


def zip_files(files: list[tuple[str, Path]], when: dt.date) -> bytes:
    """A zip of (name inside, file) pairs with fixed dates, in the given order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, path in files:
            entry = zipfile.ZipInfo(name, date_time=(when.year, when.month, when.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if name.endswith(ALREADY_COMPRESSED) else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, path.read_bytes(), compresslevel=ZIP_LEVEL)
    return out.getvalue()
