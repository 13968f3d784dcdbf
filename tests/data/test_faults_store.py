"""Fault injection for the user store: an error at every k-th write, and a full disk for real.

Each case asserts that every acknowledged save is still there, that a refused one changed
nothing, that the file is never set aside for an error that is not damage, and that the user
reads a plain cause. Marked slow with the other fault loops; a few seconds in all.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store, StoreError
from tests.data import _sqlite_faults as faults

pytestmark = pytest.mark.slow

SAVES = 12
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("k", [1, 2, 3, 4])
@pytest.mark.parametrize("error", [faults.FULL, faults.IO_ERROR, faults.READ_ONLY],
                         ids=lambda e: e[0])
def test_an_error_at_every_kth_write_loses_no_acknowledged_save(
        data_dir: Path, k: int, error: tuple[str, str]) -> None:
    paths = app_paths(data_dir).ensure()
    store = Store.open(paths)
    try:
        injected = faults.Faults()
        # the open connection: route its statements through the faults
        injected.on_write, injected.every = faults.sqlite_error(*error), k
        real = store._conn
        assert real is not None
        store._conn = _FaultyConnection(real, injected)  # type: ignore[assignment]
        acknowledged: dict[str, int] = {}
        for n in range(SAVES):
            try:
                store.set_setting(f"save{n}", n)
            except StoreError as exc:
                text = str(exc)
                assert text.startswith(f"could not save the setting 'save{n}': ")
                assert text.endswith("— nothing was changed")
                assert "the disk" in text or "read-only" in text  # a plain cause
            else:
                acknowledged[f"save{n}"] = n
            # after every save, failed or not: exactly what was acknowledged
            assert {key: store.get_setting(key) for key in acknowledged} == acknowledged
            assert store.get_setting(f"save{n}") == acknowledged.get(f"save{n}")
        assert len(acknowledged) < SAVES  # the faults did fire
    finally:
        store._conn = real
        store.close()
    assert list(paths.data_dir.glob("*.corrupt-*")) == []
    with Store.open(paths) as again:  # and all of it is on disk
        assert {key: again.get_setting(key) for key in acknowledged} == acknowledged


class _FaultyConnection:
    """A live connection whose data-changing statements consult Faults."""

    def __init__(self, conn: object, injected: faults.Faults) -> None:
        self._conn, self._faults = conn, injected

    def execute(self, sql: str, *args: object) -> object:
        self._faults.check(sql)
        return self._conn.execute(sql, *args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


@contextlib.contextmanager
def _tiny_disk(size_kib: int) -> Iterator[Path]:
    """A real, small filesystem (tmpfs); skips where mounting is not allowed (not root)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs root to mount a small tmpfs")
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="kcdesk-tiny-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs",
                           str(where)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)
        where.rmdir()


def _fill(where: Path) -> None:
    """Fill the disk to the last byte."""
    _fill_leaving(where, 0)


def test_on_a_full_disk_saves_are_refused_plainly_and_none_acknowledged_is_lost() -> None:
    with _tiny_disk(640) as disk:
        paths = app_paths(disk / "profile").ensure()
        acknowledged: dict[str, str] = {}
        message = ""
        with Store.open(paths) as store:
            _fill_leaving(disk, 48 * 1024)  # a little room, then saves fill it
            for n in range(400):
                try:
                    store.set_setting(f"save{n}", "x" * 1500)
                except StoreError as exc:
                    message = str(exc)
                    break
                acknowledged[f"save{n}"] = "x" * 1500
            assert message, "the disk never filled"
            assert "the disk is full — free some space and try again" in message
            assert message.endswith("— nothing was changed")
        for f in disk.glob("filler*"):
            f.unlink()
        with Store.open(paths) as again:
            assert {key: again.get_setting(key) for key in acknowledged} == acknowledged
        assert list(paths.data_dir.glob("*.corrupt-*")) == []


def _fill_leaving(where: Path, free: int) -> None:
    """Fill the disk until only about `free` bytes are left."""
    with open(where / "filler", "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while shutil.disk_usage(where).free > free:
            handle.write(b"\0" * 4096)


def test_on_a_full_disk_reading_commands_still_work_and_opening_says_full() -> None:
    with _tiny_disk(640) as disk:
        paths = app_paths(disk / "profile").ensure()
        Store.open(paths).close()
        for sidecar in paths.data_dir.glob("*-shm"):
            sidecar.unlink()
        before = paths.store_file.read_bytes()
        _fill(disk)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-m", "kcdesk", "--data-dir",
                               str(paths.data_dir), "export-plan"], capture_output=True,
                              text=True, env=env, timeout=120, check=False, cwd=REPO)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["plan"]["ticker"] == "KC"
        with pytest.raises(StoreError, match="the disk is full — free some space"):
            Store.open(paths)  # the window's open: a plain cause, not "disk I/O error"
        assert paths.store_file.read_bytes() == before
        assert list(paths.data_dir.glob("*.corrupt-*")) == []


KILL_IN_MIGRATION = """
import os, signal, sys
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.data.store import schema
step = int(sys.argv[2])  # the migration step to die in: after its statements, before COMMIT
real = schema.MIGRATIONS[step]
def dying(conn):
    real(conn)
    os.kill(os.getpid(), signal.SIGKILL)
schema.MIGRATIONS[step] = dying
Store.open(app_paths(sys.argv[1]))
"""


@pytest.mark.parametrize("step", [1, 2])  # v1 -> v2 (the plan table rebuilt), v2 -> v3
def test_a_kill_inside_a_migration_leaves_the_last_complete_version_and_loses_nothing(
        data_dir: Path, step: int) -> None:
    """Each step is one transaction: killed before its COMMIT, the file stays at the version
    before it (its backup taken first), and the next open migrates it with the plan kept."""
    import sqlite3

    from kcdesk.data.store import schema

    paths = app_paths(data_dir).ensure()
    conn = sqlite3.connect(paths.store_file)
    for migrate in schema.MIGRATIONS[:step]:
        migrate(conn)
    plan_json = json.dumps({"ticker": "KC", "n": 1})
    at = "2025-01-01T00:00:00+00:00"
    if step == 1:  # a version-1 store: the plan row points at its version row
        conn.execute("INSERT INTO plan_versions (ticker, saved_at, note, plan_json)"
                     " VALUES ('KC', ?, 'x', ?)", (at, plan_json))
        conn.execute("INSERT INTO plans VALUES ('KC', ?, ?, 1)", (plan_json, at))
    else:
        conn.execute("INSERT INTO plans VALUES ('KC', ?, ?)", (plan_json, at))
    conn.execute(f"PRAGMA user_version = {step}")
    conn.commit()
    conn.close()
    done = subprocess.run([sys.executable, "-c", KILL_IN_MIGRATION, str(paths.data_dir),
                           str(step)], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == -9, done.stderr
    check = sqlite3.connect(paths.store_file)
    assert check.execute("PRAGMA user_version").fetchone() == (step,)  # rolled back whole
    check.close()
    from kcdesk.data import backups

    assert [b.version for b in backups.list_backups(paths)] == [step]  # backed up first
    with Store.open(paths) as store:  # the next open finishes the job
        assert store.get_plan("KC") == {"ticker": "KC", "n": 1}
