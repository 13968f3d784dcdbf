"""Daily prices from Yahoo Finance through yfinance — the only module that imports yfinance.

yfinance is imported lazily (it adds ~0.5 s to start-up) and its on-disk caches (time zones,
cookies, ISINs) are redirected under the app's cache dir before first use. It must run off the
GUI thread: a hanging network blocks it for ~130 s whatever `timeout=` says. yfinance 1.x does
not raise from `download()`: it logs the error and returns an empty frame, so the adapter
listens to yfinance's logger during the call to tell an unknown ticker from a network failure
or a rate limit.
"""

from __future__ import annotations

import logging
import threading
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kcdesk.data.prices.source import PriceFetchError
from kcdesk.model.prices import PRICE_COLUMNS

SOURCE_NAME = "Yahoo Finance"
_redirect_lock = threading.Lock()
_redirected_to: str | None = None

# Lower-cased fragments of exception names and yfinance error messages, per failure kind,
# checked in this order: a rate limit or a network failure may also say "no data found".
_SIGNS = (
    ("rate_limit", ("ratelimit", "too many requests", "rate limit", "rate-limit")),
    ("network", ("connection", "timeout", "timed out", "resolve host", "failed to perform",
                 "network", "ssl", "curl", "socket", "unreachable", "proxy")),
    ("unknown_ticker", ("tickermissing", "pricesmissing", "tzmissing", "delisted",
                        "no data found", "no price data found", "quote not found",
                        "no timezone found", "symbol may be", "invalid ticker")),
)


def _import_yfinance() -> Any:
    import yfinance

    # Its pandas deprecation warnings are not ours to fix and would reach the user's terminal.
    warnings.filterwarnings("ignore", module=r"yfinance(\..*)?$")
    return yfinance


def redirect_caches(yf: Any, cache_dir: Path) -> None:
    """Point yfinance's own caches at `cache_dir` (once per process and directory)."""
    global _redirected_to
    with _redirect_lock:
        if _redirected_to == str(cache_dir):
            return
        cache_dir.mkdir(parents=True, exist_ok=True)
        yf.set_tz_cache_location(str(cache_dir))
        _redirected_to = str(cache_dir)


def classify(ticker: str, texts: list[str], exc: BaseException | None = None) -> PriceFetchError:
    """Turn an exception and/or yfinance's logged errors into one PriceFetchError."""
    haystack = " ".join([*texts, type(exc).__name__ if exc else "", str(exc) if exc else ""])
    lowered = haystack.lower()
    detail = (str(exc) or type(exc).__name__) if exc else (texts[-1] if texts else "")
    for kind, signs in _SIGNS:
        if any(s in lowered for s in signs):
            return PriceFetchError(kind, ticker, SOURCE_NAME, detail.strip()[:200])
    if exc is None:
        return PriceFetchError("empty", ticker, SOURCE_NAME, detail.strip()[:200])
    return PriceFetchError("failed", ticker, SOURCE_NAME, detail.strip()[:200])


class _Collect(logging.Handler):
    """Keeps the messages yfinance logs at ERROR and above during one download."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(record.getMessage())


def normalise(raw: pd.DataFrame, ticker: str) -> pd.DataFrame:
    """yfinance's frame (MultiIndex (Price, Ticker) columns or flat) as a price frame."""
    frame = raw
    if isinstance(frame.columns, pd.MultiIndex):
        level = next((i for i, name in enumerate(frame.columns.names) if name == "Ticker"), 1)
        tickers = frame.columns.get_level_values(level)
        wanted = ticker if ticker in set(tickers) else tickers[0]
        picked = frame.xs(wanted, axis=1, level=level)
        frame = picked if isinstance(picked, pd.DataFrame) else picked.to_frame()
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in PRICE_COLUMNS if c not in frame.columns]
    if missing:
        raise PriceFetchError("bad_data", ticker, SOURCE_NAME, f"no {', '.join(missing)} column")
    try:
        frame = frame[list(PRICE_COLUMNS)].astype("float64")
    except (TypeError, ValueError) as exc:
        raise PriceFetchError("bad_data", ticker, SOURCE_NAME, str(exc)) from exc
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_localize(None)  # keep the exchange's wall-clock date
    frame.index = index.normalize().rename("date")
    close = frame["close"].to_numpy()
    keep = np.isfinite(close) & (close > 0) & ~frame.index.duplicated(keep="last")
    frame = frame.loc[pd.Series(keep, index=frame.index)].sort_index()
    if frame.empty:
        raise PriceFetchError("empty", ticker, SOURCE_NAME)
    return frame


class YahooSource:
    """PriceSource backed by `yfinance.download` (daily bars, unadjusted for dividends).

    `yf` replaces the yfinance module (tests pass a fake); by default it is imported on the
    first fetch.
    """

    name = SOURCE_NAME

    def __init__(self, cache_dir: Path, timeout: float = 30.0, yf: Any = None) -> None:
        self.cache_dir = cache_dir
        self.timeout = timeout
        self._yf = yf

    def _module(self, ticker: str) -> Any:
        if self._yf is None:
            try:
                self._yf = _import_yfinance()
            except ImportError as exc:
                raise PriceFetchError("failed", ticker, SOURCE_NAME,
                                      f"yfinance is not installed: {exc}") from exc
        redirect_caches(self._yf, self.cache_dir)
        return self._yf

    def fetch(self, ticker: str, start: date | None = None, end: date | None = None
              ) -> pd.DataFrame:
        """Daily bars start..end inclusive (all history when start is None)."""
        ticker = ticker.upper()
        yf = self._module(ticker)
        kwargs: dict[str, Any] = {
            "interval": "1d",
            "auto_adjust": False,  # Close as traded (split-adjusted); Adj Close is dropped
            "actions": False,
            "progress": False,
            "threads": False,
            "timeout": self.timeout,
            "multi_level_index": True,
        }
        if start is None:
            kwargs["period"] = "max"
        else:
            kwargs["start"] = start.isoformat()
        if end is not None:
            kwargs["end"] = (end + timedelta(days=1)).isoformat()  # yfinance's end is exclusive
        collect = _Collect()
        yf_log = logging.getLogger("yfinance")
        propagate = yf_log.propagate
        yf_log.addHandler(collect)
        yf_log.propagate = False  # its errors become our one message, not stderr noise
        try:
            raw = yf.download(ticker, **kwargs)
        except Exception as exc:
            raise classify(ticker, collect.texts, exc) from exc
        finally:
            yf_log.removeHandler(collect)
            yf_log.propagate = propagate
        if raw is None or raw.empty:
            raise classify(ticker, collect.texts)
        return normalise(raw, ticker)
