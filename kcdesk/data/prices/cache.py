"""The price cache: a disposable SQLite file of daily bars per ticker, with the time of each fetch.

Bars merge by date (a newer write of a date replaces the older one). A file that is not a
readable cache (SQLite finds it corrupt or not a database, its rows do not parse, or it is from
a newer KC Desk) is renamed `<name>.corrupt-<ts>` and rebuilt empty: the cache only saves
downloads, so losing it is never fatal. Anything else (a full disk, a permission problem, a
lock, an I/O error) is no evidence of damage: the file is kept and PriceCacheError says what
happened.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from kcdesk.data.disk_errors import plain_cause
from kcdesk.data.prices.source import PriceFetchError, clip
from kcdesk.model.prices import PRICE_COLUMNS
from kcdesk.model.tickers import normalize_ticker

log = logging.getLogger(__name__)
T = TypeVar("T")

# 2: adds `series`, a columnar copy of each ticker's bars (binary numpy arrays), rewritten
# with every write, because building a frame row by row costs ~190 ms at 100,000 bars and
# np.frombuffer ~5 ms: this is what the window's start-up waits for.
SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS bars (
    ticker TEXT NOT NULL, date TEXT NOT NULL,
    open REAL, high REAL, low REAL, close REAL NOT NULL, volume REAL,
    PRIMARY KEY (ticker, date)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY, ticker TEXT NOT NULL, fetched_at TEXT NOT NULL,
    source TEXT NOT NULL, first_date TEXT NOT NULL, last_date TEXT NOT NULL, rows INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS series (
    ticker TEXT PRIMARY KEY, last_date TEXT NOT NULL, days BLOB NOT NULL, bars BLOB NOT NULL
);
"""
_EPOCH = np.datetime64("1970-01-01", "D")


def _frame_from_bars(conn: sqlite3.Connection, ticker: str) -> pd.DataFrame | None:
    """The `bars` rows of `ticker` as a price frame (the slow, authoritative path), or None."""
    rows = conn.execute(
        "SELECT date, open, high, low, close, volume FROM bars WHERE ticker = ? ORDER BY date",
        (ticker,),
    ).fetchall()
    return _frame_from_rows(rows) if rows else None


