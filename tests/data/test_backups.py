"""Backup leftovers: what a kill during a backup or a restore leaves is removed at the next open."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kcdesk.data import backups
from kcdesk.data.paths import AppPaths, app_paths

T0 = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
NAME = backups.backup_name("kcdesk", T0, 1)  # kcdesk-20250303T093000.000000Z-v1.sqlite3


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    p = app_paths(data_dir)
    p.backup_dir.mkdir(parents=True)
    return p


def _kill_during_backup(paths: AppPaths) -> None:
    """In a child: back up a small store and die by SIGKILL just before the rename."""
    script = f"""
import os, signal, sqlite3
from datetime import datetime, UTC
from kcdesk.data import backups
from kcdesk.data.paths import app_paths
paths = app_paths({str(paths.data_dir)!r})
src = sqlite3.connect(":memory:")
src.execute("CREATE TABLE t (x)")
src.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)])
src.commit()
os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)
backups.take_backup(src, paths, datetime(2025, 3, 3, 9, 30, tzinfo=UTC), 1)
"""
    repo = Path(__file__).resolve().parents[2]  # the child imports this checkout's kcdesk
    done = subprocess.run([sys.executable, "-c", script], cwd=repo, timeout=60, check=False)
    assert done.returncode == -signal.SIGKILL


def test_a_backup_killed_before_its_rename_leaves_a_partial_remove_leftovers_deletes(
        paths: AppPaths) -> None:
    _kill_during_backup(paths)
    left = sorted(p.name for p in paths.backup_dir.iterdir())
    assert left == [NAME + ".partial"]  # store-sized, and under no backup's name
    assert backups.remove_leftovers(paths) == [paths.backup_dir / (NAME + ".partial")]
    assert list(paths.backup_dir.iterdir()) == []
    assert backups.list_backups(paths) == []


def test_leftovers_of_backups_and_a_restore_go_and_nothing_else(paths: AppPaths) -> None:
    complete = paths.backup_dir / NAME
    with sqlite3.connect(complete) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    leftovers = [paths.backup_dir / (NAME + ".partial"),
                 paths.backup_dir / (NAME + ".partial-journal"),
                 paths.data_dir / "kcdesk.sqlite3.restoring",
                 paths.data_dir / "kcdesk.sqlite3.restoring.partial",
                 paths.data_dir / "kcdesk.sqlite3.restoring.partial-journal"]
    foreign = [paths.backup_dir / "my notes.partial",  # not a backup's name: the user's
               paths.backup_dir / (NAME + ".partial.txt")]
    for path in leftovers + foreign:
        path.write_bytes(b"x" * 100)
    assert sorted(backups.remove_leftovers(paths)) == sorted(leftovers)
    assert not any(p.exists() for p in leftovers)
    assert all(p.exists() for p in foreign) and complete.exists()
    assert [b.path for b in backups.list_backups(paths)] == [complete]


def test_pruning_without_the_lock_spares_a_partial_that_may_still_be_written(
        paths: AppPaths) -> None:
    fresh = paths.backup_dir / (NAME + ".partial-journal")
    old = paths.backup_dir / (backups.backup_name("kcdesk", T0, 2) + ".partial-journal")
    fresh.write_bytes(b"j")
    old.write_bytes(b"j")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    backups.prune_backups(paths, T0, 1)
    assert fresh.exists() and not old.exists()


def test_no_backup_folder_is_nothing_to_clean(data_dir: Path) -> None:
    assert backups.remove_leftovers(app_paths(data_dir)) == []
