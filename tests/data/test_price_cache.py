"""The price cache: merge by date, fetch only what is missing, offline fallback, corrupt files."""

from __future__ import annotations

import errno
import math
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.prices import cache as cache_module
from kcdesk.data.prices import service
from kcdesk.data.prices.cache import PriceCache, PriceCacheError
from kcdesk.data.prices.source import PriceFetchError, clip
from tests.data import _sqlite_faults as faults


def bars(first: str, closes: list[float], volume: float = 1000.0) -> pd.DataFrame:
    idx = pd.bdate_range(first, periods=len(closes), name="date")
    return pd.DataFrame(
        {"open": closes, "high": [c + 1 for c in closes], "low": [c - 1 for c in closes],
         "close": closes, "volume": [volume] * len(closes)},
        index=idx,
    ).astype("float64")


class FakeSource:
    """A PriceSource serving a fixed history, recording what it was asked."""

    name = "Fake feed"

    def __init__(self, history: pd.DataFrame, error: PriceFetchError | None = None) -> None:
        self.history = history
        self.error = error
        self.asked: list[tuple[date | None, date | None]] = []

    def fetch(self, ticker: str, start: date | None = None, end: date | None = None
              ) -> pd.DataFrame:
        self.asked.append((start, end))
        if self.error is not None:
            raise self.error
        return clip(self.history, start, end)


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir)


def test_write_and_read_back(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "c" / "prices.sqlite3")
    assert cache.read("KC") is None and cache.last_date("KC") is None
    frame = bars("2024-01-01", [10, 11, 12])
    frame.loc[frame.index[1], "volume"] = math.nan  # close-only rows have no volume
    cache.write("kc", frame, "Fake feed", datetime(2024, 1, 4, 21, 0))
    got = cache.read("KC")
    assert got is not None
    pd.testing.assert_frame_equal(got.frame, frame, check_freq=False)
    assert (got.source, got.fetched_at) == ("Fake feed", datetime(2024, 1, 4, 21, 0))
    assert cache.last_date("KC") == date(2024, 1, 3) and cache.tickers() == ("KC",)
    assert cache.read("OTHER") is None


def test_the_cache_takes_the_one_ticker_rule(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "prices.sqlite3")
    cache.write(" kc ", bars("2024-01-01", [10, 11]), "Fake feed")
    assert cache.tickers() == ("KC",) and cache.last_date("kc") == date(2024, 1, 2)
    for hostile in ("../x", "KC;rm", ""):
        with pytest.raises(ValueError, match="ticker"):
            cache.write(hostile, bars("2024-01-01", [10]), "Fake feed")
    assert cache.tickers() == ("KC",)  # nothing stored under a hostile name


def test_refresh_merges_new_and_overlapping_bars(paths: AppPaths) -> None:
    first = FakeSource(bars("2024-01-01", [10, 11, 12]))
    service.refresh(paths, "KC", first)
    assert first.asked == [(None, None)]  # nothing cached: all history
    # the feed now revises the last bar (it was fetched mid-session) and has two more
    second = FakeSource(bars("2024-01-01", [10, 11, 12.5, 13, 14]))
    series = service.refresh(paths, "KC", second)
    assert second.asked == [(date(2024, 1, 3), None)]  # from the last cached date on
    assert series.frame["close"].tolist() == [10, 11, 12.5, 13, 14]
    assert series.source == "Fake feed" and not series.is_sample and series.as_of is not None


def test_refresh_reports_progress_and_can_be_cancelled(paths: AppPaths) -> None:
    seen: list[int] = []
    service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11])),
                    progress=lambda pct, text: seen.append(pct))
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)
    calls = iter([False, True])  # cancelled while the download ran
    with pytest.raises(PriceFetchError) as err:
        service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11, 12, 13])),
                        should_cancel=lambda: next(calls))
    assert err.value.kind == "cancelled"
    assert service.load_prices(paths, "KC").frame["close"].tolist() == [10, 11]  # nothing stored


