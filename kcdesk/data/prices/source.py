"""The PriceSource interface every price provider implements, and its one error type."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

import pandas as pd

if TYPE_CHECKING:
    from kcdesk.model.prices import PriceSeries

# One clear message per kind of failure; `{ticker}` and `{source}` are filled in.
MESSAGES = {
    "network": "Could not reach {source} — check the internet connection and try again.",
    "unknown_ticker": "{source} does not know the ticker {ticker} (or has no daily prices for it).",
    "rate_limit": "{source} is limiting requests (too many too fast) — wait a few minutes and "
    "try again.",
    "empty": "{source} returned no prices for {ticker} — it may be unreachable, or the ticker "
    "unknown.",
    "bad_data": "{source} returned prices for {ticker} that could not be read.",
    "no_data": "{source} has no prices for {ticker}.",
    "cancelled": "Fetching prices for {ticker} was cancelled.",
    "failed": "Fetching prices for {ticker} from {source} failed.",
    "cache": "The price cache could not be used for {ticker}.",  # PriceCacheError says why
}


class PriceFetchError(Exception):
    """Prices could not be had: `kind` says why (a key of MESSAGES), `str()` says it plainly.

    `fallback` is what the app can show instead (the cache with its as-of time, or the
    sample), set by the service when a refresh fails.
    """

    def __init__(self, kind: str, ticker: str, source: str, detail: str = "") -> None:
        self.kind = kind if kind in MESSAGES else "failed"
        self.ticker = ticker
        self.source = source
        self.detail = detail
        self.fallback: PriceSeries | None = None
        message = MESSAGES[self.kind].format(ticker=ticker, source=source)
        self.plain = message  # for people; `detail` is the library's own words
        super().__init__(f"{message} ({detail})" if detail else message)


class FetchCancelledError(PriceFetchError):
    """The user cancelled a fetch; nothing was stored."""

    def __init__(self, ticker: str, source: str) -> None:
        super().__init__("cancelled", ticker, source)


class PriceSource(Protocol):
    """Something that returns daily bars for a ticker as a price frame.

    `fetch` returns a non-empty frame in the convention of `kcdesk.model.prices`, covering
    start..end (both inclusive, None = open-ended), or raises PriceFetchError; an empty
    answer is always a failure, never an empty frame.
    """

    name: str

    def fetch(
        self, ticker: str, start: date | None = None, end: date | None = None
    ) -> pd.DataFrame: ...


def clip(frame: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """The rows of `frame` dated start..end inclusive (None = open-ended)."""
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    return frame.loc[lo:hi]
