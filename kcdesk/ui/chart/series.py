"""The arrays the chart draws, derived once per price series (bars, averages, 52-week range)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kcdesk.model import indicators
from kcdesk.model.plan import Breakout
from kcdesk.model.prices import PriceSeries


@dataclass(frozen=True, eq=False)
class ChartSeries:
    """Bars as float64 arrays indexed by trading day (x = 0..n-1), plus what is drawn on them."""

    dates: np.ndarray  # datetime64[D]
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray  # NaN where the source has no volume
    sma_fast: np.ndarray
    sma_slow: np.ndarray
    avg_volume: np.ndarray
    frame: pd.DataFrame  # the source bars, for the indicators that work on a frame
    year: tuple[int, float, float] | None  # first bar, high and low of the last 52 weeks

    @property
    def n(self) -> int:
        return len(self.close)

    @classmethod
    def empty(cls) -> ChartSeries:
        f = np.empty(0)
        return cls(np.empty(0, "datetime64[D]"), f, f, f, f, f, f, f, f, pd.DataFrame(), None)

    @classmethod
    def from_prices(cls, series: PriceSeries) -> ChartSeries:
        frame = series.frame
        if frame.empty:
            return cls.empty()

        def col(values: pd.Series) -> np.ndarray:
            # a view of the frame's float64 block where pandas allows: 100k bars stay cheap
            return np.ascontiguousarray(values.to_numpy(dtype="float64"))

        dates = pd.DatetimeIndex(frame.index)
        # the 52-week window as indicators defines it, computed on that tail only
        first = int(dates.searchsorted(dates[-1] - indicators.WINDOW_52W, side="right"))
        tail = frame.iloc[max(0, first - 1):]
        return cls(
            dates=dates.to_numpy().astype("datetime64[D]"),
            open=col(frame["open"]),
            high=col(frame["high"]),
            low=col(frame["low"]),
            close=col(frame["close"]),
            volume=col(frame["volume"]),
            sma_fast=col(indicators.sma(frame["close"], indicators.SMA_SHORT)),
            sma_slow=col(indicators.sma(frame["close"], indicators.SMA_LONG)),
            avg_volume=col(indicators.avg_volume(frame)),
            frame=frame,
            year=(first, float(indicators.high_52w(tail).iloc[-1]),
                  float(indicators.low_52w(tail).iloc[-1])),
        )

    def year_range(self) -> tuple[int, float, float] | None:
        """(first bar, high, low) of the last 52 weeks, or None with no bars."""
        return self.year

    def breakout_bars(self, breakout: Breakout) -> np.ndarray:
        """Bars whose close crossed above the breakout level on the plan's volume surge."""
        if self.n == 0:
            return np.empty(0, dtype=np.int64)
        hits = indicators.breakout_crossings(
            self.frame, indicators.breakout_level(breakout), breakout.volume_surge_pct)
        return np.flatnonzero(hits.to_numpy(dtype=bool, na_value=False))
