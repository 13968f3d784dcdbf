"""The user store: transactions, schema versions, backups, damaged files, one instance each."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import kcdesk
from kcdesk.data import backups
from kcdesk.data.documents import load_shipped_document
from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.plan_json import plan_to_json
from kcdesk.data.store import (
    LOCK_FILE_NAME,
    AlreadyRunningError,
    CorruptStoreError,
    NewerStoreError,
    Store,
    StoreError,
)
from kcdesk.data.store import schema as store_schema
from kcdesk.model.desk.desk import Note, Part

WRITER = Path(__file__).with_name("_store_writer.py")
PLAN = {"ticker": "KC", "zones": [{"key": "accumulate", "price": {"low": 10, "high": 12}}]}
T0 = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)  # a Monday
CURRENT = store_schema.current_version()


class Clock:
    """An injected clock: starts at `start`, moves only when told."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir)


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    with Store.open(paths) as opened:
        yield opened


def _conn(store: Store) -> sqlite3.Connection:
    assert store._conn is not None
    return store._conn


def _raw(path: Path) -> sqlite3.Connection:
    """A plain connection for making files by hand and inspecting them."""
    return sqlite3.connect(path, isolation_level=None)


def _fill(paths: AppPaths, saves: int = 3) -> None:
    """A store with a few saves, closed: it leaves backups behind."""
    with Store.open(paths) as store:
        for n in range(saves):
            store.save_plan("KC", {**PLAN, "n": n}, f"save {n}")
            store.set_setting(f"save {n}", n)


# ---- connection settings and transactions


def test_pragmas_wal_full_sync_foreign_keys_and_schema_version(store: Store) -> None:
    conn = _conn(store)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA user_version").fetchone() == (store_schema.current_version(),)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"plans", "plan_versions", "desk_parts", "settings"} <= tables


WRITES: dict[str, Callable[[Store], object]] = {
    "save_plan": lambda s: s.save_plan("KC", PLAN, "edit"),
    "commit": lambda s: s.commit("KC", {Part.NOTES: NOTES, Part.LAST_REVIEW: T0}, "review"),
    "set_setting": lambda s: s.set_setting("theme", "dark"),
}
NOTES = (Note(1, date(2025, 11, 20), "Q3 beat"),)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_is_exactly_one_immediate_transaction(store: Store, name: str) -> None:
    statements: list[str] = []
    _conn(store).set_trace_callback(statements.append)
    WRITES[name](store)
    _conn(store).set_trace_callback(None)
    assert statements[0] == "BEGIN IMMEDIATE"
    assert statements[-1] == "COMMIT"
    bounds = [s for s in statements if s in ("BEGIN IMMEDIATE", "COMMIT")]
    assert bounds == ["BEGIN IMMEDIATE", "COMMIT"]


def test_parts_of_one_action_are_written_in_one_transaction_and_read_back(
    paths: AppPaths,
) -> None:
    with Store.open(paths) as store:
        statements: list[str] = []
        _conn(store).set_trace_callback(statements.append)
        store.commit("KC", {Part.NOTES: NOTES, Part.LAST_REVIEW: T0}, "review")
        _conn(store).set_trace_callback(None)
        bounds = [s for s in statements if s in ("BEGIN IMMEDIATE", "COMMIT")]
        assert bounds == ["BEGIN IMMEDIATE", "COMMIT"]
        assert sum("desk_parts" in s for s in statements) == 2
    with Store.open(paths) as store:
        assert store.read_parts("KC") == {Part.NOTES: NOTES, Part.LAST_REVIEW: T0}
        assert store.read_parts("GDS") == {}


