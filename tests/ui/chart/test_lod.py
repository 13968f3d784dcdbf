"""Level of detail: grouping bars to screen columns keeps every extreme, in bounded work."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from pytestqt.qtbot import QtBot

from kcdesk.ui.chart import lod
from kcdesk.ui.chart.axis import date_ticks
from kcdesk.ui.chart.candles import CandleItem
from kcdesk.ui.chart.level_labels import spread
from kcdesk.ui.chart.price_axis import MIN_TICK_PX, log_ticks
from kcdesk.ui.chart.windowed import Bars, Stroke


def _bars(n: int, seed: int = 1) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    c = 10 * np.exp(np.cumsum(rng.normal(0, 0.02, n)))
    o = np.concatenate(([c[0]], c[:-1]))
    h = np.maximum(o, c) * 1.01
    lo = np.minimum(o, c) * 0.99
    return o, h, lo, c


def test_group_size_is_a_power_of_two_and_keeps_columns_wide() -> None:
    assert lod.group_size(200, 1500) == 1
    for bars in (1_500, 10_000, 100_000):
        k = lod.group_size(bars, 1500)
        assert k & (k - 1) == 0
        assert 1500 / (bars / k) >= lod.MIN_COLUMN_PX


def test_grouped_ohlc_matches_pandas_resampling() -> None:
    o, h, lo, c = _bars(1000)
    win = lod.Window(96, 1000, 32)
    go, gh, gl, gc = lod.ohlc(win, o, h, lo, c)
    groups = pd.DataFrame({"o": o, "h": h, "l": lo, "c": c}).iloc[96:].groupby(
        (np.arange(96, 1000) - 96) // 32)
    assert np.allclose(go, groups["o"].first())
    assert np.allclose(gh, groups["h"].max())
    assert np.allclose(gl, groups["l"].min())
    assert np.allclose(gc, groups["c"].last())


def test_window_covers_the_view_and_is_aligned() -> None:
    win = lod.window_for(50_000.3, 60_000.7, 1400, 100_000)
    assert win.start % win.step == 0
    assert win.covers(50_000.3, 60_000.7, 100_000)
    assert not win.covers(0, 10, 100_000)


def test_candles_draw_at_most_a_few_columns_per_pixel(qtbot: QtBot) -> None:
    """100,000 bars on 1,400 pixels: the paths hold about the pixel count, not the bars."""
    item = CandleItem()
    o, h, lo, c = _bars(100_000)
    item.set_bars(o, h, lo, c)
    item.set_view(-0.5, 100_000.5, 1400)
    columns = sum(len(layer.x) for layer in item._layers if isinstance(layer, Bars))
    wick_points = sum(layer.path.elementCount() for layer in item._layers
                      if isinstance(layer, Stroke))
    assert columns <= 1400 / lod.MIN_COLUMN_PX * (1 + 2 * lod.CACHE_MARGIN) + 2
    assert wick_points == 2 * columns
    rect = item.boundingRect()
    assert rect.top() == pytest.approx(lo.min()) and rect.bottom() == pytest.approx(h.max())
    assert rect.left() == -0.5 and rect.right() == pytest.approx(100_000 - 0.5)


def test_panning_inside_the_cache_rebuilds_nothing(qtbot: QtBot) -> None:
    item = CandleItem()
    item.set_bars(*_bars(10_000))
    item.set_view(5000, 6000, 1400)
    layers = item._layers
    item.set_view(5100, 6100, 1400)
    assert item._layers is layers
    item.set_view(500, 1500, 1400)
    assert item._layers is not layers


def test_spread_labels_never_overlap_and_stay_inside() -> None:
    desired = [10, 12, 14, 15, 15, 16, 100, 101, 395]
    centres = spread(desired, 18, 0, 400)
    assert all(b - a >= 18 - 1e-9 for a, b in itertools.pairwise(centres))
    assert centres[0] >= 9 and centres[-1] <= 391
    assert spread([50.0, 200.0], 18, 0, 400) == [50.0, 200.0]  # room: labels stay put


def test_log_ticks_are_round_prices_well_apart() -> None:
    ticks = log_ticks(np.log10(3.0), np.log10(22.0), 600)
    prices = [10**t for t in ticks]
    assert 10.0 in [round(p, 6) for p in prices]
    gaps = np.diff(ticks) * 600 / (np.log10(22.0) - np.log10(3.0))
    assert (gaps >= MIN_TICK_PX - 1e-9).all()


def test_date_ticks_follow_the_span() -> None:
    dates = pd.bdate_range("2020-01-01", periods=1500).to_numpy().astype("datetime64[D]")
    months = date_ticks(dates, 1000, 1252, 1400)
    assert len(months) >= 10 and all(label.isalpha() or label.isdigit() for _, label in months)
    years = date_ticks(dates, 0, 1500, 600)
    assert [label for _, label in years] == ["2021", "2022", "2023", "2024", "2025"]
    for i, _ in years:
        assert dates[i - 1].astype("datetime64[Y]") < dates[i].astype("datetime64[Y]")