def test_offline_refresh_keeps_the_cache_with_its_as_of(paths: AppPaths) -> None:
    service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11])))
    cached = service.load_prices(paths, "KC")
    offline = FakeSource(bars("2024-01-01", [1]),
                         PriceFetchError("network", "KC", "Fake feed", "no route"))
    with pytest.raises(PriceFetchError) as err:
        service.refresh(paths, "KC", offline)
    assert "Could not reach Fake feed" in str(err.value)
    kept = err.value.fallback
    assert kept is not None and kept.as_of == cached.as_of and kept.source == "Fake feed"
    assert kept.frame.equals(cached.frame)
    assert service.load_prices(paths, "KC").frame.equals(cached.frame)


def test_offline_first_run_falls_back_to_the_labelled_sample(paths: AppPaths) -> None:
    offline = FakeSource(bars("2024-01-01", [1]), PriceFetchError("empty", "KC", "Fake feed"))
    with pytest.raises(PriceFetchError) as err:
        service.refresh(paths, "KC", offline)
    assert err.value.fallback is not None and err.value.fallback.is_sample


@pytest.mark.parametrize("damage", [b"this is not a database" * 100, b""])
def test_corrupt_cache_is_set_aside_and_rebuilt(paths: AppPaths, damage: bytes) -> None:
    service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11])))
    f = paths.price_cache_file
    if damage:
        f.write_bytes(damage)
    else:  # truncated mid-file: the header survives, the pages do not
        f.write_bytes(f.read_bytes()[:200] + b"\x00" * 3000)
    series = service.load_prices(paths, "KC")  # never fatal
    assert series.is_sample  # the cache is gone, KC falls back to the sample
    aside = list(f.parent.glob("prices.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes()[:5] == (damage or b"SQLit")[:5]
    series = service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11, 12])))
    assert series.frame["close"].tolist() == [10, 11, 12]


def test_cache_from_a_newer_version_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "prices.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    cache = PriceCache(path)
    assert cache.read("KC") is None
    assert cache.recovered is not None and cache.recovered.exists()


def test_cache_is_a_price_source(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "prices.sqlite3")
    with pytest.raises(PriceFetchError) as err:
        cache.fetch("KC")
    assert err.value.kind == "no_data"
    cache.write("KC", bars("2024-01-01", [10, 11, 12]), "Fake feed")
    assert cache.fetch("KC", start=date(2024, 1, 2))["close"].tolist() == [11, 12]


def _rows_only(cache: PriceCache, ticker: str) -> pd.DataFrame:
    """What the bars table says, ignoring the columnar copy."""
    with sqlite3.connect(cache.path) as conn:
        conn.execute("DELETE FROM series WHERE ticker = ?", (ticker,))
    got = cache.read(ticker)
    assert got is not None
    return got.frame


def test_the_fast_columnar_copy_matches_the_rows_after_merges(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "prices.sqlite3")
    first = bars("2024-01-01", [10, 11, 12, 13])
    first.loc[first.index[2], "volume"] = math.nan
    cache.write("KC", first, "feed")
    cache.write("KC", bars("2024-01-04", [13.5, 14, 15]), "feed")  # overlaps one day
    fast = cache.read("KC")
    assert fast is not None
    assert list(fast.frame["close"]) == [10, 11, 12, 13.5, 14, 15]
    pd.testing.assert_frame_equal(fast.frame, _rows_only(cache, "KC"))


def test_a_columnar_copy_older_than_the_rows_is_not_used(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "prices.sqlite3")
    cache.write("KC", bars("2024-01-01", [10, 11]), "feed")
    with sqlite3.connect(cache.path) as conn:  # rows added behind the copy's back
        conn.execute(
            "INSERT INTO bars VALUES ('KC', '2024-01-03', 12, 12.5, 11.5, 12.2, 1000)"
        )
    got = cache.read("KC")
    assert got is not None
    assert list(got.frame["close"]) == [10, 11, 12.2]


