"""Backups of the user store: copied with SQLite's backup API, named by UTC time, thinned."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kcdesk.data.paths import AppPaths

# The thinning policy: the newest few, then one a day for a week, then one a week for two months.
KEEP_LAST = 5
KEEP_DAYS = 7
KEEP_WEEKS = 8

_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\.\d{6}Z)-v(?P<version>\d+)\.sqlite3$")
_PARTIAL = ".partial"
_JOURNAL = "-journal"  # SQLite's rollback journal of a file being written
# Store.restore_backup's staging copy beside the store is `<store name>` + this.
RESTORE_STAGING = ".restoring"
# A .partial file this old belongs to a backup that died half-way, not to one in progress.
_STALE_PARTIAL_SECONDS = 3600.0


@dataclass(frozen=True)
class Backup:
    """One backup file: when it was taken (UTC) and the schema version it holds."""

    path: Path
    taken_at: datetime
    version: int


def backup_name(stem: str, taken_at: datetime, version: int) -> str:
    """`kcdesk-20250102T030405.000006Z-v1.sqlite3`: sorts by time, says the schema version."""
    return f"{stem}-{taken_at.astimezone(UTC).strftime(_STAMP_FORMAT)}-v{version}.sqlite3"


def list_backups(paths: AppPaths) -> list[Backup]:
    """The profile's complete backups, newest first; other files in the folder are ignored."""
    stem = paths.store_file.stem
    found = []
    if paths.backup_dir.is_dir():
        for path in paths.backup_dir.iterdir():
            match = _NAME.match(path.name)
            if match is None or match["stem"] != stem or not path.is_file():
                continue
            taken_at = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=UTC)
            found.append(Backup(path, taken_at, int(match["version"])))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` survive a power cut (no-op where unsupported)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: sqlite3.Connection, dest: Path) -> None:
    """Copy a consistent snapshot of `source` to `dest`, all or nothing.

    The copy is written beside `dest` and renamed into place only once complete and on disk, so a
    crash mid-copy never leaves a half file under a backup's (or the store's) name.
    """
    partial = dest.with_name(dest.name + _PARTIAL)
    partial.unlink(missing_ok=True)
    try:
        out = sqlite3.connect(partial)
        try:
            source.backup(out)
            # One self-contained file, with no -wal that would have to travel with it.
            out.execute("PRAGMA journal_mode = DELETE")
        finally:
            out.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, dest)
        fsync_dir(dest.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def take_backup(
    source: sqlite3.Connection, paths: AppPaths, taken_at: datetime, version: int
) -> Path:
    """Back up `source` into the profile's backup folder; returns the new file."""
    paths.backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = taken_at
    # Two backups in the same microsecond (an injected clock, a migration then the open) get
    # distinct names rather than overwriting each other.
    while (dest := paths.backup_dir / backup_name(paths.store_file.stem, stamp, version)).exists():
        stamp += timedelta(microseconds=1)
    copy_database(source, dest)
    return dest


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def thin(
    stamps: Iterable[datetime],
    now: datetime,
    *,
    last: int = KEEP_LAST,
    days: int = KEEP_DAYS,
    weeks: int = KEEP_WEEKS,
) -> set[datetime]:
    """Which backup times to keep: the `last` newest, the newest of each of the last `days` UTC
    days, and the newest of each of the last `weeks` ISO weeks.

    Days and weeks are calendar buckets, not ages: a bucket's newest backup stays its newest as
    time passes, so every kept week keeps a copy until the week falls off the end.
    """
    newest_first = sorted(set(stamps), reverse=True)
    keep = set(newest_first[:last])
    today = now.astimezone(UTC).date()
    this_week = _week_start(today)
    seen_days: set[date] = set()
    seen_weeks: set[date] = set()
    for stamp in newest_first:
        day = stamp.astimezone(UTC).date()
        if (today - day).days < days and day not in seen_days:
            seen_days.add(day)
            keep.add(stamp)
        week = _week_start(day)
        if (this_week - week).days // 7 < weeks and week not in seen_weeks:
            seen_weeks.add(week)
            keep.add(stamp)
    return keep


def prune_backups(paths: AppPaths, now: datetime, current_version: int) -> list[Path]:
    """Delete the backups `thin` does not keep; returns what was deleted.

    The newest backup of each older schema version is always kept: it is the way back from a
    migration that went wrong, whatever its age.
    """
    found = list_backups(paths)
    keep = thin((b.taken_at for b in found), now)
    seen_versions: set[int] = set()
    removed = []
    for backup in found:
        if backup.version < current_version and backup.version not in seen_versions:
            seen_versions.add(backup.version)
            continue
        if backup.taken_at in keep:
            continue
        # Another process (a `lock=False` command) may be pruning the same folder.
        with contextlib.suppress(FileNotFoundError):
            backup.path.unlink()
            removed.append(backup.path)
    remove_leftovers(paths, min_age=_STALE_PARTIAL_SECONDS)
    return removed


def remove_leftovers(paths: AppPaths, *, min_age: float = 0.0) -> list[Path]:
    """Delete what a copy killed half-way left behind; returns what was deleted.

    That is a backup's `.partial` file and SQLite's `.partial-journal` beside it in the backup
    folder, and a restore's `<store>.restoring` files in the profile folder: each as big as the
    store, and never finished. Call it at a locked open, when no backup or restore of this
    profile can be running; the one copy that still could (an unlocked command backing up
    before a migration) then fails with its own message and changes nothing. `min_age`
    (seconds since the file was last written) spares younger files, for callers without the
    lock.
    """
    cutoff = time.time() - min_age
    found: list[Path] = []
    if paths.backup_dir.is_dir():
        for path in paths.backup_dir.iterdir():
            base = path.name.removesuffix(_JOURNAL).removesuffix(_PARTIAL)
            if base != path.name and _NAME.match(base):
                found.append(path)
    restoring = f"{paths.store_file.name}{RESTORE_STAGING}"
    found += [paths.store_file.with_name(restoring + tail) for tail in ("", _PARTIAL,
                                                                         _PARTIAL + _JOURNAL)]
    removed = []
    for path in found:
        # Another process may be cleaning the same folder: a file gone already is fine.
        with contextlib.suppress(OSError):
            if min_age <= 0 or path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed
