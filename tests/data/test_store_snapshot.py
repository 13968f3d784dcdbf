"""Reading commands read a snapshot: nothing written, works beside the window, on an older
schema, and on a profile folder the user may not write in."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.store import Store, StoreError
from kcdesk.data.store import schema as store_schema

PLAN = {"ticker": "KC", "name": "marker plan"}


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


def _files(paths: AppPaths) -> dict[str, bytes]:
    """Every file's bytes, but SQLite's own -wal/-shm (a reader of a WAL file may make them)."""
    return {p.name: p.read_bytes() for p in paths.data_dir.rglob("*")
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def test_a_snapshot_reads_what_was_saved_and_writes_nothing(paths: AppPaths) -> None:
    with Store.open(paths) as store:
        store.save_plan("KC", PLAN, "edit")
    before = _files(paths)
    with Store.open_snapshot(paths) as snap:
        assert snap.get_plan("KC") == PLAN
        with pytest.raises(StoreError, match="read-only view"):
            snap.save_plan("KC", {"ticker": "KC"}, "edit")
    assert _files(paths) == before  # no backup, no lock file change, no schema write


def test_a_snapshot_sees_the_running_windows_latest_save(paths: AppPaths) -> None:
    window = Store.open(paths)
    try:
        window.save_plan("KC", PLAN, "edit")  # still in the WAL, not checkpointed
        with Store.open_snapshot(paths) as snap:
            assert snap.get_plan("KC") == PLAN
    finally:
        window.close()


def test_a_snapshot_of_an_older_schema_is_migrated_in_memory_only(paths: AppPaths) -> None:
    conn = sqlite3.connect(paths.store_file)
    store_schema.MIGRATIONS[0](conn)  # a version-1 file
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open_snapshot(paths) as snap:
        assert snap.get_plan("KC") is None
    check = sqlite3.connect(paths.store_file)
    assert check.execute("PRAGMA user_version").fetchone() == (1,)
    check.close()


def _read_only(root: Path) -> Callable[[], None]:
    """Make `root` a folder nobody may write in; returns what undoes it. As root, permission
    bits do not stop writes, so the folder is bind-mounted read-only over itself instead (no
    other user is needed, who might not be able to read this checkout)."""
    if os.geteuid() != 0:
        for p in [*root.rglob("*"), root]:
            p.chmod(0o555 if p.is_dir() else 0o444)

        def undo() -> None:
            for p in [root, *root.rglob("*")]:
                p.chmod(0o755 if p.is_dir() else 0o644)

        return undo
    for args in (["--bind", str(root), str(root)], ["-o", "remount,bind,ro", str(root)]):
        done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", str(root)], capture_output=True, check=False)
            pytest.skip(f"running as root and cannot mount read-only: {done.stderr.strip()}")
    return lambda: subprocess.run(["umount", str(root)], check=False) and None


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX users")
def test_export_plan_works_on_a_profile_folder_the_user_cannot_write(tmp_path: Path) -> None:
    """Was 'attempt to write a readonly database' for a command that only reads."""
    root = tmp_path / "ro"
    paths = app_paths(root / "profile").ensure()
    from kcdesk.data.documents import load_shipped_document
    from kcdesk.data.plan_json import plan_to_json

    plan = plan_to_json(load_shipped_document("KC").plan)
    plan["name"] = "marker plan"
    with Store.open(paths) as store:
        store.save_plan("KC", plan, "edit")
    before = paths.store_file.read_bytes()
    undo = _read_only(root)
    try:
        assert not os.access(paths.data_dir, os.W_OK)  # the folder really is read-only
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        done = subprocess.run(
            [sys.executable, "-m", "kcdesk", "--data-dir", str(paths.data_dir), "export-plan"],
            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert '"name": "marker plan"' in done.stdout
    finally:
        undo()
    assert paths.store_file.read_bytes() == before
