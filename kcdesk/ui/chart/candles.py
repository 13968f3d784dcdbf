"""Daily candles (or a close line), grouped to screen columns when bars outnumber pixels."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPainterPath

from kcdesk.ui.chart import colors, lod
from kcdesk.ui.chart.windowed import Bars, Stroke, WindowedItem, finite_bounds, segments

BODY_WIDTH = 0.7  # of a column: a gap between neighbours keeps candles apart


class CandleItem(WindowedItem):
    """All candles of a series in four batches: up/down wicks and up/down bodies.

    In line mode the same item draws the close, as min/max per column when grouped so a
    spike is never lost.
    """

    def __init__(self) -> None:
        super().__init__()
        empty = np.empty(0)
        self._o = self._h = self._l = self._c = empty
        self.candles = True
        self._take_pens()

    def _take_pens(self) -> None:
        self._up_pen = pg.mkPen(colors.UP)
        self._down_pen = pg.mkPen(colors.DOWN)
        self._line_pen = pg.mkPen(colors.CLOSE_LINE)

    def restyle(self) -> None:
        """Take the current theme's colours and draw again."""
        self._take_pens()
        self.data_changed(self._bounds)

    def set_bars(self, o: np.ndarray, h: np.ndarray, lo: np.ndarray, c: np.ndarray) -> None:
        """Bars in view y (already log10 on a log scale)."""
        self._o, self._h, self._l, self._c = o, h, lo, c
        self.data_changed(finite_bounds(len(c), h, lo))

    def set_candles(self, on: bool) -> None:
        self.candles = on
        self.data_changed(self._bounds)

    def bar_count(self) -> int:
        return len(self._c)

    def build(self, win: lod.Window) -> Sequence[Bars | Stroke]:
        x = lod.centres(win)
        if not self.candles:
            return [Stroke(self._line_pen, self._close_path(win, x), bold=True)]
        o, h, lo, c = lod.ohlc(win, self._o, self._h, self._l, self._c)
        up = c >= o
        down = ~up
        half = BODY_WIDTH * win.step / 2
        return [
            Stroke(self._up_pen, segments(x[up], lo[up], h[up])),
            Stroke(self._down_pen, segments(x[down], lo[down], h[down])),
            Bars(self._up_pen, x[up], o[up], c[up], half),
            Bars(self._down_pen, x[down], o[down], c[down], half),
        ]

    def _close_path(self, win: lod.Window, x: np.ndarray) -> QPainterPath:
        if win.step == 1:
            return pg.arrayToQPath(x, lod.last(win, self._c), connect="finite")
        # min and max of each column's closes, drawn as a zig-zag through the column
        closes = self._c[win.start:win.stop]
        rel = lod.group_starts(win) - win.start
        lo_c = np.fmin.reduceat(closes, rel)
        hi_c = np.fmax.reduceat(closes, rel)
        return pg.arrayToQPath(np.repeat(x, 2), np.column_stack((lo_c, hi_c)).ravel(),
                               connect="finite")
