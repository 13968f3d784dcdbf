"""Reading commands read a snapshot: nothing written, works beside the window, on an older
schema, and on a profile folder the user may not write in."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
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


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX users")
def test_export_plan_works_on_a_profile_folder_the_user_cannot_write(tmp_path: Path) -> None:
    """Was 'attempt to write a readonly database' for a command that only reads."""
    # A folder outside pytest's private tmp (0700) so another user can enter it.
    root = Path(tempfile.mkdtemp(prefix="kcdesk-ro-"))
    try:
        paths = app_paths(root / "profile").ensure()
        from kcdesk.data.documents import load_shipped_document
        from kcdesk.data.plan_json import plan_to_json

        plan = plan_to_json(load_shipped_document("KC").plan)
        plan["name"] = "marker plan"
        with Store.open(paths) as store:
            store.save_plan("KC", plan, "edit")
        command = [sys.executable, "-m", "kcdesk", "--data-dir", str(paths.data_dir),
                   "export-plan"]
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: cannot drop write access")
            for p in [root, *root.rglob("*")]:
                p.chmod(0o755 if p.is_dir() else 0o644)
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        else:
            for p in [*root.rglob("*"), root]:
                p.chmod(0o555 if p.is_dir() else 0o444)
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                              cwd=root)
        assert done.returncode == 0, done.stderr
        assert '"name": "marker plan"' in done.stdout
    finally:
        for p in [root, *root.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(root)