def test_a_schema_1_cache_is_read_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "prices.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE bars (ticker TEXT NOT NULL, date TEXT NOT NULL, open REAL, high REAL,"
            " low REAL, close REAL NOT NULL, volume REAL, PRIMARY KEY (ticker, date))"
            " WITHOUT ROWID;"
            "CREATE TABLE fetches (id INTEGER PRIMARY KEY, ticker TEXT NOT NULL,"
            " fetched_at TEXT NOT NULL, source TEXT NOT NULL, first_date TEXT NOT NULL,"
            " last_date TEXT NOT NULL, rows INTEGER NOT NULL);"
            "INSERT INTO bars VALUES ('KC', '2024-01-02', 10, 11, 9, 10.5, 100);"
            "INSERT INTO fetches VALUES (1, 'KC', '2024-01-02T21:00:00', 'old feed',"
            " '2024-01-02', '2024-01-02', 1);"
            "PRAGMA user_version = 1;"
        )
    cache = PriceCache(path)
    got = cache.read("KC")
    assert got is not None and list(got.frame["close"]) == [10.5]
    assert got.source == "old feed"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


# --- a healthy cache is kept whatever the disk says; only damage sets it aside -----------

NOT_DAMAGE = [
    (faults.FULL, "the disk is full"),
    (faults.CANT_OPEN, "permission denied"),
    (faults.LOCKED, "another program is using it"),
    (faults.READ_ONLY, "read-only"),
    (faults.IO_ERROR, "the disk reported an error (disk I/O error)"),
]
NOT_DAMAGE_IDS = [error[0] for error, _ in NOT_DAMAGE]


@pytest.fixture
def cached(paths: AppPaths) -> bytes:
    """KC cached with closes 10, 11; returns the cache file's bytes."""
    service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11])))
    return paths.price_cache_file.read_bytes()


def _set_aside(paths: AppPaths) -> list[Path]:
    return list(paths.price_cache_file.parent.glob("*.corrupt-*"))


@pytest.mark.parametrize(("error", "cause"), NOT_DAMAGE, ids=NOT_DAMAGE_IDS)
def test_a_cache_that_cannot_be_opened_is_kept_and_the_load_says_why(
        monkeypatch: pytest.MonkeyPatch, paths: AppPaths, cached: bytes,
        error: tuple[str, str], cause: str) -> None:
    injected = faults.install(monkeypatch, cache_module)
    injected.on_connect = faults.sqlite_error(*error)
    for _ in range(3):  # each retry: still no copy, still the reason
        series = service.load_prices(paths, "KC")
        assert series.is_sample  # what can be shown meanwhile
        assert series.notice.startswith("Could not read the price cache ")
        assert cause in series.notice and series.notice.endswith("It was kept as it was.")
    assert _set_aside(paths) == [] and paths.price_cache_file.read_bytes() == cached
    injected.on_connect = None  # the disk is fine again: the cache is all there
    back = service.load_prices(paths, "KC")
    assert back.frame["close"].tolist() == [10, 11] and back.notice == ""


@pytest.mark.parametrize(("error", "cause"), NOT_DAMAGE, ids=NOT_DAMAGE_IDS)
def test_a_refresh_that_cannot_save_keeps_the_cache_and_says_why(
        monkeypatch: pytest.MonkeyPatch, paths: AppPaths, cached: bytes,
        error: tuple[str, str], cause: str) -> None:
    injected = faults.install(monkeypatch, cache_module)
    injected.on_write = faults.sqlite_error(*error)
    for _ in range(3):
        with pytest.raises(PriceCacheError) as err:
            service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11, 12])))
        assert err.value.plain.startswith("Could not save prices in the price cache ")
        assert cause in err.value.plain
        assert isinstance(err.value, PriceFetchError) and isinstance(err.value, sqlite3.Error)
        kept = err.value.fallback  # still shown: the cache as it was
        assert kept is not None and kept.frame["close"].tolist() == [10, 11]
    assert _set_aside(paths) == [] and paths.price_cache_file.read_bytes() == cached


