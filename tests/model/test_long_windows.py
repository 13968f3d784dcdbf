"""Indicators on series long enough to fill their windows: 250–600 bars from a drawn seed.

The hypothesis frames of test_indicators.py are short, so there the 200-bar average and the
365-day window are mostly compared NaN against NaN. Here every frame is long enough for the
50- and 200-bar averages, the 50-bar average volume and several 365-day windows, and the
references are written from the definitions with plain loops (no pandas rolling, nothing shared
with kcdesk.model.indicators). Each test also checks that it reached what it checks.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcdesk.model.indicators import (
    avg_volume,
    breakout_crossings,
    high_52w,
    low_52w,
    sma,
    technicals,
)

seeds = st.integers(0, 2**32 - 1)
lengths = st.integers(250, 600)


def long_frame(seed: int, n: int) -> pd.DataFrame:
    """n bars of a random walk around $5–25 with calendar gaps of 1–6 days (weekends, halts)
    and volume that one day in five spikes to 3x its usual level (so breakouts can surge)."""
    rng = np.random.default_rng(seed)
    gaps = rng.integers(1, 7, n)
    day = np.datetime64("2019-01-01") + np.cumsum(gaps).astype("timedelta64[D]")
    close = np.clip(12.0 * np.exp(np.cumsum(rng.normal(0.0, 0.03, n))), 2.0, 60.0)
    open_ = close * (1.0 + rng.normal(0.0, 0.01, n))
    high = np.maximum(open_, close) * (1.0 + rng.uniform(0.0, 0.04, n))
    low = np.minimum(open_, close) * (1.0 - rng.uniform(0.0, 0.04, n))
    volume = rng.uniform(0.5e6, 1.5e6, n) * np.where(rng.random(n) < 0.2, 3.0, 1.0)
    return pd.DataFrame(
        {"open": open_, "high": high, "low": low, "close": close, "volume": volume},
        index=pd.DatetimeIndex(day, name="date"),
    )


# --- references straight from the definitions ---------------------------------------------
def ref_mean_of_last(values: list[float], n: int) -> list[float]:
    """Mean of the n values ending at each position; NaN before there are n."""
    out = []
    for i in range(len(values)):
        if i + 1 < n:
            out.append(math.nan)
            continue
        total = 0.0
        for j in range(i + 1 - n, i + 1):
            total += values[j]
        out.append(total / n)
    return out


def ref_year_extreme(days: list[date], values: list[float], highest: bool) -> list[float]:
    """Max (or min) over the bars dated within the 365 days up to and including each bar."""
    out = []
    for i, d in enumerate(days):
        window = [values[j] for j in range(i + 1) if (d - days[j]).days < 365]
        out.append(max(window) if highest else min(window))
    return out


def ref_breakouts(closes: list[float], volumes: list[float], level: float, surge: float
                  ) -> list[bool]:
    """A close above `level` after one at or below it, on volume more than `surge` % above
    the mean of the 50 bars before it."""
    out = []
    for i in range(len(closes)):
        if i < 50:
            out.append(False)
            continue
        before = sum(volumes[i - 50:i]) / 50
        out.append(closes[i] > level >= closes[i - 1] and volumes[i] > before * (1 + surge / 100))
    return out


def close_to(got: pd.Series, want: list[float]) -> bool:
    return bool(np.allclose(got.to_numpy(dtype=float), np.asarray(want, dtype=float),
                            rtol=1e-9, atol=1e-9, equal_nan=True))


@settings(max_examples=25, deadline=None)
@given(seeds, lengths)
def test_the_averages_match_the_definition_once_their_windows_fill(seed: int, n: int) -> None:
    frame = long_frame(seed, n)
    closes, volumes = frame["close"].tolist(), frame["volume"].tolist()
    s200 = sma(frame["close"], 200)
    assert s200.notna().sum() == n - 199  # the 200-bar window was reached, and filled
    assert close_to(s200, ref_mean_of_last(closes, 200))
    assert close_to(sma(frame["close"], 50), ref_mean_of_last(closes, 50))
    assert close_to(avg_volume(frame), ref_mean_of_last(volumes, 50))


@settings(max_examples=15, deadline=None)
@given(seeds, lengths)
def test_the_52_week_high_and_low_match_the_definition(seed: int, n: int) -> None:
    frame = long_frame(seed, n)
    days = [d.date() for d in frame.index]
    assert (days[-1] - days[0]).days > 2 * 365  # several whole years: bars leave the window
    assert close_to(high_52w(frame), ref_year_extreme(days, frame["high"].tolist(), True))
    assert close_to(low_52w(frame), ref_year_extreme(days, frame["low"].tolist(), False))


@settings(max_examples=25, deadline=None)
@given(seeds, lengths, st.floats(0.0, 150.0))
def test_breakouts_match_the_definition(seed: int, n: int, surge: float) -> None:
    frame = long_frame(seed, n)
    closes, volumes = frame["close"].tolist(), frame["volume"].tolist()
    level = float(np.median(closes))  # a level the walk crosses
    got = breakout_crossings(frame, level, surge).tolist()
    assert got == ref_breakouts(closes, volumes, level, surge)


def test_the_generated_walks_do_break_out() -> None:
    """The comparison above is not all-False against all-False: most walks break out."""
    broke = 0
    for seed in range(20):
        frame = long_frame(seed, 400)
        level = float(np.median(frame["close"]))
        found = ref_breakouts(frame["close"].tolist(), frame["volume"].tolist(), level, 40.0)
        broke += any(found)
    assert broke >= 10


@settings(max_examples=20, deadline=None)
@given(seeds, lengths, st.integers(0, 1200))
def test_technicals_at_a_date_are_the_definitions_at_the_last_bar_before_it(
    seed: int, n: int, offset: int
) -> None:
    frame = long_frame(seed, n)
    as_of = frame.index[0].date() + timedelta(days=offset)
    tech = technicals(frame, as_of)
    upto = frame.loc[: pd.Timestamp(as_of)]
    assert tech is not None and tech.date == upto.index[-1].date()
    closes, volumes = upto["close"].tolist(), upto["volume"].tolist()
    days = [d.date() for d in upto.index]
    want = {
        "sma50": ref_mean_of_last(closes, 50)[-1],
        "sma200": ref_mean_of_last(closes, 200)[-1],
        "avg_volume_50": ref_mean_of_last(volumes, 50)[-1],
        "high_52w": ref_year_extreme(days, upto["high"].tolist(), True)[-1],
        "low_52w": ref_year_extreme(days, upto["low"].tolist(), False)[-1],
    }
    for name, value in want.items():
        got = getattr(tech, name)
        if math.isnan(value):
            assert got is None, name
        else:
            assert got == pytest.approx(value, rel=1e-9), name


def test_technicals_on_a_long_series_reach_the_200_bar_average() -> None:
    frame = long_frame(7, 450)
    tech = technicals(frame)
    assert tech is not None and tech.sma200 is not None
    assert tech.sma200 == pytest.approx(float(np.mean(frame["close"].to_numpy()[-200:])))
