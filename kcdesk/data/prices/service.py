"""What the app and the command line call for prices: load (works offline), refresh, import.

`load_prices` never touches the network: the cache if it has the ticker, else for KC the
shipped sample (labelled not market data). `refresh` and `import_csv` write into the cache;
run `refresh` off the GUI thread (yfinance can block for minutes on a hanging network).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kcdesk.data.paths import AppPaths, shipped_data_dir
from kcdesk.data.prices.cache import PriceCache, PriceCacheError
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


def sample_series() -> PriceSeries:
    """The shipped KC sample (regenerated from its seed if the file is missing or damaged)."""
    try:
        frame = read_price_csv(shipped_data_dir() / SAMPLE_FILE)
    except CsvImportError as exc:
        log.warning("shipped sample prices unreadable (%s); generating them", exc)
        frame = sample_frame()
    return PriceSeries(SAMPLE_TICKER, frame, SAMPLE_SOURCE, None, is_sample=True)


def load_prices(paths: AppPaths, ticker: str) -> PriceSeries:
    """The prices to show for `ticker` now, with no network: cache, else sample (KC), else none.

    Never raises for the cache: one that cannot be read is as good as none, and the series'
    `notice` says why (or that a damaged cache was set aside).
    """
    return _load(price_cache(paths), normalize_ticker(ticker))


def _load(cache: PriceCache, ticker: str) -> PriceSeries:
    notice = ""
    try:
        cached = cache.read(ticker)
    except OSError as exc:  # the folder itself cannot be looked into
        cached, notice = None, PriceCacheError(cache.path, "read the price cache", exc).plain
    except PriceCacheError as exc:
        cached, notice = None, exc.plain
    if notice:
        log.warning("%s", notice)
    notice = notice or cache.notice
    if cached is not None:
        series = PriceSeries(ticker, cached.frame, cached.source, cached.fetched_at)
    elif ticker == SAMPLE_TICKER:
        series = sample_series()
    else:
        series = PriceSeries(ticker, empty_frame(), NO_PRICES, None)
    return replace(series, notice=notice) if notice else series


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
    PriceFetchError (FetchCancelledError if `should_cancel` said so; PriceCacheError if the
    cache could not be read or written) whose `fallback` is what `load_prices` gives: the
    cache with its as-of time, or the sample. A cancelled or failed fetch stores nothing.
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
        exc.fallback = _load(cache, ticker)  # the same cache: it knows what it set aside
        raise
    series = _load(cache, ticker)
    progress(100, f"{ticker}: {len(series.frame)} bars from {source.name}")
    return series


def import_csv(paths: AppPaths, ticker: str, file: str | Path) -> ImportResult:
    """Validate a CSV file and merge all its bars into the cache, or nothing.

    Raises CsvImportError for the file, PriceCacheError for the cache.
    """
    ticker = normalize_ticker(ticker)
    path = Path(file)
    frame = read_price_csv(path)
    cache = price_cache(paths)
    cache.write(ticker, frame, f"CSV import: {path.name}")
    return ImportResult(len(frame), frame.index[0].date(), frame.index[-1].date(), cache.notice)


def write_sample_csv(path: Path | None = None) -> Path:
    """Regenerate the shipped sample file from its seed; returns where it was written."""
    target = path or shipped_data_dir() / SAMPLE_FILE
    target.write_text(sample_csv_text(), encoding="utf-8")
    return target