def _frame_from_rows(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    days = [str(r[0]) for r in rows]
    dates = pd.DatetimeIndex(pd.to_datetime(days, format="%Y-%m-%d"), name="date")
    # NULL (a close-only file's volume) comes back as None; float arrays make it NaN
    values = np.array([r[1:] for r in rows], dtype="float64")
    return pd.DataFrame(values, index=dates, columns=list(PRICE_COLUMNS))


def _frame_from_blobs(days: bytes, bars: bytes) -> pd.DataFrame:
    day_numbers = np.frombuffer(days, dtype="<i8")
    values = np.frombuffer(bars, dtype="<f8").reshape(len(day_numbers), len(PRICE_COLUMNS))
    # the resolution pandas gives parsed dates (us in pandas 3, ns in 2): as the rows path
    unit = pd.to_datetime(["2000-01-01"], format="%Y-%m-%d").unit
    index = pd.DatetimeIndex(_EPOCH + day_numbers, name="date").as_unit(unit)
    return pd.DataFrame(values.copy(), index=index, columns=list(PRICE_COLUMNS))


def _blobs(frame: pd.DataFrame) -> tuple[bytes, bytes]:
    days = pd.DatetimeIndex(frame.index).values.astype("datetime64[D]") - _EPOCH
    bars = np.ascontiguousarray(frame[list(PRICE_COLUMNS)].to_numpy(dtype="<f8"))
    return days.astype("<i8").tobytes(), bars.tobytes()


# SQLite's own verdicts of damage; every other error (full, I/O, can't open, read-only, busy)
# may pass, and a healthy cache must never be thrown away for one.
_DAMAGE = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
class CacheDamagedError(sqlite3.DatabaseError):
    """Evidence that the file is not a readable cache (this sets it aside, nothing else does)."""


class PriceCacheError(PriceFetchError, sqlite3.OperationalError):
    """The cache could not be used (full disk, permissions, a lock…) and was kept as it was.

    A PriceFetchError, so a refresh reports it plainly with what is still shown; an
    sqlite3.Error, for callers that catch those. `cause` is the plain reason.
    """

    def __init__(self, path: Path, doing: str, error: Exception, ticker: str = "") -> None:
        super().__init__("cache", ticker, "the price cache", f"{type(error).__name__}: {error}")
        self.path = path
        self.cause = plain_cause(error, path)
        self.plain = f"Could not {doing} {path}: {self.cause}. It was kept as it was."
        self.args = (f"{self.plain} ({self.detail})",)


def _is_damage(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", None) or ""
    return isinstance(error, CacheDamagedError) or name.startswith(_DAMAGE)


def utc_now() -> datetime:
    """Now in UTC, naive (the convention of PriceSeries.as_of)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class CachedPrices:
    """What the cache holds for a ticker: its bars and the latest write (source, time)."""

    frame: pd.DataFrame
    source: str
    fetched_at: datetime


class PriceCache:
    """The price cache file; each call opens its own connection, so any thread may use it.

    `recovered` is the path a damaged file was moved to, if that happened (`notice` says so).
    """

    name = "price cache"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recovered: Path | None = None

    # --- connection and recovery ------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CacheDamagedError(f"cache schema {version} is newer than this KC Desk")
            if version < SCHEMA_VERSION:
                with conn:
                    conn.executescript(_SCHEMA)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            yield conn

    def _set_aside(self, error: Exception) -> None:
        stamp = utc_now().strftime("%Y%m%dT%H%M%S%f")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        log.warning("price cache %s is unreadable (%s); moved to %s", self.path, error, target)
        # Renamed first: if that fails, the side files still belong to the file left in place.
        self.path.replace(target)
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            side.unlink(missing_ok=True)  # belongs to the damaged file; useless without it
        self.recovered = target

    @property
    def notice(self) -> str:
        """What to tell the user when a damaged cache was set aside here ("" if none was)."""
        if self.recovered is None:
            return ""
        return (f"The price cache was damaged and has been set aside as {self.recovered.name} "
                "(nothing of yours was in it); prices are fetched again on the next refresh.")

    def _run(self, op: Callable[[sqlite3.Connection], T],
             doing: str = "read the price cache") -> T:
        """Run `op` on the cache; if the file is damaged, set it aside, rebuild and retry once.

        Any other failure is a PriceCacheError, and the file stays as it was.
        """
        try:
            try:
                with self._connect() as conn:
                    return op(conn)
            except sqlite3.DatabaseError as exc:
                if not _is_damage(exc) or not self.path.exists():
                    raise
                try:
                    self._set_aside(exc)
                except OSError as move:
                    raise PriceCacheError(self.path, "set aside the damaged price cache",
                                          move) from exc
            with self._connect() as conn:
                return op(conn)
        except PriceCacheError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise PriceCacheError(self.path, doing, exc) from exc

    # --- reading ----------------------------------------------------------------
    def read(self, ticker: str) -> CachedPrices | None:
        """The cached bars of `ticker` (ascending), or None if there are none."""
        ticker = normalize_ticker(ticker)
        if not self.path.exists():  # reading must not create a cache (or a profile)
            return None

        def op(conn: sqlite3.Connection) -> CachedPrices | None:
            last = conn.execute(
                "SELECT source, fetched_at FROM fetches WHERE ticker = ? ORDER BY id DESC LIMIT 1",
                (ticker,),
            ).fetchone()
            if last is None:
                return None
            # no (or a stale) columnar copy, as in a cache written before schema 2: the rows
            frame = self._columnar(conn, ticker)
            try:
                if frame is None:
                    frame = _frame_from_bars(conn, ticker)
                if frame is None:
                    return None
                return CachedPrices(frame, last[0], datetime.fromisoformat(last[1]))
            except (TypeError, ValueError) as exc:  # rows SQLite reads but that do not parse
                raise CacheDamagedError(f"unreadable rows for {ticker}: {exc}") from exc

        return self._run(op)

    @staticmethod
    def _columnar(conn: sqlite3.Connection, ticker: str) -> pd.DataFrame | None:
        """The columnar copy, if it matches the rows' last date (else None: use the rows)."""
        row = conn.execute(
            "SELECT last_date, days, bars FROM series WHERE ticker = ?", (ticker,)
        ).fetchone()
        if row is None:
            return None
        newest = conn.execute("SELECT max(date) FROM bars WHERE ticker = ?", (ticker,)).fetchone()
        width = 8 * len(PRICE_COLUMNS)  # bytes of one day's bars
        if newest[0] != row[0] or len(row[2]) != width * (len(row[1]) // 8):
            return None  # stale, or not the shape written: the rows say what is true
        return _frame_from_blobs(row[1], row[2])

    def last_date(self, ticker: str) -> date | None:
        """The date of the last cached bar of `ticker`."""
        key = normalize_ticker(ticker)
        if not self.path.exists():
            return None

        def op(conn: sqlite3.Connection) -> date | None:
            row = conn.execute("SELECT max(date) FROM bars WHERE ticker = ?",
                               (key,)).fetchone()
            try:
                return None if row[0] is None else date.fromisoformat(row[0])
            except (TypeError, ValueError) as exc:
                raise CacheDamagedError(f"unreadable date {row[0]!r}") from exc

        return self._run(op)

    def tickers(self) -> tuple[str, ...]:
        """The tickers with cached bars."""
        if not self.path.exists():
            return ()
        return self._run(lambda conn: tuple(
            r[0] for r in conn.execute("SELECT DISTINCT ticker FROM bars ORDER BY ticker")))

    def fetch(self, ticker: str, start: date | None = None, end: date | None = None
              ) -> pd.DataFrame:
        """PriceSource view of the cache: the cached bars start..end, or PriceFetchError."""
        cached = self.read(ticker)
        frame = clip(cached.frame, start, end) if cached else None
        if frame is None or frame.empty:
            raise PriceFetchError("no_data", normalize_ticker(ticker), "The price cache")
        return frame

    # --- writing ----------------------------------------------------------------
    def write(self, ticker: str, frame: pd.DataFrame, source: str,
              fetched_at: datetime | None = None) -> None:
        """Merge `frame` into the cache by date and record the fetch, in one transaction."""
        if frame.empty:
            raise ValueError("refusing to record an empty fetch")
        ticker = normalize_ticker(ticker)
        stamp = (fetched_at or utc_now()).isoformat(timespec="seconds")
        days = pd.DatetimeIndex(frame.index).strftime("%Y-%m-%d")
        # NaN (no volume) is stored as NULL
        values = frame[list(PRICE_COLUMNS)].astype("object").where(frame.notna(), None)
        rows = [(ticker, d, *v) for d, v in zip(days, values.itertuples(index=False), strict=True)]

        def op(conn: sqlite3.Connection) -> None:
            with conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO bars (ticker, date, open, high, low, close, volume) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                conn.execute(
                    "INSERT INTO fetches (ticker, fetched_at, source, first_date, last_date, rows) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (ticker, stamp, source, days[0], days[-1], len(rows)),
                )
                merged = _frame_from_bars(conn, ticker)
                assert merged is not None  # the rows were just written
                day_blob, bar_blob = _blobs(merged)
                conn.execute(
                    "INSERT OR REPLACE INTO series (ticker, last_date, days, bars) "
                    "VALUES (?, ?, ?, ?)",
                    (ticker, f"{merged.index[-1]:%Y-%m-%d}", day_blob, bar_blob),
                )

        self._run(op, "save prices in the price cache")
