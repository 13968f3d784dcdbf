"""The crosshair follows the mouse to the bar under it, and the readout describes that bar."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from kcdesk.model import fmt
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.crosshair import readout_html


def _move_to_bar(view: ChartView, qtbot: QtBot, bar: float, price: float) -> None:
    scene = view.price_vb.mapViewToScene(QPointF(bar, price))
    qtbot.mouseMove(view.plot.viewport(), view.plot.mapFromScene(scene))


@pytest.mark.parametrize("offset", [0.0, 0.3, -0.3])
def test_readout_matches_the_bar_under_the_mouse(view: ChartView, qtbot: QtBot,
                                                 offset: float) -> None:
    view.set_range("1Y")
    s = view.series
    bar = s.n - 100
    _move_to_bar(view, qtbot, bar + offset, float(s.close[bar]))
    assert view.crosshair.bar == bar
    text = view.readout.text()
    assert str(np.datetime_as_string(s.dates[bar], unit="D")) in text
    for value in (s.open[bar], s.high[bar], s.low[bar], s.close[bar]):
        assert fmt.price(value) in text
    assert fmt.volume(s.volume[bar]) in text
    change = 100 * (s.close[bar] - s.close[bar - 1]) / s.close[bar - 1]
    assert fmt.pct(change, 2, signed=True) in text
    assert f"SMA50 {fmt.price(s.sma_fast[bar])}" in text
    assert f"SMA200 {fmt.price(s.sma_slow[bar])}" in text


def test_readout_follows_the_mouse_over_the_volume_pane(view: ChartView, qtbot: QtBot) -> None:
    view.set_range("6M")
    bar = view.series.n - 10
    scene = view.volume_vb.mapViewToScene(QPointF(bar, 1.0))
    qtbot.mouseMove(view.plot.viewport(), view.plot.mapFromScene(scene))
    assert view.crosshair.bar == bar


def test_readout_shows_the_last_bar_when_not_hovering(view: ChartView) -> None:
    s = view.series
    assert view.readout.text() == readout_html(s, s.n - 1)
    assert readout_html(s, s.n) == ""
