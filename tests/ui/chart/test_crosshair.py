"""The crosshair follows the mouse to the bar under it, and the readout describes that bar.

The readout is checked on a hand-made series whose values are worked out below, not on the
values the chart computed: 260 daily bars from 2024-01-01, close $10.00 on bars 0–209 and
$12.00 on bars 210–259; open = close − 0.10, high = close + 0.50, low = close − 0.50; volume
1,234,000 on every bar.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from kcdesk.model.prices import PriceSeries
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.crosshair import readout_html

N = 260


@pytest.fixture
def hand_view(qtbot: QtBot) -> ChartView:
    close = np.where(np.arange(N) < 210, 10.0, 12.0)
    frame = pd.DataFrame(
        {"open": close - 0.10, "high": close + 0.50, "low": close - 0.50, "close": close,
         "volume": 1_234_000.0},
        index=pd.date_range("2024-01-01", periods=N, freq="D", name="date"),
    )  # fmt: skip
    chart = ChartView()
    qtbot.addWidget(chart)
    chart.resize(1200, 700)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_prices(PriceSeries("KC", frame, "hand-made test bars", datetime(2024, 9, 17)))
    return chart


def _move_to_bar(view: ChartView, qtbot: QtBot, bar: float, price: float) -> None:
    scene = view.price_vb.mapViewToScene(QPointF(bar, price))
    qtbot.mouseMove(view.plot.viewport(), view.plot.mapFromScene(scene))


def plain(html: str) -> str:
    """The readout as the user reads it: tags dropped, the spacing between items as " | "."""
    return re.sub(r"<[^>]+>", "", html).replace("&nbsp;&nbsp;", " | ")


@pytest.mark.parametrize("offset", [0.0, 0.3, -0.3])
def test_readout_describes_the_bar_under_the_mouse(
    hand_view: ChartView, qtbot: QtBot, offset: float
) -> None:
    hand_view.set_range("1Y")
    _move_to_bar(hand_view, qtbot, 210 + offset, 12.0)
    assert hand_view.crosshair.bar == 210
    # Bar 210 is 2024-01-01 + 210 days: Jan 31 + Feb 29 + Mar 31 + Apr 30 + May 31 + Jun 30 =
    # 182 days to Jul 1, so Jul 29. Close 12 after 10: +$2.00, +20.00 %. SMA50 = (49 × 10 +
    # 12)/50 = 10.04; SMA200 = (199 × 10 + 12)/200 = 10.01.
    assert plain(hand_view.readout.text()) == (
        "2024-07-29 | O $11.90 | H $12.50 | L $11.50 | C $12.00 | +$2.00 (+20.00%) | "
        "Vol 1.23M | SMA50 $10.04 | SMA200 $10.01"
    )


def test_readout_follows_the_mouse_over_the_volume_pane(hand_view: ChartView, qtbot: QtBot) -> None:
    hand_view.set_range("6M")
    scene = hand_view.volume_vb.mapViewToScene(QPointF(N - 10, 1.0))
    qtbot.mouseMove(hand_view.plot.viewport(), hand_view.plot.mapFromScene(scene))
    assert hand_view.crosshair.bar == N - 10
    # Bar 250 is Sep 16 − 9 days = Sep 7. SMA50 over bars 201–250 = (9 × 10 + 41 × 12)/50 =
    # 11.64; SMA200 over bars 51–250 = (159 × 10 + 41 × 12)/200 = 10.41.
    assert plain(hand_view.readout.text()) == (
        "2024-09-07 | O $11.90 | H $12.50 | L $11.50 | C $12.00 | $0.00 (0.00%) | "
        "Vol 1.23M | SMA50 $11.64 | SMA200 $10.41"
    )


def test_readout_shows_the_last_bar_when_not_hovering(hand_view: ChartView) -> None:
    # Bar 259 is Jul 29 + 49 days = Sep 16. 12 after 12: no change. SMA50 over bars 210–259 =
    # 12.00; SMA200 over bars 60–259 = (150 × 10 + 50 × 12)/200 = 10.50.
    assert plain(hand_view.readout.text()) == (
        "2024-09-16 | O $11.90 | H $12.50 | L $11.50 | C $12.00 | $0.00 (0.00%) | "
        "Vol 1.23M | SMA50 $12.00 | SMA200 $10.50"
    )
    assert readout_html(hand_view.series, N) == ""  # past the last bar: nothing to describe
