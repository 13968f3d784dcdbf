"""Base of the bar items: paths built for a cached window of the view, drawn in one go."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen

from kcdesk.ui.chart.lod import Window, window_for

NO_PEN = pg.mkPen(None)
NO_BRUSH = pg.mkBrush(None)


def segments(x: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> QPainterPath:
    """One path of vertical segments x: y0 -> y1 (wicks, volume bars at 1 px)."""
    xs = np.repeat(x, 2)
    ys = np.empty(len(xs))
    ys[0::2] = y0
    ys[1::2] = y1
    return pg.arrayToQPath(xs, ys, connect="pairs", finiteCheck=False)


def rects(x: np.ndarray, half: float, y0: np.ndarray, y1: np.ndarray) -> QPainterPath:
    """One path of rectangles centred on x, from y0 to y1 (candle bodies, volume bars)."""
    m = len(x)
    xs = np.empty((m, 5))
    xs[:, 0] = xs[:, 3] = xs[:, 4] = x - half
    xs[:, 1] = xs[:, 2] = x + half
    ys = np.empty((m, 5))
    ys[:, 0] = ys[:, 1] = ys[:, 4] = y0
    ys[:, 2] = ys[:, 3] = y1
    connect = np.ones((m, 5), dtype=np.int32)
    connect[:, 4] = 0  # each rectangle is its own closed sub-path
    return pg.arrayToQPath(xs.ravel(), ys.ravel(), connect=connect.ravel(), finiteCheck=False)


def finite_bounds(x_count: int, *arrays: np.ndarray) -> QRectF:
    """The rectangle holding bars 0..x_count-1 and every finite value of `arrays`."""
    lo, hi = np.inf, -np.inf
    for a in arrays:
        if a.size and np.isfinite(a).any():
            lo = min(lo, float(np.nanmin(a)))
            hi = max(hi, float(np.nanmax(a)))
    if not np.isfinite(lo):
        return QRectF()
    return QRectF(-0.5, lo, max(x_count, 1), max(hi - lo, 1e-9))


class WindowedItem(pg.GraphicsObject):
    """Draws a few batched paths; subclasses build them for the window the view needs.

    No per-bar Python objects: each path comes from numpy arrays in one call, and is rebuilt
    only when the view leaves the cached window or needs another level of detail.
    """

    def __init__(self) -> None:
        super().__init__()
        self._bounds = QRectF()
        self._window: Window | None = None
        self._view: tuple[float, float, float] | None = None
        self._layers: list[tuple[QPainterPath, QPen, QBrush]] = []

    # --- subclass hooks --------------------------------------------------------------
    def bar_count(self) -> int:
        raise NotImplementedError

    def build(self, win: Window) -> list[tuple[QPainterPath, QPen, QBrush]]:
        raise NotImplementedError

    # --- data and view ---------------------------------------------------------------
    def data_changed(self, bounds: QRectF) -> None:
        """Call after new data: drop the cache and rebuild for the last view."""
        self.prepareGeometryChange()
        self._bounds = bounds
        self._window = None
        if self._view is not None:
            self.set_view(*self._view)
        else:
            self._layers = []
            self.update()

    def set_view(self, x0: float, x1: float, width_px: float) -> None:
        """The view now shows x0..x1 on width_px pixels; rebuild the paths if needed."""
        self._view = (x0, x1, width_px)
        n = self.bar_count()
        if n == 0:
            if self._layers:
                self._layers = []
                self.update()
            return
        want = window_for(x0, x1, width_px, n)
        cached = self._window
        if cached is not None and cached.step == want.step and cached.covers(x0, x1, n):
            return
        self._window = want
        self._layers = self.build(want)
        self.update()

    # --- QGraphicsItem ---------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, p: QPainter, *args: object) -> None:
        # Hairlines and axis-aligned rectangles: antialiasing would only blur and cost time.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for path, pen, brush in self._layers:
            p.setPen(pen)
            p.setBrush(brush)
            p.drawPath(path)