def test_an_os_error_opening_the_folder_is_reported_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, paths: AppPaths, cached: bytes) -> None:
    injected = faults.install(monkeypatch, cache_module)
    injected.on_connect = PermissionError(errno.EACCES, "Permission denied")
    series = service.load_prices(paths, "KC")
    assert "permission denied" in series.notice and series.is_sample
    with pytest.raises(PriceCacheError, match="permission denied"):
        service.import_csv(paths, "KC", _csv(paths, "Date,Close\n2024-01-04,12\n"))
    assert _set_aside(paths) == [] and paths.price_cache_file.read_bytes() == cached


def _csv(paths: AppPaths, text: str) -> Path:
    f = paths.data_dir / "kc.csv"
    f.write_text(text, encoding="utf-8")
    return f


def test_a_damaged_cache_is_set_aside_once_and_the_load_says_so(
        paths: AppPaths, cached: bytes) -> None:
    paths.price_cache_file.write_bytes(b"this is not a database" * 100)
    first = service.load_prices(paths, "KC")
    aside = _set_aside(paths)
    assert len(aside) == 1
    assert first.notice.startswith(f"The price cache was damaged and has been set aside as "
                                   f"{aside[0].name} ")
    again = service.load_prices(paths, "KC")  # the rebuilt cache is fine: no second copy
    assert again.notice == "" and _set_aside(paths) == aside


def test_a_refresh_over_a_damaged_cache_says_it_set_it_aside(paths: AppPaths,
                                                             cached: bytes) -> None:
    paths.price_cache_file.write_bytes(b"\x00" * 4096)
    series = service.refresh(paths, "KC", FakeSource(bars("2024-01-01", [10, 11, 12])))
    assert series.frame["close"].tolist() == [10, 11, 12]
    assert "set aside as prices.sqlite3.corrupt-" in series.notice


def test_an_import_over_a_damaged_cache_says_it_set_it_aside(paths: AppPaths,
                                                             cached: bytes) -> None:
    paths.price_cache_file.write_bytes(b"this is not a database" * 100)
    result = service.import_csv(paths, "KC", _csv(paths, "Date,Close\n2024-01-04,12\n"))
    assert result.rows == 1 and "set aside as prices.sqlite3.corrupt-" in result.notice


def test_rows_sqlite_reads_but_that_do_not_parse_are_damage(paths: AppPaths,
                                                            cached: bytes) -> None:
    with sqlite3.connect(paths.price_cache_file) as conn:
        conn.execute("UPDATE fetches SET fetched_at = 'not a time'")
    conn.close()
    series = service.load_prices(paths, "KC")
    assert series.is_sample and "was damaged" in series.notice and len(_set_aside(paths)) == 1


def test_a_columnar_copy_of_the_wrong_size_is_ignored_for_the_rows(paths: AppPaths,
                                                                   cached: bytes) -> None:
    with sqlite3.connect(paths.price_cache_file) as conn:  # one day's bars cut short
        conn.execute("UPDATE series SET bars = substr(bars, 1, length(bars) - 8)")
    conn.close()
    series = service.load_prices(paths, "KC")
    assert series.frame["close"].tolist() == [10, 11] and series.notice == ""
    assert _set_aside(paths) == []


def test_a_damaged_cache_that_cannot_be_moved_is_kept_and_reported(
        monkeypatch: pytest.MonkeyPatch, paths: AppPaths) -> None:
    paths.price_cache_file.parent.mkdir(parents=True, exist_ok=True)
    paths.price_cache_file.write_bytes(b"this is not a database" * 100)

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "replace", refuse)
    series = service.load_prices(paths, "KC")
    assert series.is_sample
    assert series.notice.startswith("Could not set aside the damaged price cache ")
    assert "permission denied" in series.notice
    assert paths.price_cache_file.read_bytes() == b"this is not a database" * 100
