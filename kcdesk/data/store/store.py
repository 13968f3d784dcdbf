"""The user store: one SQLite file with every ticker's desk (plan, versions, notes, logs…).

Nothing typed is lost: WAL with `synchronous=FULL`, one `BEGIN IMMEDIATE … COMMIT` per user
action, a backup after every open and before every migration, a damaged or newer file never
written to, and one running KC Desk per profile. Opening and checks are in opening.py, backups
in backups.py, the writers and readers of each desk part in parts.py.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from kcdesk.data import backups
from kcdesk.data.instance_lock import InstanceLock
from kcdesk.data.paths import AppPaths
from kcdesk.data.store import parts
from kcdesk.data.store.opening import (
    Clock,
    connect,
    create_new,
    ensure_dir,
    lock_profile,
    probe,
    set_aside,
    snapshot,
    stamp,
    utc_now,
)
from kcdesk.data.store.records import (
    CorruptStoreError,
    StoreError,
    failed,
    json_text,
    valid_text,
)
from kcdesk.data.store.schema import current_version, migrate
from kcdesk.model.desk.desk import Part
from kcdesk.model.tickers import normalize_ticker

_log = logging.getLogger(__name__)

JsonDict = dict[str, Any]


class Store:
    """The open user store of one profile. Open with `Store.open`; use as a context manager."""

    def __init__(
        self, conn: sqlite3.Connection, paths: AppPaths, lock: InstanceLock | None, now: Clock
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.paths = paths
        self._lock = lock
        self._now = now
        # Set when the backup after opening failed (e.g. a full disk): the store still works.
        self.backup_warning: str | None = None
        self._changed = False  # a write committed since the last backup
        self.read_only = False  # a snapshot: writes are refused

    @classmethod
    def open(cls, paths: AppPaths, *, lock: bool = True, now: Clock = utc_now) -> Store:
        """Open (or create) the profile's store, migrating and backing it up.

        `lock=False` is for read-mostly command-line uses while the window may be running: it
        takes no after-open backup (the window's own opens do), so scripts that read often do
        not churn the backup set.
        Raises AlreadyRunningError, NewerStoreError, CorruptStoreError or StoreError.
        """
        ensure_dir(paths)
        held = lock_profile(paths) if lock else None
        try:
            path = paths.store_file
            existed = path.exists()
            if not existed:
                create_new(path, migrate)
            version = probe(path, lambda: cls.backups(paths))
            try:
                conn = connect(path)
            except sqlite3.Error as exc:
                raise failed(f"open {path}", exc, path) from exc
            try:
                if existed and version < current_version():
                    cls._backup_before_migration(conn, paths, stamp(now), version)
                try:
                    migrate(conn)
                except sqlite3.Error as exc:
                    raise StoreError(
                        f"could not upgrade {path} from schema {version} to {current_version()}: "
                        f"{exc} — the file was left at its last complete version"
                    ) from exc
                store = cls(conn, paths, held, now)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            if held is not None:
                held.release()
            raise
        if lock:
            # Holding the lock, nobody else is copying: what a killed backup left is litter.
            with contextlib.suppress(OSError):
                backups.remove_leftovers(paths)
            store._backup()
        return store

    @classmethod
    def open_snapshot(cls, paths: AppPaths, *, now: Clock = utc_now) -> Store:
        """A read-only Store on a copy in memory of the profile's store: for commands that
        only read. Takes no lock and no backup, and never writes the file (a write to the copy
        is refused). Raises like `open` for a damaged or newer file."""
        conn = snapshot(paths.store_file, lambda: cls.backups(paths))
        try:
            migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise failed(f"read {paths.store_file}", exc, paths.store_file) from exc
        store = cls(conn, paths, None, now)
        store.read_only = True
        return store

    @staticmethod
    def _backup_before_migration(
        conn: sqlite3.Connection, paths: AppPaths, taken_at: datetime, version: int
    ) -> None:
        try:
            backups.take_backup(conn, paths, taken_at, version)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"could not back up {paths.store_file} before upgrading it: {exc} "
                "— nothing was changed"
            ) from exc

    def _backup(self) -> None:
        """Back up after opening, and on closing a session that changed something."""
        taken_at = stamp(self._now)
        try:
            backups.take_backup(self._live(), self.paths, taken_at, current_version())
            backups.prune_backups(self.paths, taken_at, current_version())
        except (OSError, sqlite3.Error) as exc:
            # The user's data is intact in the store: refusing to open or close over a failed
            # backup would only keep them from it.
            self.backup_warning = str(failed(f"back up {self.paths.store_file}", exc,
                                             self.paths.backup_dir))
            _log.warning("%s", self.backup_warning)

    @staticmethod
    def backups(paths: AppPaths) -> list[Path]:
        """The profile's backup files, newest first."""
        return [b.path for b in backups.list_backups(paths)]

    @classmethod
    def good_backups(cls, paths: AppPaths) -> list[Path]:
        """The backups that open and pass the integrity check, newest first (never writes)."""
        good = []
        for path in cls.backups(paths):
            try:
                probe(path, list)
            except StoreError:  # damaged, newer, or unreadable: not one to offer
                continue
            good.append(path)
        return good

    @classmethod
    def backups_where_part_reads(cls, paths: AppPaths, ticker: str, part: Part) -> list[Path]:
        """The good backups in which `ticker`'s `part` reads (or was never stored), newest first:
        after the damage, every open backs up the store with the damaged part in it too."""
        key = normalize_ticker(ticker)
        _, read = parts.PARTS[part]
        found = []
        for path in cls.good_backups(paths):
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                read(conn, key)
            except (StoreError, sqlite3.Error):
                continue
            finally:
                conn.close()
            found.append(path)
        return found

    @classmethod
    def set_aside_damaged(cls, paths: AppPaths, *, now: Clock = utc_now) -> Path | None:
        """Rename a damaged store file aside (never delete it): the next open starts afresh."""
        ensure_dir(paths)
        held = lock_profile(paths)
        try:
            return set_aside(paths.store_file, stamp(now))
        except OSError as exc:
            raise failed(f"rename {paths.store_file}", exc, paths.store_file) from exc
        finally:
            held.release()

    @classmethod
    def restore_backup(cls, paths: AppPaths, backup: Path, *, now: Clock = utc_now) -> Path | None:
        """Put `backup` in place of the store file. Returns where the old file was set aside.

        The old file (and its -wal/-shm, which must never be replayed onto the backup) is renamed
        `<name>.corrupt-<UTC time>`, never deleted. Refused while KC Desk runs on the profile.
        """
        ensure_dir(paths)
        held = lock_profile(paths)
        target = paths.store_file
        staging = target.with_name(f"{target.name}.restoring")
        try:
            try:
                probe(backup, list)
            except CorruptStoreError as exc:
                raise StoreError(f"the backup {backup} is damaged too ({exc.reason})") from exc
            # Copy first, move the old file aside second: a failed copy leaves the profile as
            # it was, never without a store file (which the next open would recreate empty).
            source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
            try:
                backups.copy_database(source, staging)
            finally:
                source.close()
            aside = set_aside(target, stamp(now))
            staging.replace(target)
            backups.fsync_dir(target.parent)
            return aside
        except (OSError, sqlite3.Error) as exc:
            raise failed(f"restore {backup}", exc, backup) from exc
        finally:
            staging.unlink(missing_ok=True)
            held.release()

    # ---- lifetime

    def close(self) -> None:
        """Close the database (checkpointing its WAL) and release the profile lock. Idempotent.

        A session that saved anything is backed up first, so a file damaged before the next
        open can be restored with all of it.
        """
        if self._conn is not None and self._changed and not self.read_only:
            self._changed = False
            self._backup()
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store is closed")
        return self._conn

    @contextlib.contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """One user action: BEGIN IMMEDIATE … COMMIT, rolled back whole on any error."""
        if self.read_only:
            raise StoreError(f"could not {action}: this is a read-only view of the store")
        conn = self._live()
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
            self._changed = True
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise failed(action, exc, self.paths.store_file, " — nothing was changed") from exc
            raise

    def _rows(self, sql: str, params: tuple[object, ...]) -> list[Any]:
        try:
            return self._live().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise failed(f"read {self.paths.store_file}", exc, self.paths.store_file) from exc

    def _time(self) -> str:
        return stamp(self._now).isoformat(timespec="microseconds")

    # ---- the desk, in parts

    def get_plan(self, ticker: str) -> JsonDict | None:
        """The user's edited plan for `ticker` as JSON, or None if it was never edited."""
        key = normalize_ticker(ticker)
        try:
            return parts.get_plan_json(self._live(), key)
        except sqlite3.Error as exc:
            raise failed(f"read {self.paths.store_file}", exc, self.paths.store_file) from exc

    def plan_tickers(self) -> list[str]:
        """The tickers with a plan of the user's in the store, in alphabetical order."""
        return [r[0] for r in self._rows("SELECT ticker FROM plans ORDER BY ticker", ())]

    def save_plan(self, ticker: str, plan_json: JsonDict, note: str) -> None:
        """Make `plan_json` the current plan of `ticker` in one transaction (`note`: what for)."""
        key = normalize_ticker(ticker)
        with self._transaction(note or f"save the plan for {key}") as conn:
            parts.put_plan_json(conn, key, plan_json, self._time())

    def commit(self, ticker: str, changes: Mapping[Part, Any], action: str) -> None:
        """Write every changed part of `ticker`'s desk in ONE transaction (all or nothing).

        `action` says what the user did, for the message if the write fails.
        """
        key = normalize_ticker(ticker)
        at = self._time()
        with self._transaction(action) as conn:
            for part in sorted(changes):
                write, _ = parts.PARTS[part]
                write(conn, key, changes[part], at)

    def read_parts(self, ticker: str, *, skip: Collection[Part] = ()) -> dict[Part, Any]:
        """The stored parts of `ticker`'s desk as model values (parts never stored are absent;
        parts in `skip` are not read).

        StoreError when a stored part no longer reads as a valid value (it names the part).
        """
        key = normalize_ticker(ticker)
        conn = self._live()
        out: dict[Part, Any] = {}
        try:
            for part, (_, read) in parts.PARTS.items():
                if part in skip:
                    continue
                value = read(conn, key)
                if value is not parts.ABSENT:
                    out[part] = value
        except sqlite3.Error as exc:
            raise failed(f"read {self.paths.store_file}", exc, self.paths.store_file) from exc
        return out

    def set_aside_part(self, ticker: str, part: Part, reason: str) -> int:
        """Start `part` of `ticker`'s desk afresh: its damaged rows move to the `set_aside`
        table (kept, never deleted) in one transaction. Returns how many rows were moved."""
        key = normalize_ticker(ticker)
        with self._transaction(f"set aside the stored {part.value} of {key}") as conn:
            return parts.set_aside_part(conn, key, part, reason, self._time())

    # ---- settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting's JSON value, or `default` if it was never set."""
        rows = self._rows("SELECT value_json FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (any JSON value)."""
        values = (valid_text("key", key, required=True), json_text(key, value), self._time())
        with self._transaction(f"save the setting {key!r}") as conn:
            conn.execute(
                "INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json,"
                " updated_at = excluded.updated_at",
                values,
            )