def test_a_part_that_fails_rolls_back_the_others_of_its_action(store: Store) -> None:
    _conn(store).execute(
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON desk_parts WHEN NEW.part = 'notes'"
        " BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    with pytest.raises(StoreError, match=r"could not review: .*nothing was changed"):
        store.commit("KC", {Part.NOTES: NOTES, Part.LAST_REVIEW: T0}, "review")
    assert store.read_parts("KC") == {}


def test_a_failing_save_is_rolled_back_whole(store: Store) -> None:
    store.save_plan("KC", PLAN, "first")
    # The second statement of the next save (the upsert into plans) fails, as a full disk would.
    _conn(store).execute(
        "CREATE TEMP TRIGGER boom BEFORE UPDATE ON plans BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    with pytest.raises(StoreError, match="nothing was changed"):
        store.save_plan("KC", {**PLAN, "edited": True}, "second")
    assert not _conn(store).in_transaction
    assert store.get_plan("KC") == PLAN


def test_a_full_disk_refuses_the_save_and_keeps_the_last_one(paths: AppPaths) -> None:
    with Store.open(paths) as store:
        store.save_plan("KC", PLAN, "fits")
        conn = _conn(store)
        # Cap the file at its current size: the next save needs pages it cannot get (SQLITE_FULL).
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError, match=r"full.*nothing was changed"):
            store.save_plan("KC", {**PLAN, "pad": "x" * 50_000}, "too big")
        assert store.get_plan("KC") == PLAN
    with Store.open(paths) as store:
        assert store.get_plan("KC") == PLAN


def test_closed_store_refuses_work(paths: AppPaths) -> None:
    store = Store.open(paths)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.get_plan("KC")


# ---- what the store keeps


def test_saved_plan_survives_reopen_and_makes_no_version(paths: AppPaths) -> None:
    with Store.open(paths) as store:
        assert store.get_plan("KC") is None
        for n in range(3):
            store.save_plan("KC", {**PLAN, "n": n}, f"edit {n}")
        store.save_plan("GDS", {"ticker": "GDS"}, "other ticker")
    with Store.open(paths) as store:
        assert store.get_plan("KC") == {**PLAN, "n": 2}
        assert store.get_plan("kc") == {**PLAN, "n": 2}  # tickers are case-insensitive
        (versions,) = _conn(store).execute("SELECT COUNT(*) FROM plan_versions").fetchone()
        assert versions == 0  # a save is not a version: versions are explicit edits


def test_settings_round_trip(paths: AppPaths) -> None:
    with Store.open(paths) as store:
        store.set_setting("risk_budget", {"account": 50_000, "risk_pct": 0.75})
    with Store.open(paths) as store:
        assert store.get_setting("risk_budget") == {"account": 50_000, "risk_pct": 0.75}
        assert store.get_setting("missing", 7) == 7


def test_timestamps_are_iso_utc_text(store: Store) -> None:
    store.save_plan("KC", PLAN, "")
    store.commit("KC", {Part.NOTES: NOTES}, "note")
    conn = _conn(store)
    for sql in ("SELECT updated_at FROM plans", "SELECT updated_at FROM desk_parts"):
        (text,) = conn.execute(sql).fetchone()
        assert isinstance(text, str)
        assert text.endswith("+00:00"), text
        assert datetime.fromisoformat(text).utcoffset() == timedelta(0)


# ---- input checks at the boundary


BAD_INPUTS: list[tuple[str, Callable[[Store], object], str]] = [
    ("ticker", lambda s: s.save_plan("", PLAN, ""), "''"),
    ("ticker", lambda s: s.save_plan("../x", PLAN, ""), "'../x'"),
    ("ticker", lambda s: s.commit("KC;rm", {Part.NOTES: NOTES}, ""), "'KC;rm'"),
    ("plan_json", lambda s: s.save_plan("KC", {"stop": float("nan")}, ""), "nan"),
    ("plan_json", lambda s: s.save_plan("KC", [1, 2], ""), "list"),  # type: ignore[arg-type]
    ("key", lambda s: s.set_setting(" ", 1), "' '"),
]


@pytest.mark.parametrize(("field", "call", "shown"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_invalid_input_is_refused_naming_field_and_value_and_nothing_is_written(
    store: Store, field: str, call: Callable[[Store], object], shown: str
) -> None:
    before = _conn(store).total_changes
    with pytest.raises(ValueError) as refused:
        call(store)
    message = str(refused.value)
    assert message.startswith(f"{field}:"), message
    assert shown in message, message
    assert _conn(store).total_changes == before
    assert store.get_plan("KC") is None and store.read_parts("KC") == {}


# ---- schema versions and migrations


def test_newer_file_is_refused_and_left_byte_for_byte(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    conn = _raw(paths.store_file)
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.execute("INSERT INTO from_the_future VALUES (42)")
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    before = paths.store_file.read_bytes()
    with pytest.raises(NewerStoreError) as refused:
        Store.open(paths)
    current = store_schema.current_version()
    assert f"written by a newer KC Desk (schema 7; this version reads up to {current})" in str(
        refused.value
    )
    assert "nothing was changed" in str(refused.value)
    assert paths.store_file.read_bytes() == before
    assert not Path(f"{paths.store_file}-wal").exists()
    assert Store.backups(paths) == []
    # The refusal released the profile: nothing is left holding it.
    with pytest.raises(NewerStoreError):
        Store.open(paths)


def _version_0_file(paths: AppPaths, sentinel: str) -> None:
    """A hand-made file from before KC Desk's tables: user_version 0, one table of ours to spot."""
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    conn = _raw(paths.store_file)
    conn.execute("CREATE TABLE sentinel (x)")
    conn.execute("INSERT INTO sentinel VALUES (?)", (sentinel,))
    conn.close()


def test_hand_made_version_0_file_is_backed_up_then_migrated(paths: AppPaths) -> None:
    _version_0_file(paths, "before the migration")
    with Store.open(paths) as store:
        assert _conn(store).execute("PRAGMA user_version").fetchone() == (CURRENT,)
        store.save_plan("KC", PLAN, "after migrating")
    found = backups.list_backups(paths)
    pre = [b for b in found if b.version == 0]
    assert len(pre) == 1
    old = _raw(pre[0].path)
    assert old.execute("PRAGMA user_version").fetchone() == (0,)
    assert old.execute("SELECT x FROM sentinel").fetchall() == [("before the migration",)]
    assert old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'plans'").fetchone() == (0,)
    old.close()
    assert pre[0].taken_at <= min(b.taken_at for b in found if b.version == CURRENT)


KC_PLAN = plan_to_json(load_shipped_document("KC").plan)


def _version_1_store(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile as version 1 left it: its own migration, and saves the way it made them
    (each save, undo and redo a plan_versions row, the plan row pointing at the newest)."""
    with monkeypatch.context() as m:
        m.setattr(store_schema, "MIGRATIONS", store_schema.MIGRATIONS[:1])
        with Store.open(paths) as store:
            conn = _conn(store)
            for note in ("Move stop", "Undo: Move stop", "Redo: Move stop"):
                conn.execute(
                    "INSERT INTO plan_versions (ticker, saved_at, note, plan_json)"
                    " VALUES ('KC', '2025-03-03T09:30:00+00:00', ?, ?)",
                    (note, json.dumps({**KC_PLAN, "name": note})),
                )
            conn.execute(
                "INSERT INTO plans (ticker, plan_json, updated_at, version_id)"
                " VALUES ('KC', ?, '2025-03-03T09:30:00+00:00', 3)",
                (json.dumps({**KC_PLAN, "name": "Redo: Move stop"}),),
            )
            assert conn.execute("PRAGMA user_version").fetchone() == (1,)


def test_a_version_1_store_migrates_keeping_the_plan_and_listing_no_autosaves(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _version_1_store(paths, monkeypatch)
    with Store.open(paths) as store:
        conn = _conn(store)
        assert conn.execute("PRAGMA user_version").fetchone() == (CURRENT,)
        assert store.read_parts("KC")[Part.PLAN].name == "Redo: Move stop"
        # The three rows version 1 wrote stay (nothing is deleted) but are not versions.
        assert conn.execute("SELECT count(*) FROM plan_versions WHERE explicit = 0").fetchone() == (
            3,
        )
        assert Part.VERSIONS not in store.read_parts("KC")
        store.save_plan("KC", PLAN, "a save after the migration")  # no version_id needed now
    assert [b.version for b in backups.list_backups(paths)].count(1) >= 1  # backed up first


def test_empty_file_is_version_0(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.store_file.write_bytes(b"")
    with Store.open(paths) as store:
        store.save_plan("KC", PLAN, "")
        assert store.get_plan("KC") == PLAN
    assert {b.version for b in backups.list_backups(paths)} == {0, CURRENT}


def test_a_hot_journal_left_by_a_crash_is_rolled_back_on_open(paths: AppPaths) -> None:
    """A crash mid-transaction in rollback-journal mode (an old or just-restored file)."""
    _version_0_file(paths, "committed")
    crash = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"  # spill pages into the file mid-transaction
        "c.execute('BEGIN')\n"
        "c.execute('DELETE FROM sentinel')\n"
        "c.executemany('INSERT INTO sentinel VALUES (?)', [('x' * 500,)] * 400)\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(paths.store_file)], check=True)
    assert Path(f"{paths.store_file}-journal").stat().st_size > 0
    with Store.open(paths) as store:
        rows = _conn(store).execute("SELECT x FROM sentinel").fetchall()
        assert rows == [("committed",)]
        assert _conn(store).execute("PRAGMA user_version").fetchone() == (CURRENT,)


def test_a_registered_migration_runs_once_after_a_backup(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(paths)
    current = store_schema.current_version()
    ran: list[int] = []

    def v1_to_v2(conn: sqlite3.Connection) -> None:
        ran.append(1)
        conn.execute("ALTER TABLE plans ADD COLUMN account TEXT NOT NULL DEFAULT 'main'")

    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, v1_to_v2])
    with Store.open(paths) as store:
        assert _conn(store).execute("PRAGMA user_version").fetchone() == (current + 1,)
        assert _conn(store).execute("SELECT DISTINCT account FROM plans").fetchall() == [("main",)]
    with Store.open(paths):
        pass
    assert ran == [1]
    before = [b for b in backups.list_backups(paths) if b.version == current]
    assert before, "the data was backed up before the migration"
    check = _raw(before[0].path)
    assert check.execute("SELECT count(*) FROM settings").fetchone() == (3,)
    check.close()


def test_a_failing_migration_leaves_the_file_at_its_last_version(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(paths)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, broken])
    with pytest.raises(StoreError, match="left at its last complete version"):
        Store.open(paths)
    monkeypatch.undo()
    with Store.open(paths) as store:  # the profile is not left locked, and at its version
        assert _conn(store).execute("PRAGMA user_version").fetchone() == (CURRENT,)
        assert store.get_plan("KC") == {**PLAN, "n": 2}
        names = {r[0] for r in _conn(store).execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in names


# ---- damaged files


def test_garbage_file_is_refused_kept_and_restorable(paths: AppPaths) -> None:
    _fill(paths)
    _fill(paths, saves=4)  # a second open: two backups, the newer with four saves
    garbage = b"this is not a database\n" * 500
    paths.store_file.write_bytes(garbage)
    with pytest.raises(CorruptStoreError) as refused:
        Store.open(paths)
    err = refused.value
    assert err.path == paths.store_file
    assert len(err.backups) >= 2
    assert err.backups == Store.backups(paths)
    times = [b.taken_at for b in backups.list_backups(paths)]
    assert times == sorted(times, reverse=True)
    assert err.backups[0].name in str(err)
    assert paths.store_file.read_bytes() == garbage
    # Refusing again changes nothing either, and the lock was released each time.
    with pytest.raises(CorruptStoreError):
        Store.open(paths)
    assert paths.store_file.read_bytes() == garbage

    aside = Store.restore_backup(paths, err.backups[0])
    assert aside is not None and aside.read_bytes() == garbage
    assert aside.name.startswith("kcdesk.sqlite3.corrupt-")
    with Store.open(paths) as store:
        assert store.get_plan("KC") == {**PLAN, "n": 3}
        assert store.get_setting("save 3") == 3  # the newer backup, with all four saves


def test_truncated_database_is_refused_and_restorable(paths: AppPaths) -> None:
    with Store.open(paths) as store:
        for n in range(60):
            store.save_plan("KC", {**PLAN, "n": n, "pad": "x" * 3000}, f"save {n}")
    with Store.open(paths):
        pass  # a backup holding all 60 saves
    data = paths.store_file.read_bytes()
    truncated = data[: len(data) // 2]
    paths.store_file.write_bytes(truncated)
    with pytest.raises(CorruptStoreError) as refused:
        Store.open(paths)
    assert refused.value.backups
    assert paths.store_file.read_bytes() == truncated
    Store.restore_backup(paths, refused.value.backups[0])
    with Store.open(paths) as store:
        assert store.get_plan("KC") == {**PLAN, "n": 59, "pad": "x" * 3000}


def test_restore_sets_aside_the_wal_too(paths: AppPaths) -> None:
    _fill(paths)
    wal = Path(f"{paths.store_file}-wal")
    wal.write_bytes(b"stale wal from the damaged file")
    paths.store_file.write_bytes(b"garbage" * 100)
    aside = Store.restore_backup(paths, Store.backups(paths)[0])
    assert not wal.exists()
    assert Path(f"{aside}-wal").read_bytes() == b"stale wal from the damaged file"
    with Store.open(paths) as store:
        assert store.get_plan("KC") == {**PLAN, "n": 2}


def test_corrupt_file_without_backups_says_so(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.store_file.write_bytes(b"\x00" * 4096)
    with pytest.raises(CorruptStoreError, match="there is no backup") as refused:
        Store.open(paths)
    assert refused.value.backups == []


def test_a_damaged_backup_is_not_restored(paths: AppPaths) -> None:
    _fill(paths)
    good = paths.store_file.read_bytes()
    bad = paths.backup_dir / backups.backup_name("kcdesk", T0 + timedelta(days=999), 1)
    bad.write_bytes(b"not sqlite" * 100)
    with pytest.raises(StoreError, match="damaged too"):
        Store.restore_backup(paths, bad)
    assert paths.store_file.read_bytes() == good


def test_restore_is_refused_while_the_profile_is_open(paths: AppPaths, store: Store) -> None:
    with pytest.raises(AlreadyRunningError):
        Store.restore_backup(paths, Store.backups(paths)[0])


# ---- one instance per profile


def test_second_instance_refused_while_open_and_allowed_after_close(paths: AppPaths) -> None:
    first = Store.open(paths)
    with pytest.raises(
        AlreadyRunningError, match=rf"already running with this profile \(pid {os.getpid()}\)"
    ):
        Store.open(paths)
    with Store.open(paths, lock=False) as reader:  # export-plan while the window is open
        assert reader.get_plan("KC") is None
    first.close()
    Store.open(paths).close()


def _hold(paths: AppPaths) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(paths.data_dir), "--hold", "--max-seconds", "30"],
        # the child runs the code under test, not whichever checkout the venv was installed from
        env=dict(os.environ, PYTHONPATH=str(Path(kcdesk.__file__).parents[1])),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "opening\n"
    assert proc.stdout.readline() == "open\n", proc.stderr and proc.stderr.read()
    return proc


def test_another_process_holds_the_profile_until_it_dies(paths: AppPaths) -> None:
    proc = _hold(paths)
    try:
        with pytest.raises(AlreadyRunningError, match=rf"\(pid {proc.pid}\)"):
            Store.open(paths)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    # The dead process's lock file is still there, with its pid: it must not block.
    assert (paths.data_dir / LOCK_FILE_NAME).read_text().strip() == str(proc.pid)
    Store.open(paths).close()


def test_lock_file_with_a_dead_pid_does_not_block(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    (paths.data_dir / LOCK_FILE_NAME).write_text("999999\n")
    with Store.open(paths):
        assert (paths.data_dir / LOCK_FILE_NAME).read_text().strip() == str(os.getpid())


# ---- backups: taken after each open, thinned


def test_backups_after_open_and_after_a_session_that_saved(paths: AppPaths) -> None:
    clock = Clock()
    with Store.open(paths, now=clock) as store:
        store.save_plan("KC", PLAN, "")
        clock.advance(minutes=1)
    clock.advance(minutes=4)
    with Store.open(paths, now=clock):
        clock.advance(minutes=1)  # nothing saved: no backup on closing
    found = backups.list_backups(paths)
    minutes = [T0 + timedelta(minutes=m) for m in (5, 1, 0)]
    assert [b.taken_at for b in found] == minutes
    assert found[0].path.name == f"kcdesk-20250303T093500.000000Z-v{CURRENT}.sqlite3"
    copy = _raw(found[1].path)  # taken on closing: holds the session's save
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one whole file
    assert copy.execute("SELECT count(*) FROM plans").fetchone() == (1,)
    copy.close()
    assert not list(paths.backup_dir.glob("*.partial"))


def test_same_instant_backups_do_not_overwrite_each_other(paths: AppPaths) -> None:
    clock = Clock()
    for _ in range(3):
        Store.open(paths, now=clock).close()
    assert len({b.path for b in backups.list_backups(paths)}) == 3


def test_a_failed_backup_does_not_stop_the_store(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.backup_dir.write_text("a file where the backup folder should be")
    with Store.open(paths) as store:
        assert store.backup_warning is not None
        store.save_plan("KC", PLAN, "still works")
        assert store.get_plan("KC") == PLAN


def _expected_keep(stamps: list[datetime], now: datetime) -> set[datetime]:
    """The policy written out plainly, to check `thin` against."""
    ordered = sorted(stamps, reverse=True)
    keep = set(ordered[:5])
    for days_back in range(7):
        day = (now - timedelta(days=days_back)).date()
        same_day = [s for s in ordered if s.date() == day]
        keep.update(same_day[:1])
    monday = now.date() - timedelta(days=now.weekday())
    for weeks_back in range(8):
        start = monday - timedelta(weeks=weeks_back)
        in_week = [s for s in ordered if start <= s.date() < start + timedelta(days=7)]
        keep.update(in_week[:1])
    return keep


def test_thinning_keeps_last_five_one_per_day_one_per_week() -> None:
    now = datetime(2025, 6, 18, 14, 0, tzinfo=UTC)
    stamps = [now - timedelta(hours=5 * k) for k in range(600)]  # every 5 h for ~4 months
    kept = backups.thin(stamps, now)
    assert kept == _expected_keep(stamps, now)
    assert set(sorted(stamps, reverse=True)[:5]) <= kept
    assert len(kept) <= 5 + 7 + 8
    assert min(kept) >= now - timedelta(weeks=9)


def test_thinning_over_time_keeps_a_copy_for_every_recent_week() -> None:
    """Pruned after every backup for four months, the set never starves a week or a day."""
    kept: set[datetime] = set()
    now = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    for _ in range(4 * 30 * 3):  # three opens a day
        now += timedelta(hours=8)
        kept = backups.thin(kept | {now}, now)
        assert len(kept) <= 5 + 7 + 8
    days = {s.date() for s in kept}
    assert all((now - timedelta(days=d)).date() in days for d in range(7))
    weeks = {s.isocalendar()[:2] for s in kept}
    assert all((now - timedelta(weeks=w)).isocalendar()[:2] in weeks for w in range(8))


def test_opens_over_two_months_leave_a_thinned_set(paths: AppPaths) -> None:
    clock = Clock()
    for _ in range(70):
        Store.open(paths, now=clock).close()
        clock.advance(days=1)
    found = backups.list_backups(paths)
    stamps = [T0 + timedelta(days=d) for d in range(70)]
    assert {b.taken_at for b in found} == _expected_keep(stamps, stamps[-1])
    assert len(found) < 20


def test_pruning_keeps_the_last_backup_of_an_older_schema(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    _raw(paths.store_file).close()  # a version-0 file
    clock = Clock()
    for _ in range(40):
        Store.open(paths, now=clock).close()
        clock.advance(days=3)
    assert [b.version for b in backups.list_backups(paths)].count(0) == 1


def test_files_that_are_not_backups_are_left_alone(paths: AppPaths) -> None:
    paths.backup_dir.mkdir(parents=True)
    mine = paths.backup_dir / "notes.txt"
    mine.write_text("the user's own file")
    clock = Clock()
    for _ in range(12):
        Store.open(paths, now=clock).close()
        clock.advance(hours=1)
    assert mine.read_text() == "the user's own file"
