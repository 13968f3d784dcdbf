"""The user store's schema: one registered migration per version step, `PRAGMA user_version`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

# Version 0 is a database with none of our tables (a new or empty file).
_SCHEMA_V1 = (
    """CREATE TABLE plan_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticker TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        note TEXT NOT NULL,
        plan_json TEXT NOT NULL
    )""",
    "CREATE INDEX plan_versions_by_ticker ON plan_versions (ticker, id)",
    """CREATE TABLE plans (
        ticker TEXT PRIMARY KEY,
        plan_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES plan_versions (id)
    )""",
    """CREATE TABLE checklist_states (
        ticker TEXT NOT NULL,
        item_key TEXT NOT NULL,
        status TEXT NOT NULL,
        date TEXT,
        note TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (ticker, item_key)
    )""",
    """CREATE TABLE metric_log (
        ticker TEXT NOT NULL,
        quarter TEXT NOT NULL,
        metric TEXT NOT NULL,
        value REAL NOT NULL,
        source TEXT NOT NULL,
        reported_on TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (ticker, quarter, metric)
    )""",
    # The CHECKs repeat the Python validation so a bug there still cannot store a bad trade.
    """CREATE TABLE trades (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticker TEXT NOT NULL,
        traded_on TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        shares REAL NOT NULL CHECK (shares > 0),
        price REAL NOT NULL CHECK (price > 0),
        fees REAL NOT NULL CHECK (fees >= 0),
        note TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX trades_by_ticker ON trades (ticker, traded_on, id)",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
)


def _statements(statements: tuple[str, ...]) -> Migration:
    """A migration step that runs `statements` in order, inside the step's transaction."""

    def step(conn: sqlite3.Connection) -> None:
        # One statement per execute(): executescript() would commit the migration's transaction.
        for statement in statements:
            conn.execute(statement)

    return step


# Version 2: the desk in parts. Version 1 wrote a plan version on every save, undo and redo;
# those rows stay (explicit = 0: the history of saves) and only explicit versions are listed.
# The plan row no longer points at a version. Small desk parts are JSON rows of desk_parts.
_SCHEMA_V2 = (
    "ALTER TABLE plan_versions ADD COLUMN explicit INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE plan_versions ADD COLUMN number INTEGER",
    "CREATE UNIQUE INDEX plan_versions_explicit ON plan_versions (ticker, number)"
    " WHERE explicit = 1",
    """CREATE TABLE plans_v2 (
        ticker TEXT PRIMARY KEY,
        plan_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "INSERT INTO plans_v2 (ticker, plan_json, updated_at)"
    " SELECT ticker, plan_json, updated_at FROM plans",
    "DROP TABLE plans",
    "ALTER TABLE plans_v2 RENAME TO plans",
    """CREATE TABLE desk_parts (
        ticker TEXT NOT NULL,
        part TEXT NOT NULL,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (ticker, part)
    )""",
)


# Version 3: a stored part that no longer reads is moved here when the user chooses to start
# that part afresh, so the damaged text is kept (and can be sent in a bug report), never deleted.
_SCHEMA_V3 = (
    """CREATE TABLE set_aside (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticker TEXT NOT NULL,
        part TEXT NOT NULL,
        content TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_aside_at TEXT NOT NULL
    )""",
)


# MIGRATIONS[n] takes a database from version n to n + 1. Append only; never edit a shipped step.
MIGRATIONS: list[Migration] = [_statements(_SCHEMA_V1), _statements(_SCHEMA_V2),
                               _statements(_SCHEMA_V3)]


def current_version() -> int:
    """The schema version this code writes (read at call time so tests can register steps)."""
    return len(MIGRATIONS)


def read_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Bring the database up to `current_version()`; each step is its own transaction.

    Returns the versions reached. A failing step is rolled back whole, so the file stays at the
    last version that completed, which this code (or the backup taken before) can still open.
    """
    reached: list[int] = []
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write transaction: another opener may have migrated meanwhile.
            version = read_version(conn)
            if version >= current_version():
                conn.execute("COMMIT")
                return reached
            MIGRATIONS[version](conn)
            # PRAGMA takes no parameters; the value is an int we computed.
            conn.execute(f"PRAGMA user_version = {version + 1:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        reached.append(version + 1)
