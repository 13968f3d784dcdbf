"""Indicators against a slow pure-Python reference on generated bars (hypothesis)."""

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
    breakout_level,
    high_52w,
    indicator_frame,
    low_52w,
    sma,
    technicals,
)
from kcdesk.model.plan import Breakout
from kcdesk.model.values import RangeValue


def make_frame(rows: list[tuple[int, float, float, float, float, float]]) -> pd.DataFrame:
    """Bars from (gap in days, close, up-wick, down-wick, open shift, volume) tuples."""
    day = date(2020, 1, 1)
    dates, o, h, lo, c, v = [], [], [], [], [], []
    for gap, close, up, down, shift, vol in rows:
        day += timedelta(days=gap)
        open_ = close * (1 + shift)
        dates.append(day)
        o.append(open_)
        c.append(close)
        h.append(max(open_, close) + up)
        lo.append(min(open_, close) * (1 - down))
        v.append(vol)
    return pd.DataFrame(
        {"open": o, "high": h, "low": lo, "close": c, "volume": v},
        index=pd.DatetimeIndex(dates, name="date"),
    )


bars = st.lists(
    st.tuples(
        st.integers(1, 6),  # calendar gap: weekends, holidays, long halts
        st.floats(1.0, 30.0),
        st.floats(0.0, 2.0),
        st.floats(0.0, 0.3),
        st.floats(-0.1, 0.1),
        st.floats(0.0, 1e7),
    ),
    min_size=1,
    max_size=320,
).map(make_frame)


# --- slow references: one bar at a time, straight from the definitions -----------------------
def ref_sma(values: list[float], n: int) -> list[float]:
    return [math.nan if i + 1 < n else sum(values[i + 1 - n : i + 1]) / n
            for i in range(len(values))]


def ref_52w(frame: pd.DataFrame, col: str, pick: object) -> list[float]:
    dates = list(frame.index)
    vals = list(frame[col])
    out = []
    for i, d in enumerate(dates):
        window = [vals[j] for j in range(i + 1) if dates[j] > d - pd.Timedelta(days=365)]
        out.append(pick(window))  # type: ignore[operator]
    return out


def ref_breakout(frame: pd.DataFrame, level: float, surge_pct: float) -> list[bool]:
    closes, vols = list(frame["close"]), list(frame["volume"])
    out = []
    for i in range(len(closes)):
        if i < 50:
            out.append(False)
            continue
        prior = sum(vols[i - 50 : i]) / 50
        crossed = closes[i] > level >= closes[i - 1]
        out.append(crossed and vols[i] > prior * (1 + surge_pct / 100))
    return out


def same(a: pd.Series | list[float], b: list[float]) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                            rtol=1e-9, atol=1e-6, equal_nan=True))


@settings(max_examples=60, deadline=None)
@given(bars)
def test_indicators_match_reference(frame: pd.DataFrame) -> None:
    closes = list(frame["close"])
    assert same(sma(frame["close"], 50), ref_sma(closes, 50))
    assert same(sma(frame["close"], 200), ref_sma(closes, 200))
    assert same(avg_volume(frame), ref_sma(list(frame["volume"]), 50))
    assert same(high_52w(frame), ref_52w(frame, "high", max))
    assert same(low_52w(frame), ref_52w(frame, "low", min))
    ind = indicator_frame(frame)
    assert list(ind.columns) == ["sma50", "sma200", "high_52w", "low_52w", "avg_volume_50"]


@settings(max_examples=60, deadline=None)
@given(bars, st.floats(5.0, 25.0), st.floats(0.0, 200.0))
def test_breakout_crossings_match_reference(
    frame: pd.DataFrame, level: float, surge: float
) -> None:
    got = breakout_crossings(frame, level, surge)
    assert got.tolist() == ref_breakout(frame, level, surge)


@settings(max_examples=40, deadline=None)
@given(bars, st.integers(0, 400))
def test_technicals_is_the_row_of_the_as_of_bar(frame: pd.DataFrame, offset: int) -> None:
    as_of = (frame.index[0] + pd.Timedelta(days=offset)).date()
    tech = technicals(frame, as_of)
    upto = frame.loc[: pd.Timestamp(as_of)]
    assert tech is not None and tech.date == upto.index[-1].date()
    assert tech.close == upto["close"].iloc[-1]
    # the slow references above, not indicator_frame (which technicals itself reads)
    closes = list(upto["close"])
    want = {
        "sma50": ref_sma(closes, 50)[-1],
        "sma200": ref_sma(closes, 200)[-1],
        "avg_volume_50": ref_sma(list(upto["volume"]), 50)[-1],
        "high_52w": ref_52w(upto, "high", max)[-1],
        "low_52w": ref_52w(upto, "low", min)[-1],
    }
    for name, value in want.items():
        got = getattr(tech, name)
        assert (got is None) == math.isnan(value), name
        if got is not None:
            assert got == pytest.approx(value, rel=1e-9, abs=1e-6), name


