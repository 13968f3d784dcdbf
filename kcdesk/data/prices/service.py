"""What the app and the command line call for prices: load (works offline), refresh, import.

`load_prices` never touches the network: the cache if it has the ticker, else for KC the
shipped sample (labelled not market data). `refresh` and `import_csv` write into the cache;
run `refresh` off the GUI thread (yfinance can block for minutes on a hanging network).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from kcdesk.data.paths import AppPaths, shipped_data_dir
from kcdesk.data.prices.cache import CachedPrices, PriceCache
from kcdesk.data.prices.csv_import import CsvImportError, ImportResult, read_price_csv
from kcdesk.data.prices.source import FetchCancelledError, PriceFetchError, PriceSource
from kcdesk.data.prices.yahoo import YahooSource
from kcdesk.model.prices import PriceSeries, empty_frame
from kcdesk.model.sample_prices import SAMPLE_SOURCE, SAMPLE_TICKER, sample_csv_text, sample_frame
from kcdesk.model.tickers import normalize_ticker

log = logging.getLogger(__name__)

SAMPLE_FILE = "sample_KC.csv"
NO_PRICES = "no prices yet — refresh or import a CSV file"

Progress = Callable[[int, str], None]


def price_cache(paths: AppPaths) -> PriceCache:
    """The profile's price cache."""
    return PriceCache(paths.price_cache_file)


def _read_cache(cache: PriceCache, ticker: str) -> CachedPrices | None:
    try:
        return cache.read(ticker)
    except (sqlite3.Error, OSError) as exc:
        # a cache that cannot even be set aside (read-only disk…) is as good as none
        log.warning("price cache %s unusable: %s", cache.path, exc)
        return None


def sample_series() -> PriceSeries:
    """The shipped KC sample (regenerated from its seed if the file is missing or damaged)."""
    try:
        frame = read_price_csv(shipped_data_dir() / SAMPLE_FILE)
    except CsvImportError as exc:
        log.warning("shipped sample prices unreadable (%s); generating them", exc)
        frame = sample_frame()
    return PriceSeries(SAMPLE_TICKER, frame, SAMPLE_SOURCE, None, is_sample=True)


def load_prices(paths: AppPaths, ticker: str) -> PriceSeries:
    """The prices to show for `ticker` now, with no network: cache, else sample (KC), else none."""
    ticker = normalize_ticker(ticker)
    cached = _read_cache(price_cache(paths), ticker)
    if cached is not None:
        return PriceSeries(ticker, cached.frame, cached.source, cached.fetched_at)
    if ticker == SAMPLE_TICKER:
        return sample_series()
    return PriceSeries(ticker, empty_frame(), NO_PRICES, None)


def refresh(
    paths: AppPaths,
    ticker: str,
    source: PriceSource | None = None,
    should_cancel: Callable[[], bool] = lambda: False,
    progress: Progress = lambda pct, text: None,
) -> PriceSeries:
    """Fetch what the cache lacks, merge it, and return the whole cached series.

    Asks the source from the last cached date on (that bar again, since it may have been
    fetched mid-session), or for all history when nothing is cached. On failure raises
    PriceFetchError (FetchCancelledError if `should_cancel` said so) whose `fallback` is what
    `load_prices` gives: the cache with its as-of time, or the sample. A cancelled or failed
    fetch stores nothing.
    """
    ticker = normalize_ticker(ticker)
    source = source or YahooSource(paths.yfinance_cache_dir)
    cache = price_cache(paths)
    try:
        progress(0, f"Checking the cached prices of {ticker}…")
        start = cache.last_date(ticker)
        if should_cancel():
            raise FetchCancelledError(ticker, source.name)
        since = f" since {start:%Y-%m-%d}" if start else ""
        progress(10, f"Downloading {ticker} from {source.name}{since}…")
        frame = source.fetch(ticker, start=start)
        if should_cancel():
            raise FetchCancelledError(ticker, source.name)
        progress(90, f"Saving {len(frame)} bars…")
        cache.write(ticker, frame, source.name)
    except PriceFetchError as exc:
        exc.fallback = load_prices(paths, ticker)
        raise
    series = load_prices(paths, ticker)
    progress(100, f"{ticker}: {len(series.frame)} bars from {source.name}")
    return series


def import_csv(paths: AppPaths, ticker: str, file: str | Path) -> ImportResult:
    """Validate a CSV file and merge all its bars into the cache, or nothing (CsvImportError)."""
    ticker = normalize_ticker(ticker)
    path = Path(file)
    frame = read_price_csv(path)
    price_cache(paths).write(ticker, frame, f"CSV import: {path.name}")
    return ImportResult(len(frame), frame.index[0].date(), frame.index[-1].date())


def write_sample_csv(path: Path | None = None) -> Path:
    """Regenerate the shipped sample file from its seed; returns where it was written."""
    target = path or shipped_data_dir() / SAMPLE_FILE
    target.write_text(sample_csv_text(), encoding="utf-8")
    return target
