"""The price-frame convention every layer shares, and the series value that carries its origin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

# A price frame: DatetimeIndex named "date" (tz-naive midnight, ascending, unique) and these
# float64 columns. A close-only series repeats close into open/high/low and has NaN volume.
PRICE_COLUMNS = ("open", "high", "low", "close", "volume")


def empty_frame() -> pd.DataFrame:
    """A price frame with no rows."""
    idx = pd.DatetimeIndex([], name="date")
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in PRICE_COLUMNS}, index=idx)


@dataclass(frozen=True, eq=False)
class PriceSeries:
    """Daily bars for a ticker plus where they came from and when.

    `is_sample` marks generated prices that are not market data; every view that shows them
    must say so. `notice` is something the user should be told about how these prices were
    got (e.g. a damaged price cache was set aside), "" when there is nothing to tell.
    """

    ticker: str
    frame: pd.DataFrame
    source: str  # e.g. "yfinance", "CSV import: KC.csv", "cache", "sample"
    as_of: datetime | None  # when the data was fetched/imported (UTC, naive)
    is_sample: bool = False
    notice: str = ""

    @property
    def last_date(self) -> pd.Timestamp | None:
        return None if self.frame.empty else self.frame.index[-1]