def test_technicals_before_the_first_bar_is_none() -> None:
    frame = make_frame([(1, 10.0, 0.1, 0.01, 0.0, 100.0)])
    assert technicals(frame, date(2019, 1, 1)) is None


def test_moving_averages_are_undefined_until_enough_bars() -> None:
    frame = make_frame([(1, float(i + 1), 0.0, 0.0, 0.0, 1.0) for i in range(200)])
    s50 = sma(frame["close"], 50)
    assert s50.iloc[:49].isna().all() and s50.iloc[49] == pytest.approx(25.5)
    s200 = sma(frame["close"], 200)
    assert s200.iloc[:199].isna().all() and s200.iloc[199] == pytest.approx(100.5)


def test_52_week_window_is_365_days_ending_at_the_bar() -> None:
    # a low exactly 365 days before the as-of bar is outside the window, 364 days inside
    frame = pd.DataFrame(
        {"open": [5.0, 6.0, 9.0], "high": [30.0, 7.0, 10.0], "low": [1.0, 2.0, 8.0],
         "close": [5.0, 6.0, 9.0], "volume": [1.0, 1.0, 1.0]},
        index=pd.DatetimeIndex(["2024-11-26", "2024-11-27", "2025-11-26"], name="date"),
    )
    tech = technicals(frame)
    assert tech is not None and (tech.low_52w, tech.high_52w) == (2.0, 10.0)


def test_close_only_frame_has_no_average_volume() -> None:
    frame = make_frame([(1, 10.0, 0.0, 0.0, 0.0, math.nan)] * 60)
    assert avg_volume(frame).isna().all()
    assert not breakout_crossings(frame, 5.0, 40.0).any()


def test_breakout_level_is_the_top_of_the_range() -> None:
    ranged = Breakout(RangeValue(15, 16, "usd"), 40, "s")
    single = Breakout(RangeValue(15, None, "usd"), 40, "s")
    assert breakout_level(ranged) == 16
    assert breakout_level(single) == 15


def test_breakout_surge_leaves_the_day_itself_out_of_the_average() -> None:
    # 50 bars of 100 shares, then 141: 41 % above the prior average -> a surge at 40 %
    rows = [(1, 10.0, 0.0, 0.0, 0.0, 100.0)] * 50 + [(1, 17.0, 0.0, 0.0, 0.0, 141.0)]
    frame = make_frame(rows)
    assert breakout_crossings(frame, 16.0, 40.0).tolist() == [False] * 50 + [True]
    assert not breakout_crossings(frame, 16.0, 41.0).iloc[-1]
    assert not breakout_crossings(frame, 17.0, 40.0).iloc[-1]  # a close at the level is not above


def test_breakout_marks_the_crossing_not_every_bar_above_the_level() -> None:
    # 50 quiet bars at $10 (volume 100), then: $17 on 200 (crosses $16 on +100 % volume),
    # $18 and $19 on 300 (above the level on a surge, but no crossing: already above),
    # $15 on 100 (back below), $17 on 100 (crosses, no surge: the prior 50 bars average
    # (47 x 100 + 200 + 300 + 300) / 50 = 110, and 100 is not 40 % above it),
    # $15, then $16.5 on 400 (crosses; 400 > 1.4 x the prior average ≈ 1.4 x 110 = 154).
    rows = [(1, 10.0, 0.0, 0.0, 0.0, 100.0)] * 50 + [
        (1, 17.0, 0.0, 0.0, 0.0, 200.0),
        (1, 18.0, 0.0, 0.0, 0.0, 300.0),
        (1, 19.0, 0.0, 0.0, 0.0, 300.0),
        (1, 15.0, 0.0, 0.0, 0.0, 100.0),
        (1, 17.0, 0.0, 0.0, 0.0, 100.0),
        (1, 15.0, 0.0, 0.0, 0.0, 100.0),
        (1, 16.5, 0.0, 0.0, 0.0, 400.0),
    ]
    marked = np.flatnonzero(breakout_crossings(make_frame(rows), 16.0, 40.0).to_numpy())
    assert marked.tolist() == [50, 56]
