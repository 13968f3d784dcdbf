"""Technical indicators on a price frame: moving averages, 52-week range, volume, breakouts.

All functions are vectorised (pandas rolling windows) so they stay fast on 100,000 bars, and
take a frame in the convention of `kcdesk.model.prices`. A value that needs more bars than
there are is NaN, never a guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kcdesk.model.plan import Breakout

SMA_SHORT = 50
SMA_LONG = 200
AVG_VOLUME_BARS = 50
# The 52-week window: every bar dated after as_of − 365 days, up to and including as_of.
# Checked on real KC bars as of 2025-11-26: this gives the report's $6.17–22.26 from intraday
# High/Low; the last 252 bars reach back to 2024-11-26 and give a low of $5.81, closes give
# $6.69–20.81, and a 364-day window gives $6.62.
WINDOW_52W = pd.Timedelta(days=365)


def up_to(frame: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """The bars dated on or before `as_of` (all of them for None)."""
    if as_of is None:
        return frame
    return frame.loc[: pd.Timestamp(as_of)]


def sma(close: pd.Series, bars: int) -> pd.Series:
    """Simple moving average of the last `bars` closes; NaN until there are `bars` of them."""
    return close.rolling(bars, min_periods=bars).mean()


def high_52w(frame: pd.DataFrame) -> pd.Series:
    """Highest intraday high of the 365 calendar days ending at each bar (see WINDOW_52W).

    Near the start of the data the window holds fewer bars; the value is then the high so far.
    """
    return frame["high"].rolling(WINDOW_52W).max()


def low_52w(frame: pd.DataFrame) -> pd.Series:
    """Lowest intraday low of the 365 calendar days ending at each bar (see WINDOW_52W)."""
    return frame["low"].rolling(WINDOW_52W).min()


def avg_volume(frame: pd.DataFrame, bars: int = AVG_VOLUME_BARS) -> pd.Series:
    """Mean volume of the last `bars` bars including this one; NaN until there are enough."""
    return frame["volume"].rolling(bars, min_periods=bars).mean()


def breakout_level(breakout: Breakout) -> float:
    """The price a close must exceed: the top of the breakout range.

    The report says "above $15–16": a close above the whole range, so above 16 (its low only
    when the plan gives a single level).
    """
    level = breakout.level.high if breakout.level.high is not None else breakout.level.low
    assert level is not None
    return level


def breakout_crossings(
    frame: pd.DataFrame, level: float, volume_surge_pct: float, bars: int = AVG_VOLUME_BARS
) -> pd.Series:
    """True on each bar whose close crosses above `level` on a volume surge.

    A crossing is a close above `level` after a close at or below it (a trader reads a breakout
    as the day it clears the level, not every day above it); the first bar cannot cross. A surge
    is volume more than `volume_surge_pct` % above the average volume of the `bars` bars before
    this one (the day itself is left out, so its own spike does not raise the bar).
    """
    close = frame["close"]
    prior_avg = avg_volume(frame, bars).shift(1)
    surge = frame["volume"] > prior_avg * (1.0 + volume_surge_pct / 100.0)
    crossed = (close > level) & (close.shift(1) <= level)
    return crossed & surge


def indicator_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every indicator per bar: sma50, sma200, high_52w, low_52w, avg_volume_50."""
    return pd.DataFrame(
        {
            "sma50": sma(frame["close"], SMA_SHORT),
            "sma200": sma(frame["close"], SMA_LONG),
            "high_52w": high_52w(frame),
            "low_52w": low_52w(frame),
            "avg_volume_50": avg_volume(frame),
        },
        index=frame.index,
    )


def _opt(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@dataclass(frozen=True)
class Technicals:
    """The indicators at one bar; None where there were not enough bars (or no volume)."""

    date: date
    close: float
    sma50: float | None
    sma200: float | None
    high_52w: float | None
    low_52w: float | None
    avg_volume_50: float | None


def technicals(frame: pd.DataFrame, as_of: date | None = None) -> Technicals | None:
    """The indicators at the last bar on or before `as_of`; None when there is no such bar."""
    bars = up_to(frame, as_of)
    if bars.empty:
        return None
    # Only the tail feeds the last value: the longest windows are 200 bars and 365 days.
    first_in_year = int(bars.index.searchsorted(bars.index[-1] - WINDOW_52W, side="right"))
    start = max(0, min(len(bars) - max(SMA_LONG, AVG_VOLUME_BARS), first_in_year))
    last = indicator_frame(bars.iloc[start:]).iloc[-1]
    return Technicals(
        date=bars.index[-1].date(),
        close=float(bars["close"].iloc[-1]),
        sma50=_opt(float(last["sma50"])),
        sma200=_opt(float(last["sma200"])),
        high_52w=_opt(float(last["high_52w"])),
        low_52w=_opt(float(last["low_52w"])),
        avg_volume_50=_opt(float(last["avg_volume_50"])),
    )
