"""A smooth series (moving average, average volume) drawn for the visible window only."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPen

from kcdesk.ui.chart import lod
from kcdesk.ui.chart.windowed import Stroke, WindowedItem, finite_bounds


class SeriesLine(WindowedItem):
    """One line through a per-bar series; grouped columns take their last bar's value.

    The pen stays a hairline (Qt's fast path); `bold` draws it twice, a pixel apart.
    """

    def __init__(self, pen: QPen, bold: bool = True) -> None:
        super().__init__()
        self._y = np.empty(0)
        self._pen = pen
        self._bold = bold

    def set_pen(self, pen: QPen) -> None:
        self._pen = pen
        self.data_changed(self._bounds)

    def set_values(self, y: np.ndarray) -> None:
        self._y = y
        self.data_changed(finite_bounds(len(y), y))

    def bar_count(self) -> int:
        return len(self._y)

    def build(self, win: lod.Window) -> Sequence[Stroke]:
        path = pg.arrayToQPath(lod.centres(win), lod.last(win, self._y), connect="finite")
        return [Stroke(self._pen, path, self._bold)]
