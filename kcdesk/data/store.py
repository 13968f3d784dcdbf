"""The user store: one SQLite file with the user's plans, checklists, metric log and journal.

Nothing typed is lost: WAL with `synchronous=FULL`, one `BEGIN IMMEDIATE … COMMIT` per user
action, a backup after every open and before every migration, a damaged or newer file never
written to, and one running KC Desk per profile.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from kcdesk.data import backups
from kcdesk.data.instance_lock import InstanceLock, LockHeldError
from kcdesk.data.paths import AppPaths
from kcdesk.data.store_records import (
    AlreadyRunningError,
    ChecklistState,
    CorruptStoreError,
    MetricEntry,
    NewerStoreError,
    PlanVersion,
    StoreError,
    Trade,
    json_text,
    valid_date,
    valid_quarter,
    valid_text,
)
from kcdesk.data.store_schema import current_version, migrate, read_version
from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError, check_number, check_price

__all__ = [
    "LOCK_FILE_NAME",
    "AlreadyRunningError",
    "ChecklistState",
    "CorruptStoreError",
    "MetricEntry",
    "NewerStoreError",
    "PlanVersion",
    "Store",
    "StoreError",
    "Trade",
]

_log = logging.getLogger(__name__)

JsonDict = dict[str, Any]
Clock = Callable[[], datetime]

LOCK_FILE_NAME = "kcdesk.lock"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ---- opening


def _probe(path: Path, backup_files: Callable[[], list[Path]]) -> int:
    """The file's schema version, after checking it is whole; never writes a byte to it
    (except SQLite's own crash recovery, see below).

    Read-only (`mode=ro`): a file from a newer KC Desk, or a damaged one, must stay exactly as
    it is, and a read-write connection may checkpoint a WAL into it on close.
    """
    if not path.exists():
        return 0
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"could not read {path}: {exc}") from exc
    if header and header != _SQLITE_MAGIC:
        raise CorruptStoreError(path, "not an SQLite database", backup_files())
    try:
        try:
            version, problems = _read_only_check(path)
        except sqlite3.OperationalError as exc:
            # A crash mid-transaction left a hot journal (or a WAL to recover) that a read-only
            # connection may not replay. Any reader must replay it before reading, so let
            # SQLite do just that, then look again.
            if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                raise
            _recover(path)
            version, problems = _read_only_check(path)
    except sqlite3.OperationalError as exc:  # cannot open or read: not evidence of damage
        raise StoreError(f"could not read {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptStoreError(path, str(exc), backup_files()) from exc
    if problems != ["ok"]:
        raise CorruptStoreError(path, "; ".join(problems[:3]), backup_files())
    return version


def _read_only_check(path: Path) -> tuple[int, list[str]]:
    """(user_version, integrity_check rows); NewerStoreError before checking a newer file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = read_version(conn)
        if version > current_version():
            raise NewerStoreError(path, version, current_version())
        return version, [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def _recover(path: Path) -> None:
    # A read through a read-write connection rolls back a hot journal / recovers the WAL.
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        read_version(conn)
    finally:
        conn.close()


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the store issues BEGIN/COMMIT itself, never the sqlite3 module.
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: the file system refused WAL mode (got {mode!r})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _ensure_dir(paths: AppPaths) -> None:
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"could not create the profile folder {paths.data_dir}: {exc}") from exc


def _lock(paths: AppPaths) -> InstanceLock:
    try:
        return InstanceLock.acquire(paths.data_dir / LOCK_FILE_NAME)
    except LockHeldError as exc:
        raise AlreadyRunningError(exc.pid) from None
    except OSError as exc:
        raise StoreError(f"could not lock the profile {paths.data_dir}: {exc}") from exc


def _stamp(now: Clock) -> datetime:
    moment = now()
    if moment.tzinfo is None:
        raise ValueError(f"the store's clock must give aware datetimes (got {moment!r})")
    return moment.astimezone(UTC)


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

    @classmethod
    def open(cls, paths: AppPaths, *, lock: bool = True, now: Clock = _utc_now) -> Store:
        """Open (or create) the profile's store, migrating and backing it up.

        `lock=False` is for read-mostly command-line uses while the window may be running: it
        takes no after-open backup (the window's own opens do), so scripts that read often do
        not churn the backup set.
        Raises AlreadyRunningError, NewerStoreError, CorruptStoreError or StoreError.
        """
        _ensure_dir(paths)
        held = _lock(paths) if lock else None
        try:
            path = paths.store_file
            existed = path.exists()
            version = _probe(path, lambda: cls.backups(paths))
            try:
                conn = _connect(path)
            except sqlite3.Error as exc:
                raise StoreError(f"could not open {path}: {exc}") from exc
            try:
                if existed and version < current_version():
                    cls._backup_before_migration(conn, paths, _stamp(now), version)
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
            store._backup()
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
        taken_at = _stamp(self._now)
        try:
            backups.take_backup(self._live(), self.paths, taken_at, current_version())
            backups.prune_backups(self.paths, taken_at, current_version())
        except (OSError, sqlite3.Error) as exc:
            # The user's data is intact in the store: refusing to open or close over a failed
            # backup would only keep them from it.
            self.backup_warning = f"could not back up {self.paths.store_file}: {exc}"
            _log.warning("%s", self.backup_warning)

    @staticmethod
    def backups(paths: AppPaths) -> list[Path]:
        """The profile's backup files, newest first."""
        return [b.path for b in backups.list_backups(paths)]

    @classmethod
    def restore_backup(cls, paths: AppPaths, backup: Path, *, now: Clock = _utc_now) -> Path | None:
        """Put `backup` in place of the store file. Returns where the old file was set aside.

        The old file (and its -wal/-shm, which must never be replayed onto the backup) is renamed
        `<name>.corrupt-<UTC time>`, never deleted. Refused while KC Desk runs on the profile.
        """
        _ensure_dir(paths)
        held = _lock(paths)
        target = paths.store_file
        staging = target.with_name(f"{target.name}.restoring")
        try:
            try:
                _probe(backup, list)
            except CorruptStoreError as exc:
                raise StoreError(f"the backup {backup} is damaged too ({exc.reason})") from exc
            # Copy first, move the old file aside second: a failed copy leaves the profile as
            # it was, never without a store file (which the next open would recreate empty).
            source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
            try:
                backups.copy_database(source, staging)
            finally:
                source.close()
            aside = cls._set_aside(target, _stamp(now))
            staging.replace(target)
            backups.fsync_dir(target.parent)
            return aside
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"could not restore {backup}: {exc}") from exc
        finally:
            staging.unlink(missing_ok=True)
            held.release()

    @staticmethod
    def _set_aside(target: Path, moment: datetime) -> Path | None:
        """Rename the store file and its -wal/-shm to `<name>.corrupt-<time>`; never delete."""
        stamp = moment.strftime("%Y%m%dT%H%M%SZ")
        aside = target.with_name(f"{target.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = target.with_name(f"{target.name}.corrupt-{stamp}-{n}")
        existed = target.exists()
        # The -wal goes too: replayed onto the restored file it would damage it. Kept with the
        # same suffixes, the set-aside trio can still be opened together by SQLite tools.
        for suffix in ("", "-wal", "-shm", "-journal"):
            old = Path(f"{target}{suffix}")
            if old.exists():
                old.rename(f"{aside}{suffix}")
        backups.fsync_dir(target.parent)
        return aside if existed else None

    # ---- lifetime

    def close(self) -> None:
        """Close the database (checkpointing its WAL) and release the profile lock. Idempotent.

        A session that saved anything is backed up first, so a file damaged before the next
        open can be restored with all of it.
        """
        if self._conn is not None and self._changed:
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
                raise StoreError(f"could not {action}: {exc} — nothing was changed") from exc
            raise

    def _rows(self, sql: str, params: tuple[object, ...]) -> list[Any]:
        try:
            return self._live().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"could not read {self.paths.store_file}: {exc}") from exc

    def _time(self) -> str:
        return _stamp(self._now).isoformat(timespec="microseconds")

    # ---- plans

    def get_plan(self, ticker: str) -> JsonDict | None:
        """The user's edited plan for `ticker`, or None if it was never edited."""
        key = normalize_ticker(ticker)
        rows = self._rows("SELECT plan_json FROM plans WHERE ticker = ?", (key,))
        return dict(json.loads(rows[0][0])) if rows else None

    def save_plan(self, ticker: str, plan_json: JsonDict, note: str) -> int:
        """Make `plan_json` the current plan and add it to the history; returns the version id."""
        key = normalize_ticker(ticker)
        text = json_text("plan_json", plan_json, must_be_object=True)
        note = valid_text("note", note)
        saved_at = self._time()
        with self._transaction(f"save the plan for {key}") as conn:
            cursor = conn.execute(
                "INSERT INTO plan_versions (ticker, saved_at, note, plan_json) VALUES (?, ?, ?, ?)",
                (key, saved_at, note, text),
            )
            version_id = int(cursor.lastrowid or 0)
            conn.execute(
                "INSERT INTO plans (ticker, plan_json, updated_at, version_id) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (ticker) DO UPDATE SET plan_json = excluded.plan_json,"
                " updated_at = excluded.updated_at, version_id = excluded.version_id",
                (key, text, saved_at, version_id),
            )
        return version_id

    def plan_versions(self, ticker: str) -> list[PlanVersion]:
        """The saved versions of `ticker`'s plan, newest first."""
        rows = self._rows(
            "SELECT id, ticker, saved_at, note FROM plan_versions WHERE ticker = ?"
            " ORDER BY id DESC",
            (normalize_ticker(ticker),),
        )
        return [PlanVersion(int(r[0]), r[1], _parse_time(r[2]), r[3]) for r in rows]

    def get_plan_version(self, version_id: int) -> JsonDict:
        """The plan as saved in version `version_id` (KeyError if there is none)."""
        rows = self._rows("SELECT plan_json FROM plan_versions WHERE id = ?", (version_id,))
        if not rows:
            raise KeyError(f"no plan version {version_id!r}")
        return dict(json.loads(rows[0][0]))

    # ---- checklists

    def set_checklist_state(
        self, ticker: str, item_key: str, status: str, date: str | None, note: str
    ) -> None:
        """Record the state of one checklist item (replacing its previous state)."""
        values = (
            normalize_ticker(ticker),
            valid_text("item_key", item_key, required=True),
            valid_text("status", status, required=True),
            valid_date("date", date, optional=True),
            valid_text("note", note),
            self._time(),
        )
        with self._transaction(f"save the checklist item {values[1]!r}") as conn:
            conn.execute(
                "INSERT INTO checklist_states (ticker, item_key, status, date, note, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticker, item_key) DO UPDATE SET"
                " status = excluded.status, date = excluded.date, note = excluded.note,"
                " updated_at = excluded.updated_at",
                values,
            )

    def checklist_states(self, ticker: str) -> dict[str, ChecklistState]:
        """Every recorded checklist item of `ticker`, by item key."""
        rows = self._rows(
            "SELECT item_key, status, date, note, updated_at FROM checklist_states"
            " WHERE ticker = ? ORDER BY item_key",
            (normalize_ticker(ticker),),
        )
        return {r[0]: ChecklistState(r[0], r[1], r[2], r[3], _parse_time(r[4])) for r in rows}

    # ---- quarterly metric log

    def put_metric(
        self,
        ticker: str,
        quarter: str,
        metric: str,
        value: float,
        source: str,
        reported_on: str | None,
    ) -> None:
        """Log one quarterly figure (replacing the same ticker/quarter/metric)."""
        values = (
            normalize_ticker(ticker),
            valid_quarter(quarter),
            valid_text("metric", metric, required=True),
            check_number("value", value),
            valid_text("source", source, required=True),
            valid_date("reported_on", reported_on, optional=True),
            self._time(),
        )
        with self._transaction(f"log {values[2]} for {values[1]}") as conn:
            conn.execute(
                "INSERT INTO metric_log (ticker, quarter, metric, value, source, reported_on,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticker, quarter, metric)"
                " DO UPDATE SET value = excluded.value, source = excluded.source,"
                " reported_on = excluded.reported_on, updated_at = excluded.updated_at",
                values,
            )

    def delete_metric(self, ticker: str, quarter: str, metric: str) -> None:
        """Remove one logged figure (KeyError if it is not there)."""
        key = (
            normalize_ticker(ticker),
            valid_quarter(quarter),
            valid_text("metric", metric, required=True),
        )
        with self._transaction(f"delete {key[2]} for {key[1]}") as conn:
            cursor = conn.execute(
                "DELETE FROM metric_log WHERE ticker = ? AND quarter = ? AND metric = ?", key
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no {key[2]} logged for {key[0]} {key[1]}")

    def metric_log(self, ticker: str) -> list[MetricEntry]:
        """Every logged figure of `ticker`, by quarter then metric."""
        rows = self._rows(
            "SELECT ticker, quarter, metric, value, source, reported_on, updated_at"
            " FROM metric_log WHERE ticker = ? ORDER BY quarter, metric",
            (normalize_ticker(ticker),),
        )
        return [
            MetricEntry(r[0], r[1], r[2], float(r[3]), r[4], r[5], _parse_time(r[6])) for r in rows
        ]

    # ---- trade journal

    def add_trade(
        self,
        ticker: str,
        traded_on: str,
        side: str,
        shares: float,
        price: float,
        fees: float,
        note: str,
    ) -> int:
        """Add an actual trade to the journal; returns its id."""
        if side not in ("buy", "sell"):
            raise PlanError("side", side, "must be 'buy' or 'sell'")
        count = check_number("shares", shares)
        if count <= 0:
            raise PlanError("shares", shares, "must be above zero")
        cost = check_number("fees", fees)
        if cost < 0:
            raise PlanError("fees", fees, "cannot be negative")
        values = (
            normalize_ticker(ticker),
            valid_date("traded_on", traded_on),
            side,
            count,
            check_price("price", price),
            cost,
            valid_text("note", note),
            self._time(),
        )
        with self._transaction(f"add the {side} of {values[0]}") as conn:
            cursor = conn.execute(
                "INSERT INTO trades (ticker, traded_on, side, shares, price, fees, note,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            return int(cursor.lastrowid or 0)

    def delete_trade(self, trade_id: int) -> None:
        """Remove a trade from the journal (KeyError if there is no such trade)."""
        if isinstance(trade_id, bool) or not isinstance(trade_id, int):
            raise PlanError("trade_id", trade_id, "must be a trade's id (an integer)")
        with self._transaction(f"delete trade {trade_id}") as conn:
            if conn.execute("DELETE FROM trades WHERE id = ?", (trade_id,)).rowcount == 0:
                raise KeyError(f"no trade {trade_id!r}")

    def trades(self, ticker: str) -> list[Trade]:
        """The journal of `ticker`, oldest trade first."""
        rows = self._rows(
            "SELECT id, ticker, traded_on, side, shares, price, fees, note, created_at"
            " FROM trades WHERE ticker = ? ORDER BY traded_on, id",
            (normalize_ticker(ticker),),
        )
        return [
            Trade(
                int(r[0]),
                r[1],
                r[2],
                r[3],
                float(r[4]),
                float(r[5]),
                float(r[6]),
                r[7],
                _parse_time(r[8]),
            )
            for r in rows
        ]

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
