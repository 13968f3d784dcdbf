"""The logged plan events on the price pane: a mark at each notable event's bar, its text on hover.

Breakouts are not marked here: the chart's breakout marks (▲ under the bar, the Breakout layer)
already show every confirmed breakout of the plan. Frequent events (the close crossing an
average, each new 52-week extreme, zones entered and left, a target reached again as the close
swings about it) are listed in the review panel but not marked: on a 3-year chart of KC they
are a hundred marks that hide the candles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from kcdesk.model.event_log import LoggedEvent
from kcdesk.model.plan_status import CLOSED_BELOW_STOP, DEATH_CROSS, GOLDEN_CROSS
from kcdesk.ui import theme
from kcdesk.ui.chart import colors
from kcdesk.ui.chart.series import ChartSeries
from kcdesk.ui.chart.yscale import YScale

EVENTS_LAYER = "Events"
MARK_Z = 21  # over the candles and the breakout marks


@dataclass(frozen=True)
class _Style:
    symbol: str
    role: str  # the theme's colour role
    above: bool  # drawn above the bar's high (else below its low)
    size: int = 12


STYLES = {
    # the crosses in the colour of the 50-day average, which does the crossing; larger, rarer
    GOLDEN_CROSS: _Style("star", "sma_fast", above=False, size=20),
    DEATH_CROSS: _Style("star", "sma_fast", above=True, size=20),
    CLOSED_BELOW_STOP: _Style("t", "kind_stop", above=True),  # ▼ over the bar
}


class EventMarks:
    """One scatter item of the marked events; placed again when the bars or the scale change."""

    def __init__(self, vb: pg.ViewBox) -> None:
        self.item = pg.ScatterPlotItem(hoverable=True, tip=self._tip)
        self.item.setZValue(MARK_Z)
        vb.addItem(self.item, ignoreBounds=True)
        self._events: tuple[LoggedEvent, ...] = ()
        self._series = ChartSeries.empty()
        self._y = YScale()

    def set_events(self, events: Sequence[LoggedEvent]) -> None:
        self._events = tuple(e for e in events if e.kind in STYLES)
        self._place()

    def set_bars(self, series: ChartSeries, yscale: YScale) -> None:
        self._series, self._y = series, yscale
        self._place()

    def marked(self) -> list[tuple[int, LoggedEvent]]:
        """(bar, event) for each event drawn: events whose bar the chart has."""
        s = self._series
        if s.n == 0 or not self._events:
            return []
        days = np.array([e.date for e in self._events], dtype="datetime64[D]")
        bars = np.searchsorted(s.dates, days)
        return [(int(b), e) for b, e in zip(bars, self._events, strict=True)
                if b < s.n and s.dates[b] == np.datetime64(e.date, "D")]

    def restyle(self) -> None:
        """Draw the marks again in the current theme's colours."""
        self._place()

    def _place(self) -> None:
        s, spots = self._series, []
        for bar, e in self.marked():
            style = STYLES[e.kind]
            price = s.high[bar] * 1.04 if style.above else s.low[bar] * 0.96
            spots.append({"pos": (float(bar), self._y.to_view(float(price))),
                          "symbol": style.symbol, "size": style.size,
                          "brush": pg.mkBrush(theme.colour(style.role)),
                          "pen": pg.mkPen(colors.FOREGROUND),
                          "data": f"{e.date:%Y-%m-%d}: {e.text}"})
        self.item.setData(spots)

    @staticmethod
    def _tip(x: float, y: float, data: object) -> str:
        return str(data)
