"""A smooth series (moving average, average volume) drawn for the visible window only."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPainterPath, QPen

from kcdesk.ui.chart import lod
from kcdesk.ui.chart.windowed import NO_BRUSH, WindowedItem, finite_bounds


class SeriesLine(WindowedItem):
    """One line through a per-bar series; grouped columns take their last bar's value."""

    def __init__(self, pen: QPen) -> None:
        super().__init__()
        self._y = np.empty(0)
        self._pen = pen

    def set_values(self, y: np.ndarray) -> None:
        self._y = y
        self.data_changed(finite_bounds(len(y), y))

    def bar_count(self) -> int:
        return len(self._y)

    def build(self, win: lod.Window) -> list[tuple[QPainterPath, QPen, QBrush]]:
        path = pg.arrayToQPath(lod.centres(win), lod.last(win, self._y), connect="finite")
        return [(path, self._pen, NO_BRUSH)]
