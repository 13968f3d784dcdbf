"""Volume bars coloured by the bar's direction, grouped to screen columns like the candles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from kcdesk.ui.chart import colors, lod
from kcdesk.ui.chart.windowed import Bars, WindowedItem

BAR_WIDTH = 0.8


class VolumeItem(WindowedItem):
    """Two batches (up and down days); a grouped column shows its busiest day."""

    def __init__(self) -> None:
        super().__init__()
        self._v: np.ndarray = np.empty(0)
        self._up: np.ndarray = np.empty(0, dtype=bool)
        self._pens = (pg.mkPen(colors.UP_VOLUME), pg.mkPen(colors.DOWN_VOLUME))

    def restyle(self) -> None:
        """Take the current theme's colours and draw again."""
        self._pens = (pg.mkPen(colors.UP_VOLUME), pg.mkPen(colors.DOWN_VOLUME))
        self.data_changed(self._bounds)

    def set_bars(self, o: np.ndarray, c: np.ndarray, v: np.ndarray) -> None:
        self._v = np.nan_to_num(v, nan=0.0)
        self._up = c >= o
        top = float(self._v.max()) if len(v) else 0.0
        self.data_changed(QRectF(-0.5, 0.0, max(len(v), 1), max(top, 1.0)))

    def bar_count(self) -> int:
        return len(self._v)

    def build(self, win: lod.Window) -> Sequence[Bars]:
        x = lod.centres(win)
        v = lod.peak(win, self._v)
        # a column's direction is its last day's: the same day whose close the candle shows
        up = lod.last(win, self._up)
        down = ~up
        half = BAR_WIDTH * win.step / 2
        zeros = np.zeros(len(x))
        return [
            Bars(self._pens[0], x[up], zeros[up], v[up], half),
            Bars(self._pens[1], x[down], zeros[down], v[down], half),
        ]

    def max_in(self, s: slice) -> float:
        """Largest volume among bars `s` (for the pane's autoscale)."""
        part = self._v[s]
        return float(part.max()) if len(part) else 0.0

