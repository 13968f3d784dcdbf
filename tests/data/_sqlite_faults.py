"""Fault injection for SQLite users: errors as SQLite raises them, at chosen statements."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

# (sqlite error name, SQLite's own message) of real failures that are no sign of damage
FULL = ("SQLITE_FULL", "database or disk is full")
CANT_OPEN = ("SQLITE_CANTOPEN", "unable to open database file")  # what EACCES gives
LOCKED = ("SQLITE_BUSY", "database is locked")
READ_ONLY = ("SQLITE_READONLY", "attempt to write a readonly database")
IO_ERROR = ("SQLITE_IOERR", "disk I/O error")


def sqlite_error(name: str, message: str) -> sqlite3.OperationalError:
    """An OperationalError carrying `sqlite_errorname` as sqlite3 sets it."""
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name  # type: ignore[misc]
    return error


class Faults:
    """What to fail: every connect (`on_connect`), or every `every`-th data-changing statement."""

    def __init__(self) -> None:
        self.on_connect: Exception | None = None
        self.on_write: Exception | None = None
        self.every: int = 1  # fail every k-th write only
        self.writes = 0

    def check(self, sql: str) -> None:
        if self.on_write is None or not sql.lstrip().upper().startswith(
                ("INSERT", "UPDATE", "DELETE", "CREATE", "REPLACE", "PRAGMA USER_VERSION =")):
            return
        self.writes += 1
        if self.writes % self.every == 0:
            raise self.on_write


def install(monkeypatch: pytest.MonkeyPatch, module: Any) -> Faults:
    """Route `module.sqlite3.connect` through a connection class that consults Faults."""
    faults = Faults()
    real_connect: Callable[..., sqlite3.Connection] = sqlite3.connect

    class Faulty(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            faults.check(sql)
            return super().execute(sql, *args)

        def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            faults.check(sql)
            return super().executemany(sql, *args)

        def executescript(self, sql: str) -> sqlite3.Cursor:  # type: ignore[override]
            faults.check(sql)
            return super().executescript(sql)

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        if faults.on_connect is not None:
            raise faults.on_connect
        return real_connect(*args, factory=Faulty, **kwargs)

    class _Sqlite:
        """The sqlite3 module as `module` sees it, with connect replaced."""

        def __getattr__(self, name: str) -> Any:
            return connect if name == "connect" else getattr(sqlite3, name)

    monkeypatch.setattr(module, "sqlite3", _Sqlite())
    return faults
